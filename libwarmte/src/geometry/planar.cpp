#include "warmte/planar.hpp"

#include "geometry/ring_ops.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace warmte::planar {

namespace {

using ring::cross;
using ring::Point;

double point_segment_distance(Point p, Point a, Point b) {
    double dx = b.x - a.x, dy = b.y - a.y;
    double length2 = dx * dx + dy * dy;
    double t = length2 > 0 ? std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / length2, 0.0, 1.0) : 0.0;
    double ex = p.x - (a.x + t * dx), ey = p.y - (a.y + t * dy);
    return std::sqrt(ex * ex + ey * ey);  // not std::hypot: glibc's is several times slower
}

// For segments of polygons whose boxes are apart, the segments cannot cross, so the distance is
// the smallest of the four endpoint-to-segment distances.
double segment_distance(Point a0, Point a1, Point b0, Point b1) {
    return std::min({point_segment_distance(a0, b0, b1), point_segment_distance(a1, b0, b1),
                     point_segment_distance(b0, a0, a1), point_segment_distance(b1, a0, a1)});
}

template <class Visit>
void for_each_segment(const GeometryArray& p, std::size_t i, Visit&& visit) {
    auto xy = p.coordinates();
    p.for_each_ring(i, [&](std::size_t begin, std::size_t end, bool) {
        for (std::size_t k = begin; k < end; ++k) {
            std::size_t next = k + 1 < end ? k + 1 : begin;
            visit(Point{xy[2 * k], xy[2 * k + 1]}, Point{xy[2 * next], xy[2 * next + 1]});
        }
    });
}

// r on segment p-q, given that the three are collinear.
bool on_segment(Point p, Point q, Point r) {
    return std::min(p.x, q.x) <= r.x && r.x <= std::max(p.x, q.x) && std::min(p.y, q.y) <= r.y &&
           r.y <= std::max(p.y, q.y);
}

bool segments_intersect(Point a0, Point a1, Point b0, Point b1) {
    double d1 = cross(a0, a1, b0), d2 = cross(a0, a1, b1), d3 = cross(b0, b1, a0), d4 = cross(b0, b1, a1);
    if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
    return (d1 == 0 && on_segment(a0, a1, b0)) || (d2 == 0 && on_segment(a0, a1, b1)) ||
           (d3 == 0 && on_segment(b0, b1, a0)) || (d4 == 0 && on_segment(b0, b1, a1));
}

// Even-odd point in polygon over every ring of feature i.
bool point_in_polygon(const GeometryArray& p, std::size_t i, Point q) {
    auto xy = p.coordinates();
    bool inside = false;
    p.for_each_ring(i, [&](std::size_t begin, std::size_t end, bool) {
        for (std::size_t k = begin; k < end; ++k) {
            std::size_t next = k + 1 < end ? k + 1 : begin;
            double x0 = xy[2 * k], y0 = xy[2 * k + 1], x1 = xy[2 * next], y1 = xy[2 * next + 1];
            if ((y0 > q.y) != (y1 > q.y) && q.x < x0 + (q.y - y0) * (x1 - x0) / (y1 - y0)) inside = !inside;
        }
    });
    return inside;
}

}  // namespace

double point_segment_distance(double px, double py, double ax, double ay, double bx, double by) {
    return point_segment_distance(Point{px, py}, Point{ax, ay}, Point{bx, by});
}

namespace {

// For features whose boundaries do not meet: whether one lies inside the other.
bool one_inside_other(const GeometryArray& a, std::size_t i, const GeometryArray& b, std::size_t j) {
    auto axy = a.coordinates(), bxy = b.coordinates();
    std::size_t a_first = 0, b_first = 0;
    a.for_each_ring(i, [&](std::size_t begin, std::size_t, bool shell) { if (shell) a_first = begin; });
    b.for_each_ring(j, [&](std::size_t begin, std::size_t, bool shell) { if (shell) b_first = begin; });
    return point_in_polygon(b, j, {axy[2 * a_first], axy[2 * a_first + 1]}) ||
           point_in_polygon(a, i, {bxy[2 * b_first], bxy[2 * b_first + 1]});
}

// A point against a polygon or line: the values polygon_distance takes for a one-vertex ring
// (its point-to-segment distances, 0 on a segment or inside), a quarter of the work. Demand
// points against water outlines are most of the aquathermie reach.
double point_distance(Point q, const GeometryArray& b, std::size_t j) {
    double best = std::numeric_limits<double>::infinity();
    bool on_boundary = false;
    for_each_segment(b, j, [&](Point b0, Point b1) {
        if (on_boundary) return;
        if (cross(b0, b1, q) == 0 && on_segment(b0, b1, q)) {
            on_boundary = true;
            return;
        }
        best = std::min(best, point_segment_distance(q, b0, b1));
    });
    if (on_boundary || point_in_polygon(b, j, q)) return 0.0;
    return best;
}

}  // namespace

