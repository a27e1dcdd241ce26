#include "fixtures.hpp"
#include "geometry/geos_handles.hpp"

#include "warmte/union_area.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>
#include <random>

using namespace warmte;

namespace {

double union_area(const GeometryArray& polygons) {
    UnionArea u;
    for (std::size_t i = 0; i < polygons.size(); ++i) u.add_polygon(polygons, i, static_cast<std::uint32_t>(i));
    return u.area();
}

}  // namespace

TEST_CASE("union area against hand-computed overlaps", "[union_area]") {
    // Two 2x2 squares overlapping in a 1x1 square: 4 + 4 - 1.
    CHECK(union_area(test::polygons({"POLYGON((0 0, 2 0, 2 2, 0 2, 0 0))", "POLYGON((1 1, 3 1, 3 3, 1 3, 1 1))"})) ==
          Approx(7.0).epsilon(1e-14));
    // A pond drawn twice counts once; a third, touching along an edge, adds its own area.
    CHECK(union_area(test::polygons({"POLYGON((0 0, 2 0, 2 2, 0 2, 0 0))", "POLYGON((0 0, 2 0, 2 2, 0 2, 0 0))",
                                     "POLYGON((2 0, 5 0, 5 2, 2 2, 2 0))"})) == Approx(10.0).epsilon(1e-14));
    // A 10x10 lake with a 2x2 island at (2..4, 2..4) is 96; a 2x2 pond over (3..5, 3..5) lies on
    // the island for 1 m2 and on the lake for 3: 96 + 4 - 3.
    CHECK(union_area(test::polygons({"POLYGON((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 4 2, 4 4, 2 4, 2 2))",
                                     "POLYGON((3 3, 5 3, 5 5, 3 5, 3 3))"})) == Approx(97.0).epsilon(1e-14));
    // The 2x2 square and itself turned 45 degrees about its centre: edges cross inside slabs. The
    // turned corners stick out as four triangles of (sqrt 2 - 1)^2 each: 16 - 8 sqrt 2.
    const double r = std::numbers::sqrt2;
    CHECK(union_area(test::polygons(
              {"POLYGON((0 0, 2 0, 2 2, 0 2, 0 0))",
               "POLYGON((1 " + std::to_string(1 - r) + ", " + std::to_string(1 + r) + " 1, 1 " + std::to_string(1 + r) +
                   ", " + std::to_string(1 - r) + " 1, 1 " + std::to_string(1 - r) + "))"})) ==
          Approx(16.0 - 8.0 * r).epsilon(1e-6));  // to_string keeps 6 decimals
    // Disjoint polygons just add up; nothing is nothing.
    CHECK(union_area(test::polygons({"POLYGON((0 0, 1 0, 1 1, 0 1, 0 0))", "POLYGON((5 5, 7 5, 6 9, 5 5))"})) ==
          Approx(1.0 + 4.0).epsilon(1e-14));
    CHECK(UnionArea{}.area() == 0.0);
}

TEST_CASE("union area inside a mask: the water of a buurt without clipping each piece", "[union_area]") {
    GeometryArray squares = test::polygons({"POLYGON((0 0, 2 0, 2 2, 0 2, 0 0))", "POLYGON((1 1, 3 1, 3 3, 1 3, 1 1))"});
    // The union is an L of two squares; the strip x 0.5..2.5 holds 0.5 x 2 + 1 x 3 + 0.5 x 2.
    UnionArea strip;
    strip.add_polygon(squares, 0, 0);
    strip.add_polygon(squares, 1, 1);
    strip.add_mask(test::polygons({"POLYGON((0.5 -10, 2.5 -10, 2.5 10, 0.5 10, 0.5 -10))"}), 0);
    CHECK(strip.area() == Approx(5.0).epsilon(1e-14));
    // A mask with a hole over the overlap [1,2]x[1,2]: the union's 7 less that 1.
    UnionArea holed;
    holed.add_polygon(squares, 0, 0);
    holed.add_polygon(squares, 1, 1);
    holed.add_mask(test::polygons({"POLYGON((-5 -5, 5 -5, 5 5, -5 5, -5 -5), (1 1, 2 1, 2 2, 1 2, 1 1))"}), 0);
    CHECK(holed.area() == Approx(6.0).epsilon(1e-14));
    // A mask away from the polygons leaves nothing.
    UnionArea apart;
    apart.add_polygon(squares, 0, 0);
    apart.add_mask(test::polygons({"POLYGON((10 10, 11 10, 11 11, 10 11, 10 10))"}), 0);
    CHECK(apart.area() == 0.0);
}

