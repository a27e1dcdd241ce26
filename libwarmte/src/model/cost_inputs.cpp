#include "warmte/cost_inputs.hpp"

#include "parallel.hpp"

#include <cmath>
#include <limits>

namespace warmte {

namespace {

// Labels at or better than B need no insulation in the S1-S4 variants.
bool at_least_b(const std::string& label) { return !label.empty() && (label[0] == 'A' || label == "B"); }

struct Sums {
    double dwellings = 0, utility_m2 = 0, floor_m2 = 0, space = 0, target = 0, water = 0, ventilation = 0;
    double ins_min = 0, ins_max = 0, optimistic = 0, high_rise = 0, connections = 0;
};

}  // namespace

namespace {

// A building is costed when it has heat demand, is no outbuilding and lies in a buurt.
bool costed(const DemandResult& d, const OverlayResult& overlay, std::size_t i) {
    return overlay.home_neighbourhood[i] >= 0 && d.total_gj[i] > 0 && !d.attributes.outbuilding[i];
}

}  // namespace

std::vector<double> building_equivalents(const DemandResult& d, const OverlayResult& overlay, const CostParameters& p) {
    std::vector<double> out(d.total_gj.size(), 0.0);
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (!costed(d, overlay, i)) continue;
        const double dwellings = d.attributes.dwellings[i];
        out[i] = dwellings > 0 ? dwelling_equivalents({.dwellings = dwellings}, p)
                               : dwelling_equivalents({.utility_m2 = d.attributes.floor_area_m2[i]}, p);
    }
    return out;
}

BuurtCosting cost_inputs(const CostingStages& stages, const InsulationTable& insulation, const Config& config,
                         double collective_spf) {
    const DemandResult& d = stages.demand;
    const OverlayResult& overlay = stages.overlay;
    const HeatNetworkIndicators& network = stages.network;
    const RoadLengths* roads = stages.roads;
    const std::size_t nb = overlay.area_m2.size();
    const CostParameters& p = config.costs;
    std::vector<Sums> sums(nb);
    const auto& a = d.attributes;
    for (std::size_t i = 0; i < d.total_gj.size(); ++i) {
        if (!costed(d, overlay, i)) continue;
        const std::int32_t b = overlay.home_neighbourhood[i];
        Sums& s = sums[static_cast<std::size_t>(b)];
        s.connections += 1;
        const double space = d.demand.space_heat_gj[i];
        s.space += space;
        s.water += d.demand.hot_water_gj[i];
        if (a.dwellings[i] > 0) {
            const double n = a.dwellings[i], m2 = a.floor_area_m2[i] / n;
            const InsulationRow* row = insulation.find(type_name(d.demand.type[i]), a.year[i]);
            const bool insulate = row && !at_least_b(d.demand.label[i]);
            const double target = insulate ? space * row->target_ratio(m2) : space;
            s.dwellings += n;
            s.floor_m2 += a.floor_area_m2[i];
            s.target += target;
            if (row) s.ventilation += n * row->ventilation_per_m2 * m2;
            if (insulate) {
                s.ins_min += n * (row->min_fixed + row->min_per_m2 * m2);
                s.ins_max += n * (row->max_fixed + row->max_per_m2 * m2);
            }
            s.optimistic += target * (row ? row->optimistic_savings : 1.0);
            if (d.demand.type[i] == BuildingType::multi_family_high) s.high_rise += n;
        } else {  // utility: its own demand, no insulation costed (est.)
            s.utility_m2 += a.floor_area_m2[i];
            s.floor_m2 += a.floor_area_m2[i];
            s.target += space;
            s.optimistic += space;
        }
    }

    BuurtCosting out;
    out.group.resize(nb);
    out.lengths.resize(nb);
    out.supply.resize(nb);
    out.lengths_estimated.assign(nb, roads ? 0 : 1);
    out.connections.resize(nb);
    out.grid.resize(nb);
    out.tenure.resize(nb);
    for (std::size_t b = 0; b < nb; ++b) {
        const Sums& s = sums[b];
        DwellingGroup& g = out.group[b];
        g.dwellings = s.dwellings;
        g.utility_m2 = s.utility_m2;
        const double weq = dwelling_equivalents(g, p);
        out.connections[b] = s.connections;
        if (!(weq > 0)) continue;
        g.floor_area_m2 = s.floor_m2 / weq;
        g.space_heat_gj = s.space / weq;
        g.space_heat_target_gj = s.target / weq;
        g.hot_water_gj = s.water / weq;
        g.ventilation_gje = s.ventilation / weq;
        g.insulation_min_eur = s.ins_min / weq;
        g.insulation_max_eur = s.ins_max / weq;
        g.optimistic_savings = s.target > 0 ? s.optimistic / s.target : 1.0;
        g.high_rise_share = s.high_rise / weq;

        // Lengths: the road rule when roads are given, else the effective width of the plot ratio
        // (docs/costs.md §4), never more than one connection per max_distribution_m_per_connection.
        NetworkLengths& len = out.lengths[b];
        const double cap = s.connections * p.max_distribution_m_per_connection;
        double distribution = 0, service = p.default_service_pipe_m;
        if (roads) {
            distribution = roads->distribution_m[b];
            if (std::isfinite(roads->service_m[b])) service = roads->service_m[b];
        } else {
            const double land_m2 = overlay.land_area_ha[b] * 1e4;
            if (land_m2 > 0 && std::isfinite(network.plot_ratio[b]))
                distribution = land_m2 / effective_width_m(network.plot_ratio[b], config.network);
        }
        len.distribution_m = std::min(distribution, cap);
        len.gasnet_m = len.distribution_m;
        len.service_m = service * s.connections / weq;  // per equivalent: flats share a connection

        out.supply[b].collective_spf = collective_spf;
    }
    return out;
}

