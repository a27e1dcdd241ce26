#include "warmte/street_network.hpp"

#include "warmte/csv.hpp"
#include "warmte/demand_tables.hpp"
#include "warmte/spatial_index.hpp"
#include "warmte/steiner.hpp"
#include "warmte/works.hpp"
#include "parallel.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>
#include <unordered_map>

namespace warmte {

namespace {
constexpr double gj_per_mwh = 3.6;
constexpr double kw_per_mw = 1000;
constexpr double seconds_per_year = 8760.0 * 3600.0;
constexpr double joules_per_gj = 1e9;
constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();
const double nan = std::numeric_limits<double>::quiet_NaN();

// A text column where an empty value is null.
Column optional_text_column(std::string name, std::vector<std::string> values) {
    Column c = text_column(std::move(name), std::move(values));
    for (std::size_t r = 0; r < c.text.size(); ++r) c.present[r] = !c.text[r].empty();
    return c;
}

Column integer_column(std::string name, std::vector<double> values) {
    Column c = real_column(std::move(name), std::move(values));
    c.type = ColumnType::integer;
    return c;
}
}  // namespace

double simultaneity(double n, const StreetParameters& p) {
    return p.simultaneity_a + p.simultaneity_b / (1 + std::pow(n / p.simultaneity_c, p.simultaneity_d));
}

namespace {

// A row of libwarmte/data/pipe_classes.csv, parsed once.
struct PipeRow {
    int dn;
    double inner_m, v_max_m_s, heat_loss_w_m;
};

const std::vector<PipeRow>& pipe_rows() {
    static const std::vector<PipeRow> rows = [] {
        const std::string origin = "libwarmte/data/pipe_classes.csv";
        std::vector<PipeRow> out;
        for (const auto& row : parse_csv(builtin::pipe_classes_csv, origin, {"dn", "inner_mm", "v_max_m_s", "heat_loss_w_m"}))
            out.push_back({static_cast<int>(number_in(row, "dn", origin)), number_in(row, "inner_mm", origin) / 1000,
                           number_in(row, "v_max_m_s", origin), number_in(row, "heat_loss_w_m", origin)});
        return out;
    }();
    return rows;
}

}  // namespace

PipeClass pipe_class_for(double peak_kw, const StreetParameters& p) {
    const std::vector<PipeRow>& rows = pipe_rows();
    PipeClass c{};
    for (const PipeRow& r : rows) {
        // Capacity at the configured ΔT: density x heat capacity x ΔT x the design flow.
        const double flow_m3_s = r.v_max_m_s * std::numbers::pi * r.inner_m * r.inner_m / 4;
        c = {r.dn, flow_m3_s * p.water_density_kg_m3 * p.water_heat_capacity_kj_kgk * p.delta_t_k, r.heat_loss_w_m};
        if (c.capacity_kw >= peak_kw) break;  // else the largest class
    }
    return c;
}

StreetState street_state(StreetStateInputs in, const Config& config, DataQuality& quality) {
    StreetState s;
    s.present = true;
    s.buildings = std::move(in.buildings);
    const StreetBuildings& b = s.buildings;
    std::vector<double> points(2 * b.size());
    for (std::size_t i = 0; i < b.size(); ++i) points[2 * i] = b.x[i], points[2 * i + 1] = b.y[i];
    s.graph = build_road_graph({in.roads, in.road_ids, in.road_works_year, points, config.streets.snap_m,
                                config.costs.road_reach_m, resolve_threads(config.threads), config.streets.node_crossings},
                               quality);
    const std::size_t ns = s.graph.street_length_m.size();
    if (in.works) {  // the works layer's years beside the roads' own: the earliest of both
        const std::vector<double> planned = works_year_of_streets(s.graph.streets, *in.works, config, quality);
        for (std::size_t st = 0; st < ns; ++st)
            if (!std::isnan(planned[st]) && !(s.graph.street_works_year[st] <= planned[st]))
                s.graph.street_works_year[st] = planned[st];
    }
    s.street_gj.assign(ns, 0.0);
    s.street_buildings.assign(ns, 0);
    std::vector<std::map<std::int32_t, double>> heat_by_buurt(ns);
    for (std::size_t i = 0; i < b.size(); ++i) {
        const RoadConnection& c = s.graph.connections[i];
        if (std::isnan(c.service_m)) {
            quality.record({"buildings", b.id[i], "no_road_within_reach",
                            "no road within " + std::to_string(static_cast<int>(config.costs.road_reach_m)) +
                                " m (costs.road_reach_m): the building cannot join a routed heat network; give the "
                                "roads near it (the roads layer may be cut off)"});
            continue;
        }
        s.street_gj[c.street] += b.gj[i];
        s.street_buildings[c.street] += 1;
        heat_by_buurt[c.street][b.home[i]] += b.gj[i];
    }
    s.street_buurt.assign(ns, -1);
    for (std::size_t k = 0; k < ns; ++k) {
        double best = -1;
        for (const auto& [buurt, gj] : heat_by_buurt[k])  // ascending buurt: ties go to the lower row
            if (gj > best) best = gj, s.street_buurt[k] = buurt;
    }
    return s;
}

namespace {

double lhd_mwh_m(const StreetState& s, std::size_t street) {
    const double len = s.graph.street_length_m[street];
    return len > 0 ? s.street_gj[street] / gj_per_mwh / len : 0.0;
}

std::string lhd_class(double mwh_m, const StreetParameters& p) {
    if (mwh_m >= p.lhd_high_mwh_m) return "very_dense";
    if (mwh_m >= p.lhd_mid_mwh_m) return "dense";
    if (mwh_m >= p.lhd_low_mwh_m) return "moderate";
    return "low";
}

// A cluster as found: its buurt and the buildings that join.
struct Cluster {
    std::int32_t buurt = -1;
    std::vector<std::uint32_t> buildings;
    std::string id;
    // Filled by the route.
    double trench_m = 0, service_m = 0, investment_eur = 0, gj = 0, weq = 0, dwellings = 0, lhd = 0;
    double works_year = nan;
    std::string source_kind, source_name;
    int phase = 0;
    bool routed = false;
    double start_x = nan, start_y = nan;  // where the network starts: the source's road node or the energy centre
};

// Per street the peak of its connections (simultaneous), for the join test's share of the street.
std::vector<double> street_peaks(const StreetState& s, const StreetParameters& p) {
    const std::size_t ns = s.street_gj.size();
    std::vector<double> kw(ns, 0.0);
    for (std::size_t i = 0; i < s.buildings.size(); ++i)
        if (!std::isnan(s.graph.connections[i].service_m)) kw[s.graph.connections[i].street] += s.buildings.peak_kw[i];
    for (std::size_t k = 0; k < ns; ++k)
        if (s.street_buildings[k] > 0) kw[k] *= simultaneity(s.street_buildings[k], p);
    return kw;
}

// The buildings that join (docs/streets.md §3): on a street at least network.cluster_min_mwh_m
// dense, in a candidate buurt, and, when the buurt's costs give a margin, whose own pipes (its
// service pipe and its share of its street's trench by heat) cost no more per year than the
// network saves against the buurt's best alternative for its dwelling equivalents, or than the
// verdict priced the pipes of an average equivalent at, whichever is more.
std::vector<std::uint8_t> joining(const StreetState& s, const std::vector<RouteBuurt>& buurten, const Config& config,
                                  const CostKentallen& k) {
    const StreetParameters& p = config.streets;
    const StreetBuildings& b = s.buildings;
    const std::vector<double> peak = street_peaks(s, p);
    std::vector<std::uint8_t> joins(b.size(), 0);
    for (std::size_t i = 0; i < b.size(); ++i) {
        const RoadConnection& c = s.graph.connections[i];
        if (b.home[i] < 0 || std::isnan(c.service_m) || b.gj[i] <= 0) continue;
        const RouteBuurt& rb = buurten[b.home[i]];
        if (!rb.candidate || lhd_mwh_m(s, c.street) < p.cluster_min_mwh_m) continue;
        if (std::isnan(rb.margin_eur_weq)) {
            joins[i] = 1;
            continue;
        }
        const double street_eur = s.graph.street_length_m[c.street] * pipe_cost_eur_m(peak[c.street] / kw_per_mw, k, rb.curve);
        const double own_eur = c.service_m * pipe_cost_eur_m(b.peak_kw[i] / kw_per_mw, k, rb.curve) +
                               street_eur * b.gj[i] / s.street_gj[c.street];
        joins[i] = b.weq[i] * std::max(rb.margin_eur_weq, rb.pipes_eur_weq) >= rb.annuity * own_eur;
    }
    return joins;
}

// The clusters: per buurt, the joining buildings whose streets are one piece of dense streets,
// joined through less dense streets no longer than network.cluster_gap_m.
std::vector<Cluster> find_clusters(const StreetState& s, const std::vector<std::uint8_t>& joins,
                                   const std::vector<std::string>& buurtcode, const StreetParameters& p) {
    const Graph& g = s.graph.graph;
    const std::size_t ns = s.street_gj.size();
    std::vector<std::uint8_t> dense(ns);
    for (std::size_t k = 0; k < ns; ++k) dense[k] = lhd_mwh_m(s, k) >= p.cluster_min_mwh_m;
    DisjointSets sets(g.node_count());
    std::vector<std::uint8_t> touches_dense(g.node_count(), 0);
    for (std::uint32_t e = 0; e < g.edge_count(); ++e)
        if (dense[s.graph.edge_street[e]]) {
            sets.join(g.edge_u[e], g.edge_v[e]);
            touches_dense[g.edge_u[e]] = touches_dense[g.edge_v[e]] = 1;
        }
    // Short links: a less dense street no longer than the gap with dense streets at both ends.
    std::vector<std::vector<std::uint32_t>> street_edges(ns);
    for (std::uint32_t e = 0; e < g.edge_count(); ++e)
        if (!dense[s.graph.edge_street[e]] && s.graph.street_length_m[s.graph.edge_street[e]] <= p.cluster_gap_m)
            street_edges[s.graph.edge_street[e]].push_back(e);
    for (std::size_t k = 0; k < ns; ++k) {
        std::size_t touching = 0;
        std::vector<std::uint32_t> nodes;
        for (std::uint32_t e : street_edges[k]) nodes.push_back(g.edge_u[e]), nodes.push_back(g.edge_v[e]);
        std::sort(nodes.begin(), nodes.end());
        nodes.erase(std::unique(nodes.begin(), nodes.end()), nodes.end());
        for (std::uint32_t n : nodes) touching += touches_dense[n];
        if (touching >= 2)
            for (std::uint32_t e : street_edges[k]) sets.join(g.edge_u[e], g.edge_v[e]);
    }
    std::map<std::pair<std::int32_t, std::uint32_t>, std::size_t> index;
    std::vector<Cluster> clusters;
    for (std::uint32_t i = 0; i < s.buildings.size(); ++i) {
        if (!joins[i]) continue;
        const auto key = std::make_pair(s.buildings.home[i], sets.find(s.graph.connections[i].node));
        auto [it, fresh] = index.try_emplace(key, clusters.size());
        if (fresh) {
            clusters.emplace_back();
            clusters.back().buurt = key.first;
        }
        clusters[it->second].buildings.push_back(i);
    }
    std::vector<Cluster> kept;
    for (Cluster& c : clusters)
        if (static_cast<int>(c.buildings.size()) >= p.cluster_min_buildings) kept.push_back(std::move(c));
    std::stable_sort(kept.begin(), kept.end(), [](const Cluster& a, const Cluster& b) {
        return a.buurt != b.buurt ? a.buurt < b.buurt : a.buildings.front() < b.buildings.front();
    });
    std::map<std::int32_t, int> number;
    for (Cluster& c : kept) c.id = buurtcode[c.buurt] + "-" + std::to_string(++number[c.buurt]);
    return kept;
}

// One pipe as laid: a straight piece from (x0, y0) to (x1, y1) carrying `peak_kw`.
struct Pipe {
    const char* kind;
    double x0, y0, x1, y1, peak_kw;
    double street = nan;  // the street it lies along; NaN for service pipes
    std::string serves;   // service pipes: the building or source
    double length() const { return std::hypot(x1 - x0, y1 - y0); }
};

// The pipes of all clusters, as rows of the network layer.
struct Pipes {
    GeometryArray lines;
    std::vector<double> length, dn, peak, cost, loss, street;
    std::vector<std::string> kind, what;
    std::vector<std::size_t> cluster;
    void add(std::size_t c, Pipe p, double cost_eur, const PipeClass& pc) {
        const double xy[4] = {p.x0, p.y0, p.x1, p.y1};
        lines.add_line(std::span<const double>(xy, 4));
        cluster.push_back(c), kind.push_back(p.kind), what.push_back(std::move(p.serves));
        length.push_back(p.length()), dn.push_back(pc.dn), peak.push_back(p.peak_kw), cost.push_back(cost_eur);
        loss.push_back(pc.heat_loss_w_m * p.length() * seconds_per_year / joules_per_gj);
        street.push_back(p.street);
    }
    /// Appends another cluster's pipes (the threads' results, in cluster order).
    void append(const Pipes& o) {
        for (std::size_t r = 0; r < o.kind.size(); ++r) lines.append_from(o.lines, r);
        length.insert(length.end(), o.length.begin(), o.length.end());
        dn.insert(dn.end(), o.dn.begin(), o.dn.end());
        peak.insert(peak.end(), o.peak.begin(), o.peak.end());
        cost.insert(cost.end(), o.cost.begin(), o.cost.end());
        loss.insert(loss.end(), o.loss.begin(), o.loss.end());
        street.insert(street.end(), o.street.begin(), o.street.end());
        kind.insert(kind.end(), o.kind.begin(), o.kind.end());
        what.insert(what.end(), o.what.begin(), o.what.end());
        cluster.insert(cluster.end(), o.cluster.begin(), o.cluster.end());
    }
};

// Where a cluster's network starts: the allocated source where the roads reach it, else an
// energy centre at the cluster's own road nearest its heat-weighted centre.
struct Root {
    std::uint32_t node;
    std::optional<std::pair<double, double>> link_from;  // the source, when it feeds the cluster
};

class Router {
public:
    Router(const StreetState& s, const Config& config, const CostKentallen& k)
        : s_(s), g_(s.graph.graph), p_(config.streets), k_(k) {
        for (std::size_t e = 0; e < g_.edge_count(); ++e) {
            const double xy[4] = {node_x(g_.edge_u[e]), node_y(g_.edge_u[e]), node_x(g_.edge_v[e]), node_y(g_.edge_v[e])};
            edge_lines_.add_line(std::span<const double>(xy, 4));
        }
        if (g_.edge_count() > 0) edge_index_.emplace(edge_lines_);
    }

