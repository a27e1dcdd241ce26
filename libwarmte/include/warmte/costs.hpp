// National additional costs (nationale meerkosten) per alternative to natural gas, as PBL's
// Startanalyse computes them (COSTS.md §1-§4): per variant the annualised investments, O&M,
// energy and heat-company profit, minus those of the reference (an HR gas boiler on natural
// gas), per year, per dwelling equivalent and per tonne of CO2 avoided. Pure arithmetic on a
// homogeneous group of dwellings and the lengths and supply of its buurt; no geometry.
#pragma once

#include "warmte/config.hpp"

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace warmte {

/// The kentallen: a range (min, max) per key, read as min + slider x (max - min).
class CostKentallen {
public:
    CostKentallen() = default;
    CostKentallen(std::map<std::string, std::pair<double, double>> ranges, double slider)
        : ranges_(std::move(ranges)), slider_(slider) {}
    /// The value of a kental; ConfigError naming the key when the table lacks it.
    double operator()(const std::string& key) const;
    CostKentallen with_slider(double slider) const { return CostKentallen(ranges_, slider); }

private:
    std::map<std::string, std::pair<double, double>> ranges_;
    double slider_ = 0.5;
};

/// Parses key,min,max,unit,source rows; ConfigError naming `origin` and the line on a bad row.
CostKentallen parse_cost_kentallen(const std::string& text, const std::string& origin, double slider);

/// Annuity factor r / (1 - (1 + r)^-n) (Vesta CS/NcwSchema.dms).
double annuity(double rate, double years);
/// Heat-pipe cost per metre at a capacity in MW: the midpoint (slider) of Vesta's K_min and K_max
/// (CE Delft ASA2025), times a learning curve.
double pipe_cost_eur_m(double capacity_mw, const CostKentallen& k, double curve);

/// A homogeneous group of dwellings (one type, period and label) in a buurt; per dwelling.
struct DwellingGroup {
    double dwellings = 0;
    double floor_area_m2 = 0;        // usable floor area per dwelling
    double space_heat_gj = 0;        // at the current label
    double space_heat_target_gj = 0;  // after insulation to label B
    double hot_water_gj = 0;
    double insulation_eur = 0;       // investment to label B per dwelling, learning curve included
    bool high_rise = false;
    double utility_m2 = 0;           // utility floor area (for WEQ)
};

/// The buurt's lengths: heat-network distribution, service pipe per connection, gas and LV nets.
struct NetworkLengths {
    double distribution_m = 0;
    double service_m = 0;  // per connection
    double gasnet_m = 0;   // also the LV grid length
};

/// What supply the buurt has; a variant without its supply is not available.
struct SupplyAvailability {
    std::optional<double> residual_heat_distance_m;  // S2a: industrial residual heat at this distance
    std::optional<double> geothermal_distance_m;     // S2b: 0 inside a geothermal contour
    double teo_gj = 0, teo_distance_m = 0;            // S3e: surface water allocated to the buurt
    double tea_gj = 0, tea_distance_m = 0;            // S3t: waste water allocated to the buurt
    double collective_spf = 3.2;                      // the LT network's heat pump (supply.supply_temperature_c)
};

struct CostItem {
    std::string component;  // "installation", "insulation", "network", "energy", "om", ...
    double eur_yr;          // national, per year, for the whole group
};

struct VariantCosts {
    std::string variant;  // "ref", "s1a", "s1b", "s2a", "s2b", "s3e", "s3t", "s4a"
    bool available = true;
    std::string not_available_because;
    double total_eur_yr = 0;     // the variant's own yearly costs
    double national_eur_yr = 0;  // H16: total minus the reference's
    double eur_weq_yr = 0;       // H18
    double eur_tco2 = 0;         // H17
    std::vector<CostItem> items;
};

struct CostResult {
    VariantCosts reference;
    std::vector<VariantCosts> variants;  // in the order of cost_variants()
    double reference_co2_t = 0;          // per year, whole group
    double weq = 0;
};

/// The variant ids, in output order.
const std::vector<std::string>& cost_variants();

/// National costs of every variant for one group.
CostResult national_costs(const DwellingGroup& group, const NetworkLengths& lengths, const SupplyAvailability& supply,
                          const CostParameters& p, const CostKentallen& k);

}  // namespace warmte
