#include "warmte/matching.hpp"

#include "warmte/heat_grid.hpp"
#include "warmte/overlay.hpp"
#include "parallel.hpp"
#include "warmte/planar.hpp"
#include "warmte/spatial_index.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <functional>
#include <optional>
#include <queue>
#include <memory>
#include <sstream>
#include <tuple>

namespace warmte {

namespace {

DemandPoints exact_points(const DemandOfBuildings& in, const std::vector<std::uint8_t>& counted) {
    const GeometryArray& buildings = in.buildings;
    const OverlayResult& o = in.overlay;
    const std::vector<double>&teo = in.teo_gj, &other = in.other_gj;
    DemandPoints d;
    for (const BuildingPiece& piece : o.pieces) {
        if (!counted.empty() && !counted[piece.neighbourhood]) continue;
        double share = piece.area_m2 / buildings.area(piece.building);
        if (!(other[piece.building] > 0 || teo[piece.building] > 0)) continue;
        d.shapes.append_from(buildings, piece.building);
        d.neighbourhood.push_back(piece.neighbourhood);
        d.teo_gj.push_back(share * teo[piece.building]);
        d.other_gj.push_back(share * other[piece.building]);
    }
    return d;
}

DemandPoints clustered_points(const DemandOfBuildings& in, double cell, const std::vector<std::uint8_t>& counted,
                              unsigned threads) {
    const GeometryArray& buildings = in.buildings;
    const OverlayResult& o = in.overlay;
    const std::vector<double>&teo = in.teo_gj, &other = in.other_gj;
    struct Cluster {
        double teo = 0, other = 0, x = 0, y = 0, weight = 0;
    };
    using Key = std::tuple<std::uint32_t, std::int64_t, std::int64_t>;
    std::map<Key, Cluster> clusters;  // ordered: deterministic
    // The centroid and area of every building with demand, on all threads first: the pieces
    // below then only add up, in their order.
    std::vector<std::pair<double, double>> centres(buildings.size());
    std::vector<double> areas(buildings.size());
    parallel_for(buildings.size(), threads, Progress{}, "demand points", [&](std::size_t p, geos::Context&) {
        if (!(other[p] > 0 || teo[p] > 0)) return;
        centres[p] = centroid(buildings, p);
        areas[p] = buildings.area(p);
    }, 1024);
    // Pieces come by building in canonical order, so a piece mostly falls in the cluster the one
    // before it did: that one is tried before the map is searched.
    std::map<Key, Cluster>::iterator last = clusters.end();
    for (const BuildingPiece& piece : o.pieces) {
        if (!counted.empty() && !counted[piece.neighbourhood]) continue;
        std::size_t p = piece.building;
        if (!(other[p] > 0 || teo[p] > 0)) continue;
        double share = piece.area_m2 / areas[p];
        auto [x, y] = centres[p];
        const Key key{piece.neighbourhood, static_cast<std::int64_t>(std::floor(x / cell)),
                      static_cast<std::int64_t>(std::floor(y / cell))};
        if (last == clusters.end() || last->first != key) last = clusters.try_emplace(key).first;
        Cluster& c = last->second;
        double w = share * std::max(other[p], teo[p]);
        c.teo += share * teo[p];
        c.other += share * other[p];
        c.x += w * x;
        c.y += w * y;
        c.weight += w;
    }
    DemandPoints d;
    for (auto& [key, c] : clusters) {
        d.shapes.add_point(c.x / c.weight, c.y / c.weight);
        d.neighbourhood.push_back(std::get<0>(key));
        d.teo_gj.push_back(c.teo);
        d.other_gj.push_back(c.other);
    }
    return d;
}

}  // namespace

DemandPoints demand_points(const DemandOfBuildings& demand, double cluster_cell_m,
                           const std::vector<std::uint8_t>& counted_buurten, unsigned threads) {
    return cluster_cell_m > 0 ? clustered_points(demand, cluster_cell_m, counted_buurten, threads)
                              : exact_points(demand, counted_buurten);
}

std::vector<Reach> compute_reach(const SourceSet& sources, const DemandPoints& points, double max_reach_m,
                                 unsigned threads, const Progress& progress) {
    SpatialIndex index(points.shapes);
    std::vector<std::vector<Reach>> per_source(sources.size());
    parallel_for(sources.size(), threads, progress, "reach of sources", [&](std::size_t s, geos::Context&) {
        // The source's outline cut into short pieces, so the nearest-piece search stays local.
        GeometryArray one;
        one.append_from(sources.shapes, s);
        const NearestTarget outline(one);
        const Box box = sources.shapes.bounds(s);
        const std::vector<double>& demand = sources.type[s] == SourceType::teo ? points.teo_gj : points.other_gj;
        std::map<std::uint32_t, std::pair<double, double>> by_buurt;  // buurt -> (demand, demand x distance)
        // In point order (sorted), not the tree's: within a buurt the points are in cell order,
        // so each buurt's sums add up the same whatever the buurten's order in the input.
        for (std::uint32_t k : index.query_sorted({box.min_x - max_reach_m, box.min_y - max_reach_m,
                                                   box.max_x + max_reach_m, box.max_y + max_reach_m})) {
            if (!(demand[k] > 0)) continue;
            double d = outline.distance(points.shapes, k);
            if (d > max_reach_m) continue;
            auto& acc = by_buurt[points.neighbourhood[k]];
            acc.first += demand[k];
            acc.second += demand[k] * d;
        }
        for (auto& [b, acc] : by_buurt)
            if (acc.first > 0)
                per_source[s].push_back({static_cast<std::uint32_t>(s), b, acc.first, acc.second / acc.first});
    }, 1);
    std::vector<Reach> all;
    for (auto& r : per_source) all.insert(all.end(), r.begin(), r.end());
    return all;
}

namespace {

// The empty result with the project-size rules (NPLW) per buurt and source type applied.
struct Rules {
    std::vector<std::uint8_t> network_ok, teo_ok, tea_ok;
    bool allowed(std::size_t b, SourceType t) const {
        return network_ok[b] && (t == SourceType::teo ? teo_ok[b] : tea_ok[b]);
    }
};

Rules project_rules(MatchingResult& m, std::size_t sources, const std::vector<double>& dwellings,
                    const std::vector<double>& density, const SupplyParameters& p) {
    const std::size_t n = dwellings.size();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    m.teo_gj.assign(n, 0.0);
    m.tea_gj.assign(n, 0.0);
    m.ted_gj.assign(n, 0.0);
    m.coverage.assign(n, nan);
    m.distance_m.assign(n, nan);
    m.note.assign(n, "");
    m.source_allocated_gj.assign(sources, 0.0);
    auto fmt = [](double x) {
        std::ostringstream s;
        s.precision(3);
        s << x;
        return s.str();
    };
    Rules r{std::vector<std::uint8_t>(n), std::vector<std::uint8_t>(n), std::vector<std::uint8_t>(n)};
    for (std::size_t b = 0; b < n; ++b) {
        std::vector<std::string> why;
        r.network_ok[b] = density[b] >= p.network_min_dwelling_density_ha;
        if (!r.network_ok[b])
            why.push_back(std::isnan(density[b]) ? "no dwelling density (water buurt or no land)"
                                                 : fmt(density[b]) + " dwellings/ha < " +
                                                       fmt(p.network_min_dwelling_density_ha) + " (network)");
        r.teo_ok[b] = dwellings[b] >= p.teo_min_dwellings;
        r.tea_ok[b] = dwellings[b] >= p.tea_min_dwellings;
        if (!r.teo_ok[b]) why.push_back(fmt(dwellings[b]) + " dwellings < " + fmt(p.teo_min_dwellings) + " (TEO)");
        if (!r.tea_ok[b]) why.push_back(fmt(dwellings[b]) + " dwellings < " + fmt(p.tea_min_dwellings) + " (TEA/TED)");
        std::string text;
        for (auto& w : why) text += (text.empty() ? "below project size: " : "; ") + w;
        m.note[b] = text;
    }
    return r;
}

// The nearest-first sharing, one pair at a time: what is left of the source, what the buurt
// still needs, what the source reaches there.
struct Sharing {
    const SourceSet& sources;
    MatchingResult& m;
    std::vector<double> left, need, weighted_distance;
    std::size_t buurten_in_need = 0;

