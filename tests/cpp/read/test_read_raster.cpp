#include "test_paths.hpp"

#include "warmte/error.hpp"
#include "warmte/io.hpp"

#include <catch2/catch.hpp>

using namespace warmte;

TEST_CASE("a raster band opens for window reads with its grid, CRS and nodata", "[read_raster]") {
    const std::string tif = std::string(WARMTE_TESTDATA_DIR) + "/town/heat_demand.tif";
    std::string note;
    RasterBand band = io::open_raster(tif, 0, "", note);
    CHECK(note.empty());  // one band: nothing to say
    CHECK(band.grid.dx == 100);
    CHECK(band.grid.dy == 100);
    CHECK(std::fmod(band.grid.west, 100.0) == 0);
    CHECK(band.crs.find("Amersfoort") != std::string::npos);
    std::vector<double> window;
    band.read(0, 0, 3, 2, window);
    CHECK(window.size() == 6);
    CHECK_THROWS_WITH(io::open_raster(tif, 2, "", note), Catch::Contains("has no band 2"));
    CHECK_THROWS_WITH(io::open_raster("/nowhere.tif", 0, "", note), Catch::Contains("file not found"));
    CHECK(io::is_raster(tif));
    CHECK_FALSE(io::is_raster(std::string(WARMTE_TESTDATA_DIR) + "/town/town.gpkg:buurten"));
}
