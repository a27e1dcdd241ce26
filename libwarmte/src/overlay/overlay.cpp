#include "warmte/overlay.hpp"

#include "geometry/zone_clip.hpp"

#include "warmte/units.hpp"

#include "warmte/error.hpp"
#include "warmte/interior_grid.hpp"
#include "parallel.hpp"
#include "warmte/planar.hpp"
#include "warmte/spatial_index.hpp"

#include <algorithm>
#include <numeric>
#include <tuple>
#include <cmath>
#include <limits>
#include <memory>

namespace warmte {

namespace {

constexpr double square_metres_per_hectare = units::m2_per_ha;
// Water polygons with more vertices than this get a prepared geometry (an edge index) for
// distance queries; smaller ones are faster without. Only speed depends on it.
constexpr std::size_t prepare_above_vertices = 64;
// First radius of the nearest-water search; it grows fourfold until water is found. Only speed
// depends on it.
constexpr double first_search_radius_m = 100.0;
// Cell size of the per-buurt interior grid: about a building's size, so most buildings fall in
// interior cells. Only speed depends on it.
constexpr double interior_cell_size_m = 10.0;
// Two pieces of one building whose areas agree to this relative difference are a tie (clipping
// rounding is ~1e-15 relative; a real difference between two halves is far above this).
constexpr double home_tie_relative = 1e-9;

struct NeighbourhoodWork {
    std::vector<BuildingPiece> pieces;
    double water_area_m2 = 0.0;
};

// Water area inside one buurt. Overlapping water polygons are unioned first so that a pond drawn
// twice does not count twice; pieces whose boxes do not overlap just add up.
double water_area_in(const geos::Context& ctx, const ZoneClipper& zone, const GeometryArray& water,
                     const SpatialIndex& water_index) {
    GEOSContextHandle_t h = ctx.get();
    const GEOSGeometry* buurt = zone.geometry();
    struct Piece {
        std::uint32_t water;
        double area;
        Box box;
        geos::Geometry clipped;  // null when the whole polygon lies inside or was clipped without GEOS
        bool partial;            // only part of the polygon lies inside
    };
    std::vector<Piece> pieces;
    for (std::uint32_t w : water_index.query_sorted(zone.box())) {
        const Box& wbox = water_index.bounds(w);
        ZoneClipper::Piece piece = zone.clip(water, w, wbox);
        if (!piece.clipped) {
            if (piece.area > 0.0) pieces.push_back({w, piece.area, wbox, nullptr, !piece.whole});
            continue;
        }
        Box cbox{};
        GEOSGeom_getXMin_r(h, piece.clipped.get(), &cbox.min_x);
        GEOSGeom_getYMin_r(h, piece.clipped.get(), &cbox.min_y);
        GEOSGeom_getXMax_r(h, piece.clipped.get(), &cbox.max_x);
        GEOSGeom_getYMax_r(h, piece.clipped.get(), &cbox.max_y);
        pieces.push_back({w, piece.area, cbox, std::move(piece.clipped), true});
    }
    // In an order of their own, not the input's: the sum and the unions below then give the same
    // bits for the same water in any feature order.
    std::sort(pieces.begin(), pieces.end(), [](const Piece& a, const Piece& b) {
        return std::tie(a.box.min_x, a.box.min_y, a.box.max_x, a.box.max_y, a.area) <
               std::tie(b.box.min_x, b.box.min_y, b.box.max_x, b.box.max_y, b.area);
    });
    // Group pieces whose interiors overlap (connected components); only groups of two or more
    // need a union, the rest add up as they are. BGT water is a partition whose pieces share
    // edges, so most pairs whose boxes overlap only touch: convex pairs (ditches) are told apart
    // by a separating edge, others by GEOS's relate.
    std::vector<std::size_t> group(pieces.size());
    for (std::size_t i = 0; i < pieces.size(); ++i) group[i] = i;
    auto root = [&](std::size_t i) {
        while (group[i] != i) i = group[i] = group[group[i]];
        return i;
    };
    auto geometry_of = [&](Piece& p) -> const GEOSGeometry* {
        if (!p.clipped) {
            p.clipped = geos::to_geos(ctx, water, p.water);
            if (p.partial)
                p.clipped = geos::own(ctx, GEOSIntersection_r(h, buurt, p.clipped.get()), "clipping water to a buurt");
            p.partial = false;  // `clipped` now holds exactly the part inside
        }
        return p.clipped.get();
    };
    auto interiors_overlap = [&](Piece& a, Piece& b) {
        if (auto convex = planar::convex_interiors_overlap(water, a.water, water, b.water)) return *convex;
        // 2 is GEOS's error: then union them, which is never wrong, only slower.
        return GEOSRelatePattern_r(h, geometry_of(a), geometry_of(b), "T********") != 0;
    };
    // Sorted by min_x: a sweep finds the pairs whose boxes overlap.
    for (std::size_t i = 0; i < pieces.size(); ++i)
        for (std::size_t j = i + 1; j < pieces.size() && pieces[j].box.min_x <= pieces[i].box.max_x; ++j)
            if (pieces[i].area > 0 && pieces[j].area > 0 && root(i) != root(j) && pieces[i].box.intersects(pieces[j].box) &&
                interiors_overlap(pieces[i], pieces[j]))
                group[root(j)] = root(i);
    std::vector<std::vector<std::size_t>> members(pieces.size());
    for (std::size_t i = 0; i < pieces.size(); ++i) members[root(i)].push_back(i);
    double total = 0.0;
    for (const std::vector<std::size_t>& m : members) {
        if (m.size() == 1) total += pieces[m.front()].area;
        if (m.size() < 2) continue;
        std::vector<GEOSGeometry*> raw;
        for (std::size_t i : m) {
            geometry_of(pieces[i]);
            raw.push_back(pieces[i].clipped.release());
        }
        geos::Geometry collection = geos::own(
            ctx, GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, raw.data(), static_cast<unsigned>(raw.size())),
            "collecting water pieces");
        geos::Geometry merged = geos::own(ctx, GEOSUnaryUnion_r(h, collection.get()), "merging water in a buurt");
        total += geos::area(ctx, merged.get());
    }
    return total;
}

// Per-thread cache of water geometries (large ones prepared) for repeated distance queries.
struct WaterCache {
    const geos::Context& ctx;
    const GeometryArray& water;
    std::vector<geos::Geometry> geometries;
    std::vector<geos::Prepared> prepared;
    // The water nearest to the building measured last on this thread: buildings come in
    // Morton order, so it is usually near this one too and bounds the search tightly.
    std::uint32_t hint = no_hint;
    static constexpr std::uint32_t no_hint = std::numeric_limits<std::uint32_t>::max();

