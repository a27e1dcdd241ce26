// The electricity grid against the all-electric alternative (issue 35), by hand.
#include "warmte/costs.hpp"
#include "warmte/error.hpp"
#include "warmte/grid_capacity.hpp"
#include "warmte/parameter_tables.hpp"

#include "../fixtures.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>

using namespace warmte;

namespace {

const CostKentallen& k() { return builtin_parameter_tables().costs; }

// `n` one-dwelling houses of 8 x 8 m in one 1 x 1 km buurt, in rows from (x0, y0).
struct Town {
    VectorLayer buurten;
    GeometryArray houses;
    std::vector<std::int32_t> home;
    std::vector<double> weq;
};

Town town(std::size_t n, double x0 = 0, double y0 = 0, const std::vector<std::string>& buurten = {
                                                                  "POLYGON((0 0,1000 0,1000 1000,0 1000,0 0))"}) {
    Town t{test::layer(buurten), {}, {}, {}};
    std::vector<std::string> wkt;
    for (std::size_t i = 0; i < n; ++i) {
        const double x = x0 + 10.0 * static_cast<double>(i % 50), y = y0 + 10.0 * static_cast<double>(i / 50);
        wkt.push_back("POLYGON((" + std::to_string(x) + " " + std::to_string(y) + "," + std::to_string(x + 8) + " " +
                      std::to_string(y) + "," + std::to_string(x + 8) + " " + std::to_string(y + 8) + "," +
                      std::to_string(x) + " " + std::to_string(y + 8) + "," + std::to_string(x) + " " +
                      std::to_string(y) + "))");
    }
    t.houses = test::polygons(wkt);
    t.home.assign(n, 0);
    t.weq.assign(n, 1.0);
    return t;
}

// Points ("POINT(x y)") or polygons (WKT) with their numbers, in EPSG:28992.
VectorLayer features(const std::vector<std::string>& wkt, std::map<std::string, std::vector<double>> numbers) {
    VectorLayer l = test::layer(wkt, "id");
    if (wkt.front().rfind("POINT", 0) == 0) {
        l.geometry = GeometryArray{};
        for (const std::string& w : wkt) {
            double x = 0, y = 0;
            std::sscanf(w.c_str(), "POINT(%lf %lf)", &x, &y);
            l.geometry.add_point(x, y);
        }
    }
    for (auto& [name, values] : numbers) l.numbers[name].values = values;
    return l;
}

}  // namespace

