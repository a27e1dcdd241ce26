#include "fixtures.hpp"

#include "warmte/overlay.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace warmte;

namespace {

// Two 100 m squares side by side: A = [0,100]x[0,100], B = [100,200]x[0,100].
GeometryArray two_squares() {
    return test::polygons({"POLYGON((0 0, 100 0, 100 100, 0 100, 0 0))",
                           "POLYGON((100 0, 200 0, 200 100, 100 100, 100 0))"});
}

}  // namespace

TEST_CASE("a building across a border is split by area and counted where most of it lies", "[overlay]") {
    // 50 x 10 m from x 70 to 120: 30 m (60 %) in A, 20 m (40 %) in B.
    GeometryArray buildings = test::polygons({"POLYGON((70 0, 120 0, 120 10, 70 10, 70 0))"});
    OverlayResult r = overlay(two_squares(), buildings, nullptr, 2, {});
    CHECK(r.footprint_area_m2[0] == Approx(300.0));
    CHECK(r.footprint_area_m2[1] == Approx(200.0));
    CHECK(r.n_buildings[0] == 1);
    CHECK(r.n_buildings[1] == 0);
    CHECK(r.home_neighbourhood[0] == 0);
    REQUIRE(r.pieces.size() == 2);
    CHECK(r.pieces[0].area_m2 / 500.0 == Approx(0.6));
    CHECK(std::isnan(r.dist_water_m[0]));  // no water layer: missing, not zero
}

TEST_CASE("water inside and across buurten, a building with a hole, distance to the water's edge", "[overlay]") {
    GeometryArray buildings = test::polygons({
        "POLYGON((70 0, 120 0, 120 10, 70 10, 70 0))",                                      // 500 m², 300 in A
        "POLYGON((20 20, 40 20, 40 40, 20 40, 20 20), (25 25, 35 25, 35 35, 25 35, 25 25))",  // 400 - 100 = 300 m²
        "POLYGON((500 500, 510 500, 510 510, 500 510, 500 500))",                           // outside both
    });
    GeometryArray water = test::polygons({
        "POLYGON((10 50, 30 50, 30 70, 10 70, 10 50))",     // 400 m² inside A
        "POLYGON((150 50, 250 50, 250 60, 150 60, 150 50))",  // 1000 m², half of it in B
    });
    OverlayResult r = overlay(two_squares(), buildings, &water, 2, {});
    CHECK(r.area_m2[0] == Approx(10000.0));
    CHECK(r.water_area_m2[0] == Approx(400.0));
    CHECK(r.water_area_m2[1] == Approx(500.0));
    CHECK(r.land_area_ha[0] == Approx(0.96));
    CHECK(r.land_area_ha[1] == Approx(0.95));
    CHECK(r.footprint_area_m2[0] == Approx(600.0));
    CHECK(r.footprint_area_m2[1] == Approx(200.0));
    CHECK(r.n_buildings[0] == 2);
    CHECK(r.home_neighbourhood[2] == -1);
    // Building 0 to the canal strip: dx 150-120 = 30, dy 50-10 = 40 -> 50 m (the pond is 56.6 m).
    CHECK(r.building_dist_water_m[0] == Approx(50.0));
    // Building 1 (top at y 40) to the pond (bottom at y 50), overlapping in x: 10 m.
    CHECK(r.building_dist_water_m[1] == Approx(10.0));
    // Footprint-weighted per buurt: A = (300*50 + 300*10) / 600 = 30; B = 50.
    CHECK(r.dist_water_m[0] == Approx(30.0));
    CHECK(r.dist_water_m[1] == Approx(50.0));
}

TEST_CASE("overlapping water polygons are not counted twice", "[overlay]") {
    GeometryArray water = test::polygons({"POLYGON((10 10, 30 10, 30 30, 10 30, 10 10))",
                                         "POLYGON((20 10, 40 10, 40 30, 20 30, 20 10))"});  // union 30 x 20
    GeometryArray none;
    OverlayResult r = overlay(two_squares(), none, &water, 1, {});
    CHECK(r.water_area_m2[0] == Approx(600.0));
}

