// National additional costs (nationale meerkosten) per alternative to natural gas, as PBL's
// Startanalyse computes them (docs/costs.md §1-§4): per variant the annualised investments, O&M,
// energy and heat-company profit, minus those of the reference (an HR gas boiler on natural
// gas), per year, per dwelling equivalent and per tonne of CO2 avoided. Pure arithmetic on a
// homogeneous group of dwellings and the lengths and supply of its buurt; no geometry.
#pragma once

#include "warmte/config.hpp"
#include "warmte/grid_capacity.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace warmte {

/// Where in its range (0 = min, 1 = max) a kental is read. Three families move separately, as the
/// Startanalyse's sensitivity sets move them: learning curves (keys `curve_*`), process costs
/// (`process_*`; negative: follow `band`) and every other range (`band`, VerbeterMinMaxSchuif).
struct CostSliders {
    double band = 0.5;
    double learning = 0.5;
    double process = -1;
    bool operator==(const CostSliders&) const = default;
};

// The kentallen the cost model reads, by name: each is a row of cost_kentallen.csv. Costs are
// recomputed some 10^6 times per recost (every buurt, variant and sensitivity set), so a kental is
// read by index, resolved once per slider setting, not looked up by its name.
#define WARMTE_COST_KENTALLEN(X) \
    X(acm_connection_fee) X(acm_fixed_lt) X(acm_fixed_mt) X(acm_metering) X(air_hp_fixed) X(air_hp_om_share) \
    X(air_hp_per_kw) X(air_hp_spf_b) X(air_hp_spf_water) X(boiler_efficiency_space) X(boiler_efficiency_water) \
    X(boiler_fixed) X(boiler_om_share) X(boiler_per_kw) X(capacity_network_efficiency) X(capacity_per_space_heat) \
    X(capacity_space_share) X(capacity_water_share) X(collective_hp_om_share) X(collective_hp_per_kw) X(curve_boiler) \
    X(curve_in_house) X(curve_installations) X(curve_insulation) X(curve_lt_network) X(curve_mt_network) \
    X(egrid_connection_3x25a) X(egrid_lv_cable_per_m) X(egrid_mv_station) X(egrid_mv_station_kw) X(electric_cooking) \
    X(gas_co2_correction) X(gas_co2_kg_per_m3) X(gas_connection_removal_high_rise) X(gas_connection_removal_low_rise) \
    X(gas_fixed_charges) X(gas_mj_per_m3) X(gasnet_om_per_m) X(gasnet_removal_per_m) \
    X(geothermal_heat_per_electricity) X(geothermal_source_om_share) X(geothermal_source_per_kw) X(ground_hp_fixed) \
    X(ground_hp_om_share) X(ground_hp_per_kw) X(ground_hp_spf_b) X(ground_hp_spf_water) X(ground_loop_share) \
    X(heat_company_profit) X(hp_min_kw) X(hybrid_capacity_share) X(hybrid_fixed) X(hybrid_heat_share) \
    X(hybrid_om_share) X(hybrid_per_kw) X(hybrid_spf_b) X(in_house_high_rise) X(in_house_low_rise) \
    X(industry_source_om_share) X(industry_source_per_kw) X(losses_lt_per_connection) X(losses_mt_per_connection) \
    X(ltas_high_rise) X(ltas_low_rise) X(peak_boiler_efficiency) X(peak_kw_appliances) X(peak_kw_heat_pump) \
    X(peak_kw_hybrid) X(peak_simultaneity) X(pipe_factor) X(pipe_max_base) X(pipe_max_slope) X(pipe_min_base) \
    X(pipe_min_slope) X(pipe_om_share) X(process_s1) X(process_s2) X(process_s3) X(process_s4) X(pump_electricity) \
    X(source_capacity_share) X(source_electricity_teo) X(source_electricity_wko) X(source_heat_share) \
    X(station_om_share) X(substation_per_kw) X(tap_water_kw_high_rise) X(tap_water_kw_low_rise) X(tea_per_kw) \
    X(teo_fixed) X(teo_kw_per_gj) X(teo_om_share) X(teo_per_kw) X(transfer_station_capacity_share) \
    X(transfer_station_per_kw) X(transport_detour) X(wko_fixed) X(wko_om_share) X(wko_per_kw) \
    X(wko_regeneration_factor)

enum class Kental : std::uint16_t {
#define WARMTE_KENTAL_ENUM(name) name,
    WARMTE_COST_KENTALLEN(WARMTE_KENTAL_ENUM)
#undef WARMTE_KENTAL_ENUM
};
inline constexpr std::size_t kental_count = 0
#define WARMTE_KENTAL_COUNT(name) +1
    WARMTE_COST_KENTALLEN(WARMTE_KENTAL_COUNT)
#undef WARMTE_KENTAL_COUNT
    ;