TEST_CASE("grid: 500 dwellings on one 630 kVA station with 400 kW headroom, by hand", "[grid]") {
    const Config config;
    const Town t = town(500);
    const VectorLayer station = features({"POINT(250 50)"}, {{"capacity_kva", {630}}, {"headroom_kw", {400}}});
    DataQuality quality;
    const auto grid = grid_capacity({&station, nullptr, t.buurten}, {t.houses, t.home, t.weq}, {500.0}, config, quality);
    REQUIRE(grid.size() == 1);
    // Extra peak: 500 x 3.5 kW (grid.hp_peak_kw, Vesta 0.5 x 7 kW) = 1,750 kW against 400 kW headroom:
    // 1,350 kW short, ceil(1,350 / 630) = 3 new stations of 630 kVA.
    const double extra = 500 * config.costs.grid_hp_peak_kw;
    CHECK(extra == 1750.0);
    CHECK(grid[0].headroom_kw == Approx(400));
    CHECK(grid[0].new_stations == 3);
    CHECK(grid[0].grid_status() == GridStatus::reinforce);
    CHECK(grid[0].from_stations == 1);
    CHECK(std::string(grid_status_name(grid[0].grid_status())) == "reinforce");

    // What reinforcing costs: Vesta's connections and LV cable (its extra peak 0.5 x (7 - 3) kW per
    // dwelling over the LV length), and three stations at the kental's midpoint.
    DwellingGroup g;
    g.dwellings = 500;
    const NetworkLengths len{2284, 12, 2284};
    const double conn = (688.5 + 841.5) / 2, station_eur = (57306.0 + 70040.0) / 2, cable = (106.2 + 129.8) / 2;
    const double vesta_extra = 0.5 * 7 - 0.5 * 3;
    const double lv = cable * (2284.0 / (500 * 0.5 * 7)) * vesta_extra;
    const double by_hand = 500 * (conn + lv) + 3 * station_eur;
    CHECK(grid_reinforcement_eur(g, len, CostParameters{}, k(), grid[0]) == Approx(by_hand).epsilon(1e-12));
    // Without the stations layer: Vesta's station kental, 500 x (station per kW x 2 kW).
    const double kental = 500 * (conn + lv + station_eur / 630 * vesta_extra);
    CHECK(grid_reinforcement_eur(g, len, CostParameters{}, k(), GridCapacity{}) == Approx(kental).epsilon(1e-12));
    // S1a's grid item takes it: the whole national cost moves by the difference over 50 years.
    DwellingGroup costed = g;
    costed.floor_area_m2 = 100, costed.space_heat_gj = 24.54, costed.space_heat_target_gj = 23.49,
    costed.hot_water_gj = 6.93;
    const CostResult with = national_costs(costed, len, {}, CostParameters{}, k(), grid[0]);
    const CostResult without = national_costs(costed, len, {}, CostParameters{}, k());
    const double af_grid = annuity(CostParameters{}.social_discount_rate, CostParameters{}.grid_years);
    CHECK(with.variants[0].total_eur_yr - without.variants[0].total_eur_yr ==
          Approx((by_hand - kental) * af_grid).epsilon(1e-9));
    CHECK(with.variants[0].grid_peak_kw == Approx(1750));
    CHECK(with.variants.back().variant == "s4a");
    CHECK(with.variants.back().grid_peak_kw == Approx(500 * 1.95));
    // S4a's extra peak is 44 % below S1a's (1.95 / 3.5).
    CHECK(1 - with.variants.back().grid_peak_kw / with.variants[0].grid_peak_kw == Approx(1 - 1.95 / 3.5));
}

TEST_CASE("grid: a buurt across two service areas shares its peak between their stations", "[grid]") {
    const Config config;
    // 500 houses over x 0-500, y 0-100; the west area (x < 250) holds 250 of them with 1,000 kW
    // headroom (fits), the east one 250 with 100 kW (short by 775 kW: 2 stations).
    const Town t = town(500);
    const VectorLayer areas = features({"POLYGON((-10 -10,250 -10,250 200,-10 200,-10 -10))",
                                        "POLYGON((250 -10,600 -10,600 200,250 200,250 -10))"},
                                       {{"capacity_kva", {1600, 630}}, {"headroom_kw", {1000, 100}}});
    DataQuality quality;
    const auto grid = grid_capacity({&areas, nullptr, t.buurten}, {t.houses, t.home, t.weq}, {500.0}, config, quality);
    // Each station carries the peak of its 250 houses: 875 kW. West: within 1,000 kW. East:
    // 875 - 100 = 775 kW short, ceil(775 / 630) = 2 stations. The buurt has half of each station's load.
    CHECK(grid[0].headroom_kw == Approx(1000 + 100));
    CHECK(grid[0].new_stations == Approx(2));
    CHECK(grid[0].grid_status() == GridStatus::reinforce);
    CHECK(quality.count_of("grid_stations", "building_outside_service_areas") == 0);

    // Two buurten on one station of 1,000 kW headroom: 300 and 200 houses (1,050 + 700 = 1,750 kW,
    // 750 short: 2 stations), shared 3 : 2.
    Town two = town(500, 0, 0, {"POLYGON((0 0,300 0,300 1000,0 1000,0 0))", "POLYGON((300 0,1000 0,1000 1000,300 1000,300 0))"});
    for (std::size_t i = 0; i < two.home.size(); ++i) two.home[i] = (i % 50) < 30 ? 0 : 1;
    const VectorLayer one = features({"POINT(500 500)"}, {{"capacity_kva", {1600}}, {"headroom_kw", {1000}}});
    const auto shared = grid_capacity({&one, nullptr, two.buurten}, {two.houses, two.home, two.weq}, {300.0, 200.0},
                                      config, quality);
    CHECK(shared[0].new_stations == Approx(2 * 0.6));
    CHECK(shared[1].new_stations == Approx(2 * 0.4));
    CHECK(shared[0].headroom_kw + shared[1].headroom_kw == Approx(1000));
}

