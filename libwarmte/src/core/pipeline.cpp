#include "warmte/pipeline.hpp"

#include "warmte/build_config.hpp"
#include "warmte/crs.hpp"
#include "warmte/demand.hpp"
#include "warmte/network.hpp"
#include "warmte/matching.hpp"
#include "warmte/planar.hpp"
#include "warmte/score.hpp"
#include "warmte/spatial_index.hpp"
#include "warmte/supply.hpp"
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
    r.optional_text = {f.name, f.municipality, f.water_flag};
    r.optional_numbers = {f.gas_main_renewal_year, f.sewer_works_year, f.renovation_year};
    r.hints[f.id] = "fields.neighbourhoods.id";
    return r;
}

FieldRequest building_fields(const Config& config) {
    const BuildingFields& f = config.building_fields;
    FieldRequest r;
    r.optional_text = {f.id, f.status, f.use};
    r.optional_numbers = {f.year, f.floor_area, f.dwellings, f.storeys, f.roof_height, f.ground_height};
    return r;
}

FieldRequest water_fields(const Config& config) {
    FieldRequest r;
    r.optional_text = {config.water_fields.type};
    r.optional_numbers = {config.water_fields.discharge, config.water_fields.width};
    return r;
}

FieldRequest plant_fields(const Config& config) {
    FieldRequest r;
    r.optional_numbers = {config.source_fields.plant_flow};
    return r;
}

FieldRequest mains_fields(const Config& config) {
    FieldRequest r;
    r.optional_numbers = {config.source_fields.mains_flow};
    return r;
}

FieldRequest grid_fields(const Config&) {
    FieldRequest r;
    r.all_numbers = true;
    return r;
}

FieldRequest wko_fields(const Config& config) {
    FieldRequest r;
    r.required_text = {config.source_fields.wko_class};
    r.hints[config.source_fields.wko_class] = "fields.wko.class";
    return r;
}

FieldRequest heat_network_fields(const Config&) { return {}; }

