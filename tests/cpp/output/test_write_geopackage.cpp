#include "fixtures.hpp"

#include "warmte/error.hpp"
#include "warmte/io.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <unistd.h>

using namespace warmte;
namespace fs = std::filesystem;

namespace {

fs::path scratch_dir() {
    fs::path dir = fs::temp_directory_path() / ("warmte_test_write_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    return dir;
}

}  // namespace

TEST_CASE("a failed write leaves no file behind and keeps the old output", "[write_geopackage]") {
    fs::path out = scratch_dir() / "result.gpkg";
    fs::remove(out);
    Table good;
    good.name = "neighbourhoods";
    good.geometry = test::polygons({"POLYGON((0 0, 1 0, 1 1, 0 0))"});
    good.columns.push_back(Column{"n", ColumnType::integer, {}, {7.0}, {}, ""});
    io::write_geopackage(out.string(), {&good}, "EPSG:28992", {});
    REQUIRE(fs::exists(out));
    auto size_before = fs::file_size(out);

    Table bad = good;  // the same field twice: the GeoPackage driver refuses it mid-way
    bad.columns.push_back(bad.columns.front());
    CHECK_THROWS_AS(io::write_geopackage(out.string(), {&bad}, "EPSG:28992", {}), OutputError);
    CHECK(fs::file_size(out) == size_before);
    for (const auto& entry : fs::directory_iterator(out.parent_path()))
        CHECK(entry.path().filename().string().find(".tmp-") == std::string::npos);

    CHECK_THROWS_WITH(io::write_geopackage("/nowhere/at/all/x.gpkg", {&good}, "EPSG:28992", {}),
                      Catch::Contains("does not exist"));
    fs::remove_all(out.parent_path());
}

TEST_CASE("an output that is a folder, or in a missing folder, is an OutputError", "[write_geopackage]") {
    Table t;
    t.name = "neighbourhoods";
    t.geometry = test::polygons({"POLYGON((0 0, 1 0, 1 1, 0 0))"});
    t.columns.push_back(Column{"n", ColumnType::integer, {}, {1.0}, {}, ""});
    fs::path dir = scratch_dir();
    CHECK_THROWS_AS(io::write_geopackage(dir.string(), {&t}, "EPSG:28992", {}), OutputError);
    CHECK_THROWS_AS(io::write_geopackage((dir / "no" / "x.gpkg").string(), {&t}, "EPSG:28992", {}), OutputError);
    fs::remove_all(dir);
}
