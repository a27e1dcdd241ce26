// Water polygons that overlap one another: BGT waterdeel combined with TOP10NL or OpenStreetMap
// water draws ponds twice, lakes inside riverbanks, ditch patches across ditches (issue 36).
// Found once for the whole layer, so that an aquathermie source is counted once however often
// its water was drawn.
#pragma once

#include "warmte/geometry_array.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace warmte {

/// Groups of polygons whose interiors overlap (connected components over overlapping pairs):
/// group[i] is the lowest index in feature i's group, i itself when it overlaps nothing.
/// Pieces that only touch (a BGT partition) stay apart. Pairs are settled by exact-sign tests
/// where they can be (convex pairs, shared edges, a vertex inside, crossing boundaries) and by
/// GEOS's relate otherwise. The same groups for any number of threads.
std::vector<std::uint32_t> overlap_groups(const GeometryArray& polygons, unsigned threads);

/// The groups of overlap_groups, each with its members and its largest member (the lowest index
/// on a tie), in the order of their lowest index: a layer where nothing overlaps gives its
/// features in their own order, one group each.
struct WaterGroups {
    std::vector<std::uint32_t> lead;
    std::vector<std::uint32_t> member;  // group g's members: member[offset[g], offset[g + 1]), ascending
    std::vector<std::size_t> offset{0};

    std::size_t size() const { return lead.size(); }
    std::span<const std::uint32_t> members(std::size_t g) const {
        return std::span<const std::uint32_t>(member).subspan(offset[g], offset[g + 1] - offset[g]);
    }
};
WaterGroups water_groups(const GeometryArray& polygons, unsigned threads);

/// Area of the union of polygon features `members` of `polygons` (union_area.hpp).
double union_area_of(const GeometryArray& polygons, std::span<const std::uint32_t> members);

}  // namespace warmte
