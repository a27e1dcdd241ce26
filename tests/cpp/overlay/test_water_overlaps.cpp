#include "fixtures.hpp"
#include "geometry/geos_handles.hpp"

#include "warmte/water_overlaps.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <numeric>
#include <random>

using namespace warmte;

TEST_CASE("overlap groups: a chain joins, touching pieces stay apart, a copy joins its original", "[water_overlaps]") {
    GeometryArray water = test::polygons({
        "POLYGON((0 0, 10 0, 10 10, 0 10, 0 0))",       // 0 \ a chain: 0 overlaps 1, 1 overlaps 2
        "POLYGON((5 0, 15 0, 15 10, 5 10, 5 0))",       // 1 |
        "POLYGON((12 0, 22 0, 22 10, 12 10, 12 0))",    // 2 /
        "POLYGON((22 0, 32 0, 32 10, 22 10, 22 0))",    // 3 touches 2 along x = 22: apart
        "POLYGON((40 0, 50 0, 50 10, 40 10, 40 0))",    // 4 and its copy 5
        "POLYGON((50 10, 40 10, 40 0, 50 0, 50 10))",   // 5
        "POLYGON((60 0, 70 0, 70 5, 65 5, 65 10, 60 10, 60 0))",  // 6 an L, 7 a square over its notch only
        "POLYGON((66 6, 70 6, 70 10, 66 10, 66 6))",    // 7: in the notch, touching nothing
    });
    for (unsigned threads : {1u, 2u}) {
        const std::vector<std::uint32_t> g = overlap_groups(water, threads);
        CHECK(g == std::vector<std::uint32_t>{0, 0, 0, 3, 4, 4, 6, 7});
        const WaterGroups groups = water_groups(water, threads);
        REQUIRE(groups.size() == 5);
        CHECK(std::vector<std::uint32_t>(groups.members(0).begin(), groups.members(0).end()) ==
              std::vector<std::uint32_t>{0, 1, 2});
        CHECK(groups.lead[0] == 0);  // three equal areas: the lowest index
        CHECK(groups.lead[2] == 4);
        // The chain's union: x 0..22, 10 high.
        CHECK(union_area_of(water, groups.members(0)) == Approx(220.0).epsilon(1e-12));
        CHECK(union_area_of(water, groups.members(2)) == Approx(100.0).epsilon(1e-12));
    }
}

TEST_CASE("overlap groups equal the components of GEOS's overlapping pairs on random water", "[water_overlaps]") {
    std::mt19937 rng(36);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    std::vector<std::string> wkt;
    for (int k = 0; k < 120; ++k) {
        const double cx = 300 * u(rng), cy = 300 * u(rng);
        std::string ring;
        if (k % 3 == 0) {
            double radius[24];
            for (double& r : radius) r = (5 + 20 * u(rng)) * (0.6 + 0.4 * u(rng));
            for (int v = 0; v <= 24; ++v) {
                const double a = 2 * M_PI * (v % 24) / 24;
                ring += (v ? ", " : "") + std::to_string(cx + radius[v % 24] * std::cos(a)) + " " +
                        std::to_string(cy + radius[v % 24] * std::sin(a));
            }
        } else {
            const double a = M_PI * u(rng), len = 10 + 40 * u(rng), w = 1 + 3 * u(rng), c = std::cos(a), s = std::sin(a);
            const double pts[5][2] = {{-len, -w}, {len, -w}, {len, w}, {-len, w}, {-len, -w}};
            for (int v = 0; v < 5; ++v)
                ring += (v ? ", " : "") + std::to_string(cx + c * pts[v][0] - s * pts[v][1]) + " " +
                        std::to_string(cy + s * pts[v][0] + c * pts[v][1]);
        }
        wkt.push_back("POLYGON((" + ring + "))");
        if (k % 10 == 0) wkt.push_back(wkt.back());
    }
    const GeometryArray water = test::polygons(wkt);
    geos::Context ctx;
    std::vector<std::uint32_t> expected(water.size());
    std::iota(expected.begin(), expected.end(), 0u);
    auto root = [&](std::uint32_t i) {
        while (expected[i] != i) i = expected[i];
        return i;
    };
    for (std::size_t i = 0; i < water.size(); ++i)
        for (std::size_t j = i + 1; j < water.size(); ++j) {
            geos::Geometry a = geos::to_geos(ctx, water, i), b = geos::to_geos(ctx, water, j);
            if (GEOSRelatePattern_r(ctx.get(), a.get(), b.get(), "T********") != 1) continue;
            const std::uint32_t ra = root(static_cast<std::uint32_t>(i)), rb = root(static_cast<std::uint32_t>(j));
            if (ra != rb) expected[std::max(ra, rb)] = std::min(ra, rb);
        }
    for (std::uint32_t i = 0; i < expected.size(); ++i) expected[i] = root(i);
    CHECK(overlap_groups(water, 2) == expected);
    CHECK(std::count_if(expected.begin(), expected.end(), [&, i = 0u](std::uint32_t g) mutable { return g != i++; }) > 20);
}
