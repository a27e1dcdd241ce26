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
#include "warmte/spatial_index.hpp"
#include "warmte/supply.hpp"
#include "warmte/tables.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

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
              CostVerdict* verdict_out, CostMemo* memo) {
    Table t;
    t.has_geometry = false;
    Scores scores =
        compute_scores(inputs, config.score, config.building_rules.reference_year, resolve_threads(config.threads));
    std::optional<CostVerdict> verdict;
    if (costs.size() == inputs.size() && costs.size() > 0) {
        verdict = cost_verdict(costs, scores.phase, config, k, memo);
        if (config.score.decision == "cost") apply_cost_decision(scores, verdict->choice);
    }
    add_score_columns(t, scores);
    if (verdict) {
        if (memo && !memo->cost_columns)
            memo->cost_columns = std::make_shared<const std::vector<Column>>(variant_cost_columns(costs, *verdict->costs));
        add_cost_columns(t, costs, *verdict, memo ? memo->cost_columns.get() : nullptr);
    }
    if (config.sensitivity_samples > 0)
        add_sensitivity_columns(t, compute_sensitivity(inputs, config.score, config.sensitivity_samples,
                                                       config.sensitivity_spread, config.sensitivity_seed));
    if (verdict && verdict_out) *verdict_out = std::move(*verdict);
    return t;
}

