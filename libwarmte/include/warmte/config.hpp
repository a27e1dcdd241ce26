// The configuration's structs. Every parameter is declared once, as a row of the parameter table
// in config.cpp (key, default, unit, source, description): that table feeds the TOML keys,
// `warmte --help-config`, the provenance record, and the defaults themselves (each struct's
// constructor takes them from its rows, so `CostParameters{}` holds them too). Members without
// a row (derived or internal) keep their initializers here.
#pragma once

#include "warmte/role.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace warmte {

struct NeighbourhoodFields {
    NeighbourhoodFields();  // every parameter at its row's default (config.cpp)
    std::string id;
    std::string name;
    std::string municipality;
    std::string water_flag;  // CBS: JA for a buurt that is mostly water
    std::string gas_main_renewal_year;
    std::string sewer_works_year;
    std::string renovation_year;
    // Measured use (CBS kerncijfers wijken en buurten, names of CBS's GeoPackage).
    std::string dwellings_measured;
    std::string gas_m3_per_dwelling;
    std::string district_heating_share;  // percent
    // Tenure (percent of the dwellings; CBS's wijk- en buurtkaart names): the costs per household.
    std::string owner_share;
    std::string social_share;
    std::string private_share;
};

struct BuildingFields {
    BuildingFields();  // every parameter at its row's default (config.cpp)
    std::string id;
    std::string status;
    std::string year;
    // When `year` is absent: the names the LVBAG driver, PDOK and 3DBAG give it.
    std::vector<std::string> year_alternates;
    // A BAG extract (LVBAG driver) holds every version of a pand; one with an end date is history.
    std::vector<std::string> history;
    std::string use;
    std::string floor_area;
    std::string dwellings;
    std::string storeys;
    std::string roof_height;
    std::string ground_height;
    // PDOK BAG pand services: smallest and largest verblijfsobject area in the pand.
    std::string floor_area_min;
    std::string floor_area_max;
};

/// BAG verblijfsobjecten (the addresses role): one per dwelling, shop, office, ...
struct AddressFields {
    AddressFields();  // every parameter at its row's default (config.cpp)
    /// The pand reference: the first of these the layer carries (the one used is in the provenance).
    std::vector<std::string> building_id;
    std::string use;
    std::string floor_area;
    std::string status;
};

/// 3DBAG heights joined to the panden by id (the heights role).
struct HeightFields {
    HeightFields();  // every parameter at its row's default (config.cpp)
    std::string id;  // NL.IMBAG.Pand.<16 digits> or the bare BAG id
};

/// Rules that turn BAG attributes into floor area, storeys, dwellings (docs/model.md §3.1).
struct BuildingRules {
    BuildingRules();  // every parameter at its row's default (config.cpp)
    std::vector<double> floor_area_placeholders;
    // Plausible ranges: a value outside is missing, and recorded (issue 14).
    double max_floor_area_m2;  // the largest Dutch buildings (FloraHolland Aalsmeer) have ~1e6 m2 (est.)
    double max_dwellings;     // the largest Dutch residential buildings have under 1,000 dwellings (est.)
    double max_height_m;       // roof above ground; the tallest Dutch building is 165 m (est.)

    /// A BAG floor area that is a number: positive, finite and not a placeholder.
    bool real_floor_area(double x) const {
        return x > 0 && x <= std::numeric_limits<double>::max() &&
               std::find(floor_area_placeholders.begin(), floor_area_placeholders.end(), x) ==
                   floor_area_placeholders.end();
    }
    double usable_floor_fraction;
    double storey_height_m;
    double default_storeys;
    double max_storeys;
    double default_year;
    double reference_year;
    double floor_area_per_dwelling_m2;
    std::string default_use;
    double outbuilding_max_footprint_m2;
    double touch_distance_m;
    double high_rise_above_storeys;
    // Panden only (no use, dwelling or verblijfsobject data): annexes and halls (issue 13).
    double annex_max_footprint_m2;     // a pand this small next to a much larger one is an annex (est.)
    double annex_near_m;                // "next to": within this distance (est.)
    double annex_size_ratio;            // "much larger": at least this many times its footprint (est.)
    double hall_min_footprint_m2;     // footprints this large ...
    double hall_min_depth_m;           // ... and this deep (2 x area / perimeter) are not dwellings (est.)
    std::string hall_use;  // the use such a hall is given (est.)
};

