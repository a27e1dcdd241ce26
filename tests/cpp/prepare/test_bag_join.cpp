#include "fixtures.hpp"

#include "warmte/bag_join.hpp"
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

// Four panden: P1 (200 m2) with four dwellings and a shop, P2 (100 m2, its id written the 3DBAG
// way), P3 a shed without verblijfsobjecten, P4 whose only verblijfsobject is not yet in use.
VectorLayer panden() {
    VectorLayer l = test::layer({square(0, 0, 20, 10), square(30, 0, 10, 10), square(50, 0, 5, 5), square(60, 0, 10, 10)},
                                "identificatie");
    l.text["identificatie"] = TextColumn{{"0200100000000001", "NL.IMBAG.Pand.0200100000000002", "0200100000000003",
                                          "200100000000004"},
                                         {1, 1, 1, 1}};
    return l;
}

struct Vbo {
    double x, y;
    const char* pand;  // "" = no id
    const char* use;
    double area;
    const char* status = "Verblijfsobject in gebruik";
};

VectorLayer addresses(const std::vector<Vbo>& rows) {
    VectorLayer l;
    TextColumn ids, uses, status;
    NumberColumn areas;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const Vbo& v = rows[i];
        l.geometry.add_point(v.x, v.y);
        l.feature_ids.push_back(static_cast<std::int64_t>(i + 1));
        ids.values.push_back(v.pand);
        ids.present.push_back(*v.pand != '\0');
        uses.values.push_back(v.use);
        uses.present.push_back(1);
        status.values.push_back(v.status);
        status.present.push_back(1);
        areas.values.push_back(v.area);
    }
    l.text["pandidentificatie"] = ids;
    l.text["gebruiksdoel"] = uses;
    l.text["status"] = status;
    l.numbers["oppervlakte"] = areas;
    return l;
}

const std::vector<Vbo> town_vbos = {
    {5, 5, "0200100000000001", "woonfunctie", 60},
    {6, 5, "0200100000000001", "woonfunctie", 70},
    {7, 5, "0200100000000001", "woonfunctie", 80},
    {8, 5, "0200100000000001", "winkelfunctie", 100},
    {9, 5, "0200100000000001", "woonfunctie", 999999},                    // placeholder: the mean of the others
    {35, 5, "0200100000009999", "woonfunctie,kantoorfunctie", 90},        // wrong id: lands in P2 by location
    {32, 2, "", "woonfunctie", 50},                                       // no id: lands in P2 by location
    {65, 5, "0200100000000004", "woonfunctie", 80, "Verblijfsobject gevormd"},  // P4, not in use
    {100, 100, "0200100000000077", "woonfunctie", 75},                    // outside every pand
};

}  // namespace

TEST_CASE("pand ids in every spelling normalise to the 16 BAG digits", "[bag_join]") {
    CHECK(normalise_pand_id("NL.IMBAG.Pand.0221100000312345") == "0221100000312345");
    CHECK(normalise_pand_id("0221100000312345") == "0221100000312345");
    CHECK(normalise_pand_id("221100000312345") == "0221100000312345");  // a number column lost the zero
    CHECK(normalise_pand_id(" 0221100000312345 ") == "0221100000312345");
    CHECK(normalise_pand_id("garage-7") == "garage-7");
}

TEST_CASE("verblijfsobjecten join by id, else by location, and give dwellings and area per use", "[bag_join]") {
    VectorLayer buildings = panden();
    Config config;
    DataQuality q;
    BuildingUnits u = join_addresses(buildings, addresses(town_vbos), config, q);
    REQUIRE(u.id_field == "pandidentificatie");
    // P1: three dwellings with areas, one with a placeholder (the mean (60+70+80+100)/4 = 77.5), a shop.
    CHECK(u.in_use[0] == 5);
    CHECK(u.dwellings[0] == 4);
    REQUIRE(u.use_area[0].size() == 2);
    CHECK(u.use_area[0][0].first == "winkelfunctie");
    CHECK(u.use_area[0][0].second == Approx(100));
    CHECK(u.use_area[0][1].second == Approx(60 + 70 + 80 + 77.5));
    // P2: the wrong id and the missing id both land by location; the two-use VBO splits 90 m2.
    CHECK(u.in_use[1] == 2);
    CHECK(u.dwellings[1] == 2);
    REQUIRE(u.use_area[1].size() == 2);
    CHECK(u.use_area[1][0].first == "kantoorfunctie");
    CHECK(u.use_area[1][0].second == Approx(45));
    CHECK(u.use_area[1][1].second == Approx(45 + 50));
    // P3: nothing; P4: one, not in use.
    CHECK(u.in_use[2] == 0);
    CHECK(u.not_in_use[2] == 0);
    CHECK(u.in_use[3] == 0);
    CHECK(u.not_in_use[3] == 1);
    CHECK(q.count_of("addresses", "address_building_id_not_found") == 2);  // the wrong id and the one outside
    CHECK(q.count_of("addresses", "address_without_building_id") == 1);
    CHECK(q.count_of("addresses", "address_outside_buildings") == 1);
    CHECK(q.count_of("addresses", "address_floor_area_placeholder") == 1);
    CHECK(q.count_of("addresses", "address_not_in_use") == 1);
    REQUIRE(q.records().size() == 1);
    CHECK(q.records()[0].feature_id == 9);
}

