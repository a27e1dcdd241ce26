#include "warmte/steiner.hpp"

#include <algorithm>
#include <functional>
#include <limits>
#include <queue>
#include <unordered_set>

namespace warmte {

namespace {
constexpr double unreached_distance = std::numeric_limits<double>::infinity();
constexpr std::uint32_t no_edge = std::numeric_limits<std::uint32_t>::max();
// Each exchange shortens the tree; the bound only guards against a slow crawl on a huge tree.
constexpr int max_exchange_rounds = 10000;
}  // namespace

// One Dijkstra step: the neighbours of n (settled at d) get shorter distances through it.
void SteinerWorkspace::relax(const Graph& g, std::uint32_t n, double d, Heap& heap) {
    for (std::uint32_t k = g.adj_offset[n]; k < g.adj_offset[n + 1]; ++k) {
        const std::uint32_t e = g.adj_edge[k], m = g.other(e, n);
        const double nd = d + g.edge_length[e];
        if (nd < dist_[m]) {
            if (dist_[m] == unreached_distance) touched_.push_back(m);
            dist_[m] = nd, pred_[m] = e;
            heap.push({nd, m});
        }
    }
}

SteinerWorkspace::SteinerWorkspace(std::size_t nodes)
    : dist_(nodes, unreached_distance), pred_(nodes, no_edge), in_tree_(nodes, 0), terminal_(nodes, 0), local_(nodes, -1) {}

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
    Heap heap;
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
        relax(g, n, d, heap);
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
    DisjointSets parts(nodes.size());
    std::vector<std::uint32_t> mst;
    for (std::uint32_t e : candidates)
        if (parts.join(slot(g.edge_u[e]), slot(g.edge_v[e]))) mst.push_back(e);
    // Prune: a node of degree 1 that is no terminal takes its edge with it, and so on up the chain.
    std::vector<std::uint8_t> keep_node(nodes.size(), 0);
    for (std::uint32_t n : terminals) {
        auto it = std::lower_bound(nodes.begin(), nodes.end(), n);
        if (it != nodes.end() && *it == n) keep_node[it - nodes.begin()] = 1;
    }
    std::vector<std::vector<std::uint32_t>> at(nodes.size());  // mst edge indices per node
    std::vector<std::uint32_t> degree(nodes.size(), 0);
    for (std::uint32_t i = 0; i < mst.size(); ++i) {
        const std::uint32_t a = slot(g.edge_u[mst[i]]), b = slot(g.edge_v[mst[i]]);
        at[a].push_back(i), at[b].push_back(i), ++degree[a], ++degree[b];
    }
    std::vector<std::uint8_t> alive(mst.size(), 1);
    std::vector<std::uint32_t> leaves;
    for (std::uint32_t v = 0; v < nodes.size(); ++v)
        if (degree[v] == 1 && !keep_node[v]) leaves.push_back(v);
    while (!leaves.empty()) {
        const std::uint32_t v = leaves.back();
        leaves.pop_back();
        if (degree[v] != 1 || keep_node[v]) continue;
        for (std::uint32_t i : at[v]) {
            if (!alive[i]) continue;
            alive[i] = 0;
            const std::uint32_t a = slot(g.edge_u[mst[i]]), b = slot(g.edge_v[mst[i]]);
            --degree[a], --degree[b];
            const std::uint32_t other = a == v ? b : a;
            if (degree[other] == 1 && !keep_node[other]) leaves.push_back(other);
        }
    }
    SteinerTree better;
    for (std::size_t i = 0; i < mst.size(); ++i)
        if (alive[i]) better.edges.push_back(mst[i]), better.length += g.edge_length[mst[i]];
    if (better.length < t.length) t.edges = std::move(better.edges), t.length = better.length;
}

