// Exact cell coverage of a polygon over a regular grid (as exactextract computes it): the
// fraction of each cell covered, from the polygon's edges — clipped row by row to the cell
// bands, then cell by cell — not by sampling or rasterising.
#pragma once

#include "warmte/geometry_array.hpp"

#include <cstdint>

namespace warmte {

/// A north-up grid: cell (column, row) spans x in [west + c*dx, west + (c+1)*dx] and
/// y in [north - (r+1)*dy, north - r*dy].
struct GridGeometry {
    double west, north, dx, dy;
    int columns, rows;
};

/// Calls visit(column, row, fraction) for every cell of `grid` that feature i of `polygons` covers
/// (fraction in (0, 1]); cells outside the grid are skipped. Holes and multipolygons count right.
template <class Visit>
void for_each_covered_cell(const GeometryArray& polygons, std::size_t i, const GridGeometry& grid, Visit&& visit);

namespace detail {
struct CoverageRow {
    int row;
    int first_column;
    std::vector<double> fractions;  // per column from first_column
};
/// The covered cells, row by row.
std::vector<CoverageRow> coverage_rows(const GeometryArray& polygons, std::size_t i, const GridGeometry& grid);
}  // namespace detail

template <class Visit>
void for_each_covered_cell(const GeometryArray& polygons, std::size_t i, const GridGeometry& grid, Visit&& visit) {
    for (const detail::CoverageRow& row : detail::coverage_rows(polygons, i, grid))
        for (std::size_t k = 0; k < row.fractions.size(); ++k)
            if (row.fractions[k] > 0) visit(row.first_column + static_cast<int>(k), row.row, row.fractions[k]);
}

}  // namespace warmte
