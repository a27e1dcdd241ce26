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

TEST_CASE("the grid made in parts equals the grid made whole, cell for cell and bit for bit", "[heat_grid][batch]") {
    // Six buildings in three cells; parts {0, 1, 2} and {3, 4, 5} share the cell (1501, 4500).
    GeometryArray b = test::polygons({
        "POLYGON((150010 450010, 150020 450010, 150020 450020, 150010 450020, 150010 450010))",
        "POLYGON((150110 450010, 150120 450010, 150120 450020, 150110 450020, 150110 450010))",
        "POLYGON((150130 450010, 150140 450010, 150140 450020, 150130 450020, 150130 450010))",
        "POLYGON((150150 450010, 150160 450010, 150160 450020, 150150 450020, 150150 450010))",
        "POLYGON((150210 450110, 150220 450110, 150220 450120, 150210 450120, 150210 450110))",
        "POLYGON((150230 450110, 150240 450110, 150240 450120, 150230 450120, 150230 450110))",
    });
    const std::vector<double> gj = {60000, 30000.1, 20000.2, 10000.3, 0.7, 0.9};
    GridParameters p;
    const HeatGrid whole = build_heat_grid(b, gj, p);
    std::vector<CellDemand> cells = cell_demand(b, gj, p.cell_size_m, {1, 1, 1, 0, 0, 0});
    const std::vector<CellDemand> second = cell_demand(b, gj, p.cell_size_m, {0, 0, 0, 1, 1, 1});
    REQUIRE(cells.size() == 2);   // (1500, 4500), (1501, 4500)
    REQUIRE(second.size() == 2);  // (1501, 4500), (1502, 4501)
    CHECK(cells[1].kx == 1501);
    CHECK(cells[1].gj == 30000.1 + 20000.2);
    cells.insert(cells.end(), second.begin(), second.end());
    HeatGrid parts = heat_grid_from_cells(cells, p);
    CHECK(parts.west == whole.west);
    CHECK(parts.north == whole.north);
    CHECK(parts.columns == whole.columns);
    CHECK(parts.rows == whole.rows);
    // The shared cell adds (30000.1 + 20000.2) + 10000.3 in both: the whole also sums in building order.
    CHECK(parts.density_gj_ha == whole.density_gj_ha);
    CHECK(parts.in_dh_area == whole.in_dh_area);
    CHECK(whole.in_dh_area[(whole.rows - 1) * whole.columns + 1] == 1);  // 120,000 GJ in two dense cells
    assign_buildings(parts, b, gj);
    CHECK(parts.building_cell == whole.building_cell);
    CHECK(parts.cell_of(150015, 450015) == (whole.rows - 1) * whole.columns);
    CHECK(parts.cell_of(149999, 450015) == -1);
}