    WaterCache(const geos::Context& c, const GeometryArray& w)
        : ctx(c), water(w), geometries(w.size()), prepared(w.size()) {}

    /// Exact distance from building `p` to water `i`: planar when their boxes are apart and the
    /// water is small, GEOS otherwise (the building's GEOS geometry is made on first need).
    double distance(std::uint32_t i, const Box& water_box, const GeometryArray& buildings, std::size_t p,
                    const Box& building_box, geos::Geometry& building) {
        if (water.vertex_count(i) <= prepare_above_vertices) {
            if (auto d = planar::distance_if_apart(buildings, p, building_box, water, i, water_box)) return *d;
            // Boxes that overlap (a long diagonal ditch, a canal along a street): the segments'
            // own test, 0 when they cross or one holds the other. A third of the measures at
            // 1M buildings, each a GEOS conversion and distance before.
            return planar::polygon_distance(buildings, p, water, i);
        }
        if (!building) building = geos::to_geos(ctx, buildings, p);
        GEOSContextHandle_t h = ctx.get();
        if (!geometries[i]) {
            geometries[i] = geos::to_geos(ctx, water, i);
            if (water.vertex_count(i) > prepare_above_vertices) prepared[i] = geos::prepare(ctx, geometries[i].get());
        }
        double d = 0.0;
        int ok = prepared[i] ? GEOSPreparedDistance_r(h, prepared[i].get(), building.get(), &d)
                             : GEOSDistance_r(h, geometries[i].get(), building.get(), &d);
        if (ok != 1) throw GeometryError("distance to water failed: " + ctx.last_error());
        return d;
    }
};

double distance_to_water(WaterCache& cache, const GeometryArray& buildings, std::size_t p, const Box& box,
                         const SpatialIndex& water_index) {
    double best = std::numeric_limits<double>::infinity();
    std::uint32_t nearest = WaterCache::no_hint;
    geos::Geometry building{nullptr, geos::GeometryDeleter{cache.ctx.get()}};
    // The minimum is the same whatever water is measured first; the hint only narrows the search.
    if (cache.hint != WaterCache::no_hint) {
        best = cache.distance(cache.hint, water_index.bounds(cache.hint), buildings, p, box, building);
        nearest = cache.hint;
        if (best == 0.0) return best;
    }
    // Boxes come nearest first, and a polygon is never nearer than its box.
    water_index.nearest(box, [&](std::uint32_t w, double box_distance) {
        if (box_distance >= best) return false;
        const double d = cache.distance(w, water_index.bounds(w), buildings, p, box, building);
        if (d < best) {
            best = d;
            nearest = w;
        }
        return best > 0.0;
    }, first_search_radius_m, best);
    cache.hint = nearest;
    return best;
}

// Outlines of at most this many pieces are searched without the index. Only speed depends on it.
constexpr std::size_t brute_force_pieces = 8;

// Cuts lines (there-and-back rings) into pieces of at most this many segments for the index.
constexpr std::size_t max_segments_per_piece = 16;

GeometryArray cut_into_pieces(const GeometryArray& targets) {
    GeometryArray pieces;
    auto xy = targets.coordinates();
    for (std::size_t i = 0; i < targets.size(); ++i) {
        targets.for_each_ring(i, [&](std::size_t begin, std::size_t end, bool) {
            if (end - begin <= max_segments_per_piece + 1) {
                pieces.begin_feature(targets.kind(i));
                pieces.begin_polygon();
                pieces.add_ring(std::span<const double>(xy.data() + 2 * begin, 2 * (end - begin)));
                return;
            }
            for (std::size_t k = begin; k + 1 < end; k += max_segments_per_piece) {
                std::size_t stop = std::min(end, k + max_segments_per_piece + 1);
                // A piece is an open polyline: stored there and back, like a line.
                pieces.add_line(std::span<const double>(xy.data() + 2 * k, 2 * (stop - k)));
            }
        });
    }
    return pieces;
}

}  // namespace

