// Measured use beside the modelled demand (issue 13): CBS's kerncijfers give per buurt the
// housing stock, the average gas use per dwelling and the share of dwellings on district heating.
// The model is compared with them (demand_vs_measured) and can be calibrated to them, as Vesta
// applies a local factor: each buurt's residential space heat is scaled to its measured value.
#pragma once

#include "warmte/config.hpp"
#include "warmte/data_quality.hpp"
#include "warmte/demand.hpp"
#include "warmte/layer.hpp"
#include "warmte/overlay.hpp"

#include <string>
#include <vector>

namespace warmte {

/// What CBS measured per buurt (NaN where the field is absent, empty or suppressed).
struct MeasuredUse {
    std::vector<double> dwellings;           // housing stock
    std::vector<double> gas_m3_per_dwelling;
    std::vector<double> district_heating_share;  // 0-1; missing counts as 0 (CBS suppresses small shares)
    std::vector<double> heat_gj;             // gas x MJ/m3 x efficiency x dwellings not on district heating
    bool any = false;                        // the buurt layer carries the gas field
};

/// Reads the measured fields (fields.neighbourhoods.*) of the buurt layer.
MeasuredUse measured_use(const VectorLayer& buurten, const Config& config);

/// The comparison, and the calibration when demand.calibrate = "measured".
struct MeasuredComparison {
    std::vector<double> modelled_gj;         // residential demand (space heat + hot water) per buurt
    std::vector<double> demand_vs_measured;  // modelled x (1 - DH share) / measured, before calibration
    std::vector<double> calibration_factor;  // on residential space heat; NaN where not calibrated
    std::vector<std::string> calibration;    // "calibrated", "no_measurement", "no_modelled_dwellings", ...
};

/// Compares the residential demand of each buurt (buildings apportioned by footprint share) with
/// the measurement and records buurten outside [demand.measured_band_low, _high] in `quality`.
/// With demand.calibrate = "measured" it then scales the residential space heat of every building
/// by its buurten's factors (weighted by footprint share) and updates `demand.total_gj`.
struct MeasuredArea {  // where the demand was modelled: the buildings, their pieces per buurt, the buurten
    const OverlayResult& overlay;
    const GeometryArray& buildings;
    const VectorLayer& buurten;
};
MeasuredComparison compare_with_measured(DemandResult& demand, const MeasuredArea& area, const MeasuredUse& measured,
                                         const Config& config, DataQuality& quality);

}  // namespace warmte
