#include "warmte/cost_choice.hpp"
#include "warmte/number_text.hpp"


#include "parallel.hpp"

#include <cmath>
#include <cstring>
#include <limits>

namespace warmte {

namespace {

constexpr const char* early_phase = "before_2030";

}  // namespace

namespace {

// The cheapest variant a buurt may choose (green gas is not chosen for buurten starting before
// 2030: `excluded` receives it), and the cheapest of another strategy (the runner-up).
struct Ranked {
    const VariantCosts* best = nullptr;
    const VariantCosts* second = nullptr;
    const VariantCosts* excluded = nullptr;
};

// Variants by their place in cost_variants() (national_costs writes them in that order), so no
// id is compared per buurt.
Ranked ranked(const std::vector<VariantCosts>& variants, bool early) {
    Ranked r;
    auto allowed = [&](std::size_t i) { return variants[i].available && !(early && i == s4a_at); };
    std::size_t best = 0;
    for (std::size_t i = 0; i < variants.size(); ++i) {
        const VariantCosts& v = variants[i];
        if (v.available && early && i == s4a_at) r.excluded = &v;
        if (allowed(i) && (!r.best || v.eur_weq_yr < r.best->eur_weq_yr)) r.best = &v, best = i;
    }
    if (!r.best) return r;
    const char* best_strategy = cost_variants()[best].strategy;
    for (std::size_t i = 0; i < variants.size(); ++i)
        if (allowed(i) && std::strcmp(cost_variants()[i].strategy, best_strategy) != 0 &&
            (!r.second || variants[i].eur_weq_yr < r.second->eur_weq_yr))
            r.second = &variants[i];
    return r;
}

// Within the near-tie margins of the cheapest (docs/costs.md §2: gap < 10 % or < 100 EUR/WEQ/yr).
bool within_near_tie(double gap, double best, const ScoreParameters& p) {
    return gap < p.near_tie_eur_weq || (best > 0 && gap < p.near_tie_share * best);
}

// Every other available variant within the margins, or cheaper but set aside, cheapest first.
std::string close_variants(const std::vector<VariantCosts>& variants, const VariantCosts& best,
                           const ScoreParameters& p) {
    std::vector<const VariantCosts*> close;
    for (const VariantCosts& v : variants)
        if (v.available && &v != &best && within_near_tie(v.eur_weq_yr - best.eur_weq_yr, best.eur_weq_yr, p))
            close.push_back(&v);
    std::stable_sort(close.begin(), close.end(),
                     [](const VariantCosts* x, const VariantCosts* y) { return x->eur_weq_yr < y->eur_weq_yr; });
    std::string out;
    for (const VariantCosts* v : close) out.append(out.empty() ? "" : ", ").append(v->variant);
    return out;
}

// Buurt b's verdict from its ranked variants: the gap, the near tie, its class and the reason.
void record_choice(CostChoice& c, std::size_t b, const Ranked& r, const std::vector<VariantCosts>& variants,
                   const ScoreParameters& p, bool with_reasons) {
    const VariantCosts& best = *r.best;
    c.cheapest[b] = best.variant;
    c.close[b] = close_variants(variants, best, p);
    c.near_tie[b] = !c.close[b].empty();
    std::string& reason = c.reason[b];
    if (with_reasons)
        reason.append("lowest national costs: ").append(best.variant).append(" ")
            .append(whole_number(best.eur_weq_yr)).append(" EUR/WEQ/yr");
    if (r.second) {
        const VariantCosts& second = *r.second;
        c.runner_up[b] = second.variant;
        const double gap = second.eur_weq_yr - best.eur_weq_yr;
        c.gap_eur_weq[b] = gap;
        // The share is of the cheapest's additional costs; meaningless when those are not positive.
        if (best.eur_weq_yr > 0) c.gap_pct[b] = 100.0 * gap / best.eur_weq_yr;
        if (with_reasons)
            reason.append("; runner-up ").append(second.variant).append(" (").append(variant_strategy(second.variant))
                .append(") +").append(whole_number(gap));
        c.gap_class[b] = c.near_tie[b] ? "near_tie" : gap >= p.wide_gap_eur_weq ? "very_clear" : "clear";
    }
    if (with_reasons && !c.close[b].empty()) reason.append("; a near tie with ").append(c.close[b]);
    if (with_reasons && r.excluded && r.excluded->eur_weq_yr < best.eur_weq_yr)
        reason.append("; green gas (s4a, ").append(whole_number(r.excluded->eur_weq_yr))
            .append(") is not chosen for buurten starting before 2030 (ECW)");
}

}  // namespace

CostChoice choose_by_cost(const std::vector<CostResult>& costs, const std::vector<std::string>& phase,
                          const ScoreParameters& p, bool with_reasons, unsigned threads) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const std::size_t n = costs.size();
    CostChoice c;
    c.cheapest.assign(n, "");
    c.runner_up.assign(n, "");
    c.gap_eur_weq.assign(n, nan);
    c.gap_pct.assign(n, nan);
    c.near_tie.assign(n, 0);
    c.close.assign(n, "");
    c.reason.assign(n, "");
    c.gap_class.assign(n, "");
    // Each buurt writes only its own slots.
    parallel_for(n, threads, {}, "choice", [&](std::size_t b, geos::Context&) {
        const Ranked r = ranked(costs[b].variants, b < phase.size() && phase[b] == early_phase);
        if (r.best) record_choice(c, b, r, costs[b].variants, p, with_reasons);
    }, 256);
    return c;
}

