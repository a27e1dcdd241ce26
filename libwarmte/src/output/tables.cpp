#include "warmte/tables.hpp"

#include "parallel.hpp"

#include <cmath>
#include <cstdio>
#include <limits>
#include <set>
#include <utility>

namespace warmte {

namespace {

Column pass_through_column(const std::string& name, const TextColumn& source) {
    return Column{name, ColumnType::text, source.values, {}, source.present, {}};
}

// The names of the estimated-attribute bits, as the buildings layer lists them.
const std::pair<std::uint8_t, const char*> estimated_names[] = {
    {estimated_floor_area, "floor_area"}, {estimated_storeys, "storeys"}, {estimated_dwellings, "dwellings"},
    {estimated_year, "year"},             {estimated_use, "use"},
};

}  // namespace

Table neighbourhood_base(const VectorLayer& buurten, const Config& config) {
    Table t;
    t.name = "neighbourhoods";
    t.geometry = buurten.geometry;
    const auto& f = config.neighbourhood_fields;
    t.columns.push_back(pass_through_column(f.id, buurten.text.at(f.id)));
    // A field mapped to two roles (id and municipality both "gemeentecode") is written once.
    for (const std::string& name : {f.name, f.municipality})
        if (const TextColumn* c = buurten.text_column(name); c && !t.find(name))
            t.columns.push_back(pass_through_column(name, *c));
    return t;
}

Table neighbourhood_table(Table base, const NeighbourhoodIndicators& in) {
    const OverlayResult& o = in.overlay;
    const HeatNetworkIndicators& hn = in.network;
    const MatchingResult& m = in.aquathermie.matching;
    Table t = std::move(base);
    auto real = [&](const char* name, const std::vector<double>& values) {
        t.columns.push_back(real_column(name, values));
    };
    real("area_m2", o.area_m2);
    real("water_area_m2", o.water_area_m2);
    real("land_area_ha", o.land_area_ha);
    std::vector<double> counts(o.n_buildings.begin(), o.n_buildings.end());
    t.columns.push_back(Column{"n_buildings", ColumnType::integer, {}, counts, {}, {}});
    real("footprint_area_m2", o.footprint_area_m2);
    real("dist_water_m", o.dist_water_m);
    real("floor_area_m2", hn.floor_area_m2);
    real("n_dwellings", hn.dwellings);
    real("heat_demand_gj", hn.heat_demand_gj);
    real("heat_density_gj_ha", hn.heat_density_gj_ha);
    real("plot_ratio", hn.plot_ratio);
    real("linear_heat_density_gj_m", hn.linear_heat_density_gj_m);
    real("dwelling_density_ha", hn.dwelling_density_ha);
    real("dh_area_share", hn.dh_area_share);
    if (in.dist_heat_network_m)
        real("dist_heat_network_m", *in.dist_heat_network_m);
    real("teo_gj", m.teo_gj);
    real("tea_gj", m.tea_gj);
    real("ted_gj", m.ted_gj);
    real("aquathermie_coverage", m.coverage);
    real("dist_aquathermie_source_m", m.distance_m);
    t.columns.push_back(text_column("aquathermie_note", m.note));
    real("wko_share", in.aquathermie.wko_share);
    real("lt_share", in.aquathermie.lt_share);
    return t;
}

void add_score_columns(Table& t, Scores&& s) {
    auto real = [&](std::string name, std::vector<double>& v) {
        t.columns.push_back(real_column(std::move(name), std::move(v)));
    };
    auto text = [&](std::string name, std::vector<std::string>& v) {
        t.columns.push_back(text_column(std::move(name), std::move(v)));
    };
    real("heat_network_score", s.heat_network);
    text("heat_network_class", s.heat_network_class);
    real("aquathermie_score", s.aquathermie);
    text("aquathermie_class", s.aquathermie_class);
    text("top_driver", s.top_driver);
    text("strategy", s.strategy);
    text("strategy_label_nl", s.strategy_label_nl);
    text("strategy_label_en", s.strategy_label_en);
    text("strategy_rule", s.strategy_rule);
    text("strategy_by_rules", s.strategy_by_rules);
    text("phase", s.phase);
    text("phase_reason", s.phase_reason);
    for (auto [prefix, parts] : {std::pair{"hn", &s.heat_network_parts}, std::pair{"aq", &s.aquathermie_parts}}) {
        for (ScorePart& part : *parts) {
            std::string base = std::string(prefix) + "_";
            real(base + "raw_" + part.criterion, part.raw);
            real(base + "norm_" + part.criterion, part.normalised);
            real(base + "part_" + part.criterion, part.contribution);
        }
    }
}

void add_residual_heat_columns(Table& t, const OtherSupply& other) {
    std::vector<double> distance(other.residual_heat_gj.size(), std::numeric_limits<double>::quiet_NaN());
    for (std::size_t b = 0; b < distance.size(); ++b)
        if (other.residual_heat_distance_m[b]) distance[b] = *other.residual_heat_distance_m[b];
    t.columns.push_back(real_column("residual_heat_gj", other.residual_heat_gj));
    t.columns.push_back(real_column("dist_residual_heat_m", distance));
}

void add_measured_columns(Table& t, const MeasuredUse& measured, const MeasuredComparison& comparison,
                          const Config& config) {
    t.columns.push_back(real_column("cbs_dwellings", measured.dwellings));
    t.columns.push_back(real_column("measured_heat_gj", measured.heat_gj));
    t.columns.push_back(real_column("modelled_residential_gj", comparison.modelled_gj));
    t.columns.push_back(real_column("demand_vs_measured", comparison.demand_vs_measured));
    if (config.demand.calibrate != "measured") return;
    t.columns.push_back(real_column("calibration_factor", comparison.calibration_factor));
    t.columns.push_back(text_column("calibration", comparison.calibration));
}

std::vector<Column> variant_cost_columns(const BuurtCosting& in, const std::vector<CostResult>& costs, unsigned threads) {
    const std::size_t n = costs.size();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const auto& variants = cost_variants();
    auto costed = [&](std::size_t b) { return costs[b].weq > 0; };
    // One pass over the buurten fills every field, on the run's threads (a recost makes them all
    // again; a pass per field read a country's cost items some 30 times).
    struct PerVariant {
        std::vector<double> national, enduser, co2, share, peak;
    };
    std::vector<PerVariant> per(variants.size());
    for (PerVariant& v : per)
        for (auto* f : {&v.national, &v.enduser, &v.co2, &v.share, &v.peak}) f->assign(n, nan);
    std::vector<double> weq(n, nan), ref_national(n, nan), ref_enduser(n, nan), distribution(n, nan), service(n, nan);
    std::vector<std::string> missing(n), source(n);
    parallel_for(n, threads, {}, "cost fields", [&](std::size_t b, geos::Context&) {
        if (!costed(b)) return;
        weq[b] = costs[b].weq;
        ref_national[b] = costs[b].reference.total_eur_yr / costs[b].weq;
        ref_enduser[b] = costs[b].reference.enduser_eur_dw;
        for (std::size_t k = 0; k < variants.size(); ++k) {
            const VariantCosts& c = costs[b].variants[k];
            if (!c.available) {
                missing[b].append(missing[b].empty() ? "" : "; ").append(c.variant).append(": ").append(
                    c.not_available_because);
                continue;
            }
            per[k].national[b] = c.eur_weq_yr;
            per[k].enduser[b] = c.enduser_eur_dw;
            per[k].co2[b] = c.eur_tco2;
            per[k].share[b] = c.connected_share;
            per[k].peak[b] = c.grid_peak_kw;
        }
        distribution[b] = in.lengths[b].distribution_m;
        if (in.connections[b] > 0) service[b] = in.lengths[b].service_m * costs[b].weq / in.connections[b];
        source[b] = in.lengths_estimated[b] == 2 ? "routed network along the roads (streets)"
                    : in.lengths_estimated[b]    ? "effective width and default service pipe (est.)"
                                                 : "roads";
    }, 256);
    std::vector<Column> t;
    t.push_back(real_column("cost_weq", std::move(weq)));
    t.push_back(real_column("cost_reference_eur_weq", std::move(ref_national)));
    t.push_back(real_column("cost_enduser_ref_eur_dw", std::move(ref_enduser)));
    for (std::size_t k = 0; k < variants.size(); ++k) {
        const std::string id = variants[k].id;
        t.push_back(real_column("cost_national_" + id + "_eur_weq", std::move(per[k].national)));
        t.push_back(real_column("cost_enduser_" + id + "_eur_dw", std::move(per[k].enduser)));
        t.push_back(real_column("cost_" + id + "_eur_tco2", std::move(per[k].co2)));
        if (std::string(variants[k].strategy) == "S3")
            t.push_back(real_column("cost_" + id + "_connected_share", std::move(per[k].share)));
        t.push_back(real_column("grid_peak_" + id + "_kw", std::move(per[k].peak)));
    }
    t.push_back(text_column("cost_not_available", std::move(missing)));
    t.push_back(real_column("cost_distribution_m", std::move(distribution)));
    t.push_back(real_column("cost_service_m", std::move(service)));
    t.push_back(text_column("cost_lengths_from", std::move(source)));
    return t;
}

void add_cost_columns(Table& t, const BuurtCosting& in, const CostVerdict& v, const std::vector<Column>* costed) {
    const std::size_t n = v.cost_results().size();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    if (costed) t.columns.insert(t.columns.end(), costed->begin(), costed->end());
    else
        for (Column& c : variant_cost_columns(in, v.cost_results())) t.columns.push_back(std::move(c));
    auto real = [&](std::string name, std::vector<double> values) {
        t.columns.push_back(real_column(std::move(name), std::move(values)));
    };
    auto text = [&](std::string name, std::vector<std::string> values) {
        t.columns.push_back(text_column(std::move(name), std::move(values)));
    };
    auto integer = [&](std::string name, std::vector<double> values) {
        t.columns.push_back(Column{std::move(name), ColumnType::integer, {}, std::move(values), {}, {}});
    };
    text("cheapest_variant", v.choice.cheapest);
    text("runner_up_variant", v.choice.runner_up);
    real("cost_gap_eur_weq", v.choice.gap_eur_weq);
    real("cost_gap_pct", v.choice.gap_pct);
    std::vector<double> tie(n, nan);
    for (std::size_t b = 0; b < n; ++b)
        if (!v.choice.cheapest[b].empty()) tie[b] = v.choice.near_tie[b];
    integer("near_tie", tie);
    text("close_alternatives", v.choice.close);
    text("cost_gap_class", v.choice.gap_class);
    integer("choice_robust", v.robustness.holds);
    text("choice_flips_in", v.robustness.flips_in);
    text("choice_flips_to", v.robustness.flips_to);
}

std::vector<Column> grid_capacity_columns(const BuurtCosting& in, const CostVerdict& v, const Config& config,
                                          const CostKentallen& k) {
    const std::vector<CostResult>& costs = v.cost_results();
    const std::size_t n = costs.size();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    std::vector<double> extra(n, nan), headroom(n, nan), stations(n, nan), space(n, nan), eur(n, nan), year(n, nan);
    std::vector<std::string> status(n), from(n);
    const double unit_kw = config.costs.grid_station_kva * config.grid_capacity.power_factor;
    const CostKentallen kentallen = kentallen_for(k, config.costs);
    parallel_for(n, resolve_threads(config.threads), {}, "grid fields", [&](std::size_t b, geos::Context&) {
        const GridCapacity g = b < in.grid.size() ? in.grid[b] : GridCapacity{};
        if (g.from_stations != 0 || g.from_congestion != 0) status[b] = grid_status_name(g.grid_status());
        year[b] = g.available_year;
        if (!(costs[b].weq > 0)) return;
        extra[b] = costs[b].variants[s1a_at].grid_peak_kw;
        headroom[b] = g.headroom_kw;
        stations[b] = g.from_stations != 0 ? g.new_stations : extra[b] / unit_kw;
        space[b] = stations[b] * config.grid_capacity.station_space_m2;
        eur[b] = grid_reinforcement_eur(in.group[b], in.lengths[b], config.costs, kentallen, g);
        from[b] = g.from_stations != 0 && g.from_congestion != 0 ? "stations and congestion map"
                  : g.from_stations != 0                         ? "stations"
                  : g.from_congestion != 0                       ? "congestion map; stations by kental (est.)"
                                                                 : "kental (est.)";
    }, 256);
    std::vector<Column> t;
    t.push_back(real_column("grid_extra_peak_kw", std::move(extra)));
    t.push_back(real_column("grid_headroom_kw", std::move(headroom)));
    t.push_back(real_column("grid_new_stations", std::move(stations)));
    t.push_back(real_column("grid_station_space_m2", std::move(space)));
    t.push_back(real_column("grid_reinforcement_eur", std::move(eur)));
    t.push_back(text_column("grid_status", std::move(status)));
    t.push_back(real_column("grid_available_year", std::move(year)));
    t.push_back(text_column("grid_capacity_from", std::move(from)));
    return t;
}

std::vector<Column> household_columns(const HouseholdCosts& h) {
    const std::size_t n = h.monthly.size();
    std::vector<std::string> variants = {"ref"};
    for (const VariantInfo& v : cost_variants()) variants.push_back(v.id);
    std::vector<Column> out;
    for (std::size_t variant = 0; variant < variants.size(); ++variant)
        for (std::size_t tn = 0; tn < tenure_count; ++tn) {
            const std::string stem = "cost_enduser_" + variants[variant] + "_" + tenure_name(static_cast<Tenure>(tn));
            for (const char* end : {"_eur_month", "_eur_month_low", "_eur_month_high"})
                out.push_back(real_column(stem + end, std::vector<double>(n)));
        }
    // Buurt by buurt, every field at once: a field at a time read the whole table 81 times.
    for (std::size_t b = 0; b < n; ++b) {
        std::size_t column = 0;
        for (const auto& per_tenure : h.monthly[b])
            for (const HouseholdCosts::Monthly& m : per_tenure) {
                out[column++].numbers[b] = m.value;
                out[column++].numbers[b] = m.low;
                out[column++].numbers[b] = m.high;
            }
    }
    return out;
}

void add_affordability_columns(Table& t, const Affordability& a) {
    const std::size_t n = a.neutral.size();
    for (std::size_t tn = 0; tn < tenure_count; ++tn) {
        std::vector<double> neutral(n);
        for (std::size_t b = 0; b < n; ++b) neutral[b] = a.neutral[b][tn];
        t.columns.push_back(Column{std::string("woonlastenneutraal_") + tenure_name(static_cast<Tenure>(tn)),
                                   ColumnType::integer, {}, std::move(neutral), {}, {}});
    }
    t.columns.push_back(real_column("households_cost_rises", a.households_rising));
    t.columns.push_back(real_column("corporation_dwellings", a.corporation_dwellings));
}

void add_uncertainty_columns(Table& t, const ChoiceUncertainty& u) {
    t.columns.push_back(real_column("choice_confidence", u.confidence));
    t.columns.push_back(real_column("runner_up_share", u.runner_up_share));
    t.columns.push_back(text_column("choice_certainty", u.label));
}

Table cost_table(const Column& ids, const CostVerdict& v) {
    const std::vector<CostResult>& costs = v.cost_results();
    Table t;
    t.name = "costs";
    t.has_geometry = false;
    const std::string& id_field = ids.name;
    std::vector<std::string> id, variant, strategy, perspective, component;
    std::vector<double> eur_yr, eur_weq;
    std::size_t rows = 0;  // some 60 per buurt: reserved, not grown
    for (const CostResult& c : costs) {
        rows += c.reference.items.size() + c.reference.enduser_items.size();
        for (const VariantCosts& x : c.variants) rows += x.available ? x.items.size() + x.enduser_items.size() : 0;
    }
    for (auto* column : {&id, &variant, &strategy, &perspective, &component}) column->reserve(rows);
    eur_yr.reserve(rows);
    eur_weq.reserve(rows);
    auto add = [&](std::size_t b, const VariantCosts& c, const char* st, const char* view, const CostItems& items) {
        for (const CostItem& item : items) {
            id.push_back(ids.present[b] ? ids.text[b] : "");
            variant.push_back(c.variant);
            strategy.push_back(st);
            perspective.push_back(view);
            component.push_back(item.component);
            eur_yr.push_back(item.eur_yr);
            eur_weq.push_back(item.eur_yr / costs[b].weq);
        }
    };
    for (std::size_t b = 0; b < costs.size(); ++b) {
        if (!(costs[b].weq > 0)) continue;
        const VariantCosts& ref = costs[b].reference;
        add(b, ref, "reference", "national", ref.items);
        add(b, ref, "reference", "enduser", ref.enduser_items);
        for (const VariantCosts& c : costs[b].variants) {
            if (!c.available) continue;
            add(b, c, variant_strategy(c.variant), "national", c.items);
            add(b, c, variant_strategy(c.variant), "enduser", c.enduser_items);
        }
    }
    t.columns.push_back(text_column(id_field, id));
    t.columns.push_back(text_column("variant", variant));
    t.columns.push_back(text_column("strategy", strategy));
    t.columns.push_back(text_column("perspective", perspective));
    t.columns.push_back(text_column("component", component));
    t.columns.push_back(real_column("eur_yr", eur_yr));
    t.columns.push_back(real_column("eur_weq_yr", eur_weq));
    return t;
}

void add_sensitivity_columns(Table& t, const Sensitivity& s) {
    auto real = [&](const char* name, const std::vector<double>& v) {
        t.columns.push_back(real_column(name, v));
    };
    real("hn_p_promising", s.hn_p_promising);
    real("hn_p_possible", s.hn_p_possible);
    real("hn_p_not_promising", s.hn_p_not_promising);
    real("hn_rank_p5", s.hn_rank_p5);
    real("hn_rank_p95", s.hn_rank_p95);
    real("aq_p_promising", s.aq_p_promising);
    real("aq_p_possible", s.aq_p_possible);
    real("aq_p_not_promising", s.aq_p_not_promising);
    real("aq_rank_p5", s.aq_rank_p5);
    real("aq_rank_p95", s.aq_rank_p95);
}

void add_grid_columns(Table& t, Table* buildings, const std::vector<GridSummary>& grids) {
    for (const GridSummary& g : grids) {
        const std::string& name = g.name;
        if (g.raster) {
            const ZonalStats& z = g.buurten;
            t.columns.push_back(real_column(name + "_count", z.count));
            t.columns.push_back(real_column(name + "_sum", z.sum));
            t.columns.push_back(real_column(name + "_mean", z.mean));
            t.columns.push_back(real_column(name + "_min", z.min));
            t.columns.push_back(real_column(name + "_max", z.max));
            t.columns.push_back(real_column(name + "_nodata", z.nodata));
            if (buildings && g.buildings) {
                buildings->columns.push_back(
                    real_column(name + "_mean", g.buildings->mean));
                buildings->columns.push_back(real_column(name + "_sum", g.buildings->sum));
            }
        }
        for (auto& [column, values] : g.apportioned)
            t.columns.push_back(real_column(name + "_" + column, values));
    }
}

Table building_table(const VectorLayer& buildings, const DemandResult& result, const OverlayResult& overlay,
                     const VectorLayer& buurten, const Config& config) {
    const BuildingAttributes& a = result.attributes;
    const BuildingDemand& d = result.demand;
    Table t;
    t.name = "buildings";
    t.geometry = buildings.geometry;
    const std::size_t n = buildings.size();
    Column id{config.building_fields.id, ColumnType::text, {}, {}, {}, {}};
    Column buurt{config.neighbourhood_fields.id, ColumnType::text, {}, {}, {}, {}};
    Column type{"building_type", ColumnType::text, {}, {}, {}, {}};
    Column label{"label", ColumnType::text, {}, {}, {}, {}};
    Column year{"year", ColumnType::integer, {}, {}, {}, {}};
    Column floor{"floor_area_m2", ColumnType::real, {}, {}, {}, {}};
    Column storeys{"storeys", ColumnType::integer, {}, {}, {}, {}};
    Column dwellings{"n_dwellings", ColumnType::integer, {}, {}, {}, {}};
    Column space{"space_heat_gj", ColumnType::real, {}, {}, {}, {}};
    Column theoretical{"space_heat_theoretical_gj", ColumnType::real, {}, {}, {}, {}};
    Column water{"hot_water_gj", ColumnType::real, {}, {}, {}, {}};
    Column total{"heat_demand_gj", ColumnType::real, {}, {}, {}, {}};
    Column dh{"in_dh_area", ColumnType::integer, {}, {}, {}, {}};
    Column estimated{"estimated", ColumnType::text, {}, {}, {}, {}};
    Column classified{"classified_by", ColumnType::text, {}, {}, {}, {}};
    Column floor_rule{"floor_area_rule", ColumnType::text, {}, {}, {}, {}};
    Column by_use{"floor_area_by_use", ColumnType::text, {}, {}, {}, {}};
    const TextColumn* ids = buildings.text_column(config.building_fields.id);
    const TextColumn& codes = buurten.text.at(config.neighbourhood_fields.id);
    for (std::size_t i = 0; i < n; ++i) {
        id.text.push_back(ids && ids->present[i] ? ids->values[i] : std::to_string(buildings.feature_ids[i]));
        int home = overlay.home_neighbourhood[i];
        buurt.text.push_back(home >= 0 ? codes.values[home] : "");
        buurt.present.push_back(home >= 0);
        type.text.push_back(type_name(d.type[i]));
        label.text.push_back(d.label[i]);
        year.numbers.push_back(a.year[i]);
        floor.numbers.push_back(a.floor_area_m2[i]);
        storeys.numbers.push_back(a.storeys[i]);
        dwellings.numbers.push_back(a.dwellings[i]);
        space.numbers.push_back(d.space_heat_gj[i]);
        theoretical.numbers.push_back(d.space_heat_theoretical_gj[i]);
        water.numbers.push_back(d.hot_water_gj[i]);
        total.numbers.push_back(d.total(i));
        dh.numbers.push_back(0);  // set_in_dh_area
        std::string e;
        for (auto [bit, name] : estimated_names)
            if (a.estimated[i] & bit) e += (e.empty() ? "" : ",") + std::string(name);
        estimated.text.push_back(e);
        classified.text.push_back(classified_by_name(a.classified_by[i]));
        floor_rule.text.push_back(floor_area_rule_name(a.floor_area_rule[i]));
        std::string uses;
        const std::span<const double> floor_by_use = a.floor_by_use(i);
        for (std::size_t k = 0; k < a.uses.count(i); ++k) {
            char area[32];
            std::snprintf(area, sizeof area, "%.1f",
                          !floor_by_use.empty() ? floor_by_use[k] : a.floor_area_m2[i] / static_cast<double>(a.uses.count(i)));
            uses.append(k ? ";" : "").append(a.uses.at(i, k)).append("=").append(area);
        }
        by_use.text.push_back(a.outbuilding[i] ? "" : uses);
    }
    for (Column* c : {&id, &type, &label, &estimated, &classified, &floor_rule, &by_use}) c->present.assign(n, 1);
    t.columns = {id,    buurt, type,  label, year, floor,     storeys,    dwellings,  space,
                 theoretical, water, total, dh,   estimated, classified, floor_rule, by_use};
    return t;
}

void set_in_dh_area(Table& buildings, const std::vector<std::int64_t>& kx, const std::vector<std::int64_t>& ky,
                    const std::vector<std::uint8_t>& has_cell, const HeatGrid& grid) {
    for (Column& c : buildings.columns) {
        if (c.name != "in_dh_area") continue;
        for (std::size_t r = 0; r < c.numbers.size(); ++r) {
            const std::int64_t cell = has_cell[r] ? grid.cell_at(kx[r], ky[r]) : -1;
            c.numbers[r] = cell >= 0 && grid.in_dh_area[cell] ? 1 : 0;
        }
    }
}

Table source_table(const SourceSet& sources, const std::vector<double>& allocated,
                   const std::vector<std::vector<std::string>>& served) {
    Table s;
    s.name = "sources";
    s.geometry = sources.shapes;
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
    s.columns = {text_column("source_id", sources.id),
                 text_column("source_type", types),
                 text_column("water_kind", sources.water_kind),
                 real_column("area_m2", sources.area_m2),
                 real_column("flow", sources.flow),
                 real_column("potential_source_gj", sources.source_gj),
                 real_column("potential_delivered_gj", sources.delivered_gj),
                 real_column("allocated_gj", allocated),
                 real_column("used_share", used),
                 Column{"n_buurten_served", ColumnType::integer, {}, served_count, {}, {}},
                 text_column("buurten_served", served_list)};
    return s;
}

void add_allocation_tables(Table& sources_table, Table& a, const AquathermieResult& aquathermie,
                           const VectorLayer& buurten, const Config& config) {
    const SourceSet& sources = aquathermie.sources;
    const MatchingResult& m = aquathermie.matching;
    if (sources.size() == 0) return;
    const TextColumn& codes = buurten.text.at(config.neighbourhood_fields.id);
    std::vector<std::vector<std::string>> served(sources.size());
    for (const Allocation& al : m.allocations) served[al.source].push_back(codes.values[al.neighbourhood]);
    sources_table = source_table(sources, m.source_allocated_gj, served);

    a.name = "allocation";
    std::vector<std::string> from, to, kinds;
    std::vector<double> gj, distance;
    for (const Allocation& al : m.allocations) {
        auto [sx, sy] = centroid(sources.shapes, al.source);
        auto [bx, by] = centroid(buurten.geometry, al.neighbourhood);
        const double line[] = {sx, sy, bx, by};
        a.geometry.add_line(line);
        from.push_back(sources.id[al.source]);
        kinds.push_back(source_type_name(sources.type[al.source]));
        to.push_back(codes.values[al.neighbourhood]);
        gj.push_back(al.gj);
        distance.push_back(al.distance_m);
    }
    a.columns = {text_column("source_id", from), text_column("source_type", kinds),
                 text_column(config.neighbourhood_fields.id, to),
                 real_column("allocated_gj", gj),
                 real_column("distance_m", distance)};
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
    t.columns = {text_column("layer", std::move(layer)),
                 Column{"feature_id", ColumnType::integer, {}, std::move(feature), {}, {}},
                 text_column("issue", std::move(issue)),
                 text_column("detail", std::move(detail))};
    return t;
}

}  // namespace warmte