namespace {

// The stages every run computes on the buurten it read, up to the demand: preparing the inputs,
// the overlay with buurten and water, the demand and its comparison with measured use.
struct LocalStages {
    OverlayResult overlay;
    DemandResult demand;
    std::optional<BuildingUnits> units;
    MeasuredUse measured;
    std::optional<MeasuredComparison> comparison;
};

// `distances_for`: the buurten whose buildings' distance to water is measured (all when null).
LocalStages local_stages(Inputs& inputs, const Config& config, const ParameterTables& tables, unsigned threads,
                         const Progress& progress, DataQuality& quality, std::vector<std::string>& input_sources,
                         StageTimings& timings, const std::vector<std::uint8_t>* distances_for = nullptr) {
    StageTimer timer(timings);
    LocalStages L;
    reproject_inputs(inputs, config, quality, input_sources);
    timer.lap("reproject");
    VectorLayer& buildings = *inputs[Role::buildings];
    const VectorLayer& buurten = *inputs[Role::neighbourhoods];
    keep_buildings_in_use(buildings, config, quality);
    // Status and history only filter: the later stages, which copy and reorder the layer, go
    // without them. The pand id stays for the duplicate check and the joins.
    const bool buildings_layer = config.output.buildings_layer;
    const std::string& id_field = config.building_fields.id;
    const std::string& use_field = config.building_fields.use;
    buildings.release_columns({id_field, use_field}, true);
    timer.lap("filter");
    repair_inputs(inputs, config, quality, threads, progress);
    // The duplicate check is done; without a join to make, the pand id need not be reordered.
    if (!buildings_layer && !inputs.get(Role::heights) && !inputs.get(Role::addresses))
        buildings.release_columns({use_field}, true);
    timer.lap("validate and repair");
    put_in_canonical_order(inputs, threads);
    timer.lap("canonical order");
    if (const VectorLayer* heights = inputs.get(Role::heights)) join_heights(buildings, *heights, config, quality);
    if (const VectorLayer* addresses = inputs.get(Role::addresses)) {
        L.units = join_addresses(buildings, *addresses, config, quality);
        input_sources.push_back("addresses: pand id from field '" +
                                (L.units->id_field.empty() ? std::string("(none: by location)") : L.units->id_field) +
                                "'");
        timer.lap("join addresses");
    }
    // After the joins the demand reads the use and the numbers; the buildings layer the id.
    if (!buildings_layer) buildings.release_columns({use_field}, true);
    const VectorLayer* water = inputs.get(Role::water);
    L.overlay = warmte::overlay(buurten.geometry, buildings.geometry, water ? &water->geometry : nullptr, threads,
                                progress, distances_for);
    timings.insert(timings.end(), L.overlay.timings.begin(), L.overlay.timings.end());
    timer.restart();
    quality.count("buildings", "outside_study_area",
                  std::count(L.overlay.home_neighbourhood.begin(), L.overlay.home_neighbourhood.end(), -1));
    L.demand = estimate_demand(buildings, config, tables.demand, threads, progress, quality, L.units ? &*L.units : nullptr,
                               L.overlay.building_index.get());
    L.overlay.building_index.reset();
    if (config.demand.practice_factor && !tables.demand.local_practice.empty())
        quality.count("buildings", "local_practice_factor_applied",
                      apply_local_practice_factors(L.demand, L.overlay.home_neighbourhood,
                                                   buurten.text.at(config.neighbourhood_fields.id).values,
                                                   tables.demand.local_practice));
    if (!buildings_layer) buildings.release_columns({}, false);  // the demand holds what it derived
    timer.lap("demand");
    L.measured = measured_use(buurten, config);
    if (L.measured.any) {
        L.comparison = compare_with_measured(L.demand, L.overlay, buildings.geometry, L.measured, buurten, config, quality);
        timer.lap("measured use");
    }
    return L;
}

// Per building: whether this run reports it (its home buurt is one it reports).
std::vector<std::uint8_t> owned_buildings(const OverlayResult& overlay, const std::optional<PartitionScope>& scope) {
    std::vector<std::uint8_t> owned(overlay.home_neighbourhood.size());
    for (std::size_t i = 0; i < owned.size(); ++i) {
        const int home = overlay.home_neighbourhood[i];
        owned[i] = home >= 0 && (!scope || scope->own[home]);
    }
    return owned;
}

// Per building: whether any of its pieces lies in a buurt this run reports. Such a building's
// demand, type and distances enter those buurten' sums, whichever partition owns it, so every
// check of what a partition read covers them all.
std::vector<std::uint8_t> counted_buildings(const OverlayResult& overlay, const PartitionScope& scope) {
    std::vector<std::uint8_t> counted(overlay.home_neighbourhood.size(), 0);
    for (const BuildingPiece& piece : overlay.pieces)
        if (scope.own[piece.neighbourhood]) counted[piece.building] = 1;
    return counted;
}

// The roles warmte batch cannot split yet: what they measure reaches across partitions in ways
// the halo check does not cover (residual heat and geothermal are allocated over 20 km; roads
// are shared between the buurten of the buildings joining them).
void check_partition_roles(const Inputs& inputs) {
    for (Role r : {Role::residual_heat, Role::geothermal, Role::roads})
        if (inputs.get(r))
            throw ConfigError(std::string("warmte batch does not split the ") + input_role(r).label +
                              " input yet; run warmte analyse on the whole study area, or leave inputs." +
                              input_role(r).name + " out of the project for the batch");
}

// Distances a partition measured only mean the same as in the whole when the nearest target
// found is no farther than the margin between the building and the edge of what was read.
double margin_in(const Box& b, const Box& window) {
    return std::min({b.min_x - window.min_x, b.min_y - window.min_y, window.max_x - b.max_x, window.max_y - b.max_y});
}

void check_within_window(const GeometryArray& buildings, const std::vector<std::uint8_t>& counted,
                         const std::vector<double>& distance, const PartitionScope& scope,
                         const std::vector<std::int64_t>& feature_ids, const char* what) {
    for (std::size_t i = 0; i < counted.size(); ++i) {
        if (!counted[i] || !std::isfinite(distance[i])) continue;
        if (distance[i] > margin_in(buildings.bounds(i), scope.window))
            throw HaloTooSmall("partition " + scope.id + ": building " + std::to_string(feature_ids[i]) + " has its " +
                               what + " " + std::to_string(static_cast<long long>(std::ceil(distance[i]))) +
                               " m away, farther than the halo read around the partition reaches; raise "
                               "batch.halo_m above that distance and run the batch again");
    }
}

// The dwelling type looks at the buildings touching a building and at theirs: every building a
// counted one may touch, and what that one touches, must lie inside what was read. Near the edge
// the candidates are the buildings whose box comes within the touch distance (a superset).
void check_neighbours_within_window(const GeometryArray& buildings, const std::vector<std::uint8_t>& counted,
                                    double touch_m, const PartitionScope& scope,
                                    const std::vector<std::int64_t>& feature_ids) {
    double largest = 0;
    for (std::size_t i = 0; i < buildings.size(); ++i) {
        const Box b = buildings.bounds(i);
        largest = std::max(largest, std::max(b.max_x - b.min_x, b.max_y - b.min_y));
    }
    std::optional<SpatialIndex> index;
    for (std::size_t i = 0; i < counted.size(); ++i) {
        if (!counted[i]) continue;
        const Box b = buildings.bounds(i);
        const double margin = margin_in(b, scope.window);
        if (margin >= largest + 2 * touch_m) continue;  // even the largest neighbour lies inside
        bool inside = margin >= touch_m;
        if (inside) {
            if (!index) index.emplace(buildings);
            index->query({b.min_x - touch_m, b.min_y - touch_m, b.max_x + touch_m, b.max_y + touch_m},
                         [&](std::uint32_t j) { inside = inside && margin_in(buildings.bounds(j), scope.window) >= touch_m; });
        }
        if (!inside)
            throw HaloTooSmall("partition " + scope.id + ": building " + std::to_string(feature_ids[i]) +
                               " has neighbours (for its dwelling type) near the edge of the halo read; raise "
                               "batch.halo_m and run the batch again");
    }
}

}  // namespace

