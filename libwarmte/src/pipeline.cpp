#include "warmte/pipeline.hpp"

#include "warmte/grid_capacity.hpp"
#include "warmte/uncertainty.hpp"

#include "warmte/output_schema.hpp"
#include "warmte/phases.hpp"

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

const ParameterTables& parameter_tables_of(const Inputs& inputs, const Config& config) {
    if (inputs.tables) return *inputs.tables;
    if (names_table_files(config))
        throw ConfigError("the configuration names table files (demand.*_table, supply.spf_table) but they were not "
                          "read; read them with io::read_parameter_tables");
    return builtin_parameter_tables();
}

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
        apply_grid_availability(scores, costs.grid, config.score);
    }
    // The draws read the phases, which the score fields take over below.
    std::optional<ChoiceUncertainty> uncertainty;
    if (verdict && config.uncertainty.samples > 0)
        uncertainty = choice_uncertainty(costs, verdict->choice, scores.phase, config, k);
    add_score_columns(t, std::move(scores));
    if (verdict) {
        if (memo && !memo->cost_columns)
            memo->cost_columns = std::make_shared<const std::vector<Column>>(
                variant_cost_columns(costs, *verdict->costs, resolve_threads(config.threads)));
        add_cost_columns(t, costs, *verdict, memo ? memo->cost_columns.get() : nullptr);
        // The grid's fields and what households pay follow from the costs alone: made once per
        // memo (a rescore at 13,333 buurten spent most of its time on them), the test per choice.
        CostMemo fresh;
        CostMemo& m = memo ? *memo : fresh;
        if (!m.grid_columns)
            m.grid_columns = std::make_shared<const std::vector<Column>>(grid_capacity_columns(costs, *verdict, config, k));
        if (!m.household) {
            m.household = std::make_shared<const HouseholdCosts>(household_costs(*verdict, config));
            m.household_columns = std::make_shared<const std::vector<Column>>(household_columns(*m.household));
        }
        t.columns.insert(t.columns.end(), m.grid_columns->begin(), m.grid_columns->end());
        t.columns.insert(t.columns.end(), m.household_columns->begin(), m.household_columns->end());
        add_affordability_columns(t, affordability(*m.household, costs, verdict->choice.cheapest, config.tenure));
        if (uncertainty) add_uncertainty_columns(t, *uncertainty);
    }
    if (config.sensitivity_samples > 0)
        add_sensitivity_columns(t, compute_sensitivity(inputs, config.score, config.sensitivity_samples,
                                                       config.sensitivity_spread, config.sensitivity_seed));
    if (verdict && verdict_out) *verdict_out = std::move(*verdict);
    return t;
}

AnalysisResult run_analysis(Inputs inputs, const Config& config, const Progress& progress) {
    if (inputs.partition)
        throw ConfigError("run_analysis runs the whole study area; a partition of warmte batch runs local_phase");
    LocalState local = local_phase(inputs, config, progress);
    GlobalInputs whole{inputs.get(Role::neighbourhoods), inputs.get(Role::water),        inputs.get(Role::plants),
                       inputs.get(Role::mains),          inputs.get(Role::residual_heat), inputs.get(Role::geothermal)};
    const ParameterTables& tables = parameter_tables_of(inputs, config);
    SupplyLayersOut layers;
    const GlobalState global = global_phase(whole, {&local.summary}, config, tables, &layers, progress);
    AnalysisResult result = finish(std::move(local), global, config, tables);
    result.sources = std::move(layers.sources);
    result.allocation = std::move(layers.allocation);
    for (Table* t : {&result.sources, &result.allocation})
        if (!t->columns.empty()) conform(*t, config, result.grid_names);
    return result;
}

Table* AnalysisResult::mutable_layer(const std::string& name) {
    const std::pair<const char*, Table*> layers[] = {
        {"neighbourhoods", &neighbourhoods}, {"buildings", &buildings}, {"sources", &sources},
        {"allocation", &allocation},         {"costs", &costs},         {"data_quality", &data_quality},
        {"streets", &streets},               {"network", &network},     {"clusters", &clusters}};
    for (const auto& [n, t] : layers)
        if (name == n) return t;
    return nullptr;
}

const Table* AnalysisResult::layer(const std::string& name) const {
    const Table* t = const_cast<AnalysisResult*>(this)->mutable_layer(name);
    return t && !t->columns.empty() ? t : nullptr;
}

Table potential_sources(Inputs inputs, const Config& config, DataQuality& quality) {
    std::vector<std::string> sources;
    reproject_inputs(inputs, config, quality, sources);
    const VectorLayer* water = inputs.get(Role::water);
    if (water) normalise(*inputs[Role::water], "water", quality, resolve_threads(config.threads), {});
    SourceSet set = build_sources(water, inputs.get(Role::plants), inputs.get(Role::mains), config,
                                  parameter_tables_of(inputs, config).spf, quality);
    return source_table(set, std::vector<double>(set.size(), 0.0), std::vector<std::vector<std::string>>(set.size()));
}

}  // namespace warmte
