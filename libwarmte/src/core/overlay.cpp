#include "warmte/overlay.hpp"

#include "warmte/parallel.hpp"
#include "warmte/spatial_index.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

namespace warmte {

namespace {

constexpr double square_metres_per_hectare = 10'000.0;
// First radius of the expanding nearest-water search; it grows fourfold until water is found,
// so it only affects speed, never the distance found.
constexpr double first_search_radius_m = 100.0;

Box grown(const Box& b, double r) { return {b.min_x - r, b.min_y - r, b.max_x + r, b.max_y + r}; }

struct NeighbourhoodWork {
    std::vector<BuildingPiece> pieces;
    double water_area_m2 = 0.0;
};

// Water area inside one buurt. Overlapping water polygons are unioned first so that a pond drawn
// twice does not count twice.
double water_area_in(const geos::Context& ctx, const GEOSGeometry* buurt, const GEOSPreparedGeometry* prepared,
                     const Box& box, const PolygonArray& water, const SpatialIndex& water_index) {
    GEOSContextHandle_t h = ctx.get();
    std::vector<geos::Geometry> pieces;
    for (std::uint32_t w : water_index.query_sorted(box)) {
        geos::Geometry g = water.to_geos(ctx, w);
        if (box.contains(water_index.bounds(w)) && GEOSPreparedContainsProperly_r(h, prepared, g.get()) == 1) {
            pieces.push_back(std::move(g));
        } else if (GEOSPreparedIntersects_r(h, prepared, g.get()) == 1) {
            pieces.push_back(geos::own(ctx, GEOSIntersection_r(h, buurt, g.get()), "clipping water to a buurt"));
        }
    }
    if (pieces.empty()) return 0.0;
    if (pieces.size() == 1) return geos::area(ctx, pieces.front().get());
    std::vector<GEOSGeometry*> raw;
    for (auto& p : pieces) raw.push_back(p.release());
    geos::Geometry collection =
        geos::own(ctx, GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, raw.data(), static_cast<unsigned>(raw.size())),
                  "collecting water pieces");
    geos::Geometry merged = geos::own(ctx, GEOSUnaryUnion_r(h, collection.get()), "merging water in a buurt");
    return geos::area(ctx, merged.get());
}

// Per-thread cache of water geometries, prepared for repeated distance queries.
struct WaterCache {
    const geos::Context& ctx;
    const PolygonArray& water;
    std::vector<geos::Geometry> geometries;
    std::vector<geos::Prepared> prepared;

    WaterCache(const geos::Context& c, const PolygonArray& w)
        : ctx(c), water(w), geometries(w.size()), prepared(w.size()) {}
    const GEOSPreparedGeometry* get(std::uint32_t i) {
        if (!prepared[i]) {
            geometries[i] = water.to_geos(ctx, i);
            prepared[i] = geos::prepare(ctx, geometries[i].get());
        }
        return prepared[i].get();
    }
};

double distance_to_water(WaterCache& cache, const GEOSGeometry* building, const Box& box,
                         const SpatialIndex& water_index, const Box& all_water) {
    GEOSContextHandle_t h = cache.ctx.get();
    double best = std::numeric_limits<double>::infinity();
    for (double r = first_search_radius_m;; r *= 4) {
        Box search = grown(box, r);
        water_index.query(search, [&](std::uint32_t w) {
            double d;
            if (GEOSPreparedDistance_r(h, cache.get(w), building, &d) == 1) best = std::min(best, d);
        });
        // Water outside the search box is farther than r, so a hit within r is the nearest.
        if (best <= r || search.contains(all_water)) return best;
    }
}

}  // namespace

