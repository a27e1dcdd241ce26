// What each household pays by tenure, and the affordability test, by hand on docs/costs.md §4.
#include "warmte/cost_choice.hpp"
#include "warmte/cost_inputs.hpp"
#include "warmte/parameter_tables.hpp"
#include "warmte/tenure.hpp"

#include "../fixtures.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>

using namespace warmte;

namespace {

const CostKentallen& k() { return builtin_parameter_tables().costs; }

// docs/costs.md §4: 500 mid-terraced dwellings of 1975-91, 100 m2, label C.
DwellingGroup worked_example() {
    DwellingGroup g;
    g.dwellings = 500, g.floor_area_m2 = 100, g.space_heat_gj = 24.54, g.space_heat_target_gj = 23.49,
    g.hot_water_gj = 6.93, g.insulation_min_eur = 1737 + 69 * 100.0, g.insulation_max_eur = 1625 + 103 * 100.0,
    g.ventilation_gje = 0.00451 * 100;
    return g;
}

double item(const VariantCosts& v, const char* component) {
    double sum = 0;
    for (const CostItem& i : v.enduser_items)
        if (std::strcmp(i.component, component) == 0) sum += i.eur_yr;
    return sum;
}

}  // namespace

TEST_CASE("households by tenure on the worked example: owners pay all, tenants their bills and a capped rent rise",
          "[tenure]") {
    const CostParameters p;
    const double area = 500 * (24.54 + 6.93) / 1200 * 1e4, width = 137.5 * 0.381 + 5;
    const CostResult r = national_costs(worked_example(), {area / width, 12, area / width}, {}, p, k());
    const VariantCosts& ref = r.reference;
    const VariantCosts& s1a = r.variants[0];
    const TenureParameters t;
    // Owner: the end-user costs of docs/costs.md §4, per dwelling and month: 1,957 / 12 and 2,564 / 12.
    CHECK(tenure_cost_eur_yr(ref, ref, Tenure::owner, t) / 500 / 12 == Approx(1957.0 / 12).epsilon(0.001));
    CHECK(tenure_cost_eur_yr(s1a, ref, Tenure::owner, t) / 500 / 12 == Approx(2564.0 / 12).epsilon(0.001));
    // Tenants of the reference pay the gas bill and the fixed charges; the boiler is in the rent.
    const double ref_bills = item(ref, "energy") + item(ref, "fixed_charges");
    CHECK(tenure_cost_eur_yr(ref, ref, Tenure::social, t) == Approx(ref_bills));
    CHECK(ref_bills == Approx(ref.enduser_eur_yr - item(ref, "installation") - item(ref, "om")));
    // S1a: the heat pump's bills are lower (no gas connection); the landlord's extra costs (heat pump,
    // emitters, insulation, upkeep against the boiler) are far above that saving.
    const double bills = item(s1a, "energy") + item(s1a, "fixed_charges");
    const double extra = (s1a.enduser_eur_yr - bills) - (ref.enduser_eur_yr - ref_bills);
    const double saving = ref_bills - bills;
    REQUIRE(saving > 0);
    REQUIRE(extra > saving);
    // A corporation raises the rent by the saving only (woonlastenneutraal): the tenant pays what gas cost.
    CHECK(tenure_cost_eur_yr(s1a, ref, Tenure::social, t) == Approx(bills + saving));
    CHECK(tenure_cost_eur_yr(s1a, ref, Tenure::social, t) == Approx(ref_bills));
    // A private landlord passes its extra costs on (est.).
    CHECK(tenure_cost_eur_yr(s1a, ref, Tenure::private_rent, t) == Approx(bills + extra));
    // Half the saving allowed: the social tenant is better off by the other half.
    TenureParameters half = t;
    half.social_rent_increase_share = 0.5;
    CHECK(tenure_cost_eur_yr(s1a, ref, Tenure::social, half) == Approx(bills + 0.5 * saving));
}

TEST_CASE("the affordability test: all corporation dwellings against all owner-occupied, by hand", "[tenure]") {
    Config config;
    const double area = 500 * (24.54 + 6.93) / 1200 * 1e4, width = 137.5 * 0.381 + 5;
    BuurtCosting in;
    in.group = {worked_example(), worked_example()};
    in.lengths = {{area / width, 12, area / width}, {area / width, 12, area / width}};
    in.supply.resize(2);
    in.lengths_estimated = {1, 1};
    in.connections = {500, 500};
    in.grid.resize(2);
    in.tenure = {{0, 1, 0}, {1, 0, 0}};  // all corporation; all owner-occupied
    const CostVerdict v = cost_verdict(in, {"2030_2040", "2030_2040"}, config, k());
    REQUIRE(v.choice.cheapest[0] == "s1a");
    const HouseholdCosts h = household_costs(v, config);
    const Affordability a = affordability(h, in, v.choice.cheapest, config.tenure);
    const auto& m = h.monthly[0];
    // Index 1 is s1a; the same costs in both buurten, per tenure.
    CHECK(m[1][0].value == Approx(2564.0 / 12).epsilon(0.001));  // owner
    CHECK(m[1][1].value == Approx(m[0][1].value));               // social: woonlastenneutraal
    CHECK(m[1][2].value > m[0][2].value);                        // private: more
    CHECK(m[1][0].low <= m[1][0].value);
    CHECK(m[1][0].value <= m[1][0].high);
    CHECK(m[1][0].low < m[1][0].high);
    // The test: owners' costs rise, corporation tenants' do not.
    CHECK(a.neutral[0] == std::array<double, 3>{0, 1, 0});
    CHECK(a.households_rising[0] == 0);    // all 500 are corporation tenants
    CHECK(a.households_rising[1] == 500);  // all 500 own their house
    CHECK(a.corporation_dwellings[0] == 500);
    CHECK(a.corporation_dwellings[1] == 0);
    // Raise the bar above the owners' rise: nobody counts.
    config.tenure.max_rise_eur_month = m[1][0].value - m[0][0].value + 1;
    CHECK(affordability(h, in, v.choice.cheapest, config.tenure).households_rising[1] == 0);
}

TEST_CASE("tenure shares from the CBS percentages, defaults where suppressed", "[tenure]") {
    Config config;
    VectorLayer buurten = test::layer({"POLYGON((0 0,1 0,1 1,0 1,0 0))", "POLYGON((1 0,2 0,2 1,1 1,1 0))"});
    buurten.numbers["percentage_koopwoningen"].values = {40, -99997};
    buurten.numbers["percentage_huurwoningen_in_bezit_woningcorporaties"].values = {50, 30};
    buurten.numbers["percentage_huurwoningen_in_bezit_overige_verhuurders"].values = {8, 10};
    const std::vector<TenureShares> s = tenure_shares(buurten, config);
    // 40 + 50 + 8 = 98 %: scaled to add up to 1.
    CHECK(s[0].owner == Approx(40.0 / 98));
    CHECK(s[0].social == Approx(50.0 / 98));
    CHECK(s[0].private_rent == Approx(8.0 / 98));
    // A suppressed figure: CBS's national shares (tenure.default_*).
    CHECK(s[1].owner == Approx(0.57));
    CHECK(s[1].social == Approx(0.29));
    CHECK(s[1].private_rent == Approx(0.14));
}