struct DemandParameters {
    DemandParameters();  // every parameter at its row's default (config.cpp)
    double hot_water_gj_per_dwelling;
    // What households really use (issue 31, docs/demand.md): the theoretical demand times PBL
    // Vesta's Startanalyse scaling and the measured/theoretical factor per type, period, label.
    bool practice_factor;
    double space_heat_scale;  // Vesta Startanalyse 2025, Drager/RuimteVerwarming
    double hot_water_scale;   // Vesta Startanalyse 2025, Drager/TapWater
    std::string practice_factor_table;  // CSV path; empty: the built-in table
    std::string local_practice_factor_table;  // Vesta's per buurt and type (CSV path); empty: none
    double validation_min_dwellings;  // smaller buurten are reported apart by the validation
    std::string fallback_use;
    std::string residential_table;      // CSV path; empty: the built-in table
    std::string non_residential_table;  // CSV path; empty: the built-in table
    std::string label_table;            // CSV path; empty: the built-in table
    // Measured use beside the model (CBS gas per dwelling, docs/model.md §3.1).
    double gas_mj_per_m3;
    double boiler_efficiency;
    double measured_band_low;    // demand_vs_measured below this is recorded (est.)
    double measured_band_high;    // and above this (est.)
    std::string calibrate;     // "measured": scale residential space heat to the measured use
};

struct NetworkParameters {
    NetworkParameters();  // every parameter at its row's default (config.cpp)
    double effective_width_slope_m;
    double effective_width_intercept_m;
    double effective_width_max_m;
    double plot_ratio_break;
};

struct WaterFields {
    WaterFields();  // every parameter at its row's default (config.cpp)
    std::string type;  // TOP10NL/BGT: waterloop (flowing), meer/plas (stagnant)
    std::string discharge;
    std::string width;  // lines with a width are buffered into polygons
};

struct SourceFields {
    SourceFields();  // every parameter at its row's default (config.cpp)
    std::string plant_flow;  // waste-water treatment plants (RWZI)
    std::string mains_flow;  // drinking-water mains
    std::string wko_class;   // WKO suitability layer
    std::string residual_heat;   // residual heat available, GJ/yr
    std::string residual_temperature;  // HT / MT / LT
};

/// Aquathermie supply and matching (docs/model.md §3.3).
struct SupplyParameters {
    SupplyParameters();  // every parameter at its row's default (config.cpp)
    std::vector<std::string> residual_heat_classes;  // residual heat fit for an MT network (S2a)
    double residual_heat_max_reach_m;  // residual heat farther than this serves no buurt (est.)
    double min_water_area_m2;
    std::vector<std::string> flowing_water_types;
    double stagnant_yield_gj_m2;
    double flow_fraction;
    double teo_heat_capacity_mj_m3k;
    double teo_delta_t_k;
    double teo_hours;
    double effluent_heat_capacity_mj_m3k;
    double tea_delta_t_k;
    double ted_delta_t_k;
    double supply_temperature_c;
    std::string spf_table;  // CSV path; empty: built-in
    double max_reach_m;
    double reach_cluster_cell_m;
    std::string matching;  // or "all_pairs": the reference, every pair in reach
    double teo_min_dwellings;
    double tea_min_dwellings;
    double network_min_dwelling_density_ha;
    // Vesta TEOData.dms: E_of_Beter = label <= E; the default label E/F of pre-1965 stock is worse.
    std::vector<std::string> teo_labels;
    std::vector<std::string> wko_suitable_classes;
};

/// One scoring criterion: a piecewise-linear ramp from `zero` (normalised 0) to `one`
/// (normalised 1), clamped; `one` below `zero` makes a falling ramp (distances).
struct Criterion {
    std::string name;
    double weight;
    double zero;
    double one;
};

/// The two scores; their criteria are declared in the criterion registry (criteria.hpp).
enum class ScoreKind { heat_network, aquathermie };
/// The criteria of a score with their default weights and anchors, from the registry.
std::vector<Criterion> default_criteria(ScoreKind kind);

/// Scores, classes, strategy and phasing (docs/model.md §3.4).
struct ScoreParameters {
    ScoreParameters();  // every parameter at its row's default (config.cpp)
    std::vector<Criterion> heat_network = default_criteria(ScoreKind::heat_network);
    std::vector<Criterion> aquathermie = default_criteria(ScoreKind::aquathermie);
    double network_near_m;   // existing network this close: supply nearby = 1
    double network_far_m;   // this far: 0
    double class_possible;
    double class_promising;
    double strategy_network_near_m;
    double strategy_low_density_gj_ha;
    double strategy_insulated_share;
    std::string decision;      // "cost": cheapest national costs (Startanalyse); "rules": the rule set
    double near_tie_share;        // a runner-up within this share of the cheapest is a near tie (est.)
    double near_tie_eur_weq;       // or within this many EUR/WEQ/yr (est.)
    double wide_gap_eur_weq;       // a lead of this many EUR/WEQ/yr or more is "very_clear" on the map (est.)
    double phase_early_until;
    double phase_mid_until;
};

