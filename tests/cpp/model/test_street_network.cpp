#include "warmte/street_network.hpp"

#include "warmte/parameter_tables.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>

using namespace warmte;

namespace {

const CostKentallen& k() { return builtin_parameter_tables().costs; }

// Vesta's pipe cost per metre at P MW (docs/costs.md §2), the midpoint of its range, by hand.
double k_m(double p_mw) {
    return 0.5 * (1.3 * (400 + 210 * std::sqrt(p_mw)) + 1.3 * (800 + 200 * std::pow(p_mw, 0.6)));
}

// One street (0,0)-(100,0), buildings at x = 20, 40, 60, 80 (10 m north) of 10, 20, 30, 40 kW.
StreetState one_street(const Config& config, DataQuality& q) {
    GeometryArray roads;
    roads.add_line(std::vector<double>{0, 0, 100, 0});
    static const std::vector<std::int64_t> ids = {7};
    static const std::vector<double> works = {2031};
    StreetBuildings b;
    for (int i = 0; i < 4; ++i) {
        const double x = 20.0 * (i + 1);
        b.home.push_back(0), b.id.push_back(100 + i), b.gj.push_back(100.0 * (i + 1)), b.weq.push_back(1);
        b.dwellings.push_back(1), b.peak_kw.push_back(10.0 * (i + 1)), b.x.push_back(x), b.y.push_back(10);
        b.box.insert(b.box.end(), {x - 4, 6, x + 4, 14});
    }
    return street_state({roads, ids, works, std::move(b)}, config, q);
}

// The street above routed for one candidate buurt (every cluster kept, however small).
struct Routed {
    Config config;
    DataQuality quality;
    StreetResult result;
};
Routed route_one_street(RouteBuurt rb) {
    Routed r;
    r.config.streets.cluster_min_buildings = 1;
    rb.candidate = true;
    const StreetState s = one_street(r.config, r.quality);
    r.result = route_streets(s, {rb}, {"BU01"}, r.config, k(), r.quality);
    return r;
}

}  // namespace

TEST_CASE("streets by hand: heat per metre of street, classes at 0.5, 1.5 and 4 MWh/m", "[streets]") {
    Config config;
    DataQuality q;
    const StreetState s = one_street(config, q);
    REQUIRE(s.street_gj.size() == 1);
    CHECK(s.street_gj[0] == Approx(1000));
    CHECK(s.street_buildings[0] == 4);
    StreetResult r = route_streets(s, {RouteBuurt{}}, {"BU01"}, config, k(), q);  // no candidate: no clusters
    const Table& t = r.streets;
    REQUIRE(t.rows() == 1);
    CHECK(t.find("lhd_gj_m")->numbers[0] == Approx(10));             // 1000 GJ / 100 m
    CHECK(t.find("lhd_mwh_m")->numbers[0] == Approx(10 / 3.6));       // 2.78 MWh/m
    CHECK(t.find("lhd_class")->text[0] == "dense");                   // 1.5 <= 2.78 < 4
    CHECK(t.find("works_year")->numbers[0] == 2031);
    CHECK(t.find("buurtcode")->text[0] == "BU01");
    CHECK(r.clusters.rows() == 0);
    CHECK(r.cluster_count[0] != r.cluster_count[0]);  // NaN: not routed
}

