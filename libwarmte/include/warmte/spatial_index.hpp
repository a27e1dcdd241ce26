// A bulk-loaded (packed) Boost.Geometry R-tree over feature bounding boxes.
#pragma once

#include "warmte/geometry_array.hpp"

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>
#include <limits>
#include <vector>

namespace warmte {

class SpatialIndex {
public:
    explicit SpatialIndex(const GeometryArray& polygons);

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
    /// box distance exceeds the best exact distance found. `first_radius` only affects speed.
    /// With `max_radius`, features farther than it are not visited (a bound known beforehand,
    /// such as the distance to a feature measured already).
    template <class Visit>
    void nearest(const Box& box, Visit&& visit, double first_radius,
                 double max_radius = std::numeric_limits<double>::infinity()) const {
        // One buffer per thread, lent out for the call (a nested call finds it empty and makes
        // its own): this runs once per building, millions of times.
        using Candidates = std::vector<std::pair<double, std::uint32_t>>;
        thread_local Candidates buffer;
        struct Lease {
            Candidates& home;
            Candidates held;
            explicit Lease(Candidates& h) : home(h), held(std::move(h)) {}
            ~Lease() { home = std::move(held); }
        } lease(buffer);
        Candidates& candidates = lease.held;
        double done_within = -1.0;  // candidates up to this box distance were visited already
        for (double r = std::min(first_radius, max_radius);; r = std::min(4 * r, max_radius)) {
            Box search{box.min_x - r, box.min_y - r, box.max_x + r, box.max_y + r};
            candidates.clear();
            query(search, [&](std::uint32_t i) {
                double d = box_distance(box, boxes_[i]);
                if (d > done_within && d <= r) candidates.push_back({d, i});
            });
            std::sort(candidates.begin(), candidates.end());
            for (auto [d, i] : candidates)
                if (!visit(i, d)) return;
            // Everything outside the search box is farther than r from `box`.
            if (search.contains(extent_) || boxes_.empty() || r >= max_radius) return;
            done_within = r;
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
    static double box_distance(const Box& a, const Box& b) {
        double dx = std::max({0.0, b.min_x - a.max_x, a.min_x - b.max_x});
        double dy = std::max({0.0, b.min_y - a.max_y, a.min_y - b.max_y});
        return std::sqrt(dx * dx + dy * dy);
    }
    std::vector<Box> boxes_;
    Box extent_{0, 0, 0, 0};
    boost::geometry::index::rtree<Entry, boost::geometry::index::rstar<16>> tree_;
};

}  // namespace warmte
