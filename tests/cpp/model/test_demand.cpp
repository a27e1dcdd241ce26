#include "fixtures.hpp"

#include "warmte/demand.hpp"
#include "warmte/parameter_tables.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace warmte;

namespace {

std::string square(double x, double y, double w, double h) {
    auto p = [](double a, double b) { return std::to_string(a) + " " + std::to_string(b); };
    return "POLYGON((" + p(x, y) + ", " + p(x + w, y) + ", " + p(x + w, y + h) + ", " + p(x, y + h) + ", " + p(x, y) + "))";
}

// Residential single dwellings with the given footprints, two storeys, year 1980.
BuildingAttributes houses(std::size_t n) {
    BuildingAttributes a;
    a.year.assign(n, 1980);
    a.uses.assign(n, {"woonfunctie"});
    a.floor_area_m2.assign(n, 100);
    a.storeys.assign(n, 2);
    a.dwellings.assign(n, 1);
    a.residential.assign(n, 1);
    a.outbuilding.assign(n, 0);
    a.estimated.assign(n, 0);
    return a;
}

const DemandTables& tables() {
    return builtin_parameter_tables().demand;
}

}  // namespace

namespace {

// Theoretical demand: the tables alone (demand.practice_factor = false).
DemandParameters theoretical() {
    DemandParameters p;
    p.practice_factor = false;
    return p;
}

// The factor of a row of libwarmte/data/practice_factor.csv, read from the text as a person would.
double practice_row(const std::string& row_start) {
    const std::string csv = builtin_table_texts().practice;
    const std::size_t at = csv.find("\n" + row_start);
    REQUIRE(at != std::string::npos);
    return std::stod(csv.substr(at + 1 + row_start.size()));
}

}  // namespace

TEST_CASE("a 100 m2 terraced house of 1975-91: 3.6 + 0.236 * 100 GJ plus hot water", "[demand]") {
    BuildingAttributes a = houses(1);
    BuildingDemand d = compute_demand(a, {BuildingType::terraced}, tables(), theoretical());
    CHECK(d.space_heat_gj[0] == Approx(3.6 + 0.236 * 100));  // 27.2 GJ
    CHECK(d.space_heat_theoretical_gj[0] == d.space_heat_gj[0]);
    CHECK(d.hot_water_gj[0] == Approx(7.5));
    CHECK(d.total(0) == Approx(34.7));
    CHECK(d.label[0] == "C");
}

TEST_CASE("the practice factor: a 1930 terraced house and a 2015 flat, theoretical and as used", "[demand]") {
    BuildingAttributes a = houses(2);
    a.year = {1930, 2015};
    a.floor_area_m2 = {100, 75};
    BuildingDemand d = compute_demand(a, {BuildingType::terraced, BuildingType::multi_family_low}, tables(), {});
    // 1930 falls in the table's gap 1930-45: the mean of < 1930 (14.3 + 0.200 A) and 1946-64
    // (14.2 + 0.191 A) = 14.25 + 0.1955 x 100 = 33.8 GJ. Vesta's default label of the class is E
    // (the F row, 1930-45, is for a house known to be F and is not used without labels).
    const double terraced = 14.25 + 0.1955 * 100;
    const double terraced_factor = practice_row("terraced,1930,1945,E,1,");
    CHECK(terraced_factor != practice_row("terraced,1930,1945,F,0,"));
    CHECK(d.space_heat_theoretical_gj[0] == Approx(terraced));
    CHECK(d.space_heat_gj[0] == Approx(terraced * 0.9 * terraced_factor));  // Vesta's 0.9, then the factor
    // 2015 multi-family low/middle of 75 m2: 6.5 + 0.104 x 75 = 14.3 GJ, label A.
    const double flat = 6.5 + 0.104 * 75;
    CHECK(d.space_heat_theoretical_gj[1] == Approx(flat));
    CHECK(d.space_heat_gj[1] == Approx(flat * 0.9 * practice_row("multi_family_low,2015,9999,A,1,")));
    CHECK(d.residential_space_gj[1] == d.space_heat_gj[1]);
    CHECK(d.hot_water_gj[0] == Approx(7.5 * 0.9));
    // By hand, from the rows as committed: 33.8 x 0.9 x 1.028 and 14.3 x 0.9 x 1.015.
    CHECK(d.space_heat_gj[0] == Approx(31.27176));
    CHECK(d.space_heat_gj[1] == Approx(13.06305));
    // Without it, the theoretical demand.
    BuildingDemand t = compute_demand(a, {BuildingType::terraced, BuildingType::multi_family_low}, tables(), theoretical());
    CHECK(t.space_heat_gj[0] == Approx(terraced));
    CHECK(t.hot_water_gj[0] == Approx(7.5));
}

