#include "warmte/layer.hpp"

namespace warmte {

VectorLayer VectorLayer::select(const std::vector<bool>& keep) const {
    VectorLayer out;
    out.source = source;
    out.crs = crs;
    for (std::size_t i = 0; i < size(); ++i) {
        if (!keep[i]) continue;
        out.geometry.append_from(geometry, i);
        out.feature_ids.push_back(feature_ids[i]);
    }
    // Column by column: one map look-up per column, not per row.
    for (auto& [name, column] : text) {
        TextColumn& kept = out.text[name];
        for (std::size_t i = 0; i < size(); ++i) {
            if (!keep[i]) continue;
            kept.values.push_back(column.values[i]);
            kept.present.push_back(column.present[i]);
        }
    }
    for (auto& [name, column] : numbers) {
        NumberColumn& kept = out.numbers[name];
        for (std::size_t i = 0; i < size(); ++i)
            if (keep[i]) kept.values.push_back(column.values[i]);
    }
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

}  // namespace warmte
