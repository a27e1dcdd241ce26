#include "warmte/overlay.hpp"

#include "geometry/zone_clip.hpp"

#include "warmte/units.hpp"

#include "warmte/error.hpp"
#include "warmte/interior_grid.hpp"
#include "parallel.hpp"
#include "warmte/planar.hpp"
#include "warmte/spatial_index.hpp"
#include "warmte/union_area.hpp"

#include <algorithm>
#include <numeric>
#include <tuple>
#include <cmath>
#include <limits>
#include <memory>
#include <optional>

namespace warmte {

namespace {

constexpr double square_metres_per_hectare = units::m2_per_ha;
// First radius of the nearest-water search; it grows fourfold until water is found. Only speed
// depends on it.
constexpr double first_search_radius_m = 100.0;
// Outlines are cut into pieces of at most this many segments for the index (distance to water,
// to heat networks and from sources). Only speed depends on it.
constexpr std::size_t max_segments_per_piece = 16;
// Water outlines are cut finer (issue 36: at 1M buildings with overlapping OSM-like water, 16
// segments a piece took 1.45 s, 4 took 0.75 s, 2 took 0.69 s, 1 took 0.81 s); single rings of up
// to this many points (rectangular ditches) stay whole. Only speed depends on them.
constexpr std::size_t water_segments_per_piece = 2;
constexpr std::size_t water_whole_points = 5;
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

// A water polygon reaching into a buurt (water_area_in).
struct WaterPiece {
    std::uint32_t water;
    double area;   // inside the buurt; NaN until the sweep measures it (see below)
    Box box;       // of the polygon, within the buurt's box
    bool partial;  // only part of the polygon lies inside (or may)
};

// The water polygons reaching into a buurt, each with its area inside where the clip cascade
// (zone_clip.hpp) answers without GEOS. Any other polygon reaching the border is left to the
// sweep with the buurt as mask, alone or with what overlaps it, instead of GEOS's intersection
// (which a group's sweep would measure again). In an order of their own, not the input's: the
// sum and the unions then give the same bits for the same water in any feature order.
std::vector<WaterPiece> water_pieces(const ZoneClipper& zone, const GeometryArray& water,
                                     const SpatialIndex& water_index) {
    const Box& zbox = zone.box();
    std::vector<WaterPiece> pieces;
    for (std::uint32_t w : water_index.query_sorted(zbox)) {
        const Box& wbox = water_index.bounds(w);
        const Box within = wbox.intersected(zbox);
        if (std::optional<ZoneClipper::Piece> piece = zone.clip_without_geos(water, w, wbox)) {
            if (piece->area > 0.0) pieces.push_back({w, piece->area, within, !piece->whole});
            continue;
        }
        pieces.push_back({w, std::numeric_limits<double>::quiet_NaN(), within, true});
    }
    // Its area not yet known sorts as -1 (NaN would break the order).
    auto known_area = [](const WaterPiece& p) { return std::isnan(p.area) ? -1.0 : p.area; };
    std::sort(pieces.begin(), pieces.end(), [&](const WaterPiece& a, const WaterPiece& b) {
        const double aa = known_area(a), ba = known_area(b);
        return std::tie(a.box.min_x, a.box.min_y, a.box.max_x, a.box.max_y, aa) <
               std::tie(b.box.min_x, b.box.min_y, b.box.max_x, b.box.max_y, ba);
    });
    return pieces;
}

// The pieces whose interiors may overlap, as groups (connected components, each in piece
// order); only groups of two or more need the union's area, the rest add up as they are. BGT
// water is a partition whose pieces share edges, so most pairs whose boxes overlap only touch:
// convex pairs (ditches) are told apart by a separating edge, others when their boundaries meet
// only in shared vertices and edges. A pair neither test clears is grouped: a group of pieces
// that only touch has the sum of their areas as its union's area (to rounding), so grouping too
// much costs only time.
std::vector<std::vector<std::size_t>> overlapping_pieces(const std::vector<WaterPiece>& pieces,
                                                         const GeometryArray& water) {
    std::vector<std::size_t> group(pieces.size());
    for (std::size_t i = 0; i < pieces.size(); ++i) group[i] = i;
    auto root = [&](std::size_t i) {
        while (group[i] != i) i = group[i] = group[group[i]];
        return i;
    };
    auto interiors_may_overlap = [&](const WaterPiece& a, const WaterPiece& b) {
        if (auto convex = planar::convex_interiors_overlap(water, a.water, water, b.water)) return *convex;
        return !planar::interiors_certainly_disjoint(water, a.water, water, b.water);
    };
    auto candidates = [&](std::size_t i, std::size_t j) {
        return !(pieces[i].area <= 0) && !(pieces[j].area <= 0) && root(i) != root(j) &&
               pieces[i].box.intersects(pieces[j].box);
    };
    // Sorted by min_x: a sweep finds the pairs whose boxes overlap.
    for (std::size_t i = 0; i < pieces.size(); ++i)
        for (std::size_t j = i + 1; j < pieces.size() && pieces[j].box.min_x <= pieces[i].box.max_x; ++j)
            if (candidates(i, j) && interiors_may_overlap(pieces[i], pieces[j])) group[root(j)] = root(i);
    std::vector<std::vector<std::size_t>> members(pieces.size());
    for (std::size_t i = 0; i < pieces.size(); ++i) members[root(i)].push_back(i);
    return members;
}

// Water area inside one buurt. Overlapping water polygons count as their union, so that a pond
// drawn twice does not count twice; the rest add up as they are.
double water_area_in(const ZoneClipper& zone, const GeometryArray& water, const SpatialIndex& water_index) {
    const std::vector<WaterPiece> pieces = water_pieces(zone, water, water_index);
    double total = 0.0;
    for (const std::vector<std::size_t>& m : overlapping_pieces(pieces, water)) {
        if (m.empty()) continue;
        if (m.size() == 1 && !std::isnan(pieces[m.front()].area)) {
            total += pieces[m.front()].area;
            continue;
        }
        // A group, or one non-convex piece over the border: the union's area by a sweep
        // (union_area.hpp), not GEOS's union or intersection: a group of ditches and their second
        // drawing costs a few µs a member instead of ~100. Pieces that reach out of the buurt go
        // in whole, with the buurt as the mask.
        UnionArea merged;
        bool partial = false;
        for (std::size_t k = 0; k < m.size(); ++k) {
            merged.add_polygon(water, pieces[m[k]].water, static_cast<std::uint32_t>(k));
            partial = partial || pieces[m[k]].partial;
        }
        if (partial) merged.add_mask(zone.zones(), zone.zone());
        total += merged.area();
    }
    return total;
}

// Distance to water whatever its shape (issue 36): a river 2.4 km long or a lake of 64 vertices
// is cut into pieces of a few segments, each with its own box in the index, so the search near a
// building visits a few pieces, not whole polygons whose boxes cover thousands of buildings.
// Small single-ring polygons (most ditches) stay whole. Where a polygon was cut, its inside is in
// no piece: a building inside it without touching its outline (a houseboat in a lake; a house on
// an island is not inside, islands are holes) is found by counting the crossings of a ray from
// the building with that polygon's pieces.
class NearestWater {
public:
    NearestWater(const GeometryArray& water, unsigned threads)
        : water_(water), index_(cut(water), threads), cut_index_(cut_boxes(water), threads) {}