NearestTarget::NearestTarget(const GeometryArray& targets) : pieces_(cut_into_pieces(targets)), index_(pieces_) {}

double NearestTarget::distance(const GeometryArray& from, std::size_t i) const {
    double best = std::numeric_limits<double>::infinity();
    if (pieces_.size() <= brute_force_pieces) {  // a small outline: the index would only add work
        for (std::size_t t = 0; t < pieces_.size() && best > 0.0; ++t)
            best = std::min(best, planar::polygon_distance(from, i, pieces_, t));
        return best;
    }
    index_.nearest(from.bounds(i), [&](std::uint32_t t, double box_distance) {
        if (box_distance >= best) return false;
        best = std::min(best, planar::polygon_distance(from, i, pieces_, t));
        return best > 0.0;
    }, first_search_radius_m);
    return best;
}

std::vector<double> distance_to_nearest(const GeometryArray& buildings, const GeometryArray& targets, unsigned threads,
                                        const Progress& progress, const char* stage) {
    std::vector<double> distance(buildings.size(), std::numeric_limits<double>::quiet_NaN());
    if (targets.empty()) return distance;
    NearestTarget nearest(targets);
    parallel_for(buildings.size(), threads, progress, stage,
                 [&](std::size_t p, geos::Context&) { distance[p] = nearest.distance(buildings, p); }, 256);
    return distance;
}

std::vector<double> footprint_weighted_mean(const OverlayResult& o, const std::vector<double>& per_building) {
    const std::size_t n = o.area_m2.size();
    std::vector<double> sum(n, 0.0), weight(n, 0.0), mean(n, std::numeric_limits<double>::quiet_NaN());
    for (const BuildingPiece& piece : o.pieces) {  // sorted by building: a fixed order, whatever the threads
        double v = per_building[piece.building];
        if (std::isnan(v)) continue;
        sum[piece.neighbourhood] += piece.area_m2 * v;
        weight[piece.neighbourhood] += piece.area_m2;
    }
    for (std::size_t b = 0; b < n; ++b)
        if (weight[b] > 0) mean[b] = sum[b] / weight[b];
    return mean;
}