AnalysisResult run_analysis(Inputs inputs, const Config& config, const Progress& progress) {
    check_analysis_crs(config);
    const unsigned threads = resolve_threads(config.threads);
    const ParameterTables& tables = tables_of(inputs, config);
    const std::optional<PartitionScope> scope = inputs.partition;
    const GlobalPhase* global = inputs.global.get();
    if (scope && !global) throw ConfigError("a partition is finished with the whole-area phase's result; run the batch");
    if (scope) check_partition_roles(inputs);
    AnalysisResult result;
    result.config = config;
    DataQuality& quality = result.quality;
    // A partition measures distances for its own buurten's buildings only.
    LocalStages L = local_stages(inputs, config, tables, threads, progress, quality, result.input_sources, result.timings,
                                 scope ? &scope->own : nullptr);
    StageTimer timer(result.timings);
    VectorLayer& buildings = *inputs[Role::buildings];
    const VectorLayer& buurten = *inputs[Role::neighbourhoods];
    const OverlayResult& overlay = L.overlay;
    const DemandResult& demand = L.demand;
    const std::vector<std::uint8_t> owned = owned_buildings(overlay, scope);
    const std::vector<std::uint8_t> counted = scope ? counted_buildings(overlay, *scope) : owned;
    if (scope) {
        check_neighbours_within_window(buildings.geometry, counted, config.building_rules.touch_distance_m, *scope,
                                       buildings.feature_ids);
        check_within_window(buildings.geometry, counted, overlay.building_dist_water_m, *scope, buildings.feature_ids,
                            "nearest water");
    }

    // The grid statistics read only the buurten, the footprints and the grid inputs: summed on a
    // second thread beside the heat grid, the network figures and the aquathermie (whose sharing
    // queue leaves a core idle); their records join the others where they always did.
    const bool grids_per_building = config.output.grid_buildings && config.output.buildings_layer;
    DataQuality grid_quality;
    Beside grids_summed(threads, [&] {
        return summarise_grids(inputs.rasters, inputs.vector_grids, inputs.grid_notes, buurten.geometry,
                               grids_per_building ? &buildings.geometry : nullptr, config, grid_quality);
    });

    if (global) {
        result.heat_grid = global->grid;
        assign_buildings(result.heat_grid, buildings.geometry, demand.total_gj);
    } else {
        result.heat_grid = build_heat_grid(buildings.geometry, demand.total_gj, config.grid);
    }
    timer.lap("heat grid");
    HeatNetworkIndicators network = heat_network_indicators(overlay, buildings.geometry, demand.attributes,
                                                            demand.total_gj, result.heat_grid,
                                                            water_buurten(buurten, config), config.network);
    std::optional<std::vector<double>> dist_heat_network;
    if (const VectorLayer* lines = inputs.get(Role::heat_network)) {
        const std::vector<double> per_building =
            distance_to_nearest(buildings.geometry, lines->geometry, threads, progress, "distance to heat network");
        if (scope)
            check_within_window(buildings.geometry, counted, per_building, *scope, buildings.feature_ids,
                                "nearest heat network");
        dist_heat_network = footprint_weighted_mean(overlay, per_building);
        timer.lap("distance to heat network");
    }
    const VectorLayer* water = inputs.get(Role::water);
    SupplyLayers supply{water, inputs.get(Role::plants), inputs.get(Role::mains), inputs.get(Role::wko)};
    std::optional<MatchingResult> matched;
    if (global) {  // the whole area's matching, for the buurten read here
        MatchingResult m;
        const std::size_t n = buurten.size();
        const MatchingResult& g = global->matching;
        std::vector<std::int64_t> local(g.teo_gj.size(), -1);
        for (std::size_t b = 0; b < n; ++b) {
            const std::uint32_t k = scope->global_index[b];
            local[k] = static_cast<std::int64_t>(b);
            m.teo_gj.push_back(g.teo_gj[k]);
            m.tea_gj.push_back(g.tea_gj[k]);
            m.ted_gj.push_back(g.ted_gj[k]);
            m.coverage.push_back(g.coverage[k]);
            m.distance_m.push_back(g.distance_m[k]);
            m.note.push_back(g.note[k]);
        }
        m.source_allocated_gj = g.source_allocated_gj;
        for (const Allocation& a : g.allocations)
            if (local[a.neighbourhood] >= 0)
                m.allocations.push_back({a.source, static_cast<std::uint32_t>(local[a.neighbourhood]), a.gj, a.distance_m});
        matched = std::move(m);
    }
    AquathermieResult aquathermie = warmte::aquathermie(supply, buildings.geometry, demand.demand.label, demand.total_gj,
                                                        overlay, network, config, tables.spf, threads, progress, quality,
                                                        matched ? &*matched : nullptr);
    if (global) aquathermie.sources.type = global->source_type;
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
    if (L.comparison) add_measured_columns(result.neighbourhoods, L.measured, *L.comparison, config);
    CostVerdict verdict;
    // Into the result's memo: the first Result.rescore of a notebook then costs nothing again.
    Table scores = rescore(result.score_inputs, result.cost_inputs, config, result.cost_kentallen, &verdict,
                           result.cost_memo.get());
    for (Column& c : scores.columns) result.neighbourhoods.columns.push_back(std::move(c));
    result.costs = cost_table(*result.neighbourhoods.find(config.neighbourhood_fields.id), verdict);
    timer.lap("scores");

    if (config.output.buildings_layer)
        result.buildings = building_table(buildings, demand, overlay, result.heat_grid, buurten, config);
    std::vector<GridSummary> grids = grids_summed.get();
    quality.merge(grid_quality);
    for (const GridSummary& g : grids) result.input_sources.push_back("grid " + g.name + ": " + g.source);
    add_grid_columns(result.neighbourhoods, grids_per_building ? &result.buildings : nullptr, grids);
    timer.lap("grids");

    // The buildings layer lists the buildings of the study area (of the partition: those it owns)
    // by buurt, in their canonical order within each.
    if (config.output.buildings_layer) {
        std::vector<std::size_t> rows;
        for (std::size_t i = 0; i < owned.size(); ++i)
            if (owned[i]) rows.push_back(i);
        std::stable_sort(rows.begin(), rows.end(), [&](std::size_t a, std::size_t b) {
            return overlay.home_neighbourhood[a] < overlay.home_neighbourhood[b];
        });
        result.buildings = result.buildings.select(rows);
    }
    if (scope) {  // a partition reports its own buurten only; the sources are the whole area's
        std::vector<std::size_t> rows;
        for (std::size_t b = 0; b < buurten.size(); ++b)
            if (scope->own[b]) rows.push_back(b);
        result.neighbourhoods = result.neighbourhoods.select(rows);
        const Column& ids = *result.costs.find(config.neighbourhood_fields.id);
        const Column& own_ids = *result.neighbourhoods.find(config.neighbourhood_fields.id);
        std::set<std::string> own(own_ids.text.begin(), own_ids.text.end());
        std::vector<std::size_t> cost_rows;
        for (std::size_t r = 0; r < result.costs.rows(); ++r)
            if (own.count(ids.text[r])) cost_rows.push_back(r);
        result.costs = result.costs.select(cost_rows);
    } else {
        add_allocation_tables(result.sources, result.allocation, aquathermie, buurten, config);
    }
    result.data_quality = quality_table(quality);
    timer.lap("tables");
    return result;
}

