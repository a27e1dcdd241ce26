#include "fixtures.hpp"
#include "geometry/geos_handles.hpp"

#include "warmte/interior_grid.hpp"

#include <catch2/catch.hpp>

using namespace warmte;

TEST_CASE("interior grid: inside, in a hole, across the border, outside", "[interior_grid]") {
    GeometryArray p = test::polygons({"POLYGON((0 0, 100 0, 100 100, 0 100, 0 0), (40 40, 60 40, 60 60, 40 60, 40 40))"});
    InteriorGrid grid(p, 0, 5.0);
    CHECK(grid.contains({10, 10, 20, 20}));
    CHECK(grid.contains({70, 75, 85, 90}));
    CHECK_FALSE(grid.contains({45, 45, 55, 55}));   // in the hole
    CHECK_FALSE(grid.contains({38, 45, 42, 50}));   // across the hole's edge
    CHECK_FALSE(grid.contains({95, 10, 105, 20}));  // across the outer edge
    CHECK_FALSE(grid.contains({200, 200, 210, 210}));
    CHECK_FALSE(grid.contains({0.5, 0.5, 2, 2}));   // touches a boundary cell: "not known"
}

TEST_CASE("interior grid never claims a box that GEOS finds not contained", "[interior_grid]") {
    // A star-shaped (non-convex) polygon and a sweep of small boxes over it.
    GeometryArray p = test::polygons({"POLYGON((50 0, 61 35, 98 35, 68 57, 79 91, 50 70, 21 91, 32 57, 2 35, 39 35, 50 0))"});
    geos::Context ctx;
    geos::Geometry star = geos::to_geos(ctx, p, 0);
    geos::Prepared prepared = geos::prepare(ctx, star.get());
    InteriorGrid grid(p, 0, 2.0);
    int claimed = 0;
    for (double x = 0; x < 100; x += 1.7)
        for (double y = 0; y < 95; y += 1.3) {
            Box b{x, y, x + 1.5, y + 1.1};
            if (!grid.contains(b)) continue;
            ++claimed;
            GEOSGeometry* box_geom = GEOSGeom_createRectangle_r(ctx.get(), b.min_x, b.min_y, b.max_x, b.max_y);
            geos::Geometry g = geos::own(ctx, box_geom, "box");
            CHECK(GEOSPreparedContainsProperly_r(ctx.get(), prepared.get(), g.get()) == 1);
        }
    CHECK(claimed > 500);  // and it does settle most of the interior
}

TEST_CASE("interior grid: outside, in a hole, beyond the extent; never a box that meets the polygon", "[interior_grid]") {
    GeometryArray p = test::polygons({"POLYGON((0 0, 100 0, 100 100, 0 100, 0 0), (40 40, 60 40, 60 60, 40 60, 40 40))"});
    InteriorGrid grid(p, 0, 5.0);
    CHECK(grid.excludes({200, 200, 210, 210}));     // beyond the extent
    CHECK(grid.excludes({46, 46, 54, 54}));         // well inside the hole
    CHECK_FALSE(grid.excludes({10, 10, 20, 20}));   // inside
    CHECK_FALSE(grid.excludes({95, 10, 105, 20}));  // across the outer edge
    CHECK_FALSE(grid.excludes({38, 45, 42, 50}));   // across the hole's edge

    // The star: every box the grid excludes is disjoint from the polygon, and most boxes outside are excluded.
    GeometryArray star_p = test::polygons({"POLYGON((50 0, 61 35, 98 35, 68 57, 79 91, 50 70, 21 91, 32 57, 2 35, 39 35, 50 0))"});
    geos::Context ctx;
    geos::Geometry star = geos::to_geos(ctx, star_p, 0);
    geos::Prepared prepared = geos::prepare(ctx, star.get());
    InteriorGrid star_grid(star_p, 0, 2.0);
    int excluded = 0, disjoint = 0;
    for (double x = -10; x < 110; x += 1.7)
        for (double y = -10; y < 105; y += 1.3) {
            Box b{x, y, x + 1.5, y + 1.1};
            geos::Geometry g = geos::own(ctx, GEOSGeom_createRectangle_r(ctx.get(), b.min_x, b.min_y, b.max_x, b.max_y), "box");
            const bool meets = GEOSPreparedIntersects_r(ctx.get(), prepared.get(), g.get()) == 1;
            disjoint += !meets;
            if (!star_grid.excludes(b)) continue;
            ++excluded;
            CHECK_FALSE(meets);
        }
    CHECK(excluded > disjoint / 2);
}
