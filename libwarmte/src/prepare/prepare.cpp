#include "warmte/prepare.hpp"
#include "geometry/geos_handles.hpp"
#include "geometry/ring_ops.hpp"

#include "parallel.hpp"
#include "warmte/crs.hpp"
#include "warmte/csv.hpp"
#include "warmte/error.hpp"
#include "warmte/normalise.hpp"
#include "warmte/planar.hpp"
#include "warmte/spatial_index.hpp"
#include "warmte/supply.hpp"

#include <algorithm>
#include <future>
#include <cmath>
#include <cstdio>
#include <set>
#include <tuple>
#include <limits>
#include <cstring>
#include <string_view>

namespace warmte {

void check_analysis_crs(const Config& config) {
    if (!is_projected_metric(config.analysis_crs))
        throw ConfigError("analysis.crs '" + config.analysis_crs +
                          "' is not a projected CRS in metres; use e.g. EPSG:28992 (RD New)");
    // Checked even when no layer lacks a CRS: a typo there would otherwise wait for the day one does.
    if (!config.assume_crs.empty() && !is_known_crs(config.assume_crs))
        throw ConfigError("analysis.assume_crs (--assume-crs) '" + config.assume_crs +
                          "' is not a CRS PROJ knows; use e.g. EPSG:28992");
}

namespace {

// Why feature i cannot be used, or empty: coordinates that are not numbers or lie far outside the
// analysis CRS's area of use, and polygon rings of fewer than three points. `unclosed` is set
// when a polygon ring does not end where it starts (repaired by closing it).
std::string geometry_problem(const GeometryArray& g, std::size_t i, const Box& extent, bool& unclosed) {
    auto xy = g.coordinates();
    std::string problem;
    g.for_each_ring(i, [&](std::size_t begin, std::size_t end, bool) {
        if (!problem.empty()) return;
        for (std::size_t k = begin; k < end; ++k) {
            double x = xy[2 * k], y = xy[2 * k + 1];
            if (!std::isfinite(x) || !std::isfinite(y)) {
                problem = "a coordinate is not a finite number (NaN or infinity)";
                return;
            }
            if (x < extent.min_x || x > extent.max_x || y < extent.min_y || y > extent.max_y) {
                char detail[160];
                std::snprintf(detail, sizeof detail, "vertex (%g, %g) lies far outside the area of use of the analysis CRS",
                              x, y);
                problem = detail;
                return;
            }
        }
        if (g.kind(i) != GeometryKind::polygon) return;
        const bool closed = end - begin >= 2 && xy[2 * begin] == xy[2 * (end - 1)] && xy[2 * begin + 1] == xy[2 * (end - 1) + 1];
        if (end - begin < (closed ? 4u : 3u)) problem = "a ring has fewer than three points";
        else if (!closed) unclosed = true;
    });
    return problem;
}

}  // namespace

// One orientation for every ring — shells counter-clockwise, holes clockwise, as OGC and GEOS
// normalise them — keeping each ring's first vertex. The same polygon read from a Shapefile
// (clockwise shells) and from a GeoPackage then has the same vertex order, so every sum over its
// vertices (areas, clipping) is bit for bit the same whatever the format.
void orient_rings(GeometryArray& g) {
    auto xy = g.coordinates();
    for (std::size_t i = 0; i < g.size(); ++i) {
        if (g.kind(i) != GeometryKind::polygon) continue;
        g.for_each_ring(i, [&](std::size_t begin, std::size_t end, bool is_shell) {
            if (end - begin < 4) return;
            const double twice_area = ring::twice_signed_area_xy(xy.subspan(2 * begin, 2 * (end - begin)));
            if (is_shell ? twice_area >= 0 : twice_area <= 0) return;
            for (std::size_t a = begin + 1, b = end - 2; a < b; ++a, --b) {  // the closing vertex stays
                std::swap(xy[2 * a], xy[2 * b]);
                std::swap(xy[2 * a + 1], xy[2 * b + 1]);
            }
        });
    }
}

// Below this many features one thread sorts (a thread costs more than it saves). Speed only.
constexpr std::size_t parallel_sort_above = 1 << 16;

std::vector<std::uint32_t> canonical_order(const GeometryArray& g, unsigned threads) {
    const std::size_t n = g.size();
    // The grid step of the Morton code only sets how near in memory neighbours end up; any
    // value gives the same results. The grid's origin is fixed (not the layer's extent), so a
    // part of a layer read on its own (a partition of warmte batch) keeps the order the features
    // have in the whole layer and every sum over them adds in the same order.
    constexpr double cell_m = 1.0;
    constexpr double origin_m = -2147483648.0;  // -2^31 cells: any projected coordinate fits in 32 bits
    std::vector<Box> boxes(n);
    auto spread = [](std::uint64_t v) {  // the low 32 bits to the even bits
        v &= 0xffffffffull;
        v = (v | (v << 16)) & 0x0000ffff0000ffffull;
        v = (v | (v << 8)) & 0x00ff00ff00ff00ffull;
        v = (v | (v << 4)) & 0x0f0f0f0f0f0f0f0full;
        v = (v | (v << 2)) & 0x3333333333333333ull;
        v = (v | (v << 1)) & 0x5555555555555555ull;
        return v;
    };
    std::vector<std::uint64_t> code(n);
    // By code first, on (code, index) pairs side by side in memory; only runs of equal codes
    // (features within a metre of each other) need the full comparison below.
    std::vector<std::pair<std::uint64_t, std::uint32_t>> keyed(n);
    parallel_for(n, threads, Progress{}, "canonical order", [&](std::size_t i, geos::Context&) {
        boxes[i] = g.bounds(i);
        const double cx = ((boxes[i].min_x + boxes[i].max_x) / 2 - origin_m) / cell_m;
        const double cy = ((boxes[i].min_y + boxes[i].max_y) / 2 - origin_m) / cell_m;
        auto cell = [](double v) { return static_cast<std::uint64_t>(std::clamp(v, 0.0, 4294967295.0)); };
        code[i] = spread(cell(cx)) | (spread(cell(cy)) << 1);
        keyed[i] = {code[i], static_cast<std::uint32_t>(i)};
    }, 4096);
    auto points = [&](std::size_t i) {
        std::size_t first = std::numeric_limits<std::size_t>::max(), last = 0;
        g.for_each_ring(i, [&](std::size_t begin, std::size_t end, bool) {
            first = std::min(first, begin);
            last = std::max(last, end);
        });
        const auto xy = g.coordinates();
        return first < last ? xy.subspan(2 * first, 2 * (last - first)) : xy.subspan(0, 0);
    };
    // The pairs are unique (by index), so halves sorted side by side and merged give the one order.
    if (threads > 1 && n > parallel_sort_above) {
        const auto middle = keyed.begin() + static_cast<std::ptrdiff_t>(n / 2);
        auto first_half = std::async(std::launch::async, [&] { std::sort(keyed.begin(), middle); });
        std::sort(middle, keyed.end());
        first_half.get();
        std::inplace_merge(keyed.begin(), middle, keyed.end());
    } else {
        std::sort(keyed.begin(), keyed.end());
    }
    std::vector<std::uint32_t> order(n);
    for (std::size_t i = 0; i < n; ++i) order[i] = keyed[i].second;
    auto before = [&](std::uint32_t a, std::uint32_t b) {
        if (code[a] != code[b]) return code[a] < code[b];
        const Box &p = boxes[a], &q = boxes[b];
        if (std::tie(p.min_x, p.min_y, p.max_x, p.max_y) != std::tie(q.min_x, q.min_y, q.max_x, q.max_y))
            return std::tie(p.min_x, p.min_y, p.max_x, p.max_y) < std::tie(q.min_x, q.min_y, q.max_x, q.max_y);
        const auto pa = points(a), pb = points(b);
        if (pa.size() != pb.size()) return pa.size() < pb.size();
        const int c = std::memcmp(pa.data(), pb.data(), pa.size_bytes());
        return c != 0 ? c < 0 : a < b;  // the very same geometry twice: input order decides
    };
    for (std::size_t run = 0; run < n;) {
        std::size_t end = run + 1;
        while (end < n && keyed[end].first == keyed[run].first) ++end;
        if (end - run > 1) std::sort(order.begin() + run, order.begin() + end, before);
        run = end;
    }
    return order;
}

void put_in_canonical_order(InputLayers& layers, unsigned threads) {
    for (const InputRole& role : input_roles()) {
        // Buurten keep the input's order: the output lists them so.
        if (role.role == Role::neighbourhoods || !layers[role.role]) continue;
        VectorLayer& layer = *layers[role.role];
        const std::vector<std::uint32_t> order = canonical_order(layer.geometry, threads);
        if (!std::is_sorted(order.begin(), order.end())) layer = std::move(layer).reordered(order, threads);
    }
}

void check_geometry(VectorLayer& layer, const InputRole& role, const Box& extent, DataQuality& quality) {
    const std::size_t n = layer.size();
    std::vector<bool> keep(n, true);
    std::vector<std::uint8_t> close(n, 0);
    std::size_t bad = 0, to_close = 0;
    std::string first_problem;
    std::int64_t first_fid = 0;
    for (std::size_t i = 0; i < n; ++i) {
        bool unclosed = false;
        std::string problem = geometry_problem(layer.geometry, i, extent, unclosed);
        if (!problem.empty()) {
            if (role.role == Role::neighbourhoods)  // a buurt cannot be left out: its results would be lost
                throw InputError(layer.source + ", feature " + std::to_string(layer.feature_ids[i]) + ": " + problem +
                                 "; fix or remove that buurt (e.g. in QGIS) and run again");
            if (bad == 0) first_problem = problem, first_fid = layer.feature_ids[i];
            keep[i] = false;
            ++bad;
            quality.record({role.name, layer.feature_ids[i], "dropped_bad_geometry", problem});
        } else if (unclosed) {
            close[i] = 1;
            ++to_close;
            quality.record({role.name, layer.feature_ids[i], "ring_closed", "a ring did not end where it began; closed"});
        }
    }
    if (bad > 0 && bad == n)
        throw InputError(layer.source + ": no feature has usable coordinates (feature " + std::to_string(first_fid) +
                         ": " + first_problem + "); check the layer's CRS (--assume-crs) and its geometry");
    if (to_close > 0) {
        GeometryArray fixed;
        auto xy = layer.geometry.coordinates();
        for (std::size_t i = 0; i < n; ++i) {
            if (!close[i]) {
                fixed.append_from(layer.geometry, i);
                continue;
            }
            fixed.begin_feature(layer.geometry.kind(i));
            for (const auto& polygon : layer.geometry.rings_of(i)) {
                fixed.begin_polygon();
                for (auto [begin, end] : polygon) {
                    std::vector<double> ring(xy.begin() + 2 * begin, xy.begin() + 2 * end);
                    if (ring[0] != ring[ring.size() - 2] || ring[1] != ring.back()) {
                        ring.push_back(ring[0]);
                        ring.push_back(ring[1]);
                    }
                    fixed.add_ring(ring);
                }
            }
        }
        layer.geometry = std::move(fixed);
    }
    orient_rings(layer.geometry);
    if (bad > 0) layer = layer.select(keep);
}

void reproject_inputs(InputLayers& layers, const Config& config, DataQuality& quality,
                      std::vector<std::string>& sources) {
    const Box extent = crs_extent(config.analysis_crs, config.extent_margin_m);
    for (const InputRole& role : input_roles()) {
        std::optional<VectorLayer>& layer = layers[role.role];
        if (!layer) continue;
        sources.push_back(std::string(role.label) + ": " + layer->source);
        if (role.lines_with_width && layers.water_lines) {
            // Both parts of the layer into the analysis CRS first: the buffer is in metres.
            reproject(*layers.water_lines, config.analysis_crs, config.assume_crs);
            check_geometry(*layers.water_lines, role, extent, quality);
            reproject(*layer, config.analysis_crs, config.assume_crs);
            add_buffered_lines(*layer, *layers.water_lines, config, quality);
            layers.water_lines.reset();
        }
        for (std::int64_t fid : layer->linearised)
            quality.record({role.name, fid, "linearised_curve", "curved geometry: arcs replaced by segments (GDAL)"});
        if (role.role == Role::neighbourhoods) {
            // A buurt cannot be left out: its buildings would silently move to no buurt at all.
            const bool empty = !layer->dropped_empty.empty();
            if (empty || !layer->dropped_not_polygonal.empty())
                throw InputError(layer->source + ", feature " +
                                 std::to_string(empty ? layer->dropped_empty.front() : layer->dropped_not_polygonal.front()) +
                                 (empty ? ": has no geometry (NULL or empty)" : ": is not a polygon") +
                                 "; fix or remove that buurt (e.g. in QGIS) and run again");
        }
        if (role.repaired) {
            for (std::int64_t fid : layer->dropped_empty)
                quality.record({role.name, fid, "dropped_empty_geometry", "no geometry or an empty one"});
            for (std::int64_t fid : layer->dropped_not_polygonal)
                quality.record({role.name, fid, "dropped_not_polygonal", "not a polygon; this layer needs polygons"});
            // A water layer may hold only lines too small to buffer; other polygon roles need polygons.
            if (layer->empty() && !role.lines_with_width && !layers.windowed)
                throw InputError(layer->source + ": has no polygon features; check that it is the " + role.label +
                                 " layer and that its filter is right");
        }
        reproject(*layer, config.analysis_crs, config.assume_crs);
        check_geometry(*layer, role, extent, quality);
    }
}

void keep_buildings_in_use(VectorLayer& buildings, const Config& config, DataQuality& quality) {
    const TextColumn* status = buildings.text_column(config.building_fields.status);
    std::vector<const TextColumn*> history;
    for (const std::string& name : config.building_fields.history)
        if (const TextColumn* c = buildings.text_column(name)) history.push_back(c);
    if (!status && history.empty()) return;
    std::set<std::string> in_use(config.in_use_status.begin(), config.in_use_status.end());
    std::vector<bool> keep(buildings.size());
    std::size_t not_in_use = 0, past = 0;
    for (std::size_t i = 0; i < buildings.size(); ++i) {
        // A version with an end date (of validity or registration) is history, not the pand today.
        bool old = std::any_of(history.begin(), history.end(), [&](const TextColumn* c) { return c->present[i] != 0; });
        bool used = !status || (status->present[i] && in_use.count(status->values[i]));
        keep[i] = used && !old;
        past += old;
        not_in_use += !old && !used;
    }
    quality.count("buildings", "filtered_history_version", past);
    quality.count("buildings", "filtered_not_in_use", not_in_use);
    if (past + not_in_use > 0) buildings = buildings.select(keep);
}

namespace {

void check_ids(const VectorLayer& neighbourhoods, const Config& config, DataQuality& quality) {
    const TextColumn& ids = neighbourhoods.text.at(config.neighbourhood_fields.id);
    std::set<std::string> seen;
    for (std::size_t i = 0; i < neighbourhoods.size(); ++i) {
        if (!ids.present[i] || trim(ids.values[i]).empty()) {
            quality.record({"neighbourhoods", neighbourhoods.feature_ids[i], "missing_id",
                            "field '" + config.neighbourhood_fields.id + "' is empty"});
        } else if (!seen.insert(ids.values[i]).second) {
            quality.record({"neighbourhoods", neighbourhoods.feature_ids[i], "duplicate_id",
                            "'" + ids.values[i] + "' occurs more than once"});
        }
    }
}

// Buurten must tile the study area: where two share area, that area (and the buildings on it)
// would count in both. Candidates are pairs with overlapping boxes; neighbours that only share an
// edge have an intersection of (next to) zero area.
void check_overlaps(const VectorLayer& buurten, const Config& config, DataQuality& quality, unsigned threads,
                    const Progress& progress) {
    const SpatialIndex index(buurten.geometry);
    std::vector<std::vector<std::pair<std::uint32_t, double>>> overlaps(buurten.size());
    parallel_for(buurten.size(), threads, progress, "checking buurt overlaps", [&](std::size_t i, geos::Context& ctx) {
        geos::Geometry a;
        for (std::uint32_t j : index.query_sorted(buurten.geometry.bounds(i))) {
            if (j <= i) continue;  // each pair once, from its lower index
            // Neighbours sharing their edges vertex for vertex, as CBS draws them, are told apart
            // without GEOS (its intersection was three seconds of a country run).
            if (planar::interiors_certainly_disjoint(buurten.geometry, i, buurten.geometry, j)) continue;
            if (!a) a = geos::to_geos(ctx, buurten.geometry, i);
            geos::Geometry b = geos::to_geos(ctx, buurten.geometry, j);
            geos::Geometry common = geos::own(ctx, GEOSIntersection_r(ctx.get(), a.get(), b.get()), "intersection");
            const double shared = geos::area(ctx, common.get());
            if (shared > config.overlap_tolerance_m2) overlaps[i].emplace_back(j, shared);
        }
    }, 8);
    const TextColumn* ids = buurten.text_column(config.neighbourhood_fields.id);
    auto name = [&](std::size_t k) {
        return ids && ids->present[k] ? "'" + ids->values[k] + "'" : "feature " + std::to_string(buurten.feature_ids[k]);
    };
    for (std::size_t i = 0; i < overlaps.size(); ++i)
        for (auto [j, shared] : overlaps[i])
            quality.record({"neighbourhoods", buurten.feature_ids[j], "overlapping_neighbourhoods",
                            "shares " + std::to_string(static_cast<long long>(std::round(shared))) + " m2 with buurt " +
                                name(i) + "; its area and buildings there count in both"});
}

// BAG pand ids are unique; a repeated one means a duplicated feature or a join gone wrong, and
// verblijfsobjecten would join to only one of them.
void check_building_ids(const VectorLayer& buildings, const Config& config, DataQuality& quality) {
    const TextColumn* ids = buildings.text_column(config.building_fields.id);
    if (!ids) return;
    // An open-addressing table of row numbers, at most half full: a node-based set allocates
    // once per building, and that was a third of a second per million.
    const std::size_t n = buildings.size();
    std::size_t capacity = 16;
    while (capacity < 2 * n) capacity *= 2;
    constexpr std::uint32_t free_slot = std::numeric_limits<std::uint32_t>::max();
    std::vector<std::uint32_t> slots(capacity, free_slot);
    const std::hash<std::string_view> hash;
    for (std::size_t i = 0; i < n; ++i) {
        if (!ids->present[i] || ids->values[i].empty()) continue;
        const std::string_view id = ids->values[i];
        std::size_t at = hash(id) & (capacity - 1);
        bool repeated = false;
        for (; slots[at] != free_slot; at = (at + 1) & (capacity - 1))
            if (ids->values[slots[at]] == id) {
                repeated = true;
                break;
            }
        if (!repeated) {
            slots[at] = static_cast<std::uint32_t>(i);
            continue;
        }
        quality.record({"buildings", buildings.feature_ids[i], "duplicate_building_id",
                        "pand id '" + ids->values[i] + "' occurs more than once"});
    }
}

}  // namespace

void repair_inputs(InputLayers& layers, const Config& config, DataQuality& quality, unsigned threads,
                   const Progress& progress) {
    for (const InputRole& role : input_roles())
        if (role.repaired && layers[role.role]) normalise(*layers[role.role], role.name, quality, threads, progress);
    // The pand ids' check reads only the buildings, the two after it only the buurten: side by
    // side when there is a second thread (at 10M buildings it is a second of hashing), its
    // records appended after theirs as before.
    DataQuality building_ids;
    Beside buildings_checked(threads, [&] {
        if (layers[Role::buildings]) check_building_ids(*layers[Role::buildings], config, building_ids);
    });
    check_ids(*layers[Role::neighbourhoods], config, quality);
    check_overlaps(*layers[Role::neighbourhoods], config, quality, threads, progress);
    buildings_checked.get();
    quality.merge(building_ids);
}

std::vector<std::uint8_t> water_buurten(const VectorLayer& buurten, const Config& config) {
    std::vector<std::uint8_t> flags(buurten.size(), 0);
    if (const TextColumn* water = buurten.text_column(config.neighbourhood_fields.water_flag))
        for (std::size_t b = 0; b < flags.size(); ++b) flags[b] = water->present[b] && water->values[b] == "JA";
    return flags;
}

}  // namespace warmte
