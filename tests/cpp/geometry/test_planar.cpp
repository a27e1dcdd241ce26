#include "fixtures.hpp"
#include "geometry/geos_handles.hpp"

#include "warmte/planar.hpp"

#include <catch2/catch.hpp>

#include <random>

using namespace warmte;

namespace {

// A rectangle of half-sides w, h around (cx, cy), turned by `angle`.
GeometryArray rotated_rectangle(double cx, double cy, double w, double h, double angle) {
    double c = std::cos(angle), si = std::sin(angle);
    std::string r;
    double pts[5][2] = {{-w, -h}, {w, -h}, {w, h}, {-w, h}, {-w, -h}};
    for (int k = 0; k < 5; ++k)
        r += (k ? ", " : "") + std::to_string(cx + c * pts[k][0] - si * pts[k][1]) + " " +
             std::to_string(cy + si * pts[k][0] + c * pts[k][1]);
    return test::polygons({"POLYGON((" + r + "))"});
}

double geos_intersection_area(const geos::Context& ctx, const GEOSGeometry* subject, const GeometryArray& clip) {
    geos::Geometry g = geos::to_geos(ctx, clip, 0);
    geos::Geometry inter = geos::own(ctx, GEOSIntersection_r(ctx.get(), subject, g.get()), "test");
    return geos::area(ctx, inter.get());
}

// A jittered grid of 8 x 8 quadrilaterals 12 m apart that share their corners (a tiling like
// buurten), as WKT; with `triangles` each is cut along a diagonal into two.
std::vector<std::string> jittered_tiling(std::mt19937& rng, bool triangles) {
    std::uniform_real_distribution<double> jitter(-3.0, 3.0);
    constexpr int n = 8;
    double cx[n + 1][n + 1], cy[n + 1][n + 1];
    for (int r = 0; r <= n; ++r)
        for (int c = 0; c <= n; ++c) cx[r][c] = 12.0 * c + jitter(rng), cy[r][c] = 12.0 * r + jitter(rng);
    std::vector<std::string> wkt;
    for (int r = 0; r < n; ++r)
        for (int c = 0; c < n; ++c) {
            auto p = [&](int rr, int cc) { return std::to_string(cx[rr][cc]) + " " + std::to_string(cy[rr][cc]); };
            if (!triangles) {
                wkt.push_back("POLYGON((" + p(r, c) + ", " + p(r, c + 1) + ", " + p(r + 1, c + 1) + ", " + p(r + 1, c) +
                              ", " + p(r, c) + "))");
                continue;
            }
            wkt.push_back("POLYGON((" + p(r, c) + ", " + p(r, c + 1) + ", " + p(r + 1, c + 1) + ", " + p(r, c) + "))");
            wkt.push_back("POLYGON((" + p(r, c) + ", " + p(r + 1, c + 1) + ", " + p(r + 1, c) + ", " + p(r, c) + "))");
        }
    return wkt;
}

// The ring of the axis-aligned box from (x, y) with sides w, h, as WKT coordinates.
std::string box_ring(double x, double y, double w, double h) {
    auto p = [](double px, double py) { return std::to_string(px) + " " + std::to_string(py); };
    return p(x, y) + ", " + p(x + w, y) + ", " + p(x + w, y + h) + ", " + p(x, y + h) + ", " + p(x, y);
}

// Calls f(i, j, a, b) for every pair i < j of `g` whose boxes meet, with both as GEOS geometries
// (the random tests hold a planar answer against GEOS's).
template <class F>
void for_each_meeting_pair(const GeometryArray& g, const geos::Context& ctx, F&& f) {
    for (std::size_t i = 0; i < g.size(); ++i)
        for (std::size_t j = i + 1; j < g.size(); ++j) {
            if (!g.bounds(i).intersects(g.bounds(j))) continue;
            geos::Geometry a = geos::to_geos(ctx, g, i), b = geos::to_geos(ctx, g, j);
            f(i, j, a.get(), b.get());
        }
}

}  // namespace

