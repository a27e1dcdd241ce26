#include "warmte/roads.hpp"

#include "fixtures.hpp"

#include <catch2/catch.hpp>

using namespace warmte;

namespace {

std::string square(double cx, double cy) {  // a 10 x 10 m footprint centred on (cx, cy)
    auto s = [](double v) { return std::to_string(v); };
    return "POLYGON((" + s(cx - 5) + " " + s(cy - 5) + ", " + s(cx + 5) + " " + s(cy - 5) + ", " + s(cx + 5) + " " +
           s(cy + 5) + ", " + s(cx - 5) + " " + s(cy + 5) + ", " + s(cx - 5) + " " + s(cy - 5) + "))";
}

}  // namespace

TEST_CASE("road lengths by hand: pieces of 100 m at most, reach 80 m, shared pieces split by connections", "[costs]") {
    // A 250 m road along y = 0 becomes three pieces of 83.33 m: [0, 83.3], [83.3, 166.7], [166.7, 250].
    GeometryArray roads;
    const double line[] = {0, 0, 250, 0};
    roads.add_line(std::span<const double>(line, 4));
    GeometryArray buildings = test::polygons({square(40, 30), square(200, 120), square(125, -40), square(40, -20)});
    std::vector<std::int32_t> home = {0, 1, 0, 1};
    std::vector<std::uint8_t> connected = {1, 1, 1, 1};
    CostParameters p;
    RoadLengths r = road_lengths(roads, {buildings, home, connected, 2}, p, 1, {});
    const double piece = 250.0 / 3;
    // Piece 0 serves a building of each buurt (half each); piece 1 one of buurt 0; piece 2 nobody
    // within 80 m (the house at 120 m gets a service pipe but no distribution pipe).
    CHECK(r.distribution_m[0] == Approx(piece / 2 + piece));
    CHECK(r.distribution_m[1] == Approx(piece / 2));
    CHECK(r.service_m[0] == Approx((30 + 40) / 2.0));
    CHECK(r.service_m[1] == Approx((120 + 20) / 2.0));  // straight down onto the road
    // Not connected: no pipe at all.
    connected = {0, 0, 1, 0};
    RoadLengths one = road_lengths(roads, {buildings, home, connected, 2}, p, 2, {});
    CHECK(one.distribution_m[0] == Approx(piece));
    CHECK(one.distribution_m[1] == 0);
    CHECK(std::isnan(one.service_m[1]));
    // The same with more threads.
    connected = {1, 1, 1, 1};
    CHECK(road_lengths(roads, {buildings, home, connected, 2}, p, 4, {}).distribution_m == r.distribution_m);
}
