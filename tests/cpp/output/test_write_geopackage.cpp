#include "fixtures.hpp"

#include "warmte/error.hpp"
#include "warmte/io.hpp"
#include "read/gdal_handles.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <tuple>
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
    // The merge of warmte batch: a missing layer is nothing, an unreadable file still an error.
    CHECK_FALSE(io::read_table_if_present(out.string(), "nope").has_value());
    CHECK(io::read_table_if_present(out.string(), "costs")->rows() == 1);
    const fs::path broken = scratch_dir() / "broken.gpkg";
    { std::ofstream(broken) << "not a GeoPackage"; }
    CHECK_THROWS_AS(io::read_table_if_present(broken.string(), "sources"), InputError);
    CHECK_THROWS_AS(io::read_table_if_present((scratch_dir() / "absent.gpkg").string(), "sources"), InputError);
    const Table picked = t.select({1});
    CHECK(picked.rows() == 1);
    CHECK(picked.columns[2].numbers == std::vector<double>{1.0 / 3.0});
    CHECK(picked.columns[0].present == std::vector<std::uint8_t>{0});
}

TEST_CASE("the packed spatial index: SQLite finds it sound and a spatial filter finds what a scan finds",
          "[write_geopackage]") {
    // 3,000 small squares on a jittered lattice and one large one: three levels of nodes.
    std::vector<std::string> wkt;
    for (int k = 0; k < 3000; ++k) {
        const double x = 1000.0 * (k % 60) + 37.0 * (k % 7), y = 1000.0 * (k / 60) + 11.0 * (k % 13);
        wkt.push_back("POLYGON((" + std::to_string(x) + " " + std::to_string(y) + ", " + std::to_string(x + 50.3) + " " +
                      std::to_string(y) + ", " + std::to_string(x + 50.3) + " " + std::to_string(y + 20.7) + ", " +
                      std::to_string(x) + " " + std::to_string(y) + "))");
    }
    wkt.push_back("POLYGON((0 0, 60000 0, 60000 50000, 0 0))");
    Table t;
    t.name = "squares";
    t.geometry = test::polygons(wkt);
    std::vector<double> n(wkt.size());
    for (std::size_t k = 0; k < n.size(); ++k) n[k] = static_cast<double>(k);
    t.columns.push_back(Column{"n", ColumnType::integer, {}, n, {}, ""});
    fs::path out = scratch_dir() / "indexed.gpkg";
    io::write_geopackage(out.string(), {&t}, "EPSG:28992", {});

    gdal::initialise();
    gdal::Dataset ds(GDALOpenEx(out.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr));
    REQUIRE(ds);
    auto scalar = [&](const std::string& sql) {
        OGRLayerH r = GDALDatasetExecuteSQL(ds.get(), sql.c_str(), nullptr, nullptr);
        REQUIRE(r);
        OGRFeatureH f = OGR_L_GetNextFeature(r);
        std::string value = f ? OGR_F_GetFieldAsString(f, 0) : "";
        if (f) OGR_F_Destroy(f);
        GDALDatasetReleaseResultSet(ds.get(), r);
        return value;
    };
    CHECK(scalar("SELECT rtreecheck('rtree_squares_geom')") == "ok");
    CHECK(scalar("SELECT HasSpatialIndex('squares', 'geom')") == "1");
    CHECK(scalar("SELECT count(*) FROM rtree_squares_geom") == "3001");
    CHECK(std::stoi(scalar("SELECT count(*) FROM rtree_squares_geom_node")) > 60);  // 3,001 / 51 leaves and more
    // Each window: the ids the index gives equal the ids whose box meets it, by a scan of the table.
    for (const auto& [x0, y0, x1, y1] : {std::tuple{0.0, 0.0, 5000.0, 5000.0}, {12345.0, 20000.0, 12400.0, 20030.0},
                                        {59000.0, 49000.0, 70000.0, 60000.0}, {-10.0, -10.0, -1.0, -1.0}}) {
        const std::string box = std::to_string(x0) + " AND minx <= " + std::to_string(x1) + " AND maxy >= " +
                                std::to_string(y0) + " AND miny <= " + std::to_string(y1);
        const std::string by_index = scalar("SELECT group_concat(id) FROM (SELECT id FROM rtree_squares_geom WHERE maxx >= " +
                                            box + " ORDER BY id)");
        const std::string by_scan = scalar(
            "SELECT group_concat(fid) FROM (SELECT fid FROM squares WHERE ST_MaxX(geom) >= " + std::to_string(x0) +
            " AND ST_MinX(geom) <= " + std::to_string(x1) + " AND ST_MaxY(geom) >= " + std::to_string(y0) +
            " AND ST_MinY(geom) <= " + std::to_string(y1) + " ORDER BY fid)");
        CHECK(by_index == by_scan);
    }
    // The triggers keep it up to date as GDAL's own would: a feature added later is found.
    OGRLayerH layer = GDALDatasetGetLayerByName(ds.get(), "squares");
    REQUIRE(layer);
    ds.reset();
    gdal::Dataset update(GDALOpenEx(out.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr, nullptr, nullptr));
    OGRLayerH squares = GDALDatasetGetLayerByName(update.get(), "squares");
    gdal::Feature f(OGR_F_Create(OGR_L_GetLayerDefn(squares)));
    OGRGeometryH g = nullptr;
    char text[] = "MULTIPOLYGON(((-500 -500,-400 -500,-400 -400,-500 -500)))";
    char* cursor = text;
    OGR_G_CreateFromWkt(&cursor, nullptr, &g);
    OGR_F_SetGeometryDirectly(f.get(), g);
    REQUIRE(OGR_L_CreateFeature(squares, f.get()) == OGRERR_NONE);
    update.reset();
    ds.reset(GDALOpenEx(out.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr));
    CHECK(scalar("SELECT count(*) FROM rtree_squares_geom WHERE maxx >= -600 AND minx <= -300") == "1");
    CHECK(scalar("SELECT rtreecheck('rtree_squares_geom')") == "ok");
    ds.reset();
    fs::remove_all(out.parent_path());
}
