// A grid over one polygon whose cells are classified as wholly inside, wholly outside, or
// crossed by the boundary. A box covered only by inside cells lies in the polygon's interior,
// which settles containment for most buildings of a buurt without building a GEOS geometry; a
// box covered only by outside cells lies beyond it.
#pragma once

#include "warmte/geometry_array.hpp"

#include <cstdint>
#include <vector>

namespace warmte {

class InteriorGrid {
public:
    /// Classifies the cells of a grid over feature `feature` of `polygons`, with cells of about
    /// `target_cell_size` (bounded so a side has between 8 and 512 cells).
    InteriorGrid(const GeometryArray& polygons, std::size_t feature, double target_cell_size);

    /// True when `box` lies wholly in the polygon's interior. False means "not known": the box
    /// touches a boundary cell or lies (partly) outside.
    bool contains(const Box& box) const;

    /// True when `box` lies wholly outside the polygon (no cell it meets is inside or crossed by
    /// the boundary). False means "not known". Buildings in a buurt's box but beyond its border
    /// are told apart by this without clipping the buurt's ring.
    bool excludes(const Box& box) const;

private:
    // The cell column / row of a coordinate, clamped to the grid.
    int column_of(double x) const;
    int row_of(double y) const;
    enum Cell : std::uint8_t { outside = 0, inside = 1, boundary = 2 };
    Box extent_;
    double cell_size_;
    int columns_, rows_;
    std::vector<std::uint8_t> cells_;  // row-major, row 0 at min_y
};

}  // namespace warmte
