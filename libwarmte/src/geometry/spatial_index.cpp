#include "warmte/spatial_index.hpp"

#include <algorithm>

namespace warmte {

namespace {

template <class Entry, class Boxes>
std::vector<Entry> entries_of(const Boxes& boxes) {
    std::vector<Entry> entries;
    entries.reserve(boxes.size());
    for (std::size_t i = 0; i < boxes.size(); ++i) {
        const Box& b = boxes[i];
        entries.push_back({{{b.min_x, b.min_y}, {b.max_x, b.max_y}}, static_cast<std::uint32_t>(i)});
    }
    return entries;
}

std::vector<Box> boxes_of(const GeometryArray& polygons) {
    std::vector<Box> boxes(polygons.size());
    for (std::size_t i = 0; i < polygons.size(); ++i) boxes[i] = polygons.bounds(i);
    return boxes;
}

}  // namespace

// The range constructor bulk-loads (packs) the tree: faster to build and to query than inserts.
SpatialIndex::SpatialIndex(const GeometryArray& polygons)
    : boxes_(boxes_of(polygons)), tree_(entries_of<Entry>(boxes_)) {
    if (boxes_.empty()) return;
    extent_ = boxes_.front();
    for (const Box& b : boxes_)
        extent_ = {std::min(extent_.min_x, b.min_x), std::min(extent_.min_y, b.min_y), std::max(extent_.max_x, b.max_x),
                   std::max(extent_.max_y, b.max_y)};
}

std::vector<std::uint32_t> SpatialIndex::query_sorted(const Box& box) const {
    std::vector<std::uint32_t> hits;
    query(box, [&](std::uint32_t i) { hits.push_back(i); });
    std::sort(hits.begin(), hits.end());
    return hits;
}

}  // namespace warmte