TEST_CASE("water pieces that only touch add up; overlapping ones, convex or not, are unioned", "[overlay]") {
    GeometryArray water = test::polygons({
        "POLYGON((10 60, 30 60, 30 80, 10 80, 10 60))",  // 400, touches the next along x = 30
        "POLYGON((30 60, 50 60, 50 80, 30 80, 30 60))",  // 400
        // An L (not convex) and a square over its notch corner: union 300 + 100 - (50 + 25) = 325.
        "POLYGON((60 10, 80 10, 80 20, 70 20, 70 30, 60 30, 60 10))",
        "POLYGON((65 15, 75 15, 75 25, 65 25, 65 15))",
        // A chain of three 10 x 10 squares, each overlapping the next by 5 x 10: union 20 x 10.
        "POLYGON((10 10, 20 10, 20 20, 10 20, 10 10))",
        "POLYGON((15 10, 25 10, 25 20, 15 20, 15 10))",
        "POLYGON((20 10, 30 10, 30 20, 20 20, 20 10))",
        // Across the border at x = 100, overlapping another there: 10 x 10 + 10 x 10 - 5 x 10 inside A.
        "POLYGON((90 40, 110 40, 110 50, 90 50, 90 40))",
        "POLYGON((85 40, 95 40, 95 50, 85 50, 85 40))",
    });
    GeometryArray none;
    for (unsigned threads : {1u, 2u}) {
        OverlayResult r = overlay(two_squares(), none, &water, threads, {});
        // A: 400 + 400 + 325 + 200, and the pair at the border covers x 85..100 inside A: 15 x 10.
        CHECK(r.water_area_m2[0] == Approx(400 + 400 + 325 + 200 + 150));
        CHECK(r.water_area_m2[1] == Approx(100.0));
    }
}

TEST_CASE("a building split exactly in half counts in the buurt listed first", "[overlay]") {
    GeometryArray buildings = test::polygons({"POLYGON((90 0, 110 0, 110 10, 90 10, 90 0))"});
    OverlayResult r = overlay(two_squares(), buildings, nullptr, 2, {});
    CHECK(r.n_buildings[0] == 1);
    CHECK(r.n_buildings[1] == 0);
    CHECK(r.footprint_area_m2[0] == Approx(100.0));
    CHECK(r.footprint_area_m2[1] == Approx(100.0));
}

TEST_CASE("halves that differ only by rounding are a tie, kept by the buurt listed first", "[overlay]") {
    // Rectangles centred on the border x = 100, turned: point-symmetric about a point on the
    // border, so their halves are equal; their computed areas differ in the last bits for some.
    std::vector<std::string> wkt;
    for (int k = 1; k <= 40; ++k) {
        double a = 0.037 * k, c = std::cos(a), s = std::sin(a), y = 5.0 + 2.2 * k;
        std::string ring;
        for (auto [u, v] : {std::pair{-3.1, -1.7}, {3.1, -1.7}, {3.1, 1.7}, {-3.1, 1.7}, {-3.1, -1.7}})
            ring += (ring.empty() ? "" : ", ") + std::to_string(100.0 + u * c - v * s) + " " + std::to_string(y + u * s + v * c);
        wkt.push_back("POLYGON((" + ring + "))");
    }
    GeometryArray buildings = test::polygons(wkt);
    OverlayResult r = overlay(two_squares(), buildings, nullptr, 1, {});
    REQUIRE(r.pieces.size() == 2 * wkt.size());
    int b_larger_by_rounding = 0;
    for (std::size_t i = 0; i < wkt.size(); ++i) {
        const double in_a = r.pieces[2 * i].area_m2, in_b = r.pieces[2 * i + 1].area_m2;
        REQUIRE(in_b == Approx(in_a).epsilon(1e-12));
        b_larger_by_rounding += in_b > in_a;
        CHECK(r.home_neighbourhood[i] == 0);
    }
    CHECK(b_larger_by_rounding > 0);  // else the case tests nothing
    CHECK(r.n_buildings[0] == static_cast<int>(wkt.size()));
}

