// The heat-density grid and district-heating potential areas (Hotmaps method, docs/model.md §3.2):
// building demand summed into cells aligned to multiples of the cell size, cells above a
// density joined by shared edges, areas kept when their demand is large enough.
#pragma once

#include "warmte/config.hpp"
#include "warmte/geometry_array.hpp"

#include <cstdint>
#include <utility>
#include <vector>

namespace warmte {

struct HeatGrid {
    double west = 0, north = 0, cell_size_m = 100;
    int columns = 0, rows = 0;
    std::vector<double> density_gj_ha;        // row-major from the north-west corner
    std::vector<std::uint8_t> in_dh_area;     // 1 in a DH potential area
    std::vector<std::int64_t> building_cell;  // cell of each building (-1 without demand)

    double cell_area_ha() const { return cell_size_m * cell_size_m / 10'000.0; }
    /// Whether building i lies in a DH potential area.
    bool building_in_dh_area(std::size_t i) const { return building_cell[i] >= 0 && in_dh_area[building_cell[i]]; }
    /// The index of the cell holding (x, y), or -1 outside the grid.
    std::int64_t cell_of(double x, double y) const;
    /// The index of cell (kx, ky) (absolute_cell), or -1 outside the grid.
    std::int64_t cell_at(std::int64_t kx, std::int64_t ky) const;
};

/// The cell of a point in absolute terms (floor of the coordinates over the cell size), so every
/// part of a study area read on its own puts a building in the same cell as the whole does.
std::pair<std::int64_t, std::int64_t> absolute_cell(double x, double y, double cell_size_m);
/// The same for a point given as (x, y), such as a footprint's centroid.
std::pair<std::int64_t, std::int64_t> absolute_cell(std::pair<double, double> xy, double cell_size_m);

/// Demand summed in one cell (kx, ky = floor of the coordinates over the cell size).
struct CellDemand {
    std::int64_t kx, ky;
    double gj;
};

/// Puts each building's demand in the cell holding its footprint centroid and finds the DH
/// potential areas. The grid covers the buildings with demand.
HeatGrid build_heat_grid(const GeometryArray& footprints, const std::vector<double>& demand_gj,
                         const GridParameters& parameters);

/// The same grid in parts (warmte batch): the demand per cell of the buildings flagged in
/// `counted` (all when empty), summed in building order and sorted by cell ...
std::vector<CellDemand> cell_demand(const GeometryArray& footprints, const std::vector<double>& demand_gj,
                                    double cell_size_m, const std::vector<std::uint8_t>& counted = {});
/// ... the grid and its DH areas from the cells of all parts (cells listed twice add up) ...
HeatGrid heat_grid_from_cells(const std::vector<CellDemand>& cells, const GridParameters& parameters);
/// ... and each building's cell in that grid.
void assign_buildings(HeatGrid& grid, const GeometryArray& footprints, const std::vector<double>& demand_gj);

/// Densities from the demand per cell and the DH potential areas (dense cells joined by shared
/// edges whose demand together reaches parameters.dh_min_area_demand_gj).
void find_dh_areas(HeatGrid& grid, const std::vector<double>& demand_per_cell, const GridParameters& parameters);

}  // namespace warmte