double polygon_distance(const GeometryArray& a, std::size_t i, const GeometryArray& b, std::size_t j) {
    if (a.kind(i) == GeometryKind::point) {
        auto xy = a.coordinates();
        std::size_t first = 0;
        a.for_each_ring(i, [&](std::size_t begin, std::size_t, bool) { first = begin; });
        return point_distance({xy[2 * first], xy[2 * first + 1]}, b, j);
    }
    double best = std::numeric_limits<double>::infinity();
    bool crossing = false;
    for_each_segment(a, i, [&](Point a0, Point a1) {
        for_each_segment(b, j, [&](Point b0, Point b1) {
            if (crossing) return;
            if (segments_intersect(a0, a1, b0, b1)) crossing = true;
            else best = std::min(best, segment_distance(a0, a1, b0, b1));
        });
    });
    if (crossing) return 0.0;
    // No boundaries meet: either apart, or one lies inside the other.
    return one_inside_other(a, i, b, j) ? 0.0 : best;
}

bool within_distance(const GeometryArray& a, std::size_t i, const GeometryArray& b, std::size_t j, double d) {
    if (a.kind(i) == GeometryKind::point) return polygon_distance(a, i, b, j) <= d;
    bool near = false;
    for_each_segment(a, i, [&](Point a0, Point a1) {
        if (near) return;
        const double ax0 = std::min(a0.x, a1.x) - d, ax1 = std::max(a0.x, a1.x) + d;
        const double ay0 = std::min(a0.y, a1.y) - d, ay1 = std::max(a0.y, a1.y) + d;
        for_each_segment(b, j, [&](Point b0, Point b1) {
            if (near) return;
            // Segments whose boxes are more than d apart are farther than d: no need to measure.
            if (std::max(b0.x, b1.x) < ax0 || std::min(b0.x, b1.x) > ax1 || std::max(b0.y, b1.y) < ay0 ||
                std::min(b0.y, b1.y) > ay1)
                return;
            near = segments_intersect(a0, a1, b0, b1) || segment_distance(a0, a1, b0, b1) <= d;
        });
    });
    // No boundaries within d: within only when one lies inside the other (distance 0).
    return near || one_inside_other(a, i, b, j);
}

bool certainly_valid_simple(const GeometryArray& polygons, std::size_t i, std::size_t max_vertices) {
    if (polygons.ring_count(i) != 1) return false;
    std::size_t begin = 0, end = 0;
    polygons.for_each_ring(i, [&](std::size_t b, std::size_t e, bool) {
        begin = b;
        end = e;
    });
    std::size_t n = end - begin;  // points, the last repeating the first
    if (n < 4 || n > max_vertices) return false;
    auto xy = polygons.coordinates();
    auto at = [&](std::size_t k) { return Point{xy[2 * (begin + k)], xy[2 * (begin + k) + 1]}; };
    if (at(0).x != at(n - 1).x || at(0).y != at(n - 1).y) return false;
    std::size_t segments = n - 1;
    // A tolerance relative to the ring's size: anything this close to collinear or touching goes to GEOS.
    Box box = polygons.bounds(i);
    double scale = std::max(box.max_x - box.min_x, box.max_y - box.min_y);
    if (!(scale > 0)) return false;
    double eps = 1e-9 * scale * scale;
    for (std::size_t s = 0; s < segments; ++s) {
        Point a0 = at(s), a1 = at(s + 1);
        if (a0.x == a1.x && a0.y == a1.y) return false;
        for (std::size_t t = s + 1; t < segments; ++t) {
            Point b0 = at(t), b1 = at(t + 1);
            bool adjacent = t == s + 1 || (s == 0 && t == segments - 1);
            if (adjacent) {
                // Adjacent segments share one vertex; a turn back onto the same line is a spike.
                Point shared = t == s + 1 ? a1 : a0;
                Point other_a = t == s + 1 ? a0 : a1, other_b = t == s + 1 ? b1 : b0;
                if (std::abs(cross(shared, other_a, other_b)) <= eps) {
                    double dot = (other_a.x - shared.x) * (other_b.x - shared.x) + (other_a.y - shared.y) * (other_b.y - shared.y);
                    if (dot > 0) return false;  // folds back on itself
                }
                continue;
            }
            double d1 = cross(a0, a1, b0), d2 = cross(a0, a1, b1), d3 = cross(b0, b1, a0), d4 = cross(b0, b1, a1);
            if (std::abs(d1) <= eps || std::abs(d2) <= eps || std::abs(d3) <= eps || std::abs(d4) <= eps) {
                // Near-collinear or touching: only certain when the boxes of the two segments are apart.
                bool apart = std::max(a0.x, a1.x) < std::min(b0.x, b1.x) || std::max(b0.x, b1.x) < std::min(a0.x, a1.x) ||
                             std::max(a0.y, a1.y) < std::min(b0.y, b1.y) || std::max(b0.y, b1.y) < std::min(a0.y, a1.y);
                if (!apart) return false;
                continue;
            }
            if ((d1 > 0) != (d2 > 0) && (d3 > 0) != (d4 > 0)) return false;  // proper crossing
        }
    }
    return std::abs(polygons.area(i)) > eps;
}

