#include "warmte/layer.hpp"
#include "parallel.hpp"

#include <algorithm>

namespace warmte {

VectorLayer VectorLayer::select(const std::vector<bool>& keep) const {
    VectorLayer out;
    out.source = source;
    out.crs = crs;
    std::vector<std::uint32_t> rows;
    for (std::size_t i = 0; i < size(); ++i)
        if (keep[i]) rows.push_back(static_cast<std::uint32_t>(i));
    out.geometry = geometry.gathered(rows);
    for (std::uint32_t i : rows) out.feature_ids.push_back(feature_ids[i]);
    // Column by column: one map look-up per column, not per row.
    for (auto& [name, column] : text) {
        TextColumn& kept = out.text[name];
        for (std::uint32_t i : rows) {
            kept.values.push_back(column.values[i]);
            kept.present.push_back(column.present[i]);
        }
    }
    for (auto& [name, column] : numbers) {
        NumberColumn& kept = out.numbers[name];
        for (std::uint32_t i : rows) kept.values.push_back(column.values[i]);
    }
    return out;
}

VectorLayer VectorLayer::reordered(const std::vector<std::uint32_t>& order, unsigned threads) && {
    VectorLayer out;
    out.source = source;
    out.crs = crs;
    out.dropped_empty = dropped_empty;
    out.dropped_not_polygonal = dropped_not_polygonal;
    out.linearised = linearised;
    // The geometry is most of a layer's bytes: copied beside the ids and columns when a second
    // thread may run (each side writes only its own members of `out`).
    auto copy_geometry = [&] { out.geometry = geometry.gathered(order, threads); };
    Beside geometry_copied(threads, copy_geometry);
    out.feature_ids.reserve(order.size());
    for (std::uint32_t i : order) out.feature_ids.push_back(feature_ids[i]);
    for (auto& [name, column] : text) {
        TextColumn& moved = out.text[name];
        moved.values.reserve(order.size());
        moved.present.reserve(order.size());
        for (std::uint32_t i : order) {
            moved.values.push_back(std::move(column.values[i]));
            moved.present.push_back(column.present[i]);
        }
    }
    for (auto& [name, column] : numbers) {
        NumberColumn& moved = out.numbers[name];
        moved.values.reserve(order.size());
        for (std::uint32_t i : order) moved.values.push_back(column.values[i]);
    }
    geometry_copied.get();
    return out;
}

VectorLayer centroids_of(VectorLayer layer) {
    GeometryArray points;
    for (std::size_t i = 0; i < layer.size(); ++i) {
        auto [x, y] = centroid(layer.geometry, i);
        points.add_point(x, y);
    }
    layer.geometry = std::move(points);
    return layer;
}

void VectorLayer::release_columns(const std::vector<std::string>& keep, bool keep_numbers) {
    for (auto it = text.begin(); it != text.end();)
        it = std::find(keep.begin(), keep.end(), it->first) != keep.end() ? std::next(it) : text.erase(it);
    if (!keep_numbers) numbers.clear();
}

}  // namespace warmte
