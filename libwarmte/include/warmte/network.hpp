// Heat-network indicators per buurt (docs/model.md §3.2): demand, floor area and dwellings split by
// intersected area, heat density over land, plot ratio, linear heat density with the Persson
// effective width, dwelling density and the share of demand in DH potential areas.
#pragma once

#include "warmte/config.hpp"
#include "warmte/demand.hpp"
#include "warmte/heat_grid.hpp"
#include "warmte/overlay.hpp"

#include <cstdint>
#include <vector>

namespace warmte {

struct HeatNetworkIndicators {
    std::vector<double> floor_area_m2;
    std::vector<double> dwellings;
    std::vector<double> heat_demand_gj;
    std::vector<double> heat_density_gj_ha;        // NaN for water buurten and buurten without land
    std::vector<double> plot_ratio;                // NaN likewise
    std::vector<double> linear_heat_density_gj_m;  // NaN likewise
    std::vector<double> dwelling_density_ha;       // NaN likewise
    std::vector<double> dh_area_share;             // NaN without demand; from the heat grid (dh_area_share)

    /// Calls f(field) for each per-buurt field (rows.hpp).
    template <class F>
    void for_each_column(F&& f) {
        for (std::vector<double>* v : {&floor_area_m2, &dwellings, &heat_demand_gj, &heat_density_gj_ha, &plot_ratio,
                                       &linear_heat_density_gj_m, &dwelling_density_ha, &dh_area_share})
            f(*v);
    }
};

/// Persson et al. (2019) effective width for a plot ratio.
double effective_width_m(double plot_ratio, const NetworkParameters& p);

/// Aggregates building quantities to buurten. `water_buurt` flags buurten left out of densities.
/// Everything but the share in DH potential areas, which needs the heat grid of the whole study
/// area (dh_area_share; NaN here).
HeatNetworkIndicators heat_network_indicators(const OverlayResult& overlay, const GeometryArray& buildings,
                                              const BuildingAttributes& attributes, const std::vector<double>& demand_gj,
                                              const std::vector<std::uint8_t>& water_buurt,
                                              const NetworkParameters& parameters);

/// One piece of a building with demand, as the share in DH areas needs it: its buurt, the heat-grid
/// cell of its building and the demand it brings (its share of the footprint x the building's).
struct DhPiece {
    std::uint32_t neighbourhood;
    std::int64_t kx, ky;
    double gj;
};

/// The pieces of the buildings with demand, in the overlay's order (so the sums keep their bits).
std::vector<DhPiece> dh_pieces(const OverlayResult& overlay, const GeometryArray& buildings,
                               const std::vector<double>& demand_gj, double cell_size_m);

/// Per buurt the share of its demand in the grid's DH potential areas (NaN without demand).
std::vector<double> dh_area_share(const std::vector<DhPiece>& pieces, const HeatGrid& grid,
                                  const std::vector<double>& heat_demand_gj);

}  // namespace warmte
