// How sure the choice is: the Latin hypercube and the share of draws a choice wins (issue 34).
#include "warmte/parameter_tables.hpp"
#include "warmte/uncertainty.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

using namespace warmte;

TEST_CASE("a Latin hypercube puts one point in every stratum of every dimension, the same for a seed", "[uncertainty]") {
    const std::size_t draws = 200, dims = 5;
    const std::vector<double> x = latin_hypercube(draws, dims, 42);
    REQUIRE(x.size() == draws * dims);
    for (std::size_t j = 0; j < dims; ++j) {
        std::vector<int> hits(draws, 0);
        for (std::size_t d = 0; d < draws; ++d) {
            const double v = x[d * dims + j];
            REQUIRE((v >= 0 && v < 1));
            ++hits[static_cast<std::size_t>(v * draws)];
        }
        CHECK(std::all_of(hits.begin(), hits.end(), [](int h) { return h == 1; }));
    }
    CHECK(latin_hypercube(draws, dims, 42) == x);
    CHECK(latin_hypercube(draws, dims, 43) != x);
}

TEST_CASE("the choice's confidence: a clear choice wins every draw, a close one only some", "[uncertainty]") {
    const CostKentallen& k = builtin_parameter_tables().costs;
    // Two buurten like docs/costs.md §4 (500 mid-terraced dwellings, label C): S1a is cheapest with
    // S4a 8 % behind; the second buurt has no rival but S1b and S3c, both far behind.
    DwellingGroup g;
    g.dwellings = 500, g.floor_area_m2 = 100, g.space_heat_gj = 24.54, g.space_heat_target_gj = 23.49,
    g.hot_water_gj = 6.93, g.insulation_min_eur = 1737 + 6900, g.insulation_max_eur = 1625 + 10300,
    g.ventilation_gje = 0.451;
    BuurtCosting in;
    in.group = {g, g};
    in.lengths = {{2284, 12, 2284}, {2284, 12, 2284}};
    in.supply.resize(2);
    in.lengths_estimated = {1, 1};
    in.connections = {500, 500};
    in.grid.resize(2);
    Config config;
    const std::vector<CostResult> costs = buurt_costs(in, config.costs, k);
    const std::vector<std::string> phase = {"2030_2040", "before_2030"};
    const CostChoice chosen = choose_by_cost(costs, phase, config.score);
    REQUIRE(chosen.cheapest == std::vector<std::string>{"s1a", "s1a"});
    REQUIRE(chosen.runner_up[0] == "s4a");
    config.uncertainty.samples = 200;
    const ChoiceUncertainty u = choice_uncertainty(in, chosen, phase, config, k);
    // Before 2030 green gas is not chosen: S1a against S1b only, which it beats in every draw.
    CHECK(u.confidence[1] == 1.0);
    CHECK(u.label[1] == "robust");
    // Its gas-free runner-up, the LT network on a buurt WKO (S3c, 1,864 against 1,165 EUR/WEQ/yr), never.
    CHECK(chosen.runner_up[1] == "s3c");
    CHECK(u.runner_up_share[1] == 0.0);
    // From 2030 the hybrid, 8 % behind, wins some draws: the two shares add up to at most 1.
    CHECK(u.confidence[0] > 0.0);
    CHECK(u.confidence[0] < 1.0);
    CHECK(u.runner_up_share[0] > 0.0);
    CHECK(u.confidence[0] + u.runner_up_share[0] <= 1.0);
    CHECK(u.label[0] == (u.confidence[0] >= 0.8 ? "robust" : "uncertain"));
    // The same draws on any number of threads and for the same seed.
    config.threads = 3;
    const ChoiceUncertainty again = choice_uncertainty(in, chosen, phase, config, k);
    CHECK(again.confidence == u.confidence);
    config.uncertainty.seed = 7;
    CHECK(choice_uncertainty(in, chosen, phase, config, k).confidence[1] == 1.0);
}
