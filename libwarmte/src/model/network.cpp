#include "warmte/network.hpp"

#include "warmte/units.hpp"

#include <cmath>
#include <limits>

namespace warmte {

namespace {
constexpr double square_metres_per_hectare = units::m2_per_ha;
}

double effective_width_m(double plot_ratio, const NetworkParameters& p) {
    return plot_ratio <= p.plot_ratio_break ? p.effective_width_slope_m * plot_ratio + p.effective_width_intercept_m
                                            : p.effective_width_max_m;
}

HeatNetworkIndicators heat_network_indicators(const OverlayResult& o, const GeometryArray& buildings,
                                              const BuildingAttributes& a, const std::vector<double>& demand_gj,
                                              const std::vector<std::uint8_t>& water_buurt,
                                              const NetworkParameters& p) {
    const std::size_t n = o.area_m2.size();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    HeatNetworkIndicators h;
    h.floor_area_m2.assign(n, 0.0);
    h.dwellings.assign(n, 0.0);
    h.heat_demand_gj.assign(n, 0.0);
    // Pieces are sorted by building: each building's share is its piece over its whole footprint,
    // so a building wholly inside the study area is conserved exactly across borders.
    for (const BuildingPiece& piece : o.pieces) {
        double share = piece.area_m2 / buildings.area(piece.building);
        std::size_t b = piece.neighbourhood, i = piece.building;
        h.floor_area_m2[b] += share * a.floor_area_m2[i];
        h.dwellings[b] += share * a.dwellings[i];
        h.heat_demand_gj[b] += share * demand_gj[i];
    }
    h.heat_density_gj_ha.assign(n, nan);
    h.plot_ratio.assign(n, nan);
    h.linear_heat_density_gj_m.assign(n, nan);
    h.dwelling_density_ha.assign(n, nan);
    h.dh_area_share.assign(n, nan);
    for (std::size_t b = 0; b < n; ++b) {
        double land_ha = o.land_area_ha[b];
        if (water_buurt[b] || !(land_ha > 0)) continue;
        double land_m2 = land_ha * square_metres_per_hectare;
        h.heat_density_gj_ha[b] = h.heat_demand_gj[b] / land_ha;
        h.plot_ratio[b] = h.floor_area_m2[b] / land_m2;
        h.linear_heat_density_gj_m[b] = h.heat_demand_gj[b] / land_m2 * effective_width_m(h.plot_ratio[b], p);
        h.dwelling_density_ha[b] = h.dwellings[b] / land_ha;
    }
    return h;
}

std::vector<DhPiece> dh_pieces(const OverlayResult& o, const GeometryArray& buildings,
                               const std::vector<double>& demand_gj, double cell_size_m) {
    std::vector<DhPiece> out;
    for (const BuildingPiece& piece : o.pieces) {
        const std::size_t i = piece.building;
        if (!(demand_gj[i] > 0)) continue;  // a building without demand has no cell
        const double share = piece.area_m2 / buildings.area(i);
        const auto [kx, ky] = absolute_cell(centroid(buildings, i), cell_size_m);
        out.push_back({piece.neighbourhood, kx, ky, share * demand_gj[i]});
    }
    return out;
}

std::vector<double> dh_area_share(const std::vector<DhPiece>& pieces, const HeatGrid& grid,
                                  const std::vector<double>& heat_demand_gj) {
    std::vector<double> dh(heat_demand_gj.size(), 0.0);
    for (const DhPiece& p : pieces) {
        const std::int64_t cell = grid.cell_at(p.kx, p.ky);
        if (cell >= 0 && grid.in_dh_area[cell]) dh[p.neighbourhood] += p.gj;
    }
    std::vector<double> share(dh.size(), std::numeric_limits<double>::quiet_NaN());
    for (std::size_t b = 0; b < dh.size(); ++b)
        if (heat_demand_gj[b] > 0) share[b] = dh[b] / heat_demand_gj[b];
    return share;
}

}  // namespace warmte
