// The global phase (phases.hpp): what crosses partitions, from the summaries of every local state.
#include "warmte/phases.hpp"

#include "warmte/error.hpp"
#include "warmte/supply.hpp"
#include "warmte/tables.hpp"
#include "parallel.hpp"

#include <algorithm>
#include <limits>
#include <utility>

namespace warmte {

namespace {

// Per buurt of the whole layer what the local states found, each buurt from the one that reports it.
struct WholeArea {
    HeatNetworkIndicators network;  // demand, dwellings and dwelling density only
    BuurtCosting costing;           // the average dwelling equivalent only
};

WholeArea whole_area(const std::vector<const LocalSummary*>& summaries, std::size_t n) {
    WholeArea w;
    w.network.heat_demand_gj.assign(n, 0.0);
    w.network.dwellings.assign(n, 0.0);
    w.network.dwelling_density_ha.assign(n, std::numeric_limits<double>::quiet_NaN());
    w.costing.group.assign(n, DwellingGroup{});
    for (const LocalSummary* s : summaries) {
        for (std::size_t k = 0; k < s->buurt.size(); ++k) {
            const std::uint32_t b = s->buurt[k];
            if (b >= n)
                throw InputError("a partition names buurt row " + std::to_string(b) + " but the buurten layer has " +
                                 std::to_string(n) + "; the inputs changed during the batch: run it again with --force");
            w.network.heat_demand_gj[b] = s->demand_gj[k];
            w.network.dwellings[b] = s->dwellings[k];
            w.network.dwelling_density_ha[b] = s->dwelling_density_ha[k];
            w.costing.group[b] = s->group[k];
        }
    }
    return w;
}

// The demand points of all local states by buurt, each buurt's in the order its state listed
// them (the order one run on the whole has).
DemandPoints all_points(const std::vector<const LocalSummary*>& summaries) {
    std::vector<std::pair<std::uint32_t, std::pair<std::size_t, std::uint32_t>>> order;  // buurt, (state, point)
    for (std::size_t p = 0; p < summaries.size(); ++p) {
        const DemandPoints& points = summaries[p]->points;
        for (std::uint32_t k = 0; k < points.neighbourhood.size(); ++k)
            order.push_back({points.neighbourhood[k], {p, k}});
    }
    std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    DemandPoints out;
    for (const auto& [b, at] : order) {
        const DemandPoints& from = summaries[at.first]->points;
        out.shapes.append_from(from.shapes, at.second);
        out.neighbourhood.push_back(b);
        out.teo_gj.push_back(from.teo_gj[at.second]);
        out.other_gj.push_back(from.other_gj[at.second]);
    }
    return out;
}

// The grid stations' part per buurt: each station's load summed over every local state that
// counted buildings it serves (empty when no local state read a stations layer).
std::vector<GridCapacity> grid_stations(const std::vector<const LocalSummary*>& summaries, const BuurtCosting& whole,
                                        const Config& config) {
    std::vector<const StationService*> parts;
    for (const LocalSummary* s : summaries)
        if (!s->stations.headroom.empty()) parts.push_back(&s->stations);
    if (parts.empty()) return {};
    std::vector<double> buurt_weq(whole.group.size());
    for (std::size_t b = 0; b < buurt_weq.size(); ++b) buurt_weq[b] = dwelling_equivalents(whole.group[b], config.costs);
    return station_capacity(parts, buurt_weq, config);
}

}  // namespace

GlobalState global_phase(const GlobalInputs& in, const std::vector<const LocalSummary*>& summaries,
                         const Config& config, const ParameterTables& tables, SupplyLayersOut* layers,
                         const Progress& progress) {
    if (!in.neighbourhoods) throw ConfigError("the global phase needs the whole buurten layer");
    const unsigned threads = resolve_threads(config.threads);
    GlobalState out;
    StageTimer timer(out.timings);
    std::vector<CellDemand> cells;
    for (const LocalSummary* s : summaries) cells.insert(cells.end(), s->cells.begin(), s->cells.end());
    out.grid = heat_grid_from_cells(cells, config.grid);
    timer.lap("DH areas");

    const WholeArea whole = whole_area(summaries, in.neighbourhoods->size());
    AquathermieResult aquathermie;
    aquathermie.sources = build_sources(in.water, in.plants, in.mains, config, tables.spf, out.quality);
    timer.lap("sources");
    aquathermie.matching =
        match_sources(aquathermie.sources, all_points(summaries), whole.network, config, threads, progress);
    if (layers) add_allocation_tables(layers->sources, layers->allocation, aquathermie, *in.neighbourhoods, config);
    out.source_type = aquathermie.sources.type;
    out.source_shapes = aquathermie.sources.shapes;
    out.source_id = aquathermie.sources.id;
    out.matching = std::move(aquathermie.matching);
    timer.lap("matching");

    const CostKentallen k = kentallen_for(tables.costs, config.costs);
    out.other = other_supply(in.residual_heat, in.geothermal, {in.neighbourhoods->geometry, whole.costing, config, k},
                             out.quality);
    out.residual_heat = in.residual_heat != nullptr;
    timer.lap("residual heat and geothermal");

    out.stations = grid_stations(summaries, whole.costing, config);
    if (!out.stations.empty()) timer.lap("grid stations");
    return out;
}

}  // namespace warmte