const std::vector<CostSensitivitySet>& cost_sensitivity_sets() {
    using P = CostParameters;
    using S = CostSliders;
    static const std::vector<CostSensitivitySet> sets = {
        {"low_prices", "G03: low 2030 prices of green electricity and green gas",
         [](P& p, S&) { p.electricity_eur_gj = p.electricity_low_eur_gj, p.green_gas_eur_gj = p.green_gas_low_eur_gj; },
         false, true},
        {"high_prices", "G04: high 2030 prices of green electricity and green gas",
         [](P& p, S&) { p.electricity_eur_gj = p.electricity_high_eur_gj, p.green_gas_eur_gj = p.green_gas_high_eur_gj; },
         false, true},
        {"optimistic_savings", "G05: space heat at label B x GA_B_factor", [](P&, S&) {}, true, true},
        {"process_min", "G06: process costs at their minimum", [](P&, S& s) { s.process = 0; }, false, true},
        {"process_max", "G07: process costs at their maximum", [](P&, S& s) { s.process = 1; }, false, true},
        {"band_min", "every cost range at its minimum (VerbeterMinMaxSchuif 0)", [](P&, S& s) { s.band = 0; }},
        {"band_max", "every cost range at its maximum (VerbeterMinMaxSchuif 1)", [](P&, S& s) { s.band = 1; }},
        {"much_cost_reduction", "optimistic learning curves", [](P&, S& s) { s.learning = 0; }},
        {"little_cost_reduction", "pessimistic learning curves", [](P&, S& s) { s.learning = 1; }},
    };
    return sets;
}

void apply_cost_decision(Scores& s, CostChoice& c) {
    for (std::size_t b = 0; b < c.cheapest.size() && b < s.strategy.size(); ++b) {
        if (c.cheapest[b].empty()) {
            s.strategy_rule[b] = "nothing to cost (no heat demand); by the rules: " + s.strategy_rule[b];
            continue;
        }
        s.strategy[b] = variant_strategy(c.cheapest[b]);
        s.strategy_label_nl[b] = strategy_label(s.strategy[b], "nl");
        s.strategy_label_en[b] = strategy_label(s.strategy[b], "en");
        s.strategy_rule[b] = std::move(c.reason[b]);
    }
}

CostSliders cost_sliders(const CostParameters& p) { return {p.min_max_slider, p.learning_curve_slider, -1}; }

CostKentallen kentallen_for(const CostKentallen& k, const CostParameters& p) {
    return k.with_sliders(cost_sliders(p));
}

