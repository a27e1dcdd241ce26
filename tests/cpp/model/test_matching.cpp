#include "fixtures.hpp"

#include "warmte/matching.hpp"
#include "warmte/parameter_tables.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace warmte;

namespace {

// Buurt A = [0,100]x[0,100] and B = [200,300]x[0,100]; a 1,000 m2 pond between them at
// x 120..170, y 40..60. One building in each: A's at x 90..100 (20 m from the pond), B's at
// x 200..210 (30 m away).
struct Fixture {
    GeometryArray buurten = test::polygons({"POLYGON((0 0, 100 0, 100 100, 0 100, 0 0))",
                                           "POLYGON((200 0, 300 0, 300 100, 200 100, 200 0))"});
    GeometryArray buildings = test::polygons({"POLYGON((90 45, 100 45, 100 55, 90 55, 90 45))",
                                             "POLYGON((200 45, 210 45, 210 55, 200 55, 200 45))"});
    VectorLayer water = test::layer({"POLYGON((120 40, 170 40, 170 60, 120 60, 120 40))"});
    OverlayResult o = overlay(buurten, buildings, nullptr, 1, {});
    SourceSet sources;
    Fixture() {
        DataQuality q;
        sources = build_sources(&water, nullptr, nullptr, Config{}, builtin_parameter_tables().spf, q);
    }
};

}  // namespace

TEST_CASE("reach is measured from each building to the water's edge", "[matching]") {
    Fixture f;
    REQUIRE(f.sources.size() == 1);
    std::vector<double> demand = {400, 700};
    std::vector<Reach> reach = compute_reach(f.sources, demand_points({f.buildings, f.o, demand, demand}, 0, {}, 2), 5000, 2, {});
    REQUIRE(reach.size() == 2);
    CHECK(reach[0].neighbourhood == 0);
    CHECK(reach[0].distance_m == Approx(20.0));
    CHECK(reach[0].demand_gj == Approx(400));
    CHECK(reach[1].distance_m == Approx(30.0));
    CHECK(compute_reach(f.sources, demand_points({f.buildings, f.o, demand, demand}, 0, {}, 1), 25, 1, {}).size() == 1);  // B out of reach
}

TEST_CASE("one pond, two buurten needing twice its heat: nearest first, the rest to the other", "[matching]") {
    Fixture f;
    const double pond = 1'000 * 0.5 * 3.2 / 2.2;  // 727.3 GJ delivered
    std::vector<double> demand = {400, 2 * pond - 400};  // together twice the pond
    std::vector<Reach> reach = compute_reach(f.sources, demand_points({f.buildings, f.o, demand, demand}, 0, {}, 1), 5000, 1, {});
    MatchingResult m = match_supply(f.sources, reach, demand, {100, 100}, {50, 50}, SupplyParameters{});
    CHECK(m.teo_gj[0] == Approx(400));          // the nearer buurt gets all it needs
    CHECK(m.teo_gj[1] == Approx(pond - 400));   // the other gets the rest
    CHECK(m.source_allocated_gj[0] == Approx(pond));
    CHECK(m.coverage[0] == Approx(1.0));
    CHECK(m.coverage[1] == Approx((pond - 400) / demand[1]));
    CHECK(m.distance_m[1] == Approx(30.0));
    REQUIRE(m.allocations.size() == 2);
    CHECK(m.allocations[0].neighbourhood == 0);
}

TEST_CASE("out of reach or below the project-size rules: nothing allocated, and said why", "[matching]") {
    Fixture f;
    std::vector<double> demand = {400, 400};
    SupplyParameters p;
    p.max_reach_m = 10;
    std::vector<Reach> none = compute_reach(f.sources, demand_points({f.buildings, f.o, demand, demand}, 0, {}, 1), p.max_reach_m, 1, {});
    MatchingResult far = match_supply(f.sources, none, demand, {100, 100}, {50, 50}, p);
    CHECK(far.source_allocated_gj[0] == 0.0);
    CHECK(std::isnan(far.distance_m[0]));

    std::vector<Reach> reach = compute_reach(f.sources, demand_points({f.buildings, f.o, demand, demand}, 0, {}, 1), 5000, 1, {});
    MatchingResult small = match_supply(f.sources, reach, demand, {12, 100}, {50, 10}, SupplyParameters{});
    CHECK(small.teo_gj[0] == 0.0);
    CHECK_THAT(small.note[0], Catch::Contains("12 dwellings < 50 (TEO)"));
    CHECK(small.teo_gj[1] == 0.0);
    CHECK_THAT(small.note[1], Catch::Contains("10 dwellings/ha < 20 (network)"));
    CHECK(small.note[0].find("network") == std::string::npos);
}

