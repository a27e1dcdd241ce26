#include "warmte/csv.hpp"
#include "warmte/error.hpp"

#include <catch2/catch.hpp>

using namespace warmte;

TEST_CASE("trim, split and the CSV tables: comments, header, extra commas in the source column", "[csv]") {
    CHECK(trim("  \"woonfunctie\" ") == "woonfunctie");
    CHECK(split("woonfunctie, winkelfunctie ,kantoorfunctie", ',') ==
          std::vector<std::string>{"woonfunctie", "winkelfunctie", "kantoorfunctie"});
    auto rows = parse_csv("# a comment\ntype,a,source\nterraced,3.6,Vesta, 2025\n\ncorner,17.5,Vesta\n", "t.csv",
                          {"type", "a"});
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].at("source") == "Vesta");  // cells past the header's width are ignored
    CHECK(rows[1].at("#line") == "5");
    CHECK(number_in(rows[0], "a", "t.csv") == 3.6);
    CHECK_THROWS_WITH(parse_csv("type,b\nx,1\n", "t.csv", {"type", "a"}), Catch::Contains("missing column 'a'"));
    CHECK_THROWS_WITH(parse_csv("type,a\nx\n", "t.csv", {"type"}), Catch::Contains("t.csv, line 2"));
    auto bad = parse_csv("type,a\nx,inf\n", "t.csv", {"type", "a"});
    CHECK_THROWS_AS(number_in(bad[0], "a", "t.csv"), ConfigError);
}

TEST_CASE("a free-text last column keeps its commas as written", "[csv]") {
    const auto rows = parse_csv("a,b,text\n1,2,\"one, two,3 and 1,200\"\n", "t.csv", {"a", "text"}, true);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].at("b") == "2");
    CHECK(rows[0].at("text") == "one, two,3 and 1,200");
    // Without it, cells past the header are left out (the tables whose last column is a source).
    CHECK(parse_csv("a,b\n1,2,3\n", "t.csv", {"a"})[0].at("b") == "2");
}