namespace {

// A set's own parameters and sliders: the configuration's, moved as the set says.
std::pair<CostParameters, CostSliders> set_parameters(const Config& config, const CostSensitivitySet& set) {
    CostParameters p = config.costs;
    CostSliders sliders = cost_sliders(p);
    set.apply(p, sliders);
    return {p, sliders};
}

// A buurt's cheapest variant with green gas set aside (a phase before 2030) and without.
void cheapest_of(const CostResult& costs, std::string& early, std::string& later) {
    const VariantCosts *e = nullptr, *l = nullptr;
    for (std::size_t i = 0; i < costs.variants.size(); ++i) {
        const VariantCosts& v = costs.variants[i];
        if (!v.available) continue;
        if (!l || v.eur_weq_yr < l->eur_weq_yr) l = &v;
        if (i != s4a_at && (!e || v.eur_weq_yr < e->eur_weq_yr)) e = &v;
    }
    if (e) early = e->variant;
    if (l) later = l->variant;
}

// One sensitivity set to cost: what it costs with, and what it keeps of its costs: the cheapest
// variant of every buurt with and without green gas (the phases; the set's only use, so neither
// runner-up nor near ties are ranked for it), and for the two sets at the ends of the kentallen
// ranges what households pay.
struct SetCosting {
    CostParameters p;
    CostKentallen k;
    bool optimistic_savings;  // G05: the one set that changes the buurten themselves
    SetCheapest cheapest;
    std::vector<TenureMonthly>* monthly = nullptr;
};

// Every set in one pass over the buurten, each buurt costed under each set in turn and only
// what the set keeps written: no set holds a country's costs at once, and one pass instead of a
// pass per set (seven passes and a copy of the buurten for G05 were a third of a recost).
void cost_sets(const BuurtCosting& in, const Config& config, std::vector<SetCosting>& sets) {
    const std::size_t n = in.size();
    for (SetCosting& s : sets) {
        s.cheapest.early.resize(n);
        s.cheapest.later.resize(n);
        if (s.monthly) s.monthly->assign(n, tenure_monthly(CostResult{}, config.tenure));
    }
    parallel_for(n, resolve_threads(config.threads), {}, "costs", [&](std::size_t b, geos::Context&) {
        const GridCapacity grid = b < in.grid.size() ? in.grid[b] : GridCapacity{};
        for (SetCosting& s : sets) {
            DwellingGroup g = in.group[b];
            if (s.optimistic_savings) g.space_heat_target_gj *= g.optimistic_savings;
            if (!(dwelling_equivalents(g, s.p) > 0)) continue;
            const CostResult costs = national_costs(g, in.lengths[b], in.supply[b], s.p, s.k, grid);
            cheapest_of(costs, s.cheapest.early[b], s.cheapest.later[b]);
            if (s.monthly) (*s.monthly)[b] = tenure_monthly(costs, config.tenure);
        }
    }, 32);
}

}  // namespace

std::vector<SetCheapest> set_cheapest_of(const std::vector<std::vector<CostResult>>& set_costs) {
    std::vector<SetCheapest> out;
    out.reserve(set_costs.size());
    for (const std::vector<CostResult>& costs : set_costs) {
        SetCheapest& c = out.emplace_back();
        c.early.resize(costs.size());
        c.later.resize(costs.size());
        for (std::size_t b = 0; b < costs.size(); ++b) cheapest_of(costs[b], c.early[b], c.later[b]);
    }
    return out;
}

ChoiceRobustness choice_robustness(const std::vector<SetCheapest>& set_cheapest, const std::vector<std::string>& phase,
                                   const CostChoice& base) {
    const std::size_t n = base.cheapest.size();
    ChoiceRobustness r;
    r.holds.assign(n, 0.0);
    r.flips_in.assign(n, "");
    r.flips_to.assign(n, "");
    const auto& sets = cost_sensitivity_sets();
    for (std::size_t s = 0; s < sets.size() && s < set_cheapest.size(); ++s) {
        for (std::size_t b = 0; b < n; ++b) {
            if (base.cheapest[b].empty()) continue;
            const bool early = b < phase.size() && phase[b] == early_phase;
            const std::string& cheapest = (early ? set_cheapest[s].early : set_cheapest[s].later)[b];
            if (cheapest == base.cheapest[b]) {
                r.holds[b] += 1;
            } else if (r.flips_in[b].empty()) {
                r.flips_in[b] = sets[s].name;
                r.flips_to[b] = cheapest;
            }
        }
    }
    const double nan = std::numeric_limits<double>::quiet_NaN();
    for (std::size_t b = 0; b < n; ++b)
        if (base.cheapest[b].empty()) r.holds[b] = nan;
    return r;
}

