// Conversions between the flat polygon arrays and GEOS geometries.
#include "geometry/geos_handles.hpp"

#include "warmte/error.hpp"

#include <vector>

namespace warmte::geos {

Geometry to_geos(const Context& ctx, const GeometryArray& features, std::size_t i) {
    GEOSContextHandle_t h = ctx.get();
    auto xy_ = features.coordinates();
    auto make_ring = [&](std::pair<std::size_t, std::size_t> range) {
        auto [begin, end] = range;
        auto n = static_cast<unsigned>(end - begin);
        bool closed = n > 0 && xy_[2 * begin] == xy_[2 * (end - 1)] &&
                      xy_[2 * begin + 1] == xy_[2 * (end - 1) + 1];
        GEOSCoordSequence* seq;
        if (closed) {
            seq = GEOSCoordSeq_copyFromBuffer_r(h, xy_.data() + 2 * begin, n, 0, 0);
        } else {
            seq = GEOSCoordSeq_create_r(h, n + 1, 2);
            for (unsigned k = 0; k <= n; ++k) {
                auto v = begin + (k % n);
                GEOSCoordSeq_setXY_r(h, seq, k, xy_[2 * v], xy_[2 * v + 1]);
            }
        }
        GEOSGeometry* ring = GEOSGeom_createLinearRing_r(h, seq);
        if (!ring) throw GeometryError("building a ring failed: " + ctx.last_error());
        return ring;
    };
    using Rings = std::vector<std::pair<std::size_t, std::size_t>>;
    auto make_polygon = [&](const Rings& rings) {
        GEOSGeometry* shell = make_ring(rings.front());
        std::vector<GEOSGeometry*> holes;
        for (std::size_t r = 1; r < rings.size(); ++r) holes.push_back(make_ring(rings[r]));
        return GEOSGeom_createPolygon_r(h, shell, holes.data(), static_cast<unsigned>(holes.size()));
    };
    std::vector<Rings> polygons = features.rings_of(i);
    if (polygons.size() == 1) return own(ctx, make_polygon(polygons.front()), "building a polygon");
    std::vector<GEOSGeometry*> parts;
    for (const Rings& rings : polygons) parts.push_back(make_polygon(rings));
    return own(ctx,
                     GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, parts.data(),
                                                 static_cast<unsigned>(parts.size())),
                     "building a multipolygon");
}

namespace {

void append_polygon(GeometryArray& out, const Context& ctx, const GEOSGeometry* polygon) {
    GEOSContextHandle_t h = ctx.get();
    if (GEOSisEmpty_r(h, polygon)) return;
    out.begin_polygon();
    auto add = [&](const GEOSGeometry* ring) {
        const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(h, ring);
        unsigned n = 0;
        GEOSCoordSeq_getSize_r(h, seq, &n);
        std::vector<double> buffer(2 * n);
        GEOSCoordSeq_copyToBuffer_r(h, seq, buffer.data(), 0, 0);
        out.add_ring(buffer);
    };
    add(GEOSGetExteriorRing_r(h, polygon));
    int holes = GEOSGetNumInteriorRings_r(h, polygon);
    for (int k = 0; k < holes; ++k) add(GEOSGetInteriorRingN_r(h, polygon, k));
}

}  // namespace

void append_geos(GeometryArray& out, const Context& ctx, const GEOSGeometry* g) {
    out.begin_feature();
    GEOSContextHandle_t h = ctx.get();
    // Recursion flattens nested collections (make-valid can return a collection of multipolygons).
    auto walk = [&](auto& self, const GEOSGeometry* part) -> void {
        int type = GEOSGeomTypeId_r(h, part);
        if (type == GEOS_POLYGON) {
            append_polygon(out, ctx, part);
        } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
            int n = GEOSGetNumGeometries_r(h, part);
            for (int k = 0; k < n; ++k) self(self, GEOSGetGeometryN_r(h, part, k));
        }
    };
    walk(walk, g);
}

}  // namespace warmte::geos