TEST_CASE("convex clip area against hand-computed overlaps", "[planar]") {
    // Subject: an L-shaped buurt (non-convex) with a 2x2 hole at (2..4, 2..4):
    // L = [0,10]x[0,10] minus [5,10]x[5,10].
    GeometryArray subject = test::polygons(
        {"POLYGON((0 0, 10 0, 10 5, 5 5, 5 10, 0 10, 0 0), (2 2, 4 2, 4 4, 2 4, 2 2))"});
    GeometryArray clips = test::polygons({
        "POLYGON((3 3, 7 3, 7 7, 3 7, 3 3))",        // 4x4 square
        "POLYGON((20 20, 21 20, 21 21, 20 21, 20 20))",  // far away
        "POLYGON((6 6, 9 6, 9 9, 6 9, 6 6))",        // inside the notch, outside the L
        "POLYGON((0 0, 4 0, 4 4, 3 4, 3 1, 0 1, 0 0))",  // not convex
        "POLYGON((1 6, 4 6, 4 9, 1 9, 1 6))",        // wholly inside, clockwise would not matter
    });
    // Square [3,7]^2 ∩ L: [3,7]^2 minus the notch part [5,7]^2 (4) = 12; minus hole part [3,4]^2 (1) = 11.
    CHECK(planar::convex_clip_area(subject, 0, clips, 0).value() == Approx(11.0));
    CHECK(planar::convex_clip_area(subject, 0, clips, 1).value() == 0.0);
    CHECK(planar::convex_clip_area(subject, 0, clips, 2).value() == Approx(0.0).margin(1e-12));
    CHECK_FALSE(planar::convex_clip_area(subject, 0, clips, 3).has_value());
    CHECK(planar::convex_clip_area(subject, 0, clips, 4).value() == Approx(9.0));
}

TEST_CASE("convex clip area equals GEOS intersection area on random cases", "[planar]") {
    std::mt19937 rng(42);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    geos::Context ctx;
    // A jagged non-convex subject around (155000, 463000), as a buurt in RD would be.
    std::string ring;
    const int n = 40;
    for (int k = 0; k <= n; ++k) {
        double angle = 2 * M_PI * (k % n) / n, r = 300 + 150 * u(rng);
        if (k == n) r = 0;  // replaced below by the first vertex
        ring += (k ? ", " : "");
        static double x0, y0;
        double x = 155000 + r * std::cos(angle), y = 463000 + r * std::sin(angle);
        if (k == 0) { x0 = x; y0 = y; }
        if (k == n) { x = x0; y = y0; }
        ring += std::to_string(x) + " " + std::to_string(y);
    }
    GeometryArray subject = test::polygons({"POLYGON((" + ring + "))"});
    geos::Geometry s = geos::to_geos(ctx, subject, 0);
    for (int trial = 0; trial < 300; ++trial) {
        // Random rotated rectangles of 5-40 m anywhere around the subject's border.
        double cx = 155000 + (u(rng) - 0.5) * 1000, cy = 463000 + (u(rng) - 0.5) * 1000;
        double w = 5 + 35 * u(rng), h = 5 + 35 * u(rng), a = M_PI * u(rng);
        GeometryArray clip = rotated_rectangle(cx, cy, w, h, a);
        double expected = geos_intersection_area(ctx, s.get(), clip);
        INFO("trial " << trial);
        CHECK(planar::convex_clip_area(subject, 0, clip, 0).value() == Approx(expected).margin(1e-6));
    }
}

TEST_CASE("convex interiors overlap: touching is not overlapping, containment is", "[planar]") {
    GeometryArray a = test::polygons({"POLYGON((0 0, 10 0, 10 10, 0 10, 0 0))"});
    GeometryArray b = test::polygons({
        "POLYGON((10 0, 20 0, 20 10, 10 10, 10 0))",      // shares an edge
        "POLYGON((10 10, 20 10, 20 20, 10 20, 10 10))",   // shares a corner
        "POLYGON((9 2, 19 2, 19 8, 9 8, 9 2))",           // overlaps by 1 x 6
        "POLYGON((2 2, 4 2, 4 4, 2 4, 2 2))",             // inside
        "POLYGON((-5 -5, 15 -5, 15 15, -5 15, -5 -5))",   // around
        "POLYGON((11 0, 21 0, 21 10, 11 10, 11 0))",      // apart
        "POLYGON((5 -5, 16 6, 15 7, 4 -4, 5 -5))",        // a turned strip through the corner (10, 0)
        "POLYGON((12 -1, 22 9, 21 10, 11 0, 12 -1))",     // the same strip moved clear of the square
        "POLYGON((0 20, 10 20, 10 30, 5 25, 0 30, 0 20))",  // not convex
    });
    CHECK_FALSE(planar::convex_interiors_overlap(a, 0, b, 0).value());
    CHECK_FALSE(planar::convex_interiors_overlap(a, 0, b, 1).value());
    CHECK(planar::convex_interiors_overlap(a, 0, b, 2).value());
    CHECK(planar::convex_interiors_overlap(a, 0, b, 3).value());
    CHECK(planar::convex_interiors_overlap(a, 0, b, 4).value());
    CHECK(planar::convex_interiors_overlap(b, 4, a, 0).value());
    CHECK_FALSE(planar::convex_interiors_overlap(a, 0, b, 5).value());
    CHECK(planar::convex_interiors_overlap(a, 0, b, 6).value());
    CHECK_FALSE(planar::convex_interiors_overlap(a, 0, b, 7).value());
    CHECK_FALSE(planar::convex_interiors_overlap(a, 0, b, 8).has_value());
}

