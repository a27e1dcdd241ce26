#include "warmte/error.hpp"
#include "warmte/score.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <random>
#include <utility>

using namespace warmte;

namespace {

const double unknown = std::nan("");

// One buurt per call; every indicator given explicitly.
ScoreInputs one_buurt(double heat_density, double lhd_mwh_m, double dwelling_density, double coverage = 0,
                      double source_distance = unknown, double wko = 0, double lt = 0, double network_m = unknown,
                      double other_gj = 0, double works_year = unknown) {
    ScoreInputs in;
    in.heat_density_gj_ha = {heat_density};
    in.linear_heat_density_mwh_m = {lhd_mwh_m};
    in.dwelling_density_ha = {dwelling_density};
    in.aquathermie_coverage = {coverage};
    in.source_distance_m = {source_distance};
    in.wko_share = {wko};
    in.lt_share = {lt};
    in.dist_heat_network_m = {network_m};
    in.other_supply_gj = {other_gj};
    in.linked_works_year = {works_year};
    return in;
}

}  // namespace

TEST_CASE("the DESIGN example: 1,000 GJ/ha, 1.0 MWh/m, no supply, 20 dwellings/ha scores 40", "[score]") {
    ScoreParameters p;
    Scores s = compute_scores(one_buurt(1000, 1.0, 20), p, 2026);
    // 0.4 x 0.5 + 0.3 x 0.5 + 0.2 x 0 + 0.1 x 0.5 = 0.40
    CHECK(s.heat_network[0] == Approx(40.0));
    CHECK(s.heat_network_class[0] == "possible");
    double sum = 0;
    for (const ScorePart& part : s.heat_network_parts) sum += part.contribution[0];
    CHECK(sum == Approx(s.heat_network[0]));
    CHECK(s.heat_network_parts[0].criterion == "heat_density");
    CHECK(s.heat_network_parts[0].normalised[0] == Approx(0.5));
    CHECK(s.heat_network_parts[0].contribution[0] == Approx(20.0));
    CHECK(s.top_driver[0] == "heat density 1,000 GJ/ha (possible)");
}

TEST_CASE("weights: a zero weight removes a criterion, weights are normalised, all-zero is an error", "[score]") {
    ScoreParameters p;
    p.heat_network[0].weight = 0;  // heat density no longer counts
    ScoreInputs low = one_buurt(0, 1.0, 20), high = one_buurt(5000, 1.0, 20);
    CHECK(compute_scores(low, p, 2026).heat_network[0] == Approx(compute_scores(high, p, 2026).heat_network[0]));
    // the remaining 0.3 / 0.2 / 0.1 are normalised to sum 1: (0.3 x 0.5 + 0.1 x 0.5) / 0.6 = 33.3
    CHECK(compute_scores(low, p, 2026).heat_network[0] == Approx(100.0 * 0.2 / 0.6));
    ScoreParameters doubled;
    for (Criterion& c : doubled.heat_network) c.weight *= 2;
    CHECK(compute_scores(one_buurt(1000, 1.0, 20), doubled, 2026).heat_network[0] == Approx(40.0));
    for (Criterion& c : p.heat_network) c.weight = 0;
    CHECK_THROWS_AS(compute_scores(low, p, 2026), ConfigError);
}

TEST_CASE("ramps: rising, falling (distance), clamped, unknown is zero", "[score]") {
    CHECK(ramp(750, {"", 1, 500, 1500}) == Approx(0.25));
    CHECK(ramp(3000, {"", 1, 500, 1500}) == 1.0);
    CHECK(ramp(2750, {"", 1, 5000, 500}) == Approx(0.5));
    CHECK(ramp(400, {"", 1, 5000, 500}) == 1.0);
    CHECK(ramp(unknown, {"", 1, 0, 1}) == 0.0);
}

TEST_CASE("strategy rules", "[score]") {
    ScoreParameters p;
    // S3: both promising (dense; aquathermie covering all demand, 300 m away, WKO and LT ready)
    CHECK(compute_scores(one_buurt(2000, 2, 40, 1.0, 300, 1, 1), p, 2026).strategy[0] == "S3");
    // S2: network promising, aquathermie not, an existing network 800 m away
    Scores s2 = compute_scores(one_buurt(2000, 2, 40, 0, unknown, 0, 0, 800), p, 2026);
    CHECK(s2.strategy[0] == "S2");
    CHECK(s2.strategy_rule[0] == "heat network promising and other supply near");
    // S1: low heat density
    Scores s1 = compute_scores(one_buurt(300, 0.2, 8), p, 2026);
    CHECK(s1.strategy[0] == "S1");
    CHECK_THAT(s1.strategy_rule[0], Catch::Contains("heat density below"));
    // S1 too for well-insulated stock of moderate density
    CHECK(compute_scores(one_buurt(900, 0.8, 20, 0, unknown, 0, 0.9), p, 2026).strategy[0] == "S1");
    // S4: moderate density, old stock, no supply
    Scores s4 = compute_scores(one_buurt(900, 0.8, 20, 0, unknown, 0, 0.2), p, 2026);
    CHECK(s4.strategy[0] == "S4");
    CHECK_THAT(s4.strategy_label_nl[0], Catch::Contains("groen gas"));
    CHECK_THAT(s4.strategy_label_en[0], Catch::Contains("green gas"));
}