std::optional<double> distance_if_apart(const GeometryArray& a, std::size_t i, const Box& a_box, const GeometryArray& b,
                                        std::size_t j, const Box& b_box) {
    if (a_box.intersects(b_box)) return std::nullopt;
    // The segments cannot cross, so the distance is the least of every vertex of one to every
    // segment of the other: the same values segment_distance takes over all pairs, half as many.
    double best = std::numeric_limits<double>::infinity();
    auto vertices_to_segments = [&](const GeometryArray& p, std::size_t pi, const GeometryArray& q, std::size_t qi) {
        auto xy = p.coordinates();
        p.for_each_ring(pi, [&](std::size_t begin, std::size_t end, bool) {
            for (std::size_t k = begin; k < end; ++k) {
                const Point v{xy[2 * k], xy[2 * k + 1]};
                for_each_segment(q, qi, [&](Point q0, Point q1) { best = std::min(best, point_segment_distance(v, q0, q1)); });
            }
        });
    };
    vertices_to_segments(a, i, b, j);
    vertices_to_segments(b, j, a, i);
    return best;
}

namespace {

// Feature j as a single convex ring, counter-clockwise, without repeated points, relative to
// `origin` (RD coordinates are ~1e5, footprints ~10 m); false when it is not one convex ring.
bool convex_ring(const GeometryArray& polygons, std::size_t j, Point origin, std::vector<Point>& out) {
    out.clear();
    if (polygons.ring_count(j) != 1) return false;
    auto xy = polygons.coordinates();
    std::size_t begin = 0, end = 0;
    polygons.for_each_ring(j, [&](std::size_t b, std::size_t e, bool) {
        begin = b;
        end = e;
    });
    for (std::size_t k = begin; k < end; ++k) {
        Point q{xy[2 * k] - origin.x, xy[2 * k + 1] - origin.y};
        if (out.empty() || q.x != out.back().x || q.y != out.back().y) out.push_back(q);
    }
    if (out.size() > 1 && out.front().x == out.back().x && out.front().y == out.back().y) out.pop_back();
    const std::size_t n = out.size();
    if (n < 3) return false;
    // Convex with one turning direction (collinear vertices allowed); make it counter-clockwise.
    int sign = 0;
    for (std::size_t k = 0; k < n; ++k) {
        double c = cross(out[k], out[(k + 1) % n], out[(k + 2) % n]);
        if (c == 0) continue;
        int s = c > 0 ? 1 : -1;
        if (sign != 0 && s != sign) return false;
        sign = s;
    }
    if (sign == 0) return false;
    if (sign < 0) std::reverse(out.begin(), out.end());
    // A convex ring could still wind around twice; its turning must add up to one full turn.
    double turning = 0;
    for (std::size_t k = 0; k < n; ++k) {
        Point a = out[k], b = out[(k + 1) % n], c = out[(k + 2) % n];
        turning += std::atan2(cross(a, b, c), (b.x - a.x) * (c.x - b.x) + (b.y - a.y) * (c.y - b.y));
    }
    return std::abs(turning - 2 * M_PI) <= 1e-6;
}

Point first_point(const GeometryArray& polygons, std::size_t j) {
    auto xy = polygons.coordinates();
    std::size_t first = 0;
    polygons.for_each_ring(j, [&](std::size_t b, std::size_t, bool shell) { if (shell) first = b; });
    return {xy[2 * first], xy[2 * first + 1]};
}

// True when some edge of convex ring `a` (counter-clockwise) has all of `b` on or right of its
// line: a separating line, so the interiors are disjoint.
bool separated_by_an_edge_of(const std::vector<Point>& a, const std::vector<Point>& b) {
    for (std::size_t e = 0; e < a.size(); ++e) {
        const Point p = a[e], q = a[(e + 1) % a.size()];
        bool all_outside = true;
        for (const Point& v : b)
            if (cross(p, q, v) > 0) {
                all_outside = false;
                break;
            }
        if (all_outside) return true;
    }
    return false;
}

}  // namespace

