#include "fixtures.hpp"

#include "warmte/error.hpp"
#include "warmte/io.hpp"

#include <catch2/catch.hpp>

#include <cmath>
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

TEST_CASE("read_table gives back what write_geopackage wrote: names, types, nulls, aliases, bits", "[write_geopackage][batch]") {
    fs::path out = scratch_dir() / "round_trip.gpkg";
    Table t;
    t.name = "neighbourhoods";
    t.geometry = test::polygons({"POLYGON((0 0, 1 0, 1 1, 0 0))", "POLYGON((10 0, 11 0, 11 1.1, 10 0))"});
    t.columns.push_back(text_column("code", {"BU1", "BU2"}, "buurt id"));
    t.columns.back().present[1] = 0;
    t.columns.push_back(Column{"n", ColumnType::integer, {}, {7.0, std::nan("")}, {}, "count"});
    t.columns.push_back(real_column("gj", {0.1 + 0.2, 1.0 / 3.0}, "demand, GJ/yr"));
    Table other;
    other.name = "costs";
    other.has_geometry = false;
    other.columns.push_back(real_column("eur", {1.5}, ""));
    io::write_geopackage(out.string(), {&t, &other}, "EPSG:28992", {});
    const Table back = io::read_table(out.string(), "neighbourhoods");
    REQUIRE(back.rows() == 2);
    REQUIRE(back.columns.size() == 3);
    CHECK(back.columns[0].name == "code");
    // (Field aliases come back only where GDAL stores them: GeoPackage from GDAL 3.7 on.)
    CHECK(back.columns[0].present == std::vector<std::uint8_t>{1, 0});
    CHECK(back.columns[1].type == ColumnType::integer);
    CHECK(back.columns[1].numbers[0] == 7.0);
    CHECK(std::isnan(back.columns[1].numbers[1]));
    CHECK(back.columns[2].numbers == std::vector<double>{0.1 + 0.2, 1.0 / 3.0});  // the same bits
    CHECK(back.geometry.bounds(1).max_y == 1.1);
    const Table attributes = io::read_table(out.string(), "costs");
    CHECK_FALSE(attributes.has_geometry);
    CHECK(attributes.columns[0].numbers == std::vector<double>{1.5});
    CHECK_THROWS_AS(io::read_table(out.string(), "nope"), InputError);
    const Table picked = t.select({1});
    CHECK(picked.rows() == 1);
    CHECK(picked.columns[2].numbers == std::vector<double>{1.0 / 3.0});
    CHECK(picked.columns[0].present == std::vector<std::uint8_t>{0});
}
