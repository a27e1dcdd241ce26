#include "warmte/measured.hpp"

#include "warmte/units.hpp"

#include <cmath>
#include <cstdio>
#include <limits>

namespace warmte {

namespace {

constexpr double percent = 100.0;

}  // namespace

MeasuredUse measured_use(const VectorLayer& buurten, const Config& config) {
    const NeighbourhoodFields& f = config.neighbourhood_fields;
    const std::size_t n = buurten.size();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    auto column = [&](const std::string& name) {
        std::vector<double> values(n, nan);
        auto it = buurten.numbers.find(name);
        if (it == buurten.numbers.end()) return values;
        for (std::size_t b = 0; b < n; ++b) {
            double v = it->second.values[b];
            // CBS writes -99997 and friends for suppressed figures.
            if (std::isfinite(v) && v > config.grid.suppressed_at_or_below && v >= 0) values[b] = v;
        }
        return values;
    };
    MeasuredUse m;
    m.any = buurten.numbers.count(f.gas_m3_per_dwelling) > 0;
    m.dwellings = column(f.dwellings_measured);
    m.gas_m3_per_dwelling = column(f.gas_m3_per_dwelling);
    m.district_heating_share = column(f.district_heating_share);
    m.heat_gj.assign(n, nan);
    const double gj_per_m3 = config.demand.gas_mj_per_m3 / units::mj_per_gj * config.demand.boiler_efficiency;
    for (std::size_t b = 0; b < n; ++b) {
        double dh = m.district_heating_share[b];
        m.district_heating_share[b] = std::isnan(dh) ? 0.0 : std::min(1.0, dh / percent);
        m.heat_gj[b] = m.gas_m3_per_dwelling[b] * gj_per_m3 * m.dwellings[b] * (1 - m.district_heating_share[b]);
    }
    return m;
}

MeasuredComparison compare_with_measured(DemandResult& demand, const MeasuredArea& area, const MeasuredUse& measured,
                                         const Config& config, DataQuality& quality) {
    const OverlayResult& overlay = area.overlay;
    const GeometryArray& buildings = area.buildings;
    const VectorLayer& buurten = area.buurten;
    const std::size_t n = buurten.size();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const DemandParameters& p = config.demand;
    BuildingDemand& d = demand.demand;
    MeasuredComparison c;
    c.modelled_gj.assign(n, 0.0);
    c.demand_vs_measured.assign(n, nan);
    c.calibration_factor.assign(n, nan);
    c.calibration.assign(n, "no_measurement");
    std::vector<double> space(n, 0.0), hot_water(n, 0.0);
    for (const BuildingPiece& piece : overlay.pieces) {
        double share = piece.area_m2 / buildings.area(piece.building);
        c.modelled_gj[piece.neighbourhood] += share * d.residential(piece.building);
        space[piece.neighbourhood] += share * d.residential_space_gj[piece.building];
        hot_water[piece.neighbourhood] += share * d.hot_water_gj[piece.building];
    }
    const bool calibrate = p.calibrate == "measured";
    for (std::size_t b = 0; b < n; ++b) {
        const double heat = measured.heat_gj[b];
        if (!(heat > 0)) continue;
        const double not_dh = 1 - measured.district_heating_share[b];
        c.demand_vs_measured[b] = c.modelled_gj[b] * not_dh / heat;
        const double ratio = c.demand_vs_measured[b];
        if (!(ratio >= p.measured_band_low && ratio <= p.measured_band_high)) {
            char detail[160];
            std::snprintf(detail, sizeof detail,
                          "modelled residential demand is %.2f times the CBS measured gas use (band %.2f-%.2f)", ratio,
                          p.measured_band_low, p.measured_band_high);
            quality.record({"neighbourhoods", buurten.feature_ids[b], "demand_far_from_measured", detail});
        }
        if (!calibrate) continue;
        // The target is the whole stock's residential heat: the measurement covers the dwellings
        // not on district heating. Hot water stays as modelled; space heat takes the difference.
        if (!(space[b] > 0)) {
            c.calibration[b] = "no_modelled_dwellings";
            continue;
        }
        const double factor = (heat / not_dh - hot_water[b]) / space[b];
        if (!(factor > 0) || !std::isfinite(factor)) {
            c.calibration[b] = "measured_below_hot_water";
            continue;
        }
        c.calibration_factor[b] = factor;
        c.calibration[b] = "calibrated";
    }
    if (!calibrate) return c;
    // Each building takes its buurten's factors by footprint share; outside calibrated buurten it
    // keeps its modelled demand.
    std::vector<double> weight(d.space_heat_gj.size(), 0.0), weighted(d.space_heat_gj.size(), 0.0);
    for (const BuildingPiece& piece : overlay.pieces) {
        double share = piece.area_m2 / buildings.area(piece.building);
        double factor = c.calibration_factor[piece.neighbourhood];
        weight[piece.building] += share;
        weighted[piece.building] += share * (std::isnan(factor) ? 1.0 : factor);
    }
    for (std::size_t i = 0; i < weight.size(); ++i) {
        if (!(weight[i] > 0) || !(d.residential_space_gj[i] > 0)) continue;
        const double factor = weighted[i] / weight[i];
        d.space_heat_gj[i] += (factor - 1) * d.residential_space_gj[i];
        d.residential_space_gj[i] *= factor;
        demand.total_gj[i] = d.total(i);
    }
    std::size_t calibrated = 0;
    for (const std::string& s : c.calibration) calibrated += s == "calibrated";
    quality.count("neighbourhoods", "demand_calibrated_to_measured", calibrated);
    quality.count("neighbourhoods", "demand_not_calibrated", n - calibrated);
    return c;
}

}  // namespace warmte
