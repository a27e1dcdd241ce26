#include "warmte/planar.hpp"

#include "geometry/ring_ops.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace warmte::planar {

namespace {

using ring::cross;
using ring::Point;

// Squared: the least of many is found before one square root (sqrt is correctly rounded and
// monotone, so the root of the least square is the least root, bit for bit).
double point_segment_distance2(Point p, Point a, Point b) {
    double dx = b.x - a.x, dy = b.y - a.y;
    double length2 = dx * dx + dy * dy;
    double t = length2 > 0 ? std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / length2, 0.0, 1.0) : 0.0;
    double ex = p.x - (a.x + t * dx), ey = p.y - (a.y + t * dy);
    return ex * ex + ey * ey;
}

double point_segment_distance(Point p, Point a, Point b) {
    return std::sqrt(point_segment_distance2(p, a, b));  // not std::hypot: glibc's is several times slower
}

// For segments of polygons whose boxes are apart, the segments cannot cross, so the distance is
// the smallest of the four endpoint-to-segment distances.
double segment_distance2(Point a0, Point a1, Point b0, Point b1) {
    return std::min({point_segment_distance2(a0, b0, b1), point_segment_distance2(a1, b0, b1),
                     point_segment_distance2(b0, a0, a1), point_segment_distance2(b1, a0, a1)});
}

double segment_distance(Point a0, Point a1, Point b0, Point b1) { return std::sqrt(segment_distance2(a0, a1, b0, b1)); }

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

std::pair<double, double> nearest_vertex(const GeometryArray& shapes, std::size_t i, double x, double y) {
    std::pair<double, double> best{x, y};
    double d = std::numeric_limits<double>::infinity();
    const auto xy = shapes.coordinates();
    shapes.for_each_ring(i, [&](std::size_t begin, std::size_t end, bool) {
        for (std::size_t k = begin; k < end; ++k)
            if (const double e = std::hypot(xy[2 * k] - x, xy[2 * k + 1] - y); e < d) d = e, best = {xy[2 * k], xy[2 * k + 1]};
    });
    return best;
}

double polygon_distance(const GeometryArray& a, std::size_t i, const GeometryArray& b, std::size_t j) {
    if (a.kind(i) == GeometryKind::point) {
        auto xy = a.coordinates();
        std::size_t first = 0;
        a.for_each_ring(i, [&](std::size_t begin, std::size_t, bool) { first = begin; });
        return point_distance({xy[2 * first], xy[2 * first + 1]}, b, j);
    }
    double best2 = std::numeric_limits<double>::infinity();
    bool crossing = false;
    for_each_segment(a, i, [&](Point a0, Point a1) {
        for_each_segment(b, j, [&](Point b0, Point b1) {
            if (crossing) return;
            if (segments_intersect(a0, a1, b0, b1)) crossing = true;
            else best2 = std::min(best2, segment_distance2(a0, a1, b0, b1));
        });
    });
    if (crossing) return 0.0;
    // No boundaries meet: either apart, or one lies inside the other.
    return one_inside_other(a, i, b, j) ? 0.0 : std::sqrt(best2);
}

