#include "warmte/config.hpp"
#include "warmte/criteria.hpp"
#include "warmte/error.hpp"
#include "warmte/score.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

using namespace warmte;

TEST_CASE("the registry is the one source of the criteria: defaults, keys, units, sources", "[criteria]") {
    ScoreParameters p;
    std::size_t hn = 0, aq = 0;
    std::set<std::string> keys;
    for (const ParameterInfo& info : describe(Config{})) keys.insert(info.key);
    for (const CriterionInfo& c : criteria()) {
        INFO(c.name);
        const auto& list = c.score == ScoreKind::heat_network ? p.heat_network : p.aquathermie;
        std::size_t& k = c.score == ScoreKind::heat_network ? hn : aq;
        REQUIRE(k < list.size());
        CHECK(list[k].name == c.name);
        CHECK(list[k].weight == c.weight);
        CHECK(list[k].zero == c.zero);
        CHECK(list[k].one == c.one);
        ++k;
        std::string base = std::string("score.") + score_name(c.score) + "." + c.name;
        for (const char* what : {".weight", ".zero", ".one"}) CHECK(keys.count(base + what) == 1);
        CHECK(std::string(c.source).size() > 0);
        CHECK(std::string(c.label).size() > 0);
    }
    CHECK(hn == p.heat_network.size());
    CHECK(aq == p.aquathermie.size());
    // docs/model.md §3.4: heat network 0.4 / 0.3 / 0.2 / 0.1 (heat density 500-1,500 GJ/ha), aquathermie 0.4 / 0.2 / 0.2 / 0.2.
    CHECK(criterion_info(ScoreKind::heat_network, "heat_density").zero == 500);
    CHECK(criterion_info(ScoreKind::heat_network, "heat_density").one == 1500);
    CHECK(criterion_info(ScoreKind::heat_network, "dwelling_density").weight == 0.1);
    CHECK(criterion_info(ScoreKind::aquathermie, "source_distance").zero == 5000);
    CHECK(criterion_info(ScoreKind::aquathermie, "source_distance").one == 500);
}

TEST_CASE("raw values come from the indicators the registry names", "[criteria]") {
    ScoreInputs in;
    in.heat_density_gj_ha = {1200};
    in.linear_heat_density_mwh_m = {0.9};
    in.dwelling_density_ha = {25};
    in.aquathermie_coverage = {0.3};
    in.source_distance_m = {800};
    in.wko_share = {0.6};
    in.lt_share = {0.7};
    in.dist_heat_network_m = {1250};  // halfway between near (500) and far (2,000): 0.5
    in.other_supply_gj = {0};
    in.linked_works_year = {std::nan("")};
    ScoreParameters p;
    auto raw = [&](ScoreKind k, const char* name) { return criterion_info(k, name).raw(in, 0, p); };
    CHECK(raw(ScoreKind::heat_network, "heat_density") == 1200);
    CHECK(raw(ScoreKind::heat_network, "linear_heat_density") == 0.9);
    CHECK(raw(ScoreKind::heat_network, "supply_nearby") == Approx(0.5));  // max(coverage 0.3, network 0.5)
    CHECK(raw(ScoreKind::aquathermie, "source_distance") == 800);
    CHECK(raw(ScoreKind::aquathermie, "lt_readiness") == 0.7);
    CHECK_THROWS_AS(criterion_info(ScoreKind::aquathermie, "heat_density"), ConfigError);
    CHECK_THROWS_WITH(parse_config("[score.heat_network.noise]\nweight = 1\n", "t.toml"),
                      Catch::Contains("score.heat_network.noise.weight"));
}

TEST_CASE("every criterion, ramp and class is the one docs/model.md §3.4 gives, written out by hand", "[criteria]") {
    // docs/model.md §3.4, not the registry: a weight, an anchor or a class changed in the code fails here.
    struct Expected {
        ScoreKind score;
        const char* name;
        double weight, zero, one;
    };
    const std::vector<Expected> design = {
        {ScoreKind::heat_network, "heat_density", 0.4, 500, 1500},        // GJ/ha
        {ScoreKind::heat_network, "linear_heat_density", 0.3, 0.5, 1.5},  // MWh/m
        {ScoreKind::heat_network, "supply_nearby", 0.2, 0, 1},            // share
        {ScoreKind::heat_network, "dwelling_density", 0.1, 10, 30},       // dwellings/ha
        {ScoreKind::aquathermie, "coverage", 0.4, 0, 1},                  // allocated / demand
        {ScoreKind::aquathermie, "source_distance", 0.2, 5000, 500},      // m: 1 at <= 0.5 km, 0 at >= 5 km
        {ScoreKind::aquathermie, "wko_suitability", 0.2, 0, 1},
        {ScoreKind::aquathermie, "lt_readiness", 0.2, 0, 1},              // share of demand, label E or better
    };
    REQUIRE(criteria().size() == design.size());
    const ScoreParameters defaults;
    for (std::size_t k = 0; k < design.size(); ++k) {
        const Expected& e = design[k];
        INFO(e.name);
        const CriterionInfo& c = criteria()[k];  // in docs/model.md's order
        CHECK(c.score == e.score);
        CHECK(std::string(c.name) == e.name);
        CHECK(c.weight == e.weight);
        CHECK(c.zero == e.zero);
        CHECK(c.one == e.one);
        // The defaults a run uses are these too.
        const auto& list = e.score == ScoreKind::heat_network ? defaults.heat_network : defaults.aquathermie;
        const auto found = std::find_if(list.begin(), list.end(), [&](const auto& w) { return w.name == e.name; });
        REQUIRE(found != list.end());
        CHECK(found->weight == e.weight);
        CHECK(found->zero == e.zero);
        CHECK(found->one == e.one);
    }
    // The ramps, by hand: 1,000 GJ/ha is halfway between 500 and 1,500; 2,750 m halfway between
    // 5 km and 500 m; outside the anchors the ramp is 0 or 1.
    CHECK(ramp(1000, {"", 1, 500, 1500}) == Approx(0.5));
    CHECK(ramp(250, {"", 1, 500, 1500}) == 0);
    CHECK(ramp(2000, {"", 1, 500, 1500}) == 1);
    CHECK(ramp(2750, {"", 1, 5000, 500}) == Approx(0.5));
    CHECK(ramp(400, {"", 1, 5000, 500}) == 1);
    CHECK(ramp(6000, {"", 1, 5000, 500}) == 0);
    // Classes: < 33 not promising, 33-66 possible, >= 66 promising.
    CHECK(defaults.class_possible == 33);
    CHECK(defaults.class_promising == 66);
}