    /// Routes one cluster with a thread's own workspace; its pipes and records go to `out`.
    struct Out {
        Pipes pipes;
        DataQuality quality;
    };
    void route(std::size_t ci, Cluster& c, const RouteBuurt& rb, SteinerWorkspace& work, Out& out) const {
        const std::uint32_t component = keep_one_piece(c, out.quality);
        if (static_cast<int>(c.buildings.size()) < p_.cluster_min_buildings) return;
        const Root root = root_of(c, rb, component, out.quality);
        c.start_x = node_x(root.node), c.start_y = node_y(root.node);
        std::vector<std::uint32_t> terminals;
        for (std::uint32_t i : c.buildings) terminals.push_back(s_.graph.connections[i].node);
        const int starts = static_cast<int>(c.buildings.size()) <= p_.steiner_starts_up_to ? p_.steiner_starts : 1;
        const SteinerTree tree = work.tree(g_, root.node, terminals, starts);
        size_pipes(ci, c, rb, root, tree, out.pipes);
        c.routed = true;
    }

private:
    double node_x(std::uint32_t n) const { return s_.graph.node_x[n]; }
    double node_y(std::uint32_t n) const { return s_.graph.node_y[n]; }

    // A cluster's buildings on a piece of road not connected to the piece with most of its heat
    // cannot join it: recorded, never linked by a straight pipe.
    std::uint32_t keep_one_piece(Cluster& c, DataQuality& quality) const {
        std::map<std::uint32_t, double> heat;
        for (std::uint32_t i : c.buildings) heat[s_.graph.component[s_.graph.connections[i].node]] += s_.buildings.gj[i];
        std::uint32_t main = heat.begin()->first;
        for (const auto& [piece, gj] : heat)
            if (gj > heat[main]) main = piece;
        std::vector<std::uint32_t> kept;
        for (std::uint32_t i : c.buildings) {
            if (s_.graph.component[s_.graph.connections[i].node] == main) {
                kept.push_back(i);
                continue;
            }
            quality.record({"buildings", s_.buildings.id[i], "road_not_connected",
                             "its road is not connected to the roads of cluster " + c.id +
                                 ", so no pipe along the roads reaches it; join the road pieces (a gap or a "
                                 "missing crossing in the roads layer)"});
        }
        c.buildings = std::move(kept);
        return main;
    }