    Sharing(const SourceSet& s, MatchingResult& result, const std::vector<double>& demand)
        : sources(s), m(result), left(s.delivered_gj), need(demand), weighted_distance(demand.size(), 0.0) {
        for (double d : need) buurten_in_need += d > 0;
    }
    void take(const Reach& r) {
        double gj = std::min({left[r.source], need[r.neighbourhood], r.demand_gj});
        if (!(gj > 0)) return;
        left[r.source] -= gj;
        need[r.neighbourhood] -= gj;
        if (!(need[r.neighbourhood] > 0)) --buurten_in_need;
        m.source_allocated_gj[r.source] += gj;
        std::size_t b = r.neighbourhood;
        switch (sources.type[r.source]) {
        case SourceType::teo: m.teo_gj[b] += gj; break;
        case SourceType::tea: m.tea_gj[b] += gj; break;
        case SourceType::ted: m.ted_gj[b] += gj; break;
        }
        weighted_distance[b] += gj * r.distance_m;
        m.allocations.push_back({r.source, r.neighbourhood, gj, r.distance_m});
    }
    void finish(const std::vector<double>& demand) {
        for (std::size_t b = 0; b < demand.size(); ++b) {
            double allocated = m.teo_gj[b] + m.tea_gj[b] + m.ted_gj[b];
            if (demand[b] > 0) m.coverage[b] = allocated / demand[b];
            if (allocated > 0) m.distance_m[b] = weighted_distance[b] / allocated;
            // Every buurt without aquathermie says why (the scores class it not promising for it).
            if (!(allocated > 0) && m.note[b].empty())
                m.note[b] = sources.size() == 0 ? "no aquathermie source given"
                                                : "no aquathermie left for it within reach (nearest-first sharing)";
        }
    }
};

// How many of its nearest buurten each source measures on all threads before the sequential
// queue starts. Only speed depends on it: more wastes work on sources exhausted early.
constexpr std::size_t measured_ahead_per_source = 2;

bool reach_before(const Reach& a, const Reach& b) {
    if (a.distance_m != b.distance_m) return a.distance_m < b.distance_m;
    return a.source != b.source ? a.source < b.source : a.neighbourhood < b.neighbourhood;
}

}  // namespace

MatchingResult match_supply(const SourceSet& sources, const std::vector<Reach>& reach, const std::vector<double>& demand,
                            const std::vector<double>& dwellings, const std::vector<double>& density,
                            const SupplyParameters& p) {
    MatchingResult m;
    const Rules rules = project_rules(m, sources.size(), dwellings, density, p);
    std::vector<Reach> pairs;
    for (const Reach& r : reach)
        if (rules.allowed(r.neighbourhood, sources.type[r.source]) && sources.delivered_gj[r.source] > 0)
            pairs.push_back(r);
    std::sort(pairs.begin(), pairs.end(), reach_before);
    Sharing sharing(sources, m, demand);
    for (const Reach& r : pairs) sharing.take(r);
    sharing.finish(demand);
    return m;
}

namespace {

double box_distance(const Box& a, const Box& b) {
    const double dx = std::max({0.0, b.min_x - a.max_x, a.min_x - b.max_x});
    const double dy = std::max({0.0, b.min_y - a.max_y, a.min_y - b.max_y});
    return std::hypot(dx, dy);
}

// The nearest-first sharing of match_nearest_first: every source looks outward from one queue
// for the whole study area, buurt by buurt in order of box distance.
class NearestFirst {
public:
    NearestFirst(const SourceSet& sources, const DemandPoints& points, double max_reach_m,
                 const std::vector<double>& demand, const Rules& rules, Sharing& sharing)
        : sources_(sources), points_(points), max_reach_m_(max_reach_m), demand_(demand), rules_(rules),
          sharing_(sharing), of_buurt_(demand.size()), frontier_(sources.size()) {
        for (std::uint32_t k = 0; k < points.neighbourhood.size(); ++k) of_buurt_[points.neighbourhood[k]].push_back(k);
        index_buurt_boxes();
    }