TEST_CASE("clustered reach: same demand, distances within half a cell diagonal", "[matching]") {
    Fixture f;
    std::vector<double> demand = {400, 700};
    std::vector<Reach> exact = compute_reach(f.sources, demand_points({f.buildings, f.o, demand, demand}, 0, {}, 1), 5000, 1, {});
    std::vector<Reach> clustered = compute_reach(f.sources, demand_points({f.buildings, f.o, demand, demand}, 100, {}, 1), 5000, 1, {});
    REQUIRE(clustered.size() == exact.size());
    for (std::size_t k = 0; k < exact.size(); ++k) {
        CHECK(clustered[k].demand_gj == Approx(exact[k].demand_gj));
        CHECK(std::abs(clustered[k].distance_m - exact[k].distance_m) <= 100 * std::sqrt(2.0) / 2);
    }
    // measured from the house centroids (95, 50) and (205, 50): 25 m and 35 m to the pond's edge
    CHECK(clustered[0].distance_m == Approx(25.0));
    CHECK(clustered[1].distance_m == Approx(35.0));
}

TEST_CASE("demand points of each buurt apart, gathered by buurt, share the pond as the whole does", "[matching][batch]") {
    // warmte batch: partition 1 owns buurt A, partition 2 buurt B; each makes its own buurt's
    // points, the whole-area step matches their concatenation (B's listed first here).
    Fixture f;
    const double pond = 1'000 * 0.5 * 3.2 / 2.2;
    std::vector<double> demand = {400, 2 * pond - 400};
    const std::vector<double> dwellings = {100, 100}, density = {50, 50};
    for (double cell : {0.0, 100.0}) {
        const DemandPoints whole = demand_points({f.buildings, f.o, demand, demand}, cell);
        const DemandPoints a = demand_points({f.buildings, f.o, demand, demand}, cell, {1, 0});
        const DemandPoints b = demand_points({f.buildings, f.o, demand, demand}, cell, {0, 1});
        REQUIRE(a.neighbourhood == std::vector<std::uint32_t>{0});
        REQUIRE(b.neighbourhood == std::vector<std::uint32_t>{1});
        DemandPoints gathered;
        for (const DemandPoints* p : {&a, &b}) {  // by buurt, as global_phase sorts them
            gathered.shapes.append_from(p->shapes, 0);
            gathered.neighbourhood.push_back(p->neighbourhood[0]);
            gathered.teo_gj.push_back(p->teo_gj[0]);
            gathered.other_gj.push_back(p->other_gj[0]);
        }
        const MatchingResult m1 = match_nearest_first(f.sources, whole, 5000, {demand, dwellings, density}, SupplyParameters{});
        const MatchingResult m2 = match_nearest_first(f.sources, gathered, 5000, {demand, dwellings, density}, SupplyParameters{});
        CHECK(m2.teo_gj == m1.teo_gj);
        CHECK(m2.distance_m == m1.distance_m);
        CHECK(m1.teo_gj[0] == Approx(400));
        CHECK(m1.teo_gj[1] == Approx(pond - 400));
    }
}

