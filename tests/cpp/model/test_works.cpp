// Linked works from a works layer (issue 33, docs/streets.md §6), by hand.
#include "warmte/error.hpp"
#include "warmte/works.hpp"

#include "../fixtures.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace warmte;

TEST_CASE("works: a main along most of a street links it, a crossing one does not, an area holds one", "[works]") {
    Config config;  // network.works_near_m 15, network.works_min_share 0.5
    // Three streets of 100 m along y = 0, 100 and 200.
    const GeometryArray streets = test::lines({{0, 0, 100, 0}, {0, 100, 100, 100}, {0, 200, 100, 200}});
    VectorLayer works;
    works.source = "works.gpkg, layer 'plan'";
    // 1: a sewer 10 m beside street 0 from x 0 to 60: within 15 m up to x = 60 + sqrt(15² - 10²)
    //    = 71.2, 71 % of the street (sampled every 7.5 m: 10 of 14 stretches) -> linked, 2030.
    works.geometry.add_line(std::vector<double>{0, 10, 60, 10});
    // 2: a main crossing street 1 at x = 50: within 15 m from x 35 to 65, 30 % -> not linked.
    works.geometry.add_line(std::vector<double>{50, 50, 50, 150});
    // 3: a project area over x >= 40 around street 2: inside or within 15 m from x = 25, 75 % -> 2035.
    const GeometryArray area = test::polygons({"POLYGON((40 180,140 180,140 220,40 220,40 180))"});
    works.geometry.append_from(area, 0);
    // 4: a gas main 5 m beside all of street 2, earlier: 2032 wins.
    works.geometry.add_line(std::vector<double>{0, 205, 100, 205});
    // 5: along street 0 but without a year: recorded, links nothing.
    works.geometry.add_line(std::vector<double>{0, -5, 100, -5});
    works.feature_ids = {11, 12, 13, 14, 15};
    works.numbers["works_year"].values = {2030, 2027, 2035, 2032, std::nan("")};
    DataQuality quality;
    const std::vector<double> year = works_year_of_streets(streets, works, config, quality);
    REQUIRE(year.size() == 3);
    CHECK(year[0] == 2030);
    CHECK(std::isnan(year[1]));
    CHECK(year[2] == 2032);
    CHECK(quality.count_of("works", "works_along_no_street") == 1);
    CHECK(quality.count_of("works", "no_works_year") == 1);
    REQUIRE(quality.records().size() == 2);
    CHECK(quality.records()[0].feature_id == 12);
    CHECK(quality.records()[1].feature_id == 15);

    // Asking for 80 % of a street: the sewer beside 71 % of street 0 no longer links it; the
    // area (75 %) no longer links street 2, the gas main along all of it still does.
    config.streets.works_min_share = 0.8;
    DataQuality strict;
    const std::vector<double> fewer = works_year_of_streets(streets, works, config, strict);
    CHECK(std::isnan(fewer[0]));
    CHECK(fewer[2] == 2032);
    CHECK(strict.count_of("works", "works_along_no_street") == 3);  // 11, 12, 13

    // The same on one thread.
    config.streets.works_min_share = 0.5;
    config.threads = 1;
    DataQuality one;
    const std::vector<double> again = works_year_of_streets(streets, works, config, one);
    CHECK(again[0] == year[0]);
    CHECK(std::isnan(again[1]));
    CHECK(again[2] == year[2]);
}

TEST_CASE("works: a layer without the year field is refused naming the key", "[works]") {
    const Config config;
    const GeometryArray streets = test::lines({{0, 0, 100, 0}});
    VectorLayer works;
    works.source = "works.gpkg, layer 'plan'";
    works.geometry.add_line(std::vector<double>{0, 10, 60, 10});
    works.feature_ids = {1};
    DataQuality quality;
    CHECK_THROWS_WITH(works_year_of_streets(streets, works, config, quality),
                      Catch::Contains("works.gpkg") && Catch::Contains("fields.works.year"));
}