/// The kentallen: a range (min, max) per key, read at the slider of its family.
class CostKentallen {
public:
    CostKentallen() = default;
    CostKentallen(std::map<std::string, std::pair<double, double>> ranges, CostSliders sliders);
    /// The value of a kental; ConfigError naming the key when the table lacks it.
    double operator()(std::string_view key) const;
    double operator()(Kental key) const {
        const double v = resolved_[static_cast<std::size_t>(key)];
        if (std::isnan(v)) missing(key);
        return v;
    }
    /// A range that is not a row (a dwelling class's insulation cost), read at the band slider.
    double between(double lo, double hi) const { return lo + sliders_.band * (hi - lo); }
    CostKentallen with_sliders(CostSliders sliders) const { return CostKentallen(ranges_, sliders); }
    /// Every kental at its own place in its range (`position[i]` in 0-1 for the i-th key in key
    /// order; `band` for the ranges that are no rows): a draw of the uncertainty.
    CostKentallen drawn(const std::vector<double>& position, double band) const;
    /// The number of kentallen (the dimensions a draw places).
    std::size_t size() const { return ranges_.size(); }
    const CostSliders& sliders() const { return sliders_; }

private:
    // Values are resolved once per slider setting: a country recomputes costs some 10^5 times per
    // run (every buurt under every sensitivity set), each reading some hundred kentallen.
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    std::map<std::string, std::pair<double, double>> ranges_;
    std::unordered_map<std::string, double, Hash, std::equal_to<>> values_;
    CostSliders sliders_;
    // NaN: the table lacks that row (or none was read), which reading it reports.
    std::array<double, kental_count> resolved_ = [] {
        std::array<double, kental_count> none;
        none.fill(std::numeric_limits<double>::quiet_NaN());
        return none;
    }();
    void resolve();
    [[noreturn]] static void missing(Kental key);
};

/// Parses key,min,max,unit,source rows; ConfigError naming `origin` and the line on a bad row.
CostKentallen parse_cost_kentallen(const std::string& text, const std::string& origin);

/// Annuity factor r / (1 - (1 + r)^-n) (Vesta CS/NcwSchema.dms).
double annuity(double rate, double years);
/// Heat-pipe cost per metre at a capacity in MW: the midpoint (slider) of Vesta's K_min and K_max
/// (CE Delft ASA2025), times a learning curve.
double pipe_cost_eur_m(double capacity_mw, const CostKentallen& k, double curve);
/// The pipes a variant's network prices for a buurt (distribution at the network's peak, service
/// pipes at a connection's), and the network's annuity factor: what the street routes replace.
struct PipeInvestment {
    double eur = 0, annuity = 0;
};

/// A homogeneous group of dwellings (one type, period and label) in a buurt, or a buurt's average
/// dwelling equivalent; per dwelling equivalent. Utility floor area counts utility_m2_per_weq m2 as
/// one equivalent (WEQ = dwellings + utility m2 / 130, docs/costs.md §1).
struct DwellingGroup {
    double dwellings = 0;
    double utility_m2 = 0;             // utility floor area of the group (for WEQ)
    double floor_area_m2 = 0;          // usable floor area per equivalent
    double space_heat_gj = 0;          // at the current label
    double space_heat_target_gj = 0;   // after insulation to label B
    double hot_water_gj = 0;
    double ventilation_gje = 0;        // ventilation electricity at label B (Vesta WB Vvent_opp x m2)
    double insulation_min_eur = 0;     // to label B, before the learning curve (Vesta WB Ki_S*B_min)
    double insulation_max_eur = 0;     // likewise, Ki_S*B_max
    double optimistic_savings = 1;     // space heat at B x this in the optimistic-savings set (GA_B_factor)
    double high_rise_share = 0;        // share of equivalents in high-rise flats (their kentallen differ)
};

/// WEQ = dwellings + utility m2 / utility_m2_per_weq (docs/costs.md §1); 0: nothing to cost.
double dwelling_equivalents(const DwellingGroup& group, const CostParameters& p);

/// Per dwelling type and construction class (Vesta WB, docs/costs.md §2): space heat a + b x m2 at the
/// class's default label and at label B, ventilation electricity, the insulation cost range to label
/// B and the optimistic-savings factor.
struct InsulationRow {
    std::string type;
    double from_year = 0, to_year = 0;
    std::string default_label;
    double heat_a = 0, heat_b = 0, target_a = 0, target_b = 0, ventilation_per_m2 = 0;
    double min_fixed = 0, min_per_m2 = 0, max_fixed = 0, max_per_m2 = 0, optimistic_savings = 1;
    /// Space heat at label B over space heat at the default label, for a dwelling of `m2`.
    double target_ratio(double m2) const;
};

