// The supply of the S2 variants (issue 12 item 4): industrial residual heat (points with heat per
// year and a temperature class), allocated to buurten nearest first without double counting, and
// geothermal contours (polygons where a doublet is possible).
#pragma once

#include "warmte/config.hpp"
#include "warmte/cost_inputs.hpp"
#include "warmte/costs.hpp"
#include "warmte/data_quality.hpp"
#include "warmte/layer.hpp"

#include <optional>
#include <vector>

namespace warmte {

/// Per buurt, the distance to the residual heat allocated to it and whether a geothermal contour
/// covers it (absent: no such input).
struct OtherSupply {
    std::vector<std::optional<double>> residual_heat_distance_m;
    std::vector<double> residual_heat_gj;  // allocated
    std::vector<std::optional<double>> geothermal_distance_m;
    // Where an S2 network's route starts (docs/streets.md §3), NaN where none: the vertex of the
    // residual-heat source allocated to the buurt nearest its centre, with the source's feature id;
    // the buurt's centre when a geothermal contour holds it, else the contour's vertex nearest it.
    std::vector<double> residual_heat_site_x, residual_heat_site_y, residual_heat_fid;
    std::vector<double> geothermal_site_x, geothermal_site_y;

    /// Calls f(&OtherSupply::field) for each per-buurt field (rows.hpp, the saved states).
    template <class F>
    static void for_each_member(F&& f) {
        f(&OtherSupply::residual_heat_distance_m);
        f(&OtherSupply::residual_heat_gj);
        f(&OtherSupply::geothermal_distance_m);
        f(&OtherSupply::residual_heat_site_x);
        f(&OtherSupply::residual_heat_site_y);
        f(&OtherSupply::residual_heat_fid);
        f(&OtherSupply::geothermal_site_x);
        f(&OtherSupply::geothermal_site_y);
    }
};

/// Per buurt the residual heat allocated (the whole source share of an MT network, or nothing) and
/// its distance, and the distance to a geothermal contour that touches the buurt. A source gives a
/// buurt its heat only when what it has left covers the buurt's need: an S2 network is valid only
/// with every connection on it (Vesta s2GeenMT). Pairs are taken by distance, then source, then buurt.
/// The buurten a source is shared among: their shapes, what their networks would cost (for the
/// need of each) and the kentallen.
struct SupplyBuurten {
    const GeometryArray& geometry;
    const BuurtCosting& costing;
    const Config& config;
    const CostKentallen& k;
};
OtherSupply other_supply(const VectorLayer* residual_heat, const VectorLayer* geothermal, const SupplyBuurten& buurten,
                         DataQuality& quality);

/// Copies the distances into the buurten's supply (the S2a and S2b variants become available).
void add_other_supply(BuurtCosting& costing, const OtherSupply& other);

}  // namespace warmte
