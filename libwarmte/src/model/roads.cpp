#include "warmte/roads.hpp"

#include "warmte/planar.hpp"
#include "warmte/spatial_index.hpp"
#include "parallel.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace warmte {

namespace {

// The first radius of the nearest-piece search: most buildings face a road closer than this, and
// a smaller first box visits fewer pieces (only speed depends on it; as road_graph.cpp's).
constexpr double first_search_m = 16;

// Every road line cut into straight pieces of at most `piece_m`, as 2-point lines (x0, y0, x1, y1).
std::vector<double> road_pieces(const GeometryArray& roads, double piece_m, GeometryArray& pieces) {
    std::vector<double> seg;
    auto xy = roads.coordinates();
    for (std::size_t i = 0; i < roads.size(); ++i) {
        roads.for_each_ring(i, [&](std::size_t begin, std::size_t end, bool) {
            // A line is stored there and back: its first half is the line itself.
            const std::size_t n = roads.kind(i) == GeometryKind::line ? (end - begin + 1) / 2 : end - begin;
            for (std::size_t k = begin; k + 1 < begin + n; ++k) {
                const double x0 = xy[2 * k], y0 = xy[2 * k + 1], x1 = xy[2 * k + 2], y1 = xy[2 * k + 3];
                const double len = std::hypot(x1 - x0, y1 - y0);
                const int parts = std::max(1, static_cast<int>(std::ceil(len / piece_m)));
                for (int q = 0; q < parts; ++q) {
                    const double a = double(q) / parts, b = double(q + 1) / parts;
                    const double s[4] = {x0 + a * (x1 - x0), y0 + a * (y1 - y0), x0 + b * (x1 - x0), y0 + b * (y1 - y0)};
                    seg.insert(seg.end(), s, s + 4);
                    pieces.add_line(std::span<const double>(s, 4));
                }
            }
        });
    }
    return seg;
}

}  // namespace

RoadLengths road_lengths(const GeometryArray& roads, const RoadConnections& c, const CostParameters& p,
                         unsigned threads, const Progress& progress) {
    const GeometryArray& buildings = c.buildings;
    const std::vector<std::int32_t>& home = c.home;
    const std::vector<std::uint8_t>& connected = c.connected;
    const std::size_t nb = c.buurten;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    RoadLengths out;
    out.distribution_m.assign(nb, 0.0);
    out.service_m.assign(nb, nan);
    GeometryArray pieces;
    const std::vector<double> seg = road_pieces(roads, p.max_distribution_m_per_connection, pieces);
    const std::size_t ns = seg.size() / 4;
    if (ns == 0) return out;
    SpatialIndex index(pieces);
    std::vector<std::uint32_t> nearest(buildings.size(), 0);
    std::vector<double> distance(buildings.size(), nan);
    parallel_for(buildings.size(), threads, progress, "roads", [&](std::size_t i, geos::Context&) {
        if (!connected[i] || home[i] < 0) return;
        const auto at = centroid(buildings, i);  // not a binding: captured below (clang 14)
        const double cx = at.first, cy = at.second;
        double best = std::numeric_limits<double>::infinity();
        std::uint32_t best_piece = 0;
        index.nearest(Box{cx, cy, cx, cy}, [&](std::uint32_t s, double box_distance) {
            if (box_distance > best) return false;
            const double* q = &seg[4 * s];
            const double d = planar::point_segment_distance(cx, cy, q[0], q[1], q[2], q[3]);
            if (d < best || (d == best && s < best_piece)) best = d, best_piece = s;  // ties: the lower piece
            return true;
        }, std::min(p.road_reach_m, first_search_m), std::numeric_limits<double>::infinity(), &best);
        nearest[i] = best_piece;
        distance[i] = best;
    }, 256);

    // In building order, so the sums do not depend on the threads.
    std::vector<double> service_sum(nb, 0.0), service_n(nb, 0.0);
    std::vector<std::map<std::int32_t, double>> piece_buurten(ns);
    for (std::size_t i = 0; i < buildings.size(); ++i) {
        if (std::isnan(distance[i])) continue;
        service_sum[home[i]] += distance[i];
        service_n[home[i]] += 1;
        if (distance[i] <= p.road_reach_m) piece_buurten[nearest[i]][home[i]] += 1;
    }
    for (std::size_t s = 0; s < ns; ++s) {
        if (piece_buurten[s].empty()) continue;
        const double len = std::hypot(seg[4 * s + 2] - seg[4 * s], seg[4 * s + 3] - seg[4 * s + 1]);
        double total = 0;
        for (auto [b, n] : piece_buurten[s]) total += n;
        for (auto [b, n] : piece_buurten[s]) out.distribution_m[b] += len * n / total;
    }
    for (std::size_t b = 0; b < nb; ++b)
        if (service_n[b] > 0) out.service_m[b] = service_sum[b] / service_n[b];
    return out;
}

}  // namespace warmte