TEST_CASE("grid: a station's load summed over two parts is the one part's (the batch's global step)", "[grid]") {
    const Config config;
    // The two buurten on one station of 1,000 kW headroom (as above), counted by two partitions:
    // each counts the houses of its own buurt; the global step sums the station's load over both.
    Town two = town(500, 0, 0, {"POLYGON((0 0,300 0,300 1000,0 1000,0 0))", "POLYGON((300 0,1000 0,1000 1000,300 1000,300 0))"});
    for (std::size_t i = 0; i < two.home.size(); ++i) two.home[i] = (i % 50) < 30 ? 0 : 1;
    const VectorLayer one = features({"POINT(500 500)"}, {{"capacity_kva", {1600}}, {"headroom_kw", {1000}}});
    const GridBuildings b{two.houses, two.home, two.weq};
    DataQuality quality;
    std::vector<std::uint8_t> west(500), east(500);
    for (std::size_t i = 0; i < 500; ++i) west[i] = two.home[i] == 0, east[i] = two.home[i] == 1;
    const StationService w = station_service(one, b, &west, config, quality);
    const StationService e = station_service(one, b, &east, config, quality);
    REQUIRE(w.served.size() == 1);
    CHECK(w.served[0].buurt == 0);
    CHECK(w.served[0].station == one.feature_ids[0]);
    CHECK(w.served[0].weq == 300);
    CHECK(e.served[0].weq == 200);
    CHECK(w.distance_m[0] == Approx(std::hypot(500 - 4.0, 500 - 4.0)));  // the first house's centre (4, 4)
    CHECK(std::isinf(w.distance_m[30]));                                  // an east house: not counted by the west
    const std::vector<double> weq = {300.0, 200.0};
    const auto parts = station_capacity({&w, &e}, weq, config);
    const auto whole = grid_capacity({&one, nullptr, two.buurten}, b, weq, config, quality);
    // 1,750 kW on 1,000 kW: 750 short, 2 stations, shared 3 : 2 — only when both parts are summed.
    for (std::size_t k = 0; k < 2; ++k) {
        CHECK(parts[k].headroom_kw == whole[k].headroom_kw);
        CHECK(parts[k].new_stations == whole[k].new_stations);
        CHECK(parts[k].status == whole[k].status);
    }
    CHECK(parts[0].new_stations == Approx(1.2));
    const auto west_alone = station_capacity({&w}, weq, config);  // 1,050 kW fits in 1,000? no: 1 station
    CHECK(west_alone[0].new_stations == 1);

    // The congestion map's part joins the stations' without overriding them unless congested.
    GridCapacity congested, limited;
    congested.from_congestion = limited.from_congestion = 1;
    congested.status = static_cast<double>(GridStatus::congested), congested.available_year = 2033;
    limited.status = static_cast<double>(GridStatus::reinforce);
    GridCapacity fits;
    fits.from_stations = 1, fits.status = static_cast<double>(GridStatus::fits);
    CHECK(combined_capacity(fits, congested).grid_status() == GridStatus::congested);
    CHECK(combined_capacity(fits, congested).available_year == 2033);
    CHECK(combined_capacity(fits, limited).grid_status() == GridStatus::fits);  // the stations decide
    CHECK(combined_capacity(GridCapacity{}, limited).grid_status() == GridStatus::reinforce);
    CHECK(combined_capacity(fits, GridCapacity{}).from_congestion == 0);
}

