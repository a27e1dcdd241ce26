// A Steiner tree on the road graph (docs/streets.md §4): the shortest-path heuristic of Takahashi
// and Matsuyama (1980) grown from several starts, each tree improved by a minimum spanning tree
// over its nodes, by pruning the leaves that are no terminal and by key-path exchange (a path
// between terminals or branch points replaced by a shorter one joining the same two parts).
// Tests compare it with the exact
// tree of a MILP (HiGHS) on random road-like grids.
#pragma once

#include "warmte/road_graph.hpp"

#include <cstdint>
#include <functional>
#include <queue>
#include <unordered_set>
#include <vector>

namespace warmte {

struct SteinerTree {
    std::vector<std::uint32_t> edges;      // graph edges of the tree, ascending
    double length = 0;                     // their total length
    std::vector<std::uint32_t> unreached;  // terminals not connected to the root through the graph
};

/// Scratch arrays as long as the graph, reset after each tree by the nodes it touched: a
/// thread routes thousands of clusters on one national graph without clearing it each time.
class SteinerWorkspace {
public:
    explicit SteinerWorkspace(std::size_t nodes);
    SteinerTree tree(const Graph& g, std::uint32_t root, const std::vector<std::uint32_t>& terminals, int starts);

private:
    using Heap = std::priority_queue<std::pair<double, std::uint32_t>, std::vector<std::pair<double, std::uint32_t>>,
                                     std::greater<>>;
    void relax(const Graph& g, std::uint32_t n, double d, Heap& heap);
    SteinerTree grow(const Graph& g, std::uint32_t start, const std::vector<std::uint32_t>& terminals);
    void improve(const Graph& g, SteinerTree& t, const std::vector<std::uint32_t>& terminals);
    bool exchange(const Graph& g, std::vector<std::uint32_t>& edges, const std::vector<std::uint32_t>& terminals,
                  std::unordered_set<std::uint64_t>& failed);
    struct Rooted;
    struct KeyPath {
        std::vector<std::uint32_t> edges, inner;
        double length = 0;
    };
    Rooted rooted(const Graph& g, const std::vector<std::uint32_t>& edges, const std::vector<std::uint32_t>& terminals);
    KeyPath key_path_above(const Graph& g, const Rooted& t, std::uint32_t b) const;
    std::uint32_t reconnect(const Graph& g, const Rooted& t, std::uint32_t b, const KeyPath& p);
    void reset();
    std::vector<double> dist_;
    std::vector<std::uint32_t> pred_;
    std::vector<std::uint8_t> in_tree_, terminal_;
    std::vector<std::uint32_t> touched_;
    std::vector<std::uint32_t> seeds_;  // reconnect's starting part
    std::vector<std::int32_t> local_;  // a graph node's place among a tree's nodes, -1 outside
};

/// One tree joining `root` and `terminals` (nodes of `g`), from `starts` starting terminals (the
/// root first), the shortest kept.
SteinerTree steiner_tree(const Graph& g, std::uint32_t root, const std::vector<std::uint32_t>& terminals,
                         int starts = 4);

}  // namespace warmte