struct GridParameters {
    GridParameters();  // every parameter at its row's default (config.cpp)
    double cell_size_m;
    double dh_min_density_gj_ha;
    double dh_min_area_demand_gj;
    std::vector<std::string> intensive_columns;  // polygon-grid columns averaged, not summed
    double suppressed_at_or_below;      // CBS: -99997 and friends are missing
};

/// How warmte batch splits the study area (batch.hpp). The halo is what a partition reads around
/// its own buurten: of the buildings and what lies with them a narrow one (their neighbours), of
/// the layers measured by distance (water, heat-network lines) a wide one; a run checks that
/// nothing it measured reached past them and otherwise is read again with a wider one, up to the
/// largest.
struct BatchParameters {
    BatchParameters();  // every parameter at its row's default (config.cpp)
    double start_halo_m;            // most buildings' neighbours lie within (est.)
    double start_distance_halo_m;  // most buildings' nearest water lies within (est.)
    double halo_m;                 // the largest: the aquathermie reach of 5 km + margin (est.)
};

/// Prices (2030, national: commodity + CO2 levy + network, no taxes) and finance of the cost model
/// (docs/costs.md §1 and §3). The kentallen are a table (libwarmte/data/cost_kentallen.csv).
struct CostParameters {
    CostParameters();  // every parameter at its row's default (config.cpp)
    double social_discount_rate;  // Vesta Basis.dms
    double installation_years;
    double building_years;            // insulation, low-temperature emitters
    double grid_years;                // electricity and gas grids
    double heat_network_years;        // revenue years 2-30
    double heat_network_start_years;   // source and transport are paid before the first revenue year
    double min_max_slider;           // Vesta VerbeterMinMaxSchuif: 0 = min, 1 = max of every range
    double learning_curve_slider;    // 0 = the optimistic, 1 = the pessimistic learning curves of 2030
    double natural_gas_eur_gj;
    double green_gas_eur_gj;
    double green_gas_large_eur_gj;
    double electricity_eur_gj;     // green electricity
    double utility_m2_per_weq;
    // End users (docs/costs.md §1 and §3): prices excl. VAT incl. energy tax and SDE, VAT, own finance.
    double enduser_natural_gas_eur_gj;
    double enduser_green_gas_eur_gj;
    double enduser_electricity_eur_gj;
    double vat_factor;
    double building_works_factor;       // on insulation and emitters (Vesta Rapportage, docs/costs.md §1)
    double owner_discount_rate;        // Vesta Basis.dms E_bw
    double installation_subsidy_share;   // Vesta Basis.dms Rs_LokaleOpwekking
    std::string heat_price_link;  // heat priced like the gas it replaces: natural_gas | green_gas
    // The Startanalyse's low and high price sets G03/G04 (only green electricity and green gas differ).
    double electricity_low_eur_gj;
    double electricity_high_eur_gj;
    double green_gas_low_eur_gj;
    double green_gas_high_eur_gj;
    std::string kentallen_table;           // CSV path; empty: built-in
    std::string insulation_table;          // CSV path; empty: built-in
    double default_service_pipe_m;    // per connection without a roads layer (docs/costs.md §4, est.)
    double max_distribution_m_per_connection;  // Vesta: at least one connection per 100 m of road
    double road_reach_m;              // road within this distance of buildings carries distribution pipe (Vesta)
    bool wko_everywhere;            // S3c: a buurt WKO needs no local source data (Vesta BuurtWKO)
    // The extra peak on the electricity grid per dwelling equivalent that switches (grid.*, issue 35).
    double grid_hp_peak_kw;          // full heat pump: Vesta KT Vermogens 0.5 x 7 kW (range 1.2-3.5)
    double grid_hybrid_peak_kw;     // hybrid heat pump: 0.5 x 3.9 kW
    double grid_central_plant_kw;    // S3's collective heat pump per connection (est.)
    double grid_station_kva;         // a new MV/LV station (Vesta KT Netbeheer)

    bool operator==(const CostParameters&) const = default;  // CostMemo: same parameters, same costs
};

