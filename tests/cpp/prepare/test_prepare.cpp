#include "fixtures.hpp"

#include "warmte/crs.hpp"
#include "warmte/prepare.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <span>

using namespace warmte;

namespace {

// A layer in EPSG:4326 from RD coordinates (so the expected areas are known in metres).
VectorLayer in_wgs84(VectorLayer layer) {
    reproject(layer, "EPSG:4326", "");
    return layer;
}

}  // namespace

TEST_CASE("water lines in EPSG:4326 are reprojected before they are buffered", "[prepare]") {
    // Regression: the lines were buffered into the water layer while it was still in its own CRS,
    // which then was reprojected again (an error about coordinates outside the CRS's area).
    InputLayers layers;
    layers[Role::neighbourhoods] = test::layer({"POLYGON((150000 450000, 151000 450000, 151000 451000, 150000 451000, 150000 450000))"});
    layers[Role::buildings] = test::layer({"POLYGON((150100 450100, 150110 450100, 150110 450110, 150100 450110, 150100 450100))"});
    VectorLayer water = test::layer({"POLYGON((150500 450500, 150600 450500, 150600 450600, 150500 450600, 150500 450500))"});
    water.dropped_not_polygonal = {7};
    layers[Role::water] = in_wgs84(water);
    VectorLayer lines;
    lines.source = "test lines";
    lines.crs = "EPSG:28992";
    const double line[] = {150200, 450800, 150500, 450800};  // 300 m long
    lines.geometry.add_line(line);
    lines.feature_ids = {7};
    lines.numbers["width_m"].values = {4.0};
    layers.water_lines = in_wgs84(lines);

    DataQuality q;
    std::vector<std::string> sources;
    reproject_inputs(layers, Config{}, q, sources);
    const VectorLayer& w = *layers[Role::water];
    REQUIRE(w.size() == 2);
    CHECK(w.geometry.area(0) == Approx(100 * 100).epsilon(1e-6));
    CHECK(w.geometry.area(1) == Approx(300 * 4).epsilon(1e-6));  // flat ends: length x width, in metres
    CHECK(w.dropped_not_polygonal.empty());
    CHECK_FALSE(layers.water_lines);
    CHECK(sources.size() == 3);
    CHECK(sources[2].rfind("water: ", 0) == 0);
}

TEST_CASE("a required polygon role without polygons is an error naming the role", "[prepare]") {
    InputLayers layers;
    layers[Role::neighbourhoods] = test::layer({"POLYGON((0 0, 1 0, 1 1, 0 1, 0 0))"});
    VectorLayer empty;
    empty.source = "panden.gpkg, layer 'pand'";
    empty.crs = "EPSG:28992";
    empty.dropped_not_polygonal = {1, 2};
    layers[Role::buildings] = empty;
    DataQuality q;
    std::vector<std::string> sources;
    CHECK_THROWS_WITH(reproject_inputs(layers, Config{}, q, sources),
                      Catch::Contains("panden.gpkg") && Catch::Contains("buildings layer"));
    CHECK(q.count_of("buildings", "dropped_not_polygonal") == 2);
}

TEST_CASE("buildings not in use are filtered and counted; ids are checked", "[prepare]") {
    VectorLayer b = test::layer({"POLYGON((0 0, 1 0, 1 1, 0 1, 0 0))", "POLYGON((2 0, 3 0, 3 1, 2 1, 2 0))"}, "identificatie");
    b.text["status"] = TextColumn{{"Pand in gebruik", "Pand gesloopt"}, {1, 1}};
    DataQuality q;
    keep_buildings_in_use(b, Config{}, q);
    CHECK(b.size() == 1);
    CHECK(q.count_of("buildings", "filtered_not_in_use") == 1);

    InputLayers layers;
    VectorLayer n = test::layer({"POLYGON((0 0, 1 0, 1 1, 0 1, 0 0))", "POLYGON((2 0, 3 0, 3 1, 2 1, 2 0))"});
    n.text["buurtcode"].values[1] = "A";  // a duplicate id
    layers[Role::neighbourhoods] = n;
    layers[Role::buildings] = b;
    repair_inputs(layers, Config{}, q, 1, {});
    CHECK(q.count_of("neighbourhoods", "duplicate_id") == 1);
}

TEST_CASE("the analysis CRS must be projected and in metres", "[prepare]") {
    Config c;
    c.analysis_crs = "EPSG:4326";
    CHECK_THROWS_WITH(check_analysis_crs(c), Catch::Contains("not a projected CRS"));
    c.analysis_crs = "EPSG:3035";
    CHECK_NOTHROW(check_analysis_crs(c));
}

