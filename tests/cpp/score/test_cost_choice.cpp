#include "warmte/cost_choice.hpp"
#include "warmte/parameter_tables.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <string>
#include <random>

using namespace warmte;

namespace {

// A buurt's costs with the given EUR/WEQ/yr per variant; the variants not named are not available.
CostResult costs(const std::map<std::string, double>& eur_weq) {
    CostResult r;
    r.weq = 1;
    for (const VariantInfo& info : cost_variants()) {
        VariantCosts v;
        v.variant = info.id;
        const auto it = eur_weq.find(info.id);
        v.available = it != eur_weq.end();
        v.eur_weq_yr = v.available ? it->second : 0;
        r.variants.push_back(v);
    }
    return r;
}

}  // namespace

TEST_CASE("the verdict by cost: cheapest, runner-up of another strategy, gap and near tie by hand", "[costs]") {
    //                       s1a   s1b   s2a  s2b  s3e   s3t  s4a
    std::vector<CostResult> c = {costs({{"s1a", 1159}, {"s1b", 1200}, {"s2a", 1872}, {"s3e", 1952}, {"s4a", 1262}}),
                                 costs({{"s1a", 900}, {"s1b", 1350}, {"s4a", 1300}}),
                                 costs({{"s1a", 1500}, {"s1b", 1600}, {"s4a", 1450}}),
                                 costs({{"s1a", 1500}, {"s1b", 1600}, {"s4a", 1450}})};
    ScoreParameters p;
    CostChoice ch = choose_by_cost(c, {"2030_2040", "2030_2040", "2030_2040", "before_2030"}, p);
    // Buurt 0: s1a; the runner-up is S4's s4a (s1b is the same strategy), 103 EUR/WEQ/yr = 8.9 %: a near tie.
    CHECK(ch.cheapest[0] == "s1a");
    CHECK(ch.runner_up[0] == "s4a");
    CHECK(ch.gap_eur_weq[0] == Approx(103));
    CHECK(ch.gap_pct[0] == Approx(100.0 * 103 / 1159));
    CHECK(ch.near_tie[0] == 1);
    CHECK(ch.gap_class[0] == "near_tie");
    // Every variant within the margins is named, the same strategy's too: s1b +41, s4a +103 (8.9 %).
    CHECK(ch.close[0] == "s1b, s4a");
    // Buurt 1: 400 ahead (44 %) and s1b 450: clear, not a near tie.
    CHECK(ch.cheapest[1] == "s1a");
    CHECK(ch.gap_eur_weq[1] == Approx(400));
    CHECK(ch.near_tie[1] == 0);
    CHECK(ch.close[1].empty());
    CHECK(ch.gap_class[1] == "clear");
    // Buurt 2: green gas is cheapest from 2030 on; buurt 3 starts before 2030, so not green gas (ECW),
    // and the reason says what it would have cost.
    CHECK(ch.cheapest[2] == "s4a");
    CHECK(ch.cheapest[3] == "s1a");
    CHECK(ch.reason[3].find("not chosen for buurten starting before 2030") != std::string::npos);
    CHECK(ch.runner_up[3].empty());
    // The hybrid set aside is 50 cheaper and s1b 100 dearer (6.7 %): both named, cheapest first; a
    // near tie (docs/costs.md §2: report both).
    CHECK(ch.close[3] == "s4a, s1b");
    CHECK(ch.near_tie[3] == 1);
    // Buurt 2 from 2030: s1a 50 behind s4a.
    CHECK(ch.close[2] == "s1a");
    // Both thresholds count: 90 EUR ahead of 2,000 is a near tie by the euro bound.
    CostChoice close = choose_by_cost({costs({{"s1a", 2000}, {"s4a", 2090}})}, {"after_2040"}, p);
    CHECK(close.near_tie[0] == 1);
    p.near_tie_eur_weq = 50;
    CHECK(choose_by_cost({costs({{"s1a", 2000}, {"s4a", 2090}})}, {"after_2040"}, p).near_tie[0] == 1);  // 4.5 %
    p.near_tie_share = 0.01;
    CHECK(choose_by_cost({costs({{"s1a", 2000}, {"s4a", 2090}})}, {"after_2040"}, p).near_tie[0] == 0);
}

