#include "fixtures.hpp"

#include "warmte/normalise.hpp"

#include <catch2/catch.hpp>

using namespace warmte;

TEST_CASE("an invalid bow-tie footprint is repaired into its two triangles and reported", "[normalise]") {
    // (0 0)-(10 10)-(10 0)-(0 10) crosses itself at (5 5): two triangles of 10*5/2 = 25 m² each.
    VectorLayer l = test::layer({"POLYGON((0 0, 10 10, 10 0, 0 10, 0 0))", "POLYGON((20 0, 30 0, 30 10, 20 10, 20 0))"});
    DataQuality q;
    normalise(l, "buildings", q, 2, {});
    REQUIRE(l.size() == 2);
    CHECK(l.geometry.area(0) == Approx(50.0));
    CHECK(l.geometry.area(1) == Approx(100.0));
    CHECK(q.count_of("buildings", "repaired_invalid_geometry") == 1);
    REQUIRE(q.records().size() == 1);
    CHECK(q.records()[0].feature_id == 1);
    CHECK_THAT(q.records()[0].detail, Catch::Contains("Self-intersection"));
}

TEST_CASE("a polygon that collapses to a line is dropped and reported, with its column values", "[normalise]") {
    VectorLayer l = test::layer({"POLYGON((0 0, 10 0, 20 0, 0 0))", "POLYGON((0 0, 1 0, 1 1, 0 1, 0 0))"});
    DataQuality q;
    normalise(l, "buildings", q, 1, {});
    REQUIRE(l.size() == 1);
    CHECK(l.text.at("buurtcode").values.at(0) == "B");
    CHECK(l.feature_ids.at(0) == 2);
    CHECK(q.count_of("buildings", "dropped_empty_after_repair") == 1);
}
