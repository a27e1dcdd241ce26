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

// One Dijkstra step: the neighbours of n (settled at d) get shorter distances through it. A
// neighbour the search only passes through — two edges, no terminal, not on the tree or a tree
// being reconnected — is not queued: the step goes on along its other edge at once. Most nodes
// are such (a road is cut wherever a service pipe lands), and the queue was most of the routes' time.
void SteinerWorkspace::relax(const Graph& g, std::uint32_t n, double d, Heap& heap) {
    for (std::uint32_t k = g.adj_offset[n]; k < g.adj_offset[n + 1]; ++k) {
        std::uint32_t e = g.adj_edge[k], from = n;
        double nd = d;
        for (;;) {
            const std::uint32_t m = g.other(e, from);
            nd += g.edge_length[e];
            if (!(nd < dist_[m])) break;
            if (dist_[m] == unreached_distance) touched_.push_back(m);
            dist_[m] = nd, pred_[m] = e;
            const std::uint32_t first = g.adj_offset[m];
            if (g.adj_offset[m + 1] - first != 2 || terminal_[m] || in_tree_[m] || local_[m] >= 0) {
                heap.push({nd, m});
                break;
            }
            const std::uint32_t a = g.adj_edge[first];
            e = a == e ? g.adj_edge[first + 1] : a;
            from = m;
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

namespace {

// The nodes of a set of edges, sorted, each once.
std::vector<std::uint32_t> nodes_of(const Graph& g, const std::vector<std::uint32_t>& edges) {
    std::vector<std::uint32_t> nodes;
    for (std::uint32_t e : edges) nodes.push_back(g.edge_u[e]), nodes.push_back(g.edge_v[e]);
    std::sort(nodes.begin(), nodes.end());
    nodes.erase(std::unique(nodes.begin(), nodes.end()), nodes.end());
    return nodes;
}

// A tree's nodes (sorted) and each graph node's place among them (-1: not a tree node), filled
// by the workspace for the call: a look-up instead of a binary search per edge end.
struct Slots {
    const std::vector<std::uint32_t>& nodes;
    const std::vector<std::int32_t>& place;
    bool holds(std::uint32_t n) const { return place[n] >= 0; }
    std::uint32_t of(std::uint32_t n) const { return static_cast<std::uint32_t>(place[n]); }
};

// Kruskal over every graph edge between two of `nodes` (sorted): shortest first, ties by edge.
std::vector<std::uint32_t> spanning_tree(const Graph& g, const Slots& slots) {
    std::vector<std::uint32_t> candidates;
    for (std::uint32_t n : slots.nodes)
        for (std::uint32_t k = g.adj_offset[n]; k < g.adj_offset[n + 1]; ++k) {
            const std::uint32_t e = g.adj_edge[k];
            if (g.other(e, n) > n && slots.holds(g.other(e, n))) candidates.push_back(e);
        }
    std::sort(candidates.begin(), candidates.end(), [&](std::uint32_t a, std::uint32_t b) {
        return g.edge_length[a] != g.edge_length[b] ? g.edge_length[a] < g.edge_length[b] : a < b;
    });
    DisjointSets parts(slots.nodes.size());
    std::vector<std::uint32_t> mst;
    for (std::uint32_t e : candidates)
        if (parts.join(slots.of(g.edge_u[e]), slots.of(g.edge_v[e]))) mst.push_back(e);
    return mst;
}

// The tree without its leaves that are no terminal, and theirs in turn, up every chain.
std::vector<std::uint32_t> pruned(const Graph& g, const Slots& slots, const std::vector<std::uint32_t>& tree,
                                  const std::vector<std::uint32_t>& terminals) {
    const std::vector<std::uint32_t>& nodes = slots.nodes;
    std::vector<std::uint8_t> keep_node(nodes.size(), 0);
    for (std::uint32_t n : terminals)
        if (slots.holds(n)) keep_node[slots.of(n)] = 1;
    std::vector<std::vector<std::uint32_t>> at(nodes.size());  // tree edge indices per node
    std::vector<std::uint32_t> degree(nodes.size(), 0);
    for (std::uint32_t i = 0; i < tree.size(); ++i) {
        const std::uint32_t a = slots.of(g.edge_u[tree[i]]), b = slots.of(g.edge_v[tree[i]]);
        at[a].push_back(i), at[b].push_back(i), ++degree[a], ++degree[b];
    }
    auto cut = [&](std::uint32_t v) { return degree[v] == 1 && !keep_node[v]; };
    std::vector<std::uint8_t> alive(tree.size(), 1);
    std::vector<std::uint32_t> leaves;
    for (std::uint32_t v = 0; v < nodes.size(); ++v)
        if (cut(v)) leaves.push_back(v);
    while (!leaves.empty()) {
        const std::uint32_t v = leaves.back();
        leaves.pop_back();
        if (!cut(v)) continue;
        for (std::uint32_t i : at[v]) {
            if (!alive[i]) continue;
            alive[i] = 0;
            const std::uint32_t a = slots.of(g.edge_u[tree[i]]), b = slots.of(g.edge_v[tree[i]]);
            --degree[a], --degree[b];
            if (cut(a == v ? b : a)) leaves.push_back(a == v ? b : a);
        }
    }
    std::vector<std::uint32_t> out;
    for (std::size_t i = 0; i < tree.size(); ++i)
        if (alive[i]) out.push_back(tree[i]);
    return out;
}

}  // namespace

// A minimum spanning tree over the tree's nodes (every graph edge between two of them), then
// leaves that are no terminal cut off until none is left. Never longer than the tree it starts from.
void SteinerWorkspace::improve(const Graph& g, SteinerTree& t, const std::vector<std::uint32_t>& terminals) {
    if (t.edges.empty()) return;
    const std::vector<std::uint32_t> nodes = nodes_of(g, t.edges);
    for (std::uint32_t i = 0; i < nodes.size(); ++i) local_[nodes[i]] = static_cast<std::int32_t>(i);
    const Slots slots{nodes, local_};
    std::vector<std::uint32_t> better = pruned(g, slots, spanning_tree(g, slots), terminals);
    for (std::uint32_t n : nodes) local_[n] = -1;
    double length = 0;
    for (std::uint32_t e : better) length += g.edge_length[e];
    if (length < t.length) t.edges = std::move(better), t.length = length;
}

// A tree rooted at a key node: its nodes numbered locally (local_ maps a graph node to its
// number), adjacency in compressed rows, each node's edge up, the depth-first order, each node's
// place in it and the size of its subtree (a subtree is a range of the order).
struct SteinerWorkspace::Rooted {
    std::vector<std::uint32_t> nodes, start, adj, up, order, first, size;
    std::vector<std::uint8_t> is_terminal;
    std::uint32_t root = 0;
    bool key(std::uint32_t i) const { return is_terminal[i] || start[i + 1] - start[i] != 2; }
};

SteinerWorkspace::Rooted SteinerWorkspace::rooted(const Graph& g, const std::vector<std::uint32_t>& edges,
                                                  const std::vector<std::uint32_t>& terminals) {
    Rooted t;
    t.nodes = nodes_of(g, edges);
    const std::size_t n = t.nodes.size();
    for (std::uint32_t i = 0; i < n; ++i) local_[t.nodes[i]] = static_cast<std::int32_t>(i);
    auto at = [&](std::uint32_t v) { return static_cast<std::uint32_t>(local_[v]); };
    t.start.assign(n + 1, 0);
    t.adj.resize(2 * edges.size());
    for (std::uint32_t e : edges) ++t.start[at(g.edge_u[e]) + 1], ++t.start[at(g.edge_v[e]) + 1];
    for (std::size_t i = 0; i < n; ++i) t.start[i + 1] += t.start[i];
    std::vector<std::uint32_t> next(t.start.begin(), t.start.end() - 1);
    for (std::uint32_t e : edges) t.adj[next[at(g.edge_u[e])]++] = e, t.adj[next[at(g.edge_v[e])]++] = e;
    t.is_terminal.assign(n, 0);
    for (std::uint32_t v : terminals)
        if (local_[v] >= 0) t.is_terminal[at(v)] = 1;
    while (!t.key(t.root)) ++t.root;  // a tree has leaves: a key node exists
    t.up.assign(n, no_edge), t.first.assign(n, 0), t.size.assign(n, 1);
    std::vector<std::uint8_t> seen(n, 0);
    std::vector<std::uint32_t> stack = {t.root};
    seen[t.root] = 1;
    while (!stack.empty()) {
        const std::uint32_t i = stack.back();
        stack.pop_back();
        t.first[i] = static_cast<std::uint32_t>(t.order.size());
        t.order.push_back(i);
        for (std::uint32_t k = t.start[i]; k < t.start[i + 1]; ++k)
            if (const std::uint32_t j = at(g.other(t.adj[k], t.nodes[i])); !seen[j])
                seen[j] = 1, t.up[j] = t.adj[k], stack.push_back(j);
    }
    for (std::size_t q = n; q-- > 1;) t.size[at(g.other(t.up[t.order[q]], t.nodes[t.order[q]]))] += t.size[t.order[q]];
    return t;
}

// The key path from key node b up to the next key node: its edges, inner nodes and length.
SteinerWorkspace::KeyPath SteinerWorkspace::key_path_above(const Graph& g, const Rooted& t, std::uint32_t b) const {
    KeyPath p;
    std::uint32_t at = b;
    do {
        p.edges.push_back(t.up[at]);
        p.length += g.edge_length[t.up[at]];
        at = static_cast<std::uint32_t>(local_[g.other(t.up[at], t.nodes[at])]);
        if (!t.key(at)) p.inner.push_back(at);
    } while (!t.key(at));
    return p;
}

// The shortest path shorter than the key path above b that joins b's subtree to the rest of the
// tree (not through the path's inner nodes as tree nodes), searched from the smaller part: its
// end in the other part, or no_edge. dist_ and pred_ hold the path until reset().
std::uint32_t SteinerWorkspace::reconnect(const Graph& g, const Rooted& t, std::uint32_t b, const KeyPath& p) {
    const std::uint32_t lo = t.first[b], hi = t.first[b] + t.size[b];
    auto below = [&](std::uint32_t i) { return t.first[i] >= lo && t.first[i] < hi; };
    auto inner = [&](std::uint32_t i) { return std::find(p.inner.begin(), p.inner.end(), i) != p.inner.end(); };
    const bool from_below = t.size[b] * 2 <= t.nodes.size();
    auto side = [&](std::uint32_t i) { return from_below ? below(i) : !below(i) && !inner(i); };
    // The part's nodes all start at 0: relaxed in ascending node order, as the queue would give
    // them, without queueing them (a part holds thousands of nodes, the search from it often few more).
    std::vector<std::uint32_t>& seeds = seeds_;
    seeds.clear();
    if (from_below)  // the subtree is a range of the order: no look at the rest
        for (std::uint32_t q = lo; q < hi; ++q) seeds.push_back(t.nodes[t.order[q]]);
    else
        for (std::uint32_t i = 0; i < t.nodes.size(); ++i)
            if (side(i)) seeds.push_back(t.nodes[i]);
    std::sort(seeds.begin(), seeds.end());
    for (std::uint32_t v : seeds) touched_.push_back(v), dist_[v] = 0;
    Heap heap;
    for (std::uint32_t v : seeds) relax(g, v, 0.0, heap);
    while (!heap.empty()) {
        const auto [d, v] = heap.top();
        heap.pop();
        if (d >= p.length - 1e-9) break;
        if (d > dist_[v]) continue;
        if (const std::int32_t i = local_[v]; i >= 0 && !side(static_cast<std::uint32_t>(i)) && !inner(static_cast<std::uint32_t>(i)))
            return v;
        relax(g, v, d, heap);
    }
    return no_edge;
}

// Key-path exchange (Verhoeven, Severens & Aarts 1996; Uchoa & Werneck 2010): a key path runs
// between key nodes (terminals and branch points) through nodes of degree two that are no
// terminal. Taking one out splits the tree in two; when the shortest path between the two parts
// is shorter than the key path, it takes its place. The tree is rooted once per pass, so a part is
// a range of the depth-first order (or the rest); the search stops at the key path's length. The
// first improvement found is made and true returned (the caller runs another pass, skipping the
// paths that failed).
bool SteinerWorkspace::exchange(const Graph& g, std::vector<std::uint32_t>& edges,
                                const std::vector<std::uint32_t>& terminals, std::unordered_set<std::uint64_t>& failed) {
    if (edges.size() < 2) return false;
    const Rooted t = rooted(g, edges, terminals);
    struct Clear {  // local_ back to -1 however this returns
        std::vector<std::int32_t>& local;
        const std::vector<std::uint32_t>& nodes;
        ~Clear() {
            for (std::uint32_t v : nodes) local[v] = -1;
        }
    } clear{local_, t.nodes};
    for (std::uint32_t b : t.order) {  // each key node but the root ends one key path above it
        if (b == t.root || !t.key(b)) continue;
        KeyPath p = key_path_above(g, t, b);
        // A path tried in an earlier pass without gain is not tried again (its edges name it).
        std::uint64_t name = p.edges.size();
        for (std::uint32_t e : p.edges) name = name * 0x9E3779B97F4A7C15ULL + e;
        if (failed.count(name)) continue;
        const std::uint32_t reached = reconnect(g, t, b, p);
        if (reached == no_edge) {
            reset();
            failed.insert(name);
            continue;
        }
        std::sort(p.edges.begin(), p.edges.end());
        std::vector<std::uint32_t> kept;
        for (std::uint32_t e : edges)
            if (!std::binary_search(p.edges.begin(), p.edges.end(), e)) kept.push_back(e);
        for (std::uint32_t v = reached; dist_[v] > 0; v = g.other(pred_[v], v)) kept.push_back(pred_[v]);
        reset();
        std::sort(kept.begin(), kept.end());
        kept.erase(std::unique(kept.begin(), kept.end()), kept.end());
        edges = std::move(kept);
        return true;
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
