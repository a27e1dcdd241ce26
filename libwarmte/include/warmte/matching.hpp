// Supply-demand matching for aquathermie (docs/model.md §3.3): which buurten each source can reach,
// and how its delivered heat is shared among them, nearest first, so that no source gives more
// than it has and no buurt takes more than it needs.
#pragma once

#include "warmte/config.hpp"
#include "warmte/overlay.hpp"
#include "warmte/progress.hpp"
#include "warmte/supply.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace warmte {

/// What one source can reach of one buurt.
struct Reach {
    std::uint32_t source;
    std::uint32_t neighbourhood;
    double demand_gj;   // demand of the buurt's buildings within reach that this source may serve
    double distance_m;  // demand-weighted mean distance of those buildings to the source's edge
};

/// Demand that a source may reach, as shapes to measure from: building pieces or clusters of
/// them, each in one buurt. Listed by buurt in the order the pieces come (exact) or by cell
/// (clusters): per buurt always the same order, whichever part of the study area is read.
struct DemandPoints {
    GeometryArray shapes;
    std::vector<std::uint32_t> neighbourhood;
    std::vector<double> teo_gj, other_gj;
};

/// The demand points of the buildings' pieces (clusters per cell and buurt when `cluster_cell_m`
/// > 0; see compute_reach), of the buurten flagged in `counted_buurten` only (all when empty).
/// The same on any number of `threads`.
struct DemandOfBuildings {
    const GeometryArray& buildings;
    const OverlayResult& overlay;
    const std::vector<double>& teo_gj;    // per building, the demand surface water may heat (aquathermie_demand)
    const std::vector<double>& other_gj;  // per building, the demand the other sources may heat
};
DemandPoints demand_points(const DemandOfBuildings& demand, double cluster_cell_m,
                           const std::vector<std::uint8_t>& counted_buurten = {}, unsigned threads = 1);

/// Reach of every source: demand within `max_reach_m` of each source (measured to its edge,
/// through the spatial index), summed per buurt over the demand points (demand_points: with a
/// cluster cell of 0 every building piece is measured from its footprint, exactly; above 0, pieces
/// are grouped per (cell of that size, buurt) and measured from the group's demand-weighted
/// centroid, which bounds the distance error by half the cell diagonal and makes the work
/// independent of the number of buildings).
std::vector<Reach> compute_reach(const SourceSet& sources, const DemandPoints& points, double max_reach_m,
                                 unsigned threads, const Progress& progress);

struct Allocation {
    std::uint32_t source;
    std::uint32_t neighbourhood;
    double gj;
    double distance_m;
};

struct MatchingResult {
    std::vector<double> teo_gj, tea_gj, ted_gj;  // per buurt
    std::vector<double> coverage;                // allocated / demand; NaN without demand
    std::vector<double> distance_m;              // allocation-weighted distance to serving sources; NaN if none
    std::vector<std::string> note;               // why a buurt was not allocated (project-size rules)
    std::vector<double> source_allocated_gj;     // per source
    std::vector<Allocation> allocations;         // in the order they were made

    /// Calls f(&MatchingResult::field) for each per-buurt field (rows.hpp, the saved states).
    template <class F>
    static void for_each_member(F&& f) {
        f(&MatchingResult::teo_gj);
        f(&MatchingResult::tea_gj);
        f(&MatchingResult::ted_gj);
        f(&MatchingResult::coverage);
        f(&MatchingResult::distance_m);
        f(&MatchingResult::note);
    }
};

/// Shares each source's delivered heat nearest first: pairs (source, buurt) are taken in order of
/// distance and each gets min(what the source has left, what the buurt still needs, what the
/// source can reach there). Buurten below the project-size rules get nothing from that type.
MatchingResult match_supply(const SourceSet& sources, const std::vector<Reach>& reach,
                            const std::vector<double>& demand_gj, const std::vector<double>& dwellings,
                            const std::vector<double>& dwelling_density_ha, const SupplyParameters& parameters);

/// The same sharing as compute_reach + match_supply, pair for pair and in the same order, with
/// work that grows with the pairs that can still receive heat instead of all pairs in reach:
/// every source looks outward in rings (nearest first) from one queue for the whole country,
/// stops once it is exhausted, skips buurten that need nothing more, and the whole stops once
/// no buurt needs anything. Each source's buurten in reach and its first measurements are found
/// on `threads` beforehand (the same values the queue would compute, so the result does not
/// depend on the thread count); the queue itself is sequential.
/// The demand points are made beforehand (demand_points; warmte batch gathers them from its partitions).
/// Per buurt what the nearest-first matching reads: the demand to meet, and the dwellings and
/// dwelling density the project-size rules look at.
struct BuurtNeeds {
    const std::vector<double>& demand_gj;
    const std::vector<double>& dwellings;
    const std::vector<double>& dwelling_density_ha;
};
MatchingResult match_nearest_first(const SourceSet& sources, const DemandPoints& points, double max_reach_m,
                                   const BuurtNeeds& needs, const SupplyParameters& parameters, unsigned threads = 1);

}  // namespace warmte