/// The heat network in the streets (issue 33, docs/streets.md): the road graph, street heat
/// densities, clusters, routes, pipe sizes and phases. Read with --roads only.
struct StreetParameters {
    StreetParameters();  // every parameter at its row's default (config.cpp)
    bool all_buurten;          // route every buurt, not only those whose cheapest or runner-up is S2/S3
    double snap_m;               // road ends this close meet (est.)
    bool node_crossings;        // roads meet where they cross (false: only at shared ends, NWB)
    double lhd_low_mwh_m;        // street class thresholds: F|Heat
    double lhd_mid_mwh_m;        // France Chaleur Urbaine
    double lhd_high_mwh_m;       // Scotland (Heat Networks Act zoning)
    double cluster_min_mwh_m;    // streets at least this dense start a cluster (est.)
    double cluster_gap_m;        // dense streets joined through a street this short (est.)
    int cluster_min_buildings;     // fewer joining buildings make no cluster (est.)
    double max_source_road_m;    // a source farther from its cluster's roads gets an energy centre (est.)
    double simultaneity_a;  // Winter, Haslinger, Kaufmann (2001) simultaneity factor
    double simultaneity_b;
    double simultaneity_c;
    double simultaneity_d;
    double delta_t_k;             // supply minus return, MT 70/40 (est.)
    double water_density_kg_m3;  // water at 70 degC
    double water_heat_capacity_kj_kgk;
    int phase_count;               // clusters in this many phases (est.)
    int first_phase_year;       // the first phase's first year (est.: after the 2026 programme)
    int phase_years;               // years per phase (est.)
    int steiner_starts;            // the route heuristic's starts (docs/streets.md §4)
    int steiner_starts_up_to;    // larger clusters grow from their source only (est.)
    double works_near_m;          // a works line this close to a street lies along it (est.)
    double works_min_share;      // of the street's length, for the works to be linked to it (est.)
};

/// The roads layer's attributes (--roads).
struct RoadFields {
    RoadFields();  // every parameter at its row's default (config.cpp)
    std::string works_year;  // gas-main or sewer renewal year of the road (optional)
};

/// The works layer's attributes (--works).
struct WorksFields {
    WorksFields();  // every parameter at its row's default (config.cpp)
    std::string year;  // the year the works are planned
};

/// The grid operators' layers (--grid-stations, --grid-congestion) and how they read (issue 35).
struct GridCapacityFields {
    GridCapacityFields();  // every parameter at its row's default (config.cpp)
    std::string station_capacity;  // what a station can carry, kVA
    std::string station_peak;           // today's peak, kW (optional)
    std::string station_headroom;   // or the headroom the operator states, kW (optional)
    std::string congestion_status;       // red / orange / green (offtake)
    std::string congestion_year;           // the year the constraint is expected to lift
};

struct GridCapacityParameters {
    GridCapacityParameters();  // every parameter at its row's default (config.cpp)
    double power_factor;            // kW per kVA (Vesta prices a 630 kVA station as 630 kW)
    double station_loading_share;   // today's peak / capacity when a station states neither (est.)
    double max_station_kva;      // a capacity above this is a mistake (a 150/10 kV substation: ~80 MVA)
    double station_space_m2;         // a compact station kiosk with its clearance (est.)
    std::vector<std::string> congested_values;
    std::vector<std::string> limited_values;
    std::vector<std::string> free_values;
};

/// Who pays what per household (issue 34): owner-occupiers pay everything; tenants pay their
/// energy bills and fixed charges and a rent increase, which for corporation tenants is at most
/// their energy saving (woonlastenneutraal, the 2020 Startmotor agreement) and for private
/// tenants the landlord's extra costs passed on (est.).
struct TenureParameters {
    TenureParameters();  // every parameter at its row's default (config.cpp)
    double default_owner_share;    // CBS Woningvoorraad naar eigendom, 2022 (rounded)
    double default_social_share;
    double default_private_share;
    double social_rent_increase_share;  // of the tenant's energy saving a corporation may ask as rent
    double max_rise_eur_month;        // a household whose costs rise by more than this counts as rising (est.)
    bool operator==(const TenureParameters&) const = default;  // CostMemo: same rules, same monthly costs
};

/// The Latin-hypercube draws behind choice_confidence (issue 34): each draw takes every kental
/// somewhere in its range, the energy prices, the social discount rate, the demand and the heat
/// pump's grid peak somewhere in theirs.
struct UncertaintyParameters {
    UncertaintyParameters();  // every parameter at its row's default (config.cpp)
    int samples;                       // draws; 0: none (warmte analyse --uncertainty N)
    double seed;                // the same seed gives the same draws
    double demand_spread;            // demand x 1 +- this (the +-20 % band of docs/demand.md, est.)
    double natural_gas_spread;       // the reference's gas price x 1 +- this (est.)
    double discount_rate_low;       // social discount rate range (est. around Vesta's 2.25 %)
    double discount_rate_high;
    double hp_peak_low_kw;           // grid.hp_peak_kw range (issue 35)
    double hp_peak_high_kw;
    double robust_share;             // a choice cheapest in this share of the draws is "robust"
};