TEST_CASE("a practice-factor table with a factor of 0 or below is refused, naming it", "[demand]") {
    const TableTexts texts = builtin_table_texts();
    CHECK_THROWS_WITH(parse_demand_tables(texts.residential, texts.non_residential, texts.labels,
                                          "type,from_year,to_year,label,default_label,factor,source\n"
                                          "terraced,0,9999,C,1,0,mine\n",
                                          "my.csv"),
                      Catch::Contains("my.csv") && Catch::Contains("factor"));
}

TEST_CASE("demand tables: class gaps take the mean of their neighbours, new buildings the last class", "[demand]") {
    auto [a1935, b1935] = tables().residential_coefficients(BuildingType::terraced, 1935);
    CHECK(a1935 == Approx((14.3 + 14.2) / 2));
    CHECK(b1935 == Approx((0.200 + 0.191) / 2));
    auto [a2024, b2024] = tables().residential_coefficients(BuildingType::detached, 2024);
    CHECK(a2024 == Approx(18.8));
    CHECK(b2024 == Approx(0.111));
    auto office = tables().non_residential_coefficients("kantoorfunctie", 1990);
    REQUIRE(office);
    CHECK(office->first + office->second * 1000 == Approx(11.0 + 0.240 * 1000));
    CHECK_FALSE(tables().non_residential_coefficients("celfunctie", 1990));
}

TEST_CASE("dwelling types from touching footprints (Vesta)", "[demand]") {
    // A row of five 6 x 10 m houses touching, a pair touching, a lone house, an apartment block.
    std::vector<std::string> wkt;
    for (int k = 0; k < 5; ++k) wkt.push_back(square(6.0 * k, 0, 6, 10));
    wkt.push_back(square(100, 0, 7, 10));
    wkt.push_back(square(107.1, 0, 7, 10));  // 0.1 m apart: within the 0.2 m growth, so touching
    wkt.push_back(square(200, 0, 10, 12));
    wkt.push_back(square(300, 0, 60, 12));
    GeometryArray footprints = test::polygons(wkt);
    BuildingAttributes a = houses(footprints.size());
    a.dwellings[8] = 40;
    a.storeys[8] = 6;
    std::vector<BuildingType> types = classify_building_types(footprints, a, BuildingRules{}, 2, {});
    using T = BuildingType;
    CHECK(types == std::vector<T>{T::corner, T::terraced, T::terraced, T::terraced, T::corner, T::semi_detached,
                                  T::semi_detached, T::detached, T::multi_family_high});
    a.storeys[8] = 4;  // not above 4 storeys: low/mid-rise
    CHECK(classify_building_types(footprints, a, BuildingRules{}, 1, {})[8] == T::multi_family_low);
    a.residential[7] = 0;
    a.residential[4] = 0;  // a shop at the end of the row: the row's last house becomes a corner
    types = classify_building_types(footprints, a, BuildingRules{}, 1, {});
    CHECK(types[3] == T::corner);
    CHECK(types[4] == T::non_residential);
}

TEST_CASE("attribute fallbacks are applied and recorded", "[demand]") {
    VectorLayer l = test::layer({square(0, 0, 10, 10), square(20, 0, 10, 10), square(40, 0, 10, 10), square(60, 0, 4, 5),
                                 square(80, 0, 10, 10)});
    Config config;
    auto& f = config.building_fields;
    l.numbers[f.year].values = {3000, 1980, 0, 1980, 1980};
    l.numbers[f.floor_area].values = {150, 999999, NAN, NAN, 250};
    l.numbers[f.storeys].values = {2, 80, 3, NAN, 2};
    l.numbers[f.dwellings].values = {1, 1, NAN, NAN, NAN};
    l.text[f.use] = TextColumn{{"woonfunctie", "woonfunctie", "woonfunctie", "", "kerkfunctie"}, {1, 1, 1, 0, 1}};
    DataQuality q;
    BuildingAttributes a = derive_attributes(l, config, tables(), q);
    CHECK(a.year[0] == 1970);  // year 3000: the default
    CHECK(q.count_of("buildings", "year_in_future") == 1);
    CHECK(q.count_of("buildings", "year_unknown") == 1);
    CHECK(a.floor_area_m2[0] == 150);
    // 999999 is a BAG placeholder; storeys 80 is nonsense -> default 2: 100 m2 * 2 * 0.8
    CHECK(a.floor_area_m2[1] == Approx(160));
    CHECK(a.storeys[1] == 2);
    CHECK(q.count_of("buildings", "floor_area_placeholder") == 1);
    CHECK(q.count_of("buildings", "storeys_out_of_range") == 1);
    // no floor area: 100 m2 footprint * 3 storeys * 0.8 = 240 m2 -> floor(240 / 120) = 2 dwellings
    CHECK(a.floor_area_m2[2] == Approx(240));
    CHECK(a.dwellings[2] == 2);
    CHECK(a.estimated[2] & estimated_dwellings);
    // 20 m2 with no use and no dwelling data: a shed
    CHECK(a.outbuilding[3] == 1);
    CHECK(a.dwellings[3] == 0);
    // an unknown use falls back to the default use and is recorded
    CHECK(q.count_of("buildings", "use_unknown") == 1);
    CHECK(a.residential[4] == 1);
    std::vector<BuildingType> types = classify_building_types(l.geometry, a, config.building_rules, 1, {});
    BuildingDemand d = compute_demand(a, types, tables(), config.demand);
    CHECK(d.total(3) == 0.0);
    for (std::size_t i = 0; i < l.size(); ++i) CHECK(std::isfinite(d.total(i)));
}