TEST_CASE("certainly_valid_simple says yes only when sure", "[planar]") {
    GeometryArray p = test::polygons({
        "POLYGON((0 0, 10 0, 10 10, 0 10, 0 0))",
        "POLYGON((0 0, 10 10, 10 0, 0 10, 0 0))",             // bow-tie
        "POLYGON((0 0, 10 0, 10 10, 10 20, 10 10, 0 10, 0 0))",  // spike
        "POLYGON((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 3 2, 3 3, 2 2))",  // has a hole: ask GEOS
        "POLYGON((0 0, 10 0, 5 0, 5 5, 0 0))",                // folds back along its first edge
    });
    CHECK(planar::certainly_valid_simple(p, 0));
    CHECK_FALSE(planar::certainly_valid_simple(p, 1));
    CHECK_FALSE(planar::certainly_valid_simple(p, 2));
    CHECK_FALSE(planar::certainly_valid_simple(p, 3));
    CHECK_FALSE(planar::certainly_valid_simple(p, 4));
}

TEST_CASE("distance between polygons whose boxes are apart", "[planar]") {
    GeometryArray p = test::polygons({"POLYGON((0 0, 10 0, 10 10, 0 10, 0 0))", "POLYGON((13 14, 20 14, 20 20, 13 20, 13 14))",
                                     "POLYGON((5 5, 30 5, 30 6, 5 6, 5 5))"});
    CHECK(planar::distance_if_apart(p, 0, p.bounds(0), p, 1, p.bounds(1)).value() == Approx(5.0));  // 3-4-5
    CHECK_FALSE(planar::distance_if_apart(p, 0, p.bounds(0), p, 2, p.bounds(2)).has_value());
}

TEST_CASE("property: convex clipping of a subject with holes, across its border, equals GEOS", "[planar][property]") {
    std::mt19937 rng(8);
    std::uniform_real_distribution<double> u(0, 1);
    geos::Context ctx;
    // A buurt-like subject with two holes (a pond and a courtyard).
    GeometryArray subject = test::polygons({"POLYGON((155000 463000, 155400 463000, 155400 463300, 155000 463300, "
                                            "155000 463000), (155100 463100, 155160 463100, 155160 463150, "
                                            "155100 463150, 155100 463100), (155250 463050, 155300 463200, "
                                            "155220 463220, 155250 463050))"});
    geos::Geometry s = geos::to_geos(ctx, subject, 0);
    int partial = 0;
    for (int trial = 0; trial < 400; ++trial) {
        // Rotated rectangles of 5-60 m around the outer border and the holes' borders.
        double cx = 154980 + u(rng) * 440, cy = 462980 + u(rng) * 340;
        double w = 5 + 55 * u(rng), h = 5 + 55 * u(rng), a = M_PI * u(rng);
        GeometryArray clip = rotated_rectangle(cx, cy, w, h, a);
        double expected = geos_intersection_area(ctx, s.get(), clip);
        partial += expected > 0 && expected < clip.area(0) * (1 - 1e-9);
        INFO("trial " << trial);
        CHECK(planar::convex_clip_area(subject, 0, clip, 0).value() == Approx(expected).margin(1e-6));
    }
    CHECK(partial > 50);
}

