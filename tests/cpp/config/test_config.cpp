#include "warmte/config.hpp"
#include "warmte/error.hpp"

#include <catch2/catch.hpp>

using namespace warmte;

TEST_CASE("TOML overrides defaults and reads back from its own output", "[config]") {
    Config c = parse_config(R"(
[analysis]
threads = 3
[fields.neighbourhoods]
id = "code"
[buildings]
in_use_status = ["in gebruik"]
)", "project.toml");
    CHECK(c.threads == 3);
    CHECK(c.neighbourhood_fields.id == "code");
    CHECK(c.neighbourhood_fields.name == "buurtnaam");
    CHECK(c.in_use_status == std::vector<std::string>{"in gebruik"});
    Config again = parse_config(to_toml(c), "echo");
    CHECK(to_toml(again) == to_toml(c));
}

TEST_CASE("unknown keys, wrong types and bad syntax name the file and the key", "[config]") {
    CHECK_THROWS_WITH(parse_config("[analysis]\nthreds = 2\n", "p.toml"),
                      Catch::Contains("p.toml") && Catch::Contains("analysis.threds") && Catch::Contains("--help-config"));
    CHECK_THROWS_WITH(parse_config("[analysis]\nthreads = \"two\"\n", "p.toml"), Catch::Contains("analysis.threads"));
    CHECK_THROWS_AS(parse_config("[analysis\n", "p.toml"), ConfigError);
}

TEST_CASE("input paths in a project file are relative to the file", "[config]") {
    Config c = parse_config("[inputs]\nbuildings = \"data/panden.gpkg\"\n", "p.toml", "/projects/ede");
    CHECK(c.inputs[Role::buildings] == "/projects/ede/data/panden.gpkg");
}

TEST_CASE("every parameter is documented with a unit and a source", "[config]") {
    for (const ParameterInfo& p : describe(Config{})) {
        INFO(p.key);
        CHECK_FALSE(p.unit.empty());
        CHECK_FALSE(p.source.empty());
        CHECK_FALSE(p.description.empty());
    }
}

TEST_CASE("a group made on its own holds its rows' defaults, as the configuration's does", "[config]") {
    // The defaults live in the parameter rows only (config.cpp): each group's constructor takes
    // them from there, so a group made apart (CostParameters{} in a test or a sensitivity set)
    // is the configuration's group, member for member (the TOML of every parameter shows each).
    Config apart;
    apart.neighbourhood_fields = NeighbourhoodFields{};
    apart.building_fields = BuildingFields{};
    apart.address_fields = AddressFields{};
    apart.height_fields = HeightFields{};
    apart.building_rules = BuildingRules{};
    apart.demand = DemandParameters{};
    apart.network = NetworkParameters{};
    apart.streets = StreetParameters{};
    apart.road_fields = RoadFields{};
    apart.works_fields = WorksFields{};
    apart.grid = GridParameters{};
    apart.water_fields = WaterFields{};
    apart.source_fields = SourceFields{};
    apart.supply = SupplyParameters{};
    apart.score = ScoreParameters{};
    apart.costs = CostParameters{};
    apart.grid_capacity_fields = GridCapacityFields{};
    apart.grid_capacity = GridCapacityParameters{};
    apart.uncertainty = UncertaintyParameters{};
    apart.tenure = TenureParameters{};
    apart.output = OutputSettings{};
    apart.batch = BatchParameters{};
    CHECK(to_toml(apart) == to_toml(Config{}));
    CHECK(CostParameters{}.social_discount_rate == 0.0225);  // docs/costs.md §1: Vesta Basis.dms
    CHECK(StreetParameters{}.phase_count == 3);
    CHECK(BuildingFields{}.year_alternates.size() == 3);
    // A changed configuration is not what a group made apart holds.
    Config changed = parse_config("[costs]\nsocial_discount_rate = 0.03\n", "test.toml");
    CHECK(changed.costs.social_discount_rate == 0.03);
    CHECK_FALSE(changed.costs == CostParameters{});
}

