#include "warmte/tables.hpp"

#include <cmath>
#include <cstdio>
#include <limits>
#include <set>
#include <utility>

namespace warmte {

namespace {

Column pass_through_column(const std::string& name, const TextColumn& source, const std::string& description) {
    return Column{name, ColumnType::text, source.values, {}, source.present, description};
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
    t.columns.push_back(pass_through_column(f.id, buurten.text.at(f.id), "buurt id, passed through"));
    // A field mapped to two roles (id and municipality both "gemeentecode") is written once.
    for (const std::string& name : {f.name, f.municipality})
        if (const TextColumn* c = buurten.text_column(name); c && !t.find(name))
            t.columns.push_back(pass_through_column(name, *c, "passed through"));
    return t;
}

Table neighbourhood_table(Table base, const NeighbourhoodIndicators& in) {
    const OverlayResult& o = in.overlay;
    const HeatNetworkIndicators& hn = in.network;
    const MatchingResult& m = in.aquathermie.matching;
    Table t = std::move(base);
    auto real = [&](const char* name, const std::vector<double>& values, const char* description) {
        t.columns.push_back(real_column(name, values, description));
    };
    real("area_m2", o.area_m2, "buurt area");
    real("water_area_m2", o.water_area_m2, "surface water inside the buurt");
    real("land_area_ha", o.land_area_ha, "buurt area minus water");
    std::vector<double> counts(o.n_buildings.begin(), o.n_buildings.end());
    t.columns.push_back(Column{"n_buildings", ColumnType::integer, {}, counts, {},
                               "buildings counted here (where most of the footprint lies)"});
    real("footprint_area_m2", o.footprint_area_m2, "building footprint inside the buurt");
    real("dist_water_m", o.dist_water_m, "footprint-weighted mean distance from buildings to the nearest water");
    real("floor_area_m2", hn.floor_area_m2, "usable floor area, split by intersected area");
    real("n_dwellings", hn.dwellings, "dwellings, split by intersected area");
    real("heat_demand_gj", hn.heat_demand_gj, "space heating + hot tap water, GJ/yr");
    real("heat_density_gj_ha", hn.heat_density_gj_ha, "heat demand per ha of land");
    real("plot_ratio", hn.plot_ratio, "floor area per m2 of land");
    real("linear_heat_density_gj_m", hn.linear_heat_density_gj_m,
         "heat demand per metre of trench (Persson effective width)");
    real("dwelling_density_ha", hn.dwelling_density_ha, "dwellings per ha of land");
    real("dh_area_share", hn.dh_area_share, "share of demand inside DH potential areas");
    if (in.dist_heat_network_m)
        real("dist_heat_network_m", *in.dist_heat_network_m,
             "footprint-weighted mean distance from buildings to the existing heat network");
    real("teo_gj", m.teo_gj, "heat from surface water allocated here, GJ/yr delivered");
    real("tea_gj", m.tea_gj, "heat from waste water allocated here, GJ/yr delivered");
    real("ted_gj", m.ted_gj, "heat from drinking water allocated here, GJ/yr delivered");
    real("aquathermie_coverage", m.coverage, "allocated aquathermie / heat demand");
    real("dist_aquathermie_source_m", m.distance_m, "allocation-weighted distance from the buildings to the serving sources");
    t.columns.push_back(text_column("aquathermie_note", m.note, "why a buurt got no aquathermie (project-size rules, no source, none left in reach)"));
    real("wko_share", in.aquathermie.wko_share, "share of demand in buildings in a suitable WKO zone");
    real("lt_share", in.aquathermie.lt_share, "share of demand in buildings of label E or better");
    return t;
}

void add_score_columns(Table& t, const Scores& s) {
    auto real = [&](std::string name, const std::vector<double>& v, std::string description) {
        t.columns.push_back(real_column(std::move(name), v, std::move(description)));
    };
    auto text = [&](std::string name, const std::vector<std::string>& v, std::string description) {
        t.columns.push_back(text_column(std::move(name), v, std::move(description)));
    };
    real("heat_network_score", s.heat_network, "heat-network suitability, 0-100");
    text("heat_network_class", s.heat_network_class, "not_promising / possible / promising");
    real("aquathermie_score", s.aquathermie, "aquathermie suitability, 0-100");
    text("aquathermie_class", s.aquathermie_class, "not_promising / possible / promising");
    text("top_driver", s.top_driver,
         "what decided the heat-network score: the criterion that raised it most, or for a buurt that is not "
         "promising the one that held it back most");
    text("strategy", s.strategy, "S1-S4 (PBL Startanalyse variants)");
    text("strategy_label_nl", s.strategy_label_nl, "the strategy in Dutch");
    text("strategy_label_en", s.strategy_label_en, "the strategy in English");
    text("strategy_rule", s.strategy_rule, "why this strategy (strategy.decision: the costs, or the rule)");
    text("strategy_by_rules", s.strategy_by_rules, "the strategy the rule set of DESIGN.md §3.4 gives, for comparison");
    text("phase", s.phase, "before_2030 / 2030_2040 / after_2040");
    text("phase_reason", s.phase_reason, "why this phase");
    for (auto [prefix, parts] : {std::pair{"hn", &s.heat_network_parts}, std::pair{"aq", &s.aquathermie_parts}}) {
        for (const ScorePart& part : *parts) {
            std::string base = std::string(prefix) + "_";
            real(base + "raw_" + part.criterion, part.raw, "raw value of " + part.criterion);
            real(base + "norm_" + part.criterion, part.normalised, "normalised value (0-1) of " + part.criterion);
            real(base + "part_" + part.criterion, part.contribution, "weighted contribution to the score (0-100)");
        }
    }
}

void add_residual_heat_columns(Table& t, const OtherSupply& other) {
    std::vector<double> distance(other.residual_heat_gj.size(), std::numeric_limits<double>::quiet_NaN());
    for (std::size_t b = 0; b < distance.size(); ++b)
        if (other.residual_heat_distance_m[b]) distance[b] = *other.residual_heat_distance_m[b];
    t.columns.push_back(real_column("residual_heat_gj", other.residual_heat_gj,
                                    "residual heat allocated (the source share of an MT network), GJ/yr"));
    t.columns.push_back(real_column("dist_residual_heat_m", distance, "distance to the residual-heat source allocated"));
}

void add_measured_columns(Table& t, const MeasuredUse& measured, const MeasuredComparison& comparison,
                          const Config& config) {
    t.columns.push_back(real_column("cbs_dwellings", measured.dwellings, "dwellings CBS counts (housing stock)"));
    t.columns.push_back(real_column("measured_heat_gj", measured.heat_gj,
                                    "CBS gas use x 31.65 MJ/m3 x boiler efficiency of the dwellings not on district "
                                    "heating, GJ/yr"));
    t.columns.push_back(real_column("modelled_residential_gj", comparison.modelled_gj,
                                    "modelled space heat + hot water of the dwellings, GJ/yr (before calibration)"));
    t.columns.push_back(real_column("demand_vs_measured", comparison.demand_vs_measured,
                                    "modelled residential demand x (1 - district-heating share) / measured heat"));
    if (config.demand.calibrate != "measured") return;
    t.columns.push_back(real_column("calibration_factor", comparison.calibration_factor,
                                    "factor on the residential space heat to meet the measured use (empty: none)"));
    t.columns.push_back(text_column("calibration", comparison.calibration,
                                    "calibrated, or why not: no_measurement, no_modelled_dwellings, "
                                    "measured_below_hot_water"));
}

std::vector<Column> variant_cost_columns(const BuurtCosting& in, const std::vector<CostResult>& costs) {
    std::vector<Column> t;
    const std::size_t n = costs.size();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    auto real = [&](std::string name, std::vector<double> values, std::string description) {
        t.push_back(real_column(std::move(name), std::move(values), std::move(description)));
    };
    auto text = [&](std::string name, std::vector<std::string> values, std::string description) {
        t.push_back(text_column(std::move(name), std::move(values), std::move(description)));
    };
    auto costed = [&](std::size_t b) { return costs[b].weq > 0; };
    std::vector<double> weq(n, nan), ref_national(n, nan), ref_enduser(n, nan);
    std::vector<std::string> missing(n);
    for (std::size_t b = 0; b < n; ++b) {
        if (!costed(b)) continue;
        weq[b] = costs[b].weq;
        ref_national[b] = costs[b].reference.total_eur_yr / costs[b].weq;
        ref_enduser[b] = costs[b].reference.enduser_eur_dw;
        for (const VariantCosts& c : costs[b].variants)
            if (!c.available) missing[b] += (missing[b].empty() ? "" : "; ") + c.variant + ": " + c.not_available_because;
    }
    real("cost_weq", weq, "dwelling equivalents costed: dwellings + utility m2 / 130 (COSTS.md §1)");
    real("cost_reference_eur_weq", ref_national, "national costs of the reference (HR gas boiler), EUR/WEQ/yr");
    real("cost_enduser_ref_eur_dw", ref_enduser, "end-user costs of the reference, EUR per dwelling equivalent per yr");
    const auto& variants = cost_variants();
    for (std::size_t k = 0; k < variants.size(); ++k) {
        const std::string id = variants[k].id;
        std::vector<double> national(n, nan), enduser(n, nan), co2(n, nan);
        for (std::size_t b = 0; b < n; ++b) {
            if (!costed(b) || !costs[b].variants[k].available) continue;
            national[b] = costs[b].variants[k].eur_weq_yr;
            enduser[b] = costs[b].variants[k].enduser_eur_dw;
            co2[b] = costs[b].variants[k].eur_tco2;
        }
        const std::string label = variants[k].label_en;
        real("cost_national_" + id + "_eur_weq", national,
             label + ": national additional costs against the reference, EUR/WEQ/yr (empty: not available)");
        real("cost_enduser_" + id + "_eur_dw", enduser,
             label + ": end-user costs incl. taxes and subsidies, EUR per dwelling equivalent per yr");
        real("cost_" + id + "_eur_tco2", co2, label + ": national additional costs per tonne CO2 avoided");
        if (std::string(variants[k].strategy) == "S3") {
            std::vector<double> share(n, nan);
            for (std::size_t b = 0; b < n; ++b)
                if (costed(b) && costs[b].variants[k].available) share[b] = costs[b].variants[k].connected_share;
            real("cost_" + id + "_connected_share", share,
                 label + ": share of the buurt its allocated heat connects; the rest keeps individual air heat pumps");
        }
    }
    text("cost_not_available", missing, "variants without their supply here, and why");
    std::vector<double> distribution(n, nan), service(n, nan);
    std::vector<std::string> source(n);
    for (std::size_t b = 0; b < n; ++b) {
        if (!costed(b)) continue;
        distribution[b] = in.lengths[b].distribution_m;
        if (in.connections[b] > 0) service[b] = in.lengths[b].service_m * costs[b].weq / in.connections[b];
        source[b] = in.lengths_estimated[b] ? "effective width and default service pipe (est.)" : "roads";
    }
    real("cost_distribution_m", distribution, "heat-network distribution length costed (also the gas and LV nets)");
    real("cost_service_m", service, "service pipe per connection costed");
    text("cost_lengths_from", source, "where the lengths come from: a roads layer, or the estimate of COSTS.md §4");
    return t;
}

void add_cost_columns(Table& t, const BuurtCosting& in, const CostVerdict& v, const std::vector<Column>* costed) {
    const std::size_t n = v.cost_results().size();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    if (costed) t.columns.insert(t.columns.end(), costed->begin(), costed->end());
    else
        for (Column& c : variant_cost_columns(in, v.cost_results())) t.columns.push_back(std::move(c));
    auto real = [&](std::string name, std::vector<double> values, std::string description) {
        t.columns.push_back(real_column(std::move(name), std::move(values), std::move(description)));
    };
    auto text = [&](std::string name, std::vector<std::string> values, std::string description) {
        t.columns.push_back(text_column(std::move(name), std::move(values), std::move(description)));
    };
    auto integer = [&](std::string name, std::vector<double> values, std::string description) {
        t.columns.push_back(Column{std::move(name), ColumnType::integer, {}, std::move(values), {}, std::move(description)});
    };
    text("cheapest_variant", v.choice.cheapest, "the variant with the lowest national costs (the verdict by cost)");
    text("runner_up_variant", v.choice.runner_up, "the cheapest variant of another strategy");
    real("cost_gap_eur_weq", v.choice.gap_eur_weq, "runner-up minus cheapest, EUR/WEQ/yr");
    real("cost_gap_pct", v.choice.gap_pct, "the gap as a share of the cheapest's additional costs, %");
    std::vector<double> tie(n, nan);
    for (std::size_t b = 0; b < n; ++b)
        if (!v.choice.cheapest[b].empty()) tie[b] = v.choice.near_tie[b];
    integer("near_tie", tie, "1: the runner-up is within strategy.near_tie_share or strategy.near_tie_eur_weq (look at both)");
    text("cost_gap_class", v.choice.gap_class,
         "near_tie / clear / very_clear (strategy.near_tie_*, strategy.wide_gap_eur_weq); empty without runner-up");
    integer("choice_robust", v.robustness.holds,
            "in how many of the " + std::to_string(cost_sensitivity_sets().size()) +
                " Startanalyse sensitivity sets the cheapest variant stays the cheapest");
    text("choice_flips_in", v.robustness.flips_in, "the first sensitivity set where the cheapest variant changes");
    text("choice_flips_to", v.robustness.flips_to, "the variant it changes to there");
}

Table cost_table(const Column& ids, const CostVerdict& v) {
    const std::vector<CostResult>& costs = v.cost_results();
    Table t;
    t.name = "costs";
    t.has_geometry = false;
    const std::string& id_field = ids.name;
    std::vector<std::string> id, variant, strategy, perspective, component;
    std::vector<double> eur_yr, eur_weq;
    auto add = [&](std::size_t b, const VariantCosts& c, const char* st, const char* view,
                   const std::vector<CostItem>& items) {
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
    t.columns.push_back(text_column(id_field, id, "buurt id"));
    t.columns.push_back(text_column("variant", variant, "ref (HR gas boiler) or s1a ... s4a"));
    t.columns.push_back(text_column("strategy", strategy, "S1-S4, or reference"));
    t.columns.push_back(text_column("perspective", perspective,
                                    "national (no taxes, subsidies or transfers) or enduser (taxes and subsidies included)"));
    t.columns.push_back(text_column("component", component,
                                    "installation, ltas, insulation, process, grids, network, in_house, source, energy, om, "
                                    "gasnet_om, profit, fixed_charges, connection_fee"));
    t.columns.push_back(real_column("eur_yr", eur_yr, "the variant's own yearly costs of this component, whole buurt"));
    t.columns.push_back(real_column("eur_weq_yr", eur_weq, "likewise per dwelling equivalent; national minus the "
                                                           "reference's national sum is the variant's H16"));
    return t;
}

void add_sensitivity_columns(Table& t, const Sensitivity& s) {
    auto real = [&](const char* name, const std::vector<double>& v, const char* description) {
        t.columns.push_back(real_column(name, v, description));
    };
    real("hn_p_promising", s.hn_p_promising, "share of samples in which the heat-network class is promising");
    real("hn_p_possible", s.hn_p_possible, "share of samples: possible");
    real("hn_p_not_promising", s.hn_p_not_promising, "share of samples: not promising");
    real("hn_rank_p5", s.hn_rank_p5, "5th percentile of the heat-network rank (1 = best)");
    real("hn_rank_p95", s.hn_rank_p95, "95th percentile of the heat-network rank");
    real("aq_p_promising", s.aq_p_promising, "share of samples in which the aquathermie class is promising");
    real("aq_p_possible", s.aq_p_possible, "share of samples: possible");
    real("aq_p_not_promising", s.aq_p_not_promising, "share of samples: not promising");
    real("aq_rank_p5", s.aq_rank_p5, "5th percentile of the aquathermie rank");
    real("aq_rank_p95", s.aq_rank_p95, "95th percentile of the aquathermie rank");
}

void add_grid_columns(Table& t, Table* buildings, const std::vector<GridSummary>& grids) {
    for (const GridSummary& g : grids) {
        const std::string& name = g.name;
        if (g.raster) {
            const ZonalStats& z = g.buurten;
            t.columns.push_back(real_column(name + "_count", z.count, "covered cells with data (fractions add)"));
            t.columns.push_back(real_column(name + "_sum", z.sum, "sum of value x covered fraction"));
            t.columns.push_back(real_column(name + "_mean", z.mean, "coverage-weighted mean"));
            t.columns.push_back(real_column(name + "_min", z.min, "minimum over covered cells"));
            t.columns.push_back(real_column(name + "_max", z.max, "maximum over covered cells"));
            t.columns.push_back(real_column(name + "_nodata", z.nodata, "covered cells without data"));
            if (buildings && g.buildings) {
                buildings->columns.push_back(
                    real_column(name + "_mean", g.buildings->mean, "coverage-weighted mean over the footprint"));
                buildings->columns.push_back(real_column(name + "_sum", g.buildings->sum, "value x covered fraction"));
            }
        }
        for (auto& [column, values] : g.apportioned)
            t.columns.push_back(real_column(name + "_" + column, values, "apportioned from " + g.source));
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
    Column id{config.building_fields.id, ColumnType::text, {}, {}, {}, "building id, passed through"};
    Column buurt{config.neighbourhood_fields.id, ColumnType::text, {}, {}, {}, "buurt holding most of the footprint"};
    Column type{"building_type", ColumnType::text, {}, {}, {}, "dwelling type from geometry (Vesta)"};
    Column label{"label", ColumnType::text, {}, {}, {}, "default energy label by construction year"};
    Column year{"year", ColumnType::integer, {}, {}, {}, "construction year used"};
    Column floor{"floor_area_m2", ColumnType::real, {}, {}, {}, "usable floor area"};
    Column storeys{"storeys", ColumnType::integer, {}, {}, {}, "storeys used"};
    Column dwellings{"n_dwellings", ColumnType::integer, {}, {}, {}, "dwellings"};
    Column space{"space_heat_gj", ColumnType::real, {}, {}, {}, "space heating as households use it, GJ/yr"};
    Column theoretical{"space_heat_theoretical_gj", ColumnType::real, {}, {}, {},
                       "space heating from the theoretical tables (before demand.practice_factor), GJ/yr"};
    Column water{"hot_water_gj", ColumnType::real, {}, {}, {}, "hot tap water, GJ/yr"};
    Column total{"heat_demand_gj", ColumnType::real, {}, {}, {}, "space heating + hot tap water, GJ/yr"};
    Column dh{"in_dh_area", ColumnType::integer, {}, {}, {}, "1 when in a DH potential area"};
    Column estimated{"estimated", ColumnType::text, {}, {}, {}, "attributes that were estimated"};
    Column classified{"classified_by", ColumnType::text, {}, {}, {},
                      "what decided its dwellings and uses: addresses, attributes, or a panden-only rule"};
    Column floor_rule{"floor_area_rule", ColumnType::text, {}, {}, {},
                      "where the floor area came from: addresses, attribute, vbo_exact, vbo_min_max, footprint"};
    Column by_use{"floor_area_by_use", ColumnType::text, {}, {}, {},
                  "floor area per BAG use, m2: use=m2;use=m2 (verblijfsobjecten, else equal shares)"};
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
    a.columns = {text_column("source_id", from, "source"), text_column("source_type", kinds, "teo, tea or ted"),
                 text_column(config.neighbourhood_fields.id, to, "buurt served"),
                 real_column("allocated_gj", gj, "delivered heat, GJ/yr"),
                 real_column("distance_m", distance, "demand-weighted distance from the buildings to the source")};
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

}  // namespace warmte
