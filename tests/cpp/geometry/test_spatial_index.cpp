#include "fixtures.hpp"

#include "warmte/spatial_index.hpp"

#include <catch2/catch.hpp>

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