TEST_CASE("phasing by score, pulled forward by linked works", "[score]") {
    ScoreParameters p;
    CHECK(compute_scores(one_buurt(2000, 2, 40), p, 2026).phase[0] == "before_2030");  // hn 80
    CHECK(compute_scores(one_buurt(1000, 1.0, 20), p, 2026).phase[0] == "2030_2040");  // possible, 40
    CHECK(compute_scores(one_buurt(300, 0.2, 8), p, 2026).phase[0] == "after_2040");
    // a gas-main renewal in 2027 and a possible score: before 2030
    Scores pulled = compute_scores(one_buurt(1000, 1.0, 20, 0, unknown, 0, 0, unknown, 0, 2027), p, 2026);
    CHECK(pulled.phase[0] == "before_2030");
    CHECK_THAT(pulled.phase_reason[0], Catch::Contains("2027"));
    // works in 2035 pull a weak buurt into 2030-2040, not further
    CHECK(compute_scores(one_buurt(300, 0.2, 8, 0, unknown, 0, 0, unknown, 0, 2035), p, 2026).phase[0] == "2030_2040");
    CHECK(compute_scores(one_buurt(300, 0.2, 8, 0, unknown, 0, 0, unknown, 0, 2027), p, 2026).phase[0] == "2030_2040");
    // works in the past do not count
    CHECK(compute_scores(one_buurt(1000, 1.0, 20, 0, unknown, 0, 0, unknown, 0, 2019), p, 2026).phase[0] == "2030_2040");
}

TEST_CASE("sensitivity is deterministic for a seed; zero spread gives probabilities of 0 or 1", "[score]") {
    ScoreInputs in;
    for (double hd : {300.0, 900.0, 1100.0, 1600.0, 2500.0}) {
        ScoreInputs b = one_buurt(hd, hd / 1000, hd / 50);
        in.heat_density_gj_ha.push_back(b.heat_density_gj_ha[0]);
        in.linear_heat_density_mwh_m.push_back(b.linear_heat_density_mwh_m[0]);
        in.dwelling_density_ha.push_back(b.dwelling_density_ha[0]);
        in.aquathermie_coverage.push_back(0.3);
        in.source_distance_m.push_back(1000);
        in.wko_share.push_back(1);
        in.lt_share.push_back(0.5);
        in.dist_heat_network_m.push_back(unknown);
        in.other_supply_gj.push_back(0);
        in.linked_works_year.push_back(unknown);
    }
    ScoreParameters p;
    Sensitivity a = compute_sensitivity(in, p, 300, 0.3, 7), b = compute_sensitivity(in, p, 300, 0.3, 7);
    CHECK(a.hn_p_promising == b.hn_p_promising);
    CHECK(a.hn_rank_p95 == b.hn_rank_p95);
    Sensitivity c = compute_sensitivity(in, p, 300, 0.3, 8);
    CHECK(a.hn_p_possible != c.hn_p_possible);  // another seed, other samples
    Sensitivity fixed = compute_sensitivity(in, p, 50, 0.0, 7);
    Scores s = compute_scores(in, p, 2026);
    for (std::size_t k = 0; k < in.size(); ++k) {
        CHECK((fixed.hn_p_promising[k] == 0.0 || fixed.hn_p_promising[k] == 1.0));
        CHECK(fixed.hn_p_promising[k] == (s.heat_network_class[k] == "promising" ? 1.0 : 0.0));
        CHECK(fixed.hn_rank_p5[k] == fixed.hn_rank_p95[k]);
        CHECK(a.hn_p_promising[k] + a.hn_p_possible[k] + a.hn_p_not_promising[k] == Approx(1.0));
    }
    CHECK(fixed.hn_rank_p5[0] == 5.0);  // the sparsest buurt ranks last (the two densest tie at 100)
}

TEST_CASE("scores stay within 0-100: a maximal buurt is exactly 100, never 100.00000000000001", "[score]") {
    // 0.4 + 0.3 + 0.2 + 0.1 in floating point is 1.0000000000000002: without the clamp a buurt on
    // every top anchor scored 100.00000000000001 (four buurten of the demo did).
    ScoreParameters p;
    Scores s = compute_scores(one_buurt(5000, 5, 100, 1, 100, 1, 1, 0), p, 2026);
    CHECK(s.heat_network[0] == 100.0);
    CHECK(s.aquathermie[0] == 100.0);
    CHECK(s.heat_network_class[0] == "promising");
}