TEST_CASE("point to polygon distance: hand values, 0 on the edge and inside, and GEOS on a sweep", "[planar]") {
    GeometryArray ring = test::polygons({"POLYGON((0 0, 10 0, 10 10, 0 10, 0 0), (4 4, 6 4, 6 6, 4 6, 4 4))"});
    GeometryArray points;
    for (auto [x, y] : std::vector<std::pair<double, double>>{{13, 14}, {5, -2}, {10, 5}, {2, 2}, {5, 5}, {5, 4.5}})
        points.add_point(x, y);
    CHECK(planar::polygon_distance(points, 0, ring, 0) == Approx(5.0));  // 3-4-5 from the corner (10, 10)
    CHECK(planar::polygon_distance(points, 1, ring, 0) == Approx(2.0));
    CHECK(planar::polygon_distance(points, 2, ring, 0) == 0.0);          // on the edge
    CHECK(planar::polygon_distance(points, 3, ring, 0) == 0.0);          // inside
    CHECK(planar::polygon_distance(points, 4, ring, 0) == Approx(1.0));  // in the hole, 1 m from its edge
    CHECK(planar::polygon_distance(points, 5, ring, 0) == Approx(0.5));

    geos::Context ctx;
    geos::Geometry g = geos::to_geos(ctx, ring, 0);
    GeometryArray sweep;
    std::vector<std::pair<double, double>> xy;
    for (double x = -3; x < 14; x += 0.7)
        for (double y = -3; y < 14; y += 0.9) {
            sweep.add_point(x, y);
            xy.push_back({x, y});
        }
    for (std::size_t k = 0; k < sweep.size(); ++k) {
        geos::Geometry q = geos::own(ctx, GEOSGeom_createPointFromXY_r(ctx.get(), xy[k].first, xy[k].second), "point");
        double expected = 0;
        REQUIRE(GEOSDistance_r(ctx.get(), g.get(), q.get(), &expected) == 1);
        CHECK(planar::polygon_distance(sweep, k, ring, 0) == Approx(expected).margin(1e-12));
    }
}

TEST_CASE("within_distance agrees with polygon_distance <= d: touching, apart, inside, on random rectangles", "[planar]") {
    GeometryArray p = test::polygons({"POLYGON((0 0, 10 0, 10 10, 0 10, 0 0))", "POLYGON((10 0, 20 0, 20 10, 10 10, 10 0))",
                                     "POLYGON((10.4 0, 20 0, 20 10, 10.4 10, 10.4 0))", "POLYGON((2 2, 3 2, 3 3, 2 3, 2 2))"});
    CHECK(planar::within_distance(p, 0, p, 1, 0.5));        // sharing an edge
    CHECK(planar::within_distance(p, 0, p, 2, 0.5));        // 0.4 m apart
    CHECK_FALSE(planar::within_distance(p, 0, p, 2, 0.3));
    CHECK(planar::within_distance(p, 0, p, 3, 0.5));        // inside
    CHECK(planar::within_distance(p, 3, p, 0, 0.0));
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> u(0, 30), turn(0, 3.14159);
    for (int k = 0; k < 400; ++k) {
        GeometryArray a = rotated_rectangle(u(rng), u(rng), 1 + u(rng) / 5, 1 + u(rng) / 5, turn(rng));
        GeometryArray b = rotated_rectangle(u(rng), u(rng), 1 + u(rng) / 5, 1 + u(rng) / 5, turn(rng));
        for (double d : {0.0, 0.5, 2.0, 6.0})
            CHECK(planar::within_distance(a, 0, b, 0, d) == (planar::polygon_distance(a, 0, b, 0) <= d));
    }
}