    // Nearly every source measures its first buurten; doing that on all threads beforehand leaves
    // the queue little but bookkeeping. Later buurten are measured by the queue when it gets there.
    void measure_first_buurten(unsigned threads) {
        parallel_for(sources_.size(), threads, Progress{}, "reach of sources",
                     [&](std::size_t s, geos::Context&) { first_buurten(static_cast<std::uint32_t>(s)); }, 16);
    }

    // One queue for the whole study area: a pair is taken only when nothing not yet measured
    // could come before it. Measuring (kind 0) goes before taking (kind 1) at equal keys, so pairs
    // are taken in exactly the order match_supply sorts them into.
    void share() {
        first_turns();
        while ((!queue_.empty() || next_turn_ < turns_.size()) && sharing_.buurten_in_need > 0) {
            const Entry e = next_entry();
            if (e.kind == 1) sharing_.take({e.source, e.neighbourhood, e.demand_gj, e.key});
            else turn(e);
        }
    }

private:
    struct Measured {
        double gj = 0, gj_m = 0;
    };
    // Per source: the buurten within reach of its box, nearest box first, and what it reaches in
    // the first few of them that may take its heat (a pure function of source and buurt).
    struct Frontier {
        std::unique_ptr<NearestTarget> outline;
        std::vector<std::pair<double, std::uint32_t>> buurten;  // (box distance, buurt)
        std::vector<Measured> ahead;                            // for buurten[0, ahead.size())
        std::size_t next = 0;
    };
    struct Entry {
        double key;
        int kind;
        std::uint32_t source, neighbourhood;
        double demand_gj;
        bool operator>(const Entry& e) const {
            return std::tie(key, kind, source, neighbourhood) > std::tie(e.key, e.kind, e.source, e.neighbourhood);
        }
    };

