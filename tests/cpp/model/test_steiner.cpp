#include "warmte/steiner.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace warmte;

namespace {

struct Built {
    Graph g;
    std::vector<double> x, y;
};

// Nodes at the given points, edges between the listed pairs with their straight lengths.
Built build(const std::vector<std::pair<double, double>>& nodes, const std::vector<std::pair<std::uint32_t, std::uint32_t>>& edges) {
    Built b;
    for (auto [x, y] : nodes) b.x.push_back(x), b.y.push_back(y);
    for (auto [u, v] : edges) {
        b.g.edge_u.push_back(u), b.g.edge_v.push_back(v);
        b.g.edge_length.push_back(std::hypot(b.x[v] - b.x[u], b.y[v] - b.y[u]));
    }
    b.g.index(nodes.size());
    return b;
}

}  // namespace

TEST_CASE("Steiner tree on a comb with a back road: the optimum by hand", "[streets]") {
    // A spine y = 0 from x = 0 to 100, teeth of 20 m up at x = 0, 25, 50, 75, 100, and a back road
    // along y = 20 joining the tips. Root (0,0), terminals the five tips. Along the spine and up
    // every tooth costs 100 + 5 x 20 = 200; up the first tooth and along the back road 20 + 100 = 120.
    std::vector<std::pair<double, double>> nodes;
    for (double x : {0.0, 25.0, 50.0, 75.0, 100.0}) nodes.push_back({x, 0});   // 0-4 spine
    for (double x : {0.0, 25.0, 50.0, 75.0, 100.0}) nodes.push_back({x, 20});  // 5-9 tips
    std::vector<std::pair<std::uint32_t, std::uint32_t>> edges;
    for (std::uint32_t i = 0; i < 4; ++i) edges.push_back({i, i + 1}), edges.push_back({i + 5, i + 6});
    for (std::uint32_t i = 0; i < 5; ++i) edges.push_back({i, i + 5});
    const Built b = build(nodes, edges);
    const SteinerTree t = steiner_tree(b.g, 0, {5, 6, 7, 8, 9});
    CHECK(t.length == Approx(120));
    CHECK(t.edges.size() == 5);
    CHECK(t.unreached.empty());
}

TEST_CASE("Steiner tree: a terminal on another piece of road is reported, not joined", "[streets]") {
    const Built b = build({{0, 0}, {10, 0}, {20, 0}, {100, 100}, {110, 100}}, {{0, 1}, {1, 2}, {3, 4}});
    const SteinerTree t = steiner_tree(b.g, 0, {2, 4});
    CHECK(t.length == Approx(20));
    REQUIRE(t.unreached.size() == 1);
    CHECK(t.unreached[0] == 4);
}

TEST_CASE("Steiner tree: the improvement pass drops a detour the greedy growth took", "[streets]") {
    // A square ring 0-1-2-3 (sides 10) with a terminal at every corner: the tree is three sides (30),
    // whatever order the greedy growth joins them in; every start gives a tree of 30.
    const Built b = build({{0, 0}, {10, 0}, {10, 10}, {0, 10}}, {{0, 1}, {1, 2}, {2, 3}, {3, 0}});
    for (int starts : {1, 2, 4}) {
        const SteinerTree t = steiner_tree(b.g, 0, {1, 2, 3}, starts);
        CHECK(t.length == Approx(30));
    }
}
