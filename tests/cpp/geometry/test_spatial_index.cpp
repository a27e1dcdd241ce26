#include "fixtures.hpp"

#include "warmte/spatial_index.hpp"

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <set>

using namespace warmte;

TEST_CASE("the R-tree finds the boxes a query box touches, sorted, and the nearest first", "[spatial_index]") {
    GeometryArray p = test::polygons({"POLYGON((0 0, 1 0, 1 1, 0 1, 0 0))", "POLYGON((5 5, 6 5, 6 6, 5 6, 5 5))",
                                      "POLYGON((2 0, 3 0, 3 1, 2 1, 2 0))", "POLYGON((100 100, 101 100, 101 101, 100 100))"});
    SpatialIndex index(p);
    CHECK(index.query_sorted({0.5, 0.5, 2.5, 0.8}) == std::vector<std::uint32_t>{0, 2});
    std::set<std::uint32_t> found;
    index.query({4, 4, 200, 200}, [&](std::uint32_t i) { found.insert(i); });
    CHECK(found == std::set<std::uint32_t>{1, 3});
    CHECK(index.bounds(1).min_x == 5);
    std::vector<std::uint32_t> order;
    index.nearest({1.5, 0, 1.6, 1}, [&](std::uint32_t i, double) { order.push_back(i); return order.size() < 3; }, 1.0);
    REQUIRE(order.size() == 3);
    CHECK(std::set<std::uint32_t>{order[0], order[1]} == std::set<std::uint32_t>{0, 2});  // both 0.4-0.5 away
    CHECK(order[2] == 1);
}

namespace {

// Boxes as polygons: `n` random rectangles (some touching exactly, some degenerate) and, every
// `empty_every`, a feature without coordinates.
GeometryArray random_boxes(std::size_t n, std::uint32_t seed, std::size_t empty_every) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> at(0.0, 1000.0), size(0.0, 30.0);
    GeometryArray boxes;
    for (std::size_t i = 0; i < n; ++i) {
        if (empty_every && i % empty_every == empty_every - 1) {
            boxes.begin_feature(GeometryKind::polygon);  // no polygon: an empty feature
            continue;
        }
        // Every third box on whole numbers, so boxes touch each other and the queries exactly.
        double x = at(rng), y = at(rng), w = size(rng), h = i % 7 == 0 ? 0.0 : size(rng);
        if (i % 3 == 0) x = std::floor(x), y = std::floor(y), w = std::floor(w), h = std::floor(h);
        const double ring[] = {x, y, x + w, y, x + w, y + h, x, y + h, x, y};
        boxes.begin_feature(GeometryKind::polygon);
        boxes.begin_polygon();
        boxes.add_ring(ring);
    }
    return boxes;
}

}  // namespace

TEST_CASE("the packed R-tree answers every query as a scan of all boxes does", "[spatial_index]") {
    // Sizes around the node size, a level boundary, the switch to the radix sort and the split
    // between threads.
    for (std::size_t n : {0, 1, 2, 15, 16, 17, 256, 257, 4096, 4097, 20000, 40000}) {
        CAPTURE(n);
        const GeometryArray boxes = random_boxes(n, static_cast<std::uint32_t>(n) + 1, 11);
        const SpatialIndex index(boxes);
        const SpatialIndex threaded(boxes, 3);  // boxes and curve positions on three threads: the same tree
        // Boost.Geometry's bulk-loaded R-tree, which the packed tree replaced: the same answers.
        namespace bg = boost::geometry;
        using BoostBox = bg::model::box<bg::model::point<double, 2, bg::cs::cartesian>>;
        std::vector<std::pair<BoostBox, std::uint32_t>> entries;
        for (std::uint32_t i = 0; i < boxes.size(); ++i) {
            const Box b = boxes.bounds(i);
            if (b.min_x <= b.max_x) entries.push_back({BoostBox({b.min_x, b.min_y}, {b.max_x, b.max_y}), i});
        }
        const bg::index::rtree<std::pair<BoostBox, std::uint32_t>, bg::index::rstar<16>> reference(entries);
        std::mt19937 rng(7);
        std::uniform_real_distribution<double> at(-50.0, 1050.0), size(0.0, 120.0);
        for (int q = 0; q < 200; ++q) {
            double x = at(rng), y = at(rng), w = size(rng), h = size(rng);
            if (q % 2 == 0) x = std::floor(x), y = std::floor(y), w = std::floor(w), h = std::floor(h);
            const Box query{x, y, x + w, y + h};
            std::vector<std::uint32_t> expected;
            for (std::uint32_t i = 0; i < boxes.size(); ++i)
                if (boxes.bounds(i).intersects(query)) expected.push_back(i);
            CHECK(index.query_sorted(query) == expected);
            std::vector<std::uint32_t> tree_order, threaded_order;
            index.query(query, [&](std::uint32_t i) { tree_order.push_back(i); });
            threaded.query(query, [&](std::uint32_t i) { threaded_order.push_back(i); });
            CHECK(threaded_order == tree_order);
            std::vector<std::uint32_t> from_boost;
            for (auto it = reference.qbegin(bg::index::intersects(BoostBox({query.min_x, query.min_y}, {query.max_x, query.max_y})));
                 it != reference.qend(); ++it)
                from_boost.push_back(it->second);
            std::sort(from_boost.begin(), from_boost.end());
            CHECK(from_boost == expected);
            // Nearest first: box distances never decrease, and every feature with coordinates comes once.
            if (q % 20 == 0) {
                std::vector<std::uint32_t> seen;
                double last = 0.0;
                bool ascending = true;
                index.nearest(query, [&](std::uint32_t i, double d) {
                    ascending = ascending && d >= last;
                    last = d;
                    seen.push_back(i);
                    return true;
                }, 10.0);
                CHECK(ascending);
                std::sort(seen.begin(), seen.end());
                std::vector<std::uint32_t> all;
                for (std::uint32_t i = 0; i < boxes.size(); ++i)
                    if (boxes.vertex_count(i) > 0) all.push_back(i);
                CHECK(seen == all);
            }
        }
    }
}