    // The box of each buurt's points: a source measures a buurt only when the buurt comes up in
    // order of box distance (a lower bound of every distance to its points).
    void index_buurt_boxes() {
        for (std::uint32_t b = 0; b < of_buurt_.size(); ++b) {
            if (of_buurt_[b].empty()) continue;
            Box box = points_.shapes.bounds(of_buurt_[b].front());
            for (std::uint32_t k : of_buurt_[b]) box = box.joined(points_.shapes.bounds(k));
            buurt_boxes_.add_box(box);
            box_buurt_.push_back(b);
        }
        buurt_index_.emplace(buurt_boxes_);
    }

    // The buurt's points within reach of source s, summed in point order as compute_reach does.
    Measured measure(std::uint32_t s, std::uint32_t b) {
        Frontier& f = frontier_[s];
        if (!f.outline) {
            GeometryArray one;
            one.append_from(sources_.shapes, s);
            f.outline = std::make_unique<NearestTarget>(one);
        }
        const std::vector<double>& wanted = sources_.type[s] == SourceType::teo ? points_.teo_gj : points_.other_gj;
        Measured r;
        for (std::uint32_t k : of_buurt_[b]) {
            if (!(wanted[k] > 0)) continue;
            const double d = f.outline->distance(points_.shapes, k);
            if (d > max_reach_m_) continue;
            r.gj += wanted[k];
            r.gj_m += wanted[k] * d;
        }
        return r;
    }

    void first_buurten(std::uint32_t s) {
        if (!(sources_.delivered_gj[s] > 0)) return;
        Frontier& f = frontier_[s];
        const Box sb = sources_.shapes.bounds(s);
        const double r = max_reach_m_;
        buurt_index_->query({sb.min_x - r, sb.min_y - r, sb.max_x + r, sb.max_y + r}, [&](std::uint32_t i) {
            // Only buurten that may take this source's heat: a buurt that needs nothing or breaks
            // the project-size rules never will.
            const std::uint32_t b = box_buurt_[i];
            if (!(demand_[b] > 0) || !rules_.allowed(b, sources_.type[s])) return;
            const double d = box_distance(sb, buurt_boxes_.bounds(i));
            if (d <= r) f.buurten.push_back({d, b});
        });
        std::sort(f.buurten.begin(), f.buurten.end());
        for (std::size_t i = 0; i < f.buurten.size() && i < measured_ahead_per_source; ++i)
            f.ahead.push_back(measure(s, f.buurten[i].second));
        // Most sources never measure again: an outline kept for each would cost a gigabyte at 10M
        // buildings. The queue makes it again for the few that do.
        f.outline.reset();
    }

