#include "warmte/layer.hpp"

namespace warmte {

VectorLayer VectorLayer::select(const std::vector<bool>& keep) const {
    VectorLayer out;
    out.source = source;
    out.crs = crs;
    for (auto& [name, column] : text) out.text[name];
    for (auto& [name, column] : numbers) out.numbers[name];
    for (std::size_t i = 0; i < size(); ++i) {
        if (!keep[i]) continue;
        out.geometry.append_from(geometry, i);
        out.feature_ids.push_back(feature_ids[i]);
        for (auto& [name, column] : text) {
            out.text[name].values.push_back(column.values[i]);
            out.text[name].present.push_back(column.present[i]);
        }
        for (auto& [name, column] : numbers) out.numbers[name].values.push_back(column.values[i]);
    }
    return out;
}

}  // namespace warmte
