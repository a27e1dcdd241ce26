#include "warmte/union_area.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace warmte {

void UnionArea::add_polygon(const GeometryArray& polygons, std::size_t i, std::uint32_t polygon) {
    polygons_ = std::max(polygons_, polygon + 1);
    add_feature(polygons, i, polygon);
}

void UnionArea::add_mask(const GeometryArray& polygons, std::size_t i) { add_feature(polygons, i, mask); }

void UnionArea::add_feature(const GeometryArray& polygons, std::size_t i, std::uint32_t polygon) {
    auto xy = polygons.coordinates();
    polygons.for_each_ring(i, [&](std::size_t begin, std::size_t end, bool) {
        add_edges(edges_, xy.subspan(2 * begin, 2 * (end - begin)), polygon);
    });
}

void UnionArea::add_edges(std::vector<Edge>& edges, std::span<const double> xy, std::uint32_t polygon) {
    for (std::size_t k = 0; k + 3 < xy.size(); k += 2) {
        double x0 = xy[k], y0 = xy[k + 1], x1 = xy[k + 2], y1 = xy[k + 3];
        if (x0 == x1) continue;
        if (x0 > x1) {
            std::swap(x0, x1);
            std::swap(y0, y1);
        }
        edges.push_back({x0, y0, x1, y1, (y1 - y0) / (x1 - x0), polygon});
    }
}

double UnionArea::area() const { return sweep(edges_, polygons_); }

namespace {

double y_at(double x0, double y0, double x1, double y1, double x) { return y0 + (x - x0) * (y1 - y0) / (x1 - x0); }

}  // namespace

struct UnionArea::Scratch {
    std::vector<Edge> edges;
    std::vector<double> events;
    std::vector<const Edge*> active;
    std::vector<unsigned char> inside;
    std::vector<Crossing> crossings;
};

// With a mask, only the x range both the polygons and the mask span is measured (a buurt's
// border far from its water adds nothing). Returns whether there is a mask.
bool UnionArea::measured_range(const std::vector<Edge>& edges, double& lo, double& hi) {
    lo = std::numeric_limits<double>::infinity(), hi = -lo;
    double mask_lo = -lo, mask_hi = lo;
    bool masked = false;
    for (const Edge& e : edges) {
        if (e.polygon == mask) {
            mask_lo = masked ? std::min(mask_lo, e.x0) : e.x0;
            mask_hi = masked ? std::max(mask_hi, e.x1) : e.x1;
            masked = true;
        } else {
            lo = std::min(lo, e.x0);
            hi = std::max(hi, e.x1);
        }
    }
    if (masked) {
        lo = std::max(lo, mask_lo);
        hi = std::min(hi, mask_hi);
    }
    return masked;
}

// The x of every event in [lo, hi]: each vertex, and each point where edges of two polygons
// cross (a crossing within one polygon would make it invalid; valid input has none). The edges
// come sorted by their left end, so a sweep finds the pairs whose x ranges overlap.
void UnionArea::add_events(const std::vector<Edge>& edges, double lo, double hi, Scratch& s) {
    std::vector<double>& events = s.events;
    events.clear();
    s.active.clear();
    events.push_back(lo);
    events.push_back(hi);
    for (const Edge& e : edges) {
        if (e.x0 > lo) events.push_back(e.x0);
        if (e.x1 < hi) events.push_back(e.x1);
        std::erase_if(s.active, [&](const Edge* f) { return f->x1 <= e.x0; });
        for (const Edge* f : s.active) {
            if (f->polygon == e.polygon) continue;
            if (std::max(e.y0, e.y1) < std::min(f->y0, f->y1) || std::max(f->y0, f->y1) < std::min(e.y0, e.y1)) continue;
            // Over the x range both span, the difference of their heights is linear: opposite
            // signs at its ends are a crossing in between. A difference of 0 at an end is a
            // touch at a vertex, already an event.
            const double xa = e.x0, xb = std::min(e.x1, f->x1);
            const double da = e.y0 - y_at(f->x0, f->y0, f->x1, f->y1, xa);
            const double db = y_at(e.x0, e.y0, e.x1, e.y1, xb) - y_at(f->x0, f->y0, f->x1, f->y1, xb);
            if ((da < 0 && db > 0) || (da > 0 && db < 0)) {
                const double x = xa + (xb - xa) * (da / (da - db));
                if (lo < x && x < hi) events.push_back(x);
            }
        }
        s.active.push_back(&e);
    }
    std::sort(events.begin(), events.end());
    events.erase(std::unique(events.begin(), events.end()), events.end());
}

// Slab by slab between the events: the edges spanning it, by height at its middle; the union's
// length there is where at least one polygon has its inside (even-odd per polygon), within the
// mask when there is one.
double UnionArea::slab_total(const std::vector<Edge>& edges, std::uint32_t polygons, bool masked, Scratch& s) {
    const std::vector<double>& events = s.events;
    std::vector<unsigned char>& inside = s.inside;
    inside.assign(polygons, 0);
    unsigned char in_mask = masked ? 0 : 1;
    // The spanning edges stay in last slab's order: between slabs only the edges that start or
    // end there and the pairs that cross there change places, so an insertion sort is nearly
    // linear where a full sort of every slab cost a quarter of the sweep.
    std::vector<Crossing>& crossings = s.crossings;
    crossings.clear();
    std::size_t next = 0;
    double total = 0.0;
    for (std::size_t k = 0; k + 1 < events.size(); ++k) {
        const double xa = events[k], xb = events[k + 1], xm = 0.5 * (xa + xb);
        std::erase_if(crossings, [&](const Crossing& c) { return c.edge->x1 <= xa; });
        while (next < edges.size() && edges[next].x0 <= xa) crossings.push_back({0.0, &edges[next++]});
        for (Crossing& c : crossings) c.y = c.edge->y0 + (xm - c.edge->x0) * c.edge->slope;
        for (std::size_t i = 1; i < crossings.size(); ++i)
            for (std::size_t j = i; j > 0 && crossings[j].y < crossings[j - 1].y; --j) std::swap(crossings[j], crossings[j - 1]);
        double length = 0.0;
        int covering = 0;
        for (std::size_t i = 0; i < crossings.size(); ++i) {
            if (covering > 0 && in_mask) length += crossings[i].y - crossings[i - 1].y;
            const std::uint32_t polygon = crossings[i].edge->polygon;
            if (polygon == mask) {
                in_mask ^= 1;
                continue;
            }
            unsigned char& in = inside[polygon];
            in ^= 1;
            covering += in ? 1 : -1;
        }
        total += (xb - xa) * length;
    }
    return total;
}

double UnionArea::sweep(const std::vector<Edge>& edges_in, std::uint32_t polygons) {
    double lo = 0, hi = 0;
    const bool masked = measured_range(edges_in, lo, hi);
    if (!(lo < hi)) return 0.0;
    // Scratch space per thread: water areas call this for thousands of small groups, where the
    // allocations cost more than the sweep.
    thread_local Scratch scratch;
    std::vector<Edge>& edges = scratch.edges;
    edges.clear();
    for (const Edge& e : edges_in)
        if (e.x1 > lo && e.x0 < hi) edges.push_back(e);
    std::sort(edges.begin(), edges.end(), [](const Edge& a, const Edge& b) { return a.x0 < b.x0; });
    add_events(edges, lo, hi, scratch);
    return slab_total(edges, polygons, masked, scratch);
}

}  // namespace warmte