TEST_CASE("mixed use shares the floor area; other uses take the fallback figures", "[demand]") {
    BuildingAttributes a = houses(2);
    a.uses = {{"winkelfunctie", "woonfunctie"},  // 200 m2: 100 shop + 100 living
              {"celfunctie"}};                   // no figure: office (fallback), 1980 -> 1975+ row
    a.floor_area_m2[0] = 200;
    a.residential[1] = 0;
    a.floor_area_m2[1] = 1000;
    a.dwellings[1] = 0;
    BuildingDemand d = compute_demand(a, {BuildingType::terraced, BuildingType::non_residential}, tables(), theoretical());
    CHECK(d.space_heat_gj[0] == Approx((15.7 + 0.247 * 100) + (3.6 + 0.236 * 100)));
    CHECK(d.hot_water_gj[0] == Approx(7.5));
    CHECK(d.space_heat_gj[1] == Approx(11.0 + 0.240 * 1000));
    CHECK(d.hot_water_gj[1] == 0.0);
}

TEST_CASE("a table file with a missing column is a clear configuration error", "[demand]") {
    CHECK_THROWS_WITH(parse_demand_tables("type,from_year,a_gj\n", "", "", "", "my.csv"),
                      Catch::Contains("my.csv") && Catch::Contains("to_year"));
}

TEST_CASE("PDOK pand attributes: floor area from the smallest and largest verblijfsobject, annexes", "[demand]") {
    VectorLayer l = test::layer({square(0, 0, 10, 10), square(20, 0, 10, 10), square(40, 0, 10, 10), square(60, 0, 10, 10)});
    Config config;
    auto& f = config.building_fields;
    l.numbers[f.year].values = {1980, 1980, 1980, 1980};
    l.numbers[f.dwellings].values = {3, 1, 0, 3};
    l.numbers[f.floor_area_min].values = {50, 80, NAN, 40};
    l.numbers[f.floor_area_max].values = {90, 80, NAN, 120};
    l.text[f.use] = TextColumn{{"woonfunctie", "woonfunctie", "", "winkelfunctie, woonfunctie"}, {1, 1, 0, 1}};
    DataQuality q;
    BuildingAttributes a = derive_attributes(l, config, tables(), q);
    CHECK(a.floor_area_m2[0] == Approx(3 * (50 + 90) / 2.0));  // n x (min + max) / 2, between 150 and 270
    CHECK(a.floor_area_rule[0] == FloorAreaRule::vbo_min_max);
    CHECK(a.floor_area_m2[1] == Approx(80));
    CHECK(a.floor_area_rule[1] == FloorAreaRule::vbo_exact);
    CHECK(a.outbuilding[2] == 1);  // no gebruiksdoel, no verblijfsobject
    CHECK(a.classified_by[2] == ClassifiedBy::annex_no_use);
    CHECK(a.dwellings[3] == 2);  // three verblijfsobjecten, one of them the shop
    CHECK(a.floor_area_m2[3] == Approx(3 * (40 + 120) / 2.0));
    CHECK(a.classified_by[0] == ClassifiedBy::attributes);
}