PartitionTables partition_tables(Inputs inputs, const Config& config, const Progress& progress) {
    check_analysis_crs(config);
    if (!inputs.partition) throw ConfigError("partition_tables needs the partition's scope");
    check_partition_roles(inputs);
    const PartitionScope& scope = *inputs.partition;
    const unsigned threads = resolve_threads(config.threads);
    const ParameterTables& tables = tables_of(inputs, config);
    PartitionTables out;
    std::vector<std::string> sources;
    StageTimings timings;
    const std::vector<std::uint8_t> no_distances(inputs[Role::neighbourhoods]->size(), 0);  // step 1 needs none
    LocalStages L = local_stages(inputs, config, tables, threads, progress, out.quality, sources, timings, &no_distances);
    const VectorLayer& buildings = *inputs[Role::buildings];
    const VectorLayer& buurten = *inputs[Role::neighbourhoods];
    const std::vector<std::uint8_t> owned = owned_buildings(L.overlay, inputs.partition);
    check_neighbours_within_window(buildings.geometry, counted_buildings(L.overlay, scope),
                                   config.building_rules.touch_distance_m, scope, buildings.feature_ids);
    out.buildings = static_cast<std::size_t>(std::count(owned.begin(), owned.end(), 1));
    out.cells = cell_demand(buildings.geometry, L.demand.total_gj, config.grid.cell_size_m, owned);
    HeatGrid none;  // the DH areas come from the whole area; the shares here are not used
    none.building_cell.assign(buildings.size(), -1);
    const HeatNetworkIndicators network = heat_network_indicators(L.overlay, buildings.geometry, L.demand.attributes,
                                                                  L.demand.total_gj, none,
                                                                  water_buurten(buurten, config), config.network);
    const AquathermieDemand d = aquathermie_demand(inputs.get(Role::wko), buildings.geometry, L.demand.demand.label,
                                                   L.demand.total_gj, config, out.quality);
    out.points = demand_points(buildings.geometry, L.overlay, d.teo_gj, L.demand.total_gj,
                               config.supply.reach_cluster_cell_m, scope.own, threads);
    for (std::uint32_t& b : out.points.neighbourhood) b = scope.global_index[b];
    for (std::size_t b = 0; b < buurten.size(); ++b) {
        if (!scope.own[b]) continue;
        out.buurt.push_back(scope.global_index[b]);
        out.demand_gj.push_back(network.heat_demand_gj[b]);
        out.dwellings.push_back(network.dwellings[b]);
        out.dwelling_density_ha.push_back(network.dwelling_density_ha[b]);
    }
    return out;
}

