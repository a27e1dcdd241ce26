#include "geometry/geos_handles.hpp"
#include "warmte/error.hpp"

#include <catch2/catch.hpp>

using namespace warmte;

TEST_CASE("a null from GEOS becomes a GeometryError with GEOS's message", "[geos_handles]") {
    geos::Context ctx;
    CHECK_THROWS_AS(geos::own(ctx, nullptr, "clipping a building"), GeometryError);
    CHECK_THROWS_WITH(geos::own(ctx, nullptr, "clipping a building"), Catch::Contains("clipping a building"));
    geos::Geometry box = geos::own(ctx, GEOSGeom_createRectangle_r(ctx.get(), 0, 0, 4, 5), "box");
    CHECK(geos::area(ctx, box.get()) == 20);
    geos::Prepared prepared = geos::prepare(ctx, box.get());
    geos::Geometry inside = geos::own(ctx, GEOSGeom_createRectangle_r(ctx.get(), 1, 1, 2, 2), "inside");
    CHECK(GEOSPreparedContainsProperly_r(ctx.get(), prepared.get(), inside.get()) == 1);
}
