#include "warmte/normalise.hpp"
#include "geometry/geos_handles.hpp"

#include "parallel.hpp"
#include "warmte/planar.hpp"

#include <algorithm>
#include <memory>
#include <mutex>

namespace warmte {

namespace {

struct Repair {
    std::size_t feature;
    std::unique_ptr<GeometryArray> polygons;
    std::string reason;  // GEOS's validity reason
};

}  // namespace

void normalise(VectorLayer& layer, const std::string& role, DataQuality& quality, unsigned threads,
               const Progress& progress) {
    const std::size_t n = layer.size();
    // Only the invalid features (a thousandth of the BAG) get a record, collected under a lock
    // and put in feature order after: a slot per feature was 400 MB at 10M buildings.
    std::vector<Repair> repairs;
    std::mutex repairs_mutex;
    parallel_for(n, threads, progress, "checking " + role, [&](std::size_t i, geos::Context& ctx) {
        if (planar::certainly_valid_simple(layer.geometry, i)) return;
        geos::Geometry g = geos::to_geos(ctx, layer.geometry, i);
        char valid = GEOSisValid_r(ctx.get(), g.get());
        if (valid == 1) return;
        Repair r{i, std::make_unique<GeometryArray>(), "invalid"};
        char* reason = GEOSisValidReason_r(ctx.get(), g.get());
        if (reason) r.reason = reason;
        GEOSFree_r(ctx.get(), reason);
        geos::Geometry fixed = geos::own(ctx, GEOSMakeValid_r(ctx.get(), g.get()), "make-valid");
        geos::append_geos(*r.polygons, ctx, fixed.get());
        std::lock_guard<std::mutex> lock(repairs_mutex);
        repairs.push_back(std::move(r));
    }, 256);
    if (repairs.empty()) return;
    std::sort(repairs.begin(), repairs.end(), [](const Repair& a, const Repair& b) { return a.feature < b.feature; });

    std::vector<bool> keep(n, true);
    bool dropped = false;
    for (const Repair& r : repairs) {
        if (r.polygons->polygon_count(0) == 0) {
            keep[r.feature] = false;
            dropped = true;
            quality.record({role, layer.feature_ids[r.feature], "dropped_empty_after_repair",
                            "invalid (" + r.reason + ") and nothing polygonal remained after make-valid"});
        } else {
            quality.record({role, layer.feature_ids[r.feature], "repaired_invalid_geometry", r.reason});
        }
    }
    // In place: the repaired shapes go where the invalid ones were (rows unchanged).
    std::vector<std::pair<std::size_t, const GeometryArray*>> replacements;
    for (const Repair& r : repairs) replacements.emplace_back(r.feature, r.polygons.get());
    layer.geometry.replace_features(replacements);
    // Copying every column is only needed when a feature goes.
    if (dropped) layer = layer.select(keep);
}

}  // namespace warmte