    Root root_of(Cluster& c, const RouteBuurt& rb, std::uint32_t component, DataQuality& quality) const {
        if (rb.site) {
            const double sx = rb.site->first, sy = rb.site->second;  // no binding: captured below (clang 14)
            double best = std::numeric_limits<double>::infinity();
            std::uint32_t best_node = none;
            if (edge_index_)
                edge_index_->nearest(Box{sx, sy, sx, sy}, [&](std::uint32_t e, double box_distance) {
                    if (box_distance > best) return false;
                    if (s_.graph.component[g_.edge_u[e]] != component) return true;
                    for (std::uint32_t n : {g_.edge_u[e], g_.edge_v[e]}) {
                        const double d = std::hypot(node_x(n) - sx, node_y(n) - sy);
                        if (d < best || (d == best && n < best_node)) best = d, best_node = n;
                    }
                    return true;
                }, p_.max_source_road_m, p_.max_source_road_m * 2);
            if (best_node != none && best <= p_.max_source_road_m) {
                c.source_kind = "source";
                c.source_name = rb.site_name;
                return {best_node, rb.site};
            }
            quality.record({"sources", -1, "source_far_from_road",
                             rb.site_name + " lies farther than " + std::to_string(static_cast<int>(p_.max_source_road_m)) +
                                 " m (network.max_source_road_m) from the roads of cluster " + c.id +
                                 "; the cluster is fed from an energy centre on its roads instead: give the roads "
                                 "that reach the source, or raise network.max_source_road_m"});
        }
        // The energy centre: the cluster's connection nearest its heat-weighted centre.
        double cx = 0, cy = 0, total = 0;
        for (std::uint32_t i : c.buildings) cx += s_.buildings.gj[i] * s_.buildings.x[i], cy += s_.buildings.gj[i] * s_.buildings.y[i], total += s_.buildings.gj[i];
        cx /= total, cy /= total;
        std::uint32_t best_node = s_.graph.connections[c.buildings.front()].node;
        double best = std::numeric_limits<double>::infinity();
        for (std::uint32_t i : c.buildings) {
            const std::uint32_t n = s_.graph.connections[i].node;
            const double d = std::hypot(node_x(n) - cx, node_y(n) - cy);
            if (d < best || (d == best && n < best_node)) best = d, best_node = n;
        }
        c.source_kind = "energy_centre";
        c.source_name = "energy centre (chosen by libwarmte)";
        return {best_node, std::nullopt};
    }

