#include "warmte/heat_grid.hpp"

#include <algorithm>
#include <cmath>
#include <deque>

namespace warmte {

HeatGrid build_heat_grid(const GeometryArray& footprints, const std::vector<double>& demand_gj, const GridParameters& p) {
    HeatGrid g;
    g.cell_size_m = p.cell_size_m;
    const std::size_t n = footprints.size();
    g.building_cell.assign(n, -1);
    std::vector<std::pair<double, double>> centres(n);
    double min_x = INFINITY, min_y = INFINITY, max_x = -INFINITY, max_y = -INFINITY;
    for (std::size_t i = 0; i < n; ++i) {
        if (!(demand_gj[i] > 0)) continue;
        centres[i] = centroid(footprints, i);
        min_x = std::min(min_x, centres[i].first);
        max_x = std::max(max_x, centres[i].first);
        min_y = std::min(min_y, centres[i].second);
        max_y = std::max(max_y, centres[i].second);
    }
    if (!(min_x <= max_x)) return g;
    const double s = p.cell_size_m;
    g.west = std::floor(min_x / s) * s;
    g.north = (std::floor(max_y / s) + 1) * s;
    g.columns = static_cast<int>(std::floor(max_x / s) - g.west / s) + 1;
    g.rows = static_cast<int>(g.north / s - std::floor(min_y / s));
    std::vector<double> demand(static_cast<std::size_t>(g.columns) * g.rows, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
        if (!(demand_gj[i] > 0)) continue;
        int c = std::clamp(static_cast<int>(std::floor((centres[i].first - g.west) / s)), 0, g.columns - 1);
        int r = std::clamp(static_cast<int>(std::floor((g.north - centres[i].second) / s)), 0, g.rows - 1);
        g.building_cell[i] = static_cast<std::int64_t>(r) * g.columns + c;
        demand[g.building_cell[i]] += demand_gj[i];
    }
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
    return g;
}

}  // namespace warmte