TEST_CASE("the cost decision sets the strategy; a buurt without costs keeps the rules", "[costs]") {
    Scores s;
    s.strategy = {"S3", "S2"};
    s.strategy_label_nl = s.strategy_label_en = {"x", "y"};
    s.strategy_rule = {"rule a", "rule b"};
    CostChoice ch = choose_by_cost({costs({{"s1a", 1000}, {"s4a", 1200}}), CostResult{}}, {"after_2040", "after_2040"},
                                   ScoreParameters{});
    apply_cost_decision(s, ch);
    CHECK(s.strategy[0] == "S1");
    CHECK(s.strategy_label_en[0] == std::string("all-electric, individual heat pumps"));
    CHECK(s.strategy_rule[0].find("lowest national costs: s1a 1000") == 0);
    CHECK(s.strategy[1] == "S2");
    CHECK(s.strategy_rule[1].find("nothing to cost") == 0);
}

TEST_CASE("nine sensitivity sets, each a change the Startanalyse makes", "[costs]") {
    CHECK(cost_sensitivity_sets().size() == 9);
    CHECK(std::string(cost_sensitivity_sets().front().name) == "low_prices");
}

TEST_CASE("the sets' choices by phase, and robustness from them, by hand", "[costs]") {
    //                       s1a   s1b   s2a  s2b  s3e  s3t   s4a
    // Set 0 keeps s1a cheapest; set 1 makes green gas cheapest, which an early buurt may not take.
    std::vector<std::vector<CostResult>> sets = {{costs({{"s1a", 1000}, {"s1b", 1100}, {"s4a", 1200}})},
                                                 {costs({{"s1a", 1000}, {"s1b", 1100}, {"s4a", 900}})}};
    std::vector<SetCheapest> cheapest = set_cheapest_of(sets);
    REQUIRE(cheapest.size() == 2);
    CHECK(cheapest[1].later[0] == "s4a");
    CHECK(cheapest[1].early[0] == "s1a");
    CostChoice base = choose_by_cost({costs({{"s1a", 1000}, {"s1b", 1100}, {"s4a", 1200}})}, {"after_2040"}, ScoreParameters{});
    ChoiceRobustness later = choice_robustness(cheapest, {"after_2040"}, base);
    CHECK(later.holds[0] == 1);
    CHECK(later.flips_in[0] == cost_sensitivity_sets()[1].name);
    CHECK(later.flips_to[0] == "s4a");
    ChoiceRobustness early = choice_robustness(cheapest, {"before_2030"}, base);
    CHECK(early.holds[0] == 2);
    CHECK(early.flips_in[0].empty());
}

TEST_CASE("the choice is the same on one thread and on several", "[costs]") {
    std::mt19937_64 rng(17);
    std::uniform_real_distribution<double> eur(500, 2500);
    std::vector<CostResult> c;
    std::vector<std::string> phase;
    for (int b = 0; b < 3000; ++b) {
        std::map<std::string, double> v;
        for (std::size_t k = 0; k < cost_variants().size(); ++k)
            if (b % (k + 2) != 0) v[cost_variants()[k].id] = eur(rng);
        c.push_back(costs(v));
        phase.push_back(b % 3 == 0 ? "before_2030" : "after_2040");
    }
    const CostChoice one = choose_by_cost(c, phase, ScoreParameters{}, true, 1);
    const CostChoice four = choose_by_cost(c, phase, ScoreParameters{}, true, 4);
    CHECK(one.cheapest == four.cheapest);
    CHECK(one.runner_up == four.runner_up);
    CHECK(one.reason == four.reason);
    CHECK(one.gap_class == four.gap_class);
}