    // The tree oriented from the root; per pipe the peak of everything downstream with the
    // simultaneity of its connections, never less than a pipe further downstream; its class,
    // cost (Vesta's K_m at its own peak) and heat loss.
    void size_pipes(std::size_t ci, Cluster& c, const RouteBuurt& rb, const Root& root, const SteinerTree& tree,
                    Pipes& pipes) const {
        std::unordered_map<std::uint32_t, std::vector<std::uint32_t>> adjacent;
        for (std::uint32_t e : tree.edges) adjacent[g_.edge_u[e]].push_back(e), adjacent[g_.edge_v[e]].push_back(e);
        std::unordered_map<std::uint32_t, double> kw_at, n_at;
        for (std::uint32_t i : c.buildings) {
            kw_at[s_.graph.connections[i].node] += s_.buildings.peak_kw[i];
            n_at[s_.graph.connections[i].node] += 1;
        }
        // Breadth-first from the root: each node's edge towards the root, parents before children.
        std::vector<std::pair<std::uint32_t, std::uint32_t>> order = {{root.node, none}};  // (node, edge to parent)
        std::unordered_map<std::uint32_t, std::uint32_t> children;
        for (std::size_t q = 0; q < order.size(); ++q) {
            const auto [n, up] = order[q];
            for (std::uint32_t e : adjacent[n])
                if (e != up) order.push_back({g_.other(e, n), e}), ++children[n];
        }
        std::unordered_map<std::uint32_t, double> kw_down, n_down, peak_down;  // by node (its edge up)
        for (std::size_t q = order.size(); q-- > 0;) {
            const auto [n, up] = order[q];
            kw_down[n] += kw_at[n];
            n_down[n] += n_at[n];
            const double own = n_down[n] > 0 ? kw_down[n] * simultaneity(n_down[n], p_) : 0.0;
            peak_down[n] = std::max(peak_down[n], own);
            if (up == none) continue;
            const std::uint32_t parent = g_.other(up, n);
            kw_down[parent] += kw_down[n];
            n_down[parent] += n_down[n];
            peak_down[parent] = std::max(peak_down[parent], peak_down[n]);
        }
        // Transport: from the root while the network neither branches nor serves a building.
        std::unordered_map<std::uint32_t, std::uint32_t> up_of;
        for (const auto& [n, up] : order) up_of[n] = up;
        std::unordered_map<std::uint32_t, std::uint8_t> transport;
        for (std::uint32_t n = root.node; n_at[n] == 0 && children[n] == 1;) {
            std::uint32_t next = none;
            for (std::uint32_t e : adjacent[n])
                if (e != up_of[n]) next = g_.other(e, n);
            transport[next] = 1;
            n = next;
        }
        for (std::size_t q = 1; q < order.size(); ++q) {
            const auto [n, up] = order[q];
            const std::uint32_t from = g_.other(up, n);
            c.trench_m += g_.edge_length[up];
            c.investment_eur += lay(ci, {transport.count(n) ? "transport" : "distribution", node_x(from), node_y(from),
                                         node_x(n), node_y(n), peak_down[n], double(s_.graph.edge_street[up]), {}},
                                    rb, pipes);
        }
        for (std::uint32_t i : c.buildings) {
            const std::uint32_t n = s_.graph.connections[i].node;
            const Pipe service{"service", s_.buildings.x[i], s_.buildings.y[i], node_x(n), node_y(n),
                               s_.buildings.peak_kw[i], nan, "building " + std::to_string(s_.buildings.id[i])};
            c.service_m += service.length();
            c.investment_eur += lay(ci, service, rb, pipes);
            c.gj += s_.buildings.gj[i], c.weq += s_.buildings.weq[i], c.dwellings += s_.buildings.dwellings[i];
        }
        if (root.link_from)  // the source's own pipe to the road, sized for the whole cluster
            c.investment_eur += lay(ci, {"service", root.link_from->first, root.link_from->second, node_x(root.node),
                                         node_y(root.node), peak_down[root.node], nan, c.source_name},
                                    rb, pipes);
        double works = nan, lhd_sum = 0, lhd_len = 0;
        for (std::uint32_t e : tree.edges) {
            const std::uint32_t st = s_.graph.edge_street[e];
            const double w = s_.graph.street_works_year[st];
            if (!std::isnan(w)) works = std::isnan(works) ? w : std::min(works, w);
            lhd_sum += lhd_mwh_m(s_, st) * g_.edge_length[e], lhd_len += g_.edge_length[e];
        }
        c.works_year = works;
        c.lhd = lhd_len > 0 ? lhd_sum / lhd_len : 0.0;
    }

