#include "fixtures.hpp"

#include "warmte/error.hpp"
#include "warmte/io.hpp"
#include "output/gpkg_rows.hpp"
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

namespace {

std::string hex(const std::vector<std::uint8_t>& bytes) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (std::uint8_t b : bytes) out += digits[b >> 4], out += digits[b & 15];
    return out;
}

}  // namespace

TEST_CASE("the rows' geometry blobs are the bytes GDAL 3.6 writes", "[write_geopackage]") {
    // The expected bytes were written by GDAL 3.6.2's GeoPackage driver (OGR_L_CreateFeature) in
    // layers of EPSG:28992 (srs id 28992 = 0x7140): a point without an envelope, a polygon as a
    // MultiPolygon of one with its envelope, an empty polygon flagged empty without one.
    GeometryArray g = test::polygons({"POLYGON((0 0, 1 0, 1 1, 0 0))"});
    g.add_point(1, 2);
    g.begin_feature(GeometryKind::polygon);  // no rings: empty
    CHECK(hex(io::gpkg_geometry_blob(g, 1, 28992)) == "47500001407100000101000000000000000000f03f0000000000000040");
    CHECK(hex(io::gpkg_geometry_blob(g, 0, 28992)) ==
          "47500003407100000000000000000000000000000000f03f0000000000000000000000000000f03f"
          "0106000000010000000103000000010000000400000000000000000000000000000000000000000000000000f03f00000000000000"
          "00000000000000f03f000000000000f03f00000000000000000000000000000000");
    CHECK(hex(io::gpkg_geometry_blob(g, 2, 28992)) == "4750001140710000010600000000000000");
}

TEST_CASE("rows inserted many to a statement: every row in order, the count and extent GDAL reads, its trigger kept",
          "[write_geopackage]") {
    // 130 rows: two full statements of 64 and a tail of 2; row 100 empty (left out of the extent).
    std::vector<std::string> wkt;
    for (int k = 0; k < 130; ++k) {
        const double x = 10.0 * k, y = 5.0 * (k % 7);
        wkt.push_back("POLYGON((" + std::to_string(x) + " " + std::to_string(y) + ", " + std::to_string(x + 2) + " " +
                      std::to_string(y) + ", " + std::to_string(x + 2) + " " + std::to_string(y + 3) + ", " +
                      std::to_string(x) + " " + std::to_string(y) + "))");
    }
    wkt[100] = "POLYGON((5000 5000, 5002 5000, 5002 5003, 5000 5000))";
    GeometryArray g = test::polygons(wkt);
    GeometryArray with_empty;
    for (std::size_t k = 0; k < g.size(); ++k) {
        if (k == 100) with_empty.begin_feature(GeometryKind::polygon);
        else with_empty.append_from(g, k);
    }
    Table t;
    t.name = "pieces";
    t.geometry = with_empty;
    std::vector<double> n(130);
    std::vector<std::string> label(130);
    for (std::size_t k = 0; k < 130; ++k) n[k] = static_cast<double>(k) * 1.5, label[k] = std::to_string(k) + "p";
    t.columns.push_back(real_column("v", n, ""));
    t.columns.push_back(text_column("label", label, ""));
    const fs::path out = scratch_dir() / "rows.gpkg";
    io::write_geopackage(out.string(), {&t}, "EPSG:28992", {});

    gdal::initialise();
    {
        gdal::Dataset ds(GDALOpenEx(out.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr));
        REQUIRE(ds);
        OGRLayerH layer = GDALDatasetGetLayerByName(ds.get(), "pieces");
        CHECK(OGR_L_GetFeatureCount(layer, FALSE) == 130);  // from gpkg_ogr_contents
        OGREnvelope e;
        REQUIRE(OGR_L_GetExtent(layer, &e, FALSE) == OGRERR_NONE);  // from gpkg_contents
        CHECK(e.MinX == 0.0);
        CHECK(e.MaxX == 1292.0);  // row 129: x 1290 + 2; the empty row 100 adds nothing
        CHECK(e.MinY == 0.0);
        CHECK(e.MaxY == 33.0);  // y 5 x 6 + 3
        OGR_L_ResetReading(layer);
        for (std::size_t k = 0; k < 130; ++k) {
            gdal::Feature row(OGR_L_GetNextFeature(layer));
            REQUIRE(row);
            CHECK(OGR_F_GetFID(row.get()) == static_cast<GIntBig>(k) + 1);
            CHECK(OGR_F_GetFieldAsDouble(row.get(), 0) == n[k]);
            CHECK(std::string(OGR_F_GetFieldAsString(row.get(), 1)) == label[k]);
            CHECK(static_cast<bool>(OGR_G_IsEmpty(OGR_F_GetGeometryRef(row.get()))) == (k == 100));
        }
    }
    // GDAL's feature-count trigger was set aside for the insert and made again: a row GDAL adds counts.
    gdal::Dataset update(GDALOpenEx(out.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr, nullptr, nullptr));
    OGRLayerH pieces = GDALDatasetGetLayerByName(update.get(), "pieces");
    gdal::Feature f(OGR_F_Create(OGR_L_GetLayerDefn(pieces)));
    REQUIRE(OGR_L_CreateFeature(pieces, f.get()) == OGRERR_NONE);
    update.reset();
    gdal::Dataset again(GDALOpenEx(out.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr));
    CHECK(OGR_L_GetFeatureCount(GDALDatasetGetLayerByName(again.get(), "pieces"), FALSE) == 131);
}

TEST_CASE("rows written in stretches whose geometry is encoded ahead: each row's geometry with its own fields",
          "[write_geopackage]") {
    // 40,000 points (three stretches of 16,384 rows); point k at (k, 2k) with field k.
    Table t;
    t.name = "points";
    std::vector<double> n(40000);
    for (std::size_t k = 0; k < n.size(); ++k) {
        t.geometry.add_point(static_cast<double>(k), 2.0 * static_cast<double>(k));
        n[k] = static_cast<double>(k);
    }
    t.columns.push_back(Column{"k", ColumnType::integer, {}, n, {}, ""});
    const fs::path out = scratch_dir() / "stretches.gpkg";
    io::write_geopackage(out.string(), {&t}, "EPSG:28992", {});
    gdal::initialise();
    gdal::Dataset ds(GDALOpenEx(out.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr));
    REQUIRE(ds);
    OGRLayerH layer = GDALDatasetGetLayerByName(ds.get(), "points");
    CHECK(OGR_L_GetFeatureCount(layer, TRUE) == 40000);
    for (GIntBig fid : {1, 16384, 16385, 32768, 32769, 40000}) {
        gdal::Feature f(OGR_L_GetFeature(layer, fid));
        REQUIRE(f);
        const double k = static_cast<double>(fid - 1);
        CHECK(OGR_F_GetFieldAsInteger64(f.get(), 0) == fid - 1);
        OGRGeometryH g = OGR_F_GetGeometryRef(f.get());
        CHECK(OGR_G_GetX(g, 0) == k);
        CHECK(OGR_G_GetY(g, 0) == 2 * k);
    }
}
