// A packed R-tree over feature bounding boxes: the boxes sorted along a Hilbert curve and grouped
// sixteen at a time, level by level (the layout of Flatbush and of GeoPackage's packed index).
// Built in one sort and one pass, with no node objects: at 10M buildings it is made in a fraction
// of the time a Boost.Geometry R-tree took to bulk-load, and answers the same queries.
#pragma once

#include "warmte/geometry_array.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <utility>
#include <limits>
#include <vector>

namespace warmte {

class SpatialIndex {
public:
    /// The index of `polygons`' boxes; with `threads` > 1 the boxes and their curve positions
    /// are computed on that many threads (the tree is the same).
    explicit SpatialIndex(const GeometryArray& polygons, unsigned threads = 1);
    /// The index of boxes given as they are (feature i is boxes[i]): pieces of outlines that
    /// are not features of their own.
    explicit SpatialIndex(std::vector<Box> boxes, unsigned threads = 1);

    /// Calls visit(feature) for every feature whose bounding box intersects `box`.
    /// Boxes are closed: touching counts. The order of the visits is the tree's.
    template <class Visit>
    void query(const Box& box, Visit&& visit) const {
        if (nodes_.empty()) return;
        // Entries still to open, with their level. A level holds at most node_size - 1 siblings
        // of the path taken plus one, and a tree of 2^32 boxes has at most 8 levels above the boxes.
        std::array<std::pair<std::uint32_t, std::uint32_t>, max_stack> stack;
        std::size_t top = 0;
        stack[top++] = {static_cast<std::uint32_t>(nodes_.size() - 1), static_cast<std::uint32_t>(level_end_.size() - 1)};
        while (top > 0) {
            const auto [entry, level] = stack[--top];
            const std::uint32_t first = ref_[entry];
            const std::uint32_t last = std::min<std::uint32_t>(first + node_size, level_end_[level - 1]);
            if (level == 1) {
                for (std::uint32_t c = first; c < last; ++c)
                    if (nodes_[c].intersects(box)) visit(ref_[c]);
            } else {
                for (std::uint32_t c = first; c < last; ++c)
                    if (nodes_[c].intersects(box)) stack[top++] = {c, level - 1};
            }
        }
    }
    /// Visits features in increasing bounding-box distance from `box`: visit(feature, box_distance)
    /// returns false to stop. The way to find the nearest feature by exact distance: stop once the
    /// box distance exceeds the best exact distance found. `first_radius` only affects speed.
    /// With `max_radius`, features farther than it are not visited (a bound known beforehand,
    /// such as the distance to a feature measured already). `best`, when given, is the caller's
    /// best exact distance so far: once a round has visited everything up to it, no wider round
    /// is searched (its features all lie farther; without it the next round's box, 4 x wider,
    /// was searched only to be refused at its first feature).
    template <class Visit>
    void nearest(const Box& box, Visit&& visit, double first_radius,
                 double max_radius = std::numeric_limits<double>::infinity(), const double* best = nullptr) const {
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
        if (nodes_.empty()) return;
        for (double r = std::min(first_radius, max_radius);; r = std::min(4 * r, max_radius)) {
            Box search{box.min_x - r, box.min_y - r, box.max_x + r, box.max_y + r};
            // Once the search box holds every feature this round is the last: the features in
            // its corners, up to r * sqrt(2) away, are visited now or never.
            const bool last_round = search.contains(extent_);
            const double within = last_round ? max_radius : r;
            candidates.clear();
            query(search, [&](std::uint32_t i) {
                double d = box_distance(box, boxes_[i]);
                if (d > done_within && d <= within) candidates.push_back({d, i});
            });
            std::sort(candidates.begin(), candidates.end());
            for (auto [d, i] : candidates)
                if (!visit(i, d)) return;
            // Everything outside the search box is farther than r from `box`.
            if (last_round || r >= max_radius || (best && *best <= r)) return;
            done_within = r;
        }
    }
    /// Like query, but in ascending feature order (deterministic sums).
    std::vector<std::uint32_t> query_sorted(const Box& box) const;
    const Box& bounds(std::uint32_t feature) const { return boxes_[feature]; }
    bool empty() const { return boxes_.empty(); }

    /// Entries per node. Only speed depends on it.
    static constexpr std::uint32_t node_size = 16;

    /// Distance between two boxes (0 when they meet): a lower bound of the distance between
    /// anything they hold.
    static double box_distance(const Box& a, const Box& b) {
        double dx = std::max({0.0, b.min_x - a.max_x, a.min_x - b.max_x});
        double dy = std::max({0.0, b.min_y - a.max_y, a.min_y - b.max_y});
        return std::sqrt(dx * dx + dy * dy);
    }

private:
    static constexpr std::size_t max_stack = 8 * node_size + 1;
    void build(const Box& extent, unsigned threads);
    std::vector<Box> boxes_;  // per feature, in feature order
    Box extent_{0, 0, 0, 0};
    // The tree, level by level from the boxes up to the root: nodes_[level_end_[l - 1],
    // level_end_[l]) is level l. ref_ of a box is its feature; of a node, its first child (the
    // children are the next node_size entries of the level below, or fewer at its end).
    std::vector<Box> nodes_;
    std::vector<std::uint32_t> ref_;
    std::vector<std::uint32_t> level_end_;
};

}  // namespace warmte
