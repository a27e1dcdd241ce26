#include "fixtures.hpp"
#include "geometry/geos_handles.hpp"

#include "warmte/coverage.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <random>

using namespace warmte;

namespace {

// Compares every covered cell's weight with GEOS's intersection area; returns the sum of weights.
double check_cells_against_geos(const geos::Context& ctx, const GeometryArray& p, const GEOSGeometry* poly,
                                const GridGeometry& g) {
    double sum = 0;
    for_each_covered_cell(p, 0, g, [&](int c, int r, double f) {
        sum += f;
        double x0 = g.west + c * g.dx, y1 = g.north - r * g.dy;
        geos::Geometry cell = geos::own(ctx, GEOSGeom_createRectangle_r(ctx.get(), x0, y1 - g.dy, x0 + g.dx, y1), "cell");
        geos::Geometry inter = geos::own(ctx, GEOSIntersection_r(ctx.get(), poly, cell.get()), "clip");
        CHECK(f == Approx(geos::area(ctx, inter.get()) / (g.dx * g.dy)).margin(1e-9));
    });
    return sum;
}

}  // namespace

namespace {

// A 10 x 10 grid of 1 m cells with its north-west corner at (0, 10).
const GridGeometry grid{0, 10, 1, 1, 10, 10};

std::map<std::pair<int, int>, double> weights(const std::string& wkt, const GridGeometry& g = grid) {
    GeometryArray p = test::polygons({wkt});
    std::map<std::pair<int, int>, double> w;
    for_each_covered_cell(p, 0, g, [&](int c, int r, double f) { w[{c, r}] = f; });
    return w;
}

double total(const std::map<std::pair<int, int>, double>& w) {
    double s = 0;
    for (auto& [k, v] : w) s += v;
    return s;
}

}  // namespace

TEST_CASE("a square covering exactly 2 x 2 cells", "[coverage]") {
    auto w = weights("POLYGON((2 2, 4 2, 4 4, 2 4, 2 2))");
    REQUIRE(w.size() == 4);
    // y 2..4 are rows 6 and 7 (row 0 is y 9..10)
    for (auto cell : {std::pair{2, 6}, {3, 6}, {2, 7}, {3, 7}}) CHECK(w[cell] == Approx(1.0));
}

TEST_CASE("the same square shifted by half a cell: weights 0.25 / 0.5 / 1", "[coverage]") {
    auto w = weights("POLYGON((2.5 2.5, 4.5 2.5, 4.5 4.5, 2.5 4.5, 2.5 2.5))");
    REQUIRE(w.size() == 9);
    CHECK(w[{3, 6}] == Approx(1.0));   // the middle cell
    CHECK(w[{2, 6}] == Approx(0.5));   // edges
    CHECK(w[{3, 5}] == Approx(0.5));
    CHECK(w[{2, 5}] == Approx(0.25));  // corners
    CHECK(w[{4, 7}] == Approx(0.25));
    CHECK(total(w) == Approx(4.0));
}

TEST_CASE("a triangle cutting cells diagonally", "[coverage]") {
    // Right triangle (0,0)-(2,0)-(0,2): cells on the diagonal are half covered.
    auto w = weights("POLYGON((0 0, 2 0, 0 2, 0 0))");
    CHECK(w[{0, 9}] == Approx(1.0));
    CHECK(w[{1, 9}] == Approx(0.5));
    CHECK(w[{0, 8}] == Approx(0.5));
    CHECK(w.count({1, 8}) == 0);
    CHECK(total(w) == Approx(2.0));
}

TEST_CASE("a polygon with a hole, one smaller than a cell, one partly outside", "[coverage]") {
    auto holed = weights("POLYGON((1 1, 5 1, 5 5, 1 5, 1 1), (2.5 2.5, 3.5 2.5, 3.5 3.5, 2.5 3.5, 2.5 2.5))");
    CHECK(total(holed) == Approx(16 - 1));
    CHECK(holed[{2, 7}] == Approx(0.75));  // the hole takes a quarter of four cells
    auto small = weights("POLYGON((6.2 6.2, 6.6 6.2, 6.6 6.7, 6.2 6.7, 6.2 6.2))");
    REQUIRE(small.size() == 1);
    CHECK(small.begin()->second == Approx(0.4 * 0.5));
    auto outside = weights("POLYGON((-3 -3, 1 -3, 1 1, -3 1, -3 -3))");
    REQUIRE(outside.size() == 1);  // only (0..1, 0..1) is inside the grid
    CHECK(outside[{0, 9}] == Approx(1.0));
}