void add_aquathermie_supply(BuurtCosting& costing, const MatchingResult& matching,
                            const std::vector<SourceType>& source_type, const CostParameters& p) {
    const std::size_t nb = costing.size();
    // Allocation-weighted distance per buurt and source type, from the matching.
    std::vector<double> teo_gjm(nb, 0.0), tea_gjm(nb, 0.0);
    for (const Allocation& al : matching.allocations) {
        const SourceType t = source_type[al.source];
        if (t == SourceType::teo) teo_gjm[al.neighbourhood] += al.gj * al.distance_m;
        if (t == SourceType::tea) tea_gjm[al.neighbourhood] += al.gj * al.distance_m;
    }
    for (std::size_t b = 0; b < nb; ++b) {
        // A buurt without WEQ is not costed, and its supply stays empty as it always was.
        if (!(dwelling_equivalents(costing.group[b], p) > 0)) continue;
        SupplyAvailability& sup = costing.supply[b];
        sup.teo_gj = matching.teo_gj[b];
        sup.tea_gj = matching.tea_gj[b];
        if (sup.teo_gj > 0) sup.teo_distance_m = teo_gjm[b] / sup.teo_gj;
        if (sup.tea_gj > 0) sup.tea_distance_m = tea_gjm[b] / sup.tea_gj;
    }
}

std::vector<CostResult> buurt_costs(const BuurtCosting& in, const CostParameters& p, const CostKentallen& k,
                                    unsigned threads) {
    std::vector<CostResult> out(in.size());
    parallel_for(in.size(), threads, {}, "costs", [&](std::size_t b, geos::Context&) {
        const DwellingGroup& g = in.group[b];
        if (dwelling_equivalents(g, p) > 0) out[b] = national_costs(g, in.lengths[b], in.supply[b], p, k,
                                                                   b < in.grid.size() ? in.grid[b] : GridCapacity{});
    }, 64);
    return out;
}

}  // namespace warmte
