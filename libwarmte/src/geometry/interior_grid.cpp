#include "warmte/interior_grid.hpp"

#include <algorithm>
#include <cmath>

namespace warmte {

namespace {

constexpr int min_cells_per_side = 8;
constexpr int max_cells_per_side = 512;

}  // namespace

InteriorGrid::InteriorGrid(const GeometryArray& polygons, std::size_t feature, double target_cell_size)
    : extent_(polygons.bounds(feature)) {
    double width = extent_.max_x - extent_.min_x, height = extent_.max_y - extent_.min_y;
    double longest = std::max({width, height, 1e-9});
    int per_side = std::clamp(static_cast<int>(std::ceil(longest / target_cell_size)), min_cells_per_side,
                              max_cells_per_side);
    cell_size_ = longest / per_side;
    columns_ = std::max(1, static_cast<int>(std::ceil(width / cell_size_)));
    rows_ = std::max(1, static_cast<int>(std::ceil(height / cell_size_)));
    cells_.assign(static_cast<std::size_t>(columns_) * rows_, outside);


    auto xy = polygons.coordinates();
    std::vector<std::pair<std::size_t, std::size_t>> rings;
    polygons.for_each_ring(feature, [&](std::size_t begin, std::size_t end, bool) { rings.emplace_back(begin, end); });

    // Boundary: every cell an edge passes through. Edges are cut into pieces no longer than half a
    // cell, and each piece marks the cells of its (slightly grown) bounding box: conservative.
    const double pad = 1e-9 * cell_size_;
    for (auto [begin, end] : rings) {
        for (std::size_t k = begin; k + 1 < end + 1; ++k) {
            std::size_t next = (k + 1 < end) ? k + 1 : begin;  // closes open rings too
            double x0 = xy[2 * k], y0 = xy[2 * k + 1], x1 = xy[2 * next], y1 = xy[2 * next + 1];
            double length = std::hypot(x1 - x0, y1 - y0);
            int pieces = std::max(1, static_cast<int>(std::ceil(2.0 * length / cell_size_)));
            for (int p = 0; p < pieces; ++p) {
                double ax = x0 + (x1 - x0) * p / pieces, ay = y0 + (y1 - y0) * p / pieces;
                double bx = x0 + (x1 - x0) * (p + 1) / pieces, by = y0 + (y1 - y0) * (p + 1) / pieces;
                int c0 = column_of(std::min(ax, bx) - pad), c1 = column_of(std::max(ax, bx) + pad);
                int r0 = row_of(std::min(ay, by) - pad), r1 = row_of(std::max(ay, by) + pad);
                for (int r = r0; r <= r1; ++r)
                    for (int c = c0; c <= c1; ++c) cells_[static_cast<std::size_t>(r) * columns_ + c] = boundary;
            }
        }
    }

    // Other cells are wholly inside or outside; the even-odd rule at the cell centre decides,
    // one scanline per row through the row's centre.
    std::vector<double> crossings;
    for (int r = 0; r < rows_; ++r) {
        double y = extent_.min_y + (r + 0.5) * cell_size_;
        crossings.clear();
        for (auto [begin, end] : rings) {
            for (std::size_t k = begin; k < end; ++k) {
                std::size_t next = (k + 1 < end) ? k + 1 : begin;
                double x0 = xy[2 * k], y0 = xy[2 * k + 1], x1 = xy[2 * next], y1 = xy[2 * next + 1];
                if ((y0 <= y) != (y1 <= y)) crossings.push_back(x0 + (y - y0) * (x1 - x0) / (y1 - y0));
            }
        }
        std::sort(crossings.begin(), crossings.end());
        std::size_t passed = 0;
        for (int c = 0; c < columns_; ++c) {
            double x = extent_.min_x + (c + 0.5) * cell_size_;
            while (passed < crossings.size() && crossings[passed] < x) ++passed;
            auto& cell = cells_[static_cast<std::size_t>(r) * columns_ + c];
            if (cell != boundary && passed % 2 == 1) cell = inside;
        }
    }
}

bool InteriorGrid::contains(const Box& box) const {
    if (!extent_.contains(box)) return false;
    int c0 = static_cast<int>(std::floor((box.min_x - extent_.min_x) / cell_size_));
    int c1 = static_cast<int>(std::floor((box.max_x - extent_.min_x) / cell_size_));
    int r0 = static_cast<int>(std::floor((box.min_y - extent_.min_y) / cell_size_));
    int r1 = static_cast<int>(std::floor((box.max_y - extent_.min_y) / cell_size_));
    if (c0 < 0 || r0 < 0 || c1 >= columns_ || r1 >= rows_) return false;
    for (int r = r0; r <= r1; ++r)
        for (int c = c0; c <= c1; ++c)
            if (cells_[static_cast<std::size_t>(r) * columns_ + c] != inside) return false;
    return true;
}

int InteriorGrid::column_of(double x) const {
    return std::clamp(static_cast<int>(std::floor((x - extent_.min_x) / cell_size_)), 0, columns_ - 1);
}

int InteriorGrid::row_of(double y) const {
    return std::clamp(static_cast<int>(std::floor((y - extent_.min_y) / cell_size_)), 0, rows_ - 1);
}

bool InteriorGrid::excludes(const Box& box) const {
    if (!extent_.intersects(box)) return true;
    // Only the cells the box meets inside the extent matter: beyond the extent is outside.
    const int c0 = column_of(box.min_x), c1 = column_of(box.max_x);
    const int r0 = row_of(box.min_y), r1 = row_of(box.max_y);
    for (int r = r0; r <= r1; ++r)
        for (int c = c0; c <= c1; ++c)
            if (cells_[static_cast<std::size_t>(r) * columns_ + c] != outside) return false;
    return true;
}

}  // namespace warmte
