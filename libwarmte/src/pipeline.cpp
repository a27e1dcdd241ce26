#include "warmte/pipeline.hpp"

#include "warmte/aquathermie.hpp"
#include "warmte/measured.hpp"
#include "warmte/bag_join.hpp"
#include "warmte/cost_choice.hpp"
#include "warmte/cost_inputs.hpp"
#include "warmte/other_supply.hpp"
#include "warmte/roads.hpp"
#include "warmte/build_config.hpp"
#include "warmte/crs.hpp"
#include "warmte/demand.hpp"
#include "warmte/error.hpp"
#include "warmte/network.hpp"
#include "warmte/overlay.hpp"
#include "parallel.hpp"
#include "warmte/normalise.hpp"
#include "warmte/prepare.hpp"
#include "warmte/tables.hpp"

#include <algorithm>

namespace warmte {

const char* version() { return WARMTE_VERSION; }

namespace {

const ParameterTables& tables_of(const Inputs& inputs, const Config& config) {
    if (inputs.tables) return *inputs.tables;
    if (names_table_files(config))
        throw ConfigError("the configuration names table files (demand.*_table, supply.spf_table) but they were not "
                          "read; read them with io::read_parameter_tables");
    return builtin_parameter_tables();
}

}  // namespace

Table rescore(const ScoreInputs& inputs, const BuurtCosting& costs, const Config& config, const CostKentallen& k,
              CostVerdict* verdict_out) {
    Table t;
    t.has_geometry = false;
    Scores scores = compute_scores(inputs, config.score, config.building_rules.reference_year);
    std::optional<CostVerdict> verdict;
    if (costs.size() == inputs.size() && costs.size() > 0) {
        verdict = cost_verdict(costs, scores.phase, config, k);
        if (config.score.decision == "cost") apply_cost_decision(scores, verdict->choice);
    }
    add_score_columns(t, scores);
    if (verdict) add_cost_columns(t, costs, *verdict);
    if (config.sensitivity_samples > 0)
        add_sensitivity_columns(t, compute_sensitivity(inputs, config.score, config.sensitivity_samples,
                                                       config.sensitivity_spread, config.sensitivity_seed));
    if (verdict && verdict_out) *verdict_out = std::move(*verdict);
    return t;
}

AnalysisResult run_analysis(Inputs inputs, const Config& config, const Progress& progress) {
    check_analysis_crs(config);
    const unsigned threads = resolve_threads(config.threads);
    const ParameterTables& tables = tables_of(inputs, config);
    AnalysisResult result;
    result.config = config;
    DataQuality& quality = result.quality;
    StageTimer timer(result.timings);

    reproject_inputs(inputs, config, quality, result.input_sources);
    timer.lap("reproject");
    VectorLayer& buildings = *inputs[Role::buildings];
    const VectorLayer& buurten = *inputs[Role::neighbourhoods];
    keep_buildings_in_use(buildings, config, quality);
    timer.lap("filter");
    repair_inputs(inputs, config, quality, threads, progress);
    timer.lap("validate and repair");
    put_in_canonical_order(inputs);
    timer.lap("canonical order");
    if (const VectorLayer* heights = inputs.get(Role::heights)) join_heights(buildings, *heights, config, quality);
    std::optional<BuildingUnits> units;
    if (const VectorLayer* addresses = inputs.get(Role::addresses)) {
        units = join_addresses(buildings, *addresses, config, quality);
        result.input_sources.push_back("addresses: pand id from field '" +
                                       (units->id_field.empty() ? std::string("(none: by location)") : units->id_field) +
                                       "'");
        timer.lap("join addresses");
    }

    const VectorLayer* water = inputs.get(Role::water);
    OverlayResult overlay = warmte::overlay(buurten.geometry, buildings.geometry, water ? &water->geometry : nullptr,
                                            threads, progress);
    result.timings.insert(result.timings.end(), overlay.timings.begin(), overlay.timings.end());
    timer.restart();
    quality.count("buildings", "outside_study_area",
                  std::count(overlay.home_neighbourhood.begin(), overlay.home_neighbourhood.end(), -1));

    DemandResult demand =
        estimate_demand(buildings, config, tables.demand, threads, progress, quality, units ? &*units : nullptr);
    timer.lap("demand");
    MeasuredUse measured = measured_use(buurten, config);
    std::optional<MeasuredComparison> comparison;
    if (measured.any) {
        comparison = compare_with_measured(demand, overlay, buildings.geometry, measured, buurten, config, quality);
        timer.lap("measured use");
    }
    result.heat_grid = build_heat_grid(buildings.geometry, demand.total_gj, config.grid);
    timer.lap("heat grid");
    HeatNetworkIndicators network = heat_network_indicators(overlay, buildings.geometry, demand.attributes,
                                                            demand.total_gj, result.heat_grid,
                                                            water_buurten(buurten, config), config.network);
    std::optional<std::vector<double>> dist_heat_network;
    if (const VectorLayer* lines = inputs.get(Role::heat_network)) {
        dist_heat_network = footprint_weighted_mean(
            overlay, distance_to_nearest(buildings.geometry, lines->geometry, threads, progress, "distance to heat network"));
        timer.lap("distance to heat network");
    }
    SupplyLayers supply{water, inputs.get(Role::plants), inputs.get(Role::mains), inputs.get(Role::wko)};
    AquathermieResult aquathermie = warmte::aquathermie(supply, buildings.geometry, demand.demand.label, demand.total_gj,
                                                        overlay, network, config, tables.spf, threads, progress, quality);
    timer.lap("aquathermie");

    result.score_inputs = score_inputs(network, aquathermie.matching, aquathermie.wko_share, aquathermie.lt_share,
                                       dist_heat_network ? &*dist_heat_network : nullptr,
                                       linked_works_year(buurten, config.neighbourhood_fields,
                                                         config.building_rules.reference_year));
    std::optional<RoadLengths> roads;
    if (const VectorLayer* r = inputs.get(Role::roads)) {
        std::vector<std::uint8_t> connected(demand.total_gj.size());
        for (std::size_t i = 0; i < connected.size(); ++i)
            connected[i] = demand.total_gj[i] > 0 && !demand.attributes.outbuilding[i];
        roads = road_lengths(r->geometry, buildings.geometry, overlay.home_neighbourhood, connected, buurten.size(),
                             config.costs, threads, progress);
        timer.lap("roads");
    }
    result.cost_inputs = cost_inputs(demand, overlay, network, aquathermie, roads ? &*roads : nullptr, tables.insulation,
                                     config, heat_pump_spf(tables.spf, config.supply.supply_temperature_c));
    result.cost_kentallen = tables.costs;
    const VectorLayer* residual = inputs.get(Role::residual_heat);
    const VectorLayer* geothermal = inputs.get(Role::geothermal);
    OtherSupply other = other_supply(residual, geothermal, buurten.geometry, result.cost_inputs, config,
                                     kentallen_for(tables.costs, config.costs), quality);
    add_other_supply(result.cost_inputs, other);
    result.neighbourhoods = neighbourhood_table(
        buurten, {overlay, network, dist_heat_network ? &*dist_heat_network : nullptr, aquathermie}, config);
    if (residual) add_residual_heat_columns(result.neighbourhoods, other);
    if (comparison) add_measured_columns(result.neighbourhoods, measured, *comparison, config);
    CostVerdict verdict;
    Table scores = rescore(result.score_inputs, result.cost_inputs, config, result.cost_kentallen, &verdict);
    for (Column& c : scores.columns) result.neighbourhoods.columns.push_back(std::move(c));
    result.costs = cost_table(*result.neighbourhoods.find(config.neighbourhood_fields.id), verdict);
    timer.lap("scores");

    if (config.output.buildings_layer)
        result.buildings = building_table(buildings, demand, overlay, result.heat_grid, buurten, config);
    bool per_building = config.output.grid_buildings && config.output.buildings_layer;
    std::vector<GridSummary> grids =
        summarise_grids(inputs.rasters, inputs.vector_grids, inputs.grid_notes, buurten.geometry,
                        per_building ? &buildings.geometry : nullptr, config, quality);
    for (const GridSummary& g : grids) result.input_sources.push_back("grid " + g.name + ": " + g.source);
    add_grid_columns(result.neighbourhoods, per_building ? &result.buildings : nullptr, grids);
    timer.lap("grids");

    add_allocation_tables(result.sources, result.allocation, aquathermie, buurten, config);
    result.data_quality = quality_table(quality);
    timer.lap("tables");
    return result;
}

Table potential_sources(Inputs inputs, const Config& config, DataQuality& quality) {
    std::vector<std::string> sources;
    reproject_inputs(inputs, config, quality, sources);
    const VectorLayer* water = inputs.get(Role::water);
    if (water) normalise(*inputs[Role::water], "water", quality, resolve_threads(config.threads), {});
    SourceSet set = build_sources(water, inputs.get(Role::plants), inputs.get(Role::mains), config,
                                  tables_of(inputs, config).spf, quality);
    return source_table(set, std::vector<double>(set.size(), 0.0), std::vector<std::vector<std::string>>(set.size()));
}

}  // namespace warmte
