// The last phase (phases.hpp): the global state's DH areas, matching and other supply joined to
// a local state's buurten, then the per-buurt arithmetic, scores, costs, choice and tables.
#include "warmte/phases.hpp"

#include "warmte/cost_choice.hpp"
#include "warmte/output_schema.hpp"
#include "warmte/planar.hpp"
#include "warmte/rows.hpp"
#include "warmte/score.hpp"
#include "warmte/tables.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

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

// A heat-network variant (strategies S2 and S3); "" is no variant (nothing costed).
bool is_network(const std::string& variant) {
    if (variant.empty()) return false;
    const std::string strategy = variant_strategy(variant);
    return strategy == "S2" || strategy == "S3";
}

// The cheapest network variant and the cheapest other one among a buurt's costs (null: none).
std::pair<const VariantCosts*, const VariantCosts*> network_and_alternative(const CostResult& c) {
    const VariantCosts* net = nullptr;
    const VariantCosts* alt = nullptr;
    for (const VariantCosts& x : c.variants) {
        if (!x.available) continue;
        const VariantCosts*& slot = is_network(x.variant) ? net : alt;
        if (!slot || x.eur_weq_yr < slot->eur_weq_yr) slot = &x;
    }
    return {net, alt};
}

// What the route's start is chosen from: the global state's sources, per buurt the source
// allocated the most to it (allocated GJ, source) and the other supply of the buurten.
struct RouteSources {
    const GlobalState& global;
    const std::vector<std::pair<double, std::uint32_t>>& largest;
    const OtherSupply& other;
};

// Where buurt b's network starts, when a source is known: S3 at the aquathermie source allocated
// to it (its vertex nearest the buurt's centre), S2a at the residual-heat source, S2b at the
// geothermal doublet's place, as other_supply found them. Else the routes choose an energy centre.
void set_route_site(RouteBuurt& rb, std::size_t b, const Box& box, const RouteSources& s) {
    const bool mt = std::string(variant_strategy(rb.variant)) == "S2";
    if (!mt && s.largest[b].first > 0) {
        const std::uint32_t source = s.largest[b].second;
        rb.site = planar::nearest_vertex(s.global.source_shapes, source, 0.5 * (box.min_x + box.max_x),
                                         0.5 * (box.min_y + box.max_y));
        rb.site_name = "aquathermie source " + s.global.source_id[source];
    }
    const OtherSupply& other = s.other;
    if (rb.variant == "s2a" && b < other.residual_heat_site_x.size() && !std::isnan(other.residual_heat_site_x[b])) {
        rb.site = {other.residual_heat_site_x[b], other.residual_heat_site_y[b]};
        rb.site_name = "residual heat source " + std::to_string(std::llround(other.residual_heat_fid[b]));
    }
    if (rb.variant == "s2b" && b < other.geothermal_site_x.size() && !std::isnan(other.geothermal_site_x[b])) {
        rb.site = {other.geothermal_site_x[b], other.geothermal_site_y[b]};
        rb.site_name = "geothermal doublet";
    }
}

// What the routes read of each buurt's costs (street_network.hpp, docs/streets.md §3): whether it
// is routed, its cheapest network variant, and how much that network saves per equivalent and year
// against the buurt's best alternative before its pipes are paid.
std::vector<RouteBuurt> route_buurten(const AnalysisResult& r, const CostVerdict& v, const GlobalState& global,
                                      const std::vector<std::uint32_t>& rows, const std::vector<double>& works_year,
                                      const Config& config) {
    const std::vector<CostResult>& costs = v.cost_results();
    const CostKentallen k = kentallen_for(r.cost_kentallen, config.costs);
    std::vector<RouteBuurt> out(r.cost_inputs.size());
    std::vector<std::int64_t> local(global.matching.teo_gj.size(), -1);
    for (std::size_t b = 0; b < rows.size(); ++b) local[rows[b]] = static_cast<std::int64_t>(b);
    std::vector<std::pair<double, std::uint32_t>> largest(out.size(), {0.0, 0});  // allocated GJ, source
    for (const Allocation& a : global.matching.allocations)
        if (local[a.neighbourhood] >= 0 && a.gj > largest[local[a.neighbourhood]].first)
            largest[local[a.neighbourhood]] = {a.gj, a.source};
    const OtherSupply other = picked_rows(global.other, rows);
    const RouteSources sources{global, largest, other};
    for (std::size_t b = 0; b < out.size(); ++b) {
        RouteBuurt& rb = out[b];
        rb.works_year = b < works_year.size() ? works_year[b] : std::numeric_limits<double>::quiet_NaN();
        if (b < r.cost_inputs.tenure.size()) rb.corporation_share = r.cost_inputs.tenure[b].social;
        // Without a network variant (network.all_buurten) the pipes are still priced as an MT network's.
        rb.annuity = annuity(config.costs.social_discount_rate, config.costs.heat_network_years);
        rb.curve = k("curve_mt_network");
        if (b >= costs.size() || costs[b].variants.empty()) continue;
        rb.candidate = config.streets.all_buurten || is_network(v.choice.cheapest[b]) || is_network(v.choice.runner_up[b]);
        const auto [net, alt] = network_and_alternative(costs[b]);
        if (!net) continue;  // no network variant: every building on a dense street joins (all_buurten)
        rb.variant = net->variant;
        rb.curve = k(std::string(variant_strategy(rb.variant)) == "S2" ? "curve_mt_network" : "curve_lt_network");
        const PipeInvestment pipes = pipe_investment(r.cost_inputs.group[b], r.cost_inputs.lengths[b], config.costs, k, rb.curve);
        rb.annuity = pipes.annuity;
        rb.pipes_eur_weq = pipes.annuity * pipes.eur / costs[b].weq;
        if (alt) rb.margin_eur_weq = alt->eur_weq_yr - net->eur_weq_yr + rb.pipes_eur_weq;
        set_route_site(rb, b, r.neighbourhoods.geometry.bounds(b), sources);
    }
    return out;
}