    /// Distance from building p (box `box`) to the nearest water, 0 when touching or inside.
    /// `hint`: the piece nearest to the building measured before on this thread (buildings come
    /// in Morton order, so it bounds the search tightly); updated.
    double distance(const GeometryArray& buildings, std::size_t p, const Box& box, std::uint32_t& hint) const {
        double best = std::numeric_limits<double>::infinity();
        std::uint32_t nearest = no_piece;
        // The minimum is the same whatever piece is measured first; the hint only narrows it.
        if (hint != no_piece) {
            best = piece_distance(buildings, p, box, hint);
            nearest = hint;
        }
        if (best > 0.0)
            index_.nearest(box, [&](std::uint32_t k, double box_distance) {
                if (box_distance >= best) return false;
                const double d = piece_distance(buildings, p, box, k);
                if (d < best) {
                    best = d;
                    nearest = k;
                }
                return best > 0.0;
            }, first_search_radius_m, best, &best);
        hint = nearest;
        if (best > 0.0 && inside_cut_polygon(buildings, p)) return 0.0;
        return best;
    }

    static constexpr std::uint32_t no_piece = std::numeric_limits<std::uint32_t>::max();

private:
    // A piece: a whole small polygon (segments 0) or a run of segments of a cut one, read from
    // the water's own coordinates (no copy: at 10M buildings the pieces are ~3M).
    struct Piece {
        std::uint32_t feature;
        std::uint32_t first_point = 0;
        std::uint32_t segments = 0;
    };

    double piece_distance(const GeometryArray& buildings, std::size_t p, const Box& box, std::uint32_t k) const {
        const Piece& piece = pieces_[k];
        if (piece.segments > 0)
            return planar::polyline_distance(buildings, p, box,
                                             water_.coordinates().subspan(2 * piece.first_point, 2 * (piece.segments + 1)));
        if (auto d = planar::distance_if_apart(buildings, p, box, water_, piece.feature, index_.bounds(k))) return *d;
        // Boxes that overlap (a long diagonal ditch, a canal along a street): the segments' own
        // test, 0 when they cross or one holds the other.
        return planar::polygon_distance(buildings, p, water_, piece.feature);
    }

    static bool kept_whole(const GeometryArray& water, std::size_t i) {
        std::size_t points = 0;
        water.for_each_ring(i, [&](std::size_t begin, std::size_t end, bool) { points = end - begin; });
        return water.ring_count(i) == 1 && points <= water_whole_points;
    }

