// A bulk-loaded (packed) Boost.Geometry R-tree over feature bounding boxes.
#pragma once

#include "warmte/polygons.hpp"

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>

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
