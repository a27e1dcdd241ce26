#include "fixtures.hpp"

#include "warmte/error.hpp"
#include "warmte/geometry_array.hpp"
#include "warmte/table.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>

using namespace warmte;

TEST_CASE("shoelace area subtracts holes and sums parts", "[polygons]") {
    GeometryArray p = test::polygons({
        "POLYGON((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 4 2, 4 4, 2 4, 2 2))",  // 100 - 4
        "MULTIPOLYGON(((0 0, 1 0, 1 1, 0 1, 0 0)), ((5 5, 8 5, 8 7, 5 7, 5 5)))",  // 1 + 6
        "POLYGON((155000 463000, 155000 463010, 155010 463010, 155010 463000, 155000 463000))",  // clockwise, RD
    });
    REQUIRE(p.size() == 3);
    CHECK(p.area(0) == Approx(96.0));
    CHECK(p.area(1) == Approx(7.0));
    CHECK(p.area(2) == Approx(100.0));
    Box b = p.bounds(1);
    CHECK(b.min_x == 0.0);
    CHECK(b.max_x == 8.0);
    CHECK(b.max_y == 7.0);
}

TEST_CASE("WKB round trip keeps rings, holes and parts", "[polygons]") {
    GeometryArray p = test::polygons({"MULTIPOLYGON(((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 4 2, 4 4, 2 4, 2 2)),"
                                     "((20 0, 21 0, 21 1, 20 0)))"});
    std::vector<std::uint8_t> wkb = encode_wkb(p, 0);
    GeometryArray back;
    REQUIRE(decode_wkb(wkb, back, "test") == WkbContent::polygonal);
    CHECK(back.polygon_count(0) == 2);
    CHECK(back.area(0) == Approx(96.5));
    CHECK(back.vertex_count(0) == p.vertex_count(0));
}

