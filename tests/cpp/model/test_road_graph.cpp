#include "warmte/road_graph.hpp"

#include "../fixtures.hpp"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <catch2/catch.hpp>

#include <cmath>
#include <random>

using namespace warmte;

namespace {

RoadGraph graph_of(const GeometryArray& roads, const std::vector<double>& points, DataQuality& q, double snap = 0.5,
                   bool crossings = true) {
    static const std::vector<std::int64_t> ids;
    static const std::vector<double> works;
    return build_road_graph({roads, ids, works, points, snap, 80.0, 1, crossings}, q);
}

}  // namespace

TEST_CASE("road graph by hand: a crossing, a T-junction drawn short, a duplicate and an empty line", "[streets]") {
    // A plus: (0,0)-(100,0) crossed by (50,-50)-(50,50); a T from (100, 0.3) up to (100, 60)
    // ends 0.3 m off the first road's end and meets it within the 0.5 m tolerance.
    const GeometryArray roads = test::lines({{0, 0, 100, 0},
                                       {50, -50, 50, 50},
                                       {100, 0.3, 100, 60},
                                       {0, 0, 100, 0},      // drawn twice
                                       {20, 20, 20, 20}});  // no length
    DataQuality q;
    const RoadGraph g = graph_of(roads, {}, q);
    CHECK(g.node_x.size() == 6);  // (0,0) (50,0) (100,0) (50,-50) (50,50) (100,60)
    CHECK(g.graph.edge_count() == 5);
    // Streets: the crossing at (50,0) ends four; (100,0) joins two pieces into one street.
    CHECK(g.street_length_m.size() == 4);
    std::vector<double> lengths = g.street_length_m;
    std::sort(lengths.begin(), lengths.end());
    CHECK(lengths[0] == Approx(50));
    CHECK(lengths[1] == Approx(50));
    CHECK(lengths[2] == Approx(50));
    CHECK(lengths[3] == Approx(50 + 60));  // (50,0)-(100,0) then up to (100,60): the T snapped to (100,0)
    CHECK(q.count_of("roads", "duplicate_road") == 1);
    CHECK(q.count_of("roads", "zero_length_road") == 1);
    // One connected piece.
    for (std::uint32_t c : g.component) CHECK(c == g.component[0]);
}

TEST_CASE("road graph: service pipes land on the nearest road and cut it; far buildings stay out", "[streets]") {
    const GeometryArray roads = test::lines({{0, 0, 100, 0}, {200, 0, 300, 0}});  // two pieces, not connected
    DataQuality q;
    const RoadGraph g = graph_of(roads, {25, 10, 75, -5, 250, 30, 500, 500}, q);
    REQUIRE(g.connections.size() == 4);
    CHECK(g.connections[0].service_m == Approx(10));
    CHECK(g.connections[1].service_m == Approx(5));
    CHECK(g.connections[2].service_m == Approx(30));
    CHECK(std::isnan(g.connections[3].service_m));  // 500 m from any road
    CHECK(g.node_x[g.connections[0].node] == Approx(25));
    CHECK(g.node_y[g.connections[0].node] == Approx(0));
    CHECK(g.graph.edge_count() == 5);  // the first road cut twice, the second once
    CHECK(g.component[g.connections[0].node] == g.component[g.connections[1].node]);
    CHECK(g.component[g.connections[0].node] != g.component[g.connections[2].node]);
    // The cuts keep the street: both connections are on street 0, still 100 m long.
    CHECK(g.connections[0].street == g.connections[1].street);
    CHECK(g.street_length_m[g.connections[0].street] == Approx(100));
}

