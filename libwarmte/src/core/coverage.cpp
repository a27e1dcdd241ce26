#include "warmte/coverage.hpp"

#include <algorithm>
#include <cmath>

namespace warmte::detail {

namespace {

struct Point {
    double x, y;
};
using Ring = std::vector<Point>;

// Sutherland-Hodgman against one axis-aligned half-plane: keep the side where
// (axis == 0 ? x : y) * sign >= bound * sign.
void clip_half_plane(const Ring& in, Ring& out, int axis, double bound, bool keep_greater) {
    out.clear();
    const std::size_t n = in.size();
    auto inside = [&](const Point& p) {
        double v = axis == 0 ? p.x : p.y;
        return keep_greater ? v >= bound : v <= bound;
    };
    for (std::size_t k = 0; k < n; ++k) {
        const Point& p = in[k];
        const Point& q = in[(k + 1) % n];
        bool p_in = inside(p), q_in = inside(q);
        if (p_in) out.push_back(p);
        if (p_in != q_in) {
            double pv = axis == 0 ? p.x : p.y, qv = axis == 0 ? q.x : q.y;
            double t = (bound - pv) / (qv - pv);
            Point c{p.x + t * (q.x - p.x), p.y + t * (q.y - p.y)};
            if (axis == 0) c.x = bound;
            else c.y = bound;
            out.push_back(c);
        }
    }
}

double ring_area(const Ring& r) {
    double twice = 0;
    for (std::size_t k = 0; k < r.size(); ++k) {
        const Point& p = r[k];
        const Point& q = r[(k + 1) % r.size()];
        twice += p.x * q.y - q.x * p.y;
    }
    return std::abs(twice) / 2;
}

}  // namespace

std::vector<CoverageRow> coverage_rows(const PolygonArray& polygons, std::size_t i, const GridGeometry& g) {
    std::vector<CoverageRow> rows;
    Box b = polygons.bounds(i);
    int c0 = std::max(0, static_cast<int>(std::floor((b.min_x - g.west) / g.dx)));
    int c1 = std::min(g.columns - 1, static_cast<int>(std::floor((b.max_x - g.west) / g.dx)));
    int r0 = std::max(0, static_cast<int>(std::floor((g.north - b.max_y) / g.dy)));
    int r1 = std::min(g.rows - 1, static_cast<int>(std::floor((g.north - b.min_y) / g.dy)));
    if (c0 > c1 || r0 > r1) return rows;
    // Local coordinates relative to the grid origin keep the arithmetic precise for RD values.
    auto xy = polygons.coordinates();
    std::vector<std::pair<Ring, double>> rings;  // ring, +1 shell / -1 hole
    polygons.for_each_ring(i, [&](std::size_t begin, std::size_t end, bool shell) {
        Ring r;
        for (std::size_t k = begin; k < end; ++k) r.push_back({xy[2 * k] - g.west, g.north - xy[2 * k + 1]});
        if (r.size() > 1 && r.front().x == r.back().x && r.front().y == r.back().y) r.pop_back();
        if (r.size() >= 3) rings.emplace_back(std::move(r), shell ? 1.0 : -1.0);
    });
    const double cell_area = g.dx * g.dy;
    Ring band, tmp, cell, cell_tmp;
    for (int row = r0; row <= r1; ++row) {
        double top = row * g.dy, bottom = (row + 1) * g.dy;  // local y grows southwards
        CoverageRow out{row, c0, std::vector<double>(static_cast<std::size_t>(c1 - c0 + 1), 0.0)};
        bool any = false;
        for (auto& [ring, sign] : rings) {
            clip_half_plane(ring, tmp, 1, top, true);
            clip_half_plane(tmp, band, 1, bottom, false);
            if (band.size() < 3) continue;
            double lo = INFINITY, hi = -INFINITY;
            for (const Point& p : band) {
                lo = std::min(lo, p.x);
                hi = std::max(hi, p.x);
            }
            int a = std::max(c0, static_cast<int>(std::floor(lo / g.dx)));
            int z = std::min(c1, static_cast<int>(std::floor(hi / g.dx)));
            for (int col = a; col <= z; ++col) {
                clip_half_plane(band, cell_tmp, 0, col * g.dx, true);
                clip_half_plane(cell_tmp, cell, 0, (col + 1) * g.dx, false);
                if (cell.size() < 3) continue;
                out.fractions[col - c0] += sign * ring_area(cell) / cell_area;
                any = true;
            }
        }
        if (!any) continue;
        for (double& f : out.fractions) f = std::clamp(f, 0.0, 1.0);  // rounding only
        rows.push_back(std::move(out));
    }
    return rows;
}

}  // namespace warmte::detail