TEST_CASE("grid: stations without capacity, with impossible ones or unknown statuses are refused by name", "[grid]") {
    const Config config;
    const Town t = town(10);
    DataQuality quality;
    auto run = [&](const VectorLayer* stations, const VectorLayer* congestion) {
        return grid_capacity({stations, congestion, t.buurten}, {t.houses, t.home, t.weq}, {10.0}, config, quality);
    };
    const double nan = std::nan("");
    VectorLayer missing = features({"POINT(5 5)", "POINT(50 5)"}, {{"capacity_kva", {630, nan}}});
    missing.feature_ids = {7, 8};
    CHECK_THROWS_WITH(run(&missing, nullptr), Catch::Contains("feature 8: has no capacity in 'capacity_kva'"));
    VectorLayer negative = features({"POINT(5 5)"}, {{"capacity_kva", {-630}}});
    CHECK_THROWS_WITH(run(&negative, nullptr), Catch::Contains("capacity -630 kVA is not a station's"));
    VectorLayer absurd = features({"POINT(5 5)"}, {{"capacity_kva", {5e6}}});
    CHECK_THROWS_WITH(run(&absurd, nullptr), Catch::Contains("grid.max_station_kva"));
    VectorLayer too_much = features({"POINT(5 5)"}, {{"capacity_kva", {630}}, {"headroom_kw", {700}}});
    CHECK_THROWS_WITH(run(&too_much, nullptr), Catch::Contains("headroom 700 kW lies outside 0 to its capacity"));
    // Neither peak nor headroom: an assumed loading of 70 % (grid.station_loading_share, est.).
    VectorLayer bare = features({"POINT(5 5)"}, {{"capacity_kva", {630}}});
    CHECK(run(&bare, nullptr)[0].headroom_kw == Approx(630 * 0.3));
    VectorLayer peak = features({"POINT(5 5)"}, {{"capacity_kva", {630}}, {"peak_kw", {500}}});
    CHECK(run(&peak, nullptr)[0].headroom_kw == Approx(130));

    VectorLayer status = features({"POINT(5 5)"}, {{"year", {2031}}});
    status.text["status"] = {{"paars"}, {1}};
    CHECK_THROWS_WITH(run(nullptr, &status), Catch::Contains("congestion status 'paars' is none of grid.congested_values"));
}

TEST_CASE("grid: the congestion map sets the status and the year; postcode points outside every buurt are recorded",
          "[grid]") {
    const Config config;
    const Town t = town(100);  // houses over x 0-500, y 0-20
    DataQuality quality;
    // Areas: 60 houses in a red area (until 2031), 40 in an orange one: red covers most.
    VectorLayer areas = features({"POLYGON((-10 -10,300 -10,300 50,-10 50,-10 -10))",
                                  "POLYGON((300 -10,600 -10,600 50,300 50,300 -10))"},
                                 {{"year", {2031, 2028}}});
    areas.text["status"] = {{"Rood", "oranje"}, {1, 1}};
    auto by_areas = grid_capacity({nullptr, &areas, t.buurten}, {t.houses, t.home, t.weq}, {100.0}, config, quality);
    CHECK(by_areas[0].grid_status() == GridStatus::congested);
    CHECK(by_areas[0].available_year == 2031);
    CHECK(by_areas[0].from_congestion == 1);
    // Points: the worst inside the buurt; one point lies in no buurt and is recorded.
    VectorLayer points = features({"POINT(100 100)", "POINT(200 200)", "POINT(5000 5000)"}, {{"year", {nan(""), 2033, 2040}}});
    points.feature_ids = {1, 2, 3};
    points.text["status"] = {{"green", "red", "red"}, {1, 1, 1}};
    auto by_points = grid_capacity({nullptr, &points, t.buurten}, {t.houses, t.home, t.weq}, {100.0}, config, quality);
    CHECK(by_points[0].grid_status() == GridStatus::congested);
    CHECK(by_points[0].available_year == 2033);
    CHECK(quality.count_of("grid_congestion", "postcode_outside_buurten") == 1);
    // S1 moves to the period of that year; other strategies keep their phase.
    Scores s;
    s.strategy = {"S1", "S4"};
    s.phase = {"before_2030", "before_2030"};
    s.phase_reason = {"score 80", "score 80"};
    std::vector<GridCapacity> g(2, by_points[0]);
    apply_grid_availability(s, g, config.score);
    CHECK(s.phase[0] == "2030_2040");
    CHECK(s.phase_reason[0].find("congested until 2033") != std::string::npos);
    CHECK(s.phase[1] == "before_2030");
}
