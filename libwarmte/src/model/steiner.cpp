#include "warmte/steiner.hpp"

#include <algorithm>
#include <functional>
#include <limits>
#include <numeric>
#include <queue>
#include <unordered_map>
#include <unordered_set>

namespace warmte {

namespace {
constexpr double unreached_distance = std::numeric_limits<double>::infinity();
constexpr std::uint32_t no_edge = std::numeric_limits<std::uint32_t>::max();
// Each exchange shortens the tree; the bound only guards against a slow crawl on a huge tree.
constexpr int max_exchange_rounds = 10000;
}  // namespace

SteinerWorkspace::SteinerWorkspace(std::size_t nodes)
    : dist_(nodes, unreached_distance), pred_(nodes, no_edge), in_tree_(nodes, 0), terminal_(nodes, 0) {}

void SteinerWorkspace::reset() {
    for (std::uint32_t n : touched_) dist_[n] = unreached_distance, pred_[n] = no_edge, in_tree_[n] = 0, terminal_[n] = 0;
    touched_.clear();
}

// The shortest-path heuristic: one Dijkstra from the growing tree. When it settles a terminal not
// yet joined, that terminal is the nearest to the tree: its path joins, and the path's nodes are
// pushed again at distance 0 so the search goes on from the larger tree (distances only fall).
SteinerTree SteinerWorkspace::grow(const Graph& g, std::uint32_t start, const std::vector<std::uint32_t>& terminals) {
    SteinerTree t;
    std::size_t remaining = 0;
    for (std::uint32_t n : terminals)
        if (!terminal_[n]) terminal_[n] = 1, touched_.push_back(n), ++remaining;
    using Item = std::pair<double, std::uint32_t>;
    std::priority_queue<Item, std::vector<Item>, std::greater<>> heap;
    auto join = [&](std::uint32_t n) {
        in_tree_[n] = 1;
        if (terminal_[n]) --remaining;
        dist_[n] = 0;
        heap.push({0.0, n});
    };
    touched_.push_back(start);
    in_tree_[start] = 1;
    dist_[start] = 0;
    heap.push({0.0, start});
    if (terminal_[start]) --remaining;
    while (!heap.empty() && remaining > 0) {
        const auto [d, n] = heap.top();
        heap.pop();
        if (d > dist_[n]) continue;
        if (terminal_[n] && !in_tree_[n]) {
            for (std::uint32_t m = n; !in_tree_[m];) {
                const std::uint32_t e = pred_[m];
                t.edges.push_back(e);
                t.length += g.edge_length[e];
                const std::uint32_t next = g.other(e, m);
                join(m);
                m = next;
            }
            continue;
        }
        for (std::uint32_t k = g.adj_offset[n]; k < g.adj_offset[n + 1]; ++k) {
            const std::uint32_t e = g.adj_edge[k], m = g.other(e, n);
            const double nd = d + g.edge_length[e];
            if (nd < dist_[m]) {
                if (dist_[m] == unreached_distance && !terminal_[m]) touched_.push_back(m);
                dist_[m] = nd, pred_[m] = e;
                heap.push({nd, m});
            }
        }
    }
    for (std::uint32_t n : terminals)
        if (!in_tree_[n]) t.unreached.push_back(n);
    std::sort(t.unreached.begin(), t.unreached.end());
    t.unreached.erase(std::unique(t.unreached.begin(), t.unreached.end()), t.unreached.end());
    return t;
}

// A minimum spanning tree over the tree's nodes (every graph edge between two of them), then
// leaves that are no terminal cut off until none is left. Never longer than the tree it starts from.
void SteinerWorkspace::improve(const Graph& g, SteinerTree& t, const std::vector<std::uint32_t>& terminals) {
    if (t.edges.empty()) return;
    std::vector<std::uint32_t> nodes;
    for (std::uint32_t e : t.edges) nodes.push_back(g.edge_u[e]), nodes.push_back(g.edge_v[e]);
    std::sort(nodes.begin(), nodes.end());
    nodes.erase(std::unique(nodes.begin(), nodes.end()), nodes.end());
    std::vector<std::uint32_t> candidates;
    for (std::uint32_t n : nodes)
        for (std::uint32_t k = g.adj_offset[n]; k < g.adj_offset[n + 1]; ++k) {
            const std::uint32_t e = g.adj_edge[k];
            if (g.other(e, n) > n && std::binary_search(nodes.begin(), nodes.end(), g.other(e, n))) candidates.push_back(e);
        }
    std::sort(candidates.begin(), candidates.end(), [&](std::uint32_t a, std::uint32_t b) {
        return g.edge_length[a] != g.edge_length[b] ? g.edge_length[a] < g.edge_length[b] : a < b;
    });
    auto slot = [&](std::uint32_t n) {
        return static_cast<std::uint32_t>(std::lower_bound(nodes.begin(), nodes.end(), n) - nodes.begin());
    };
    std::vector<std::uint32_t> parent(nodes.size());
    std::iota(parent.begin(), parent.end(), 0u);
    std::function<std::uint32_t(std::uint32_t)> find = [&](std::uint32_t a) {
        while (parent[a] != a) a = parent[a] = parent[parent[a]];
        return a;
    };
    std::vector<std::uint32_t> mst;
    for (std::uint32_t e : candidates) {
        const std::uint32_t a = find(slot(g.edge_u[e])), b = find(slot(g.edge_v[e]));
        if (a != b) parent[std::max(a, b)] = std::min(a, b), mst.push_back(e);
    }
    // Prune: a node of degree 1 that is no terminal takes its edge with it.
    std::vector<std::uint8_t> keep_node(nodes.size(), 0);
    for (std::uint32_t n : terminals) {
        auto it = std::lower_bound(nodes.begin(), nodes.end(), n);
        if (it != nodes.end() && *it == n) keep_node[it - nodes.begin()] = 1;
    }
    std::vector<std::uint32_t> degree(nodes.size(), 0);
    for (std::uint32_t e : mst) ++degree[slot(g.edge_u[e])], ++degree[slot(g.edge_v[e])];
    std::vector<std::uint8_t> alive(mst.size(), 1);
    for (bool changed = true; changed;) {
        changed = false;
        for (std::size_t i = 0; i < mst.size(); ++i) {
            if (!alive[i]) continue;
            const std::uint32_t a = slot(g.edge_u[mst[i]]), b = slot(g.edge_v[mst[i]]);
            if ((degree[a] == 1 && !keep_node[a]) || (degree[b] == 1 && !keep_node[b])) {
                alive[i] = 0, --degree[a], --degree[b], changed = true;
            }
        }
    }
    SteinerTree better;
    for (std::size_t i = 0; i < mst.size(); ++i)
        if (alive[i]) better.edges.push_back(mst[i]), better.length += g.edge_length[mst[i]];
    if (better.length < t.length) t.edges = std::move(better.edges), t.length = better.length;
}

namespace {

// Key-path exchange (Verhoeven, Severens & Aarts 1996; Uchoa & Werneck 2010): a key path runs
// between key nodes (terminals and branch points) through nodes of degree two that are no
// terminal. Taking one out splits the tree in two; when the shortest path between the two
// parts is shorter than the key path, it takes its place. Repeated until no path improves. The
// search from one part stops at the key path's length, so each try looks at a small radius.
bool exchange_one_key_path(const Graph& g, std::vector<std::uint32_t>& edges,
                           const std::vector<std::uint32_t>& terminal_list) {
    std::unordered_map<std::uint32_t, std::vector<std::uint32_t>> adjacent;
    for (std::uint32_t e : edges) adjacent[g.edge_u[e]].push_back(e), adjacent[g.edge_v[e]].push_back(e);
    auto terminal = [&](std::uint32_t n) { return std::binary_search(terminal_list.begin(), terminal_list.end(), n); };
    auto key = [&](std::uint32_t n) { return terminal(n) || adjacent[n].size() != 2; };
    std::unordered_set<std::uint32_t> walked;  // first edges of key paths already tried
    std::vector<std::uint32_t> nodes;
    for (const auto& [n, _] : adjacent) nodes.push_back(n);
    std::sort(nodes.begin(), nodes.end());
    for (std::uint32_t start : nodes) {
        if (!key(start)) continue;
        for (std::uint32_t first : adjacent[start]) {
            // The key path from `start` along `first`.
            std::vector<std::uint32_t> path = {first};
            std::vector<std::uint32_t> inner;
            double length = g.edge_length[first];
            std::uint32_t at = g.other(first, start);
            while (!key(at)) {
                inner.push_back(at);
                const std::vector<std::uint32_t>& two = adjacent[at];
                const std::uint32_t next = two[0] == path.back() ? two[1] : two[0];
                path.push_back(next);
                length += g.edge_length[next];
                at = g.other(next, at);
            }
            if (walked.count(path.back()) || walked.count(first)) continue;
            walked.insert(first), walked.insert(path.back());
            // The part holding `start` without the path.
            std::unordered_set<std::uint32_t> removed(path.begin(), path.end());
            std::unordered_set<std::uint32_t> part = {start};
            std::vector<std::uint32_t> todo = {start};
            while (!todo.empty()) {
                const std::uint32_t n = todo.back();
                todo.pop_back();
                for (std::uint32_t e : adjacent[n])
                    if (!removed.count(e) && part.insert(g.other(e, n)).second) todo.push_back(g.other(e, n));
            }
            std::unordered_set<std::uint32_t> inner_set(inner.begin(), inner.end());
            // Bounded Dijkstra from the part to the first node of the other part.
            std::unordered_map<std::uint32_t, double> dist;
            std::unordered_map<std::uint32_t, std::uint32_t> pred;
            using Item = std::pair<double, std::uint32_t>;
            std::priority_queue<Item, std::vector<Item>, std::greater<>> heap;
            for (std::uint32_t n : part) dist[n] = 0, heap.push({0.0, n});
            std::uint32_t reached = no_edge;
            while (!heap.empty()) {
                const auto [d, n] = heap.top();
                heap.pop();
                if (d > dist[n] || d >= length - 1e-9) {
                    if (d >= length - 1e-9) break;
                    continue;
                }
                if (!part.count(n) && adjacent.count(n) && !inner_set.count(n)) {
                    reached = n;
                    break;
                }
                for (std::uint32_t k = g.adj_offset[n]; k < g.adj_offset[n + 1]; ++k) {
                    const std::uint32_t e = g.adj_edge[k], m = g.other(e, n);
                    const double nd = d + g.edge_length[e];
                    auto it = dist.find(m);
                    if (it == dist.end() || nd < it->second) dist[m] = nd, pred[m] = e, heap.push({nd, m});
                }
            }
            if (reached == no_edge) continue;
            std::vector<std::uint32_t> kept;
            for (std::uint32_t e : edges)
                if (!removed.count(e)) kept.push_back(e);
            for (std::uint32_t n = reached; !part.count(n);) {
                const std::uint32_t e = pred[n];
                kept.push_back(e);
                n = g.other(e, n);
            }
            std::sort(kept.begin(), kept.end());
            kept.erase(std::unique(kept.begin(), kept.end()), kept.end());
            edges = std::move(kept);
            return true;
        }
    }
    return false;
}

}  // namespace

SteinerTree SteinerWorkspace::tree(const Graph& g, std::uint32_t root, const std::vector<std::uint32_t>& terminals,
                                   int starts) {
    std::vector<std::uint32_t> all = terminals;
    all.push_back(root);
    std::sort(all.begin(), all.end());
    all.erase(std::unique(all.begin(), all.end()), all.end());
    // The root first, then terminals spread over the list: different starts find different trees.
    std::vector<std::uint32_t> from = {root};
    const std::size_t n = all.size();
    for (int s = 1; s < starts && static_cast<std::size_t>(s) < n; ++s) from.push_back(all[(s * n) / starts]);
    SteinerTree best;
    bool have = false;
    for (std::uint32_t start : from) {
        SteinerTree t = grow(g, start, all);
        reset();
        // From another start the root's own piece is what counts: what the root cannot reach
        // stays out whichever terminal the tree grew from.
        if (start != root && std::find(t.unreached.begin(), t.unreached.end(), root) != t.unreached.end()) continue;
        improve(g, t, all);
        for (int round = 0; round < max_exchange_rounds && exchange_one_key_path(g, t.edges, all); ++round) {
            t.length = 0;
            for (std::uint32_t e : t.edges) t.length += g.edge_length[e];
            improve(g, t, all);  // a new path may leave leaves to prune or a cheaper spanning tree
        }
        std::sort(t.edges.begin(), t.edges.end());
        if (!have || t.unreached.size() < best.unreached.size() ||
            (t.unreached.size() == best.unreached.size() && t.length < best.length - 1e-9))
            best = std::move(t), have = true;
    }
    return best;
}

SteinerTree steiner_tree(const Graph& g, std::uint32_t root, const std::vector<std::uint32_t>& terminals, int starts) {
    SteinerWorkspace w(g.node_count());
    return w.tree(g, root, terminals, starts);
}

}  // namespace warmte