void mark_flips_as_near_ties(CostChoice& choice, const std::vector<SetCheapest>& set_cheapest,
                             const std::vector<std::string>& phase) {
    const auto& sets = cost_sensitivity_sets();
    for (std::size_t s = 0; s < sets.size() && s < set_cheapest.size(); ++s) {
        if (!sets[s].near_tie_set) continue;
        for (std::size_t b = 0; b < choice.cheapest.size(); ++b) {
            if (choice.cheapest[b].empty() || choice.near_tie[b]) continue;
            const bool early = b < phase.size() && phase[b] == early_phase;
            if ((early ? set_cheapest[s].early : set_cheapest[s].later)[b] != choice.cheapest[b]) {
                choice.near_tie[b] = 1;
                if (!choice.gap_class[b].empty()) choice.gap_class[b] = "near_tie";
            }
        }
    }
}

CostVerdict cost_verdict(const BuurtCosting& inputs, const std::vector<std::string>& phase, const Config& config,
                         const CostKentallen& k, CostMemo* memo) {
    CostMemo fresh;
    CostMemo& m = memo ? *memo : fresh;
    if (!(m.parameters && *m.parameters == config.costs && m.tenure == config.tenure)) {
        m.costs = std::make_shared<const std::vector<CostResult>>(
            buurt_costs(inputs, config.costs, kentallen_for(k, config.costs), resolve_threads(config.threads)));
        // Only the sets a change touches are costed again; of their costs only the choices are
        // kept, and what households pay at the ends of the kentallen ranges (band_min, band_max).
        const auto& sets = cost_sensitivity_sets();
        m.set_cheapest.resize(sets.size());
        m.set_parameters.resize(sets.size());
        std::vector<SetCosting> costing;
        std::vector<std::size_t> costed;  // the sets' places in `sets`
        std::vector<TenureMonthly> low, high;
        costing.reserve(sets.size());
        for (std::size_t s = 0; s < sets.size(); ++s) {
            const CostSensitivitySet& set = sets[s];
            auto parameters = set_parameters(config, set);
            const bool is_low = std::strcmp(set.name, "band_min") == 0, is_high = std::strcmp(set.name, "band_max") == 0;
            // A band set's households follow the tenure rules too.
            const bool kept = m.set_parameters[s] == parameters && m.parameters &&
                              (!(is_low || is_high) || (m.tenure == config.tenure && (is_low ? m.low : m.high)));
            m.set_parameters[s] = parameters;
            if (kept) continue;
            costing.push_back({parameters.first, k.with_sliders(parameters.second), set.optimistic_savings, {},
                               is_low ? &low : is_high ? &high : nullptr});
            costed.push_back(s);
        }
        cost_sets(inputs, config, costing);
        for (std::size_t i = 0; i < costing.size(); ++i) {
            m.set_cheapest[costed[i]] = std::move(costing[i].cheapest);
            if (costing[i].monthly == &low) m.low = std::make_shared<const std::vector<TenureMonthly>>(std::move(low));
            if (costing[i].monthly == &high) m.high = std::make_shared<const std::vector<TenureMonthly>>(std::move(high));
        }
        m.cost_columns.reset();
        m.grid_columns.reset();
        m.household_columns.reset();
        m.household.reset();
        m.parameters = config.costs;
        m.tenure = config.tenure;
    }
    CostVerdict v;
    v.costs = m.costs;
    v.low = m.low;
    v.high = m.high;
    v.choice = choose_by_cost(*v.costs, phase, config.score, true, resolve_threads(config.threads));
    v.robustness = choice_robustness(m.set_cheapest, phase, v.choice);
    mark_flips_as_near_ties(v.choice, m.set_cheapest, phase);
    return v;
}

}  // namespace warmte