TEST_CASE("results do not depend on the number of threads", "[overlay]") {
    // A 10 x 10 block of buurten with a staggered grid of buildings crossing many borders.
    std::vector<std::string> buurt_wkt, building_wkt;
    for (int i = 0; i < 10; ++i)
        for (int j = 0; j < 10; ++j)
            buurt_wkt.push_back("POLYGON((" + std::to_string(i * 100) + " " + std::to_string(j * 100) + ", " +
                                std::to_string(i * 100 + 100) + " " + std::to_string(j * 100) + ", " +
                                std::to_string(i * 100 + 100) + " " + std::to_string(j * 100 + 100) + ", " +
                                std::to_string(i * 100) + " " + std::to_string(j * 100 + 100) + ", " +
                                std::to_string(i * 100) + " " + std::to_string(j * 100) + "))");
    for (int i = 0; i < 60; ++i)
        for (int j = 0; j < 60; ++j) {
            double x = i * 16.7 + 3, y = j * 16.3 + 2;
            building_wkt.push_back("POLYGON((" + std::to_string(x) + " " + std::to_string(y) + ", " +
                                   std::to_string(x + 9) + " " + std::to_string(y) + ", " + std::to_string(x + 9) +
                                   " " + std::to_string(y + 11) + ", " + std::to_string(x) + " " +
                                   std::to_string(y + 11) + ", " + std::to_string(x) + " " + std::to_string(y) + "))");
        }
    GeometryArray buurten = test::polygons(buurt_wkt), buildings = test::polygons(building_wkt);
    GeometryArray water = test::polygons({"POLYGON((0 495, 1000 495, 1000 505, 0 505, 0 495))"});
    OverlayResult one = overlay(buurten, buildings, &water, 1, {});
    OverlayResult two = overlay(buurten, buildings, &water, 2, {});
    CHECK(one.footprint_area_m2 == two.footprint_area_m2);
    CHECK(one.n_buildings == two.n_buildings);
    CHECK(one.dist_water_m == two.dist_water_m);
    CHECK(one.water_area_m2 == two.water_area_m2);
    double total = 0, expected = 0;
    for (double a : one.footprint_area_m2) total += a;
    for (std::size_t i = 0; i < buildings.size(); ++i) expected += buildings.area(i);
    CHECK(total == Approx(expected).epsilon(1e-12));  // every building lies inside the block
}

TEST_CASE("distance to the nearest line, measured to the line, not its box", "[overlay]") {
    // An L-shaped line (0,0)-(1000,0)-(1000,1000) as a there-and-back ring; a 10 m house at
    // (500..510, 400..410): 400 m to the bottom leg, 490 m to the right leg.
    GeometryArray line;
    line.begin_feature();
    line.begin_polygon();
    std::vector<double> ring = {0, 0, 1000, 0, 1000, 1000, 1000, 0, 0, 0};
    line.add_ring(ring);
    GeometryArray houses = test::polygons({"POLYGON((500 400, 510 400, 510 410, 500 410, 500 400))",
                                          "POLYGON((995 500, 1005 500, 1005 510, 995 510, 995 500))"});
    std::vector<double> d = distance_to_nearest(houses, line, 2, {}, "test");
    CHECK(d[0] == Approx(400.0));
    CHECK(d[1] == 0.0);  // crosses the line
}

namespace {

// A regular polygon of n vertices and radius r around (cx, cy), as WKT ring text.
std::string circle_ring(double cx, double cy, double r, int n) {
    std::string ring;
    for (int k = 0; k <= n; ++k) {
        const double a = 2 * M_PI * (k % n) / n;
        ring += (k ? ", " : "") + std::to_string(cx + r * std::cos(a)) + " " + std::to_string(cy + r * std::sin(a));
    }
    return ring;
}

}  // namespace