GlobalPhase global_phase(Inputs inputs, const std::vector<PartitionTables>& parts, const Config& config,
                         Table& sources_table, Table& allocation, DataQuality& quality, const Progress& progress) {
    check_analysis_crs(config);
    const unsigned threads = resolve_threads(config.threads);
    const ParameterTables& tables = tables_of(inputs, config);
    std::vector<std::string> input_sources;
    reproject_inputs(inputs, config, quality, input_sources);
    repair_inputs(inputs, config, quality, threads, progress);
    put_in_canonical_order(inputs, threads);
    const VectorLayer& buurten = *inputs[Role::neighbourhoods];
    const std::size_t n = buurten.size();
    GlobalPhase out;

    std::vector<CellDemand> cells;
    for (const PartitionTables& p : parts) cells.insert(cells.end(), p.cells.begin(), p.cells.end());
    out.grid = heat_grid_from_cells(cells, config.grid);

    // Per buurt of the whole layer what the partitions found; the demand points by buurt, each
    // buurt's in the order its partition listed them (the order a whole run has).
    HeatNetworkIndicators network;
    network.heat_demand_gj.assign(n, 0.0);
    network.dwellings.assign(n, 0.0);
    network.dwelling_density_ha.assign(n, std::numeric_limits<double>::quiet_NaN());
    std::vector<std::pair<std::uint32_t, std::pair<std::size_t, std::uint32_t>>> order;  // buurt, (part, point)
    for (std::size_t p = 0; p < parts.size(); ++p) {
        const PartitionTables& t = parts[p];
        for (std::size_t k = 0; k < t.buurt.size(); ++k) {
            if (t.buurt[k] >= n) throw InputError("a partition names buurt row " + std::to_string(t.buurt[k]) +
                                                  " but the buurten layer has " + std::to_string(n) +
                                                  "; the inputs changed during the batch: run it again with --force");
            network.heat_demand_gj[t.buurt[k]] = t.demand_gj[k];
            network.dwellings[t.buurt[k]] = t.dwellings[k];
            network.dwelling_density_ha[t.buurt[k]] = t.dwelling_density_ha[k];
        }
        for (std::uint32_t k = 0; k < t.points.neighbourhood.size(); ++k)
            order.push_back({t.points.neighbourhood[k], {p, k}});
    }
    std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    DemandPoints points;
    for (const auto& [b, at] : order) {
        const DemandPoints& from = parts[at.first].points;
        points.shapes.append_from(from.shapes, at.second);
        points.neighbourhood.push_back(b);
        points.teo_gj.push_back(from.teo_gj[at.second]);
        points.other_gj.push_back(from.other_gj[at.second]);
    }

    AquathermieResult aquathermie;
    aquathermie.sources = build_sources(inputs.get(Role::water), inputs.get(Role::plants), inputs.get(Role::mains),
                                        config, tables.spf, quality);
    aquathermie.matching = match_sources(aquathermie.sources, points, network, config, threads, progress);
    out.matching = aquathermie.matching;
    out.source_type = aquathermie.sources.type;
    add_allocation_tables(sources_table, allocation, aquathermie, buurten, config);
    return out;
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