TEST_CASE("interiors_certainly_disjoint: tiles sharing edges pass, anything that may overlap goes to GEOS",
          "[planar]") {
    auto disjoint = [](const std::string& a, const std::string& b) {
        const GeometryArray g = test::polygons({a, b});
        return planar::interiors_certainly_disjoint(g, 0, g, 1) && planar::interiors_certainly_disjoint(g, 1, g, 0);
    };
    const std::string square = "POLYGON((0 0, 10 0, 10 10, 0 10, 0 0))";
    // Neighbours sharing an edge, vertex for vertex; also with one ring drawn clockwise.
    CHECK(disjoint(square, "POLYGON((10 0, 20 0, 20 10, 10 10, 10 0))"));
    CHECK(disjoint(square, "POLYGON((10 0, 10 10, 20 10, 20 0, 10 0))"));
    // A longer shared boundary of several edges, and corner to corner.
    CHECK(disjoint("POLYGON((0 0, 5 0, 10 2, 12 6, 8 9, 0 8, 0 0))", "POLYGON((10 2, 20 0, 20 10, 8 9, 12 6, 10 2))"));
    CHECK(disjoint(square, "POLYGON((10 10, 20 10, 20 20, 10 20, 10 10))"));
    CHECK(disjoint(square, "POLYGON((0 0, 5 -5, 10 0, 0 0))"));
    // The hole of one and the polygon filling it.
    CHECK(disjoint("POLYGON((0 0, 30 0, 30 30, 0 30, 0 0), (10 10, 20 10, 20 20, 10 20, 10 10))",
                   "POLYGON((10 10, 20 10, 20 20, 10 20, 10 10))"));
    // Overlaps of every kind: the same square, one inside the other, shifted, a half cut by a
    // diagonal, an edge shared the same way.
    CHECK_FALSE(disjoint(square, square));
    CHECK_FALSE(disjoint(square, "POLYGON((2 2, 8 2, 8 8, 2 8, 2 2))"));
    CHECK_FALSE(disjoint(square, "POLYGON((5 5, 15 5, 15 15, 5 15, 5 5))"));
    CHECK_FALSE(disjoint(square, "POLYGON((0 0, 10 0, 10 10, 0 0))"));
    CHECK_FALSE(disjoint(square, "POLYGON((10 0, 20 0, 20 10, 10 10, 9 5, 10 0))"));
    // A vertex on the other's edge (a T-junction): not decided here.
    CHECK_FALSE(disjoint(square, "POLYGON((10 5, 20 5, 20 15, 10 15, 10 5))"));
}

TEST_CASE("interiors_certainly_disjoint never says disjoint where GEOS finds shared area", "[planar]") {
    // A jittered grid of quadrilaterals sharing their corners (a tiling like buurten), plus
    // boxes thrown over it at random.
    std::mt19937 rng(5);
    std::uniform_real_distribution<double> at(0.0, 100.0), size(1.0, 30.0);
    std::vector<std::string> wkt = jittered_tiling(rng, false);
    const std::size_t tiles = wkt.size();
    for (int k = 0; k < 40; ++k) {
        const double x = at(rng), y = at(rng), w = size(rng), h = size(rng);
        wkt.push_back("POLYGON((" + box_ring(x, y, w, h) + "))");
    }
    const GeometryArray g = test::polygons(wkt);
    geos::Context ctx;
    std::size_t tile_neighbours = 0, tile_neighbours_passed = 0;
    for_each_meeting_pair(g, ctx, [&](std::size_t i, std::size_t j, const GEOSGeometry* a, const GEOSGeometry* b) {
        geos::Geometry common = geos::own(ctx, GEOSIntersection_r(ctx.get(), a, b), "intersection");
        const double shared = geos::area(ctx, common.get());
        const bool said = planar::interiors_certainly_disjoint(g, i, g, j);
        CAPTURE(i, j, shared);
        if (said) CHECK(shared == 0.0);
        if (i < tiles && j < tiles) {
            ++tile_neighbours;
            tile_neighbours_passed += said;
        }
    });
    // Every pair of tiles is decided here without GEOS.
    CHECK(tile_neighbours > 100);
    CHECK(tile_neighbours_passed == tile_neighbours);
}

TEST_CASE("interiors_overlap_if_certain: a triangle filling a notch shares its top vertex and overlaps nothing", "[planar]") {
    // The notch's top (10, 10) is a vertex of both; a ray from it runs through the notched
    // polygon's inside, so a ray test alone would place it inside (BGT water in Capelle did this).
    const GeometryArray g = test::polygons({"POLYGON((0 0, 8 0, 10 10, 12 0, 20 0, 20 20, 0 20, 0 0))",
                                            "POLYGON((8 0, 12 0, 10 10, 8 0))",
                                            "POLYGON((9 1, 11 1, 10 12, 9 1))"});  // reaching above the notch: overlaps
    // The notch filled is not said to overlap (the disjoint test may leave it to GEOS), either way
    // round; the taller triangle certainly overlaps.
    CHECK(planar::interiors_overlap_if_certain(g, 0, g, 1) != std::optional<bool>(true));
    CHECK(planar::interiors_overlap_if_certain(g, 1, g, 0) != std::optional<bool>(true));
    CHECK(planar::interiors_overlap_if_certain(g, 0, g, 2) == std::optional<bool>(true));
}

