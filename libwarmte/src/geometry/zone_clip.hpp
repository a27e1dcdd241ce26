// The clip cascade, once: the area of a part (a building, a water polygon, a grid cell) inside a
// zone (a buurt), trying the cheap answers first — the zone's interior cells, planar clipping of
// a convex part, prepared containment — and GEOS's intersection last. Private to the core.
#pragma once

#include "geometry/geos_handles.hpp"
#include "warmte/interior_grid.hpp"
#include "warmte/planar.hpp"
#include "warmte/geometry_array.hpp"

#include <optional>

namespace warmte {

class ZoneClipper {
public:
    /// `interior_cell_m` > 0 builds an interior grid over the zone for the first test; 0 skips it.
    ZoneClipper(const geos::Context& ctx, const GeometryArray& zones, std::size_t zone, double interior_cell_m);

    /// A part as far as it lies in the zone: its area there (0 when it does not), whether that is
    /// the whole part, and the clipped geometry when GEOS had to compute it (else null).
    struct Piece {
        double area = 0.0;
        bool whole = false;
        geos::Geometry clipped{nullptr, geos::GeometryDeleter{nullptr}};
    };
    Piece clip(const GeometryArray& parts, std::size_t part, const Box& part_box) const;
    /// The cascade's answers without GEOS (interior cells, planar clipping of a convex part);
    /// nullopt when only GEOS can tell. Water areas measure the rest by a sweep instead.
    std::optional<Piece> clip_without_geos(const GeometryArray& parts, std::size_t part, const Box& part_box) const;

    const GEOSGeometry* geometry() const { return zone_.get(); }
    const GEOSPreparedGeometry* prepared() const { return prepared_.get(); }
    const Box& box() const { return box_; }
    const GeometryArray& zones() const { return zones_; }
    std::size_t zone() const { return index_; }
    const std::optional<InteriorGrid>& interior() const { return interior_; }

private:
    const geos::Context& ctx_;
    const GeometryArray& zones_;
    std::size_t index_;
    geos::Geometry zone_;
    geos::Prepared prepared_;
    Box box_;
    std::optional<InteriorGrid> interior_;
};

inline ZoneClipper::ZoneClipper(const geos::Context& ctx, const GeometryArray& zones, std::size_t zone,
                                double interior_cell_m)
    : ctx_(ctx),
      zones_(zones),
      index_(zone),
      zone_(geos::to_geos(ctx, zones, zone)),
      prepared_(geos::prepare(ctx, zone_.get())),
      box_(zones.bounds(zone)) {
    if (interior_cell_m > 0) interior_.emplace(zones, zone, interior_cell_m);
}

inline std::optional<ZoneClipper::Piece> ZoneClipper::clip_without_geos(const GeometryArray& parts, std::size_t part,
                                                                         const Box& part_box) const {
    Piece piece;
    piece.clipped = geos::Geometry(nullptr, geos::GeometryDeleter{ctx_.get()});
    // Most buildings lie in interior cells and need no GEOS at all.
    if (interior_ && interior_->contains(part_box)) {
        piece.area = parts.area(part);
        piece.whole = true;
        return piece;
    }
    // A buurt's box holds many of its neighbours' buildings; outside cells settle those too.
    if (interior_ && interior_->excludes(part_box)) return piece;
    // Convex parts (most footprints, grid cells) are clipped exactly without GEOS.
    if (auto a = planar::convex_clip_area(zones_, index_, parts, part)) {
        piece.area = *a;
        piece.whole = *a >= parts.area(part);
        return piece;
    }
    return std::nullopt;
}

inline ZoneClipper::Piece ZoneClipper::clip(const GeometryArray& parts, std::size_t part, const Box& part_box) const {
    if (std::optional<Piece> cheap = clip_without_geos(parts, part, part_box)) return std::move(*cheap);
    GEOSContextHandle_t h = ctx_.get();
    Piece piece;
    piece.clipped = geos::Geometry(nullptr, geos::GeometryDeleter{h});
    geos::Geometry g = geos::to_geos(ctx_, parts, part);
    if (box_.contains(part_box) && GEOSPreparedContainsProperly_r(h, prepared_.get(), g.get()) == 1) {
        piece.area = parts.area(part);
        piece.whole = true;
        return piece;
    }
    if (GEOSPreparedIntersects_r(h, prepared_.get(), g.get()) != 1) return piece;
    piece.clipped = geos::own(ctx_, GEOSIntersection_r(h, zone_.get(), g.get()), "clipping to a buurt");
    piece.area = geos::area(ctx_, piece.clipped.get());
    return piece;
}

}  // namespace warmte