    // Lays a pipe: its class and cost (Vesta's K_m at its own peak); returns the cost.
    double lay(std::size_t ci, Pipe p, const RouteBuurt& rb, Pipes& pipes) const {
        const double cost = p.length() * pipe_cost_eur_m(p.peak_kw / kw_per_mw, k_, rb.curve);
        const PipeClass pc = pipe_class_for(p.peak_kw, p_);
        pipes.add(ci, std::move(p), cost, pc);
        return cost;
    }

    const StreetState& s_;
    const Graph& g_;
    const StreetParameters& p_;
    const CostKentallen& k_;
    GeometryArray edge_lines_;
    std::optional<SpatialIndex> edge_index_;
};

// Phases (docs/streets.md §6): clusters with linked works (a road's works year, else the buurt's)
// first by that year, then the densest, then the highest corporation share; split in
// network.phase_count equal groups, each network.phase_years long from network.first_phase_year.
void assign_phases(std::vector<Cluster>& clusters, const std::vector<RouteBuurt>& buurten, const StreetParameters& p) {
    std::vector<std::size_t> order;
    for (std::size_t c = 0; c < clusters.size(); ++c)
        if (clusters[c].routed) order.push_back(c);
    auto works = [&](const Cluster& c) {
        const double w = !std::isnan(c.works_year) ? c.works_year : buurten[c.buurt].works_year;
        return std::isnan(w) ? std::numeric_limits<double>::infinity() : w;
    };
    auto share = [&](const Cluster& c) {
        const double s = buurten[c.buurt].corporation_share;
        return std::isnan(s) ? 0.0 : s;
    };
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const Cluster &x = clusters[a], &y = clusters[b];
        if (works(x) != works(y)) return works(x) < works(y);
        if (x.lhd != y.lhd) return x.lhd > y.lhd;
        return share(x) > share(y);
    });
    for (std::size_t r = 0; r < order.size(); ++r)
        clusters[order[r]].phase = 1 + static_cast<int>(r * p.phase_count / order.size());
}

