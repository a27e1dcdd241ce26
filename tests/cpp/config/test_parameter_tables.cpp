#include "warmte/error.hpp"
#include "warmte/parameter_tables.hpp"

#include <catch2/catch.hpp>

using namespace warmte;

TEST_CASE("the built-in tables parse and hold the docs/model.md figures", "[parameter_tables]") {
    const ParameterTables& t = builtin_parameter_tables();
    // docs/model.md §3.1: terraced 1975-91 is 3.6 + 0.236 A; §3.3: SPF 3.2 at 50 C, 7.9 at 30 C.
    auto [a, b] = t.demand.residential_coefficients(BuildingType::terraced, 1980);
    CHECK(a == Approx(3.6));
    CHECK(b == Approx(0.236));
    CHECK(heat_pump_spf(t.spf, 50) == Approx(3.2));
    CHECK(heat_pump_spf(t.spf, 30) == Approx(7.9));
    CHECK_FALSE(names_table_files(Config{}));
    Config c;
    c.supply.spf_table = "spf.csv";
    CHECK(names_table_files(c));
}

TEST_CASE("a replacement table is parsed from its text and errors name it and the line", "[parameter_tables]") {
    TableTexts texts = builtin_table_texts();
    texts.spf = "supply_temperature_c,spf,source\n40,5.0,ours\n60,2.5,ours\n";
    texts.spf_origin = "my_spf.csv";
    ParameterTables t = parse_parameter_tables(texts);
    CHECK(heat_pump_spf(t.spf, 50) == Approx(3.75));
    texts.spf = "supply_temperature_c,spf,source\n40,0.9,ours\n";
    CHECK_THROWS_WITH(parse_parameter_tables(texts), Catch::Contains("my_spf.csv") && Catch::Contains("line 2"));
    texts.spf = "temperature,spf\n40,3\n";
    CHECK_THROWS_AS(parse_parameter_tables(texts), ConfigError);
}