    // Its next buurt that still needs heat: one that needs nothing now never will (needs only
    // shrink), so it is passed over here rather than through the queue.
    double next_bound(std::uint32_t s) {
        Frontier& f = frontier_[s];
        while (f.next < f.buurten.size() && !(sharing_.need[f.buurten[f.next].second] > 0)) ++f.next;
        return f.next < f.buurten.size() ? f.buurten[f.next].first : std::numeric_limits<double>::infinity();
    }

    // Each source's first turn comes at its nearest buurt's box distance: those turns are sorted
    // once and merged with the queue, which then holds only the sources that had a turn and the
    // pairs measured (pushing every source, or a turn at 0 for each, kept 750k entries more in the
    // heap at 10M buildings and popped each of them once more).
    void first_turns() {
        for (std::uint32_t s = 0; s < sources_.size(); ++s) {
            if (!(sources_.delivered_gj[s] > 0)) continue;
            const double bound = next_bound(s);
            if (!std::isinf(bound)) turns_.push_back({bound, 0, s, 0, 0.0});
        }
        std::sort(turns_.begin(), turns_.end(), [](const Entry& a, const Entry& b) { return b > a; });
    }

    Entry next_entry() {
        if (next_turn_ < turns_.size() && (queue_.empty() || queue_.top() > turns_[next_turn_]))
            return turns_[next_turn_++];
        const Entry e = queue_.top();
        queue_.pop();
        return e;
    }

    // A source's turn: measure its next buurt (when it still needs heat) and queue its next turn.
    void turn(const Entry& e) {
        const std::uint32_t s = e.source;
        if (!(sharing_.left[s] > 0)) return;  // exhausted: nothing more to measure
        const double bound = next_bound(s);
        if (std::isinf(bound)) return;
        if (bound > e.key) {  // its next buurt is farther: wait for its turn
            queue_.push({bound, 0, s, 0, 0.0});
            return;
        }
        Frontier& f = frontier_[s];
        const std::size_t at = f.next++;
        const std::uint32_t b = f.buurten[at].second;
        // A buurt that needs nothing now never will (needs only shrink): nothing to measure.
        if (sharing_.need[b] > 0) {
            const Measured r = at < f.ahead.size() ? f.ahead[at] : measure(s, b);
            if (r.gj > 0) queue_.push({r.gj_m / r.gj, 1, s, b, r.gj});
        }
        const double after = next_bound(s);
        if (!std::isinf(after)) queue_.push({after, 0, s, 0, 0.0});
    }

    const SourceSet& sources_;
    const DemandPoints& points_;
    const double max_reach_m_;
    const std::vector<double>& demand_;
    const Rules& rules_;
    Sharing& sharing_;
    std::vector<std::vector<std::uint32_t>> of_buurt_;  // points per buurt, ascending
    GeometryArray buurt_boxes_;
    std::vector<std::uint32_t> box_buurt_;
    std::optional<SpatialIndex> buurt_index_;
    std::vector<Frontier> frontier_;
    std::vector<Entry> turns_;
    std::size_t next_turn_ = 0;
    std::priority_queue<Entry, std::vector<Entry>, std::greater<>> queue_;
};

}  // namespace

MatchingResult match_nearest_first(const SourceSet& sources, const DemandPoints& points, double max_reach_m,
                                   const BuurtNeeds& needs, const SupplyParameters& p, unsigned threads) {
    MatchingResult m;
    const std::vector<double>& demand = needs.demand_gj;
    const Rules rules = project_rules(m, sources.size(), needs.dwellings, needs.dwelling_density_ha, p);
    Sharing sharing(sources, m, demand);
    // Only buurten some source type may serve can stop the search by being full.
    sharing.buurten_in_need = 0;
    for (std::size_t b = 0; b < demand.size(); ++b)
        sharing.buurten_in_need += demand[b] > 0 && (rules.allowed(b, SourceType::teo) || rules.allowed(b, SourceType::tea));
    NearestFirst nearest(sources, points, max_reach_m, demand, rules, sharing);
    nearest.measure_first_buurten(threads);
    nearest.share();
    sharing.finish(demand);
    return m;
}

}  // namespace warmte