double polyline_distance(const GeometryArray& a, std::size_t i, const Box& a_box, std::span<const double> line) {
    const std::size_t n = line.size() / 2;
    auto at = [&](std::size_t k) { return Point{line[2 * k], line[2 * k + 1]}; };
    Box line_box{at(0).x, at(0).y, at(0).x, at(0).y};
    for (std::size_t k = 1; k < n; ++k) {
        line_box.min_x = std::min(line_box.min_x, at(k).x);
        line_box.min_y = std::min(line_box.min_y, at(k).y);
        line_box.max_x = std::max(line_box.max_x, at(k).x);
        line_box.max_y = std::max(line_box.max_y, at(k).y);
    }
    const bool apart = !a_box.intersects(line_box);
    if (!apart) {
        // Crossing, touching, or the line inside the polygon: 0.
        bool crossing = false;
        for_each_segment(a, i, [&](Point a0, Point a1) {
            for (std::size_t k = 0; k + 1 < n && !crossing; ++k) crossing = segments_intersect(a0, a1, at(k), at(k + 1));
        });
        if (crossing || point_in_polygon(a, i, at(0))) return 0.0;
    }
    // Apart: the least of every vertex of one to every segment of the other.
    double best2 = std::numeric_limits<double>::infinity();
    auto axy = a.coordinates();
    a.for_each_ring(i, [&](std::size_t begin, std::size_t end, bool) {
        for (std::size_t v = begin; v < end; ++v) {
            const Point q{axy[2 * v], axy[2 * v + 1]};
            for (std::size_t k = 0; k + 1 < n; ++k) best2 = std::min(best2, point_segment_distance2(q, at(k), at(k + 1)));
        }
    });
    for (std::size_t k = 0; k < n; ++k)
        for_each_segment(a, i, [&](Point a0, Point a1) { best2 = std::min(best2, point_segment_distance2(at(k), a0, a1)); });
    return std::sqrt(best2);
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

namespace {

// Two adjacent segments (sharing `shared`) fold back onto one line: a spike.
bool folds_back(Point shared, Point other_a, Point other_b, double eps) {
    if (std::abs(cross(shared, other_a, other_b)) > eps) return false;
    const double dot = (other_a.x - shared.x) * (other_b.x - shared.x) + (other_a.y - shared.y) * (other_b.y - shared.y);
    return dot > 0;
}

// Two segments that are not adjacent certainly do not meet: they cross nowhere and, when near
// collinear or touching (within eps), their boxes are apart.
bool certainly_apart(Point a0, Point a1, Point b0, Point b1, double eps) {
    const double d1 = cross(a0, a1, b0), d2 = cross(a0, a1, b1), d3 = cross(b0, b1, a0), d4 = cross(b0, b1, a1);
    if (std::abs(d1) <= eps || std::abs(d2) <= eps || std::abs(d3) <= eps || std::abs(d4) <= eps)
        return std::max(a0.x, a1.x) < std::min(b0.x, b1.x) || std::max(b0.x, b1.x) < std::min(a0.x, a1.x) ||
               std::max(a0.y, a1.y) < std::min(b0.y, b1.y) || std::max(b0.y, b1.y) < std::min(a0.y, a1.y);
    return !((d1 > 0) != (d2 > 0) && (d3 > 0) != (d4 > 0));  // not a proper crossing
}

}  // namespace

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
            if (t == s + 1) {  // adjacent: they share a1
                if (folds_back(a1, a0, b1, eps)) return false;
            } else if (s == 0 && t == segments - 1) {  // adjacent across the ring's start: they share a0
                if (folds_back(a0, a1, b0, eps)) return false;
            } else if (!certainly_apart(a0, a1, b0, b1, eps)) {
                return false;
            }
        }
    }
    return std::abs(polygons.area(i)) > eps;
}

