#include "fixtures.hpp"

#include "warmte/parameter_tables.hpp"
#include "warmte/supply.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace warmte;

TEST_CASE("TEO, TEA and TED potentials by hand", "[supply]") {
    SupplyParameters p;
    // A 1 ha pond: 10,000 m2 x 0.5 GJ/m2 at the source; the heat pump (SPF 3.2 at 50 C) adds its electricity.
    CHECK(stagnant_water_gj(10'000, p) == Approx(10'000 * 0.5));
    CHECK(heat_pump_spf(builtin_parameter_tables().spf, p.supply_temperature_c) == Approx(3.2));
    CHECK(delivered_gj(5'000, heat_pump_spf(builtin_parameter_tables().spf, p.supply_temperature_c)) == Approx(5'000 * 3.2 / 2.2));  // 7,272.7 GJ
    // A canal of 2 m3/s: 0.1 of the flow x 4.18 MJ/(m3 K) x 3 K x 3,600 h x 3,600 s/h, MJ -> GJ.
    CHECK(flowing_water_gj(2.0, p) == Approx(0.1 * 2 * 4.18 * 3 * 3600 * 3600 / 1000.0));  // 32,503.68 GJ
    // A treatment plant of 30,000 m3/day: x 365 days x 4.186 MJ/(m3 K) x 4 K, MJ -> GJ.
    CHECK(effluent_gj(30'000, p.tea_delta_t_k, p) == Approx(30'000 * 365 * 4.186 * 4 / 1000.0));  // 183,346.8 GJ
    // A drinking-water main is cooled by 3 K.
    CHECK(effluent_gj(1'000, p.ted_delta_t_k, p) == Approx(1'000 * 365 * 4.186 * 3 / 1000.0));
}

TEST_CASE("the SPF follows the supply temperature, linear between table rows", "[supply]") {
    SupplyParameters p;
    p.supply_temperature_c = 30;
    CHECK(heat_pump_spf(builtin_parameter_tables().spf, p.supply_temperature_c) == Approx(7.9));
    p.supply_temperature_c = 40;
    CHECK(heat_pump_spf(builtin_parameter_tables().spf, p.supply_temperature_c) == Approx((7.9 + 3.2) / 2));
    p.supply_temperature_c = 70;
    CHECK(heat_pump_spf(builtin_parameter_tables().spf, p.supply_temperature_c) == Approx(3.0));
    p.supply_temperature_c = 90;  // beyond the table: its last row
    CHECK(heat_pump_spf(builtin_parameter_tables().spf, p.supply_temperature_c) == Approx(3.0));
}

