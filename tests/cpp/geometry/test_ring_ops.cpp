#include "fixtures.hpp"

#include "geometry/geos_handles.hpp"
#include "geometry/ring_ops.hpp"
#include "geometry/zone_clip.hpp"

#include <catch2/catch.hpp>

using namespace warmte;

TEST_CASE("shoelace and half-plane clipping by hand", "[ring_ops]") {
    std::vector<ring::Point> square = {{0, 0}, {4, 0}, {4, 4}, {0, 4}};
    CHECK(ring::twice_signed_area(square) == 32);
    std::vector<ring::Point> clockwise(square.rbegin(), square.rend());
    CHECK(ring::twice_signed_area(clockwise) == -32);
    CHECK(ring::area(clockwise) == 16);
    // Keep x <= 1: a 1 x 4 strip.
    std::vector<ring::Point> out;
    ring::clip(
        square, out, [](const ring::Point& p) { return p.x <= 1; },
        [](const ring::Point& p, const ring::Point& q) {
            double t = (1 - p.x) / (q.x - p.x);
            return ring::Point{1, p.y + t * (q.y - p.y)};
        });
    CHECK(ring::area(out) == Approx(4));
    CHECK(ring::cross({0, 0}, {1, 0}, {0, 1}) == 1);
}

TEST_CASE("the clip cascade agrees with GEOS on every branch", "[zone_clip]") {
    geos::Context ctx;
    // An L-shaped buurt (not convex, so border parts go the GEOS way unless they are convex).
    GeometryArray zone = test::polygons({"POLYGON((0 0, 200 0, 200 100, 100 100, 100 200, 0 200, 0 0))"});
    GeometryArray parts = test::polygons({
        "POLYGON((10 10, 20 10, 20 20, 10 20, 10 10))",                   // deep inside: interior cells
        "POLYGON((190 40, 210 40, 210 60, 190 60, 190 40))",              // convex, on the border: 10 x 20 inside
        "POLYGON((90 90, 130 90, 130 95, 95 95, 95 130, 90 130, 90 90))",  // concave, around the inner corner
        "POLYGON((300 300, 310 300, 310 310, 300 310, 300 300))",         // outside
    });
    ZoneClipper clipper(ctx, zone, 0, 10.0);
    geos::Geometry z = geos::to_geos(ctx, zone, 0);
    for (std::size_t p = 0; p < parts.size(); ++p) {
        INFO("part " << p);
        ZoneClipper::Piece piece = clipper.clip(parts, p, parts.bounds(p));
        geos::Geometry g = geos::to_geos(ctx, parts, p);
        geos::Geometry inter = geos::own(ctx, GEOSIntersection_r(ctx.get(), z.get(), g.get()), "test");
        CHECK(piece.area == Approx(geos::area(ctx, inter.get())).margin(1e-9));
    }
    CHECK(clipper.clip(parts, 0, parts.bounds(0)).whole);
    CHECK(clipper.clip(parts, 1, parts.bounds(1)).area == Approx(200));
    CHECK_FALSE(clipper.clip(parts, 1, parts.bounds(1)).whole);
    CHECK(clipper.clip(parts, 3, parts.bounds(3)).area == 0);
}
