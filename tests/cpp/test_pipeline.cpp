#include "fixtures.hpp"

#include "warmte/error.hpp"
#include "warmte/pipeline.hpp"

#include <catch2/catch.hpp>

using namespace warmte;

namespace {

// One 100 x 100 m buurt with two 10 x 10 m houses, one of them half outside.
Inputs tiny() {
    Inputs in;
    in[Role::neighbourhoods] = test::layer({"POLYGON((150000 450000, 150100 450000, 150100 450100, 150000 450100, 150000 450000))"});
    VectorLayer b = test::layer({"POLYGON((150010 450010, 150020 450010, 150020 450020, 150010 450020, 150010 450010))",
                                 "POLYGON((150095 450010, 150105 450010, 150105 450020, 150095 450020, 150095 450010))"},
                                "identificatie");
    b.numbers["bouwjaar"].values = {1980, 1980};
    b.numbers["oppervlakte"].values = {100, 100};
    b.numbers["aantal_verblijfsobjecten"].values = {1, 1};
    b.text["gebruiksdoel"] = TextColumn{{"woonfunctie", "woonfunctie"}, {1, 1}};
    in[Role::buildings] = b;
    return in;
}

}  // namespace

TEST_CASE("the stages on a tiny world: areas, counts, demand split by area, and the stage timings", "[pipeline]") {
    Config theoretical;
    theoretical.demand.practice_factor = false;  // the tables alone: this is about the split by area
    AnalysisResult r = run_analysis(tiny(), theoretical);
    const Table& t = r.neighbourhoods;
    REQUIRE(t.rows() == 1);
    CHECK(t.find("area_m2")->numbers[0] == Approx(10'000));
    CHECK(t.find("footprint_area_m2")->numbers[0] == Approx(100 + 50));  // half of the border house
    // Both count here: a border house counts in the buurt holding most of its footprint, and the
    // land outside the study area is no buurt.
    CHECK(t.find("n_buildings")->numbers[0] == 2);
    // Two detached 1980 houses of 100 m2: 28.3 + 0.169 x 100 = 45.2 GJ + 7.5 hot water each, the second half inside.
    CHECK(t.find("heat_demand_gj")->numbers[0] == Approx(1.5 * (45.2 + 7.5)));
    CHECK(t.find("heat_network_score")->numbers[0] >= 0);
    std::vector<std::string> stages;
    for (const auto& [stage, seconds] : r.timings) stages.push_back(stage);
    for (const char* s : {"reproject", "filter", "validate and repair", "demand", "aquathermie", "scores", "tables"})
        CHECK(std::find(stages.begin(), stages.end(), s) != stages.end());
    // rescore with the run's configuration gives the run's score fields.
    Table again = rescore(r.score_inputs, r.cost_inputs, r.config, r.cost_kentallen);
    CHECK(again.find("heat_network_score")->numbers == t.find("heat_network_score")->numbers);
    CHECK(again.find("strategy")->text == t.find("strategy")->text);
    CHECK(again.find("cost_national_s1a_eur_weq")->numbers == t.find("cost_national_s1a_eur_weq")->numbers);
    CHECK(again.find("cheapest_variant")->text == t.find("cheapest_variant")->text);
}

TEST_CASE("table files named in the configuration must have been read by io", "[pipeline]") {
    Config c;
    c.supply.spf_table = "spf.csv";
    CHECK_THROWS_WITH(run_analysis(tiny(), c), Catch::Contains("read_parameter_tables"));
    Inputs with = tiny();
    with.tables = builtin_parameter_tables();
    CHECK_NOTHROW(run_analysis(std::move(with), c));
    Config geographic;
    geographic.analysis_crs = "EPSG:4326";
    CHECK_THROWS_AS(run_analysis(tiny(), geographic), ConfigError);
}
