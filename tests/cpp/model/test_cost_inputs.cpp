#include "warmte/cost_inputs.hpp"
#include "warmte/parameter_tables.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace warmte;

namespace {

// Two buurten. Buurt 0: the worked example's dwelling (mid-terraced 1980, 100 m2, label C) and an
// office of 1,300 m2; buurt 1: a 2010 detached house (label A) only.
struct World {
    DemandResult demand;
    OverlayResult overlay;
    HeatNetworkIndicators network;
    AquathermieResult aquathermie;
};

World world() {
    World w;
    auto& a = w.demand.attributes;
    a.year = {1980, 1980, 2010};
    a.floor_area_m2 = {100, 1300, 150};
    a.dwellings = {1, 0, 1};
    a.outbuilding = {0, 0, 0};
    w.demand.demand.type = {BuildingType::terraced, BuildingType::non_residential, BuildingType::detached};
    w.demand.demand.label = {"C", "C", "A"};
    w.demand.demand.space_heat_gj = {24.54, 260, 40};
    w.demand.demand.hot_water_gj = {6.93, 0, 7.5};
    w.demand.total_gj = {24.54 + 6.93, 260, 47.5};
    w.overlay.area_m2 = {131'000, 20'000};
    w.overlay.land_area_ha = {13.1, 2.0};
    w.overlay.home_neighbourhood = {0, 0, 1};
    w.network.plot_ratio = {0.381, 150.0 / 20'000};
    const std::size_t nb = 2;
    w.aquathermie.matching.teo_gj = {300, 0};
    w.aquathermie.matching.tea_gj = {0, 0};
    w.aquathermie.sources.type = {SourceType::teo, SourceType::teo};
    // Buurt 0 gets 100 GJ at 400 m and 200 GJ at 700 m: weighted distance 600 m.
    w.aquathermie.matching.allocations = {{0, 0, 100, 400}, {1, 0, 200, 700}};
    (void)nb;
    return w;
}

}  // namespace

TEST_CASE("cost inputs per buurt: the average dwelling equivalent, lengths and supply by hand", "[costs]") {
    World w = world();
    Config config;
    const ParameterTables& t = builtin_parameter_tables();
    BuurtCosting c = cost_inputs({w.demand, w.overlay, w.network, nullptr}, t.insulation, config, 3.2);
    CHECK(c.supply[0].teo_gj == 0);  // the supply is the whole study area's: added after the matching
    add_aquathermie_supply(c, w.aquathermie.matching, w.aquathermie.sources.type, config.costs);
    REQUIRE(c.size() == 2);
    const DwellingGroup& g = c.group[0];
    // WEQ = 1 dwelling + 1,300 m2 / 130 = 11 equivalents.
    CHECK(g.dwellings == 1);
    CHECK(g.utility_m2 == 1300);
    const double weq = 11;
    CHECK(g.space_heat_gj == Approx((24.54 + 260) / weq));
    // Label B of the dwelling: Vesta WB terraced 1975-91, (4.0234 + 0.2208 x 100) / (3.624 + 0.2365 x 100)
    // of its 24.54 GJ = 23.49 GJ; the office keeps its demand (no insulation costed).
    const double ratio = (4.0234 + 0.22081 * 100) / (3.6236 + 0.23650 * 100);
    CHECK(24.54 * ratio == Approx(23.49).margin(0.01));
    CHECK(g.space_heat_target_gj == Approx((24.54 * ratio + 260) / weq).epsilon(1e-3));
    CHECK(g.insulation_min_eur == Approx((1737 + 69 * 100.0) / weq));
    CHECK(g.insulation_max_eur == Approx((1625 + 103 * 100.0) / weq));
    CHECK(g.ventilation_gje == Approx(0.00451 * 100 / weq).epsilon(1e-3));
    CHECK(g.high_rise_share == 0);
    // Lengths without roads: land / effective width (137.5 e + 5), capped at 100 m per connection.
    CHECK(c.lengths_estimated[0] == 1);
    CHECK(c.lengths[0].distribution_m == Approx(std::min(131'000 / (137.5 * 0.381 + 5), 2 * 100.0)));
    CHECK(c.lengths[0].service_m == Approx(12.0 * 2 / weq));  // 12 m per connection, two connections
    // The aquathermie the matching allocated, at its allocation-weighted distance.
    CHECK(c.supply[0].teo_gj == 300);
    CHECK(c.supply[0].teo_distance_m == Approx(600));
    CHECK(c.supply[1].teo_gj == 0);
    // Buurt 1: a label-A house needs no insulation and keeps its demand.
    CHECK(c.group[1].insulation_min_eur == 0);
    CHECK(c.group[1].space_heat_target_gj == Approx(40));
    // A buurt without allocated aquathermie has no s3e; residual heat and geothermal need their inputs.
    std::vector<CostResult> costs = buurt_costs(c, config.costs, t.costs);
    CHECK(costs[0].variants[5].variant == std::string("s3e"));
    CHECK(costs[0].variants[5].available);
    CHECK_FALSE(costs[1].variants[5].available);
    // A buurt WKO (s3c) needs no source input.
    CHECK(costs[1].variants[4].variant == std::string("s3c"));
    CHECK(costs[1].variants[4].available);
    CHECK_FALSE(costs[0].variants[2].available);
    CHECK(costs[0].weq == Approx(weq));
}

TEST_CASE("cost inputs: roads give the lengths; a buurt without demand is not costed", "[costs]") {
    World w = world();
    w.demand.total_gj[2] = 0;
    RoadLengths roads{{800, 0}, {20, std::nan("")}};
    Config config;
    const ParameterTables& t = builtin_parameter_tables();
    BuurtCosting c = cost_inputs({w.demand, w.overlay, w.network, &roads}, t.insulation, config, 3.2);
    CHECK(c.lengths_estimated[0] == 0);
    CHECK(c.lengths[0].distribution_m == Approx(200));  // 800 m of road, but two connections: at most 200 m
    CHECK(c.lengths[0].service_m == Approx(20.0 * 2 / 11));
    CHECK(c.group[1].dwellings + c.group[1].utility_m2 == 0);
    CHECK(buurt_costs(c, config.costs, t.costs)[1].weq == 0);
}
