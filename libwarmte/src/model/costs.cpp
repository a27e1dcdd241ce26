#include "warmte/costs.hpp"

#include "warmte/csv.hpp"
#include "warmte/error.hpp"
#include "warmte/units.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <cmath>
#include <limits>

namespace warmte {

using K = Kental;  // the kentallen by index, short where a formula reads many

CostKentallen::CostKentallen(std::map<std::string, std::pair<double, double>> ranges, CostSliders sliders)
    : ranges_(std::move(ranges)), sliders_(sliders) {
    for (const auto& [key, range] : ranges_) {
        double slider = sliders_.band;
        if (key.rfind("curve_", 0) == 0) slider = sliders_.learning;
        else if (key.rfind("process_", 0) == 0 && sliders_.process >= 0) slider = sliders_.process;
        values_.emplace(key, range.first + slider * (range.second - range.first));
    }
    resolve();
}

namespace {
constexpr std::array<const char*, kental_count> kental_names = {
#define WARMTE_KENTAL_NAME(name) #name,
    WARMTE_COST_KENTALLEN(WARMTE_KENTAL_NAME)
#undef WARMTE_KENTAL_NAME
};
}  // namespace

void CostKentallen::resolve() {
    for (std::size_t i = 0; i < kental_count; ++i) {
        const auto it = values_.find(std::string_view(kental_names[i]));
        resolved_[i] = it == values_.end() ? std::nan("") : it->second;
    }
}

void CostKentallen::missing(Kental key) {
    throw ConfigError("cost kentallen: no row '" + std::string(kental_names[static_cast<std::size_t>(key)]) +
                      "'; add it to the table (libwarmte/data/cost_kentallen.csv)");
}

CostKentallen CostKentallen::drawn(const std::vector<double>& position, double band) const {
    CostKentallen out;
    out.ranges_ = ranges_;
    out.sliders_ = sliders_;
    out.sliders_.band = band;
    std::size_t i = 0;
    for (const auto& [key, range] : ranges_) {
        const double at = i < position.size() ? position[i] : band;
        out.values_.emplace(key, range.first + at * (range.second - range.first));
        ++i;
    }
    out.resolve();
    return out;
}

double CostKentallen::operator()(std::string_view key) const {
    auto it = values_.find(key);
    if (it == values_.end())
        throw ConfigError("cost kentallen: no row '" + std::string(key) +
                          "'; add it to the table (libwarmte/data/cost_kentallen.csv)");
    return it->second;
}

CostKentallen parse_cost_kentallen(const std::string& text, const std::string& origin) {
    std::map<std::string, std::pair<double, double>> ranges;
    for (auto& row : parse_csv(text, origin, {"key", "min", "max", "unit", "source"})) {
        double lo = number_in(row, "min", origin), hi = number_in(row, "max", origin);
        if (hi < lo) throw ConfigError(origin + ", line " + row.at("#line") + ": max is below min for " + row.at("key"));
        if (!ranges.emplace(row.at("key"), std::make_pair(lo, hi)).second)
            throw ConfigError(origin + ", line " + row.at("#line") + ": '" + row.at("key") + "' occurs twice");
    }
    return CostKentallen(std::move(ranges), CostSliders{});
}

double dwelling_equivalents(const DwellingGroup& g, const CostParameters& p) {
    return g.dwellings + g.utility_m2 / p.utility_m2_per_weq;
}

double InsulationRow::target_ratio(double m2) const {
    const double now = heat_a + heat_b * m2, target = target_a + target_b * m2;
    // Insulation never raises demand; a class already at B or better keeps its demand.
    return now > 0 && target > 0 ? std::min(1.0, target / now) : 1.0;
}

const InsulationRow* InsulationTable::find(const std::string& type, double year) const {
    const InsulationRow* first = nullptr;
    const InsulationRow* last = nullptr;
    for (const InsulationRow& r : rows) {
        if (r.type != type) continue;
        if (year >= r.from_year && year <= r.to_year) return &r;
        if (!first || r.from_year < first->from_year) first = &r;
        if (!last || r.to_year > last->to_year) last = &r;
    }
    if (!first) return nullptr;
    return year < first->from_year ? first : last;
}

InsulationTable parse_insulation_table(const std::string& text, const std::string& origin) {
    InsulationTable t;
    const std::vector<std::string> columns = {
        "type", "from_year", "to_year", "default_label", "space_heat_a_gj", "space_heat_b_gj_per_m2", "label_b_a_gj",
        "label_b_b_gj_per_m2", "ventilation_gje_per_m2", "insulation_min_fixed_eur", "insulation_min_per_m2_eur",
        "insulation_max_fixed_eur", "insulation_max_per_m2_eur", "optimistic_savings", "source"};
    for (auto& row : parse_csv(text, origin, columns)) {
        InsulationRow r;
        r.type = row.at("type");
        r.default_label = row.at("default_label");
        r.from_year = number_in(row, "from_year", origin);
        r.to_year = number_in(row, "to_year", origin);
        r.heat_a = number_in(row, "space_heat_a_gj", origin);
        r.heat_b = number_in(row, "space_heat_b_gj_per_m2", origin);
        r.target_a = number_in(row, "label_b_a_gj", origin);
        r.target_b = number_in(row, "label_b_b_gj_per_m2", origin);
        r.ventilation_per_m2 = number_in(row, "ventilation_gje_per_m2", origin);
        r.min_fixed = number_in(row, "insulation_min_fixed_eur", origin);
        r.min_per_m2 = number_in(row, "insulation_min_per_m2_eur", origin);
        r.max_fixed = number_in(row, "insulation_max_fixed_eur", origin);
        r.max_per_m2 = number_in(row, "insulation_max_per_m2_eur", origin);
        r.optimistic_savings = number_in(row, "optimistic_savings", origin);
        if (r.to_year < r.from_year)
            throw ConfigError(origin + ", line " + row.at("#line") + ": to_year is before from_year");
        t.rows.push_back(std::move(r));
    }
    return t;
}

double annuity(double rate, double years) {
    if (rate == 0) return 1.0 / years;
    // A buurt's costs need seven annuity factors, the same for every buurt: remembered per thread.
    struct Memo {
        double rate = -1, years = -1, factor = 0;
    };
    thread_local std::array<Memo, 8> memo;
    for (const Memo& m : memo)
        if (m.rate == rate && m.years == years) return m.factor;
    thread_local std::size_t next = 0;
    Memo& m = memo[next++ % memo.size()];
    m = {rate, years, rate / (1.0 - std::pow(1.0 + rate, -years))};
    return m.factor;
}

namespace {

// Vesta's K_min + K_max at a capacity: pipe_cost_eur_m without its curve and halving.
double pipe_cost_range(double capacity_mw, const CostKentallen& k) {
    const double f = k(K::pipe_factor);
    const double lo = f * (k(K::pipe_min_base) + k(K::pipe_min_slope) * std::sqrt(capacity_mw));
    const double hi = f * (k(K::pipe_max_base) + k(K::pipe_max_slope) * std::pow(capacity_mw, 0.6));
    return lo + hi;
}

}  // namespace

double pipe_cost_eur_m(double capacity_mw, const CostKentallen& k, double curve) {
    return curve * 0.5 * pipe_cost_range(capacity_mw, k);  // the midpoint of Vesta's range, as for every min-max kental
}

const std::vector<VariantInfo>& cost_variants() {
    static const std::vector<VariantInfo> variants = {
        {"s1a", "S1", "air heat pump"},
        {"s1b", "S1", "ground heat pump"},
        {"s2a", "S2", "MT heat network on residual heat"},
        {"s2b", "S2", "MT heat network on geothermal heat"},
        {"s3c", "S3", "LT heat network on a buurt WKO (aquifer store)"},
        {"s3e", "S3", "LT heat network on surface water (TEO) with WKO"},
        {"s3t", "S3", "LT heat network on waste water (TEA)"},
        {"s4a", "S4", "hybrid heat pump with green gas"},
    };
    assert(variants.size() == cost_variant_count);
    return variants;
}

const char* variant_strategy(const std::string& id) {
    for (const VariantInfo& v : cost_variants())
        if (id == v.id) return v.strategy;
    throw ConfigError("no cost variant '" + id + "'");
}

namespace {

constexpr double kw_per_mw = 1000.0;

// Builds one variant's yearly costs item by item (whole group, EUR/yr), national and end-user.
// It writes into the function's own result, which the function returns by name: no copy of the
// items per variant (a recost costs some 10^6 of them).
struct Ledger {
    Ledger(VariantCosts& target, const char* id) : v(target) { v.variant = id; }
    VariantCosts& v;
    void add(const char* component, double eur_yr) {
        v.items.push_back({component, eur_yr});
        v.total_eur_yr += eur_yr;
    }
    void enduser(const char* component, double eur_yr) {
        v.enduser_items.push_back({component, eur_yr});
        v.enduser_eur_yr += eur_yr;
    }
};

struct Context {
    const DwellingGroup& g;
    const NetworkLengths& len;
    const CostParameters& p;
    const CostKentallen& k;
    double af_installation, af_building, af_grid, af_network, af_source;
    double af_owner_installation, af_owner_building, af_owner_network;  // end users' rate (docs/costs.md §1)
    bool heat_on_green_gas;  // costs.heat_price_link = green_gas
    double weq;
    const GridCapacity* grid = nullptr;  // the stations' verdict on S1, when a stations layer was given
    // The pipe cost ranges asked for so far: a buurt's MT and LT variants price the same three
    // capacities (network, connection, source), and the power in them was a fifth of a costing.
    // Keyed by capacity alone: the kentallen are the context's own.
    struct PipeRange {
        double capacity_mw = std::numeric_limits<double>::quiet_NaN(), range = 0;
    };
    mutable std::array<PipeRange, 4> pipe_ranges{};
    mutable std::size_t next_pipe_range = 0;
    double n() const { return weq; }
    double pipe_eur_m(double capacity_mw, double curve) const {
        for (const PipeRange& r : pipe_ranges)
            if (r.capacity_mw == capacity_mw) return curve * 0.5 * r.range;
        PipeRange& r = pipe_ranges[next_pipe_range++ % pipe_ranges.size()];
        r = {capacity_mw, pipe_cost_range(capacity_mw, k)};
        return curve * 0.5 * r.range;
    }
    // A kental that differs for high-rise flats, blended by the group's high-rise share.
    double rise(Kental low, Kental high) const {
        return (1 - g.high_rise_share) * k(low) + g.high_rise_share * k(high);
    }
    // Capacities (Vesta KT Vermogens): ASW = 0.25 kW per GJ/yr of space heat + tap water kW.
    double asw_space(double space_gj) const { return k(K::capacity_per_space_heat) * space_gj; }
    double asw_water() const { return rise(K::tap_water_kw_low_rise, K::tap_water_kw_high_rise); }
    double gas_for(double space_gj, double water_gj) const {
        return space_gj / k(K::boiler_efficiency_space) + water_gj / k(K::boiler_efficiency_water);
    }
    double insulation_eur() const {  // per equivalent, to label B
        return k.between(g.insulation_min_eur, g.insulation_max_eur) * k(K::curve_insulation);
    }
    double ltas_eur() const { return rise(K::ltas_low_rise, K::ltas_high_rise); }
    double gas_removal_eur() const {  // per equivalent
        return rise(K::gas_connection_removal_low_rise, K::gas_connection_removal_high_rise) +
               k(K::gasnet_removal_per_m) * len.gasnet_m / n();
    }
    // Grid works for a new peak per equivalent (kW): connection, MV stations and LV cable.
    double egrid_eur(double peak_kw) const { return egrid_lv_eur(peak_kw) + egrid_station_kental_eur(peak_kw); }
    // Vesta's extra peak per equivalent: the simultaneous peak above what appliances draw today.
    double egrid_extra_kw(double peak_kw) const {
        return std::max(0.0, k(K::peak_simultaneity) * peak_kw - k(K::peak_simultaneity) * k(K::peak_kw_appliances));
    }
    double egrid_lv_eur(double peak_kw) const {
        const double after = k(K::peak_simultaneity) * peak_kw;
        const double lv_m_per_kw = len.gasnet_m / (n() * after);
        return k(K::egrid_connection_3x25a) + k(K::egrid_lv_cable_per_m) * lv_m_per_kw * egrid_extra_kw(peak_kw);
    }
    double egrid_station_kental_eur(double peak_kw) const {
        return k(K::egrid_mv_station) / k(K::egrid_mv_station_kw) * egrid_extra_kw(peak_kw);
    }
    // S1's grid works per equivalent: with a stations layer the new stations its headroom needs.
    double s1_egrid_eur() const {
        const double peak = k(K::peak_kw_heat_pump);
        if (!grid || grid->from_stations == 0) return egrid_eur(peak);
        return egrid_lv_eur(peak) + grid->new_stations * k(K::egrid_mv_station) / n();
    }
    // What every gas-free variant pays: insulation, process costs, electric cooking.
    void common(Ledger& l, Kental process_key) const {
        l.add("insulation", n() * insulation_eur() * af_building);
        l.add("process", n() * (k(process_key) + k(K::electric_cooking)) * af_installation);
        l.enduser("insulation", n() * insulation_eur() * af_owner_building * p.building_works_factor);
    }
    // An end user's own installation: VAT on the annuity and O&M, minus the subsidy (docs/costs.md §1).
    void enduser_installation(Ledger& l, double investment_eur, double om_share) const {
        l.enduser("installation", n() * investment_eur * af_owner_installation * (p.vat_factor - p.installation_subsidy_share));
        l.enduser("om", n() * investment_eur * om_share * p.vat_factor);
    }
    // What a heat-network customer pays: heat at the price of the gas it replaces ("niet meer dan
    // anders"), the fixed charge and metering, and the connection fee (ACM tariffs).
    void enduser_heat(Ledger& l, Kental fixed_key) const {
        const double gas_equivalent = gas_for(g.space_heat_target_gj, g.hot_water_gj);
        const double price = heat_on_green_gas ? p.enduser_green_gas_eur_gj : p.enduser_natural_gas_eur_gj;
        l.enduser("energy", n() * gas_equivalent * price * p.vat_factor);
        l.enduser("fixed_charges", n() * (k(fixed_key) + k(K::acm_metering)) * p.vat_factor);
        l.enduser("connection_fee", n() * k(K::acm_connection_fee) * af_owner_network * p.vat_factor);
    }
};

// Each variant is written in its place in the result (`out`, as default-made): a VariantCosts
// holds its ledgers inline, some 450 bytes, and moving eight into place took a sixth of a costing.
void reference(const Context& c, VariantCosts& out) {
    const auto& k = c.k;
    Ledger l(out, "ref");
    const double boiler =
        (k(K::boiler_fixed) + k(K::boiler_per_kw) * c.asw_space(c.g.space_heat_gj)) * k(K::curve_boiler);
    l.add("installation", c.n() * boiler * c.af_installation);
    l.add("om", c.n() * boiler * k(K::boiler_om_share));
    const double gas = c.gas_for(c.g.space_heat_gj, c.g.hot_water_gj);
    l.add("energy", c.n() * gas * c.p.natural_gas_eur_gj);
    l.add("gasnet_om", k(K::gasnet_om_per_m) * c.len.gasnet_m);
    // The boiler is not subsidised; the end user pays VAT on it.
    l.enduser("installation", c.n() * boiler * c.af_owner_installation * c.p.vat_factor);
    l.enduser("om", c.n() * boiler * k(K::boiler_om_share) * c.p.vat_factor);
    l.enduser("energy", c.n() * gas * c.p.enduser_natural_gas_eur_gj * c.p.vat_factor);
    l.enduser("fixed_charges", c.n() * k(K::gas_fixed_charges) * c.p.vat_factor);
}

// S1a air and S1b ground heat pumps (insulation to label B, low-temperature emitters).
void individual_heat_pump(const Context& c, bool ground, VariantCosts& out) {
    const auto& k = c.k;
    Ledger l(out, ground ? "s1b" : "s1a");
    const double kw = std::max(c.asw_space(c.g.space_heat_target_gj), k(K::hp_min_kw));
    const double hp = (k(ground ? K::ground_hp_fixed : K::air_hp_fixed) +
                       k(ground ? K::ground_hp_per_kw : K::air_hp_per_kw) * kw) *
                      k(K::curve_installations);
    const double loop = ground ? k(K::ground_loop_share) : 0.0;  // the ground loop lasts 30 years
    l.add("installation", c.n() * hp * ((1 - loop) * c.af_installation + loop * c.af_building));
    l.add("ltas", c.n() * c.ltas_eur() * c.af_building);
    c.common(l, K::process_s1);
    l.add("grids", c.n() * (c.gas_removal_eur() + c.s1_egrid_eur()) * c.af_grid);
    const double electricity =
        c.g.space_heat_target_gj / k(ground ? K::ground_hp_spf_b : K::air_hp_spf_b) +
        c.g.hot_water_gj / k(ground ? K::ground_hp_spf_water : K::air_hp_spf_water) + c.g.ventilation_gje;
    l.add("energy", c.n() * electricity * c.p.electricity_eur_gj);
    l.add("om", c.n() * hp * k(ground ? K::ground_hp_om_share : K::air_hp_om_share));
    c.enduser_installation(l, hp, k(ground ? K::ground_hp_om_share : K::air_hp_om_share));
    l.enduser("ltas", c.n() * c.ltas_eur() * c.af_owner_building * c.p.building_works_factor);
    l.enduser("energy", c.n() * electricity * c.p.enduser_electricity_eur_gj * c.p.vat_factor);
}

// S4a hybrid heat pump with green gas; the gas net stays.
void hybrid(const Context& c, VariantCosts& out) {
    const auto& k = c.k;
    Ledger l(out, "s4a");
    const double kw = k(K::hybrid_capacity_share) * c.asw_space(c.g.space_heat_target_gj);
    const double unit =
        (k(K::hybrid_fixed) + k(K::hybrid_per_kw) * kw + k(K::boiler_fixed) + k(K::boiler_per_kw) * kw) *
        k(K::curve_installations);
    l.add("installation", c.n() * unit * c.af_installation);
    c.common(l, K::process_s4);
    l.add("grids", c.n() * c.egrid_eur(k(K::peak_kw_hybrid)) * c.af_grid);
    const double space = c.g.space_heat_target_gj, share = k(K::hybrid_heat_share);
    const double electricity = share * space / k(K::hybrid_spf_b) + c.g.ventilation_gje;
    const double gas =
        (1 - share) * space / k(K::boiler_efficiency_space) + c.g.hot_water_gj / k(K::boiler_efficiency_water);
    l.add("energy", c.n() * (electricity * c.p.electricity_eur_gj + gas * c.p.green_gas_eur_gj));
    l.add("om", c.n() * unit * k(K::hybrid_om_share));
    l.add("gasnet_om", k(K::gasnet_om_per_m) * c.len.gasnet_m);
    c.enduser_installation(l, unit, k(K::hybrid_om_share));
    l.enduser("energy", c.n() * (electricity * c.p.enduser_electricity_eur_gj + gas * c.p.enduser_green_gas_eur_gj) *
                            c.p.vat_factor);
    l.enduser("fixed_charges", c.n() * k(K::gas_fixed_charges) * c.p.vat_factor);
}

// The buurt network of S2 and S3: distribution, service pipes, in-house sets and substations.
struct Network {
    double secondary_kw, investment_pipes, investment_in_house, investment_substations;
};

Network buurt_network(const Context& c, double curve) {
    const auto& k = c.k;
    const double space_kw = c.asw_space(c.g.space_heat_target_gj), water_kw = c.asw_water();
    const double per_dwelling_kw = (k(K::capacity_space_share) * space_kw + k(K::capacity_water_share) * water_kw) /
                                   k(K::capacity_network_efficiency);
    Network net;
    net.secondary_kw = c.n() * per_dwelling_kw;
    const double connection_kw = space_kw + water_kw;
    net.investment_pipes = c.len.distribution_m * c.pipe_eur_m(net.secondary_kw / kw_per_mw, curve) +
                           c.n() * c.len.service_m * c.pipe_eur_m(connection_kw / kw_per_mw, curve);
    net.investment_in_house = c.n() * c.rise(K::in_house_low_rise, K::in_house_high_rise) * k(K::curve_in_house);
    net.investment_substations = c.n() * k(K::substation_per_kw) * connection_kw * curve;
    return net;
}

// S2a (industrial residual heat) and S2b (geothermal): an MT network with a source and a transport pipe.
void mt_network(const Context& c, bool geothermal, double distance_m, VariantCosts& out) {
    const auto& k = c.k;
    Ledger l(out, geothermal ? "s2b" : "s2a");
    const double curve = k(K::curve_mt_network);
    Network net = buurt_network(c, curve);
    const double wos = k(K::transfer_station_per_kw) * k(K::transfer_station_capacity_share) * net.secondary_kw * curve;
    const double source_kw = k(K::source_capacity_share) * net.secondary_kw;
    const double source =
        (geothermal ? k(K::geothermal_source_per_kw) : k(K::industry_source_per_kw)) * source_kw * curve;
    const double transport = distance_m * k(K::transport_detour) * c.pipe_eur_m(source_kw / kw_per_mw, curve);
    const double network_investment = net.investment_pipes + net.investment_in_house + net.investment_substations + wos;
    const double network = network_investment * c.af_network, sources = (source + transport) * c.af_source;
    l.add("network", network);
    l.add("source", sources);
    c.common(l, K::process_s2);
    l.add("grids", c.n() * c.gas_removal_eur() * c.af_grid);
    const double heat = c.n() * (c.g.space_heat_target_gj + c.g.hot_water_gj + k(K::losses_mt_per_connection));
    double energy = (1 - k(K::source_heat_share)) * heat / k(K::peak_boiler_efficiency) * c.p.green_gas_large_eur_gj +
                    k(K::pump_electricity) * heat * c.p.electricity_eur_gj;
    if (geothermal)  // the geothermal heat price is its pumps' electricity
        energy += k(K::source_heat_share) * heat / k(K::geothermal_heat_per_electricity) * c.p.electricity_eur_gj;
    l.add("energy", energy);
    const double om = k(K::pipe_om_share) * (net.investment_pipes + net.investment_in_house + transport) +
                      k(K::station_om_share) * (net.investment_substations + wos) +
                      (geothermal ? k(K::geothermal_source_om_share) : k(K::industry_source_om_share)) * source;
    l.add("om", om);
    // The heat company's margin on everything it pays for.
    l.add("profit", k(K::heat_company_profit) * (network + sources + energy + om));
    c.enduser_heat(l, K::acm_fixed_mt);
}

// The source of an LT network: surface water with a WKO store (S3e), waste water (S3t), or a buurt
// WKO alone with its own regeneration (S3c, Vesta's BuurtWKO: no local source data needed).
enum class LtSource { teo, tea, wko };

const char* lt_variant(LtSource s) {
    switch (s) {
    case LtSource::teo: return "s3e";
    case LtSource::tea: return "s3t";
    case LtSource::wko: return "s3c";
    }
    return "";
}

// S3c, S3e and S3t: an LT network with a collective heat pump.
void lt_network(const Context& c, LtSource kind, double allocated_gj, double distance_m, double spf, VariantCosts& out) {
    const auto& k = c.k;
    Ledger l(out, lt_variant(kind));
    const double curve = k(K::curve_lt_network);
    Network net = buurt_network(c, curve);
    const double network = net.investment_pipes * c.af_network;
    l.add("network", network);
    const double collective_hp = k(K::collective_hp_per_kw) * net.secondary_kw * curve;
    const double ltas = c.n() * c.ltas_eur();
    const double in_house = (net.investment_in_house + net.investment_substations) * c.af_network +
                            collective_hp * c.af_installation + ltas * c.af_building;
    l.add("in_house", in_house);
    const double heat = c.n() * (c.g.space_heat_target_gj + c.g.hot_water_gj + k(K::losses_lt_per_connection));
    // The source gives heat at its own temperature; the heat pump adds the rest (docs/model.md §3.3).
    const double from_source = std::min(allocated_gj, heat) * (1 - 1 / spf);
    const double source_kw = k(K::source_capacity_share) * net.secondary_kw;
    double source = 0, source_om = 0;
    if (kind == LtSource::tea) {
        source = k(K::tea_per_kw) * source_kw * curve;
        source_om = k(K::pipe_om_share) * source;
    } else if (kind == LtSource::wko) {
        // Vesta BuurtWKO.dms: without a TEO the store needs its own regeneration (R_Regeneratie).
        source = (k(K::wko_fixed) * k(K::wko_regeneration_factor) + k(K::wko_per_kw) * source_kw) * curve;
        source_om = k(K::wko_om_share) * source;
    } else {
        const double teo = (k(K::teo_fixed) + k(K::teo_per_kw) * k(K::teo_kw_per_gj) * from_source) * curve;
        const double wko = (k(K::wko_fixed) + k(K::wko_per_kw) * source_kw) * curve;
        source = teo + wko;
        source_om = k(K::teo_om_share) * teo + k(K::wko_om_share) * wko;
    }
    const double pipe = k(K::transport_detour) * distance_m * curve * c.pipe_eur_m(source_kw / kw_per_mw, 1.0);
    const double sources = (source + pipe) * c.af_source;
    l.add("source", sources);
    c.common(l, K::process_s3);
    l.add("grids", c.n() * (c.gas_removal_eur() + c.egrid_eur(k(K::peak_kw_heat_pump))) * c.af_grid);
    const double source_electricity =
        kind == LtSource::tea ? 0.0
                              : k(K::source_electricity_wko) * heat +
                                    (kind == LtSource::teo ? k(K::source_electricity_teo) * from_source : 0.0);
    const double energy = (heat / spf + source_electricity + k(K::pump_electricity) * heat) * c.p.electricity_eur_gj;
    l.add("energy", energy);
    const double om = k(K::pipe_om_share) * (net.investment_pipes + net.investment_in_house + pipe) +
                      k(K::station_om_share) * net.investment_substations +
                      k(K::collective_hp_om_share) * collective_hp +
                      source_om;
    l.add("om", om);
    l.add("profit", k(K::heat_company_profit) * (network + in_house + sources + energy + om));
    c.enduser_heat(l, K::acm_fixed_lt);
    l.enduser("ltas", ltas * c.af_owner_building * c.p.building_works_factor);
}

// S3 with its fallback: the LT network takes the share of the buurt its allocated aquathermie can
// heat; the rest keeps individual air heat pumps (Vesta Criteria/WP_na_gebied). Both parts keep the
// buurt's per-equivalent lengths.
void lt_with_fallback(const Context& c, LtSource kind, double allocated_gj, double distance_m, double spf,
                      VariantCosts& v) {
    const double heat = c.n() * (c.g.space_heat_target_gj + c.g.hot_water_gj + c.k(K::losses_lt_per_connection));
    const double share = heat > 0 ? std::min(1.0, allocated_gj / heat) : 1.0;
    if (share >= 1.0) return lt_network(c, kind, allocated_gj, distance_m, spf, v);
    auto part = [&](double f, const NetworkLengths& len) {
        return Context{c.g, len, c.p, c.k, c.af_installation, c.af_building, c.af_grid, c.af_network, c.af_source,
                       c.af_owner_installation, c.af_owner_building, c.af_owner_network, c.heat_on_green_gas,
                       c.weq * f};
    };
    const NetworkLengths on{c.len.distribution_m * share, c.len.service_m, c.len.gasnet_m * share};
    const NetworkLengths off{c.len.distribution_m * (1 - share), c.len.service_m, c.len.gasnet_m * (1 - share)};
    lt_network(part(share, on), kind, allocated_gj, distance_m, spf, v);
    VariantCosts rest;
    individual_heat_pump(part(1 - share, off), false, rest);
    v.items.push_back({"individual_hp_fallback", rest.total_eur_yr});
    v.total_eur_yr += rest.total_eur_yr;
    v.enduser_items.push_back({"individual_hp_fallback", rest.enduser_eur_yr});
    v.enduser_eur_yr += rest.enduser_eur_yr;
    v.connected_share = share;
}

void not_available(const char* id, const char* why, VariantCosts& v) {
    v.variant = id;
    v.available = false;
    v.not_available_because = why;
}

}  // namespace

namespace {

// The extra peak per equivalent each variant puts on the electricity grid (issue 35): full heat
// pumps, hybrids, S3's collective heat pump for the share on the network and air heat pumps for
// the rest; an MT network (S2) adds pumps only, taken as none.
double grid_peak_per_weq(const VariantCosts& v, const CostParameters& p) {
    const std::string& id = v.variant;
    if (id == "s1a" || id == "s1b") return p.grid_hp_peak_kw;
    if (id == "s4a") return p.grid_hybrid_peak_kw;
    if (id == "s3c" || id == "s3e" || id == "s3t")
        return v.connected_share * p.grid_central_plant_kw + (1 - v.connected_share) * p.grid_hp_peak_kw;
    return 0.0;
}

// What a costing's parameters give every buurt alike: the annuity factors and the heat price's
// link. Made once per thread and parameter set, not per buurt (a thread_local lookup per factor
// and the power in the source's factor were a tenth of a costing).
struct RateFactors {
    std::array<double, 7> key{};  // what they were made from (NaN-free parameters match themselves)
    std::string heat_price_link;
    double installation = 0, building = 0, grid = 0, network = 0, source = 0;
    double owner_installation = 0, owner_building = 0, owner_network = 0;
    bool heat_on_green_gas = false;
};

const RateFactors& rate_factors(const CostParameters& p) {
    const double r = p.social_discount_rate, ro = p.owner_discount_rate;
    const std::array<double, 7> key = {r,
                                       ro,
                                       p.installation_years,
                                       p.building_years,
                                       p.grid_years,
                                       p.heat_network_years,
                                       p.heat_network_start_years};
    thread_local RateFactors f{{std::numeric_limits<double>::quiet_NaN()}, {}};
    if (f.key == key && f.heat_price_link == p.heat_price_link) return f;
    f.key = key;
    f.heat_price_link = p.heat_price_link;
    f.installation = annuity(r, p.installation_years);
    f.building = annuity(r, p.building_years);
    f.grid = annuity(r, p.grid_years);
    f.network = annuity(r, p.heat_network_years);
    f.source = f.network * std::pow(1 + r, p.heat_network_start_years);
    f.owner_installation = annuity(ro, p.installation_years);
    f.owner_building = annuity(ro, p.building_years);
    f.owner_network = annuity(ro, p.heat_network_years);
    f.heat_on_green_gas = p.heat_price_link == "green_gas";
    return f;
}

Context context_of(const DwellingGroup& g, const NetworkLengths& len, const CostParameters& p, const CostKentallen& k,
                   const GridCapacity* grid) {
    const RateFactors& f = rate_factors(p);
    return Context{g,
                   len,
                   p,
                   k,
                   f.installation,
                   f.building,
                   f.grid,
                   f.network,
                   f.source,
                   f.owner_installation,
                   f.owner_building,
                   f.owner_network,
                   f.heat_on_green_gas,
                   dwelling_equivalents(g, p),
                   grid};
}

}  // namespace

PipeInvestment pipe_investment(const DwellingGroup& g, const NetworkLengths& len, const CostParameters& p,
                               const CostKentallen& k, double curve) {
    const Context c = context_of(g, len, p, k, nullptr);
    return {c.n() > 0 ? buurt_network(c, curve).investment_pipes : 0.0, c.af_network};
}

double grid_reinforcement_eur(const DwellingGroup& g, const NetworkLengths& len, const CostParameters& p,
                              const CostKentallen& k, const GridCapacity& grid) {
    const Context c = context_of(g, len, p, k, &grid);
    return c.n() > 0 ? c.n() * c.s1_egrid_eur() : 0.0;
}

CostResult national_costs(const DwellingGroup& g, const NetworkLengths& len, const SupplyAvailability& supply,
                          const CostParameters& p, const CostKentallen& k, const GridCapacity& grid) {
    const Context c = context_of(g, len, p, k, &grid);
    const double weq = c.weq;
    if (!(weq > 0)) throw ConfigError("national_costs: a dwelling group needs dwellings or utility floor area");
    CostResult out;
    out.weq = weq;
    reference(c, out.reference);
    const double gas_m3 = weq * c.gas_for(g.space_heat_gj, g.hot_water_gj) * units::mj_per_gj / k(K::gas_mj_per_m3);
    out.reference_co2_t = gas_m3 * k(K::gas_co2_kg_per_m3) * k(K::gas_co2_correction) / 1000.0;
    // In cost_variants() order (checked below in debug builds), without comparing ids per buurt.
    out.variants.resize(cost_variant_count);
    VariantCosts* v = out.variants.data();
    individual_heat_pump(c, false, v[0]);  // s1a
    individual_heat_pump(c, true, v[1]);   // s1b
    if (supply.residual_heat_distance_m) mt_network(c, false, *supply.residual_heat_distance_m, v[2]);
    else not_available("s2a", "no residual-heat source reaches the buurt (--residual-heat)", v[2]);
    if (supply.geothermal_distance_m) mt_network(c, true, *supply.geothermal_distance_m, v[3]);
    else not_available("s2b", "the buurt lies in no geothermal contour (--geothermal)", v[3]);
    if (p.wko_everywhere) lt_network(c, LtSource::wko, 0.0, 0.0, supply.collective_spf, v[4]);
    else not_available("s3c", "no buurt WKO assumed (costs.wko_everywhere = false)", v[4]);
    if (supply.teo_gj > 0)
        lt_with_fallback(c, LtSource::teo, supply.teo_gj, supply.teo_distance_m, supply.collective_spf, v[5]);
    else not_available("s3e", "no surface water allocated to the buurt", v[5]);
    if (supply.tea_gj > 0)
        lt_with_fallback(c, LtSource::tea, supply.tea_gj, supply.tea_distance_m, supply.collective_spf, v[6]);
    else not_available("s3t", "no waste water allocated to the buurt", v[6]);
    hybrid(c, v[7]);  // s4a
    for (std::size_t i = 0; i < out.variants.size(); ++i) assert(out.variants[i].variant == cost_variants()[i].id);
    out.reference.enduser_eur_dw = out.reference.enduser_eur_yr / weq;
    for (VariantCosts& x : out.variants) {
        if (!x.available) continue;
        x.grid_peak_kw = weq * grid_peak_per_weq(x, p);
        x.national_eur_yr = x.total_eur_yr - out.reference.total_eur_yr;
        x.eur_weq_yr = x.national_eur_yr / out.weq;
        x.eur_tco2 = x.national_eur_yr / out.reference_co2_t;  // 2030: green electricity and gas emit nothing
        x.enduser_eur_dw = x.enduser_eur_yr / weq;
    }
    return out;
}

}  // namespace warmte