// The convex hull of the cluster's buildings' boxes (Andrew's monotone chain), as a ring.
std::vector<double> hull(const StreetBuildings& b, const std::vector<std::uint32_t>& members) {
    std::vector<std::pair<double, double>> pts;
    for (std::uint32_t i : members) {
        const double* q = &b.box[4 * i];
        pts.insert(pts.end(), {{q[0], q[1]}, {q[2], q[1]}, {q[2], q[3]}, {q[0], q[3]}});
    }
    std::sort(pts.begin(), pts.end());
    pts.erase(std::unique(pts.begin(), pts.end()), pts.end());
    auto cross = [](auto o, auto p, auto q) {
        return (p.first - o.first) * (q.second - o.second) - (p.second - o.second) * (q.first - o.first);
    };
    std::vector<std::pair<double, double>> h(2 * pts.size());
    std::size_t k = 0;
    for (std::size_t i = 0; i < pts.size(); ++i) {
        while (k >= 2 && cross(h[k - 2], h[k - 1], pts[i]) <= 0) --k;
        h[k++] = pts[i];
    }
    for (std::size_t i = pts.size() - 1, t = k + 1; i-- > 0;) {
        while (k >= t && cross(h[k - 2], h[k - 1], pts[i]) <= 0) --k;
        h[k++] = pts[i];
    }
    h.resize(k);  // closed: the last point is the first
    std::vector<double> ring;
    for (const auto& [x, y] : h) ring.push_back(x), ring.push_back(y);
    return ring;
}

