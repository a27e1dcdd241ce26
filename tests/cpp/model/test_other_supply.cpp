#include "warmte/other_supply.hpp"
#include "warmte/parameter_tables.hpp"

#include "fixtures.hpp"

#include <catch2/catch.hpp>

using namespace warmte;

namespace {

// Three 100 m buurten side by side along x, each with 10 dwellings of 20 GJ space heat at label B
// and 5 GJ tap water: an MT network takes 10 x (20 + 5 + 10.5 losses) x 0.8 = 284 GJ from its source.
BuurtCosting costing() {
    BuurtCosting c;
    c.group.resize(3);
    c.lengths.resize(3);
    c.supply.resize(3);
    c.lengths_estimated.assign(3, 1);
    c.connections.assign(3, 10);
    for (DwellingGroup& g : c.group) {
        g.dwellings = 10;
        g.space_heat_gj = g.space_heat_target_gj = 20;
        g.hot_water_gj = 5;
    }
    return c;
}

}  // namespace

TEST_CASE("residual heat nearest first, whole buurten only; geothermal contours", "[costs]") {
    GeometryArray buurten = test::polygons({"POLYGON((0 0, 100 0, 100 100, 0 100, 0 0))",
                                            "POLYGON((100 0, 200 0, 200 100, 100 100, 100 0))",
                                            "POLYGON((200 0, 300 0, 300 100, 200 100, 200 0))"});
    // Source 0 east of buurt 2 at 50 m with 300 GJ: enough for one buurt. Source 1 is LT. Source 2 has no heat.
    VectorLayer residual;
    residual.geometry.add_point(350, 50);
    residual.geometry.add_point(-10, 50);
    residual.geometry.add_point(-20, 50);
    residual.feature_ids = {1, 2, 3};
    residual.numbers["heat_gj"].values = {300, 10'000, std::nan("")};
    residual.text["temperature_class"] = TextColumn{{"MT", "lt", ""}, {1, 1, 0}};
    VectorLayer geothermal = test::layer({"POLYGON((-500 -500, 50 -500, 50 500, -500 500, -500 -500))"});
    Config config;
    DataQuality quality;
    const CostKentallen& k = builtin_parameter_tables().costs;
    BuurtCosting c = costing();
    OtherSupply o = other_supply(&residual, &geothermal, {buurten, c, config, k}, quality);
    CHECK_FALSE(o.residual_heat_distance_m[0]);
    CHECK_FALSE(o.residual_heat_distance_m[1]);  // 16 GJ left after buurt 2: not enough
    REQUIRE(o.residual_heat_distance_m[2]);
    CHECK(*o.residual_heat_distance_m[2] == Approx(50));
    CHECK(o.residual_heat_gj[2] == Approx(10 * (20 + 5 + 10.5) * 0.8));
    CHECK(quality.count_of("residual_heat", "temperature_too_low_for_s2") == 1);
    CHECK(quality.count_of("residual_heat", "no_heat") == 1);
    // The contour covers the west half of buurt 0: its centre (50, 50) lies on the edge, distance 0.
    REQUIRE(o.geothermal_distance_m[0]);
    CHECK(*o.geothermal_distance_m[0] == Approx(0));
    CHECK_FALSE(o.geothermal_distance_m[1]);
    add_other_supply(c, o);
    std::vector<CostResult> costs = buurt_costs(c, config.costs, k);
    CHECK(costs[2].variants[2].available);       // s2a
    CHECK_FALSE(costs[1].variants[2].available);
    CHECK(costs[0].variants[3].available);       // s2b
    CHECK_FALSE(costs[2].variants[3].available);
}