TEST_CASE("two ponds, three buurten, worked on paper: the nearest pair first, across sources", "[matching]") {
    // Buurten X [0,100], Y [300,400], Z [1000,1100] (x; y 0..100), one building each, 10 m wide at
    // x 90, 300 and 1000 (y 45..55). Pond A x 110..160 (1,000 m2), pond B x 200..260, y 30..60
    // (1,800 m2). Stagnant water: 0.5 GJ/m2 x SPF 3.2 / 2.2 = 8/11 GJ per m2 delivered, so A has
    // 8,000/11 = 727.27 GJ and B 14,400/11 = 1,309.09 GJ.
    // Distances building edge to pond edge: A-X 10, B-Y 40, B-X 100, A-Y 140, B-Z 740, A-Z 840.
    // Needs: X 300, Y 1,500, Z 600 GJ. Taken nearest pair first:
    //   A-X 10:  300 (A left 4,700/11)          B-Y 40:  14,400/11 (B empty; Y short 2,100/11)
    //   B-X 100: nothing (X full, B empty)      A-Y 140: 2,100/11 (A left 2,600/11)
    //   B-Z 740: nothing (B empty)              A-Z 840: 2,600/11 = 236.36 (A empty; Z 26 %)
    GeometryArray buurten = test::polygons({"POLYGON((0 0, 100 0, 100 100, 0 100, 0 0))",
                                           "POLYGON((300 0, 400 0, 400 100, 300 100, 300 0))",
                                           "POLYGON((1000 0, 1100 0, 1100 100, 1000 100, 1000 0))"});
    GeometryArray buildings = test::polygons({"POLYGON((90 45, 100 45, 100 55, 90 55, 90 45))",
                                             "POLYGON((300 45, 310 45, 310 55, 300 55, 300 45))",
                                             "POLYGON((1000 45, 1010 45, 1010 55, 1000 55, 1000 45))"});
    VectorLayer water = test::layer({"POLYGON((110 40, 160 40, 160 60, 110 60, 110 40))",
                                     "POLYGON((200 30, 260 30, 260 60, 200 60, 200 30))"});
    OverlayResult o = overlay(buurten, buildings, nullptr, 1, {});
    DataQuality q;
    SourceSet sources = build_sources(&water, nullptr, nullptr, Config{}, builtin_parameter_tables().spf, q);
    REQUIRE(sources.size() == 2);
    const std::uint32_t a = sources.delivered_gj[0] < sources.delivered_gj[1] ? 0 : 1, b = 1 - a;
    CHECK(sources.delivered_gj[a] == Approx(8000.0 / 11));
    CHECK(sources.delivered_gj[b] == Approx(14400.0 / 11));
    const std::vector<double> need = {300, 1500, 600};
    const std::vector<double> dwellings = {100, 100, 100}, density = {50, 50, 50};
    std::vector<Reach> reach = compute_reach(sources, demand_points({buildings, o, need, need}, 0, {}, 1), 5000, 1, {});
    const MatchingResult all = match_supply(sources, reach, need, dwellings, density, SupplyParameters{});
    const MatchingResult nearest =
        match_nearest_first(sources, demand_points({buildings, o, need, need}, 0), 5000, {need, dwellings, density},
                            SupplyParameters{});
    for (const MatchingResult* m : {&all, &nearest}) {
        CHECK(m->teo_gj[0] == Approx(300));
        CHECK(m->teo_gj[1] == Approx(1500));
        CHECK(m->teo_gj[2] == Approx(2600.0 / 11));
        CHECK(m->coverage[2] == Approx(2600.0 / 11 / 600));
        CHECK(m->source_allocated_gj[a] == Approx(8000.0 / 11));
        CHECK(m->source_allocated_gj[b] == Approx(14400.0 / 11));
        CHECK(m->distance_m[0] == Approx(10));
        CHECK(m->distance_m[1] == Approx((14400.0 / 11 * 40 + 2100.0 / 11 * 140) / 1500));  // 52.73 m
        CHECK(m->distance_m[2] == Approx(840));
        REQUIRE(m->allocations.size() == 4);
        const std::vector<std::pair<std::uint32_t, std::uint32_t>> order = {{a, 0}, {b, 1}, {a, 1}, {a, 2}};
        const std::vector<double> gj = {300, 14400.0 / 11, 2100.0 / 11, 2600.0 / 11};
        for (std::size_t k = 0; k < order.size(); ++k) {
            CHECK(m->allocations[k].source == order[k].first);
            CHECK(m->allocations[k].neighbourhood == order[k].second);
            CHECK(m->allocations[k].gj == Approx(gj[k]));
        }
    }
}