    // The pieces and their boxes (the boxes go to the index).
    std::vector<Box> cut(const GeometryArray& water) {
        std::vector<Box> boxes;
        auto xy = water.coordinates();
        for (std::size_t i = 0; i < water.size(); ++i) {
            if (kept_whole(water, i)) {
                pieces_.push_back({static_cast<std::uint32_t>(i)});
                boxes.push_back(water.bounds(i));
                continue;
            }
            water.for_each_ring(i, [&](std::size_t begin, std::size_t end, bool) {
                for (std::size_t k = begin; k + 1 < end; k += water_segments_per_piece) {
                    const std::size_t stop = std::min(end - 1, k + water_segments_per_piece);
                    Box b{xy[2 * k], xy[2 * k + 1], xy[2 * k], xy[2 * k + 1]};
                    for (std::size_t v = k + 1; v <= stop; ++v) b = b.joined({xy[2 * v], xy[2 * v + 1], xy[2 * v], xy[2 * v + 1]});
                    pieces_.push_back({static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(k),
                                       static_cast<std::uint32_t>(stop - k)});
                    boxes.push_back(b);
                }
            });
        }
        return boxes;
    }

    // The boxes of the cut polygons (their features in cut_feature_).
    std::vector<Box> cut_boxes(const GeometryArray& water) {
        std::vector<Box> boxes;
        for (std::size_t i = 0; i < water.size(); ++i)
            if (!kept_whole(water, i)) {
                boxes.push_back(water.bounds(i));
                cut_feature_.push_back(static_cast<std::uint32_t>(i));
            }
        return boxes;
    }

    // Whether the building's first point lies inside a cut polygon: even-odd over the crossings
    // of the ray to its right with the polygon's segments (a segment counts when it has one end
    // strictly above the ray's height and one at or below it, so a ray through a vertex counts
    // it once). Only pieces whose boxes meet the ray are read.
    bool inside_cut_polygon(const GeometryArray& buildings, std::size_t p) const {
        auto bxy = buildings.coordinates();
        std::optional<std::size_t> first;
        buildings.for_each_ring(p, [&](std::size_t begin, std::size_t, bool) { if (!first) first = begin; });
        if (!first) return false;
        const double x = bxy[2 * *first], y = bxy[2 * *first + 1];
        auto wxy = water_.coordinates();
        bool inside = false;
        cut_index_.query({x, y, x, y}, [&](std::uint32_t c) {
            if (inside) return;
            const std::uint32_t feature = cut_feature_[c];
            bool odd = false;
            index_.query({x, y, cut_index_.bounds(c).max_x, y}, [&](std::uint32_t k) {
                const Piece& piece = pieces_[k];
                if (piece.feature != feature || piece.segments == 0) return;
                for (std::uint32_t s = 0; s < piece.segments; ++s) {
                    const std::size_t v = piece.first_point + s;
                    const double x0 = wxy[2 * v], y0 = wxy[2 * v + 1], x1 = wxy[2 * v + 2], y1 = wxy[2 * v + 3];
                    if ((y0 > y) == (y1 > y)) continue;
                    const double cross_x = x0 + (y - y0) * (x1 - x0) / (y1 - y0);
                    if (cross_x > x) odd = !odd;
                }
            });
            inside = odd;
        });
        return inside;
    }

    const GeometryArray& water_;
    std::vector<Piece> pieces_;  // filled by cut() before index_ is built
    SpatialIndex index_;
    std::vector<std::uint32_t> cut_feature_;  // filled by cut_boxes() before cut_index_ is built
    SpatialIndex cut_index_;
};

// Outlines of at most this many pieces are searched without the index. Only speed depends on it.
constexpr std::size_t brute_force_pieces = 8;


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
        // A piece whose box is no nearer than the best so far cannot be nearer itself.
        const Box box = from.bounds(i);
        for (std::size_t t = 0; t < pieces_.size() && best > 0.0; ++t)
            if (SpatialIndex::box_distance(box, index_.bounds(static_cast<std::uint32_t>(t))) < best)
                best = std::min(best, planar::polygon_distance(from, i, pieces_, t));
        return best;
    }
    index_.nearest(from.bounds(i), [&](std::uint32_t t, double box_distance) {
        if (box_distance >= best) return false;
        best = std::min(best, planar::polygon_distance(from, i, pieces_, t));
        return best > 0.0;
    }, first_search_radius_m, std::numeric_limits<double>::infinity(), &best);
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
        if (has_water) work[b].water_area_m2 = water_area_in(zone, *water, *water_index);
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
        const NearestWater nearest(*water, threads);
        parallel_for_with_state(
            n_building, threads, {progress, "distance to water"},
            [&](const geos::Context&) { return NearestWater::no_piece; },
            [&](std::size_t p, std::uint32_t& hint) {
                if (!measured.empty() && !measured[p]) return;
                out.building_dist_water_m[p] =
                    nearest.distance(buildings, p, building_index.bounds(static_cast<std::uint32_t>(p)), hint);
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
