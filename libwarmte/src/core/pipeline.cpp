#include "warmte/pipeline.hpp"

#include "warmte/build_config.hpp"
#include "warmte/crs.hpp"
#include "warmte/error.hpp"
#include "warmte/normalise.hpp"
#include "warmte/parallel.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <set>

namespace warmte {

const char* version() { return WARMTE_VERSION; }

FieldRequest neighbourhood_fields(const Config& config) {
    const auto& f = config.neighbourhood_fields;
    FieldRequest r;
    r.required_text = {f.id};
    r.optional_text = {f.name, f.municipality};
    r.hints[f.id] = "fields.neighbourhoods.id";
    return r;
}

FieldRequest building_fields(const Config& config) {
    FieldRequest r;
    r.optional_text = {config.building_fields.id, config.building_fields.status};
    return r;
}

FieldRequest water_fields(const Config&) { return {}; }

namespace {

Column real_column(const std::string& name, std::vector<double> values, const std::string& description) {
    return Column{name, ColumnType::real, {}, std::move(values), {}, description};
}

Column text_column(const std::string& name, const TextColumn& source, const std::string& description) {
    return Column{name, ColumnType::text, source.values, {}, source.present, description};
}

// Keeps only buildings in use when the layer carries a status field (BAG); counts the rest.
void keep_buildings_in_use(VectorLayer& buildings, const Config& config, DataQuality& quality) {
    const TextColumn* status = buildings.text_column(config.building_fields.status);
    if (!status) return;
    std::set<std::string> in_use(config.in_use_status.begin(), config.in_use_status.end());
    std::vector<bool> keep(buildings.size());
    std::size_t dropped = 0;
    for (std::size_t i = 0; i < buildings.size(); ++i) {
        keep[i] = status->present[i] && in_use.count(status->values[i]);
        dropped += !keep[i];
    }
    if (dropped == 0) return;
    quality.count("buildings", "filtered_not_in_use", dropped);
    buildings = buildings.select(keep);
}

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

Table quality_table(const DataQuality& quality) {
    Table t;
    t.name = "data_quality";
    t.has_geometry = false;
    Column layer{"layer", ColumnType::text, {}, {}, {}, "input layer"};
    Column feature{"feature_id", ColumnType::integer, {}, {}, {}, "feature id in that input"};
    Column issue{"issue", ColumnType::text, {}, {}, {}, "what was found"};
    Column detail{"detail", ColumnType::text, {}, {}, {}, "why, and what was done"};
    for (const QualityRecord& r : quality.records()) {
        layer.text.push_back(r.layer);
        feature.numbers.push_back(static_cast<double>(r.feature_id));
        issue.text.push_back(r.issue);
        detail.text.push_back(r.detail);
    }
    // Counted-only issues (bulk filters) get one summary row each, with no feature id.
    for (auto& [key, n] : quality.counts()) {
        bool has_records = std::any_of(quality.records().begin(), quality.records().end(), [&](auto& r) {
            return r.layer == key.first && r.issue == key.second;
        });
        if (has_records) continue;
        layer.text.push_back(key.first);
        feature.numbers.push_back(std::nan(""));
        issue.text.push_back(key.second);
        detail.text.push_back(std::to_string(n) + " features");
    }
    for (Column* c : {&layer, &issue, &detail}) c->present.assign(c->text.size(), 1);
    t.columns = {layer, feature, issue, detail};
    return t;
}

}  // namespace

namespace {

class StageClock {
public:
    explicit StageClock(std::vector<std::pair<std::string, double>>& out) : out_(out) {}
    void done(const std::string& stage) {
        auto now = std::chrono::steady_clock::now();
        out_.emplace_back(stage, std::chrono::duration<double>(now - last_).count());
        last_ = now;
    }

private:
    std::vector<std::pair<std::string, double>>& out_;
    std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

}  // namespace

AnalysisResult run_analysis(Inputs inputs, const Config& config, const Progress& progress) {
    if (!is_projected_metric(config.analysis_crs))
        throw ConfigError("analysis.crs '" + config.analysis_crs +
                          "' is not a projected CRS in metres; use e.g. EPSG:28992 (RD New)");
    const unsigned threads = resolve_threads(config.threads);
    AnalysisResult result;
    result.config = config;
    DataQuality& quality = result.quality;
    StageClock clock(result.timings);

    std::vector<std::pair<VectorLayer*, std::string>> layers = {{&inputs.neighbourhoods, "neighbourhoods"},
                                                                {&inputs.buildings, "buildings"}};
    if (inputs.water) layers.push_back({&*inputs.water, "water"});
    for (auto& [layer, role] : layers) {
        result.input_sources.push_back(role + ": " + layer->source);
        for (std::int64_t fid : layer->dropped_empty)
            quality.record({role, fid, "dropped_empty_geometry", "no geometry or an empty one"});
        for (std::int64_t fid : layer->dropped_not_polygonal)
            quality.record({role, fid, "dropped_not_polygonal", "not a polygon; this layer needs polygons"});
        if (layer->empty()) {
            if (role == "water") continue;
            throw InputError(layer->source + ": has no polygon features; check that it is the " + role +
                             " layer and that its filter is right");
        }
        reproject(*layer, config.analysis_crs, config.assume_crs);
    }
    clock.done("reproject");
    keep_buildings_in_use(inputs.buildings, config, quality);
    clock.done("filter");
    for (auto& [layer, role] : layers) normalise(*layer, role, quality, threads, progress);
    check_ids(inputs.neighbourhoods, config, quality);
    clock.done("validate and repair");

    const VectorLayer& buurten = inputs.neighbourhoods;
    OverlayResult o = overlay(buurten.geometry, inputs.buildings.geometry,
                              inputs.water ? &inputs.water->geometry : nullptr, threads, progress);
    clock.done("overlay");
    result.timings.pop_back();
    result.timings.insert(result.timings.end(), o.timings.begin(), o.timings.end());
    std::size_t outside = std::count(o.home_neighbourhood.begin(), o.home_neighbourhood.end(), -1);
    quality.count("buildings", "outside_study_area", outside);

    Table& t = result.neighbourhoods;
    t.name = "neighbourhoods";
    t.geometry = buurten.geometry;
    const auto& f = config.neighbourhood_fields;
    t.columns.push_back(text_column(f.id, buurten.text.at(f.id), "buurt id, passed through"));
    for (const std::string& name : {f.name, f.municipality})
        if (const TextColumn* c = buurten.text_column(name)) t.columns.push_back(text_column(name, *c, "passed through"));
    t.columns.push_back(real_column("area_m2", o.area_m2, "buurt area"));
    t.columns.push_back(real_column("water_area_m2", o.water_area_m2, "surface water inside the buurt"));
    t.columns.push_back(real_column("land_area_ha", o.land_area_ha, "buurt area minus water"));
    std::vector<double> counts(o.n_buildings.begin(), o.n_buildings.end());
    t.columns.push_back(Column{"n_buildings", ColumnType::integer, {}, counts, {},
                               "buildings counted here (where most of the footprint lies)"});
    t.columns.push_back(real_column("footprint_area_m2", o.footprint_area_m2, "building footprint inside the buurt"));
    t.columns.push_back(real_column("dist_water_m", o.dist_water_m,
                                    "footprint-weighted mean distance from buildings to the nearest water"));
    result.data_quality = quality_table(quality);
    clock.done("tables");
    return result;
}

}  // namespace warmte