TEST_CASE("road graph: pipes landing within the snapping distance of a node join it, alone on a road or not",
          "[streets]") {
    // A: (0,0)-(100,0); B up from (60, 0.3), noded onto A at (60,0). Landings at 30 and 30.3 lie on A
    // alone (one node); 60.2 lies beside B and A's other half (the snapper's look-up: B's node);
    // 99.8 alone beside A's end (that end).
    const GeometryArray roads = test::lines({{0, 0, 100, 0}, {60, 0.3, 60, 50}});
    DataQuality q;
    const RoadGraph g = graph_of(roads, {30, 10, 30.3, -10, 60.2, -10, 99.8, 10}, q);
    REQUIRE(g.connections.size() == 4);
    CHECK(g.connections[0].node == g.connections[1].node);
    CHECK(g.node_x[g.connections[0].node] == 30);
    CHECK(g.node_x[g.connections[2].node] == 60);
    CHECK(g.node_y[g.connections[2].node] == 0);
    CHECK(g.node_x[g.connections[3].node] == 100);
    CHECK(g.node_x.size() == 5);  // (0,0) (100,0) (60,0) (60,50) and (30,0)
    CHECK(g.graph.edge_count() == 4);
    CHECK(g.street_length_m.size() == 3);
}

TEST_CASE("road graph: a landing beside another road finds the node of a landing alone just before it",
          "[streets]") {
    // A: (0,0)-(100,0); F up from (50.8, 0.35), noded onto A at (50.8, 0). The landing at 50 is alone
    // (F 0.8 m away); the one at 50.45 is not (F 0.35 m away) and has two nodes within 0.5 m: 50 and
    // the junction at 50.8. The scan of the 0.5 m cells meets 50 first (its own cell): both share it.
    const GeometryArray roads = test::lines({{0, 0, 100, 0}, {50.8, 0.35, 50.8, 20}});
    DataQuality q;
    const RoadGraph g = graph_of(roads, {50, -10, 50.45, -10}, q);
    REQUIRE(g.connections.size() == 2);
    CHECK(g.node_x[g.connections[0].node] == 50);
    CHECK(g.connections[1].node == g.connections[0].node);
}

TEST_CASE("shortest distances equal Boost.Graph's Dijkstra on random road-like grids", "[streets]") {
    std::mt19937 rng(33);
    for (int trial = 0; trial < 20; ++trial) {
        const int w = 6 + trial % 5, h = 5 + trial % 4;
        Graph g;
        std::uniform_real_distribution<double> len(10, 120), coin(0, 1);
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x) {
                const auto n = static_cast<std::uint32_t>(y * w + x);
                if (x + 1 < w && coin(rng) > 0.15) g.edge_u.push_back(n), g.edge_v.push_back(n + 1), g.edge_length.push_back(len(rng));
                if (y + 1 < h && coin(rng) > 0.15) g.edge_u.push_back(n), g.edge_v.push_back(n + w), g.edge_length.push_back(len(rng));
            }
        g.index(static_cast<std::size_t>(w * h));
        const std::vector<double> ours = shortest_distances(g, {0});
        using BG = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, boost::no_property,
                                         boost::property<boost::edge_weight_t, double>>;
        BG bg(static_cast<std::size_t>(w * h));
        for (std::size_t e = 0; e < g.edge_count(); ++e) boost::add_edge(g.edge_u[e], g.edge_v[e], g.edge_length[e], bg);
        std::vector<double> theirs(static_cast<std::size_t>(w * h));
        boost::dijkstra_shortest_paths(bg, 0, boost::distance_map(theirs.data()));
        for (std::size_t n = 0; n < theirs.size(); ++n) {
            const bool reached = theirs[n] < std::numeric_limits<double>::max() / 2;
            CHECK(std::isinf(ours[n]) == !reached);
            if (reached) CHECK(ours[n] == Approx(theirs[n]).epsilon(1e-12));
        }
    }
}

TEST_CASE("road graph: with node_crossings off, a bridge crosses without a junction", "[streets]") {
    const GeometryArray roads = test::lines({{0, 0, 100, 0}, {50, -50, 50, 50}});
    DataQuality q;
    const RoadGraph g = graph_of(roads, {}, q, 0.5, false);
    CHECK(g.node_x.size() == 4);
    CHECK(g.graph.edge_count() == 2);
    CHECK(g.component[0] != g.component[2]);  // two pieces: the pipe cannot turn from the bridge
}
