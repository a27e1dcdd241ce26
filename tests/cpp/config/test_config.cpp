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
