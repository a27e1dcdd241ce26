#include "geometry/geos_handles.hpp"

#include "warmte/error.hpp"

#include <cstdarg>

namespace warmte::geos {

Context::Context() : handle_(GEOS_init_r()) {
    GEOSContext_setErrorMessageHandler_r(handle_, &Context::on_error, this);
    GEOSContext_setNoticeMessageHandler_r(handle_, nullptr, nullptr);
}

Context::~Context() { GEOS_finish_r(handle_); }

void Context::on_error(const char* message, void* userdata) {
    static_cast<Context*>(userdata)->last_error_ = message ? message : "";
}

Geometry own(const Context& ctx, GEOSGeometry* g, const char* what) {
    if (!g) throw GeometryError(std::string(what) + " failed: " + ctx.last_error());
    return Geometry(g, GeometryDeleter{ctx.get()});
}

Prepared prepare(const Context& ctx, const GEOSGeometry* g) {
    const GEOSPreparedGeometry* p = GEOSPrepare_r(ctx.get(), g);
    if (!p) throw GeometryError("preparing a geometry failed: " + ctx.last_error());
    return Prepared(p, PreparedDeleter{ctx.get()});
}

double area(const Context& ctx, const GEOSGeometry* g) {
    double a = 0;
    if (!GEOSArea_r(ctx.get(), g, &a)) throw GeometryError("area failed: " + ctx.last_error());
    return a;
}

}  // namespace warmte::geos