TEST_CASE("with verblijfsobjecten, a pand's demand uses its real floor area per use", "[bag_join][demand]") {
    VectorLayer buildings = panden();
    Config config;
    config.demand.practice_factor = false;  // the theoretical tables: this is about floor area per use
    const DemandTables& tables = builtin_parameter_tables().demand;
    buildings.numbers[config.building_fields.year].values = {1980, 1980, 1980, 1980};
    DataQuality q;
    BuildingUnits u = join_addresses(buildings, addresses(town_vbos), config, q);
    BuildingAttributes a = derive_attributes(buildings, config, tables, q, &u);
    CHECK(a.classified_by[0] == ClassifiedBy::addresses);
    CHECK(a.floor_area_rule[0] == FloorAreaRule::addresses);
    CHECK(a.floor_area_m2[0] == Approx(387.5));
    CHECK(a.dwellings[0] == 4);
    CHECK(a.classified_by[2] == ClassifiedBy::annex_no_addresses);
    CHECK(a.outbuilding[2] == 1);
    CHECK(a.classified_by[3] == ClassifiedBy::no_addresses_in_use);
    CHECK(a.dwellings[3] == 0);
    CHECK(q.count_of("buildings", "classified_by_annex_no_addresses") == 1);
    std::vector<BuildingType> types = classify_building_types(buildings.geometry, a, config.building_rules, 1, {});
    CHECK(types[0] == BuildingType::multi_family_low);
    BuildingDemand d = compute_demand(a, types, tables, config.demand);
    // Four flats of 287.5 / 4 = 71.875 m2, 1975-91 multi-family 9.3 + 0.172 A each; the shop of
    // 100 m2, 1975-90 15.7 + 0.247 A; hot water 4 x 7.5.
    CHECK(d.residential_space_gj[0] == Approx(4 * (9.3 + 0.172 * 71.875)));
    CHECK(d.space_heat_gj[0] == Approx(4 * (9.3 + 0.172 * 71.875) + 15.7 + 0.247 * 100));
    CHECK(d.hot_water_gj[0] == Approx(30));
    CHECK(d.total(2) == 0);
    CHECK(d.total(3) == 0);
}

TEST_CASE("3DBAG heights join by id whatever its spelling", "[bag_join]") {
    VectorLayer buildings = panden();
    VectorLayer heights = test::layer({square(0, 0, 20, 10), square(30, 0, 10, 10)}, "identificatie");
    heights.text["identificatie"] =
        TextColumn{{"NL.IMBAG.Pand.0200100000000001", "NL.IMBAG.Pand.0200100000000004"}, {1, 1}};
    Config config;
    heights.numbers[config.building_fields.storeys].values = {3, 5};
    heights.numbers[config.building_fields.roof_height].values = {9.5, 16};
    DataQuality q;
    join_heights(buildings, heights, config, q);
    const auto& storeys = buildings.numbers.at(config.building_fields.storeys).values;
    CHECK(storeys[0] == 3);
    CHECK(std::isnan(storeys[1]));
    CHECK(storeys[3] == 5);  // "200100000000004" lost its leading zero and still matches
    CHECK(buildings.numbers.at(config.building_fields.roof_height).values[0] == 9.5);
    CHECK(q.count_of("buildings", "heights_joined") == 2);
    CHECK(q.count_of("buildings", "heights_not_found") == 2);
}
