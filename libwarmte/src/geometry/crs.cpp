#include "warmte/crs.hpp"

#include "warmte/build_config.hpp"
#include "warmte/error.hpp"

#include <proj.h>

#include <algorithm>
#include <cmath>
#include <mutex>
#include <map>
#include <memory>

namespace warmte {

namespace {

// Asking PROJ's database is slow (tens of milliseconds for a transformation): warmte batch asks
// the same questions for every partition, so the answers are kept for the process.
template <class Key, class Value, class Compute>
Value remembered(const Key& key, Compute compute) {
    static std::mutex mutex;
    static std::map<Key, Value> known;
    {
        std::lock_guard<std::mutex> lock(mutex);
        auto it = known.find(key);
        if (it != known.end()) return it->second;
    }
    Value v = compute();
    std::lock_guard<std::mutex> lock(mutex);
    known.emplace(key, v);
    return v;
}

}  // namespace


namespace {

struct ContextDeleter {
    void operator()(PJ_CONTEXT* c) const { proj_context_destroy(c); }
};
struct PjDeleter {
    void operator()(PJ* p) const { proj_destroy(p); }
};
using ProjContext = std::unique_ptr<PJ_CONTEXT, ContextDeleter>;
using Pj = std::unique_ptr<PJ, PjDeleter>;

ProjContext make_context() {
    ProjContext ctx(proj_context_create());
    const char* paths[] = {proj_data_dir()};
    proj_context_set_search_paths(ctx.get(), 1, paths);
    proj_log_level(ctx.get(), PJ_LOG_NONE);
    return ctx;
}

std::string proj_message(PJ_CONTEXT* ctx) {
    int code = proj_context_errno(ctx);
    return code ? proj_context_errno_string(ctx, code) : "unknown reason";
}

Pj make_crs(PJ_CONTEXT* ctx, const std::string& definition) {
    return Pj(proj_create(ctx, definition.c_str()));
}

std::string short_name(const std::string& crs) {
    return crs.size() > 60 ? crs.substr(0, 57) + "..." : crs;
}

}  // namespace

const char* proj_data_dir() { return WARMTE_PROJ_DATA_DIR; }

bool is_known_crs(const std::string& crs) {
    ProjContext ctx = make_context();
    return static_cast<bool>(make_crs(ctx.get(), crs));
}

bool is_projected_metric(const std::string& crs) {
    ProjContext ctx = make_context();
    Pj pj = make_crs(ctx.get(), crs);
    if (!pj || proj_get_type(pj.get()) != PJ_TYPE_PROJECTED_CRS) return false;
    Pj cs(proj_crs_get_coordinate_system(ctx.get(), pj.get()));
    if (!cs) return false;
    double to_metre = 0;
    proj_cs_get_axis_info(ctx.get(), cs.get(), 0, nullptr, nullptr, nullptr, &to_metre, nullptr, nullptr,
                          nullptr);
    return std::abs(to_metre - 1.0) < 1e-12;
}

void reproject(VectorLayer& layer, const std::string& target_crs, const std::string& assume_crs) {
    std::string source_crs = layer.crs.empty() ? assume_crs : layer.crs;
    if (source_crs.empty())
        throw InputError(layer.source +
                         ": has no coordinate reference system; pass --assume-crs EPSG:28992 (or set "
                         "analysis.assume_crs) if you know it, or assign one with ogr2ogr -a_srs");
    // The same CRS as the analysis (nearly always: each partition of a batch asks again) needs
    // no transformation; what PROJ said about a pair is kept.
    const bool same = remembered<std::pair<std::string, std::string>, bool>({source_crs, target_crs}, [&] {
        ProjContext c = make_context();
        Pj s = make_crs(c.get(), source_crs), t = make_crs(c.get(), target_crs);
        return s && t && proj_is_equivalent_to_with_ctx(c.get(), s.get(), t.get(), PJ_COMP_EQUIVALENT);
    });
    if (same) {
        layer.crs = target_crs;
        return;
    }
    ProjContext ctx = make_context();
    Pj source = make_crs(ctx.get(), source_crs);
    if (!source)
        throw InputError(layer.source + ": PROJ does not understand its CRS '" + short_name(source_crs) +
                         "' (" + proj_message(ctx.get()) + "); assign a known one with ogr2ogr -a_srs");
    Pj target = make_crs(ctx.get(), target_crs);
    if (!target)
        throw ConfigError("analysis.crs '" + target_crs + "' is not a CRS PROJ knows; use e.g. EPSG:28992");
    layer.crs = target_crs;

    Pj transform(proj_create_crs_to_crs_from_pj(ctx.get(), source.get(), target.get(), nullptr, nullptr));
    if (!transform)
        throw InputError(layer.source + ": no transformation from its CRS to " + target_crs + " (" +
                         proj_message(ctx.get()) + ")");
    // Data comes in GIS order (longitude/easting first) whatever the CRS's official axis order.
    Pj gis_order(proj_normalize_for_visualization(ctx.get(), transform.get()));
    if (!gis_order) throw InputError(layer.source + ": cannot set up the transformation to " + target_crs);

    auto xy = layer.geometry.coordinates();
    std::size_t n = xy.size() / 2;
    proj_trans_generic(gis_order.get(), PJ_FWD, xy.data(), 2 * sizeof(double), n, xy.data() + 1,
                       2 * sizeof(double), n, nullptr, 0, 0, nullptr, 0, 0);
    // A feature with a coordinate that cannot be transformed is dropped and recorded later (see
    // check_geometry); a layer where none can is in the wrong CRS.
    bool any = xy.empty();
    for (std::size_t k = 0; k < xy.size() && !any; ++k) any = std::isfinite(xy[k]);
    if (!any)
        throw InputError(layer.source + ": coordinates outside the area where its CRS can be transformed to " +
                         target_crs + "; check that the layer's CRS is right (pass --assume-crs or fix it with "
                         "ogr2ogr -a_srs)");
}

namespace {

Box area_of_use(const std::string& crs, double margin_m);

}  // namespace

Box crs_extent(const std::string& crs, double margin_m) {
    return remembered<std::pair<std::string, double>, Box>({crs, margin_m}, [&] { return area_of_use(crs, margin_m); });
}

namespace {

Box area_of_use(const std::string& crs, double margin_m) {
    constexpr double everywhere = 1e15;
    ProjContext ctx = make_context();
    Pj target = make_crs(ctx.get(), crs);
    double west = 0, south = 0, east = 0, north = 0;
    if (!target || !proj_get_area_of_use(ctx.get(), target.get(), &west, &south, &east, &north, nullptr) ||
        west > east)
        return {-everywhere, -everywhere, everywhere, everywhere};
    Pj transform(proj_create_crs_to_crs(ctx.get(), "EPSG:4326", crs.c_str(), nullptr));
    if (!transform) return {-everywhere, -everywhere, everywhere, everywhere};
    Pj gis_order(proj_normalize_for_visualization(ctx.get(), transform.get()));
    // The area of use is a longitude/latitude box: its image is bounded by samples of its edges.
    constexpr int steps = 20;
    Box box{everywhere, everywhere, -everywhere, -everywhere};
    for (int i = 0; i <= steps; ++i)
        for (int j = 0; j <= steps; ++j) {
            PJ_COORD c = proj_coord(west + (east - west) * i / steps, south + (north - south) * j / steps, 0, 0);
            PJ_COORD p = proj_trans(gis_order.get(), PJ_FWD, c);
            if (!std::isfinite(p.xy.x) || !std::isfinite(p.xy.y)) continue;
            box = {std::min(box.min_x, p.xy.x), std::min(box.min_y, p.xy.y), std::max(box.max_x, p.xy.x),
                   std::max(box.max_y, p.xy.y)};
        }
    if (box.min_x > box.max_x) return {-everywhere, -everywhere, everywhere, everywhere};
    return {box.min_x - margin_m, box.min_y - margin_m, box.max_x + margin_m, box.max_y + margin_m};
}

}  // namespace

}  // namespace warmte