TEST_CASE("route by hand: pipe peaks with simultaneity, DN classes, costs and losses per segment", "[streets]") {
    Config config;
    config.streets.cluster_min_buildings = 1;
    DataQuality q;
    const StreetState s = one_street(config, q);
    RouteBuurt rb;
    rb.candidate = true;  // margin NaN: every building on a dense street joins
    rb.annuity = 0.05;
    rb.site = std::make_pair(0.0, -5.0);  // the source 5 m south of the street's west end
    rb.site_name = "test source";
    StreetResult r = route_streets(s, {rb}, {"BU01"}, config, k(), q);
    REQUIRE(r.clusters.rows() == 1);
    const Table& n = r.network;
    // Along the road: (0,0)-(20,0) carries all four, (20,0)-(40,0) three, ... (60,0)-(80,0) one.
    const StreetParameters& p = config.streets;
    auto glf = [&](double m) { return p.simultaneity_a + p.simultaneity_b / (1 + std::pow(m / p.simultaneity_c, p.simultaneity_d)); };
    const double expected_peak[4] = {100 * glf(4), 90 * glf(3), 70 * glf(2), 40 * glf(1)};
    // Capacity of a class: density x heat capacity x dT x v x pi d^2 / 4 (pipe_classes.csv).
    auto capacity = [&](double inner_mm, double v) {
        const double d = inner_mm / 1000;
        return p.water_density_kg_m3 * p.water_heat_capacity_kj_kgk * p.delta_t_k * v * std::numbers::pi * d * d / 4;
    };
    const double dn20 = capacity(21.7, 0.6), dn25 = capacity(28.5, 0.7);  // 31.8 and 64.3 kW
    std::size_t along = 0;
    for (std::size_t row = 0; row < n.rows(); ++row) {
        const std::string kind = n.find("kind")->text[row];
        const double len = n.find("length_m")->numbers[row], peak = n.find("peak_kw")->numbers[row];
        if (kind == "service") continue;
        INFO(row);
        CHECK(len == Approx(20));
        // Segments come from the root outwards: the k-th along the road carries expected_peak[k].
        CHECK(peak == Approx(expected_peak[along]));
        CHECK(n.find("cost_eur")->numbers[row] == Approx(20 * k_m(peak / 1000)));
        const int dn = peak <= dn20 ? 20 : peak <= dn25 ? 25 : 32;
        CHECK(n.find("dn")->numbers[row] == dn);
        const double loss_w_m = dn == 20 ? 11 : dn == 25 ? 12.5 : 14;
        CHECK(n.find("heat_loss_gj")->numbers[row] == Approx(loss_w_m * 20 * 8760 * 3600 / 1e9));
        CHECK(n.find("street_id")->numbers[row] == 1);
        // From the source to the first connection the pipe is transport; beyond it, distribution.
        CHECK(kind == (along == 0 ? "transport" : "distribution"));
        ++along;
    }
    CHECK(along == 4);
    // DN never grows downstream: the peaks fall along the road.
    CHECK(expected_peak[0] > expected_peak[1]);
    // Service pipes: four of 10 m, and the source's own 5 m pipe sized for the whole cluster.
    double service = 0, source_link = 0;
    for (std::size_t row = 0; row < n.rows(); ++row) {
        if (n.find("kind")->text[row] != "service") continue;
        if (n.find("serves")->text[row] == "test source") {
            source_link = n.find("length_m")->numbers[row];
            CHECK(n.find("peak_kw")->numbers[row] == Approx(expected_peak[0]));
        } else {
            service += n.find("length_m")->numbers[row];
        }
    }
    CHECK(service == Approx(40));
    CHECK(source_link == Approx(5));
    const Table& c = r.clusters;
    CHECK(c.find("trench_m")->numbers[0] == Approx(80));
    CHECK(c.find("buildings")->numbers[0] == 4);
    CHECK(c.find("demand_gj")->numbers[0] == Approx(1000));
    CHECK(c.find("source_kind")->text[0] == "source");
    CHECK(c.find("phase")->numbers[0] == 1);
    CHECK(c.find("phase_from_year")->numbers[0] == p.first_phase_year);
    double invest = 0;
    for (double v : n.find("cost_eur")->numbers) invest += v;
    CHECK(c.find("network_investment_eur")->numbers[0] == Approx(invest));
    CHECK(r.cost_eur_weq[0] == Approx(0.05 * invest / 4));
    CHECK(r.trench_m[0] == Approx(80));
    CHECK(r.cluster_count[0] == 1);
}

TEST_CASE("route: a source beyond network.max_source_road_m gets an energy centre and a record", "[streets]") {
    RouteBuurt rb;
    rb.site = std::make_pair(50.0, -900.0);
    rb.site_name = "far source";
    const Routed routed = route_one_street(rb);
    const StreetResult& r = routed.result;
    const DataQuality& q = routed.quality;
    REQUIRE(r.clusters.rows() == 1);
    CHECK(r.clusters.find("source_kind")->text[0] == "energy_centre");
    CHECK(q.count_of("sources", "source_far_from_road") == 1);
    // No straight pipe from the far source: every pipe but the buildings' own lies on the street.
    for (std::size_t row = 0; row < r.network.rows(); ++row)
        if (r.network.find("kind")->text[row] == "service")
            CHECK(r.network.find("serves")->text[row].rfind("building", 0) == 0);
}

TEST_CASE("join rule: a building joins when the network's margin covers its own pipes", "[streets]") {
    RouteBuurt rb;
    rb.annuity = 0.05;
    rb.curve = 1;
    const StreetParameters p;
    // Building i's own pipes: 10 m service at its peak plus its heat share of the 100 m street at the
    // street's simultaneous peak; joins when 1 WEQ x margin >= annuity x that.
    const double glf4 = p.simultaneity_a + p.simultaneity_b / (1 + std::pow(4 / p.simultaneity_c, p.simultaneity_d));
    auto own = [&](int i) {
        return 0.05 * (10 * k_m(10.0 * (i + 1) / 1000) + 100 * k_m(100 * glf4 / 1000) * (i + 1) / 10.0);
    };
    rb.margin_eur_weq = 0.5 * (own(1) + own(2));  // between the second and the third building's cost
    const StreetResult r = route_one_street(rb).result;
    REQUIRE(r.clusters.rows() == 1);
    CHECK(r.clusters.find("buildings")->numbers[0] == 2);  // the two smallest join
    CHECK(r.joined[0] == 2);
}
