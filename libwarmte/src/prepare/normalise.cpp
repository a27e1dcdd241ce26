#include "warmte/normalise.hpp"
#include "geometry/geos_handles.hpp"

#include "parallel.hpp"
#include "warmte/planar.hpp"

#include <algorithm>
#include <memory>

namespace warmte {

namespace {

struct Repair {
    std::unique_ptr<GeometryArray> polygons;  // null: the feature was valid as read
    std::string reason;                      // GEOS's validity reason when repaired
};

}  // namespace

void normalise(VectorLayer& layer, const std::string& role, DataQuality& quality, unsigned threads,
               const Progress& progress) {
    const std::size_t n = layer.size();
    std::vector<Repair> repairs(n);
    parallel_for(n, threads, progress, "checking " + role, [&](std::size_t i, geos::Context& ctx) {
        if (planar::certainly_valid_simple(layer.geometry, i)) return;
        geos::Geometry g = geos::to_geos(ctx, layer.geometry, i);
        char valid = GEOSisValid_r(ctx.get(), g.get());
        if (valid == 1) return;
        char* reason = GEOSisValidReason_r(ctx.get(), g.get());
        repairs[i].reason = reason ? reason : "invalid";
        GEOSFree_r(ctx.get(), reason);
        geos::Geometry fixed = geos::own(ctx, GEOSMakeValid_r(ctx.get(), g.get()), "make-valid");
        repairs[i].polygons = std::make_unique<GeometryArray>();
        geos::append_geos(*repairs[i].polygons, ctx, fixed.get());
    }, 256);

    bool changed = false;
    std::vector<bool> keep(n, true);
    for (std::size_t i = 0; i < n; ++i) {
        if (!repairs[i].polygons) continue;
        changed = true;
        if (repairs[i].polygons->polygon_count(0) == 0) {
            keep[i] = false;
            quality.record({role, layer.feature_ids[i], "dropped_empty_after_repair",
                            "invalid (" + repairs[i].reason + ") and nothing polygonal remained after make-valid"});
        } else {
            quality.record({role, layer.feature_ids[i], "repaired_invalid_geometry", repairs[i].reason});
        }
    }
    if (!changed) return;
    GeometryArray fixed;
    fixed.reserve_like(layer.geometry);
    for (std::size_t i = 0; i < n; ++i) {
        if (repairs[i].polygons) fixed.append_from(*repairs[i].polygons, 0);
        else fixed.append_from(layer.geometry, i);
    }
    layer.geometry = std::move(fixed);
    // Copying every column is only needed when a feature goes.
    if (std::find(keep.begin(), keep.end(), false) != keep.end()) layer = layer.select(keep);
}

}  // namespace warmte