TEST_CASE("the defaults are the figures docs/model.md gives, with their sources", "[config]") {
    const Config c;
    // §1: the analysis CRS.
    CHECK(c.analysis_crs == "EPSG:28992");
    // §3.1: BAG status values kept, placeholders, storey height (Vesta), usable floor fraction (est.).
    CHECK(c.in_use_status == std::vector<std::string>{"Pand in gebruik", "Pand in gebruik (niet ingemeten)",
                                                      "Verbouwing pand"});
    CHECK(c.building_rules.floor_area_placeholders == std::vector<double>{1, 9999, 99999, 999999});
    CHECK(c.building_rules.storey_height_m == 2.8);
    CHECK(c.building_rules.usable_floor_fraction == 0.8);
    CHECK(c.building_rules.touch_distance_m == 0.2);
    CHECK(c.building_rules.high_rise_above_storeys == 4);
    CHECK(c.demand.hot_water_gj_per_dwelling == 7.5);
    // §3.2: Persson effective width, Hotmaps thresholds.
    CHECK(c.network.effective_width_slope_m == 137.5);
    CHECK(c.network.effective_width_intercept_m == 5);
    CHECK(c.network.effective_width_max_m == 60);
    CHECK(c.network.plot_ratio_break == 0.4);
    CHECK(c.grid.cell_size_m == 100);
    CHECK(c.grid.dh_min_density_gj_ha == 1200);
    CHECK(c.grid.dh_min_area_demand_gj == 108'000);
    // §3.3: TEO, TEA, TED, reach and project sizes.
    CHECK(c.supply.min_water_area_m2 == 1000);
    CHECK(c.supply.stagnant_yield_gj_m2 == 0.5);
    CHECK(c.supply.flow_fraction == 0.1);
    CHECK(c.supply.teo_heat_capacity_mj_m3k == 4.18);
    CHECK(c.supply.teo_delta_t_k == 3);
    CHECK(c.supply.teo_hours == 3600);
    CHECK(c.supply.effluent_heat_capacity_mj_m3k == 4.186);
    CHECK(c.supply.tea_delta_t_k == 4);
    CHECK(c.supply.ted_delta_t_k == 3);
    CHECK(c.supply.supply_temperature_c == 50);
    CHECK(c.supply.max_reach_m == 5000);
    CHECK(c.supply.teo_min_dwellings == 50);
    CHECK(c.supply.tea_min_dwellings == 30);
    CHECK(c.supply.network_min_dwelling_density_ha == 20);
    // docs/demand.md: PBL Vesta Startanalyse 2025's scales, PBL's smallest group to judge.
    CHECK(c.demand.practice_factor);
    CHECK(c.demand.space_heat_scale == 0.9);
    CHECK(c.demand.hot_water_scale == 0.9);
    CHECK(c.demand.validation_min_dwellings == 50);
    // §3.4: classes.
    CHECK(c.score.class_possible == 33);
    CHECK(c.score.class_promising == 66);
    CHECK(c.score.strategy_low_density_gj_ha == 500);
    // Every source column names docs/model.md, a data source, the user, or says (est.).
    for (const ParameterInfo& p : describe(c)) {
        INFO(p.key);
        bool named = p.source.find("docs/model.md") != std::string::npos || p.source.find("docs/costs.md") != std::string::npos ||
                     p.source.find("est") != std::string::npos ||
                     p.source == "user" || p.source == "project file" || p.source.find("Vesta") != std::string::npos ||
                     p.source.find("Hotmaps") != std::string::npos || p.source.find("CBS") != std::string::npos ||
                     p.source.find("libwarmte/data/") != std::string::npos || p.source.find("issue") != std::string::npos ||
                     p.source.find("Persson") != std::string::npos || p.source.find("NPLW") != std::string::npos ||
                     p.source.find("PyPSA") != std::string::npos || p.source.find("PBL") != std::string::npos ||
                     p.source.find("docs/") != std::string::npos;
        CHECK(named);
    }
}