/// A grid input: a raster ("file.tif" or "file.tif:BAND") or a polygon grid ("file.gpkg:layer").
struct GridSource {
    std::string name;  // field prefix in the output
    std::string source;
};

/// What a run reads: one source per input role (empty: not given; any GDAL dataset name, or
/// path:layer) and the grid inputs.
struct RunInputs {
    std::array<std::string, role_count> layers;
    /// The layer to read of each role's dataset (empty: the name after "path:", or the only layer).
    /// Needed for dataset names that hold colons themselves: PG:..., OAPIF:..., WFS:...
    std::array<std::string, role_count> layer_names;
    std::vector<GridSource> grids;

    std::string& operator[](Role r) { return layers[static_cast<std::size_t>(r)]; }
    const std::string& operator[](Role r) const { return layers[static_cast<std::size_t>(r)]; }
};

/// What a run writes, and how (TOML table [output]).
struct OutputSettings {
    OutputSettings();  // every parameter at its row's default (config.cpp)
    std::string path;             // the GeoPackage
    std::string heat_grid;        // GeoTIFF of heat density; empty: not written
    bool buildings_layer;  // a 'buildings' layer with per-building results
    bool grid_buildings;   // also sample raster grids per building
    bool map;              // a PNG map beside the GeoPackage (drawn by the Python package)
    std::string language;   // legends, labels and style names: "nl" or "en"
    int table_max_buurten;    // the CLI prints a line per buurt up to this many, else a summary (est.)
};

struct Config {
    Config();  // every parameter at its row's default (config.cpp)
    std::string analysis_crs;
    std::string assume_crs;  // empty: a layer without CRS is an error
    double extent_margin_m;  // coordinates this far beyond the CRS's area of use are nonsense (est.)
    double overlap_tolerance_m2;  // buurten sharing more area than this overlap (est.)
    int threads;         // 0: all cores
    NeighbourhoodFields neighbourhood_fields;
    BuildingFields building_fields;
    AddressFields address_fields;
    HeightFields height_fields;
    std::vector<std::string> address_in_use_status;
    std::vector<std::string> in_use_status;
    BuildingRules building_rules;
    DemandParameters demand;
    NetworkParameters network;
    StreetParameters streets;
    RoadFields road_fields;
    WorksFields works_fields;
    GridParameters grid;
    WaterFields water_fields;
    SourceFields source_fields;
    SupplyParameters supply;
    ScoreParameters score;
    CostParameters costs;
    GridCapacityFields grid_capacity_fields;
    GridCapacityParameters grid_capacity;
    UncertaintyParameters uncertainty;
    TenureParameters tenure;
    int sensitivity_samples;
    double sensitivity_spread;
    std::uint64_t sensitivity_seed;
    RunInputs inputs;
    OutputSettings output;
    BatchParameters batch;
};

struct ParameterInfo {
    std::string key;          // dotted TOML key, e.g. "analysis.crs"
    std::string value;        // current value as a TOML literal
    std::string unit;
    std::string source;       // docs/model.md section or data source
    std::string description;
};

/// Reads TOML text over the defaults. `origin` names the file in messages; relative input
/// paths are resolved against `base_dir`. Unknown keys and wrong types are ConfigErrors.
Config parse_config(const std::string& toml_text, const std::string& origin,
                    const std::filesystem::path& base_dir = {});
/// Reads TOML text over an existing configuration (for re-scoring with changed weights).
Config parse_config_over(const Config& base, const std::string& toml_text, const std::string& origin);

/// A dataset name GDAL opens that is no local file: a driver prefix of two letters or more
/// ("PG:", "OAPIF:", "WFS:"; "C:" stays a drive), a virtual file system ("/vsizip/") or a URL.
bool is_gdal_dataset_name(const std::string& spec);

/// The languages of legends, labels and style names (output.language): "nl" and "en".
bool is_supported_language(const std::string& language);
const std::vector<std::string>& supported_languages();

/// Every parameter with its current value, in declaration order.
std::vector<ParameterInfo> describe(const Config& config);
/// The effective configuration as TOML (for provenance and reproducible runs). Input sources are
/// redacted (redact.hpp): this text goes into outputs, so it never carries a password.
std::string to_toml(const Config& config);

/// One warning per input of `config` (read from the project file `origin`) that holds a password
/// or token, saying where to keep it instead. The run goes on: outputs are redacted anyway.
std::vector<std::string> secret_warnings(const Config& config, const std::string& origin);

}  // namespace warmte
