#include "warmte/water_overlaps.hpp"

#include "geometry/geos_handles.hpp"
#include "parallel.hpp"
#include "warmte/planar.hpp"
#include "warmte/spatial_index.hpp"
#include "warmte/union_area.hpp"

#include <numeric>

namespace warmte {

namespace {

// `convex`: both are single convex rings (known per feature beforehand).
bool interiors_overlap(const geos::Context& ctx, const GeometryArray& g, std::size_t i, std::size_t j, bool convex) {
    if (convex)
        if (auto overlap = planar::convex_interiors_overlap(g, i, g, j)) return *overlap;
    if (auto certain = planar::interiors_overlap_if_certain(g, i, g, j)) return *certain;
    // Left to GEOS: copies of one pond, boundaries that run along each other. 2 is GEOS's error:
    // then they count as overlapping, so the two share their potential rather than count it twice.
    geos::Geometry a = geos::to_geos(ctx, g, i), b = geos::to_geos(ctx, g, j);
    return GEOSRelatePattern_r(ctx.get(), a.get(), b.get(), "T********") != 0;
}

}  // namespace

std::vector<std::uint32_t> overlap_groups(const GeometryArray& polygons, unsigned threads) {
    const std::size_t n = polygons.size();
    std::vector<std::uint32_t> group(n);
    std::iota(group.begin(), group.end(), 0u);
    if (n < 2) return group;
    const SpatialIndex index(polygons, threads);
    // Per feature once, not per pair: its area and whether it is one convex ring.
    std::vector<double> area(n);
    std::vector<std::uint8_t> convex(n);
    parallel_for(n, threads, Progress{}, "overlapping water", [&](std::size_t i, geos::Context&) {
        area[i] = polygons.area(i);
        convex[i] = planar::is_convex(polygons, i);
    }, 1024);
    // Each feature's overlapping partners after it, on all threads; joined in feature order.
    std::vector<std::vector<std::uint32_t>> partners(n);
    parallel_for(n, threads, Progress{}, "overlapping water", [&](std::size_t i, geos::Context& ctx) {
        if (!(area[i] > 0)) return;
        index.query(index.bounds(static_cast<std::uint32_t>(i)), [&](std::uint32_t j) {
            if (j > i && area[j] > 0 && interiors_overlap(ctx, polygons, i, j, convex[i] && convex[j]))
                partners[i].push_back(j);
        });
    }, 256);
    auto root = [&](std::uint32_t i) {
        while (group[i] != i) i = group[i] = group[group[i]];
        return i;
    };
    for (std::uint32_t i = 0; i < n; ++i)
        for (std::uint32_t j : partners[i]) {
            const std::uint32_t a = root(i), b = root(j);
            if (a != b) group[std::max(a, b)] = std::min(a, b);  // the lowest index leads
        }
    for (std::uint32_t i = 0; i < n; ++i) group[i] = root(i);
    return group;
}

WaterGroups water_groups(const GeometryArray& polygons, unsigned threads) {
    const std::vector<std::uint32_t> group = overlap_groups(polygons, threads);
    const std::size_t n = group.size();
    // Counted per lowest index, then placed: group g's members fill [start[g], start[g + 1]), in
    // ascending order; indices that lead no group have empty ranges, so the groups lie end to end.
    std::vector<std::size_t> count(n + 1, 0);
    for (std::uint32_t g : group) ++count[g + 1];
    std::vector<std::size_t> start(n + 1, 0);
    for (std::size_t i = 0; i < n; ++i) start[i + 1] = start[i] + count[i + 1];
    WaterGroups out;
    out.member.resize(n);
    std::vector<std::size_t> next(start.begin(), start.end() - 1);
    for (std::uint32_t i = 0; i < n; ++i) out.member[next[group[i]]++] = i;
    for (std::uint32_t i = 0; i < n; ++i) {
        if (group[i] != i) continue;
        std::uint32_t lead = i;
        for (std::size_t k = start[i]; k < start[i + 1]; ++k)
            if (polygons.area(out.member[k]) > polygons.area(lead)) lead = out.member[k];
        out.lead.push_back(lead);
        out.offset.push_back(start[i + 1]);
    }
    return out;
}

double union_area_of(const GeometryArray& polygons, std::span<const std::uint32_t> members) {
    UnionArea u;
    for (std::uint32_t k = 0; k < members.size(); ++k) u.add_polygon(polygons, members[k], k);
    return u.area();
}

}  // namespace warmte
