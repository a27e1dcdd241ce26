#include "fixtures.hpp"

#include "warmte/tables.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace warmte;

TEST_CASE("the neighbourhoods layer: its fields in their stable order, from the stage results", "[tables]") {
    VectorLayer buurten = test::layer({"POLYGON((0 0, 100 0, 100 100, 0 100, 0 0))"});
    OverlayResult o;
    o.area_m2 = {10000};
    o.water_area_m2 = {0};
    o.land_area_ha = {1};
    o.n_buildings = {3};
    o.footprint_area_m2 = {300};
    o.dist_water_m = {std::nan("")};
    HeatNetworkIndicators hn;
    hn.floor_area_m2 = {600};
    hn.dwellings = {4};
    hn.heat_demand_gj = {150};
    hn.heat_density_gj_ha = {150};
    hn.plot_ratio = {0.06};
    hn.linear_heat_density_gj_m = {0.5};
    hn.dwelling_density_ha = {4};
    hn.dh_area_share = {0};
    AquathermieResult aq;
    aq.matching.teo_gj = aq.matching.tea_gj = aq.matching.ted_gj = {0};
    aq.matching.coverage = {0};
    aq.matching.distance_m = {std::nan("")};
    aq.matching.note = {"no source in reach"};
    aq.wko_share = {1};
    aq.lt_share = {0.5};
    Table t = neighbourhood_table(neighbourhood_base(buurten, Config{}), {o, hn, nullptr, aq});
    std::vector<std::string> names;
    for (const Column& c : t.columns) names.push_back(c.name);
    CHECK(names == std::vector<std::string>{"buurtcode", "area_m2", "water_area_m2", "land_area_ha", "n_buildings",
                                            "footprint_area_m2", "dist_water_m", "floor_area_m2", "n_dwellings",
                                            "heat_demand_gj", "heat_density_gj_ha", "plot_ratio",
                                            "linear_heat_density_gj_m", "dwelling_density_ha", "dh_area_share",
                                            "teo_gj", "tea_gj", "ted_gj", "aquathermie_coverage",
                                            "dist_aquathermie_source_m", "aquathermie_note", "wko_share", "lt_share"});
    CHECK(t.find("n_buildings")->type == ColumnType::integer);
    CHECK(t.find("lt_share")->numbers[0] == 0.5);
    std::vector<double> network = {250};
    Table with = neighbourhood_table(neighbourhood_base(buurten, Config{}), {o, hn, &network, aq});
    REQUIRE(with.find("dist_heat_network_m"));
    CHECK(with.find("dist_heat_network_m")->numbers[0] == 250);
}

TEST_CASE("the data-quality layer: every record, and one row per counted-only issue", "[tables]") {
    DataQuality q;
    q.record({"buildings", 7, "repaired_invalid", "self-intersection"});
    q.record({"buildings", 9, "repaired_invalid", "self-intersection"});
    q.count("buildings", "filtered_not_in_use", 12);
    Table t = quality_table(q);
    REQUIRE(t.rows() == 3);
    CHECK(t.find("feature_id")->numbers[0] == 7);
    CHECK(t.find("issue")->text[2] == "filtered_not_in_use");
    CHECK(t.find("detail")->text[2] == "12 features");
    CHECK(std::isnan(t.find("feature_id")->numbers[2]));
}
