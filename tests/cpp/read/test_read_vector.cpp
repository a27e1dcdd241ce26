#include "fixtures.hpp"
#include "test_paths.hpp"

#include "warmte/error.hpp"
#include "read/gdal_handles.hpp"
#include "warmte/input_roles.hpp"
#include "warmte/io.hpp"
#include "warmte/pipeline.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

using namespace warmte;
namespace fs = std::filesystem;

namespace {

const std::string town = std::string(WARMTE_TESTDATA_DIR) + "/town/town.gpkg";

fs::path scratch_dir() {
    fs::path dir = fs::temp_directory_path() / ("warmte_test_io_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    return dir;
}

}  // namespace

TEST_CASE("reading the test town through the Arrow stream", "[io]") {
    VectorLayer b = io::read_polygons(town + ":buurten", "neighbourhoods", input_role(Role::neighbourhoods).fields(Config{}));
    CHECK(b.size() == 12);
    CHECK(b.text.at("buurtcode").values.front() == "BU09990000");
    CHECK(b.text.count("buurtnaam") == 1);
    CHECK(b.crs.find("Amersfoort") != std::string::npos);
    CHECK(b.source.find("layer 'buurten'") != std::string::npos);
}

TEST_CASE("bad input names the file, layer or field and what to do", "[io]") {
    FieldRequest request = input_role(Role::neighbourhoods).fields(Config{});
    CHECK_THROWS_WITH(io::read_polygons("/nowhere/buurten.gpkg", "neighbourhoods", request),
                      Catch::Contains("/nowhere/buurten.gpkg") && Catch::Contains("file not found"));
    CHECK_THROWS_WITH(io::read_polygons(town + ":wijken", "neighbourhoods", request),
                      Catch::Contains("no layer 'wijken'") && Catch::Contains("buurten, panden"));
    CHECK_THROWS_WITH(io::read_polygons(town, "neighbourhoods", request), Catch::Contains("town.gpkg:LAYER"));
    CHECK_THROWS_WITH(io::read_polygons(town + ":waterdelen", "neighbourhoods", request),
                      Catch::Contains("no field 'buurtcode'") && Catch::Contains("fields.neighbourhoods.id") &&
                          Catch::Contains("typewater"));
    fs::path junk = scratch_dir() / "junk.gpkg";
    std::ofstream(junk) << "this is not a GeoPackage";
    CHECK_THROWS_WITH(io::read_polygons(junk.string(), "buildings", {}),
                      Catch::Contains("junk.gpkg") && Catch::Contains("cannot be opened"));
}