TEST_CASE("a choice that flips in one of the sets G03-G07 is a near tie; a flip in the others is not", "[costs]") {
    // s1a 400 ahead, not close by the margins
    std::vector<CostResult> c = {costs({{"s1a", 900}, {"s1b", 1350}, {"s4a", 1300}}), costs({{"s1a", 900}, {"s1b", 1350}, {"s4a", 1300}})};
    const std::vector<std::string> phase = {"2030_2040", "2030_2040"};
    CostChoice ch = choose_by_cost(c, phase, ScoreParameters{});
    REQUIRE(ch.near_tie == std::vector<std::uint8_t>{0, 0});
    // Nine sets: buurt 0 flips to s4a in G04 (high prices), buurt 1 only in band_max (not a G set).
    std::vector<SetCheapest> sets(cost_sensitivity_sets().size(), SetCheapest{{"s1a", "s1a"}, {"s1a", "s1a"}});
    sets[1].later[0] = "s4a";
    sets[6].later[1] = "s4a";
    CHECK(std::string(cost_sensitivity_sets()[1].name) == "high_prices");
    CHECK(std::string(cost_sensitivity_sets()[6].name) == "band_max");
    mark_flips_as_near_ties(ch, sets, phase);
    CHECK(ch.near_tie == std::vector<std::uint8_t>{1, 0});
    CHECK(ch.gap_class[0] == "near_tie");
    CHECK(ch.gap_class[1] == "clear");
}

TEST_CASE("a verdict from the memo equals a fresh one after each change, whether its sets are kept or costed again",
          "[costs]") {
    const CostKentallen& k = builtin_parameter_tables().costs;
    // Three buurten like docs/costs.md §4, the second denser, the third with surface water.
    DwellingGroup g;
    g.dwellings = 500, g.floor_area_m2 = 100, g.space_heat_gj = 24.54, g.space_heat_target_gj = 23.49,
    g.hot_water_gj = 6.93, g.insulation_min_eur = 1737 + 6900, g.insulation_max_eur = 1625 + 10300,
    g.ventilation_gje = 0.451, g.optimistic_savings = 0.9;
    BuurtCosting in;
    in.group = {g, g, g};
    in.lengths = {{2284, 12, 2284}, {800, 8, 800}, {2284, 12, 2284}};
    in.supply.resize(3);
    in.supply[2].teo_gj = 1e6, in.supply[2].teo_distance_m = 300;
    in.lengths_estimated = {1, 1, 1};
    in.connections = {500, 500, 500};
    in.grid.resize(3);
    const std::vector<std::string> phase = {"2030_2040", "before_2030", "after_2040"};
    CostMemo memo;
    Config config;
    auto same = [&](const CostVerdict& a, const CostVerdict& b) {
        CHECK(a.choice.cheapest == b.choice.cheapest);
        CHECK(a.choice.runner_up == b.choice.runner_up);
        CHECK(a.choice.near_tie == b.choice.near_tie);
        CHECK(a.robustness.holds == b.robustness.holds);
        CHECK(a.robustness.flips_in == b.robustness.flips_in);
        for (std::size_t i = 0; i < 3; ++i) {
            // What households pay at the ends of the ranges: s1a (index 1) per tenure.
            for (std::size_t t = 0; t < tenure_count; ++t) {
                CHECK((*a.low)[i][1][t] == (*b.low)[i][1][t]);
                CHECK((*a.high)[i][1][t] == (*b.high)[i][1][t]);
            }
        }
    };
    same(cost_verdict(in, phase, config, k, &memo), cost_verdict(in, phase, config, k));
    // A price the price sets G03/G04 fix themselves: those two keep their choices, the rest are costed again.
    config.costs.electricity_eur_gj *= 1.6;
    const std::pair<CostParameters, CostSliders> g03 = memo.set_parameters[0];
    same(cost_verdict(in, phase, config, k, &memo), cost_verdict(in, phase, config, k));
    CHECK(memo.set_parameters[0] == g03);
    // A slider: every set is costed again.
    config.costs.min_max_slider = 0.2;
    same(cost_verdict(in, phase, config, k, &memo), cost_verdict(in, phase, config, k));
    config.costs.natural_gas_eur_gj *= 0.5;
    same(cost_verdict(in, phase, config, k, &memo), cost_verdict(in, phase, config, k));
    // Other tenure rules, the same costs: the households at the ends of the ranges follow them.
    const double social_low = (*memo.low)[0][1][1];
    config.tenure.social_rent_increase_share = 0.25;
    same(cost_verdict(in, phase, config, k, &memo), cost_verdict(in, phase, config, k));
    CHECK((*memo.low)[0][1][1] < social_low);
}
