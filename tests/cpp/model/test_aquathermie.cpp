#include "fixtures.hpp"

#include "warmte/aquathermie.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace warmte;

TEST_CASE("demand shares per buurt split border buildings by area", "[aquathermie]") {
    // Two 10 x 10 buildings; the second straddles the border: 40 m2 in buurt 0, 60 m2 in buurt 1.
    GeometryArray buildings = test::polygons({"POLYGON((0 0, 10 0, 10 10, 0 10, 0 0))",
                                             "POLYGON((96 0, 106 0, 106 10, 96 10, 96 0))"});
    OverlayResult o;
    o.pieces = {{0, 0, 100.0}, {1, 0, 40.0}, {1, 1, 60.0}};
    std::vector<double> gj = {50, 100};
    std::vector<double> buurt_gj = {50 + 40, 60};  // each buurt's demand by the same split
    std::vector<std::uint8_t> only_second = {0, 1};
    std::vector<double> share = demand_share(o, buildings, gj, only_second, buurt_gj);
    CHECK(share[0] == Approx(40.0 / 90.0));
    CHECK(share[1] == Approx(1.0));
    std::vector<double> none = demand_share(o, buildings, gj, only_second, {0.0, 60.0});
    CHECK(std::isnan(none[0]));  // no demand: no share
}

TEST_CASE("TEO serves the labels supply.teo_labels lists", "[aquathermie]") {
    SupplyParameters p;
    p.teo_labels = {"A", "B", "C"};
    CHECK(teo_label_ok({"A", "C", "D", ""}, p) == std::vector<std::uint8_t>{1, 1, 0, 0});
}

TEST_CASE("WKO suitability: centroids in suitable zones; all suitable (and recorded) without a layer", "[aquathermie]") {
    GeometryArray buildings = test::polygons({"POLYGON((0 0, 10 0, 10 10, 0 10, 0 0))",
                                             "POLYGON((50 0, 60 0, 60 10, 50 10, 50 0))",
                                             "POLYGON((200 0, 210 0, 210 10, 200 10, 200 0))"});
    DataQuality q;
    CHECK(wko_suitable(buildings, nullptr, Config{}, q) == std::vector<std::uint8_t>{1, 1, 1});
    CHECK(q.count_of("wko", "layer_absent_all_buildings_assumed_suitable") == 3);
    VectorLayer wko = test::layer({"POLYGON((-5 -5, 40 -5, 40 20, -5 20, -5 -5))", "POLYGON((45 -5, 100 -5, 100 20, 45 20, 45 -5))"},
                                  "id");
    wko.text["suitability"] = TextColumn{{"geschikt", "ongeschikt"}, {1, 1}};
    CHECK(wko_suitable(buildings, &wko, Config{}, q) == std::vector<std::uint8_t>{1, 0, 0});
}