// Key-path exchange (Verhoeven, Severens & Aarts 1996; Uchoa & Werneck 2010): a key path runs
// between key nodes (terminals and branch points) through nodes of degree two that are no
// terminal. Taking one out splits the tree in two; when the shortest path between the two parts
// is shorter than the key path, it takes its place. The tree is rooted once per pass, so a part is
// a range of the depth-first order (or the rest) and the search starts from the smaller part,
// with flat arrays throughout; it stops at the key path's length. The first improvement found
// is made and true returned (the caller runs another pass, skipping the paths that failed).
bool SteinerWorkspace::exchange(const Graph& g, std::vector<std::uint32_t>& edges,
                                const std::vector<std::uint32_t>& terminals, std::unordered_set<std::uint64_t>& failed) {
    if (edges.size() < 2) return false;
    // Local numbering of the tree's nodes; adjacency in compressed rows.
    std::vector<std::uint32_t> nodes;
    for (std::uint32_t e : edges) nodes.push_back(g.edge_u[e]), nodes.push_back(g.edge_v[e]);
    std::sort(nodes.begin(), nodes.end());
    nodes.erase(std::unique(nodes.begin(), nodes.end()), nodes.end());
    const std::size_t n = nodes.size();
    for (std::uint32_t i = 0; i < n; ++i) local_[nodes[i]] = static_cast<std::int32_t>(i);
    struct Clear {  // local_ back to -1 however this returns
        std::vector<std::int32_t>& local;
        const std::vector<std::uint32_t>& nodes;
        ~Clear() {
            for (std::uint32_t v : nodes) local[v] = -1;
        }
    } clear{local_, nodes};
    std::vector<std::uint32_t> start(n + 1, 0), adj(2 * edges.size());
    for (std::uint32_t e : edges) ++start[local_[g.edge_u[e]] + 1], ++start[local_[g.edge_v[e]] + 1];
    for (std::size_t i = 0; i < n; ++i) start[i + 1] += start[i];
    {
        std::vector<std::uint32_t> next(start.begin(), start.end() - 1);
        for (std::uint32_t e : edges) adj[next[local_[g.edge_u[e]]]++] = e, adj[next[local_[g.edge_v[e]]]++] = e;
    }
    std::vector<std::uint8_t> is_terminal(n, 0);
    for (std::uint32_t t : terminals)
        if (local_[t] >= 0) is_terminal[local_[t]] = 1;
    auto key = [&](std::uint32_t i) { return is_terminal[i] || start[i + 1] - start[i] != 2; };
    // Depth-first order from a key node: parent edge, order position, subtree size.
    std::uint32_t root = 0;
    while (!key(root)) ++root;
    std::vector<std::uint32_t> up(n, no_edge), order, first(n), size(n, 1);
    std::vector<std::uint32_t> stack = {root};
    std::vector<std::uint8_t> seen(n, 0);
    seen[root] = 1;
    while (!stack.empty()) {
        const std::uint32_t i = stack.back();
        stack.pop_back();
        first[i] = static_cast<std::uint32_t>(order.size());
        order.push_back(i);
        for (std::uint32_t k = start[i]; k < start[i + 1]; ++k) {
            const auto j = static_cast<std::uint32_t>(local_[g.other(adj[k], nodes[i])]);
            if (!seen[j]) seen[j] = 1, up[j] = adj[k], stack.push_back(j);
        }
    }
    for (std::size_t q = order.size(); q-- > 1;) size[local_[g.other(up[order[q]], nodes[order[q]])]] += size[order[q]];
    // Each key node but the root ends one key path above it.
    for (std::uint32_t b : order) {
        if (b == root || !key(b)) continue;
        std::vector<std::uint32_t> path, inner;
        double length = 0;
        std::uint32_t at = b;
        do {
            path.push_back(up[at]);
            length += g.edge_length[up[at]];
            at = static_cast<std::uint32_t>(local_[g.other(up[at], nodes[at])]);
            if (!key(at)) inner.push_back(at);
        } while (!key(at));
        // A path tried in an earlier pass without gain is not tried again (its edges name it).
        std::uint64_t name = path.size();
        for (std::uint32_t e : path) name = name * 0x9E3779B97F4A7C15ULL + e;
        if (failed.count(name)) continue;
        // Below: b's subtree, a range of the order. Above: the rest without the inner nodes.
        const std::uint32_t lo = first[b], hi = first[b] + size[b];
        auto below = [&](std::uint32_t i) { return first[i] >= lo && first[i] < hi; };
        auto inner_node = [&](std::uint32_t i) { return std::find(inner.begin(), inner.end(), i) != inner.end(); };
        const bool from_below = size[b] * 2 <= n;
        auto side = [&](std::uint32_t i) { return from_below ? below(i) : !below(i) && !inner_node(i); };
        Heap heap;
        auto seed = [&](std::uint32_t i) {
            const std::uint32_t v = nodes[i];
            touched_.push_back(v);
            dist_[v] = 0;
            heap.push({0.0, v});
        };
        if (from_below)
            for (std::uint32_t q = lo; q < hi; ++q) seed(order[q]);
        else
            for (std::uint32_t i = 0; i < n; ++i)
                if (side(i)) seed(i);
        std::uint32_t reached = no_edge;
        while (!heap.empty()) {
            const auto [d, v] = heap.top();
            heap.pop();
            if (d >= length - 1e-9) break;
            if (d > dist_[v]) continue;
            if (const std::int32_t i = local_[v]; i >= 0 && !side(static_cast<std::uint32_t>(i)) &&
                                                  !inner_node(static_cast<std::uint32_t>(i))) {
                reached = v;
                break;
            }
            relax(g, v, d, heap);
        }
        if (reached != no_edge) {
            std::vector<std::uint32_t> kept;
            std::sort(path.begin(), path.end());
            for (std::uint32_t e : edges)
                if (!std::binary_search(path.begin(), path.end(), e)) kept.push_back(e);
            for (std::uint32_t v = reached; dist_[v] > 0;) {
                kept.push_back(pred_[v]);
                v = g.other(pred_[v], v);
            }
            reset();
            std::sort(kept.begin(), kept.end());
            kept.erase(std::unique(kept.begin(), kept.end()), kept.end());
            edges = std::move(kept);
            return true;
        }
        reset();
        failed.insert(name);
    }
    return false;
}

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
        if (!have || t.unreached.size() < best.unreached.size() ||
            (t.unreached.size() == best.unreached.size() && t.length < best.length - 1e-9))
            best = std::move(t), have = true;
    }
    // Key-path exchange on the best tree only: it costs more than the growth, and the starts
    // have already chosen among the trees it would improve.
    std::unordered_set<std::uint64_t> failed;
    for (int round = 0; round < max_exchange_rounds && exchange(g, best.edges, all, failed); ++round) {
        best.length = 0;
        for (std::uint32_t e : best.edges) best.length += g.edge_length[e];
        improve(g, best, all);  // a new path may leave leaves to prune or a cheaper spanning tree
    }
    std::sort(best.edges.begin(), best.edges.end());
    return best;
}

SteinerTree steiner_tree(const Graph& g, std::uint32_t root, const std::vector<std::uint32_t>& terminals, int starts) {
    SteinerWorkspace w(g.node_count());
    return w.tree(g, root, terminals, starts);
}

}  // namespace warmte
