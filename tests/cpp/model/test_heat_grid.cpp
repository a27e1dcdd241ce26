#include "fixtures.hpp"

#include "warmte/heat_grid.hpp"

#include <catch2/catch.hpp>

#include <numeric>

using namespace warmte;

TEST_CASE("demand lands in the 100 m cell of the footprint centroid, cells aligned to 100 m", "[heat_grid]") {
    GeometryArray b = test::polygons({
        "POLYGON((150010 450010, 150020 450010, 150020 450020, 150010 450020, 150010 450010))",  // cell (1500, 4500)
        "POLYGON((150090 450050, 150120 450050, 150120 450060, 150090 450060, 150090 450050))",  // centroid x 150105
        "POLYGON((150250 450250, 150260 450250, 150260 450260, 150250 450260, 150250 450250))",
    });
    HeatGrid g = build_heat_grid(b, {1000, 500, 300}, GridParameters{});
    CHECK(g.west == 150000);
    CHECK(g.north == 450300);
    CHECK(g.columns == 3);
    CHECK(g.rows == 3);
    // rows from the north: the bottom row is row 2
    CHECK(g.density_gj_ha[2 * 3 + 0] == 1000);
    CHECK(g.density_gj_ha[2 * 3 + 1] == 500);
    CHECK(g.density_gj_ha[0 * 3 + 2] == 300);
    CHECK(std::accumulate(g.density_gj_ha.begin(), g.density_gj_ha.end(), 0.0) == Approx(1800));
}

TEST_CASE("DH potential areas join dense cells by edges and keep large ones", "[heat_grid]") {
    // Three cells in a row of 50,000 GJ each (dense) = 150,000 GJ >= 108,000: an area.
    // A lone dense cell of 60,000 GJ elsewhere is too small; a diagonal neighbour does not join.
    std::vector<std::string> wkt;
    std::vector<double> demand;
    auto add = [&](double x, double y, double gj) {
        wkt.push_back("POLYGON((" + std::to_string(x) + " " + std::to_string(y) + ", " + std::to_string(x + 10) + " " +
                      std::to_string(y) + ", " + std::to_string(x + 10) + " " + std::to_string(y + 10) + ", " +
                      std::to_string(x) + " " + std::to_string(y + 10) + ", " + std::to_string(x) + " " +
                      std::to_string(y) + "))");
        demand.push_back(gj);
    };
    add(10, 10, 50000);
    add(110, 10, 50000);
    add(210, 10, 50000);
    add(310, 110, 60000);  // touches the row only at a corner
    add(610, 610, 1000);   // sparse
    GeometryArray b = test::polygons(wkt);
    HeatGrid g = build_heat_grid(b, demand, GridParameters{});
    CHECK(g.building_in_dh_area(0));
    CHECK(g.building_in_dh_area(1));
    CHECK(g.building_in_dh_area(2));
    CHECK_FALSE(g.building_in_dh_area(3));
    CHECK_FALSE(g.building_in_dh_area(4));
    GridParameters lower;
    lower.dh_min_area_demand_gj = 50000;
    CHECK(build_heat_grid(b, demand, lower).building_in_dh_area(3));
}