// The streets' clusters and routes and their layers; the routed lengths into the costing inputs
// (the caller costs again). Returns the neighbourhoods' network_* columns.
std::vector<Column> route_streets_of(AnalysisResult& result, const LocalState& local, const GlobalState& global,
                                     const CostVerdict& verdict, const Config& config) {
    const std::vector<RouteBuurt> buurten =
        route_buurten(result, verdict, global, local.summary.buurt, result.score_inputs.linked_works_year, config);
    const Column* id = result.neighbourhoods.find(config.neighbourhood_fields.id);
    StreetResult streets = route_streets(local.streets, buurten, id->text, config,
                                         kentallen_for(result.cost_kentallen, config.costs), result.quality);
    BuurtCosting& in = result.cost_inputs;
    for (std::size_t b = 0; b < in.size(); ++b) {
        if (!(streets.joined[b] > 0)) continue;
        // The routed trench and service pipes for the buildings that join; the lengths of the
        // roads rule (or the effective width) for the buurt's other connections, pro rata.
        const double joined = std::min(streets.joined[b], in.connections[b]);
        const double rest = in.connections[b] > 0 ? 1 - joined / in.connections[b] : 0.0;
        in.lengths[b].distribution_m = streets.trench_m[b] + rest * in.lengths[b].distribution_m;
        const double weq = dwelling_equivalents(in.group[b], config.costs);
        if (weq > 0)  // per equivalent, as cost_inputs keeps it
            in.lengths[b].service_m = (joined * streets.service_m[b]) / weq + rest * in.lengths[b].service_m;
        in.lengths_estimated[b] = 2;
    }
    result.streets = std::move(streets.streets);
    result.network = std::move(streets.network);
    result.clusters = std::move(streets.clusters);
    std::vector<Column> fields = {real_column("network_trench_m", streets.trench_m),
                                  real_column("network_cost_eur_weq", streets.cost_eur_weq),
                                  real_column("network_clusters", streets.cluster_count)};
    fields.back().type = ColumnType::integer;
    return fields;
}

// The grid stations' part (the global phase's, per buurt of the whole layer) joined with the
// congestion map's that the local phase found.
void add_grid_stations(std::vector<GridCapacity>& grid, const std::vector<GridCapacity>& stations,
                       const std::vector<std::uint32_t>& rows) {
    if (stations.empty()) return;
    for (std::size_t b = 0; b < grid.size(); ++b) grid[b] = combined_capacity(stations.at(rows[b]), grid[b]);
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
    add_grid_stations(result.cost_inputs.grid, global.stations, rows);
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
    std::vector<Column> street_fields;
    if (local.streets.present) {
        // Candidates by the costs before routing; their S2/S3 costs then from the routes (docs/streets.md §5).
        street_fields = route_streets_of(result, local, global, verdict, config);
        result.cost_memo = std::make_shared<CostMemo>();  // the routed lengths change the costs
        scores = rescore(result.score_inputs, result.cost_inputs, config, result.cost_kentallen, &verdict,
                         result.cost_memo.get());
        timer.lap("clusters and routes");
    }
    for (Column& c : scores.columns) result.neighbourhoods.columns.push_back(std::move(c));
    for (Column& c : street_fields) result.neighbourhoods.columns.push_back(std::move(c));
    result.costs = cost_table(*result.neighbourhoods.find(config.neighbourhood_fields.id), verdict);
    timer.lap("scores");

    result.buildings = std::move(local.buildings);
    set_in_dh_area(result.buildings, local.building_kx, local.building_ky, local.building_has_cell, global.grid);
    quality.merge(local.grid_quality);
    for (Column& c : local.grid_columns) result.neighbourhoods.columns.push_back(std::move(c));
    result.data_quality = quality_table(quality);
    result.grid_names = std::move(local.grid_names);
    for (Table* t : {&result.neighbourhoods, &result.buildings, &result.costs, &result.data_quality, &result.streets,
                     &result.network, &result.clusters})
        if (!t->columns.empty()) conform(*t, config, result.grid_names);
    timer.lap("tables");
    return result;
}

}  // namespace warmte
