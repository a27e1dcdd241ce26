#include "fixtures.hpp"

#include "warmte/network.hpp"
#include "warmte/overlay.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace warmte;

TEST_CASE("Persson effective width", "[network]") {
    NetworkParameters p;
    CHECK(effective_width_m(0.2, p) == Approx(137.5 * 0.2 + 5));  // 32.5 m
    CHECK(effective_width_m(0.4, p) == Approx(60.0));
    CHECK(effective_width_m(0.5, p) == Approx(60.0));
}

TEST_CASE("a building over two buurten divides its demand by area; densities per ha of land", "[network]") {
    // Buurten A = [0,100]^2 and B = [100,200]x[0,100] (1 ha each); a 50 x 10 m building 60/40 over them,
    // and a 10 x 10 m building in A. Water of 20 x 50 m = 0.1 ha in B.
    GeometryArray buurten = test::polygons({"POLYGON((0 0, 100 0, 100 100, 0 100, 0 0))",
                                           "POLYGON((100 0, 200 0, 200 100, 100 100, 100 0))"});
    GeometryArray buildings = test::polygons({"POLYGON((70 0, 120 0, 120 10, 70 10, 70 0))",
                                             "POLYGON((10 50, 20 50, 20 60, 10 60, 10 50))"});
    GeometryArray water = test::polygons({"POLYGON((150 50, 170 50, 170 100, 150 100, 150 50))"});
    OverlayResult o = overlay(buurten, buildings, &water, 2, {});
    BuildingAttributes a;
    a.floor_area_m2 = {800, 160};
    a.dwellings = {10, 1};
    std::vector<double> demand = {400, 40};
    HeatGrid no_grid;
    no_grid.building_cell = {-1, -1};
    HeatNetworkIndicators h = heat_network_indicators(o, buildings, a, demand, no_grid, {0, 0}, NetworkParameters{});
    CHECK(h.heat_demand_gj[0] == Approx(0.6 * 400 + 40));  // 280
    CHECK(h.heat_demand_gj[1] == Approx(0.4 * 400));       // 160
    CHECK(h.heat_demand_gj[0] + h.heat_demand_gj[1] == Approx(440));
    CHECK(h.dwellings[0] == Approx(7));
    CHECK(h.floor_area_m2[1] == Approx(320));
    CHECK(h.heat_density_gj_ha[0] == Approx(280));          // over 1 ha of land
    CHECK(h.heat_density_gj_ha[1] == Approx(160 / 0.9));    // 0.9 ha of land
    double pr = 640.0 / 10'000;                              // A: 0.6*800 + 160 = 640 m2 on 10,000 m2
    CHECK(h.plot_ratio[0] == Approx(pr));
    CHECK(h.linear_heat_density_gj_m[0] == Approx(280.0 / 10'000 * (137.5 * pr + 5)));
    CHECK(h.dwelling_density_ha[1] == Approx(4 / 0.9));
    CHECK(std::isnan(h.dh_area_share[0]) == false);
    CHECK(h.dh_area_share[0] == 0.0);

    HeatNetworkIndicators flagged = heat_network_indicators(o, buildings, a, demand, no_grid, {0, 1}, NetworkParameters{});
    CHECK(std::isnan(flagged.heat_density_gj_ha[1]));  // a water buurt is left out of densities
    CHECK(flagged.heat_demand_gj[1] == Approx(160));   // but keeps its demand
}