TEST_CASE("panden only: sheds beside houses are annexes, large deep footprints are halls", "[demand]") {
    VectorLayer l = test::layer({
        square(0, 0, 10, 10),      // 0: a house, 100 m2
        square(10.5, 0, 6, 6),     // 1: 36 m2, 0.5 m from the house: its annex
        square(-9, 0, 9, 10),      // 2: 90 m2 touching the house: a neighbour, not an annex
        square(100, 0, 5, 9),      // 3: 45 m2 standing alone: a small house
        square(200, 0, 40, 30),    // 4: 1,200 m2, depth 2 x 1200 / 140 = 17.1 m: a hall
        square(300, 0, 60, 10),    // 5: 600 m2, depth 8.6 m: a residential block
        square(400, 0, 4, 5),      // 6: 20 m2: a shed
    });
    Config config;
    DataQuality q;
    BuildingAttributes a = derive_attributes(l, config, tables(), q);
    CHECK(a.classified_by[0] == ClassifiedBy::footprint);
    CHECK(a.classified_by[1] == ClassifiedBy::annex_beside_larger);
    CHECK(a.outbuilding[1] == 1);
    CHECK(a.classified_by[2] == ClassifiedBy::footprint);
    CHECK(a.classified_by[3] == ClassifiedBy::footprint);
    CHECK(a.dwellings[3] == 1);
    CHECK(a.classified_by[4] == ClassifiedBy::hall);
    CHECK(a.residential[4] == 0);
    CHECK(a.dwellings[4] == 0);
    CHECK(a.uses.values(4) == std::vector<std::string>{"industriefunctie"});
    CHECK(a.classified_by[5] == ClassifiedBy::footprint);
    CHECK(a.dwellings[5] == 8);  // 600 m2 x 2 storeys x 0.8 / 120
    CHECK(a.classified_by[6] == ClassifiedBy::small_footprint);
    CHECK(q.count_of("buildings", "classified_by_annex_beside_larger") == 1);
    CHECK(q.count_of("buildings", "classified_by_hall") == 1);
    CHECK(q.count_of("buildings", "classified_by_footprint") == 4);
    // With the overlay's index given instead of one made for the annex rule: the same answers.
    const SpatialIndex index(l.geometry);
    DataQuality q_given;
    const BuildingAttributes given = derive_attributes(l, config, tables(), q_given, nullptr, &index);
    CHECK(given.classified_by == a.classified_by);
    CHECK(given.outbuilding == a.outbuilding);
    // The hall has demand (as industry), the annexes none.
    std::vector<BuildingType> types = classify_building_types(l.geometry, a, config.building_rules, 1, {});
    BuildingDemand d = compute_demand(a, types, tables(), config.demand);
    CHECK(d.total(1) == 0);
    CHECK(d.total(4) > 0);
    CHECK(d.residential(4) == 0);
}

TEST_CASE("the local practice factor: Vesta's file as it is, the buurt's space heat of a type divided by it", "[demand]") {
    // Vesta's layout: a byte-order mark, ';', woningtype 4 = terraced (BuildingType's order).
    const LocalPracticeFactors f = parse_local_practice_factors(
        "\xEF\xBB\xBFgem2020;wijk2020;buurt2020;woningtype;verschilfactor\n"
        "GM0001;WK000100;BU00010000;4;0.8\nGM0001;WK000100;BU00010000;5;1.25\n",
        "lokaal.csv");
    REQUIRE(f.by_buurt.count("BU00010000") == 1);
    DemandResult r;
    r.demand.type = {BuildingType::terraced, BuildingType::detached, BuildingType::terraced, BuildingType::multi_family_low};
    r.demand.residential_space_gj = {20, 30, 20, 50};
    r.demand.space_heat_gj = {20 + 10, 30, 20, 50};  // the first has 10 GJ of a shop besides
    r.demand.hot_water_gj = {6.75, 6.75, 6.75, 27};
    r.total_gj = {36.75, 36.75, 26.75, 77};
    const std::size_t changed =
        apply_local_practice_factors(r, {0, 0, -1, 0}, {"BU00010000"}, f);
    CHECK(changed == 2);
    CHECK(r.demand.residential_space_gj[0] == Approx(20 / 0.8));  // 25
    CHECK(r.demand.space_heat_gj[0] == Approx(25 + 10));          // the shop untouched
    CHECK(r.total_gj[0] == Approx(25 + 10 + 6.75));               // hot water untouched
    CHECK(r.demand.space_heat_gj[1] == 30);                       // no row for detached
    CHECK(r.demand.space_heat_gj[2] == 20);                       // outside the study area
    CHECK(r.demand.space_heat_gj[3] == Approx(50 / 1.25));        // 40
    CHECK_THROWS_WITH(parse_local_practice_factors("buurt2020,woningtype,verschilfactor\nBU1,7,1\n", "lokaal.csv"),
                      Catch::Contains("lokaal.csv") && Catch::Contains("woningtype 7"));
    CHECK_THROWS_WITH(parse_local_practice_factors("buurt2020,woningtype,verschilfactor\nBU1,2,0\n", "lokaal.csv"),
                      Catch::Contains("verschilfactor 0"));
}
