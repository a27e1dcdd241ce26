// Planar primitives on rings of points, written once: the point type, the cross product, the
// shoelace area and Sutherland-Hodgman clipping by a half-plane. Exact cell coverage (coverage),
// convex clipping of footprints (planar) and the polygon arrays (polygons) build on them.
#pragma once

#include <cmath>
#include <span>
#include <vector>

namespace warmte::ring {

struct Point {
    double x, y;
};

/// z of (a - o) x (b - o): positive when o, a, b turn counter-clockwise.
inline double cross(Point o, Point a, Point b) { return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x); }

/// Twice the signed area of a ring of `n` vertices, `at(k)` the k-th (the closing edge implied; a
/// repeated first vertex adds nothing). Shoelace over a fan from the first vertex, so coordinates
/// in the 1e5 range (RD) keep their precision: every product is of local differences.
template <class At>
double twice_signed_area(std::size_t n, At at) {
    if (n < 3) return 0.0;
    const Point o = at(0);
    double sum = 0.0;
    for (std::size_t k = 1; k + 1 < n; ++k) {
        const Point a = at(k), b = at(k + 1);
        sum += (a.x - o.x) * (b.y - o.y) - (b.x - o.x) * (a.y - o.y);
    }
    return sum;
}

inline double twice_signed_area(std::span<const Point> r) {
    return twice_signed_area(r.size(), [&](std::size_t k) { return r[k]; });
}

/// The same for a flat x, y, x, y, ... buffer.
inline double twice_signed_area_xy(std::span<const double> xy) {
    return twice_signed_area(xy.size() / 2, [&](std::size_t k) { return Point{xy[2 * k], xy[2 * k + 1]}; });
}

/// Area of a ring, whatever its orientation.
inline double area(std::span<const Point> r) { return std::abs(twice_signed_area(r)) / 2; }

/// Sutherland-Hodgman: the part of ring `in` where `inside(point)` holds, into `out`. Each edge
/// that crosses the boundary adds `crossing(p, q)`, the point where it crosses (the caller
/// computes it, so an axis-aligned cut can put it exactly on the bound).
template <class Inside, class Crossing>
void clip(const std::vector<Point>& in, std::vector<Point>& out, Inside inside, Crossing crossing) {
    out.clear();
    const std::size_t n = in.size();
    for (std::size_t k = 0; k < n; ++k) {
        const Point& p = in[k];
        const Point& q = in[(k + 1) % n];
        bool p_in = inside(p), q_in = inside(q);
        if (p_in) out.push_back(p);
        if (p_in != q_in) out.push_back(crossing(p, q));
    }
}

}  // namespace warmte::ring
