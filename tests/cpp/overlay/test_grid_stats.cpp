#include "fixtures.hpp"

#include "warmte/grid_stats.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace warmte;

namespace {

// A 4 x 4 raster of 1 m cells, north-west corner (0, 4); values 1..16 row by row from the north,
// with one nodata cell (-9) and one NaN.
RasterBand small_raster() {
    RasterBand b;
    b.source = "test";
    b.crs = "EPSG:28992";
    b.grid = {0, 4, 1, 1, 4, 4};
    b.has_nodata = true;
    b.nodata = -9;
    b.read = [](int c0, int r0, int w, int h, std::vector<double>& out) {
        out.resize(static_cast<std::size_t>(w) * h);
        for (int r = 0; r < h; ++r)
            for (int c = 0; c < w; ++c) {
                int col = c0 + c, row = r0 + r;
                double v = row * 4 + col + 1;
                if (row == 0 && col == 3) v = -9;   // nodata
                if (row == 1 && col == 3) v = NAN;  // NaN
                out[r * w + c] = v;
            }
    };
    return b;
}

}  // namespace

TEST_CASE("zonal statistics with partial cells, nodata and NaN", "[grid_stats]") {
    // Cells (row 3: y 0..1) hold 13, 14; a polygon x 0..1.5, y 0..1 covers 13 fully and 14 half.
    GeometryArray p = test::polygons({"POLYGON((0 0, 1.5 0, 1.5 1, 0 1, 0 0))",
                                     "POLYGON((2.5 2, 4 2, 4 4, 2.5 4, 2.5 2))",  // over the nodata and NaN cells
                                     "POLYGON((10 10, 11 10, 11 11, 10 11, 10 10))"});
    ZonalStats z = zonal_stats(p, small_raster());
    CHECK(z.count[0] == Approx(1.5));
    CHECK(z.sum[0] == Approx(13 + 0.5 * 14));
    CHECK(z.mean[0] == Approx((13 + 7) / 1.5));
    CHECK(z.min[0] == 13);
    CHECK(z.max[0] == 14);
    CHECK(z.nodata[0] == 0);
    // second polygon: rows 0-1, columns 2 (half) and 3: values 3, 7 (half each), nodata + NaN (whole)
    CHECK(z.count[1] == Approx(1.0));
    CHECK(z.sum[1] == Approx(0.5 * 3 + 0.5 * 7));
    CHECK(z.nodata[1] == Approx(2.0));
    CHECK(z.overlaps[2] == 0);
    CHECK(std::isnan(z.mean[2]));
}

TEST_CASE("polygon-grid apportioning: counts by area share, intensive by area-weighted mean, suppressed missing",
          "[grid_stats]") {
    // Four 100 m cells in a row; a zone covering the first cell and half of the second.
    VectorLayer grid = test::layer({"POLYGON((0 0, 100 0, 100 100, 0 100, 0 0))",
                                    "POLYGON((100 0, 200 0, 200 100, 100 100, 100 0))",
                                    "POLYGON((200 0, 300 0, 300 100, 200 100, 200 0))",
                                    "POLYGON((300 0, 400 0, 400 100, 300 100, 300 0))"});
    grid.numbers["inwoners"].values = {40, 20, -99997, 10};
    grid.numbers["woz"].values = {300, 200, 400, 100};
    GeometryArray zones = test::polygons({"POLYGON((0 0, 150 0, 150 100, 0 100, 0 0))",
                                         "POLYGON((200 0, 300 0, 300 100, 200 100, 200 0))"});
    auto out = apportion(zones, grid, {"woz"}, -99990);
    REQUIRE(out.size() == 2);
    const auto& inwoners = out[0].first == "inwoners" ? out[0].second : out[1].second;
    const auto& woz = out[0].first == "woz" ? out[0].second : out[1].second;
    CHECK(inwoners[0] == Approx(40 + 0.5 * 20));
    CHECK(std::isnan(inwoners[1]));  // the only cell is suppressed: missing, not -99997
    CHECK(woz[0] == Approx((300 * 10000 + 200 * 5000) / 15000.0));
    CHECK(woz[1] == Approx(400));
}
