#include "warmte/prepare.hpp"

#include "warmte/crs.hpp"
#include "warmte/error.hpp"
#include "warmte/normalise.hpp"
#include "warmte/supply.hpp"

#include <algorithm>
#include <set>

namespace warmte {

void check_analysis_crs(const Config& config) {
    if (!is_projected_metric(config.analysis_crs))
        throw ConfigError("analysis.crs '" + config.analysis_crs +
                          "' is not a projected CRS in metres; use e.g. EPSG:28992 (RD New)");
}

void reproject_inputs(InputLayers& layers, const Config& config, DataQuality& quality,
                      std::vector<std::string>& sources) {
    for (const InputRole& role : input_roles()) {
        std::optional<VectorLayer>& layer = layers[role.role];
        if (!layer) continue;
        sources.push_back(std::string(role.label) + ": " + layer->source);
        if (role.lines_with_width && layers.water_lines) {
            // Both parts of the layer into the analysis CRS first: the buffer is in metres.
            reproject(*layers.water_lines, config.analysis_crs, config.assume_crs);
            reproject(*layer, config.analysis_crs, config.assume_crs);
            add_buffered_lines(*layer, *layers.water_lines, config, quality);
            layers.water_lines.reset();
        }
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
        if (!ids.present[i]) {
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