OverlayResult overlay(const GeometryArray& neighbourhoods, const GeometryArray& buildings, const GeometryArray* water,
                      unsigned threads, const Progress& progress, const std::vector<std::uint8_t>* distances_for) {
    const std::size_t n_buurt = neighbourhoods.size(), n_building = buildings.size();
    const bool has_water = water && !water->empty();
    OverlayResult out;
    out.area_m2.assign(n_buurt, 0.0);
    out.water_area_m2.assign(n_buurt, 0.0);
    out.land_area_ha.assign(n_buurt, 0.0);
    out.n_buildings.assign(n_buurt, 0);
    out.footprint_area_m2.assign(n_buurt, 0.0);
    out.dist_water_m.assign(n_buurt, std::numeric_limits<double>::quiet_NaN());
    out.home_neighbourhood.assign(n_building, -1);
    out.building_dist_water_m.assign(n_building, std::numeric_limits<double>::quiet_NaN());

    StageTimer timer(out.timings);
    auto lap = [&](const char* stage) { timer.lap(stage); };
    out.building_index = std::make_shared<const SpatialIndex>(buildings, threads);
    const SpatialIndex& building_index = *out.building_index;
    std::unique_ptr<SpatialIndex> water_index;
    if (has_water) water_index = std::make_unique<SpatialIndex>(*water, threads);
    lap("overlay: index");

    // Stage 1, per buurt: clip buildings and water. Each buurt writes only its own slot.
    std::vector<NeighbourhoodWork> work(n_buurt);
    parallel_for(n_buurt, threads, progress, "overlay", [&](std::size_t b, geos::Context& ctx) {
        const ZoneClipper zone(ctx, neighbourhoods, b, interior_cell_size_m);
        out.area_m2[b] = neighbourhoods.area(b);
        auto& pieces = work[b].pieces;
        for (std::uint32_t p : building_index.query_sorted(zone.box())) {
            double a = zone.clip(buildings, p, building_index.bounds(p)).area;
            if (a > 0.0) pieces.push_back({p, static_cast<std::uint32_t>(b), a});
        }
        if (has_water) work[b].water_area_m2 = water_area_in(ctx, zone, *water, *water_index);
    }, 1);
    lap("overlay: clip buildings and water");

    // Stage 2, per building: distance to the nearest water polygon (to its edge, 0 when touching);
    // with `distances_for`, only for the buildings with a piece in a buurt it flags.
    std::vector<std::uint8_t> measured;
    if (distances_for) {
        measured.assign(n_building, 0);
        for (std::size_t b = 0; b < n_buurt; ++b)
            if ((*distances_for)[b])
                for (const BuildingPiece& piece : work[b].pieces) measured[piece.building] = 1;
    }
    if (has_water) {
        parallel_for_with_state(
            n_building, threads, progress, "distance to water",
            [&](const geos::Context& ctx) { return WaterCache(ctx, *water); },
            [&](std::size_t p, WaterCache& cache) {
                if (!measured.empty() && !measured[p]) return;
                out.building_dist_water_m[p] = distance_to_water(
                    cache, buildings, p, building_index.bounds(static_cast<std::uint32_t>(p)), *water_index);
            },
            256);
        lap("overlay: distance to water");
    }

    // Stage 3, sequential and in a fixed order: sums per buurt, home buurt per building. The
    // pieces are listed by building, then buurt: counted per building and placed buurt by buurt
    // (a building has at most one piece in a buurt), one pass instead of a sort of all of them.
    std::vector<std::size_t> next_piece(n_building + 1, 0);
    for (const NeighbourhoodWork& w : work)
        for (const BuildingPiece& piece : w.pieces) ++next_piece[piece.building + 1];
    std::partial_sum(next_piece.begin(), next_piece.end(), next_piece.begin());
    out.pieces.resize(next_piece.back());
    for (std::size_t b = 0; b < n_buurt; ++b) {
        for (const BuildingPiece& piece : work[b].pieces) {
            out.footprint_area_m2[b] += piece.area_m2;
            out.pieces[next_piece[piece.building]++] = piece;
        }
        out.water_area_m2[b] = work[b].water_area_m2;
        out.land_area_ha[b] = std::max(0.0, out.area_m2[b] - out.water_area_m2[b]) / square_metres_per_hectare;
        std::vector<BuildingPiece>().swap(work[b].pieces);
    }
    std::vector<double> home_area(n_building, 0.0);
    for (const BuildingPiece& piece : out.pieces) {
        // Clearly greater: on a tie the buurt listed first keeps the building. A footprint cut in
        // half by a border gives two areas that differ only by the clipping's rounding; which
        // one is larger then says nothing, so they count as equal.
        const double held = home_area[piece.building];
        if (piece.area_m2 > held + home_tie_relative * std::max(piece.area_m2, held)) {
            home_area[piece.building] = piece.area_m2;
            out.home_neighbourhood[piece.building] = static_cast<std::int32_t>(piece.neighbourhood);
        }
    }
    for (std::int32_t home : out.home_neighbourhood)
        if (home >= 0) ++out.n_buildings[home];
    if (has_water) out.dist_water_m = footprint_weighted_mean(out, out.building_dist_water_m);
    lap("overlay: sums");
    return out;
}

}  // namespace warmte