TEST_CASE("sources from water: minimum size, missing type, bad discharge", "[supply]") {
    VectorLayer water = test::layer({
        "POLYGON((0 0, 100 0, 100 100, 0 100, 0 0))",      // 1 ha, lake
        "POLYGON((200 0, 210 0, 210 50, 200 50, 200 0))",  // 500 m2: below the minimum
        "POLYGON((300 0, 400 0, 400 20, 300 20, 300 0))",  // canal 2,000 m2, 2 m3/s
        "POLYGON((500 0, 600 0, 600 20, 500 20, 500 0))",  // canal without a type
        "POLYGON((700 0, 800 0, 800 20, 700 20, 700 0))",  // canal with a negative discharge
    });
    Config config;
    water.text["typewater"] = TextColumn{{"meer, plas", "meer, plas", "waterloop", "", "waterloop"}, {1, 1, 1, 0, 1}};
    water.numbers["flow_m3s"].values = {NAN, NAN, 2.0, 2.0, -1.0};
    DataQuality q;
    SourceSet s = build_sources(&water, nullptr, nullptr, config, builtin_parameter_tables().spf, q);
    REQUIRE(s.size() == 4);
    CHECK(q.count_of("water", "below_min_area_ignored") == 1);
    CHECK(s.source_gj[0] == Approx(5'000));
    CHECK(s.water_kind[1] == "flowing");
    CHECK(s.source_gj[1] == Approx(32'503.68));
    CHECK(s.water_kind[2] == "stagnant");  // no type: stagnant, area rule
    CHECK(s.source_gj[2] == Approx(2'000 * 0.5));
    CHECK(q.count_of("water", "water_type_missing") == 1);
    CHECK(s.source_gj[3] == Approx(2'000 * 0.5));  // negative discharge: area rule
    CHECK(q.count_of("water", "discharge_invalid") == 1);
    CHECK(s.delivered_gj[0] == Approx(5'000 * 3.2 / 2.2));
}

TEST_CASE("water drawn twice or overlapping counts once: members share the area of their union", "[supply]") {
    VectorLayer water = test::layer({
        "POLYGON((0 0, 100 0, 100 100, 0 100, 0 0))",          // a 1 ha lake ...
        "POLYGON((100 100, 0 100, 0 0, 100 0, 100 100))",      // ... drawn again (another vertex order)
        "POLYGON((50 40, 150 40, 150 60, 50 60, 50 40))",      // a canal half in it: + 50 x 20
        "POLYGON((150 40, 250 40, 250 60, 150 60, 150 40))",   // touching the canal's end: its own
        "POLYGON((300 0, 340 0, 340 20, 300 20, 300 0))",      // 800 m2 and 800 over half of it: each
        "POLYGON((320 0, 360 0, 360 20, 320 20, 320 0))",      // below the minimum as drawn
        "POLYGON((400 0, 420 0, 420 20, 400 20, 400 0))",      // 400 m2 alone: below the minimum
    });
    water.feature_ids = {1, 2, 3, 4, 5, 6, 7};
    Config config;
    water.text["typewater"] = TextColumn{{"meer, plas", "meer, plas", "meer, plas", "meer, plas", "", "", ""}, {1, 1, 1, 1, 0, 0, 0}};
    DataQuality q;
    SourceSet s = build_sources(&water, nullptr, nullptr, config, builtin_parameter_tables().spf, q);
    REQUIRE(s.size() == 4);
    // The lake, its copy and the canal: 11,000 m2 of water drawn as 22,000, so each counts half.
    CHECK(s.area_m2[0] == Approx(5'000.0).epsilon(1e-12));
    CHECK(s.area_m2[1] == Approx(5'000.0).epsilon(1e-12));
    CHECK(s.area_m2[2] == Approx(1'000.0).epsilon(1e-12));
    CHECK(s.source_gj[0] + s.source_gj[1] + s.source_gj[2] == Approx(11'000 * 0.5));
    CHECK(s.id[3] == "water:4");
    CHECK(s.area_m2[3] == Approx(2'000.0));  // touching is not overlapping
    CHECK(q.count_of("water", "overlapping_water_shared") == 2);  // one row per group, at its largest member
    bool listed = false;
    for (const auto& r : q.records())
        if (r.issue == "overlapping_water_shared" && r.feature_id == 1)
            listed = r.detail == "3 polygons overlap (11000 m2 of water drawn as 22000 m2): each counts for 0.500000 of its area and potential";
    CHECK(listed);
    CHECK(q.count_of("water", "below_min_area_ignored") == 3);
}

TEST_CASE("a plant layer without its flow field is an error naming the layer and the key", "[supply]") {
    VectorLayer plants = test::layer({"POLYGON((0 0, 1 0, 1 1, 0 0))"});
    plants.source = "rwzi.gpkg, layer 'rwzi'";
    DataQuality q;
    CHECK_THROWS_WITH(build_sources(nullptr, &plants, nullptr, Config{}, builtin_parameter_tables().spf, q),
                      Catch::Contains("rwzi.gpkg") && Catch::Contains("fields.plants.flow"));
}

TEST_CASE("water drawn as lines with a width becomes polygons; lines without one are recorded", "[supply]") {
    VectorLayer water = test::layer({"POLYGON((0 0, 100 0, 100 100, 0 100, 0 0))"});
    water.numbers["flow_m3s"].values = {NAN};
    water.dropped_not_polygonal = {10, 11};
    VectorLayer lines;
    lines.source = "test lines";
    lines.crs = "EPSG:28992";
    for (double y : {500.0, 600.0}) {
        const double line[] = {0, y, 300, y};  // a 300 m line
        lines.geometry.add_line(line);
    }
    lines.feature_ids = {10, 11};
    lines.numbers["width_m"].values = {4.0, NAN};
    lines.numbers["flow_m3s"].values = {1.0, NAN};
    lines.text["typewater"] = TextColumn{{"waterloop", "waterloop"}, {1, 1}};
    DataQuality q;
    add_buffered_lines(water, lines, Config{}, q);
    REQUIRE(water.size() == 2);
    CHECK(water.geometry.area(1) == Approx(300 * 4));  // flat ends: length x width
    CHECK(water.feature_ids[1] == 10);
    CHECK(water.numbers["flow_m3s"].values[1] == 1.0);
    CHECK(q.count_of("water", "line_without_width") == 1);
    CHECK(water.dropped_not_polygonal.empty());
    SourceSet s = build_sources(&water, nullptr, nullptr, Config{}, builtin_parameter_tables().spf, q);
    REQUIRE(s.size() == 2);
    // The line's own type counts although the polygons carry no type field: a waterloop with a
    // discharge of 1 m3/s follows the river model, not the area rule.
    CHECK(s.water_kind[1] == "flowing");
    CHECK(s.source_gj[1] == Approx(flowing_water_gj(1.0, SupplyParameters{})));
    CHECK(s.water_kind[0] == "stagnant");  // the polygon without a type
}