TEST_CASE("rings are oriented shells counter-clockwise, holes clockwise, each keeping its first vertex", "[prepare]") {
    // A clockwise shell (as a Shapefile stores it) with a counter-clockwise hole.
    GeometryArray g = test::polygons({"POLYGON((0 0, 0 10, 10 10, 10 0, 0 0), (2 2, 4 2, 4 4, 2 4, 2 2))"});
    GeometryArray same = test::polygons({"POLYGON((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 2 4, 4 4, 4 2, 2 2))"});
    orient_rings(g);
    orient_rings(same);  // already oriented: unchanged
    const std::vector<double> expected = {0, 0, 10, 0, 10, 10, 0, 10, 0, 0, 2, 2, 2, 4, 4, 4, 4, 2, 2, 2};
    CHECK(std::vector<double>(g.coordinates().begin(), g.coordinates().end()) == expected);
    CHECK(std::vector<double>(same.coordinates().begin(), same.coordinates().end()) == expected);
    CHECK(g.area(0) == 96.0);
}

TEST_CASE("the canonical order of part of a layer is the whole layer's order of those features", "[prepare][batch]") {
    // The Morton grid has a fixed origin: leaving out the features far west and south (a partition
    // reads only its window) does not change how the others are ordered among themselves.
    std::vector<std::string> wkt;
    for (int i = 0; i < 40; ++i) {
        const double x = 150000 + (i * 7919) % 997, y = 450000 + (i * 104729) % 991;
        wkt.push_back("POLYGON((" + std::to_string(x) + " " + std::to_string(y) + ", " + std::to_string(x + 5) + " " +
                      std::to_string(y) + ", " + std::to_string(x + 5) + " " + std::to_string(y + 5) + ", " +
                      std::to_string(x) + " " + std::to_string(y) + "))");
    }
    const GeometryArray whole = test::polygons(wkt);
    const std::vector<std::uint32_t> order = canonical_order(whole);
    std::vector<std::uint32_t> kept;  // features east of x 150400, in input order
    GeometryArray part;
    for (std::uint32_t i = 0; i < whole.size(); ++i)
        if (whole.bounds(i).min_x > 150400) {
            kept.push_back(i);
            part.append_from(whole, i);
        }
    REQUIRE(kept.size() > 10);
    REQUIRE(kept.size() < whole.size());
    std::vector<std::uint32_t> expected;  // the whole order restricted to the part
    for (std::uint32_t i : order)
        if (std::find(kept.begin(), kept.end(), i) != kept.end()) expected.push_back(i);
    std::vector<std::uint32_t> got;
    for (std::uint32_t k : canonical_order(part)) got.push_back(kept[k]);
    CHECK(got == expected);
}

TEST_CASE("the canonical order and the reordered layer are the same on one thread and on two", "[prepare]") {
    // Above the size where the sort runs in two halves, with ties in the Morton code (features
    // within a metre of each other) that only the full comparison orders.
    GeometryArray g;
    std::mt19937 rng(31);
    std::uniform_real_distribution<double> at(0, 20000);
    for (int i = 0; i < 100000; ++i) {
        const double x = 150000 + (i % 5 == 0 ? 0.25 * (i % 3) : at(rng)), y = 450000 + (i % 5 == 0 ? 0.0 : at(rng));
        const double ring[] = {x, y, x + 5, y, x + 5, y + 4, x, y};
        g.begin_feature(GeometryKind::polygon);
        g.begin_polygon();
        g.add_ring(std::span<const double>(ring, 8));
    }
    const std::vector<std::uint32_t> one = canonical_order(g, 1), two = canonical_order(g, 2);
    CHECK(one == two);
    VectorLayer layer;
    layer.geometry = g;
    for (int i = 0; i < 100000; ++i) layer.feature_ids.push_back(i);
    layer.numbers["n"].values.assign(100000, 0.0);
    for (int i = 0; i < 100000; ++i) layer.numbers["n"].values[i] = i;
    // Longer than the short-string buffer, so moving them matters; every fifth one null.
    for (int i = 0; i < 100000; ++i) {
        layer.text["id"].values.push_back("NL.IMBAG.Pand." + std::to_string(1000000000 + i));
        layer.text["id"].present.push_back(i % 5 != 0);
    }
    const VectorLayer a = VectorLayer(layer).reordered(one, 1), b = VectorLayer(layer).reordered(one, 2);
    CHECK(a.feature_ids == b.feature_ids);
    CHECK(a.text.at("id").values == b.text.at("id").values);
    CHECK(a.text.at("id").present == b.text.at("id").present);
    std::vector<std::string> expected;
    for (std::uint32_t i : one) expected.push_back(layer.text.at("id").values[i]);
    CHECK(a.text.at("id").values == expected);
    CHECK(a.numbers.at("n").values == b.numbers.at("n").values);
    CHECK(std::vector<double>(a.geometry.coordinates().begin(), a.geometry.coordinates().end()) ==
          std::vector<double>(b.geometry.coordinates().begin(), b.geometry.coordinates().end()));
}