class InsulationTable {
public:
    std::vector<InsulationRow> rows;
    /// The class of a type ("terraced", ...) and year: before the first class the first, after the
    /// last the last; nullptr for a type without rows (non-residential).
    const InsulationRow* find(const std::string& type, double year) const;
};

/// Parses the insulation table; ConfigError naming `origin` and the line on a bad row.
InsulationTable parse_insulation_table(const std::string& text, const std::string& origin);

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
    const char* component;  // "installation", "insulation", "network", "source", "energy", "om", "profit", ...
    double eur_yr;          // per year, for the whole group
};

/// A variant's cost items, held in place: a recost costs every buurt's variants under every
/// sensitivity set, some 10^6 ledgers, and allocating for each item cost as much as the arithmetic.
class CostItems {
public:
    static constexpr std::size_t capacity = 12;  // the most a ledger writes is 10 (S3 with its fallback)
    CostItems() = default;  // the slots stay unwritten until pushed: nothing to clear per ledger
    CostItems(const CostItems& other) : size_(other.size_) { std::copy(other.begin(), other.end(), items_.begin()); }
    CostItems& operator=(const CostItems& other) {
        size_ = other.size_;
        std::copy(other.begin(), other.end(), items_.begin());
        return *this;
    }
    void push_back(const CostItem& item) {
        if (size_ == capacity) throw std::length_error("CostItems: more than 12 cost items in one ledger");
        items_[size_++] = item;
    }
    const CostItem* begin() const { return items_.data(); }
    const CostItem* end() const { return items_.data() + size_; }
    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    const CostItem& operator[](std::size_t i) const { return items_[i]; }

private:
    std::array<CostItem, capacity> items_;
    std::size_t size_ = 0;
};

struct VariantCosts {
    // Written out, not defaulted: national_costs makes eight in place (vector::resize), which with
    // a defaulted constructor zero-fills them first, inline ledgers and all.
    VariantCosts() {}  // NOLINT(modernize-use-equals-default)
    std::string variant;  // "ref", "s1a", "s1b", "s2a", "s2b", "s3c", "s3e", "s3t", "s4a"
    bool available = true;
    const char* not_available_because = "";  // a sentence of the cost model's own
    double total_eur_yr = 0;     // the variant's own yearly national costs
    double national_eur_yr = 0;  // H16: total minus the reference's
    double eur_weq_yr = 0;       // H18
    double eur_tco2 = 0;         // H17
    double connected_share = 1;  // S3: share of the equivalents on the network (the rest: air heat pumps)
    double grid_peak_kw = 0;     // extra peak on the electricity grid, whole group (grid.*_peak_kw)
    CostItems items;
    // End-user costs (docs/costs.md §1): taxes, VAT and subsidies included, owner's discount rate.
    double enduser_eur_yr = 0;  // whole group
    double enduser_eur_dw = 0;  // per dwelling equivalent
    CostItems enduser_items;
};

struct CostResult {
    VariantCosts reference;
    std::vector<VariantCosts> variants;  // in the order of cost_variants()
    double reference_co2_t = 0;          // per year, whole group
    double weq = 0;
};

/// A variant and the strategy (S1-S4) it belongs to, in output order.
struct VariantInfo {
    const char* id;
    const char* strategy;
    const char* label_en;
};
const std::vector<VariantInfo>& cost_variants();
/// How many cost_variants() there are: fixed-size tables per variant use it.
inline constexpr std::size_t cost_variant_count = 8;
/// The individual heat pump's place in them (national_costs writes it first): its grid peak is
/// the grid's extra load.
inline constexpr std::size_t s1a_at = 0;
/// And the hybrid's (last), the one variant on green gas, which buurten starting before 2030 do not choose.
inline constexpr std::size_t s4a_at = cost_variant_count - 1;
/// The strategy of a variant id; ConfigError for an unknown id.
const char* variant_strategy(const std::string& id);

/// National costs of every variant for one group. With a stations layer (`grid.from_stations`)
/// S1's grid item counts the new stations the headroom needs instead of Vesta's station kental.
CostResult national_costs(const DwellingGroup& group, const NetworkLengths& lengths, const SupplyAvailability& supply,
                          const CostParameters& p, const CostKentallen& k, const GridCapacity& grid = {});

/// What reinforcing the electricity grid for S1 costs the whole group, EUR (investment): the
/// connections and LV cable of Vesta's kental, and the stations either as the kental per kW
/// (no stations layer, est.) or the new stations the stations' headroom needs.
PipeInvestment pipe_investment(const DwellingGroup& group, const NetworkLengths& lengths, const CostParameters& p,
                               const CostKentallen& k, double curve);
double grid_reinforcement_eur(const DwellingGroup& group, const NetworkLengths& lengths, const CostParameters& p,
                              const CostKentallen& k, const GridCapacity& grid);

}  // namespace warmte