TEST_CASE("property: scores of random buurten under random weights and anchors lie in [0, 100]", "[score][property]") {
    std::mt19937_64 rng(20261201);
    std::uniform_real_distribution<double> u(0, 1);
    auto maybe_unknown = [&](double x) { return u(rng) < 0.1 ? unknown : x; };
    for (int round = 0; round < 200; ++round) {
        ScoreInputs in;
        const int n = 50;
        for (int b = 0; b < n; ++b) {
            ScoreInputs one = one_buurt(maybe_unknown(u(rng) * 4000), maybe_unknown(u(rng) * 4), maybe_unknown(u(rng) * 80),
                                        maybe_unknown(u(rng) * 2), maybe_unknown(u(rng) * 8000), maybe_unknown(u(rng)),
                                        maybe_unknown(u(rng)), maybe_unknown(u(rng) * 4000));
            in.heat_density_gj_ha.push_back(one.heat_density_gj_ha[0]);
            in.linear_heat_density_mwh_m.push_back(one.linear_heat_density_mwh_m[0]);
            in.dwelling_density_ha.push_back(one.dwelling_density_ha[0]);
            in.aquathermie_coverage.push_back(one.aquathermie_coverage[0]);
            in.source_distance_m.push_back(one.source_distance_m[0]);
            in.wko_share.push_back(one.wko_share[0]);
            in.lt_share.push_back(one.lt_share[0]);
            in.dist_heat_network_m.push_back(one.dist_heat_network_m[0]);
            in.other_supply_gj.push_back(0);
            in.linked_works_year.push_back(unknown);
        }
        ScoreParameters p;
        for (auto* list : {&p.heat_network, &p.aquathermie})
            for (Criterion& c : *list) {
                c.weight = round % 7 == 0 ? 1.0 / 3 : u(rng);  // thirds do not sum to one exactly either
                if (u(rng) < 0.3) std::swap(c.zero, c.one);    // falling ramps too
            }
        Scores s = compute_scores(in, p, 2026);
        for (int b = 0; b < n; ++b) {
            INFO("round " << round << " buurt " << b);
            CHECK(s.heat_network[b] >= 0.0);
            CHECK(s.heat_network[b] <= 100.0);
            CHECK(s.aquathermie[b] >= 0.0);
            CHECK(s.aquathermie[b] <= 100.0);
        }
    }
}

TEST_CASE("sensitivity at a real spread (±20 %): sure verdicts stay, a buurt on a class border wavers", "[score]") {
    // Buurten: hopeless (everything below every sampled zero anchor), on the 33 border (0.4 x 0.5 +
    // 0.3 x 0.3 + 0.2 x 0 + 0.1 x 0.5 = 0.34 at the defaults), and sure (heat density and LHD above
    // every sampled one anchor, coverage 1: even with every weight at 0.8 and the supply anchor at
    // 1.2 it keeps 0.8 x (0.4 + 0.3 + 0.2 / 1.2 + 0.1) = 0.77 > 0.66).
    ScoreInputs in;
    auto add = [&](const ScoreInputs& b) {
        for (auto [to, from] : {std::pair{&in.heat_density_gj_ha, &b.heat_density_gj_ha},
                                {&in.linear_heat_density_mwh_m, &b.linear_heat_density_mwh_m},
                                {&in.dwelling_density_ha, &b.dwelling_density_ha},
                                {&in.aquathermie_coverage, &b.aquathermie_coverage},
                                {&in.source_distance_m, &b.source_distance_m}, {&in.wko_share, &b.wko_share},
                                {&in.lt_share, &b.lt_share}, {&in.dist_heat_network_m, &b.dist_heat_network_m},
                                {&in.other_supply_gj, &b.other_supply_gj},
                                {&in.linked_works_year, &b.linked_works_year}})
            to->push_back((*from)[0]);
    };
    add(one_buurt(100, 0.1, 2));
    add(one_buurt(1000, 0.8, 20));
    add(one_buurt(5000, 5, 100, 1));
    ScoreParameters p;
    CHECK(compute_scores(in, p, 2026).heat_network[1] == Approx(34));
    const Sensitivity s = compute_sensitivity(in, p, 500, 0.2, 11);
    CHECK(s.hn_p_not_promising[0] == 1.0);
    CHECK(s.hn_p_promising[2] == 1.0);
    CHECK(s.hn_p_possible[1] > 0.1);      // 34 is possible at the defaults ...
    CHECK(s.hn_p_not_promising[1] > 0.1);  // ... and not promising in a good share of the draws
    CHECK(s.hn_p_promising[1] == 0.0);    // but never promising: 66 is out of reach
    // The order of the three never changes: each draw scores them in the same order.
    CHECK(s.hn_rank_p5[2] == 1.0);
    CHECK(s.hn_rank_p95[2] == 1.0);
    CHECK(s.hn_rank_p5[0] == 3.0);
}