OverlayResult overlay(const PolygonArray& neighbourhoods, const PolygonArray& buildings, const PolygonArray* water,
                      unsigned threads, const Progress& progress) {
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

    SpatialIndex building_index(buildings);
    std::unique_ptr<SpatialIndex> water_index;
    if (has_water) water_index = std::make_unique<SpatialIndex>(*water);

    // Stage 1, per buurt: clip buildings and water. Each buurt writes only its own slot.
    std::vector<NeighbourhoodWork> work(n_buurt);
    parallel_for(n_buurt, threads, progress, "overlay", [&](std::size_t b, geos::Context& ctx) {
        GEOSContextHandle_t h = ctx.get();
        geos::Geometry buurt = neighbourhoods.to_geos(ctx, b);
        geos::Prepared prepared = geos::prepare(ctx, buurt.get());
        const Box box = neighbourhoods.bounds(b);
        out.area_m2[b] = neighbourhoods.area(b);
        auto& pieces = work[b].pieces;
        for (std::uint32_t p : building_index.query_sorted(box)) {
            geos::Geometry building = buildings.to_geos(ctx, p);
            // Fast path: most buildings lie wholly inside one buurt and need no overlay.
            if (box.contains(building_index.bounds(p)) &&
                GEOSPreparedContainsProperly_r(h, prepared.get(), building.get()) == 1) {
                pieces.push_back({p, static_cast<std::uint32_t>(b), buildings.area(p)});
                continue;
            }
            if (GEOSPreparedIntersects_r(h, prepared.get(), building.get()) != 1) continue;
            geos::Geometry inside = geos::own(ctx, GEOSIntersection_r(h, buurt.get(), building.get()),
                                              "clipping a building to a buurt");
            double a = geos::area(ctx, inside.get());
            if (a > 0.0) pieces.push_back({p, static_cast<std::uint32_t>(b), a});
        }
        if (has_water)
            work[b].water_area_m2 = water_area_in(ctx, buurt.get(), prepared.get(), box, *water, *water_index);
    }, 1);

    // Stage 2, per building: distance to the nearest water polygon (to its edge, 0 when touching).
    if (has_water) {
        Box all_water = water_index->bounds(0);
        for (std::size_t w = 1; w < water->size(); ++w) {
            const Box& b = water_index->bounds(static_cast<std::uint32_t>(w));
            all_water = {std::min(all_water.min_x, b.min_x), std::min(all_water.min_y, b.min_y),
                         std::max(all_water.max_x, b.max_x), std::max(all_water.max_y, b.max_y)};
        }
        parallel_for_with_state(
            n_building, threads, progress, "distance to water",
            [&](const geos::Context& ctx) { return WaterCache(ctx, *water); },
            [&](std::size_t p, WaterCache& cache) {
                geos::Geometry building = buildings.to_geos(cache.ctx, p);
                out.building_dist_water_m[p] = distance_to_water(
                    cache, building.get(), building_index.bounds(static_cast<std::uint32_t>(p)), *water_index, all_water);
            },
            256);
    }

    // Stage 3, sequential and in a fixed order: sums per buurt, home buurt per building.
    for (std::size_t b = 0; b < n_buurt; ++b) {
        double weighted_distance = 0.0, weight = 0.0;
        for (const BuildingPiece& piece : work[b].pieces) {
            out.footprint_area_m2[b] += piece.area_m2;
            if (has_water) {
                weighted_distance += piece.area_m2 * out.building_dist_water_m[piece.building];
                weight += piece.area_m2;
            }
        }
        if (weight > 0.0) out.dist_water_m[b] = weighted_distance / weight;
        out.water_area_m2[b] = work[b].water_area_m2;
        out.land_area_ha[b] = std::max(0.0, out.area_m2[b] - out.water_area_m2[b]) / square_metres_per_hectare;
        out.pieces.insert(out.pieces.end(), work[b].pieces.begin(), work[b].pieces.end());
        std::vector<BuildingPiece>().swap(work[b].pieces);
    }
    std::sort(out.pieces.begin(), out.pieces.end(), [](const BuildingPiece& a, const BuildingPiece& b) {
        return a.building != b.building ? a.building < b.building : a.neighbourhood < b.neighbourhood;
    });
    std::vector<double> home_area(n_building, 0.0);
    for (const BuildingPiece& piece : out.pieces) {
        // Strictly greater: on a tie the buurt listed first keeps the building.
        if (piece.area_m2 > home_area[piece.building]) {
            home_area[piece.building] = piece.area_m2;
            out.home_neighbourhood[piece.building] = static_cast<std::int32_t>(piece.neighbourhood);
        }
    }
    for (std::int32_t home : out.home_neighbourhood)
        if (home >= 0) ++out.n_buildings[home];
    return out;
}

}  // namespace warmte
