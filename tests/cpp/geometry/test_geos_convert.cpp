#include "fixtures.hpp"
#include "geometry/geos_handles.hpp"

#include <catch2/catch.hpp>

using namespace warmte;

TEST_CASE("flat arrays to GEOS and back: holes, multipolygons, unclosed rings", "[geos_convert]") {
    geos::Context ctx;
    GeometryArray p = test::polygons({"POLYGON((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 4 2, 4 4, 2 4, 2 2))",
                                      "MULTIPOLYGON(((20 0, 22 0, 22 2, 20 0)), ((30 0, 33 0, 33 3, 30 3, 30 0)))"});
    geos::Geometry a = geos::to_geos(ctx, p, 0), b = geos::to_geos(ctx, p, 1);
    CHECK(geos::area(ctx, a.get()) == Approx(96));
    CHECK(GEOSGeomTypeId_r(ctx.get(), b.get()) == GEOS_MULTIPOLYGON);
    CHECK(geos::area(ctx, b.get()) == Approx(2 + 9));
    GeometryArray back;
    geos::append_geos(back, ctx, a.get());
    geos::append_geos(back, ctx, b.get());
    CHECK(back.area(0) == Approx(p.area(0)));
    CHECK(back.polygon_count(1) == 2);
    // A ring stored without its closing vertex is closed for GEOS.
    GeometryArray open;
    open.begin_feature();
    open.begin_polygon();
    const double ring[] = {0, 0, 5, 0, 5, 5};
    open.add_ring(ring);
    CHECK(geos::area(ctx, geos::to_geos(ctx, open, 0).get()) == Approx(12.5));
    // Lines and points that make-valid can leave behind carry no area and are not kept.
    geos::Geometry mixed = geos::own(ctx, GEOSGeom_createEmptyCollection_r(ctx.get(), GEOS_GEOMETRYCOLLECTION), "test");
    geos::append_geos(back, ctx, mixed.get());
    CHECK(back.polygon_count(2) == 0);
}