int phase_from(int phase, const StreetParameters& p) { return p.first_phase_year + (phase - 1) * p.phase_years; }

Table streets_table(const StreetState& s, const std::vector<std::string>& buurtcode,
                    const std::vector<std::string>& street_cluster, const std::vector<double>& street_phase,
                    const StreetParameters& p) {
    Table t;
    t.name = "streets";
    t.geometry = s.graph.streets;
    const std::size_t ns = s.street_gj.size();
    std::vector<double> id(ns), road(ns), buildings(ns), gj(ns), len(ns), gj_m(ns), mwh_m(ns);
    std::vector<std::string> code(ns), cls(ns);
    for (std::size_t k = 0; k < ns; ++k) {
        id[k] = static_cast<double>(k + 1);
        road[k] = static_cast<double>(s.graph.street_road[k]);
        code[k] = s.street_buurt[k] >= 0 ? buurtcode[s.street_buurt[k]] : "";
        buildings[k] = s.street_buildings[k];
        gj[k] = s.street_gj[k];
        len[k] = s.graph.street_length_m[k];
        gj_m[k] = len[k] > 0 ? gj[k] / len[k] : 0.0;
        mwh_m[k] = lhd_mwh_m(s, k);
        cls[k] = lhd_class(mwh_m[k], p);
    }
    t.columns = {integer_column("street_id", id), integer_column("road_id", road), optional_text_column("buurtcode", code),
                 integer_column("buildings", buildings), real_column("demand_gj", gj), real_column("length_m", len),
                 real_column("lhd_gj_m", gj_m), real_column("lhd_mwh_m", mwh_m), text_column("lhd_class", cls),
                 optional_text_column("cluster_id", street_cluster), integer_column("phase", street_phase),
                 real_column("works_year", s.graph.street_works_year)};
    return t;
}

Table network_table(Pipes& pipes, const std::vector<Cluster>& clusters, const std::vector<std::string>& buurtcode,
                    const StreetParameters& p) {
    Table t;
    t.name = "network";
    t.geometry = std::move(pipes.lines);
    const std::size_t n = pipes.kind.size();
    std::vector<std::string> cluster(n), code(n);
    std::vector<double> phase(n), from(n);
    for (std::size_t r = 0; r < n; ++r) {
        const Cluster& c = clusters[pipes.cluster[r]];
        cluster[r] = c.id, code[r] = buurtcode[c.buurt], phase[r] = c.phase, from[r] = phase_from(c.phase, p);
    }
    std::vector<double> street = pipes.street;
    for (double& v : street)
        if (!std::isnan(v)) v += 1;  // street_id counts from 1
    t.columns = {text_column("cluster_id", cluster), text_column("buurtcode", code), text_column("kind", pipes.kind),
                 optional_text_column("serves", pipes.what), integer_column("street_id", street),
                 real_column("length_m", pipes.length), integer_column("dn", pipes.dn),
                 real_column("peak_kw", pipes.peak), real_column("cost_eur", pipes.cost),
                 real_column("heat_loss_gj", pipes.loss), integer_column("phase", phase),
                 integer_column("phase_from_year", from)};
    return t;
}

