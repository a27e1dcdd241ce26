#include "warmte/spatial_index.hpp"

#include "parallel.hpp"

#include <algorithm>
#include <numeric>

namespace warmte {

namespace {

// A feature without coordinates has an inverted box (+inf, -inf): it intersects nothing, so the
// tree leaves it out.
bool has_extent(const Box& b) { return b.min_x <= b.max_x && b.min_y <= b.max_y; }

// Cells per side of the grid the box centres are put on before they are ordered along the curve.
constexpr std::uint32_t hilbert_bits = 16;

// Position of cell (x, y) along a Hilbert curve through a 2^16 x 2^16 grid: the classic
// quadrant-by-quadrant walk, rotating the coordinates so each quadrant's curve is the parent's.
std::uint32_t hilbert_position(std::uint32_t x, std::uint32_t y) {
    std::uint32_t d = 0;
    for (std::uint32_t s = 1u << (hilbert_bits - 1); s > 0; s >>= 1) {
        const std::uint32_t rx = (x & s) ? 1 : 0;
        const std::uint32_t ry = (y & s) ? 1 : 0;
        d += s * s * ((3 * rx) ^ ry);
        if (ry == 0) {
            if (rx == 1) {
                x = s - 1 - (x & (s - 1)) + (x & ~(s - 1));
                y = s - 1 - (y & (s - 1)) + (y & ~(s - 1));
            }
            std::swap(x, y);
        }
    }
    return d;
}

// Below this many boxes a comparison sort beats the two counting passes. Only speed depends on it.
constexpr std::size_t radix_sort_above = 4096;

// Feature numbers in ascending curve position; equal positions keep ascending feature number
// (both sorts are stable), so the tree does not depend on how the sort is done.
std::vector<std::uint32_t> curve_order(std::vector<std::uint32_t> features, const std::vector<std::uint32_t>& key) {
    if (features.size() <= radix_sort_above) {
        std::stable_sort(features.begin(), features.end(),
                         [&](std::uint32_t a, std::uint32_t b) { return key[a] < key[b]; });
        return features;
    }
    // Two passes of 16 bits, least significant first.
    std::vector<std::uint32_t> buffer(features.size());
    constexpr std::size_t buckets = std::size_t{1} << 16;
    std::vector<std::size_t> start(buckets + 1);
    for (int shift : {0, 16}) {
        std::fill(start.begin(), start.end(), 0);
        for (std::uint32_t f : features) ++start[((key[f] >> shift) & 0xffff) + 1];
        std::partial_sum(start.begin(), start.end(), start.begin());
        for (std::uint32_t f : features) buffer[start[(key[f] >> shift) & 0xffff]++] = f;
        features.swap(buffer);
    }
    return features;
}

}  // namespace

// Features per piece of work when the boxes and curve positions are computed on several
// threads. Only speed depends on it.
constexpr std::size_t boxes_per_task = 1 << 14;

SpatialIndex::SpatialIndex(const GeometryArray& polygons, unsigned threads) : boxes_(polygons.size()) {
    // The boxes, and the extent of each run of them, on all threads; the runs' extents joined.
    constexpr double inf = std::numeric_limits<double>::infinity();
    const std::size_t n = boxes_.size(), tasks = (n + boxes_per_task - 1) / boxes_per_task;
    std::vector<Box> run_extent(tasks, Box{inf, inf, -inf, -inf});
    parallel_for(tasks, threads, Progress{}, "spatial index", [&](std::size_t t, geos::Context&) {
        for (std::size_t i = t * boxes_per_task; i < std::min(n, (t + 1) * boxes_per_task); ++i) {
            boxes_[i] = polygons.bounds(i);
            if (has_extent(boxes_[i])) run_extent[t] = run_extent[t].joined(boxes_[i]);
        }
    }, 1);
    Box extent{inf, inf, -inf, -inf};
    for (const Box& e : run_extent) extent = extent.joined(e);
    build(extent, threads);
}

SpatialIndex::SpatialIndex(std::vector<Box> boxes, unsigned threads) : boxes_(std::move(boxes)) {
    constexpr double inf = std::numeric_limits<double>::infinity();
    Box extent{inf, inf, -inf, -inf};
    for (const Box& b : boxes_)
        if (has_extent(b)) extent = extent.joined(b);
    build(extent, threads);
}

void SpatialIndex::build(const Box& extent, unsigned threads) {
    const std::size_t n = boxes_.size();
    std::vector<std::uint32_t> features;
    features.reserve(n);
    for (std::uint32_t i = 0; i < n; ++i)
        if (has_extent(boxes_[i])) features.push_back(i);
    if (features.empty()) return;
    extent_ = extent;

    // Box centres on the grid over the extent, then along the curve.
    std::vector<std::uint32_t> key(n, 0);
    const double cells = static_cast<double>((1u << hilbert_bits) - 1);
    const double width = extent.max_x - extent.min_x, height = extent.max_y - extent.min_y;
    const double sx = width > 0 ? cells / width : 0.0, sy = height > 0 ? cells / height : 0.0;
    parallel_for(features.size(), threads, Progress{}, "spatial index", [&](std::size_t k, geos::Context&) {
        const std::uint32_t i = features[k];
        const Box& b = boxes_[i];
        const double cx = 0.5 * (b.min_x + b.max_x) - extent.min_x, cy = 0.5 * (b.min_y + b.max_y) - extent.min_y;
        key[i] = hilbert_position(static_cast<std::uint32_t>(std::clamp(cx * sx, 0.0, cells)),
                                  static_cast<std::uint32_t>(std::clamp(cy * sy, 0.0, cells)));
    }, boxes_per_task);
    features = curve_order(std::move(features), key);

    // The boxes in curve order, then each level's nodes over the level below until one is left.
    std::size_t total = features.size(), level = features.size();
    do {
        level = (level + node_size - 1) / node_size;
        total += level;
    } while (level > 1);
    nodes_.reserve(total);
    ref_.reserve(total);
    for (std::uint32_t f : features) {
        nodes_.push_back(boxes_[f]);
        ref_.push_back(f);
    }
    level_end_.push_back(static_cast<std::uint32_t>(nodes_.size()));
    std::size_t begin = 0;
    do {
        const std::size_t end = nodes_.size();
        for (std::size_t first = begin; first < end; first += node_size) {
            Box b = nodes_[first];
            for (std::size_t c = first + 1; c < std::min(end, first + node_size); ++c) b = b.joined(nodes_[c]);
            nodes_.push_back(b);
            ref_.push_back(static_cast<std::uint32_t>(first));
        }
        begin = end;
        level_end_.push_back(static_cast<std::uint32_t>(nodes_.size()));
    } while (nodes_.size() - begin > 1);
}

std::vector<std::uint32_t> SpatialIndex::query_sorted(const Box& box) const {
    std::vector<std::uint32_t> hits;
    query(box, [&](std::uint32_t i) { hits.push_back(i); });
    std::sort(hits.begin(), hits.end());
    return hits;
}

}  // namespace warmte