TEST_CASE("interiors_overlap_if_certain never contradicts GEOS, and settles most overlaps", "[planar]") {
    // The same jittered tiling (neighbours only touch), its squares cut into triangles (so a shared
    // vertex is often the top or bottom of a triangle, which a ray test cannot place), with boxes
    // and stars thrown over it, some of them twice.
    std::mt19937 rng(36);
    std::uniform_real_distribution<double> at(0.0, 100.0), size(1.0, 30.0), u(0.0, 1.0);
    std::vector<std::string> wkt = jittered_tiling(rng, true);
    for (int k = 0; k < 40; ++k) {
        const double x = at(rng), y = at(rng), w = size(rng), h = size(rng);
        std::string ring;
        if (k % 2) {
            ring = box_ring(x, y, w, h);
        } else {
            double radius[16];
            for (double& r : radius) r = w * (0.6 + 0.4 * u(rng));
            for (int v = 0; v <= 16; ++v) {
                const double a = 2 * M_PI * (v % 16) / 16, r = radius[v % 16];
                ring += (v ? ", " : "") + std::to_string(x + r * std::cos(a)) + " " + std::to_string(y + r * std::sin(a));
            }
        }
        wkt.push_back("POLYGON((" + ring + "))");
        if (k % 5 == 0) wkt.push_back(wkt.back());  // drawn twice
    }
    const GeometryArray g = test::polygons(wkt);
    geos::Context ctx;
    std::size_t overlapping = 0, found = 0;
    for_each_meeting_pair(g, ctx, [&](std::size_t i, std::size_t j, const GEOSGeometry* a, const GEOSGeometry* b) {
        const bool geos_says = GEOSRelatePattern_r(ctx.get(), a, b, "T********") == 1;
        const std::optional<bool> certain = planar::interiors_overlap_if_certain(g, i, g, j);
        const bool said = certain == std::optional<bool>(true);
        CAPTURE(i, j);
        if (certain) CHECK(*certain == geos_says);
        overlapping += geos_says;
        found += said && geos_says;
    });
    CHECK(overlapping > 50);
    CHECK(found * 10 >= overlapping * 8);  // most overlaps are settled without GEOS
}

TEST_CASE("polygon_distance equals GEOS's distance where the boxes overlap: crossing, inside, near", "[planar]") {
    // The distance to water uses it for small water whose box overlaps the building's.
    std::mt19937 rng(17);
    std::uniform_real_distribution<double> at(0.0, 40.0), half(0.5, 12.0), turn(0.0, 3.14159);
    geos::Context ctx;
    int overlapping_boxes = 0, apart = 0, touching_or_crossing = 0;
    for (int k = 0; k < 400; ++k) {
        GeometryArray a = rotated_rectangle(at(rng), at(rng), half(rng), half(rng), turn(rng));
        GeometryArray b = k % 10 == 0 ? rotated_rectangle(a.bounds(0).min_x + 2, a.bounds(0).min_y + 2, 0.5, 0.5, 0.0)  // often inside
                                      : rotated_rectangle(at(rng), at(rng), 30 * half(rng) / 12, 0.5 + half(rng) / 6, turn(rng));
        if (!a.bounds(0).intersects(b.bounds(0))) continue;
        ++overlapping_boxes;
        geos::Geometry ga = geos::to_geos(ctx, a, 0), gb = geos::to_geos(ctx, b, 0);
        double expected = -1;
        REQUIRE(GEOSDistance_r(ctx.get(), ga.get(), gb.get(), &expected) == 1);
        const double got = planar::polygon_distance(a, 0, b, 0);
        CAPTURE(k, expected, got);
        if (expected == 0.0) {
            CHECK(got == 0.0);
            ++touching_or_crossing;
        } else {
            CHECK(got == Approx(expected).epsilon(1e-12));
            ++apart;
        }
    }
    CHECK(apart > 20);
    CHECK(touching_or_crossing > 20);
    CHECK(overlapping_boxes == apart + touching_or_crossing);
}