Table clusters_table(const StreetState& s, const std::vector<Cluster>& clusters,
                     const std::vector<RouteBuurt>& buurten, const std::vector<std::string>& buurtcode,
                     const StreetParameters& p) {
    Table t;
    t.name = "clusters";
    std::vector<std::string> id, code, kind, source;
    std::vector<double> buildings, dwellings, weq, gj, trench, service, invest, eur_weq, lhd, share, phase, from, to, sx, sy;
    for (const Cluster& c : clusters) {
        if (!c.routed) continue;
        const std::vector<double> ring = hull(s.buildings, c.buildings);
        t.geometry.begin_feature();
        t.geometry.begin_polygon();
        t.geometry.add_ring(ring);
        const RouteBuurt& rb = buurten[c.buurt];
        id.push_back(c.id), code.push_back(buurtcode[c.buurt]), kind.push_back(c.source_kind), source.push_back(c.source_name);
        buildings.push_back(c.buildings.size()), dwellings.push_back(c.dwellings), weq.push_back(c.weq), gj.push_back(c.gj);
        trench.push_back(c.trench_m), service.push_back(c.service_m), invest.push_back(c.investment_eur);
        eur_weq.push_back(c.weq > 0 ? rb.annuity * c.investment_eur / c.weq : nan);
        lhd.push_back(c.lhd), share.push_back(rb.corporation_share), phase.push_back(c.phase);
        from.push_back(phase_from(c.phase, p)), to.push_back(phase_from(c.phase, p) + p.phase_years - 1);
        sx.push_back(c.start_x), sy.push_back(c.start_y);
    }
    t.columns = {text_column("cluster_id", id), text_column("buurtcode", code), integer_column("buildings", buildings),
                 real_column("dwellings", dwellings), real_column("weq", weq), real_column("demand_gj", gj),
                 real_column("trench_m", trench), real_column("service_m", service),
                 real_column("network_investment_eur", invest), real_column("network_cost_eur_weq", eur_weq),
                 real_column("lhd_mwh_m", lhd), real_column("corporation_share", share), text_column("source_kind", kind),
                 text_column("source", source), real_column("start_x", sx), real_column("start_y", sy),
                 integer_column("phase", phase), integer_column("phase_from_year", from),
                 integer_column("phase_to_year", to)};
    return t;
}

}  // namespace

StreetResult route_streets(const StreetState& s, const std::vector<RouteBuurt>& buurten,
                           const std::vector<std::string>& buurtcode, const Config& config, const CostKentallen& k,
                           DataQuality& quality) {
    const StreetParameters& p = config.streets;
    StreetResult out;
    const std::size_t nb = buurten.size();
    std::vector<Cluster> clusters = find_clusters(s, joining(s, buurten, config, k), buurtcode, p);
    // Clusters are routed on the threads, each with its own workspace; their pipes and records
    // are joined in cluster order, so the result does not depend on the threads.
    const Router router(s, config, k);
    std::vector<Router::Out> routed(clusters.size());
    parallel_for_with_state(
        clusters.size(), resolve_threads(config.threads), {no_progress, "routes"},
        [&](geos::Context&) { return SteinerWorkspace(s.graph.graph.node_count()); },
        [&](std::size_t c, SteinerWorkspace& work) { router.route(c, clusters[c], buurten[clusters[c].buurt], work, routed[c]); },
        1);
    Pipes pipes;
    for (Router::Out& o : routed) {
        pipes.append(o.pipes);
        quality.merge(o.quality);
    }
    assign_phases(clusters, buurten, p);

    std::vector<std::string> street_cluster(s.street_gj.size());
    std::vector<double> street_phase(s.street_gj.size(), nan);
    for (std::size_t r = 0; r < pipes.kind.size(); ++r) {
        if (std::isnan(pipes.street[r])) continue;
        const auto st = static_cast<std::size_t>(pipes.street[r]);
        if (street_cluster[st].empty()) street_cluster[st] = clusters[pipes.cluster[r]].id;
        street_phase[st] = std::isnan(street_phase[st]) ? clusters[pipes.cluster[r]].phase
                                                        : std::min<double>(street_phase[st], clusters[pipes.cluster[r]].phase);
    }
    out.streets = streets_table(s, buurtcode, street_cluster, street_phase, p);

    out.trench_m.assign(nb, nan), out.cost_eur_weq.assign(nb, nan), out.cluster_count.assign(nb, nan);
    out.joined.assign(nb, nan), out.service_m.assign(nb, nan);
    std::vector<double> invest(nb, 0.0), weq(nb, 0.0);
    for (std::size_t b = 0; b < nb; ++b)
        if (buurten[b].candidate) out.cluster_count[b] = 0, out.trench_m[b] = 0, out.joined[b] = 0;
    for (const Cluster& c : clusters) {
        if (!c.routed) continue;
        const std::size_t b = c.buurt;
        out.cluster_count[b] += 1;
        out.trench_m[b] += c.trench_m;
        out.joined[b] += c.buildings.size();
        out.service_m[b] = (std::isnan(out.service_m[b]) ? 0.0 : out.service_m[b]) + c.service_m;
        invest[b] += c.investment_eur, weq[b] += c.weq;
    }
    for (std::size_t b = 0; b < nb; ++b) {
        if (weq[b] > 0) out.cost_eur_weq[b] = buurten[b].annuity * invest[b] / weq[b];
        if (out.joined[b] > 0) out.service_m[b] /= out.joined[b];
    }
    out.network = network_table(pipes, clusters, buurtcode, p);
    out.clusters = clusters_table(s, clusters, buurten, buurtcode, p);
    return out;
}

}  // namespace warmte
