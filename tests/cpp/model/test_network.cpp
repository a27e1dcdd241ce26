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
    HeatNetworkIndicators h = heat_network_indicators(o, buildings, a, demand, {0, 0}, NetworkParameters{});
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
    CHECK(std::isnan(h.dh_area_share[0]));  // the share needs the heat grid of the whole area

    HeatNetworkIndicators flagged = heat_network_indicators(o, buildings, a, demand, {0, 1}, NetworkParameters{});
    CHECK(std::isnan(flagged.heat_density_gj_ha[1]));  // a water buurt is left out of densities
    CHECK(flagged.heat_demand_gj[1] == Approx(160));   // but keeps its demand
}

TEST_CASE("the share of demand in DH areas: a building's pieces by its cell, by hand", "[network]") {
    // The same two buurten. With 50 m cells the long building (centroid 95, 5) lies in cell (1, 0)
    // with 400 GJ on 0.25 ha = 1,600 GJ/ha, the small one (15, 55) in cell (0, 1) with 160 GJ/ha.
    GeometryArray buurten = test::polygons({"POLYGON((0 0, 100 0, 100 100, 0 100, 0 0))",
                                           "POLYGON((100 0, 200 0, 200 100, 100 100, 100 0))"});
    GeometryArray buildings = test::polygons({"POLYGON((70 0, 120 0, 120 10, 70 10, 70 0))",
                                             "POLYGON((10 50, 20 50, 20 60, 10 60, 10 50))"});
    OverlayResult o = overlay(buurten, buildings, nullptr, 1, {});
    const std::vector<double> demand = {400, 40};
    const std::vector<DhPiece> pieces = dh_pieces(o, buildings, demand, 50);
    REQUIRE(pieces.size() == 3);  // the long building in A and in B, the small one in A
    CHECK(pieces[0].kx == 1);
    CHECK(pieces[0].ky == 0);
    CHECK(pieces[0].gj + pieces[1].gj == Approx(400));
    GridParameters p;
    p.cell_size_m = 50;
    p.dh_min_density_gj_ha = 500;  // only the long building's cell
    p.dh_min_area_demand_gj = 0;
    const HeatGrid grid = heat_grid_from_cells(cell_demand(buildings, demand, 50), p);
    const std::vector<double> share = dh_area_share(pieces, grid, {280, 160});
    CHECK(share[0] == Approx(240.0 / 280));  // A: 0.6 x 400 of its 280 GJ
    CHECK(share[1] == Approx(1.0));          // B: all of it the long building's
    CHECK(std::isnan(dh_area_share(pieces, grid, {0, 160})[0]));  // no demand: no share
}