TEST_CASE("distance to water cut into pieces: inside a lake, on its island, beside a long river", "[overlay]") {
    // A 64-vertex lake of radius 40 around (50, 50) with a 16-vertex island of radius 10 at its
    // centre, and a river 3 km long (a 61-vertex strip from x -1000 to 2000, y 150..170): both are
    // cut into pieces for the search, so inside-ness is the ray test's, not a piece's.
    std::string river = "POLYGON((";
    for (int k = 0; k <= 30; ++k) river += (k ? ", " : "") + std::to_string(-1000 + 100 * k) + " 150";
    for (int k = 30; k >= 0; --k) river += ", " + std::to_string(-1000 + 100 * k) + " 170";
    river += ", -1000 150))";
    GeometryArray water = test::polygons(
        {"POLYGON((" + circle_ring(50, 50, 40, 64) + "), (" + circle_ring(50, 50, 10, 16) + "))", river});
    GeometryArray buildings = test::polygons({
        "POLYGON((22 48, 26 48, 26 52, 22 52, 22 48))",  // in the lake, 12 m from the island's centre line
        "POLYGON((48 48, 52 48, 52 52, 48 52, 48 48))",  // on the island
        "POLYGON((1500 100, 1510 100, 1510 110, 1500 110, 1500 100))",  // 40 m below the river
        "POLYGON((1500 160, 1510 160, 1510 165, 1500 165, 1500 160))",  // a houseboat in the river
    });
    GeometryArray none_buurten = test::polygons({"POLYGON((-2000 -2000, 3000 -2000, 3000 3000, -2000 3000, -2000 -2000))"});
    for (unsigned threads : {1u, 2u}) {
        OverlayResult r = overlay(none_buurten, buildings, &water, threads, {});
        CHECK(r.building_dist_water_m[0] == 0.0);
        // The island's outline lies between radius 10 cos(pi/16) (edge middles) and 10 (vertices);
        // the house's nearest corner is at 2 sqrt 2 from the centre.
        CHECK(r.building_dist_water_m[1] > 10 * std::cos(M_PI / 16) - 2 * std::sqrt(2.0) - 1e-9);
        CHECK(r.building_dist_water_m[1] < 10 - 2);
        CHECK(r.building_dist_water_m[2] == Approx(40.0));
        CHECK(r.building_dist_water_m[3] == 0.0);
    }
}

TEST_CASE("water drawn twice and crossing: the area of the union per buurt, across a border", "[overlay]") {
    GeometryArray water = test::polygons({
        // A pond drawn twice (once with its vertices in another order) and a ditch across it:
        // 20 x 20 + 40 x 4 - 20 x 4 = 480, all in A.
        "POLYGON((10 10, 30 10, 30 30, 10 30, 10 10))",
        "POLYGON((30 30, 10 30, 10 10, 30 10, 30 30))",
        "POLYGON((0 18, 40 18, 40 22, 0 22, 0 18))",
        // Two crossing canals (non-convex L shapes) over the border at x = 100: in A the union of
        // [80,100]x[60,70] and [90,100]x[50,80] is 200 + 300 - 100 = 400; in B the L arms reach
        // to x 120 and x 110: [100,120]x[60,70] and [100,110]x[50,80] = 200 + 300 - 100 = 400.
        "POLYGON((80 60, 120 60, 120 70, 90 70, 90 65, 80 65, 80 60))",
        "POLYGON((80 65, 90 65, 90 70, 80 70, 80 65))",
        "POLYGON((90 50, 110 50, 110 80, 90 80, 90 50))",
    });
    GeometryArray none;
    for (unsigned threads : {1u, 2u}) {
        OverlayResult r = overlay(two_squares(), none, &water, threads, {});
        CHECK(r.water_area_m2[0] == Approx(480.0 + 400.0).epsilon(1e-12));
        CHECK(r.water_area_m2[1] == Approx(400.0).epsilon(1e-12));
    }
}
