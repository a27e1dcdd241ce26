// What each household pays, by tenure (issue 34): owner-occupiers, corporation tenants and
// private tenants, per dwelling equivalent and month, for the gas reference and every variant,
// with a low-high range from the kentallen ranges; and the affordability test of the chosen
// variant against the reference (woonlastenneutraal).
#pragma once

#include "warmte/config.hpp"
#include "warmte/costs.hpp"
#include "warmte/layer.hpp"

#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace warmte {

struct BuurtCosting;
struct CostVerdict;

enum class Tenure : std::size_t { owner, social, private_rent };
inline constexpr std::size_t tenure_count = 3;
/// "owner", "social", "private": the field names' tenure part.
const char* tenure_name(Tenure t);

/// A buurt's shares of the three tenures (0-1, adding up to 1). Every member a double: the state
/// file writes the struct as it is.
struct TenureShares {
    double owner = 0, social = 0, private_rent = 0;
    double of(Tenure t) const { return t == Tenure::owner ? owner : t == Tenure::social ? social : private_rent; }
};

/// From the CBS percentages on the buurt layer (fields.neighbourhoods.*_share; suppressed or
/// missing: tenure.default_*_share), scaled to add up to 1.
std::vector<TenureShares> tenure_shares(const VectorLayer& buurten, const Config& config);

/// What one tenure pays a year for `v` (whole group), against the reference: an owner everything
/// (the end-user costs); a tenant the energy bills and fixed charges, plus a rent increase for
/// the landlord's extra costs (installations, emitters, insulation, connection, upkeep) over the
/// reference's (the boiler): a corporation at most tenure.social_rent_increase_share of the
/// tenant's energy saving, a private landlord all of them (est.). For the reference itself a
/// tenant pays the bills only.
double tenure_cost_eur_yr(const VariantCosts& v, const VariantCosts& reference, Tenure t, const TenureParameters& p);

/// A buurt's monthly costs per dwelling equivalent of the reference (index 0) and every variant
/// (cost_variants() order) per tenure, NaN where not available (all NaN when nothing was costed).
using TenureMonthly = std::array<std::array<double, tenure_count>, cost_variant_count + 1>;
TenureMonthly tenure_monthly(const CostResult& costs, const TenureParameters& p);

/// Per buurt: the monthly costs of the reference (index 0) and every variant (cost_variants()
/// order) per tenure, NaN where not available; low and high at the ends of the kentallen ranges.
/// They follow from the costs alone (a rescore keeps them); the affordability test from the choice.
struct HouseholdCosts {
    struct Monthly {
        double value = std::numeric_limits<double>::quiet_NaN(), low = value, high = value;
    };
    using Table = std::array<std::array<Monthly, tenure_count>, cost_variant_count + 1>;  // the reference first
    std::vector<Table> monthly;
};
HouseholdCosts household_costs(const CostVerdict& verdict, const Config& config);

/// The affordability test of the chosen variants against the reference, per buurt.
struct Affordability {
    std::vector<std::array<double, tenure_count>> neutral;  // 1: the chosen variant costs no more a month; NaN: none
    std::vector<double> households_rising;  // dwellings whose monthly costs rise by more than tenure.max_rise_eur_month
    std::vector<double> corporation_dwellings;
};
Affordability affordability(const HouseholdCosts& h, const BuurtCosting& inputs, const std::vector<std::string>& chosen,
                            const TenureParameters& p);

}  // namespace warmte
