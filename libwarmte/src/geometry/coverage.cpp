#include "warmte/coverage.hpp"

#include "geometry/ring_ops.hpp"

#include <algorithm>
#include <cmath>

namespace warmte::detail {

namespace {

using ring::Point;
using Ring = std::vector<Point>;

// Keeps the side of an axis-aligned line where (axis == 0 ? x : y) >= bound (or <= bound); the
// crossing points lie exactly on the bound.
void clip_half_plane(const Ring& in, Ring& out, int axis, double bound, bool keep_greater) {
    auto value = [axis](const Point& p) { return axis == 0 ? p.x : p.y; };
    ring::clip(
        in, out, [&](const Point& p) { return keep_greater ? value(p) >= bound : value(p) <= bound; },
        [&](const Point& p, const Point& q) {
            double pv = value(p), qv = value(q);
            double t = (bound - pv) / (qv - pv);
            Point c{p.x + t * (q.x - p.x), p.y + t * (q.y - p.y)};
            if (axis == 0) c.x = bound;
            else c.y = bound;
            return c;
        });
}

double ring_area(const Ring& r) { return ring::area(r); }

}  // namespace

std::vector<CoverageRow> coverage_rows(const GeometryArray& polygons, std::size_t i, const GridGeometry& g) {
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