std::optional<double> distance_if_apart(const GeometryArray& a, std::size_t i, const Box& a_box, const GeometryArray& b,
                                        std::size_t j, const Box& b_box) {
    if (a_box.intersects(b_box)) return std::nullopt;
    // The segments cannot cross, so the distance is the least of every vertex of one to every
    // segment of the other: the same values segment_distance takes over all pairs, half as many.
    double best2 = std::numeric_limits<double>::infinity();
    auto vertices_to_segments = [&](const GeometryArray& p, std::size_t pi, const GeometryArray& q, std::size_t qi) {
        auto xy = p.coordinates();
        p.for_each_ring(pi, [&](std::size_t begin, std::size_t end, bool) {
            for (std::size_t k = begin; k < end; ++k) {
                const Point v{xy[2 * k], xy[2 * k + 1]};
                for_each_segment(q, qi, [&](Point q0, Point q1) { best2 = std::min(best2, point_segment_distance2(v, q0, q1)); });
            }
        });
    };
    vertices_to_segments(a, i, b, j);
    vertices_to_segments(b, j, a, i);
    return std::sqrt(best2);
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

bool is_convex(const GeometryArray& polygons, std::size_t i) {
    thread_local std::vector<Point> ring;
    return polygons.ring_count(i) == 1 && convex_ring(polygons, i, first_point(polygons, i), ring);
}

std::optional<bool> convex_interiors_overlap(const GeometryArray& a, std::size_t i, const GeometryArray& b,
                                             std::size_t j) {
    thread_local std::vector<Point> ra, rb;
    // Callers test one feature against many in a row: its ring (relative to its own first point,
    // so the same for every partner) is kept from the call before, known by its coordinates.
    thread_local std::vector<double> last_xy;
    thread_local bool last_convex = false;
    if (a.ring_count(i) != 1 || b.ring_count(j) != 1) return std::nullopt;
    const Point origin = first_point(a, i);
    std::span<const double> xy;
    a.for_each_ring(i, [&](std::size_t begin, std::size_t end, bool) { xy = a.coordinates().subspan(2 * begin, 2 * (end - begin)); });
    if (!std::equal(xy.begin(), xy.end(), last_xy.begin(), last_xy.end())) {
        last_xy.assign(xy.begin(), xy.end());
        last_convex = convex_ring(a, i, origin, ra);
    }
    if (!last_convex || !convex_ring(b, j, origin, rb)) return std::nullopt;
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

namespace {

// The sign of cross(o, a, b) when it is certain in double arithmetic, 0 when too close to call
// (Shewchuk's first error bound for the orientation test: the sign of a result larger than it
// is exact). Exactly collinear points are "too close to call" as well.
int certain_orientation(Point o, Point a, Point b) {
    constexpr double error_bound = (3.0 + 16.0 * std::numeric_limits<double>::epsilon() / 2) *
                                   (std::numeric_limits<double>::epsilon() / 2);
    const double left = (a.x - o.x) * (b.y - o.y), right = (a.y - o.y) * (b.x - o.x);
    const double det = left - right;
    const double bound = error_bound * (std::abs(left) + std::abs(right));
    return det > bound ? 1 : det < -bound ? -1 : 0;
}

bool same_point(Point p, Point q) { return p.x == q.x && p.y == q.y; }
bool point_before(Point p, Point q) { return p.x != q.x ? p.x < q.x : p.y < q.y; }

struct Edge {
    Point from, to;
    std::uint32_t ring;   // index among the feature's rings
    bool interior_left;   // the polygon's interior lies left of from -> to
    bool shared = false;  // the other feature has this edge too, its interior on the other side
    Box box() const {
        return {std::min(from.x, to.x), std::min(from.y, to.y), std::max(from.x, to.x), std::max(from.y, to.y)};
    }
};

// Feature i's edges without zero-length ones, each knowing its interior side.
std::vector<Edge> edges_of(const GeometryArray& g, std::size_t i) {
    std::vector<Edge> edges;
    auto xy = g.coordinates();
    std::uint32_t ring = 0;
    g.for_each_ring(i, [&](std::size_t begin, std::size_t end, bool shell) {
        const double twice_area = ring::twice_signed_area_xy(xy.subspan(2 * begin, 2 * (end - begin)));
        for (std::size_t k = begin; k < end; ++k) {
            const std::size_t next = k + 1 < end ? k + 1 : begin;
            const Point p{xy[2 * k], xy[2 * k + 1]}, q{xy[2 * next], xy[2 * next + 1]};
            if (!same_point(p, q)) edges.push_back({p, q, ring, shell == (twice_area > 0)});
        }
        ++ring;
    });
    return edges;
}

// Whether two edges of different features meet anywhere but in one shared endpoint (edges
// shared whole are taken out before): true also when the tests cannot tell.
bool edges_may_meet(const Edge& e, const Edge& f) {
    const bool from_from = same_point(e.from, f.from), from_to = same_point(e.from, f.to);
    const bool to_from = same_point(e.to, f.from), to_to = same_point(e.to, f.to);
    if (from_from + from_to + to_from + to_to > 1) return true;  // the same segment (or a bad one)
    if (from_from || from_to || to_from || to_to) {
        // One endpoint in common: they meet elsewhere only when they run on from it the same
        // way along one line, so not when they turn apart or leave it on either side.
        const Point shared = from_from || from_to ? e.from : e.to;
        const Point e_other = from_from || from_to ? e.to : e.from;
        const Point f_other = from_from || to_from ? f.to : f.from;
        const double dot = (e_other.x - shared.x) * (f_other.x - shared.x) + (e_other.y - shared.y) * (f_other.y - shared.y);
        return dot > 0 && certain_orientation(shared, e_other, f_other) == 0;
    }
    const int d1 = certain_orientation(e.from, e.to, f.from), d2 = certain_orientation(e.from, e.to, f.to);
    const int d3 = certain_orientation(f.from, f.to, e.from), d4 = certain_orientation(f.from, f.to, e.to);
    if (d1 == 0 || d2 == 0 || d3 == 0 || d4 == 0) return true;  // touching, collinear or too close
    return d1 != d2 && d3 != d4;                                 // a proper crossing
}

// 1 when q lies strictly inside the polygon the edges bound, -1 when strictly outside, 0 when
// the tests cannot tell (q on or too near an edge).
int certainly_inside(const std::vector<Edge>& edges, Point q) {
    bool inside = false;
    for (const Edge& e : edges) {
        const bool from_above = e.from.y > q.y, to_above = e.to.y > q.y;
        if (from_above == to_above) {
            // Not crossing the horizontal through q, but q may lie on the edge itself.
            if (e.from.y == q.y && e.to.y == q.y && std::min(e.from.x, e.to.x) <= q.x && q.x <= std::max(e.from.x, e.to.x))
                return 0;
            continue;
        }
        // The edge crosses q's horizontal: is the crossing to the right of q?
        const int side = certain_orientation(e.from, e.to, q);
        if (side == 0) return 0;
        const bool upward = to_above;  // from below to above
        if (upward == (side > 0)) inside = !inside;
    }
    return inside ? 1 : -1;
}

// No stretch of `edges`' boundary between vertices of `other` lies inside `other`'s polygon.
// The edges meet `other` only in its vertices (checked before), so each stretch between such
// vertices is wholly inside or outside, and one of its vertices tells which.
bool stretches_outside(const std::vector<Edge>& edges, const std::vector<Point>& other_vertices,
                       const std::vector<Edge>& other_edges, const Box& other_box) {
    auto is_other_vertex = [&](Point p) {
        return std::binary_search(other_vertices.begin(), other_vertices.end(), p, point_before);
    };
    for (std::size_t k = 0; k < edges.size(); ++k) {
        const Edge& e = edges[k];
        const bool from_on = is_other_vertex(e.from);
        // A chord between two of the other's vertices is not decided by its ends: ask GEOS.
        if (!e.shared && from_on && is_other_vertex(e.to)) return false;
        if (from_on) continue;
        // e.from starts a stretch when the vertex before it is one of the other's, or it is its
        // ring's first (a ring without such vertices is one stretch; a stretch running over the
        // ring's start is tested twice, which only costs time).
        const bool ring_start = k == 0 || edges[k - 1].ring != e.ring;
        if (!ring_start && !is_other_vertex(edges[k - 1].from)) continue;
        if (!other_box.intersects({e.from.x, e.from.y, e.from.x, e.from.y})) continue;  // outside its box
        if (certainly_inside(other_edges, e.from) != -1) return false;
    }
    return true;
}

}  // namespace

namespace {

// The edges the two boundaries have in common (either way round) are marked shared; false when
// one of them has both interiors on the same side (an overlap along the edge).
bool shared_edges_apart(std::vector<Edge>& ea, std::vector<Edge>& eb, const Box& common) {
    std::vector<std::size_t> b_by_from(eb.size());
    for (std::size_t k = 0; k < eb.size(); ++k) b_by_from[k] = k;
    std::sort(b_by_from.begin(), b_by_from.end(), [&](std::size_t x, std::size_t y) { return point_before(eb[x].from, eb[y].from); });
    for (Edge& e : ea) {
        if (!common.intersects(e.box())) continue;
        // b's edges that start where e starts (the same way) or ends (the other way)
        for (const Point start : {e.from, e.to}) {
            const bool same_way = same_point(start, e.from);
            const Point end = same_way ? e.to : e.from;
            auto it = std::lower_bound(b_by_from.begin(), b_by_from.end(), start,
                                       [&](std::size_t x, Point p) { return point_before(eb[x].from, p); });
            for (; it != b_by_from.end() && same_point(eb[*it].from, start); ++it) {
                Edge& f = eb[*it];
                if (!same_point(f.to, end)) continue;
                // Each interior's side, seen along e: the same side is an overlap along the edge.
                const bool f_left_of_e = same_way ? f.interior_left : !f.interior_left;
                if (e.interior_left == f_left_of_e) return false;
                e.shared = f.shared = true;
            }
        }
    }
    return true;
}

// Every other pair of edges near both may meet only in a shared endpoint. Sorted by their left
// end, a sweep finds the pairs whose boxes overlap.
bool other_edges_apart(const std::vector<Edge>& ea, const std::vector<Edge>& eb, const Box& common) {
    std::vector<const Edge*> near_a, near_b;
    for (const Edge& e : ea)
        if (!e.shared && common.intersects(e.box())) near_a.push_back(&e);
    for (const Edge& f : eb)
        if (!f.shared && common.intersects(f.box())) near_b.push_back(&f);
    auto by_left = [](const Edge* x, const Edge* y) { return x->box().min_x < y->box().min_x; };
    std::sort(near_a.begin(), near_a.end(), by_left);
    std::sort(near_b.begin(), near_b.end(), by_left);
    for (const Edge* e : near_a) {
        const Box e_box = e->box();
        for (const Edge* f : near_b) {
            const Box f_box = f->box();
            if (f_box.min_x > e_box.max_x) break;
            if (f_box.intersects(e_box) && edges_may_meet(*e, *f)) return false;
        }
    }
    return true;
}

}  // namespace

namespace {

// The tests of interiors_certainly_disjoint on edges built once (it marks the shared ones).
bool edges_certainly_disjoint(std::vector<Edge>& ea, std::vector<Edge>& eb, const Box& a_box, const Box& b_box) {
    const Box common = a_box.intersected(b_box);
    if (!shared_edges_apart(ea, eb, common) || !other_edges_apart(ea, eb, common)) return false;
    // No stretch of either boundary inside the other.
    std::vector<Point> va, vb;
    for (const Edge& e : ea) va.push_back(e.from);
    for (const Edge& f : eb) vb.push_back(f.from);
    std::sort(va.begin(), va.end(), point_before);
    std::sort(vb.begin(), vb.end(), point_before);
    return stretches_outside(ea, vb, eb, b_box) && stretches_outside(eb, va, ea, a_box);
}

// True only when the interiors certainly overlap: a vertex of one lies certainly inside the other,
// or their boundaries cross (exact-sign tests).
bool edges_certainly_overlap(const std::vector<Edge>& ea, const std::vector<Edge>& eb, const Box& a_box, const Box& b_box) {
    // A vertex certainly inside the other: the interiors meet around it. Not a vertex the two
    // share (neighbours in a partition): the ray test cannot see that it lies on the boundary.
    // That is checked only for a vertex the ray places inside, which is rare among neighbours.
    auto inside_other = [](const std::vector<Edge>& edges, const std::vector<Edge>& other_edges, const Box& other_box) {
        for (const Edge& e : edges)
            if (other_box.intersects({e.from.x, e.from.y, e.from.x, e.from.y}) && certainly_inside(other_edges, e.from) == 1 &&
                std::none_of(other_edges.begin(), other_edges.end(), [&](const Edge& f) { return same_point(f.from, e.from); }))
                return true;
        return false;
    };
    if (inside_other(ea, eb, b_box) || inside_other(eb, ea, a_box)) return true;
    // Two boundaries that cross (each edge's ends certainly on either side of the other's line):
    // the interiors meet on either side of the crossing.
    for (const Edge& e : ea) {
        const Box e_box = e.box();
        if (!e_box.intersects(b_box)) continue;
        for (const Edge& f : eb) {
            if (!f.box().intersects(e_box)) continue;
            const int d1 = certain_orientation(e.from, e.to, f.from), d2 = certain_orientation(e.from, e.to, f.to);
            const int d3 = certain_orientation(f.from, f.to, e.from), d4 = certain_orientation(f.from, f.to, e.to);
            if (d1 != 0 && d2 != 0 && d3 != 0 && d4 != 0 && d1 != d2 && d3 != d4) return true;
        }
    }
    return false;
}

}  // namespace

bool interiors_certainly_disjoint(const GeometryArray& a, std::size_t i, const GeometryArray& b, std::size_t j) {
    const Box a_box = a.bounds(i), b_box = b.bounds(j);
    if (!a_box.intersects(b_box)) return true;
    std::vector<Edge> ea = edges_of(a, i), eb = edges_of(b, j);
    return edges_certainly_disjoint(ea, eb, a_box, b_box);
}

std::optional<bool> interiors_overlap_if_certain(const GeometryArray& a, std::size_t i, const GeometryArray& b,
                                                 std::size_t j) {
    const Box a_box = a.bounds(i), b_box = b.bounds(j);
    if (!a_box.intersects(b_box)) return false;
    std::vector<Edge> ea = edges_of(a, i), eb = edges_of(b, j);
    if (edges_certainly_overlap(ea, eb, a_box, b_box)) return true;
    if (edges_certainly_disjoint(ea, eb, a_box, b_box)) return false;
    return std::nullopt;
}

}  // namespace warmte::planar