TEST_CASE("property: weights add up to area / cell area and match GEOS cell by cell", "[coverage]") {
    std::mt19937 rng(11);
    std::uniform_real_distribution<double> u(0, 1);
    geos::Context ctx;
    GridGeometry g{155000, 463100, 7, 5, 40, 40};  // 280 x 200 m of 7 x 5 m cells, in RD
    for (int trial = 0; trial < 25; ++trial) {
        // a random star-shaped polygon with 5-30 vertices, inside the grid
        int n = 5 + static_cast<int>(u(rng) * 25);
        double cx = 155140 + (u(rng) - 0.5) * 80, cy = 463000 + (u(rng) - 0.5) * 80;
        std::string ring;
        for (int k = 0; k <= n; ++k) {
            double angle = 2 * M_PI * (k % n) / n, r = 10 + 50 * u(rng);
            static double first_x, first_y;
            double x = cx + r * std::cos(angle), y = cy + r * std::sin(angle);
            if (k == 0) { first_x = x; first_y = y; }
            if (k == n) { x = first_x; y = first_y; }
            ring += (k ? ", " : "") + std::to_string(x) + " " + std::to_string(y);
        }
        GeometryArray p = test::polygons({"POLYGON((" + ring + "))"});
        geos::Geometry poly = geos::to_geos(ctx, p, 0);
        double sum = 0;
        double sum_checked = check_cells_against_geos(ctx, p, poly.get(), g);
        sum += sum_checked;
        CHECK(sum == Approx(p.area(0) / (g.dx * g.dy)).epsilon(1e-9));
    }
}

TEST_CASE("property: polygons with holes and across the grid edge match GEOS cell by cell", "[coverage][property]") {
    std::mt19937 rng(12);
    std::uniform_real_distribution<double> u(0, 1);
    geos::Context ctx;
    GridGeometry g{155000, 463100, 7, 5, 40, 40};  // 280 x 200 m
    const double grid_x1 = 155000 + 40 * 7, grid_y0 = 463100 - 40 * 5;
    geos::Geometry extent = geos::own(ctx, GEOSGeom_createRectangle_r(ctx.get(), 155000, grid_y0, grid_x1, 463100), "grid");
    auto ring_text = [&](double cx, double cy, double r0, double r1, int n) {
        std::string ring;
        double fx = 0, fy = 0;
        for (int k = 0; k <= n; ++k) {
            double angle = 2 * M_PI * (k % n) / n, r = r0 + (r1 - r0) * u(rng);
            double x = cx + r * std::cos(angle), y = cy + r * std::sin(angle);
            if (k == 0) fx = x, fy = y;
            if (k == n) x = fx, y = fy;
            ring += (k ? ", " : "") + std::to_string(x) + " " + std::to_string(y);
        }
        return "(" + ring + ")";
    };
    int crossing = 0, holed = 0;
    for (int trial = 0; trial < 40; ++trial) {
        int n = 5 + static_cast<int>(u(rng) * 25);
        // Centres anywhere from 40 m outside the grid to its middle: many polygons cross its edge.
        double cx = 154960 + u(rng) * 360, cy = grid_y0 - 40 + u(rng) * 280;
        std::string wkt = "POLYGON(" + ring_text(cx, cy, 30, 60, n);
        if (trial % 2 == 0) {  // a hole well inside the shell (shell radius >= 30, hole <= 15)
            wkt += ", " + ring_text(cx, cy, 8, 15, 6);
            ++holed;
        }
        wkt += ")";
        GeometryArray p = test::polygons({wkt});
        geos::Geometry poly = geos::to_geos(ctx, p, 0);
        geos::Geometry inside = geos::own(ctx, GEOSIntersection_r(ctx.get(), poly.get(), extent.get()), "in grid");
        double in_grid = geos::area(ctx, inside.get());
        crossing += in_grid < p.area(0) * (1 - 1e-9);
        double sum = 0;
        double sum_checked = check_cells_against_geos(ctx, p, poly.get(), g);
        sum += sum_checked;
        INFO("trial " << trial);
        CHECK(sum == Approx(in_grid / (g.dx * g.dy)).margin(1e-9));  // only the part inside the grid counts
    }
    CHECK(crossing >= 10);
    CHECK(holed == 20);
}
