#include "warmte/heat_grid.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <deque>
#include <map>

namespace warmte {

namespace {

// The frame of cells min_k..max_k (absolute), with an empty demand per cell.
HeatGrid frame(std::int64_t min_kx, std::int64_t min_ky, std::int64_t max_kx, std::int64_t max_ky, double s) {
    HeatGrid g;
    g.cell_size_m = s;
    g.west = static_cast<double>(min_kx) * s;
    g.north = static_cast<double>(max_ky + 1) * s;
    g.columns = static_cast<int>(max_kx - min_kx + 1);
    g.rows = static_cast<int>(max_ky - min_ky + 1);
    return g;
}

}  // namespace

std::pair<std::int64_t, std::int64_t> absolute_cell(double x, double y, double s) {
    return {static_cast<std::int64_t>(std::floor(x / s)), static_cast<std::int64_t>(std::floor(y / s))};
}

std::pair<std::int64_t, std::int64_t> absolute_cell(std::pair<double, double> xy, double s) {
    return absolute_cell(xy.first, xy.second, s);
}

std::int64_t HeatGrid::cell_of(double x, double y) const {
    auto [kx, ky] = absolute_cell(x, y, cell_size_m);
    return cell_at(kx, ky);
}

std::int64_t HeatGrid::cell_at(std::int64_t kx, std::int64_t ky) const {
    const std::int64_t c = kx - static_cast<std::int64_t>(std::llround(west / cell_size_m));
    const std::int64_t r = static_cast<std::int64_t>(std::llround(north / cell_size_m)) - 1 - ky;
    if (c < 0 || r < 0 || c >= columns || r >= rows) return -1;
    return r * columns + c;
}

std::vector<CellDemand> cell_demand(const GeometryArray& footprints, const std::vector<double>& demand_gj, double s,
                                    const std::vector<std::uint8_t>& counted) {
    std::map<std::pair<std::int64_t, std::int64_t>, double> sums;  // ordered: (kx, ky)
    for (std::size_t i = 0; i < footprints.size(); ++i) {
        if (!(demand_gj[i] > 0) || (!counted.empty() && !counted[i])) continue;
        sums[absolute_cell(centroid(footprints, i), s)] += demand_gj[i];
    }
    std::vector<CellDemand> out;
    out.reserve(sums.size());
    for (auto& [k, gj] : sums) out.push_back({k.first, k.second, gj});
    return out;
}

HeatGrid heat_grid_from_cells(const std::vector<CellDemand>& cells, const GridParameters& p) {
    if (cells.empty()) {
        HeatGrid g;
        g.cell_size_m = p.cell_size_m;
        return g;
    }
    std::int64_t min_kx = cells[0].kx, max_kx = cells[0].kx, min_ky = cells[0].ky, max_ky = cells[0].ky;
    for (const CellDemand& c : cells) {
        min_kx = std::min(min_kx, c.kx), max_kx = std::max(max_kx, c.kx);
        min_ky = std::min(min_ky, c.ky), max_ky = std::max(max_ky, c.ky);
    }
    HeatGrid g = frame(min_kx, min_ky, max_kx, max_ky, p.cell_size_m);
    std::vector<double> demand(static_cast<std::size_t>(g.columns) * g.rows, 0.0);
    for (const CellDemand& c : cells) demand[(max_ky - c.ky) * g.columns + (c.kx - min_kx)] += c.gj;
    find_dh_areas(g, demand, p);
    return g;
}

void assign_buildings(HeatGrid& g, const GeometryArray& footprints, const std::vector<double>& demand_gj) {
    g.building_cell.assign(footprints.size(), -1);
    for (std::size_t i = 0; i < footprints.size(); ++i)
        if (demand_gj[i] > 0) {
            auto [x, y] = centroid(footprints, i);
            g.building_cell[i] = g.cell_of(x, y);
        }
}

HeatGrid build_heat_grid(const GeometryArray& footprints, const std::vector<double>& demand_gj, const GridParameters& p) {
    const double s = p.cell_size_m;
    const std::size_t n = footprints.size();
    std::vector<std::pair<std::int64_t, std::int64_t>> cell(n);
    std::int64_t min_kx = INT64_MAX, min_ky = INT64_MAX, max_kx = INT64_MIN, max_ky = INT64_MIN;
    for (std::size_t i = 0; i < n; ++i) {
        if (!(demand_gj[i] > 0)) continue;
        cell[i] = absolute_cell(centroid(footprints, i), s);
        min_kx = std::min(min_kx, cell[i].first), max_kx = std::max(max_kx, cell[i].first);
        min_ky = std::min(min_ky, cell[i].second), max_ky = std::max(max_ky, cell[i].second);
    }
    if (min_kx > max_kx) {
        HeatGrid g;
        g.cell_size_m = s;
        g.building_cell.assign(n, -1);
        return g;
    }
    HeatGrid g = frame(min_kx, min_ky, max_kx, max_ky, s);
    g.building_cell.assign(n, -1);
    // Summed building by building in their order, as cell_demand does: the same bits per cell.
    std::vector<double> demand(static_cast<std::size_t>(g.columns) * g.rows, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
        if (!(demand_gj[i] > 0)) continue;
        g.building_cell[i] = (max_ky - cell[i].second) * g.columns + (cell[i].first - min_kx);
        demand[g.building_cell[i]] += demand_gj[i];
    }
    find_dh_areas(g, demand, p);
    return g;
}

void find_dh_areas(HeatGrid& g, const std::vector<double>& demand, const GridParameters& p) {
    g.density_gj_ha.resize(demand.size());
    for (std::size_t k = 0; k < demand.size(); ++k) g.density_gj_ha[k] = demand[k] / g.cell_area_ha();

    // Coherent areas: dense cells joined by shared edges (not corners), kept when large enough.
    g.in_dh_area.assign(demand.size(), 0);
    std::vector<std::uint8_t> visited(demand.size(), 0);
    std::vector<std::int64_t> members;
    for (std::size_t start = 0; start < demand.size(); ++start) {
        if (visited[start] || g.density_gj_ha[start] < p.dh_min_density_gj_ha) continue;
        members.clear();
        std::deque<std::int64_t> queue{static_cast<std::int64_t>(start)};
        visited[start] = 1;
        double total = 0;
        while (!queue.empty()) {
            std::int64_t k = queue.front();
            queue.pop_front();
            members.push_back(k);
            total += demand[k];
            int r = static_cast<int>(k / g.columns), c = static_cast<int>(k % g.columns);
            const int dr[] = {-1, 1, 0, 0}, dc[] = {0, 0, -1, 1};
            for (int e = 0; e < 4; ++e) {
                int rr = r + dr[e], cc = c + dc[e];
                if (rr < 0 || cc < 0 || rr >= g.rows || cc >= g.columns) continue;
                std::int64_t m = static_cast<std::int64_t>(rr) * g.columns + cc;
                if (visited[m] || g.density_gj_ha[m] < p.dh_min_density_gj_ha) continue;
                visited[m] = 1;
                queue.push_back(m);
            }
        }
        if (total >= p.dh_min_area_demand_gj)
            for (std::int64_t k : members) g.in_dh_area[k] = 1;
    }
}

}  // namespace warmte
