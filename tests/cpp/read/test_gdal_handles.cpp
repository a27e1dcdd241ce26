#include "test_paths.hpp"

#include "read/gdal_handles.hpp"

#include <catch2/catch.hpp>

TEST_CASE("GDAL handles close with their owners; errors are captured, not printed", "[gdal_handles]") {
    using namespace warmte;
    gdal::initialise();
    const std::string gpkg = std::string(WARMTE_TESTDATA_DIR) + "/town/town.gpkg";
    {
        gdal::Dataset ds(GDALOpenEx(gpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
        REQUIRE(ds);
        CHECK(GDALDatasetGetLayerCount(ds.get()) == 7);
        gdal::Feature f{OGR_L_GetNextFeature(GDALDatasetGetLayerByName(ds.get(), "buurten"))};
        CHECK(f);
    }
    gdal::ErrorCapture errors;
    gdal::Dataset missing(GDALOpenEx("/nowhere/x.gpkg", GDAL_OF_VECTOR, nullptr, nullptr, nullptr));
    CHECK_FALSE(missing);
    CPLError(CE_Failure, CPLE_AppDefined, "a message for the test");
    CHECK(errors.message().find("a message for the test") != std::string::npos);
}