TEST_CASE("WKB decoding: big-endian, Z dropped, points rejected, empties flagged, truncation named", "[polygons]") {
    // Big-endian ISO Polygon Z (type 1003) with one triangle (0 0 5, 4 0 5, 0 3 5, 0 0 5): area 6.
    std::vector<std::uint8_t> wkb = {0, 0, 0, 0x03, 0xEB, 0, 0, 0, 1, 0, 0, 0, 4};
    auto put = [&](double d) {
        auto v = std::bit_cast<std::uint64_t>(d);
        for (int k = 7; k >= 0; --k) wkb.push_back(static_cast<std::uint8_t>(v >> (8 * k)));
    };
    for (auto [x, y] : std::vector<std::pair<double, double>>{{0, 0}, {4, 0}, {0, 3}, {0, 0}}) {
        put(x);
        put(y);
        put(5.0);
    }
    GeometryArray out;
    REQUIRE(decode_wkb(wkb, out, "test") == WkbContent::polygonal);
    CHECK(out.area(0) == Approx(6.0));

    std::vector<std::uint8_t> point = {1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    CHECK(decode_wkb(point, out, "test") == WkbContent::not_polygonal);
    std::vector<std::uint8_t> empty_polygon = {1, 3, 0, 0, 0, 0, 0, 0, 0};
    CHECK(decode_wkb(empty_polygon, out, "test") == WkbContent::empty);
    CHECK(out.size() == 1);

    std::vector<std::uint8_t> truncated(wkb.begin(), wkb.begin() + 20);
    CHECK_THROWS_WITH(decode_wkb(truncated, out, "panden.gpkg, feature 7"),
                      Catch::Contains("panden.gpkg, feature 7") && Catch::Contains("malformed WKB"));
}

// Found by fuzz_wkb: a point count of ~4e8 in a 56-byte blob sized a 3.2 GB allocation before
// the truncation was noticed. Counts are now checked against the bytes left.
TEST_CASE("WKB counts larger than the blob are malformed, not an allocation (fuzz_wkb oom)", "[polygons][fuzz]") {
    // Big-endian Polygon (type 3), 0x2e9d0bea rings ... the fuzzer's input, first 16 bytes.
    const std::vector<std::uint8_t> huge_rings = {0, 0, 0, 0, 3, 0, 0, 0x2e, 0x9d, 0x0b, 0xea, 0x41, 0x1b, 0x7f, 0xd6, 0x0a};
    GeometryArray out;
    CHECK_THROWS_WITH(decode_wkb(huge_rings, out, "feature 1"), Catch::Contains("exceeds"));
    // One ring claiming 0x7fffffff points (little-endian), and a line claiming as many.
    const std::vector<std::uint8_t> huge_points = {1, 3, 0, 0, 0, 1, 0, 0, 0, 0xff, 0xff, 0xff, 0x7f, 0, 0, 0, 0};
    CHECK_THROWS_WITH(decode_wkb(huge_points, out, "feature 2"), Catch::Contains("exceeds"));
    const std::vector<std::uint8_t> huge_line = {1, 2, 0, 0, 0, 0xff, 0xff, 0xff, 0x7f};
    CHECK_THROWS_WITH(decode_wkb(huge_line, out, "feature 3", GeometryKind::line), Catch::Contains("exceeds"));
    // A MultiPolygon of 0xffffffff members in 9 bytes.
    const std::vector<std::uint8_t> huge_multi = {1, 6, 0, 0, 0, 0xff, 0xff, 0xff, 0xff};
    CHECK_THROWS_WITH(decode_wkb(huge_multi, out, "feature 4"), Catch::Contains("exceeds"));
    CHECK(out.size() == 0);
}

TEST_CASE("WKB collections nested deeper than any real data are malformed, not a stack overflow", "[polygons][fuzz]") {
    std::vector<std::uint8_t> nested;
    for (int level = 0; level < 10000; ++level) nested.insert(nested.end(), {1, 7, 0, 0, 0, 1, 0, 0, 0});
    nested.insert(nested.end(), {1, 3, 0, 0, 0, 0, 0, 0, 0});
    GeometryArray out;
    CHECK_THROWS_WITH(decode_wkb(nested, out, "feature 5"), Catch::Contains("nested"));
    // Two levels (a collection of a multipolygon), as GDAL writes them, still read.
    const std::vector<std::uint8_t> two = {1, 7, 0, 0, 0, 1, 0, 0, 0, 1, 6, 0, 0, 0, 1, 0, 0, 0, 1, 3, 0, 0, 0, 0, 0, 0, 0};
    CHECK(decode_wkb(two, out, "feature 6") == WkbContent::empty);
}

TEST_CASE("lines are kept as there-and-back rings, points as one-vertex rings", "[polygons]") {
    std::vector<std::uint8_t> wkb = {1, 2, 0, 0, 0, 3, 0, 0, 0};
    auto put = [&](double d) {
        auto v = std::bit_cast<std::uint64_t>(d);
        for (int k = 0; k < 8; ++k) wkb.push_back(static_cast<std::uint8_t>(v >> (8 * k)));
    };
    for (double d : {0.0, 0.0, 10.0, 0.0, 10.0, 10.0}) put(d);
    GeometryArray lines;
    REQUIRE(decode_wkb(wkb, lines, "test", GeometryKind::line) == WkbContent::polygonal);
    auto xy = lines.coordinates();
    CHECK(std::vector<double>(xy.begin(), xy.end()) == std::vector<double>{0, 0, 10, 0, 10, 10, 10, 0, 0, 0});
    CHECK(lines.area(0) == 0.0);
    CHECK(decode_wkb(wkb, lines, "test", GeometryKind::polygon) == WkbContent::not_polygonal);

    std::vector<std::uint8_t> point = {1, 1, 0, 0, 0};
    for (double d : {5.0, 7.0}) {
        auto v = std::bit_cast<std::uint64_t>(d);
        for (int k = 0; k < 8; ++k) point.push_back(static_cast<std::uint8_t>(v >> (8 * k)));
    }
    GeometryArray points;
    REQUIRE(decode_wkb(point, points, "test", GeometryKind::point) == WkbContent::polygonal);
    CHECK(points.bounds(0).min_x == 5.0);
    CHECK(points.bounds(0).max_y == 7.0);
}

TEST_CASE("centroids, and a table turned into points at them", "[polygons]") {
    // An L of three unit squares: (0.5,0.5), (1.5,0.5), (0.5,1.5) each weigh 1 -> (5/6, 5/6).
    GeometryArray l = test::polygons({"POLYGON((0 0, 2 0, 2 1, 1 1, 1 2, 0 2, 0 0))", "POLYGON((10 10, 14 10, 14 12, 10 12, 10 10))"});
    auto [x, y] = centroid(l, 0);
    CHECK(x == Approx(5.0 / 6));
    CHECK(y == Approx(5.0 / 6));
    Table table;
    table.name = "sources";
    table.geometry = l;
    table.columns = {real_column("potential", {1.0, 2.0}, "")};
    Table points = as_points(table);
    REQUIRE(points.rows() == 2);
    CHECK(points.kind(1) == GeometryKind::point);
    CHECK(points.columns.at(0).numbers == std::vector<double>{1.0, 2.0});
    auto [px, py] = centroid(points.geometry, 1);  // a point's centroid is the point itself
    CHECK(px == Approx(12));
    CHECK(py == Approx(11));
}

TEST_CASE("replacing features in place equals rebuilding the array, growing or shrinking", "[geometry]") {
    std::mt19937 rng(23);
    int in_place = 0;  // rounds whose replacements only grew the arrays (the others are rebuilt)
    auto ring = [&](double x, double y, int corners) {
        std::string s = "(";
        for (int k = 0; k <= corners; ++k) {
            const double a = 2 * M_PI * (k % corners) / corners;
            s += (k ? "," : "") + std::to_string(x + 10 * std::cos(a)) + " " + std::to_string(y + 10 * std::sin(a));
        }
        return s + ")";
    };
    for (int round = 0; round < 40; ++round) {
        std::vector<std::string> wkt, other;
        for (int i = 0; i < 60; ++i) {
            const int corners = 3 + static_cast<int>(rng() % 6);
            wkt.push_back(i % 7 == 3 ? "MULTIPOLYGON((" + ring(i, 0, corners) + "),(" + ring(i, 50, 4) + "))"
                                     : "POLYGON(" + ring(i, 0, corners) + ")");
        }
        GeometryArray g = test::polygons(wkt);
        // Replacements of every size: two triangles, one hexagon with a hole, a square; some rounds
        // only grow (in place), some also shrink (rebuilt).
        std::vector<std::string> shapes = {"MULTIPOLYGON(((0 0,1 0,0 1,0 0)),((5 5,6 5,5 6,5 5)))",
                                           "POLYGON(" + ring(0, 0, 6) + ",(0 0,1 0,0 1,0 0))", "POLYGON((0 0,1 0,1 1,0 1,0 0))"};
        std::vector<GeometryArray> by;
        std::vector<std::pair<std::size_t, const GeometryArray*>> replacements;
        std::vector<std::size_t> which;
        for (std::size_t i = 0; i < wkt.size(); ++i)
            if (rng() % 5 == 0) which.push_back(i);
        for (std::size_t k = 0; k < which.size(); ++k) by.push_back(test::polygons({shapes[(round % 2 == 0 ? 0 : rng() % 3)]}));
        for (std::size_t k = 0; k < which.size(); ++k) replacements.emplace_back(which[k], &by[k]);
        GeometryArray expected;
        std::size_t next = 0;
        for (std::size_t i = 0; i < g.size(); ++i) {
            if (next < replacements.size() && replacements[next].first == i) expected.append_from(*replacements[next++].second, 0);
            else expected.append_from(g, i);
        }
        g.reserve(g.size(), g.polygon_total() + 200, g.ring_total() + 200, g.point_total() + 2000);  // as the read leaves room
        const double* before = g.coordinates().data();
        g.replace_features(replacements);
        in_place += g.coordinates().data() == before;
        REQUIRE(g.size() == expected.size());
        CHECK(g.point_total() == expected.point_total());
        for (std::size_t i = 0; i < g.size(); ++i) REQUIRE(encode_wkb(g, i) == encode_wkb(expected, i));
    }
    CHECK(in_place >= 10);
    CHECK(in_place < 40);
}

TEST_CASE("gathered gives what appending the features one by one in that order gives, on any thread count", "[geometry]") {
    // Mixed features (holes, multipolygons, a line, a point), repeated past the size where the
    // gather is split between threads, in a shuffled order that also repeats some and skips others.
    const GeometryArray kinds = test::polygons({"POLYGON((0 0, 4 0, 4 4, 0 4, 0 0), (1 1, 2 1, 2 2, 1 2, 1 1))",
                                                "MULTIPOLYGON(((10 0, 12 0, 12 2, 10 0)), ((20 0, 22 0, 22 2, 20 0)))",
                                                "POLYGON((5 5, 6 5, 6 6, 5 5))"});
    GeometryArray g;
    const std::size_t n = 3 * 40000 + 2;  // above the split (2^16 features)
    for (std::size_t i = 0; i + 2 < n; ++i) {
        g.append_from(kinds, i % 3);
        g.coordinates().back() = static_cast<double>(i);  // every feature its own
    }
    g.add_point(7, 8);
    const double line[] = {0, 0, 3, 4, 6, 0};
    g.add_line(line);
    std::mt19937 rng(7);
    std::vector<std::uint32_t> order(n);
    for (std::uint32_t i = 0; i < n; ++i) order[i] = i;
    std::shuffle(order.begin(), order.end(), rng);
    order.resize(n - 5);
    order.push_back(order.front());
    GeometryArray one_by_one;
    for (std::uint32_t i : order) one_by_one.append_from(g, i);
    for (unsigned threads : {1u, 2u, 3u}) {
        const GeometryArray out = g.gathered(order, threads);
        REQUIRE(out.size() == order.size());
        CHECK(out.polygon_total() == one_by_one.polygon_total());
        CHECK(out.ring_total() == one_by_one.ring_total());
        CHECK(std::equal(out.coordinates().begin(), out.coordinates().end(), one_by_one.coordinates().begin(),
                         one_by_one.coordinates().end()));
        std::size_t differ = 0;
        for (std::size_t k = 0; k < out.size(); ++k)
            differ += out.kind(k) != one_by_one.kind(k) || out.rings_of(k) != one_by_one.rings_of(k);
        CHECK(differ == 0);
    }
    const std::vector<std::uint32_t> none;
    CHECK(g.gathered(none, 2).empty());
}

TEST_CASE("a box as a polygon feature", "[geometry]") {
    GeometryArray g;
    g.add_box({10, 20, 14, 23});
    REQUIRE(g.size() == 1);
    CHECK(g.kind(0) == GeometryKind::polygon);
    CHECK(g.area(0) == 12);
    const Box b = g.bounds(0);
    CHECK((b.min_x == 10 && b.min_y == 20 && b.max_x == 14 && b.max_y == 23));
    CHECK(g.consistent());
}