TEST_CASE("union area equals the area of GEOS's union on random overlapping water", "[union_area]") {
    // Stars (non-convex, 16 vertices) and turned rectangles (ditches) crossing each other, as an
    // OSM and BGT mix draws them.
    std::mt19937 rng(36);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    geos::Context ctx;
    for (int round = 0; round < 40; ++round) {
        std::vector<std::string> wkt;
        const int n = 2 + round % 9;
        for (int k = 0; k < n; ++k) {
            const double cx = 100 * u(rng), cy = 100 * u(rng);
            std::string ring;
            if (k % 2 == 0) {
                const double radius = 10 + 30 * u(rng);
                for (int v = 0; v <= 16; ++v) {
                    const double a = 2 * std::numbers::pi * (v % 16) / 16, rr = radius * (v % 2 ? 0.6 : 1.0);
                    ring += (v ? ", " : "") + std::to_string(cx + rr * std::cos(a)) + " " + std::to_string(cy + rr * std::sin(a));
                }
            } else {
                const double a = std::numbers::pi * u(rng), len = 20 + 80 * u(rng), w = 2 + 6 * u(rng);
                const double c = std::cos(a), s = std::sin(a);
                const double pts[5][2] = {{-len, -w}, {len, -w}, {len, w}, {-len, w}, {-len, -w}};
                for (int v = 0; v < 5; ++v)
                    ring += (v ? ", " : "") + std::to_string(cx + c * pts[v][0] - s * pts[v][1]) + " " +
                            std::to_string(cy + s * pts[v][0] + c * pts[v][1]);
            }
            wkt.push_back("POLYGON((" + ring + "))");
        }
        GeometryArray polygons = test::polygons(wkt);
        std::vector<GEOSGeometry*> raw;
        for (std::size_t i = 0; i < polygons.size(); ++i) raw.push_back(geos::to_geos(ctx, polygons, i).release());
        geos::Geometry all = geos::own(
            ctx, GEOSGeom_createCollection_r(ctx.get(), GEOS_GEOMETRYCOLLECTION, raw.data(), static_cast<unsigned>(raw.size())),
            "test");
        geos::Geometry merged = geos::own(ctx, GEOSUnaryUnion_r(ctx.get(), all.get()), "test");
        INFO("round " << round);
        CHECK(union_area(polygons) == Approx(geos::area(ctx, merged.get())).epsilon(1e-10));
    }
}

TEST_CASE("union area of a large group, with and without a mask, equals GEOS's", "[union_area]") {
    // A large star lake with 80 ditches across and around it, some drawn twice, and a holed mask
    // over part of it.
    std::mt19937 rng(3606);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    std::vector<std::string> wkt;
    std::string lake;
    double radius[64];
    for (double& r : radius) r = 200 * (0.7 + 0.3 * u(rng));
    for (int v = 0; v <= 64; ++v) {
        const double a = 2 * std::numbers::pi * (v % 64) / 64;
        lake += (v ? ", " : "") + std::to_string(500 + radius[v % 64] * std::cos(a)) + " " +
                std::to_string(500 + radius[v % 64] * std::sin(a));
    }
    wkt.push_back("POLYGON((" + lake + "))");
    for (int k = 0; k < 80; ++k) {
        const double cx = 200 + 600 * u(rng), cy = 200 + 600 * u(rng), a = std::numbers::pi * u(rng);
        const double len = 20 + 120 * u(rng), w = 2 + 6 * u(rng), c = std::cos(a), s = std::sin(a);
        const double pts[5][2] = {{-len, -w}, {len, -w}, {len, w}, {-len, w}, {-len, -w}};
        std::string ring;
        for (int v = 0; v < 5; ++v)
            ring += (v ? ", " : "") + std::to_string(cx + c * pts[v][0] - s * pts[v][1]) + " " +
                    std::to_string(cy + s * pts[v][0] + c * pts[v][1]);
        wkt.push_back("POLYGON((" + ring + "))");
        if (k % 7 == 0) wkt.push_back(wkt.back());
    }
    GeometryArray polygons = test::polygons(wkt);
    GeometryArray mask = test::polygons({"POLYGON((250 150, 900 180, 870 820, 300 760, 250 150), (450 450, 550 450, 550 550, 450 550, 450 450))"});
    geos::Context ctx;
    std::vector<GEOSGeometry*> raw;
    for (std::size_t i = 0; i < polygons.size(); ++i) raw.push_back(geos::to_geos(ctx, polygons, i).release());
    geos::Geometry all = geos::own(
        ctx, GEOSGeom_createCollection_r(ctx.get(), GEOS_GEOMETRYCOLLECTION, raw.data(), static_cast<unsigned>(raw.size())), "test");
    geos::Geometry merged = geos::own(ctx, GEOSUnaryUnion_r(ctx.get(), all.get()), "test");
    geos::Geometry m = geos::to_geos(ctx, mask, 0);
    geos::Geometry inside = geos::own(ctx, GEOSIntersection_r(ctx.get(), merged.get(), m.get()), "test");

    UnionArea whole, masked;
    for (std::size_t i = 0; i < polygons.size(); ++i) {
        whole.add_polygon(polygons, i, static_cast<std::uint32_t>(i));
        masked.add_polygon(polygons, i, static_cast<std::uint32_t>(i));
    }
    masked.add_mask(mask, 0);
    CHECK(whole.area() == Approx(geos::area(ctx, merged.get())).epsilon(1e-10));
    CHECK(masked.area() == Approx(geos::area(ctx, inside.get())).epsilon(1e-10));
    // An L-shaped mask (a buurt around a corner of a lake): only what lies in the L counts.
    GeometryArray ell = test::polygons({"POLYGON((200 200, 800 200, 800 320, 320 320, 320 800, 200 800, 200 200))"});
    geos::Geometry l = geos::to_geos(ctx, ell, 0);
    geos::Geometry in_ell = geos::own(ctx, GEOSIntersection_r(ctx.get(), merged.get(), l.get()), "test");
    UnionArea cornered;
    for (std::size_t i = 0; i < polygons.size(); ++i) cornered.add_polygon(polygons, i, static_cast<std::uint32_t>(i));
    cornered.add_mask(ell, 0);
    CHECK(cornered.area() == Approx(geos::area(ctx, in_ell.get())).epsilon(1e-10));
}
