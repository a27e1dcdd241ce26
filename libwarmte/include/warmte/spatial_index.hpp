// A bulk-loaded (packed) Boost.Geometry R-tree over feature bounding boxes.
#pragma once

#include "warmte/polygons.hpp"

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

namespace warmte {

class SpatialIndex {
public:
    explicit SpatialIndex(const PolygonArray& polygons);

    /// Calls visit(feature) for every feature whose bounding box intersects `box`.
    template <class Visit>
    void query(const Box& box, Visit&& visit) const {
        namespace bgi = boost::geometry::index;
        BoostBox query_box({box.min_x, box.min_y}, {box.max_x, box.max_y});
        for (auto it = tree_.qbegin(bgi::intersects(query_box)); it != tree_.qend(); ++it)
            visit(it->second);
    }
    /// Visits features in increasing bounding-box distance from `box`: visit(feature, box_distance)
    /// returns false to stop. The way to find the nearest feature by exact distance: stop once the
    /// box distance exceeds the best exact distance found.
    template <class Visit>
    void nearest(const Box& box, Visit&& visit) const {
        namespace bgi = boost::geometry::index;
        BoostBox query_box({box.min_x, box.min_y}, {box.max_x, box.max_y});
        // Boost's k-nearest query costs grow with k, so ask for a few and widen only when needed.
        std::vector<std::uint32_t> seen;  // by id, not rank: ties may come back in another order
        for (std::size_t k = 4;; k *= 8) {
            std::vector<std::uint32_t> batch;
            for (auto it = tree_.qbegin(bgi::nearest(query_box, static_cast<unsigned>(k))); it != tree_.qend(); ++it) {
                batch.push_back(it->second);
                if (std::find(seen.begin(), seen.end(), it->second) != seen.end()) continue;
                if (!visit(it->second, boost::geometry::distance(query_box, it->first))) return;
            }
            if (k >= boxes_.size()) return;
            seen = std::move(batch);
        }
    }
    /// Like query, but in ascending feature order (deterministic sums).
    std::vector<std::uint32_t> query_sorted(const Box& box) const;
    const Box& bounds(std::uint32_t feature) const { return boxes_[feature]; }
    bool empty() const { return boxes_.empty(); }

private:
    using BoostPoint = boost::geometry::model::point<double, 2, boost::geometry::cs::cartesian>;
    using BoostBox = boost::geometry::model::box<BoostPoint>;
    using Entry = std::pair<BoostBox, std::uint32_t>;
    std::vector<Box> boxes_;
    boost::geometry::index::rtree<Entry, boost::geometry::index::rstar<16>> tree_;
};

}  // namespace warmte
