// The road graph of issue 33 (docs/streets.md §1): the roads layer noded where lines cross and
// where ends lie within the snapping tolerance, cut where a building's service pipe lands, with
// its streets (chains between junctions) and connected pieces. Shortest paths run on it
// (steiner.hpp); the street heat densities, clusters and routes read it (street_network.hpp).
#pragma once

#include "warmte/data_quality.hpp"
#include "warmte/geometry_array.hpp"

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace warmte {

/// An undirected graph in compressed rows: node i's edges are adj_edge[adj_offset[i] ..
/// adj_offset[i + 1]); each edge's ends are edge_u/edge_v and its weight edge_length.
struct Graph {
    std::vector<std::uint32_t> edge_u, edge_v;
    std::vector<double> edge_length;
    std::vector<std::uint32_t> adj_offset, adj_edge;
    std::size_t node_count() const { return adj_offset.empty() ? 0 : adj_offset.size() - 1; }
    std::size_t edge_count() const { return edge_u.size(); }
    std::uint32_t other(std::uint32_t e, std::uint32_t n) const { return edge_u[e] == n ? edge_v[e] : edge_u[e]; }
    /// Fills the compressed rows from the edge lists (`nodes` of them).
    void index(std::size_t nodes);
};

/// Union-find over numbered items (connected pieces of road, dense streets, a spanning tree's
/// parts); each set is named by its smallest member, so the names do not depend on the order of joins.
class DisjointSets {
public:
    explicit DisjointSets(std::size_t n);
    std::uint32_t find(std::uint32_t a);
    /// Joins the sets of a and b; false when they were one already.
    bool join(std::uint32_t a, std::uint32_t b);

private:
    std::vector<std::uint32_t> parent_;
};

/// Where each building joins the roads: the graph node its service pipe lands on and its length.
struct RoadConnection {
    std::uint32_t node = 0;
    double service_m = std::numeric_limits<double>::quiet_NaN();  // NaN: no road within reach
    std::uint32_t street = 0;
};

struct RoadGraph {
    Graph graph;
    std::vector<double> node_x, node_y;
    std::vector<std::uint32_t> edge_street;  // the street each edge lies on
    std::vector<std::int64_t> street_road;   // the road feature id of each street
    std::vector<std::uint32_t> component;    // per node: its connected piece of road
    std::vector<std::uint32_t> street_component;
    std::vector<RoadConnection> connections;  // per building given to build_road_graph
    GeometryArray streets;                    // one line per street
    std::vector<double> street_length_m;
    std::vector<double> street_works_year;    // from the roads' works field; NaN where none
};

/// What the graph is built from. `points` are where buildings sit (x, y per building; NaN: not
/// to be joined); each joins the nearest road within `reach_m`.
struct RoadGraphInputs {
    const GeometryArray& roads;
    const std::vector<std::int64_t>& road_ids;
    const std::vector<double>& road_works_year;  // per road feature; empty or NaN: none
    const std::vector<double>& points;
    double snap_m;
    double reach_m;
    unsigned threads = 1;  // the nearest-road search of the points (the result does not depend on it)
    bool node_crossings = true;  // false: lines that cross without a shared end do not meet (bridges)
};

/// Builds the graph. Non-line features, zero-length and duplicate pieces, and buildings with no
/// road within reach are recorded in `quality` (layer "roads" or "buildings") with the fix.
RoadGraph build_road_graph(const RoadGraphInputs& in, DataQuality& quality);

/// Distances from `sources` over the graph (own Dijkstra with a binary heap; tests compare it
/// with Boost.Graph's). Unreached nodes are +infinity.
std::vector<double> shortest_distances(const Graph& g, const std::vector<std::uint32_t>& sources);

}  // namespace warmte
