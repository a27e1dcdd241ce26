#include "fixtures.hpp"

#include "warmte/crs.hpp"
#include "warmte/error.hpp"

#include <catch2/catch.hpp>

using namespace warmte;

TEST_CASE("a geographic layer is reprojected to RD New, lon/lat order respected", "[crs]") {
    // The RD origin (Amersfoort, Onze Lieve Vrouwetoren) is x 155000, y 463000 by definition;
    // in ETRS89/WGS84 it lies at about 5.38721 E, 52.15517 N (the datum shift moves it ~1-2 m).
    VectorLayer l = test::layer({"POLYGON((5.38720621 52.15517440, 5.38820621 52.15517440, 5.38820621 52.15617440,"
                                 " 5.38720621 52.15617440, 5.38720621 52.15517440))"});
    l.crs = "EPSG:4326";
    reproject(l, "EPSG:28992", "");
    auto xy = l.geometry.coordinates();
    CHECK(xy[0] == Approx(155000.0).margin(3.0));
    CHECK(xy[1] == Approx(463000.0).margin(3.0));
    // 0.001 degree east ~ 68.4 m at 52.16 N; 0.001 degree north ~ 111.3 m.
    CHECK(l.geometry.area(0) == Approx(68.4 * 111.3).epsilon(0.005));
    CHECK(l.crs == "EPSG:28992");
}

TEST_CASE("a layer without CRS is an error unless a CRS is assumed", "[crs]") {
    VectorLayer l = test::layer({"POLYGON((0 0, 1 0, 1 1, 0 0))"});
    l.crs = "";
    l.source = "buurten.shp, layer 'buurten'";
    CHECK_THROWS_AS(reproject(l, "EPSG:28992", ""), InputError);
    CHECK_THROWS_WITH(reproject(l, "EPSG:28992", ""),
                      Catch::Contains("buurten.shp") && Catch::Contains("--assume-crs"));
    reproject(l, "EPSG:28992", "EPSG:28992");
    CHECK(l.geometry.area(0) == Approx(0.5));
}

TEST_CASE("only projected metric CRSs are accepted for analysis", "[crs]") {
    CHECK(is_projected_metric("EPSG:28992"));
    CHECK(is_projected_metric("EPSG:3035"));
    CHECK_FALSE(is_projected_metric("EPSG:4326"));
    CHECK_FALSE(is_projected_metric("EPSG:2272"));  // US survey feet
    CHECK_FALSE(is_projected_metric("not a crs"));
}
