#include "warmte/matching.hpp"

#include "warmte/heat_grid.hpp"
#include "parallel.hpp"
#include "warmte/planar.hpp"
#include "warmte/spatial_index.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <sstream>
#include <tuple>

namespace warmte {

namespace {

// Demand that a source may reach, as shapes to measure from: building pieces or clusters of them.
struct DemandPoints {
    GeometryArray shapes;
    std::vector<std::uint32_t> neighbourhood;
    std::vector<double> teo_gj, other_gj;
};

DemandPoints exact_points(const GeometryArray& buildings, const OverlayResult& o, const std::vector<double>& teo,
                          const std::vector<double>& other) {
    DemandPoints d;
    for (const BuildingPiece& piece : o.pieces) {
        double share = piece.area_m2 / buildings.area(piece.building);
        if (!(other[piece.building] > 0 || teo[piece.building] > 0)) continue;
        d.shapes.append_from(buildings, piece.building);
        d.neighbourhood.push_back(piece.neighbourhood);
        d.teo_gj.push_back(share * teo[piece.building]);
        d.other_gj.push_back(share * other[piece.building]);
    }
    return d;
}

DemandPoints clustered_points(const GeometryArray& buildings, const OverlayResult& o, const std::vector<double>& teo,
                              const std::vector<double>& other, double cell) {
    struct Cluster {
        double teo = 0, other = 0, x = 0, y = 0, weight = 0;
    };
    std::map<std::tuple<std::uint32_t, std::int64_t, std::int64_t>, Cluster> clusters;  // ordered: deterministic
    std::vector<std::pair<double, double>> centres(buildings.size());
    std::vector<std::uint8_t> have(buildings.size(), 0);
    for (const BuildingPiece& piece : o.pieces) {
        std::size_t p = piece.building;
        if (!(other[p] > 0 || teo[p] > 0)) continue;
        if (!have[p]) {
            centres[p] = centroid(buildings, p);
            have[p] = 1;
        }
        double share = piece.area_m2 / buildings.area(p);
        auto [x, y] = centres[p];
        Cluster& c = clusters[{piece.neighbourhood, static_cast<std::int64_t>(std::floor(x / cell)),
                               static_cast<std::int64_t>(std::floor(y / cell))}];
        double w = share * std::max(other[p], teo[p]);
        c.teo += share * teo[p];
        c.other += share * other[p];
        c.x += w * x;
        c.y += w * y;
        c.weight += w;
    }
    DemandPoints d;
    for (auto& [key, c] : clusters) {
        d.shapes.add_point(c.x / c.weight, c.y / c.weight);
        d.neighbourhood.push_back(std::get<0>(key));
        d.teo_gj.push_back(c.teo);
        d.other_gj.push_back(c.other);
    }
    return d;
}

}  // namespace

std::vector<Reach> compute_reach(const SourceSet& sources, const GeometryArray& buildings, const OverlayResult& o,
                                 const std::vector<double>& teo_demand, const std::vector<double>& other_demand,
                                 double max_reach_m, double cluster_cell_m, unsigned threads, const Progress& progress) {
    DemandPoints points = cluster_cell_m > 0
                              ? clustered_points(buildings, o, teo_demand, other_demand, cluster_cell_m)
                              : exact_points(buildings, o, teo_demand, other_demand);
    SpatialIndex index(points.shapes);
    std::vector<std::vector<Reach>> per_source(sources.size());
    parallel_for(sources.size(), threads, progress, "reach of sources", [&](std::size_t s, geos::Context&) {
        // The source's outline cut into short pieces, so the nearest-piece search stays local.
        GeometryArray one;
        one.append_from(sources.shapes, s);
        const NearestTarget outline(one);
        const Box box = sources.shapes.bounds(s);
        const std::vector<double>& demand = sources.type[s] == SourceType::teo ? points.teo_gj : points.other_gj;
        std::map<std::uint32_t, std::pair<double, double>> by_buurt;  // buurt -> (demand, demand x distance)
        // In point order (sorted), not the tree's: within a buurt the points are in cell order,
        // so each buurt's sums add up the same whatever the buurten's order in the input.
        for (std::uint32_t k : index.query_sorted({box.min_x - max_reach_m, box.min_y - max_reach_m,
                                                   box.max_x + max_reach_m, box.max_y + max_reach_m})) {
            if (!(demand[k] > 0)) continue;
            double d = outline.distance(points.shapes, k);
            if (d > max_reach_m) continue;
            auto& acc = by_buurt[points.neighbourhood[k]];
            acc.first += demand[k];
            acc.second += demand[k] * d;
        }
        for (auto& [b, acc] : by_buurt)
            if (acc.first > 0)
                per_source[s].push_back({static_cast<std::uint32_t>(s), b, acc.first, acc.second / acc.first});
    }, 1);
    std::vector<Reach> all;
    for (auto& r : per_source) all.insert(all.end(), r.begin(), r.end());
    return all;
}

MatchingResult match_supply(const SourceSet& sources, const std::vector<Reach>& reach, const std::vector<double>& demand,
                            const std::vector<double>& dwellings, const std::vector<double>& density,
                            const SupplyParameters& p) {
    const std::size_t n = demand.size();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    MatchingResult m;
    m.teo_gj.assign(n, 0.0);
    m.tea_gj.assign(n, 0.0);
    m.ted_gj.assign(n, 0.0);
    m.coverage.assign(n, nan);
    m.distance_m.assign(n, nan);
    m.note.assign(n, "");
    m.source_allocated_gj.assign(sources.size(), 0.0);

    // Project-size rules (NPLW), per buurt and source type.
    auto fmt = [](double x) {
        std::ostringstream s;
        s.precision(3);
        s << x;
        return s.str();
    };
    std::vector<std::uint8_t> network_ok(n), teo_ok(n), tea_ok(n);
    for (std::size_t b = 0; b < n; ++b) {
        std::vector<std::string> why;
        network_ok[b] = density[b] >= p.network_min_dwelling_density_ha;
        if (!network_ok[b])
            why.push_back(std::isnan(density[b]) ? "no dwelling density (water buurt or no land)"
                                                 : fmt(density[b]) + " dwellings/ha < " +
                                                       fmt(p.network_min_dwelling_density_ha) + " (network)");
        teo_ok[b] = dwellings[b] >= p.teo_min_dwellings;
        tea_ok[b] = dwellings[b] >= p.tea_min_dwellings;
        if (!teo_ok[b]) why.push_back(fmt(dwellings[b]) + " dwellings < " + fmt(p.teo_min_dwellings) + " (TEO)");
        if (!tea_ok[b]) why.push_back(fmt(dwellings[b]) + " dwellings < " + fmt(p.tea_min_dwellings) + " (TEA/TED)");
        std::string text;
        for (auto& w : why) text += (text.empty() ? "below project size: " : "; ") + w;
        m.note[b] = text;
    }

    std::vector<Reach> pairs;
    for (const Reach& r : reach) {
        std::size_t b = r.neighbourhood;
        bool allowed = network_ok[b] && (sources.type[r.source] == SourceType::teo ? teo_ok[b] : tea_ok[b]);
        if (allowed && sources.delivered_gj[r.source] > 0) pairs.push_back(r);
    }
    std::sort(pairs.begin(), pairs.end(), [](const Reach& a, const Reach& b) {
        if (a.distance_m != b.distance_m) return a.distance_m < b.distance_m;
        return a.source != b.source ? a.source < b.source : a.neighbourhood < b.neighbourhood;
    });
    std::vector<double> left(sources.delivered_gj);
    std::vector<double> need(demand);
    std::vector<double> weighted_distance(n, 0.0);
    for (const Reach& r : pairs) {
        double gj = std::min({left[r.source], need[r.neighbourhood], r.demand_gj});
        if (!(gj > 0)) continue;
        left[r.source] -= gj;
        need[r.neighbourhood] -= gj;
        m.source_allocated_gj[r.source] += gj;
        std::size_t b = r.neighbourhood;
        switch (sources.type[r.source]) {
        case SourceType::teo: m.teo_gj[b] += gj; break;
        case SourceType::tea: m.tea_gj[b] += gj; break;
        case SourceType::ted: m.ted_gj[b] += gj; break;
        }
        weighted_distance[b] += gj * r.distance_m;
        m.allocations.push_back({r.source, r.neighbourhood, gj, r.distance_m});
    }
    for (std::size_t b = 0; b < n; ++b) {
        double allocated = m.teo_gj[b] + m.tea_gj[b] + m.ted_gj[b];
        if (demand[b] > 0) m.coverage[b] = allocated / demand[b];
        if (allocated > 0) m.distance_m[b] = weighted_distance[b] / allocated;
        // Every buurt without aquathermie says why (the scores class it not promising for it).
        if (!(allocated > 0) && m.note[b].empty())
            m.note[b] = sources.size() == 0 ? "no aquathermie source given"
                                            : "no aquathermie left for it within reach (nearest-first sharing)";
    }
    return m;
}

}  // namespace warmte