namespace {

Column pass_through_column(const std::string& name, const TextColumn& source, const std::string& description) {
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

std::vector<std::uint8_t> water_buurten(const VectorLayer& buurten, const Config& config) {
    std::vector<std::uint8_t> flags(buurten.size(), 0);
    if (const TextColumn* water = buurten.text_column(config.neighbourhood_fields.water_flag))
        for (std::size_t b = 0; b < flags.size(); ++b) flags[b] = water->present[b] && water->values[b] == "JA";
    return flags;
}

Table building_table(const VectorLayer& buildings, const BuildingAttributes& a, const BuildingDemand& d,
                     const OverlayResult& o, const HeatGrid& grid, const VectorLayer& buurten, const Config& config) {
    Table t;
    t.name = "buildings";
    t.geometry = buildings.geometry;
    const std::size_t n = buildings.size();
    Column id{config.building_fields.id, ColumnType::text, {}, {}, {}, "building id, passed through"};
    Column buurt{config.neighbourhood_fields.id, ColumnType::text, {}, {}, {}, "buurt holding most of the footprint"};
    Column type{"building_type", ColumnType::text, {}, {}, {}, "dwelling type from geometry (Vesta)"};
    Column label{"label", ColumnType::text, {}, {}, {}, "default energy label by construction year"};
    Column year{"year", ColumnType::integer, {}, {}, {}, "construction year used"};
    Column floor{"floor_area_m2", ColumnType::real, {}, {}, {}, "usable floor area"};
    Column storeys{"storeys", ColumnType::integer, {}, {}, {}, "storeys used"};
    Column dwellings{"n_dwellings", ColumnType::integer, {}, {}, {}, "dwellings"};
    Column space{"space_heat_gj", ColumnType::real, {}, {}, {}, "space heating, GJ/yr"};
    Column water{"hot_water_gj", ColumnType::real, {}, {}, {}, "hot tap water, GJ/yr"};
    Column total{"heat_demand_gj", ColumnType::real, {}, {}, {}, "space heating + hot tap water, GJ/yr"};
    Column dh{"in_dh_area", ColumnType::integer, {}, {}, {}, "1 when in a DH potential area"};
    Column estimated{"estimated", ColumnType::text, {}, {}, {}, "attributes that were estimated"};
    const TextColumn* ids = buildings.text_column(config.building_fields.id);
    const TextColumn& codes = buurten.text.at(config.neighbourhood_fields.id);
    for (std::size_t i = 0; i < n; ++i) {
        id.text.push_back(ids && ids->present[i] ? ids->values[i] : std::to_string(buildings.feature_ids[i]));
        int home = o.home_neighbourhood[i];
        buurt.text.push_back(home >= 0 ? codes.values[home] : "");
        buurt.present.push_back(home >= 0);
        type.text.push_back(type_name(d.type[i]));
        label.text.push_back(d.label[i]);
        year.numbers.push_back(a.year[i]);
        floor.numbers.push_back(a.floor_area_m2[i]);
        storeys.numbers.push_back(a.storeys[i]);
        dwellings.numbers.push_back(a.dwellings[i]);
        space.numbers.push_back(d.space_heat_gj[i]);
        water.numbers.push_back(d.hot_water_gj[i]);
        total.numbers.push_back(d.total(i));
        dh.numbers.push_back(grid.building_in_dh_area(i) ? 1 : 0);
        std::string e;
        const char* names[] = {"floor_area", "storeys", "dwellings", "year", "use"};
        for (int bit = 0; bit < 5; ++bit)
            if ((a.estimated[i] >> bit) & 1) e += (e.empty() ? "" : ",") + std::string(names[bit]);
        estimated.text.push_back(e);
    }
    for (Column* c : {&id, &type, &label, &estimated}) c->present.assign(n, 1);
    t.columns = {id, buurt, type, label, year, floor, storeys, dwellings, space, water, total, dh, estimated};
    return t;
}

// WKO suitability per building: its centroid lies in a polygon of a suitable class. Without a
// WKO layer every building counts as suitable, and the data-quality log says so.
std::vector<std::uint8_t> wko_suitable(const Inputs& inputs, const Config& config, DataQuality& quality) {
    const std::size_t n = inputs.buildings.size();
    if (!inputs.wko) {
        quality.count("wko", "layer_absent_all_buildings_assumed_suitable", n);
        return std::vector<std::uint8_t>(n, 1);
    }
    const VectorLayer& wko = *inputs.wko;
    const TextColumn& classes = wko.text.at(config.source_fields.wko_class);
    const auto& suitable = config.supply.wko_suitable_classes;
    PolygonArray points;
    for (std::size_t i = 0; i < n; ++i) {
        auto [x, y] = centroid(inputs.buildings.geometry, i);
        double xy[2] = {x, y};
        points.begin_feature();
        points.begin_polygon();
        points.add_ring(xy);
    }
    SpatialIndex index(wko.geometry);
    std::vector<std::uint8_t> out(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
        index.query(points.bounds(i), [&](std::uint32_t w) {
            if (out[i] || !classes.present[w]) return;
            if (std::find(suitable.begin(), suitable.end(), classes.values[w]) == suitable.end()) return;
            if (planar::polygon_distance(points, i, wko.geometry, w) == 0.0) out[i] = 1;
        });
    }
    return out;
}

Table quality_table(const DataQuality& quality) {
    Table t;
    t.name = "data_quality";
    t.has_geometry = false;
    std::vector<std::string> layer, issue, detail;
    std::vector<double> feature;
    std::set<std::pair<std::string, std::string>> recorded;
    for (const QualityRecord& r : quality.records()) {
        layer.push_back(r.layer);
        feature.push_back(static_cast<double>(r.feature_id));
        issue.push_back(r.issue);
        detail.push_back(r.detail);
        recorded.insert({r.layer, r.issue});
    }
    // Counted-only issues (bulk filters) get one summary row each, with no feature id.
    for (auto& [key, n] : quality.counts()) {
        if (recorded.count(key)) continue;
        layer.push_back(key.first);
        feature.push_back(std::nan(""));
        issue.push_back(key.second);
        detail.push_back(std::to_string(n) + " features");
    }
    t.columns = {text_column("layer", std::move(layer), "input layer"),
                 Column{"feature_id", ColumnType::integer, {}, std::move(feature), {}, "feature id in that input"},
                 text_column("issue", std::move(issue), "what was found"),
                 text_column("detail", std::move(detail), "why, and what was done")};
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

ScoreInputs score_inputs_of(const Table& t, const VectorLayer& buurten, const Config& config) {
    auto column = [&](const char* name) {
        const Column* c = t.find(name);
        return c ? c->numbers : std::vector<double>(t.rows(), std::nan(""));
    };
    ScoreInputs in;
    in.heat_density_gj_ha = column("heat_density_gj_ha");
    in.linear_heat_density_mwh_m = column("linear_heat_density_gj_m");
    for (double& x : in.linear_heat_density_mwh_m) x /= 3.6;  // GJ/m -> MWh/m
    in.dwelling_density_ha = column("dwelling_density_ha");
    in.aquathermie_coverage = column("aquathermie_coverage");
    in.source_distance_m = column("dist_aquathermie_source_m");
    in.wko_share = column("wko_share");
    in.lt_share = column("lt_share");
    in.dist_heat_network_m = column("dist_heat_network_m");
    std::vector<double> tea = column("tea_gj"), ted = column("ted_gj");
    for (std::size_t b = 0; b < tea.size(); ++b) in.other_supply_gj.push_back(tea[b] + ted[b]);
    // Linked works: the earliest year any of the optional fields names.
    in.linked_works_year.assign(t.rows(), std::nan(""));
    const auto& f = config.neighbourhood_fields;
    for (const std::string& name : {f.gas_main_renewal_year, f.sewer_works_year, f.renovation_year}) {
        auto it = buurten.numbers.find(name);
        if (it == buurten.numbers.end()) continue;
        for (std::size_t b = 0; b < t.rows(); ++b) {
            double y = it->second.values[b];
            if (std::isfinite(y) && !(y >= in.linked_works_year[b])) in.linked_works_year[b] = y;
        }
    }
    return in;
}

// A copy of `polygons` (in the analysis CRS) in another CRS.
PolygonArray in_crs(const PolygonArray& polygons, const std::string& analysis_crs, const std::string& target,
                    const std::string& source) {
    VectorLayer copy;
    copy.source = source;
    copy.crs = analysis_crs;
    copy.geometry = polygons;
    reproject(copy, target, "");
    return copy.geometry;
}

void add_grid_columns(AnalysisResult& result, Inputs& inputs) {
    const Config& config = result.config;
    Table& t = result.neighbourhoods;
    for (const std::string& note : inputs.grid_notes) result.quality.record({"grids", -1, "band_assumed", note});
    for (auto& [name, band] : inputs.rasters) {
        result.input_sources.push_back("grid " + name + ": " + band.source);
        ZonalStats z = zonal_stats(in_crs(inputs.neighbourhoods.geometry, config.analysis_crs, band.crs, band.source), band);
        if (std::none_of(z.overlaps.begin(), z.overlaps.end(), [](auto o) { return o != 0; }))
            result.quality.record({"grids", -1, "grid_no_overlap",
                                   band.source + " does not overlap any buurt: its statistics are missing"});
        t.columns.push_back(real_column(name + "_count", z.count, "covered cells with data (fractions add)"));
        t.columns.push_back(real_column(name + "_sum", z.sum, "sum of value x covered fraction"));
        t.columns.push_back(real_column(name + "_mean", z.mean, "coverage-weighted mean"));
        t.columns.push_back(real_column(name + "_min", z.min, "minimum over covered cells"));
        t.columns.push_back(real_column(name + "_max", z.max, "maximum over covered cells"));
        t.columns.push_back(real_column(name + "_nodata", z.nodata, "covered cells without data"));
        if (config.inputs.grid_buildings && !result.buildings.columns.empty()) {
            ZonalStats b = zonal_stats(in_crs(inputs.buildings.geometry, config.analysis_crs, band.crs, band.source), band);
            result.buildings.columns.push_back(real_column(name + "_mean", b.mean, "coverage-weighted mean over the footprint"));
            result.buildings.columns.push_back(real_column(name + "_sum", b.sum, "value x covered fraction"));
        }
    }
    for (auto& [name, grid] : inputs.vector_grids) {
        result.input_sources.push_back("grid " + name + ": " + grid.source);
        reproject(grid, config.analysis_crs, config.assume_crs);
        std::size_t suppressed = 0;
        for (auto& [column, values] : grid.numbers)
            for (double v : values.values) suppressed += v <= config.grid.suppressed_at_or_below;
        result.quality.count("grids", name + ": suppressed_values_missing", suppressed);
        for (auto& [column, values] :
             apportion(inputs.neighbourhoods.geometry, grid, config.grid.intensive_columns, config.grid.suppressed_at_or_below))
            t.columns.push_back(real_column(name + "_" + column, values, "apportioned from " + grid.source));
    }
}

Table source_table(const SourceSet& sources, const std::vector<double>& allocated,
                   const std::vector<std::vector<std::string>>& served) {
    Table s;
    s.name = "sources";
    s.geometry = sources.shapes;
    s.kinds = sources.kinds;
    std::vector<std::string> types, served_list;
    std::vector<double> used, served_count;
    for (std::size_t k = 0; k < sources.size(); ++k) {
        types.push_back(source_type_name(sources.type[k]));
        used.push_back(sources.delivered_gj[k] > 0 ? allocated[k] / sources.delivered_gj[k] : 0.0);
        std::string list;
        for (auto& c : served[k]) list += (list.empty() ? "" : ",") + c;
        served_list.push_back(list);
        served_count.push_back(static_cast<double>(served[k].size()));
    }
    s.columns = {text_column("source_id", sources.id, "input layer and feature id"),
                 text_column("source_type", types, "teo (surface water), tea (waste water), ted (drinking water)"),
                 text_column("water_kind", sources.water_kind, "stagnant or flowing (TEO)"),
                 real_column("area_m2", sources.area_m2, "water surface (TEO)"),
                 real_column("flow", sources.flow, "discharge m3/s (TEO) or flow m3/day (TEA, TED)"),
                 real_column("potential_source_gj", sources.source_gj, "heat taken from the water, GJ/yr"),
                 real_column("potential_delivered_gj", sources.delivered_gj, "after the heat pump, GJ/yr"),
                 real_column("allocated_gj", allocated, "delivered heat allocated to buurten"),
                 real_column("used_share", used, "allocated / delivered potential"),
                 Column{"n_buurten_served", ColumnType::integer, {}, served_count, {}, "buurten served"},
                 text_column("buurten_served", served_list, "codes of the buurten served, nearest first")};
    return s;
}

void add_aquathermie(AnalysisResult& result, const Inputs& inputs, const OverlayResult& o, const HeatNetworkIndicators& hn,
                     const BuildingDemand& demand, const std::vector<double>& building_total, unsigned threads,
                     const Progress& progress) {
    const Config& config = result.config;
    SourceSet sources = build_sources(inputs.water ? &*inputs.water : nullptr, inputs.plants ? &*inputs.plants : nullptr,
                                      inputs.mains ? &*inputs.mains : nullptr, config, result.quality);
    std::vector<std::uint8_t> suitable = wko_suitable(inputs, config, result.quality);
    const auto& labels = config.supply.teo_labels;
    std::vector<double> teo_demand(building_total.size());
    for (std::size_t i = 0; i < teo_demand.size(); ++i) {
        bool label_ok = std::find(labels.begin(), labels.end(), demand.label[i]) != labels.end();
        teo_demand[i] = (suitable[i] && label_ok) ? building_total[i] : 0.0;
    }
    // Demand-weighted shares per buurt: in a suitable WKO zone, and in label E or better.
    std::vector<double> wko_gj(hn.heat_demand_gj.size(), 0.0), lt_gj(hn.heat_demand_gj.size(), 0.0);
    for (const BuildingPiece& piece : o.pieces) {
        double gj = building_total[piece.building] * piece.area_m2 / inputs.buildings.geometry.area(piece.building);
        if (suitable[piece.building]) wko_gj[piece.neighbourhood] += gj;
        if (std::find(labels.begin(), labels.end(), demand.label[piece.building]) != labels.end())
            lt_gj[piece.neighbourhood] += gj;
    }
    for (std::size_t b = 0; b < wko_gj.size(); ++b) {
        double total = hn.heat_demand_gj[b];
        wko_gj[b] = total > 0 ? wko_gj[b] / total : std::nan("");
        lt_gj[b] = total > 0 ? lt_gj[b] / total : std::nan("");
    }
    std::vector<Reach> reach = compute_reach(sources, inputs.buildings.geometry, o, teo_demand, building_total,
                                             config.supply.max_reach_m, config.supply.reach_cluster_cell_m, threads,
                                             progress);
    MatchingResult m = match_supply(sources, reach, hn.heat_demand_gj, hn.dwellings, hn.dwelling_density_ha, config.supply);

    Table& t = result.neighbourhoods;
    t.columns.push_back(real_column("teo_gj", m.teo_gj, "heat from surface water allocated here, GJ/yr delivered"));
    t.columns.push_back(real_column("tea_gj", m.tea_gj, "heat from waste water allocated here, GJ/yr delivered"));
    t.columns.push_back(real_column("ted_gj", m.ted_gj, "heat from drinking water allocated here, GJ/yr delivered"));
    t.columns.push_back(real_column("aquathermie_coverage", m.coverage, "allocated aquathermie / heat demand"));
    t.columns.push_back(real_column("dist_aquathermie_source_m", m.distance_m,
                                    "allocation-weighted distance from the buildings to the serving sources"));
    t.columns.push_back(text_column("aquathermie_note", m.note, "why a buurt got no aquathermie (project-size rules)"));
    t.columns.push_back(real_column("wko_share", wko_gj, "share of demand in buildings in a suitable WKO zone"));
    t.columns.push_back(real_column("lt_share", lt_gj, "share of demand in buildings of label E or better"));
    if (sources.size() == 0) return;

    const TextColumn& codes = inputs.neighbourhoods.text.at(config.neighbourhood_fields.id);
    std::vector<std::vector<std::string>> served(sources.size());
    for (const Allocation& a : m.allocations) served[a.source].push_back(codes.values[a.neighbourhood]);
    result.sources = source_table(sources, m.source_allocated_gj, served);

    Table& a = result.allocation;
    a.name = "allocation";
    a.kinds.assign(m.allocations.size(), GeometryKind::line);
    std::vector<std::string> from, to, kinds;
    std::vector<double> gj, distance;
    for (const Allocation& al : m.allocations) {
        auto [sx, sy] = centroid(sources.shapes, al.source);
        auto [bx, by] = centroid(inputs.neighbourhoods.geometry, al.neighbourhood);
        double ring[] = {sx, sy, bx, by, sx, sy};  // a line, there and back
        a.geometry.begin_feature();
        a.geometry.begin_polygon();
        a.geometry.add_ring(ring);
        from.push_back(sources.id[al.source]);
        kinds.push_back(source_type_name(sources.type[al.source]));
        to.push_back(codes.values[al.neighbourhood]);
        gj.push_back(al.gj);
        distance.push_back(al.distance_m);
    }
    a.columns = {text_column("source_id", from, "source"), text_column("source_type", kinds, "teo, tea or ted"),
                 text_column(config.neighbourhood_fields.id, to, "buurt served"),
                 real_column("allocated_gj", gj, "delivered heat, GJ/yr"),
                 real_column("distance_m", distance, "demand-weighted distance from the buildings to the source")};
}

Table potential_sources(std::optional<VectorLayer> water, std::optional<VectorLayer> water_lines,
                        std::optional<VectorLayer> plants, std::optional<VectorLayer> mains, const Config& config,
                        DataQuality& quality) {
    for (auto* layer : {&water, &water_lines, &plants, &mains})
        if (*layer) reproject(**layer, config.analysis_crs, config.assume_crs);
    if (water && water_lines) add_buffered_lines(*water, *water_lines, config, quality);
    if (water) normalise(*water, "water", quality, resolve_threads(config.threads), {});
    SourceSet sources = build_sources(water ? &*water : nullptr, plants ? &*plants : nullptr,
                                      mains ? &*mains : nullptr, config, quality);
    return source_table(sources, std::vector<double>(sources.size(), 0.0),
                        std::vector<std::vector<std::string>>(sources.size()));
}

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
    if (inputs.water_lines && inputs.water) {
        reproject(*inputs.water_lines, config.analysis_crs, config.assume_crs);
        add_buffered_lines(*inputs.water, *inputs.water_lines, config, quality);
    }
    // Lines and points are reprojected but not repaired: validity is a polygon notion.
    for (auto& [layer, role] : std::vector<std::pair<std::optional<VectorLayer>*, std::string>>{
             {&inputs.heat_network, "heat network"}, {&inputs.plants, "plants"}, {&inputs.mains, "mains"}}) {
        if (!*layer) continue;
        result.input_sources.push_back(role + ": " + (*layer)->source);
        reproject(**layer, config.analysis_crs, config.assume_crs);
    }
    if (inputs.wko) layers.push_back({&*inputs.wko, "wko"});
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

    // Heat demand per building, then per buurt through the pieces (split by intersected area).
    DemandTables tables = load_demand_tables(config.demand);
    BuildingAttributes attributes = derive_attributes(inputs.buildings, config, tables, quality);
    std::vector<BuildingType> types =
        classify_building_types(inputs.buildings.geometry, attributes, config.building_rules, threads, progress);
    BuildingDemand demand = compute_demand(attributes, std::move(types), tables, config.demand);
    clock.done("demand");
    std::vector<double> building_total(inputs.buildings.size());
    for (std::size_t i = 0; i < building_total.size(); ++i) building_total[i] = demand.total(i);
    result.heat_grid = build_heat_grid(inputs.buildings.geometry, building_total, config.grid);
    clock.done("heat grid");
    HeatNetworkIndicators hn = heat_network_indicators(o, inputs.buildings.geometry, attributes, building_total,
                                                       result.heat_grid, water_buurten(buurten, config), config.network);

    Table& t = result.neighbourhoods;
    t.name = "neighbourhoods";
    t.geometry = buurten.geometry;
    const auto& f = config.neighbourhood_fields;
    t.columns.push_back(pass_through_column(f.id, buurten.text.at(f.id), "buurt id, passed through"));
    for (const std::string& name : {f.name, f.municipality})
        if (const TextColumn* c = buurten.text_column(name)) t.columns.push_back(pass_through_column(name, *c, "passed through"));
    t.columns.push_back(real_column("area_m2", o.area_m2, "buurt area"));
    t.columns.push_back(real_column("water_area_m2", o.water_area_m2, "surface water inside the buurt"));
    t.columns.push_back(real_column("land_area_ha", o.land_area_ha, "buurt area minus water"));
    std::vector<double> counts(o.n_buildings.begin(), o.n_buildings.end());
    t.columns.push_back(Column{"n_buildings", ColumnType::integer, {}, counts, {},
                               "buildings counted here (where most of the footprint lies)"});
    t.columns.push_back(real_column("footprint_area_m2", o.footprint_area_m2, "building footprint inside the buurt"));
    t.columns.push_back(real_column("dist_water_m", o.dist_water_m,
                                    "footprint-weighted mean distance from buildings to the nearest water"));
    t.columns.push_back(real_column("floor_area_m2", hn.floor_area_m2, "usable floor area, split by intersected area"));
    t.columns.push_back(real_column("n_dwellings", hn.dwellings, "dwellings, split by intersected area"));
    t.columns.push_back(real_column("heat_demand_gj", hn.heat_demand_gj, "space heating + hot tap water, GJ/yr"));
    t.columns.push_back(real_column("heat_density_gj_ha", hn.heat_density_gj_ha, "heat demand per ha of land"));
    t.columns.push_back(real_column("plot_ratio", hn.plot_ratio, "floor area per m2 of land"));
    t.columns.push_back(real_column("linear_heat_density_gj_m", hn.linear_heat_density_gj_m,
                                    "heat demand per metre of trench (Persson effective width)"));
    t.columns.push_back(real_column("dwelling_density_ha", hn.dwelling_density_ha, "dwellings per ha of land"));
    t.columns.push_back(real_column("dh_area_share", hn.dh_area_share, "share of demand inside DH potential areas"));
    if (inputs.heat_network) {
        std::vector<double> to_network = distance_to_nearest(inputs.buildings.geometry, inputs.heat_network->geometry,
                                                             threads, progress, "distance to heat network");
        t.columns.push_back(real_column("dist_heat_network_m", footprint_weighted_mean(o, to_network),
                                        "footprint-weighted mean distance from buildings to the existing heat network"));
        clock.done("distance to heat network");
    }
    add_aquathermie(result, inputs, o, hn, demand, building_total, threads, progress);
    clock.done("aquathermie");
    result.score_inputs = score_inputs_of(t, buurten, config);
    add_score_columns(t, compute_scores(result.score_inputs, config.score, config.building_rules.reference_year));
    if (config.sensitivity_samples > 0)
        add_sensitivity_columns(t, compute_sensitivity(result.score_inputs, config.score, config.sensitivity_samples,
                                                       config.sensitivity_spread, config.sensitivity_seed));
    clock.done("scores");
    if (config.inputs.buildings_layer)
        result.buildings = building_table(inputs.buildings, attributes, demand, o, result.heat_grid, buurten, config);
    add_grid_columns(result, inputs);
    clock.done("grids");
    result.data_quality = quality_table(quality);
    clock.done("tables");
    return result;
}

}  // namespace warmte
