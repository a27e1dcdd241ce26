// Per-neighbourhood overlay of buildings and water: areas, counts and distances that need no
// demand model. Buildings wholly inside one buurt take a bounding-box and prepared-containment
// fast path; only border buildings go through GEOS intersection.
#pragma once

#include "warmte/layer.hpp"
#include "warmte/progress.hpp"
#include "warmte/spatial_index.hpp"

#include <cstdint>
#include <string>
#include <utility>
#include <memory>
#include <vector>

namespace warmte {

/// A building's share of one buurt: the footprint area of the building inside it.
struct BuildingPiece {
    std::uint32_t building;
    std::uint32_t neighbourhood;
    double area_m2;
};

struct OverlayResult {
    std::vector<double> area_m2;
    std::vector<double> water_area_m2;
    std::vector<double> land_area_ha;
    std::vector<std::int64_t> n_buildings;
    std::vector<double> footprint_area_m2;
    std::vector<double> dist_water_m;  // NaN when there is no water or no building
    /// Pieces of every building inside the study area, sorted by (building, neighbourhood).
    std::vector<BuildingPiece> pieces;
    /// Buurt a building counts in (most of its footprint), or -1 when outside every buurt.
    std::vector<std::int32_t> home_neighbourhood;
    /// Distance from each building to the nearest water polygon (NaN without water).
    std::vector<double> building_dist_water_m;
    /// Wall time of each sub-stage.
    StageTimings timings;
    /// The index of the buildings the overlay built, for the demand's search for touching
    /// neighbours (the same boxes; packing a million of them takes a tenth of a second).
    /// Released once the demand has them.
    std::shared_ptr<const SpatialIndex> building_index;

    /// Calls f(&OverlayResult::field) for each per-buurt field: what a saved state keeps of it.
    template <class F>
    static void for_each_member(F&& f) {
        f(&OverlayResult::area_m2);
        f(&OverlayResult::water_area_m2);
        f(&OverlayResult::land_area_ha);
        f(&OverlayResult::n_buildings);
        f(&OverlayResult::footprint_area_m2);
        f(&OverlayResult::dist_water_m);
    }
    /// Calls f(field) for each per-buurt field (rows.hpp).
    template <class F>
    void for_each_column(F&& f) {
        for_each_member([&](auto member) { f(this->*member); });
    }
    /// Only the per-buurt fields.
    OverlayResult per_buurt() const {
        OverlayResult o;
        for_each_member([&](auto member) { o.*member = this->*member; });
        return o;
    }
};

/// The nearest of a set of lines or polygons (as GeometryKind stores them), by distance to their
/// outlines. Long outlines are cut into short pieces so their boxes stay tight.
class NearestTarget {
public:
    explicit NearestTarget(const GeometryArray& targets);
    /// Distance from feature i of `from` to the nearest target (infinity without targets).
    double distance(const GeometryArray& from, std::size_t i) const;

private:
    GeometryArray pieces_;
    SpatialIndex index_;
};

/// Distance from each building to the nearest feature of `targets` (lines or polygons, as
/// GeometryKind stores them), through the spatial index; NaN when `targets` is empty. Long
/// lines are cut into short pieces first so their boxes stay tight.
std::vector<double> distance_to_nearest(const GeometryArray& buildings, const GeometryArray& targets, unsigned threads,
                                        const Progress& progress, const char* stage);

/// Footprint-weighted mean per buurt of a per-building value (NaN where no building or value).
std::vector<double> footprint_weighted_mean(const OverlayResult& overlay, const std::vector<double>& per_building);

/// Overlays buildings and (optionally) water on the neighbourhoods. All layers must be in the
/// same projected metric CRS. Results do not depend on `threads`. With `distances_for` (a flag per
/// buurt), the distance to water is measured only for buildings with a piece in a flagged buurt
/// (NaN for the others): a partition of warmte batch measures its own buurten' buildings only.
OverlayResult overlay(const GeometryArray& neighbourhoods, const GeometryArray& buildings,
                      const GeometryArray* water, unsigned threads, const Progress& progress,
                      const std::vector<std::uint8_t>* distances_for = nullptr);

}  // namespace warmte
