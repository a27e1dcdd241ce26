// RAII owners for GEOS handles through the reentrant C API.
// One GeosContext per thread; never a shared or global one.
#pragma once

#define GEOS_USE_ONLY_R_API
#include <geos_c.h>

#include "warmte/geometry_array.hpp"

#include <memory>
#include <string>

namespace warmte::geos {

/// A GEOS context whose error handler keeps the last message, so a failed call can throw it.
class Context {
public:
    Context();
    ~Context();
    Context(const Context&) = delete;
    Context& operator=(const Context&) = delete;

    GEOSContextHandle_t get() const { return handle_; }
    /// The last message GEOS reported through this context (empty when none).
    const std::string& last_error() const { return last_error_; }

private:
    static void on_error(const char* message, void* userdata);
    GEOSContextHandle_t handle_;
    std::string last_error_;
};

struct GeometryDeleter {
    GEOSContextHandle_t context;
    void operator()(GEOSGeometry* g) const { GEOSGeom_destroy_r(context, g); }
};
using Geometry = std::unique_ptr<GEOSGeometry, GeometryDeleter>;

struct PreparedDeleter {
    GEOSContextHandle_t context;
    void operator()(const GEOSPreparedGeometry* g) const { GEOSPreparedGeom_destroy_r(context, g); }
};
using Prepared = std::unique_ptr<const GEOSPreparedGeometry, PreparedDeleter>;

struct WkbWriterDeleter {
    GEOSContextHandle_t context;
    void operator()(GEOSWKBWriter* w) const { GEOSWKBWriter_destroy_r(context, w); }
};
using WkbWriter = std::unique_ptr<GEOSWKBWriter, WkbWriterDeleter>;

/// Takes ownership of a geometry GEOS returned; throws GeometryError with GEOS's message
/// (prefixed by `what`) when GEOS returned null.
Geometry own(const Context& ctx, GEOSGeometry* g, const char* what);

/// Prepares `g` for repeated predicates; `g` must outlive the result.
Prepared prepare(const Context& ctx, const GEOSGeometry* g);

/// Area of a geometry; throws on failure.
double area(const Context& ctx, const GEOSGeometry* g);

/// Feature i of `features` as a GEOS Polygon or MultiPolygon (unclosed rings are closed).
Geometry to_geos(const Context& ctx, const GeometryArray& features, std::size_t i);
/// Appends a GEOS geometry to `out` as a new feature, keeping only its polygonal parts (the
/// lines and points make-valid can leave behind have no area to lose).
void append_geos(GeometryArray& out, const Context& ctx, const GEOSGeometry* g);

}  // namespace warmte::geos