std::optional<bool> convex_interiors_overlap(const GeometryArray& a, std::size_t i, const GeometryArray& b,
                                             std::size_t j) {
    thread_local std::vector<Point> ra, rb;
    if (a.ring_count(i) != 1 || b.ring_count(j) != 1) return std::nullopt;
    const Point origin = first_point(a, i);
    if (!convex_ring(a, i, origin, ra) || !convex_ring(b, j, origin, rb)) return std::nullopt;
    // Two convex sets have disjoint interiors exactly when a line along an edge of one separates them.
    return !separated_by_an_edge_of(ra, rb) && !separated_by_an_edge_of(rb, ra);
}

std::optional<double> convex_clip_area(const GeometryArray& subject, std::size_t i, const GeometryArray& clip,
                                       std::size_t j) {
    thread_local std::vector<Point> edges, current, next;
    if (clip.ring_count(j) != 1) return std::nullopt;
    const Point origin = first_point(clip, j);
    if (!convex_ring(clip, j, origin, edges)) return std::nullopt;
    const std::size_t n = edges.size();

    auto sxy = subject.coordinates();
    double total = 0.0;
    subject.for_each_ring(i, [&](std::size_t sb, std::size_t se, bool is_shell) {
        current.clear();
        for (std::size_t k = sb; k < se; ++k) current.push_back({sxy[2 * k] - origin.x, sxy[2 * k + 1] - origin.y});
        for (std::size_t e = 0; e < n && !current.empty(); ++e) {
            Point a = edges[e], b = edges[(e + 1) % n];
            // The left of edge a->b (counter-clockwise: the inside of the clip polygon).
            ring::clip(
                current, next, [&](const Point& p) { return cross(a, b, p) >= 0; },
                [&](const Point& p, const Point& q) {
                    double dp = cross(a, b, p), dq = cross(a, b, q);
                    double t = dp / (dp - dq);
                    return Point{p.x + t * (q.x - p.x), p.y + t * (q.y - p.y)};
                });
            std::swap(current, next);
        }
        total += (is_shell ? 0.5 : -0.5) * std::abs(ring::twice_signed_area(current));
    });
    return std::max(0.0, total);
}

bool contains_point(const GeometryArray& polygons, std::size_t i, double x, double y) {
    auto xy = polygons.coordinates();
    bool inside = false;
    polygons.for_each_ring(i, [&](std::size_t begin, std::size_t end, bool) {
        // Ray casting to +x; the ring is treated as closed whether or not it repeats its start.
        for (std::size_t k = begin, previous = end - 1; k < end; previous = k++) {
            double xa = xy[2 * k], ya = xy[2 * k + 1], xb = xy[2 * previous], yb = xy[2 * previous + 1];
            if ((ya > y) != (yb > y) && x < xa + (y - ya) * (xb - xa) / (yb - ya)) inside = !inside;
        }
    });
    return inside;
}

double perimeter(const GeometryArray& polygons, std::size_t i) {
    auto xy = polygons.coordinates();
    double length = 0;
    polygons.for_each_ring(i, [&](std::size_t begin, std::size_t end, bool) {
        for (std::size_t k = begin, previous = end - 1; k < end; previous = k++)
            length += std::hypot(xy[2 * k] - xy[2 * previous], xy[2 * k + 1] - xy[2 * previous + 1]);
    });
    return length;
}

}  // namespace warmte::planar
