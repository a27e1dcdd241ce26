#include "warmte/road_graph.hpp"

#include "warmte/planar.hpp"
#include "warmte/spatial_index.hpp"
#include "parallel.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <queue>
#include <set>
#include <unordered_map>

namespace warmte {

DisjointSets::DisjointSets(std::size_t n) : parent_(n) {
    for (std::size_t i = 0; i < n; ++i) parent_[i] = static_cast<std::uint32_t>(i);
}

std::uint32_t DisjointSets::find(std::uint32_t a) {
    while (parent_[a] != a) a = parent_[a] = parent_[parent_[a]];
    return a;
}

bool DisjointSets::join(std::uint32_t a, std::uint32_t b) {
    a = find(a), b = find(b);
    if (a == b) return false;
    parent_[std::max(a, b)] = std::min(a, b);
    return true;
}

void Graph::index(std::size_t nodes) {
    adj_offset.assign(nodes + 1, 0);
    for (std::size_t e = 0; e < edge_u.size(); ++e) ++adj_offset[edge_u[e] + 1], ++adj_offset[edge_v[e] + 1];
    for (std::size_t n = 0; n < nodes; ++n) adj_offset[n + 1] += adj_offset[n];
    adj_edge.assign(adj_offset.back(), 0);
    std::vector<std::uint32_t> next(adj_offset.begin(), adj_offset.end() - 1);
    for (std::uint32_t e = 0; e < edge_u.size(); ++e) {
        adj_edge[next[edge_u[e]]++] = e;
        adj_edge[next[edge_v[e]]++] = e;
    }
}

std::vector<double> shortest_distances(const Graph& g, const std::vector<std::uint32_t>& sources) {
    std::vector<double> dist(g.node_count(), std::numeric_limits<double>::infinity());
    using Item = std::pair<double, std::uint32_t>;
    std::priority_queue<Item, std::vector<Item>, std::greater<>> heap;
    for (std::uint32_t s : sources) dist[s] = 0, heap.push({0.0, s});
    while (!heap.empty()) {
        const auto [d, n] = heap.top();
        heap.pop();
        if (d > dist[n]) continue;  // a stale entry
        for (std::uint32_t k = g.adj_offset[n]; k < g.adj_offset[n + 1]; ++k) {
            const std::uint32_t e = g.adj_edge[k], m = g.other(e, n);
            const double nd = d + g.edge_length[e];
            if (nd < dist[m]) dist[m] = nd, heap.push({nd, m});
        }
    }
    return dist;
}

namespace {

// The first radius of the nearest-road search: most buildings face a road closer than this, and a
// smaller first box visits fewer road pieces (only speed depends on it).
constexpr double first_search_m = 16;

struct Piece {
    double x0, y0, x1, y1;
    std::uint32_t road;  // feature index
};

// Cell key -> the newest node in the cell (a NodeSnapper's block): open addressing with linear
// probing in two flat arrays. A node snapper looks up four blocks per point, 1.2M points at 1M
// buildings; the standard map's buckets and list nodes cost two cache misses a look-up, these
// arrays one (the street stage 2.2 -> 1.3-1.6 s at 1M).
class CellHeads {
public:
    static constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();
    CellHeads() { rehash(1024); }
    std::uint32_t find(std::uint64_t key) const {
        for (std::size_t i = slot(key);; i = (i + 1) & mask_) {
            if (heads_[i] == none) return none;
            if (keys_[i] == key) return heads_[i];
        }
    }
    // Makes `node` the cell's newest; returns the one it follows (none for a new cell).
    std::uint32_t push(std::uint64_t key, std::uint32_t node) {
        if (2 * (used_ + 1) > heads_.size()) rehash(2 * heads_.size());
        std::size_t i = slot(key);
        while (heads_[i] != none && keys_[i] != key) i = (i + 1) & mask_;
        const std::uint32_t before = heads_[i];
        if (before == none) ++used_;
        keys_[i] = key, heads_[i] = node;
        return before;
    }

private:
    std::size_t slot(std::uint64_t key) const {
        key ^= key >> 32;
        key *= 0xD6E8FEB86659FD93ULL;
        key ^= key >> 32;
        return static_cast<std::size_t>(key) & mask_;
    }
    void rehash(std::size_t size) {
        std::vector<std::uint64_t> keys(size, 0);
        std::vector<std::uint32_t> heads(size, none);
        std::swap(keys, keys_), std::swap(heads, heads_);
        mask_ = size - 1;
        for (std::size_t i = 0; i < heads.size(); ++i)
            if (heads[i] != none) {
                std::size_t j = slot(keys[i]);
                while (heads_[j] != none) j = (j + 1) & mask_;
                keys_[j] = keys[i], heads_[j] = heads[i];
            }
    }
    std::vector<std::uint64_t> keys_;
    std::vector<std::uint32_t> heads_;
    std::size_t mask_ = 0, used_ = 0;
};

// Nodes by position: a point within `snap` of a node already made is that node, so ends drawn a
// few centimetres apart meet. Where several are, the one a scan of the 3x3 cells `snap` wide
// around the point meets first (cells row by row, in a cell the newest node first): the nodes of
// the graph do not depend on how the cells are stored. They are kept in blocks of 2x2 such cells,
// so four look-ups find every node within reach instead of nine (at 10M buildings the look-ups
// missed the cache more than anything in the street stage).
class NodeSnapper {
public:
    NodeSnapper(double snap, std::vector<double>& xs, std::vector<double>& ys)
        : snap_(snap), cell_(std::max(snap, 1e-6)), xs_(xs), ys_(ys) {}
    /// The node at (x, y); `also` (when given) holds nodes not indexed that may be within reach.
    std::uint32_t at(double x, double y, const std::vector<std::uint32_t>* also = nullptr) {
        Choice choice(*this, x, y);
        if (also)
            for (std::uint32_t n : *also) choice.consider(n);
        for (std::int64_t bx = key(x - cell_, 2 * cell_); bx <= key(x + cell_, 2 * cell_); ++bx)
            for (std::int64_t by = key(y - cell_, 2 * cell_); by <= key(y + cell_, 2 * cell_); ++by)
                for (std::uint32_t n = head_.find(pack(bx, by)); n != none; n = next_[n]) choice.consider(n);
        if (choice.best != none) return choice.best;
        const std::uint32_t n = make(x, y);
        // The block's nodes as a list threaded through next_: no container per block.
        next_.push_back(head_.push(pack(key(x, 2 * cell_), key(y, 2 * cell_)), n));
        return n;
    }
    /// What at(x, y) returns when the nodes within reach are among `candidates` (which may hold
    /// others): the same node, without a look-up; a new node, not indexed, when none is within
    /// reach. For a point no other road comes near (connect_points), whose new node no later
    /// point can be near either.
    std::uint32_t among(const std::vector<std::uint32_t>& candidates, double x, double y) {
        Choice choice(*this, x, y);
        for (std::uint32_t n : candidates) choice.consider(n);
        if (choice.best != none) return choice.best;
        const std::uint32_t n = make(x, y);
        next_.push_back(none);
        return n;
    }

private:
    static constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();
    static std::int64_t key(double v, double size) { return static_cast<std::int64_t>(std::floor(v / size)); }
    static std::uint64_t pack(std::int64_t a, std::int64_t b) {
        return (static_cast<std::uint64_t>(a) * 0x9E3779B97F4A7C15ULL) ^ static_cast<std::uint64_t>(b);
    }
    // The node within reach of (x, y) that the 3x3 scan meets first: the cell's rank, then the
    // newer node first.
    struct Choice {
        const NodeSnapper& s;
        double x, y;
        std::int64_t cx, cy;
        std::uint32_t best = none;
        int best_rank = 0;
        Choice(const NodeSnapper& snapper, double px, double py)
            : s(snapper), x(px), y(py), cx(key(px, snapper.cell_)), cy(key(py, snapper.cell_)) {}
        void consider(std::uint32_t n) {
            if (!(std::hypot(s.xs_[n] - x, s.ys_[n] - y) <= s.snap_)) return;
            const int rank = static_cast<int>(3 * (key(s.xs_[n], s.cell_) - cx + 1) + (key(s.ys_[n], s.cell_) - cy + 1));
            if (best == none || rank < best_rank || (rank == best_rank && n > best)) best = n, best_rank = rank;
        }
    };
    std::uint32_t make(double x, double y) {
        const auto n = static_cast<std::uint32_t>(xs_.size());
        xs_.push_back(x);
        ys_.push_back(y);
        return n;
    }
    double snap_, cell_;
    std::vector<double>& xs_;
    std::vector<double>& ys_;
    CellHeads head_;
    std::vector<std::uint32_t> next_;
};

// The straight pieces of every line feature; other kinds, empty lines and pieces drawn twice are
// recorded, never silently used.
std::vector<Piece> road_pieces(const RoadGraphInputs& in, DataQuality& quality) {
    std::vector<Piece> pieces;
    std::set<std::array<std::int64_t, 4>> seen;
    const auto xy = in.roads.coordinates();
    const double grid = std::max(in.snap_m, 1e-6);
    auto q = [&](double v) { return static_cast<std::int64_t>(std::llround(v / grid)); };
    for (std::size_t i = 0; i < in.roads.size(); ++i) {
        const std::int64_t id = in.road_ids.empty() ? static_cast<std::int64_t>(i) : in.road_ids[i];
        if (in.roads.kind(i) != GeometryKind::line) {
            quality.record({"roads", id, "road_not_a_line",
                            "a road must be a line (a centreline); this one is an area or a point and is left out: "
                            "give NWB wegvakken, BGT wegdeel centrelines or OSM highways"});
            continue;
        }
        double length = 0;
        std::size_t duplicates = 0, kept = 0;
        in.roads.for_each_ring(i, [&](std::size_t begin, std::size_t end, bool) {
            const std::size_t n = (end - begin + 1) / 2;  // there and back: the first half is the line
            for (std::size_t k = begin; k + 1 < begin + n; ++k) {
                const double x0 = xy[2 * k], y0 = xy[2 * k + 1], x1 = xy[2 * k + 2], y1 = xy[2 * k + 3];
                const double len = std::hypot(x1 - x0, y1 - y0);
                length += len;
                if (len <= in.snap_m) continue;
                std::array<std::int64_t, 4> key{q(x0), q(y0), q(x1), q(y1)};
                if (std::make_pair(key[2], key[3]) < std::make_pair(key[0], key[1]))
                    key = {key[2], key[3], key[0], key[1]};
                if (!seen.insert(key).second) {
                    ++duplicates;
                    continue;
                }
                pieces.push_back({x0, y0, x1, y1, static_cast<std::uint32_t>(i)});
                ++kept;
            }
        });
        if (length <= in.snap_m)
            quality.record({"roads", id, "zero_length_road",
                            "the line has no length (" + std::to_string(length) +
                                " m) and is left out: remove it or give its real geometry"});
        else if (duplicates > 0)
            quality.record({"roads", id, "duplicate_road",
                            std::to_string(duplicates) + " piece(s) drawn twice were used once" +
                                (kept == 0 ? " (the whole line repeats another)" : "") +
                                ": remove the duplicate lines from the roads layer"});
    }
    return pieces;
}

// Where piece b cuts piece a, as parameters along a: proper crossings (unless `crossings` is off:
// roads noded only where they share ends, as NWB draws bridges and tunnels), and an end of b
// within `snap` of a (a T-junction drawn short or long by a little).
void cuts(const Piece& a, const Piece& b, double snap, bool crossings, std::vector<double>& ta) {
    const double dx = a.x1 - a.x0, dy = a.y1 - a.y0, ex = b.x1 - b.x0, ey = b.y1 - b.y0;
    const double la = std::hypot(dx, dy);
    auto along_a = [&](double px, double py) {  // parameter of the nearest point of a, and distance
        double t = ((px - a.x0) * dx + (py - a.y0) * dy) / (la * la);
        t = std::clamp(t, 0.0, 1.0);
        return std::make_pair(t, std::hypot(a.x0 + t * dx - px, a.y0 + t * dy - py));
    };
    const double den = dx * ey - dy * ex;
    if (crossings && std::abs(den) > 1e-12 * la * std::hypot(ex, ey)) {
        const double t = ((b.x0 - a.x0) * ey - (b.y0 - a.y0) * ex) / den;
        const double u = ((b.x0 - a.x0) * dy - (b.y0 - a.y0) * dx) / den;
        if (t > 0 && t < 1 && u >= 0 && u <= 1) ta.push_back(t);
    }
    for (auto [px, py] : {std::make_pair(b.x0, b.y0), std::make_pair(b.x1, b.y1)}) {
        const auto [t, d] = along_a(px, py);
        if (d <= snap && t * la > snap && (1 - t) * la > snap) ta.push_back(t);
    }
}

struct Edge {
    std::uint32_t u, v, road;
};

// The pieces noded at every cut and snapped end: straight edges between nodes.
std::vector<Edge> noded_edges(const std::vector<Piece>& pieces, double snap, bool crossings, NodeSnapper& nodes) {
    GeometryArray boxes;
    for (const Piece& p : pieces)
        boxes.add_box({std::min(p.x0, p.x1) - snap, std::min(p.y0, p.y1) - snap, std::max(p.x0, p.x1) + snap,
                       std::max(p.y0, p.y1) + snap});
    const SpatialIndex index(boxes);
    std::vector<Edge> edges;
    std::set<std::pair<std::uint32_t, std::uint32_t>> made;
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        const Piece& a = pieces[i];
        std::vector<double> ts = {0.0, 1.0};
        index.query(boxes.bounds(i), [&](std::uint32_t j) {
            if (j != i) cuts(a, pieces[j], snap, crossings, ts);
        });
        std::sort(ts.begin(), ts.end());
        std::uint32_t prev = nodes.at(a.x0, a.y0);
        for (std::size_t k = 1; k < ts.size(); ++k) {
            const double t = ts[k];
            const std::uint32_t n = nodes.at(a.x0 + t * (a.x1 - a.x0), a.y0 + t * (a.y1 - a.y0));
            if (n == prev) continue;
            if (made.insert({std::min(prev, n), std::max(prev, n)}).second) edges.push_back({prev, n, a.road});
            prev = n;
        }
    }
    return edges;
}

// Streets: chains of edges through nodes where exactly two edges meet.
std::vector<std::uint32_t> chain_streets(const Graph& g, std::size_t& count) {
    const std::size_t ne = g.edge_count();
    std::vector<std::uint32_t> street(ne, UINT32_MAX);
    auto degree = [&](std::uint32_t n) { return g.adj_offset[n + 1] - g.adj_offset[n]; };
    count = 0;
    auto walk = [&](std::uint32_t from, std::uint32_t e, std::uint32_t s) {
        std::uint32_t n = from;
        while (street[e] == UINT32_MAX) {
            street[e] = s;
            n = g.other(e, n);
            if (degree(n) != 2) break;
            const std::uint32_t a = g.adj_edge[g.adj_offset[n]], b = g.adj_edge[g.adj_offset[n] + 1];
            e = a == e ? b : a;
        }
    };
    for (std::uint32_t n = 0; n < g.node_count(); ++n) {
        if (degree(n) == 2) continue;
        for (std::uint32_t k = g.adj_offset[n]; k < g.adj_offset[n + 1]; ++k)
            if (street[g.adj_edge[k]] == UINT32_MAX) walk(n, g.adj_edge[k], static_cast<std::uint32_t>(count++));
    }
    for (std::uint32_t e = 0; e < ne; ++e)  // rings of degree-2 nodes only
        if (street[e] == UINT32_MAX) walk(g.edge_u[e], e, static_cast<std::uint32_t>(count++));
    return street;
}

// Each point joins the nearest edge within reach; the edges are cut where service pipes land.
void connect_points(const RoadGraphInputs& in, RoadGraph& rg, NodeSnapper& nodes) {
    Graph& g = rg.graph;
    const std::size_t np = in.points.size() / 2;
    rg.connections.assign(np, {});
    if (g.edge_count() == 0) return;
    GeometryArray lines;
    for (std::size_t e = 0; e < g.edge_count(); ++e) {
        const double s[4] = {rg.node_x[g.edge_u[e]], rg.node_y[g.edge_u[e]], rg.node_x[g.edge_v[e]],
                             rg.node_y[g.edge_v[e]]};
        lines.add_line(std::span<const double>(s, 4));
    }
    const SpatialIndex index(lines);
    std::vector<std::vector<std::pair<double, std::size_t>>> on_edge(g.edge_count());  // (t, point)
    std::vector<std::uint32_t> nearest_edge(np, std::numeric_limits<std::uint32_t>::max());
    std::vector<double> nearest_t(np, 0.0);
    std::vector<std::uint8_t> lands_alone(np, 0);
    parallel_for(np, in.threads, {}, "road connections", [&](std::size_t p, geos::Context&) {
        const double px = in.points[2 * p], py = in.points[2 * p + 1];
        if (std::isnan(px)) return;
        double best = std::numeric_limits<double>::infinity(), best_t = 0;
        std::uint32_t best_e = 0;
        index.nearest(Box{px, py, px, py}, [&](std::uint32_t e, double box_distance) {
            if (box_distance > best) return false;
            const double ax = rg.node_x[g.edge_u[e]], ay = rg.node_y[g.edge_u[e]];
            const double dx = rg.node_x[g.edge_v[e]] - ax, dy = rg.node_y[g.edge_v[e]] - ay;
            const double t = std::clamp(((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy), 0.0, 1.0);
            const double d = std::hypot(ax + t * dx - px, ay + t * dy - py);
            if (d < best || (d == best && e < best_e)) best = d, best_e = e, best_t = t;  // ties: the lower edge
            return true;
        }, std::min(in.reach_m, first_search_m), in.reach_m, &best);
        if (best > in.reach_m) return;
        rg.connections[p].service_m = best;
        nearest_edge[p] = best_e, nearest_t[p] = best_t;
        // Alone: no other road within snapping distance of where the pipe lands. Every node lies
        // on the edges it ends, so the only nodes within reach of it are on its own edge.
        const double ax = rg.node_x[g.edge_u[best_e]], ay = rg.node_y[g.edge_u[best_e]];
        const double qx = ax + best_t * (rg.node_x[g.edge_v[best_e]] - ax), qy = ay + best_t * (rg.node_y[g.edge_v[best_e]] - ay);
        bool alone = true;
        index.query(Box{qx - in.snap_m, qy - in.snap_m, qx + in.snap_m, qy + in.snap_m}, [&](std::uint32_t f) {
            if (f == best_e || !alone) return;
            const double fx = rg.node_x[g.edge_u[f]], fy = rg.node_y[g.edge_u[f]];
            if (planar::point_segment_distance(qx, qy, fx, fy, rg.node_x[g.edge_v[f]], rg.node_y[g.edge_v[f]]) <= in.snap_m)
                alone = false;
        });
        lands_alone[p] = alone ? 1 : 0;
    }, 1024);
    for (std::size_t p = 0; p < np; ++p)  // in point order: the cuts do not depend on the threads
        if (nearest_edge[p] != std::numeric_limits<std::uint32_t>::max()) on_edge[nearest_edge[p]].push_back({nearest_t[p], p});
    const std::size_t original = g.edge_count();
    std::vector<std::uint32_t> on_this_edge;
    for (std::uint32_t e = 0; e < original; ++e) {
        auto& here = on_edge[e];
        if (here.empty()) continue;
        std::sort(here.begin(), here.end());
        const std::uint32_t u = g.edge_u[e], v = g.edge_v[e];
        const double ax = rg.node_x[u], ay = rg.node_y[u], dx = rg.node_x[v] - ax, dy = rg.node_y[v] - ay;
        std::uint32_t prev = u;
        bool first = true;
        std::vector<std::uint32_t>& on_this = on_this_edge;  // the nodes this edge's points met or made
        on_this.assign({u, v});
        for (const auto& [t, p] : here) {
            // A pipe landing alone needs no look-up in the snapper (most do: 8 of the 13 s of the
            // street stage at 10M buildings were those look-ups missing the cache). Its node is
            // not indexed: only a later point on this edge can be near it, so those look among
            // this edge's nodes too.
            const std::uint32_t n = lands_alone[p] ? nodes.among(on_this, ax + t * dx, ay + t * dy)
                                                   : nodes.at(ax + t * dx, ay + t * dy, &on_this);
            on_this.push_back(n);
            rg.connections[p].node = n;
            rg.connections[p].street = rg.edge_street[e];
            if (n == prev || n == v) continue;
            if (first) {  // the edge itself becomes the first cut piece
                g.edge_v[e] = n;
                first = false;
            } else {
                g.edge_u.push_back(prev), g.edge_v.push_back(n), rg.edge_street.push_back(rg.edge_street[e]);
            }
            prev = n;
        }
        if (prev != u) g.edge_u.push_back(prev), g.edge_v.push_back(v), rg.edge_street.push_back(rg.edge_street[e]);
    }
}

void measure(RoadGraph& rg) {
    Graph& g = rg.graph;
    g.edge_length.resize(g.edge_count());
    for (std::size_t e = 0; e < g.edge_count(); ++e)
        g.edge_length[e] =
            std::hypot(rg.node_x[g.edge_v[e]] - rg.node_x[g.edge_u[e]], rg.node_y[g.edge_v[e]] - rg.node_y[g.edge_u[e]]);
    g.index(rg.node_x.size());
    DisjointSets pieces(rg.node_x.size());
    for (std::size_t e = 0; e < g.edge_count(); ++e) pieces.join(g.edge_u[e], g.edge_v[e]);
    rg.component.resize(rg.node_x.size());
    for (std::uint32_t n = 0; n < rg.node_x.size(); ++n) rg.component[n] = pieces.find(n);
}

// Each street as one line (its edges in chain order) with its length. The walk follows the
// graph's adjacency (each node's edges in ascending order): a search of the street's edge list at
// every step made it quadratic in a street's pieces, and a street is cut at every service pipe.
void street_lines(RoadGraph& rg, std::size_t streets) {
    const Graph& g = rg.graph;
    std::vector<std::vector<std::uint32_t>> edges(streets);
    for (std::uint32_t e = 0; e < g.edge_count(); ++e) edges[rg.edge_street[e]].push_back(e);
    rg.street_length_m.assign(streets, 0.0);
    rg.street_component.assign(streets, 0);
    std::vector<std::uint8_t> used(g.edge_count(), 0);
    // The first edge of street s at node n in ascending order that is not used yet; none if none.
    auto next_edge = [&](std::uint32_t n, std::size_t s) {
        for (std::uint32_t k = g.adj_offset[n]; k < g.adj_offset[n + 1]; ++k)
            if (const std::uint32_t e = g.adj_edge[k]; rg.edge_street[e] == s && !used[e]) return e;
        return std::numeric_limits<std::uint32_t>::max();
    };
    // How many of street s's edges meet at n (an end of the chain: one).
    auto edges_at = [&](std::uint32_t n, std::size_t s) {
        int count = 0;
        for (std::uint32_t k = g.adj_offset[n]; k < g.adj_offset[n + 1]; ++k) count += rg.edge_street[g.adj_edge[k]] == s;
        return count;
    };
    for (std::size_t s = 0; s < streets; ++s) {
        // Walk from an end of the chain (a node met once, the first in edge order), else from any node of a ring.
        std::uint32_t start = g.edge_u[edges[s].front()];
        bool found = false;
        for (std::uint32_t e : edges[s])
            for (std::uint32_t n : {g.edge_u[e], g.edge_v[e]})
                if (!found && edges_at(n, s) == 1) start = n, found = true;
        std::vector<double> xy = {rg.node_x[start], rg.node_y[start]};
        std::uint32_t at = start;
        for (std::size_t step = 0; step < edges[s].size(); ++step) {
            const std::uint32_t e = next_edge(at, s);
            if (e == std::numeric_limits<std::uint32_t>::max()) break;
            used[e] = 1;
            at = g.other(e, at);
            xy.push_back(rg.node_x[at]), xy.push_back(rg.node_y[at]);
            rg.street_length_m[s] += g.edge_length[e];
        }
        rg.streets.add_line(xy);
        rg.street_component[s] = rg.component[start];
    }
}

}  // namespace

RoadGraph build_road_graph(const RoadGraphInputs& in, DataQuality& quality) {
    RoadGraph rg;
    NodeSnapper nodes(in.snap_m, rg.node_x, rg.node_y);
    const std::vector<Piece> pieces = road_pieces(in, quality);
    const std::vector<Edge> edges = noded_edges(pieces, in.snap_m, in.node_crossings, nodes);
    Graph& g = rg.graph;
    std::vector<std::uint32_t> edge_road;
    for (const Edge& e : edges) g.edge_u.push_back(e.u), g.edge_v.push_back(e.v), edge_road.push_back(e.road);
    g.edge_length.assign(g.edge_count(), 0.0);
    g.index(rg.node_x.size());
    std::size_t streets = 0;
    rg.edge_street = chain_streets(g, streets);
    rg.street_road.assign(streets, -1);
    rg.street_works_year.assign(streets, std::numeric_limits<double>::quiet_NaN());
    for (std::size_t e = 0; e < edges.size(); ++e) {
        const std::uint32_t s = rg.edge_street[e], r = edge_road[e];
        const std::int64_t id = in.road_ids.empty() ? r : in.road_ids[r];
        if (rg.street_road[s] < 0 || id < rg.street_road[s]) rg.street_road[s] = id;
        if (r < in.road_works_year.size() && !std::isnan(in.road_works_year[r]))
            rg.street_works_year[s] = std::isnan(rg.street_works_year[s])
                                          ? in.road_works_year[r]
                                          : std::min(rg.street_works_year[s], in.road_works_year[r]);
    }
    connect_points(in, rg, nodes);
    measure(rg);
    street_lines(rg, streets);
    return rg;
}

}  // namespace warmte
