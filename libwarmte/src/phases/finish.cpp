// The last phase (phases.hpp): the global state's DH areas, matching and other supply joined to
// a local state's buurten, then the per-buurt arithmetic, scores, costs, choice and tables.
#include "warmte/phases.hpp"

#include "warmte/cost_choice.hpp"
#include "warmte/output_schema.hpp"
#include "warmte/rows.hpp"
#include "warmte/score.hpp"
#include "warmte/tables.hpp"

#include <utility>

namespace warmte {

namespace {

// The whole area's matching for the buurten of a local state (`rows`: each one's row in the whole
// layer), with the allocations to them renumbered by their row in the state.
MatchingResult matching_for(const MatchingResult& g, const std::vector<std::uint32_t>& rows) {
    MatchingResult m = picked_rows(g, rows);
    std::vector<std::int64_t> local(g.teo_gj.size(), -1);
    for (std::size_t b = 0; b < rows.size(); ++b) local[rows[b]] = static_cast<std::int64_t>(b);
    m.source_allocated_gj = g.source_allocated_gj;
    for (const Allocation& a : g.allocations)
        if (local[a.neighbourhood] >= 0)
            m.allocations.push_back({a.source, static_cast<std::uint32_t>(local[a.neighbourhood]), a.gj, a.distance_m});
    return m;
}

}  // namespace

AnalysisResult finish(LocalState local, const GlobalState& global, const Config& config,
                      const ParameterTables& tables) {
    AnalysisResult result;
    result.config = config;
    result.input_sources = std::move(local.input_sources);
    result.timings = std::move(local.timings);
    result.timings.insert(result.timings.end(), global.timings.begin(), global.timings.end());
    StageTimer timer(result.timings);
    DataQuality& quality = result.quality;
    quality = std::move(local.quality);
    // A partition's result leaves the global records to the merge, which writes them once.
    if (local.partition.empty()) quality.merge(global.quality);
    result.heat_grid = global.grid;

    const std::vector<std::uint32_t>& rows = local.summary.buurt;
    local.network.dh_area_share = dh_area_share(local.dh, global.grid, local.network.heat_demand_gj);
    AquathermieResult aquathermie;
    aquathermie.matching = matching_for(global.matching, rows);
    aquathermie.wko_share = std::move(local.wko_share);
    aquathermie.lt_share = std::move(local.lt_share);
    const std::vector<double>* dist_heat_network = local.has_heat_network ? &local.dist_heat_network_m : nullptr;
    result.score_inputs = score_inputs(local.network, aquathermie.matching, aquathermie.wko_share,
                                       aquathermie.lt_share, dist_heat_network, std::move(local.linked_works_year));
    result.cost_inputs = std::move(local.costing);
    add_aquathermie_supply(result.cost_inputs, aquathermie.matching, global.source_type, config.costs);
    const OtherSupply other = picked_rows(global.other, rows);
    add_other_supply(result.cost_inputs, other);
    result.cost_kentallen = tables.costs;

    result.neighbourhoods = neighbourhood_table(std::move(local.neighbourhoods),
                                                {local.overlay, local.network, dist_heat_network, aquathermie});
    if (global.residual_heat) add_residual_heat_columns(result.neighbourhoods, other);
    for (Column& c : local.measured_columns) result.neighbourhoods.columns.push_back(std::move(c));
    CostVerdict verdict;
    // Into the result's memo: the first Result.rescore of a notebook then costs nothing again.
    Table scores = rescore(result.score_inputs, result.cost_inputs, config, result.cost_kentallen, &verdict,
                           result.cost_memo.get());
    for (Column& c : scores.columns) result.neighbourhoods.columns.push_back(std::move(c));
    result.costs = cost_table(*result.neighbourhoods.find(config.neighbourhood_fields.id), verdict);
    timer.lap("scores");

    result.buildings = std::move(local.buildings);
    set_in_dh_area(result.buildings, local.building_kx, local.building_ky, local.building_has_cell, global.grid);
    quality.merge(local.grid_quality);
    for (Column& c : local.grid_columns) result.neighbourhoods.columns.push_back(std::move(c));
    result.data_quality = quality_table(quality);
    result.grid_names = std::move(local.grid_names);
    for (Table* t : {&result.neighbourhoods, &result.buildings, &result.costs, &result.data_quality})
        if (!t->columns.empty()) conform(*t, config, result.grid_names);
    timer.lap("tables");
    return result;
}

}  // namespace warmte
