#include "warmte/prepare.hpp"

#include "warmte/crs.hpp"
#include "warmte/csv.hpp"
#include "warmte/error.hpp"
#include "warmte/normalise.hpp"
#include "warmte/supply.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

namespace warmte {

void check_analysis_crs(const Config& config) {
    if (!is_projected_metric(config.analysis_crs))
        throw ConfigError("analysis.crs '" + config.analysis_crs +
                          "' is not a projected CRS in metres; use e.g. EPSG:28992 (RD New)");
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
        if (role.repaired) {
            for (std::int64_t fid : layer->dropped_empty)
                quality.record({role.name, fid, "dropped_empty_geometry", "no geometry or an empty one"});
            for (std::int64_t fid : layer->dropped_not_polygonal)
                quality.record({role.name, fid, "dropped_not_polygonal", "not a polygon; this layer needs polygons"});
            // A water layer may hold only lines too small to buffer; other polygon roles need polygons.
            if (layer->empty() && !role.lines_with_width)
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

}  // namespace

void repair_inputs(InputLayers& layers, const Config& config, DataQuality& quality, unsigned threads,
                   const Progress& progress) {
    for (const InputRole& role : input_roles())
        if (role.repaired && layers[role.role]) normalise(*layers[role.role], role.name, quality, threads, progress);
    check_ids(*layers[Role::neighbourhoods], config, quality);
}

std::vector<std::uint8_t> water_buurten(const VectorLayer& buurten, const Config& config) {
    std::vector<std::uint8_t> flags(buurten.size(), 0);
    if (const TextColumn* water = buurten.text_column(config.neighbourhood_fields.water_flag))
        for (std::size_t b = 0; b < flags.size(); ++b) flags[b] = water->present[b] && water->values[b] == "JA";
    return flags;
}

}  // namespace warmte
