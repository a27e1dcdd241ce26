#include "fixtures.hpp"

#include "warmte/measured.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace warmte;

namespace {

// Two buurten with one building each (fully inside): A measured, B suppressed by CBS.
struct Case {
    VectorLayer buurten = test::layer({"POLYGON((0 0, 100 0, 100 100, 0 100, 0 0))",
                                       "POLYGON((100 0, 200 0, 200 100, 100 100, 100 0))"});
    GeometryArray buildings = test::polygons({"POLYGON((10 10, 20 10, 20 20, 10 20, 10 10))",
                                              "POLYGON((30 10, 40 10, 40 20, 30 20, 30 10))",
                                              "POLYGON((110 10, 120 10, 120 20, 110 20, 110 10))"});
    OverlayResult overlay;
    DemandResult demand;
    Config config;
    Case() {
        overlay.pieces = {{0, 0, 100}, {1, 0, 100}, {2, 1, 100}};
        BuildingDemand& d = demand.demand;
        d.residential_space_gj = {30, 50, 40};
        d.space_heat_gj = {30, 50 + 20, 40};  // building 1 also has a 20 GJ shop
        d.hot_water_gj = {7.5, 7.5, 7.5};
        demand.total_gj = {37.5, 77.5, 47.5};
        const NeighbourhoodFields& f = config.neighbourhood_fields;
        buurten.numbers[f.dwellings_measured].values = {2, 1};
        buurten.numbers[f.gas_m3_per_dwelling].values = {1000, -99997};
        buurten.numbers[f.district_heating_share].values = {10, NAN};
    }
};

}  // namespace

TEST_CASE("measured heat: CBS gas x 31.65 MJ/m3 x 1.05 for the dwellings not on district heating", "[measured]") {
    Case c;
    MeasuredUse m = measured_use(c.buurten, c.config);
    REQUIRE(m.any);
    // 1,000 m3 x 0.03165 GJ/m3 x 1.05 x 2 dwellings x (1 - 0.10)
    CHECK(m.heat_gj[0] == Approx(1000 * 0.03165 * 1.05 * 2 * 0.9));
    CHECK(std::isnan(m.heat_gj[1]));  // -99997 is suppressed, not a number
    DataQuality q;
    MeasuredComparison cmp = compare_with_measured(c.demand, {c.overlay, c.buildings, c.buurten}, m, c.config, q);
    CHECK(cmp.modelled_gj[0] == Approx(30 + 7.5 + 50 + 7.5));
    CHECK(cmp.demand_vs_measured[0] == Approx(95 * 0.9 / 59.8185));
    CHECK(std::isnan(cmp.demand_vs_measured[1]));
    CHECK(q.count_of("neighbourhoods", "demand_far_from_measured") == 0);  // 1.43 is inside 0.67-1.5
    CHECK(c.demand.demand.space_heat_gj[0] == 30);  // not calibrated by default

    c.config.demand.measured_band_high = 1.4;
    DataQuality q2;
    compare_with_measured(c.demand, {c.overlay, c.buildings, c.buurten}, m, c.config, q2);
    CHECK(q2.count_of("neighbourhoods", "demand_far_from_measured") == 1);
}

TEST_CASE("calibration scales residential space heat to the measurement, buurt by buurt", "[measured]") {
    Case c;
    c.config.demand.calibrate = "measured";
    MeasuredUse m = measured_use(c.buurten, c.config);
    DataQuality q;
    MeasuredComparison cmp = compare_with_measured(c.demand, {c.overlay, c.buildings, c.buurten}, m, c.config, q);
    // Target 59.8185 / 0.9 = 66.465 GJ for the whole stock; hot water 15 stays: f = 51.465 / 80.
    const double f = (59.8185 / 0.9 - 15) / 80;
    CHECK(cmp.calibration_factor[0] == Approx(f));
    CHECK(cmp.calibration[0] == "calibrated");
    CHECK(cmp.calibration[1] == "no_measurement");
    CHECK(std::isnan(cmp.calibration_factor[1]));
    const BuildingDemand& d = c.demand.demand;
    CHECK(d.space_heat_gj[0] == Approx(30 * f));
    CHECK(d.space_heat_gj[1] == Approx(20 + 50 * f));  // the shop is not scaled
    CHECK(d.space_heat_gj[2] == 40);                   // buurt B keeps its model
    CHECK(d.residential(0) + d.residential(1) == Approx(59.8185 / 0.9));
    CHECK(c.demand.total_gj[1] == Approx(20 + 50 * f + 7.5));
    CHECK(q.count_of("neighbourhoods", "demand_calibrated_to_measured") == 1);
    CHECK(q.count_of("neighbourhoods", "demand_not_calibrated") == 1);
}
