// The configuration: every parameter declared once (key, default, unit, source, description).
// That one table feeds the TOML keys, `warmte --help-config`, and the provenance record.
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
    std::string id = "buurtcode";
    std::string name = "buurtnaam";
    std::string municipality = "gemeentecode";
    std::string water_flag = "water";  // CBS: JA for a buurt that is mostly water
    std::string gas_main_renewal_year = "gas_main_renewal_year";
    std::string sewer_works_year = "sewer_works_year";
    std::string renovation_year = "renovation_year";
    // Measured use (CBS kerncijfers wijken en buurten, names of CBS's GeoPackage).
    std::string dwellings_measured = "woningvoorraad";
    std::string gas_m3_per_dwelling = "gemiddeld_aardgasverbruik_totaal";
    std::string district_heating_share = "percentage_woningen_met_stadsverwarming";  // percent
    // Tenure (percent of the dwellings; CBS's wijk- en buurtkaart names): the costs per household.
    std::string owner_share = "percentage_koopwoningen";
    std::string social_share = "percentage_huurwoningen_in_bezit_woningcorporaties";
    std::string private_share = "percentage_huurwoningen_in_bezit_overige_verhuurders";
};

struct BuildingFields {
    std::string id = "identificatie";
    std::string status = "status";
    std::string year = "bouwjaar";
    // When `year` is absent: the names the LVBAG driver, PDOK and 3DBAG give it.
    std::vector<std::string> year_alternates = {"oorspronkelijkBouwjaar", "oorspronkelijkbouwjaar",
                                                "oorspronkelijk_bouwjaar"};
    // A BAG extract (LVBAG driver) holds every version of a pand; one with an end date is history.
    std::vector<std::string> history = {"eindGeldigheid", "eindRegistratie"};
    std::string use = "gebruiksdoel";
    std::string floor_area = "oppervlakte";
    std::string dwellings = "aantal_verblijfsobjecten";
    std::string storeys = "b3_bouwlagen";
    std::string roof_height = "b3_h_dak_70p";
    std::string ground_height = "b3_h_maaiveld";
    // PDOK BAG pand services: smallest and largest verblijfsobject area in the pand.
    std::string floor_area_min = "oppervlakte_min";
    std::string floor_area_max = "oppervlakte_max";
};

/// BAG verblijfsobjecten (the addresses role): one per dwelling, shop, office, ...
struct AddressFields {
    /// The pand reference: the first of these the layer carries (the one used is in the provenance).
    std::vector<std::string> building_id = {"pand_identificatie", "pandidentificatie", "pandref"};
    std::string use = "gebruiksdoel";
    std::string floor_area = "oppervlakte";
    std::string status = "status";
};

/// 3DBAG heights joined to the panden by id (the heights role).
struct HeightFields {
    std::string id = "identificatie";  // NL.IMBAG.Pand.<16 digits> or the bare BAG id
};

/// Rules that turn BAG attributes into floor area, storeys, dwellings (docs/model.md §3.1).
struct BuildingRules {
    std::vector<double> floor_area_placeholders = {1, 9999, 99999, 999999};
    // Plausible ranges: a value outside is missing, and recorded (issue 14).
    double max_floor_area_m2 = 2e6;  // the largest Dutch buildings (FloraHolland Aalsmeer) have ~1e6 m2 (est.)
    double max_dwellings = 3000;     // the largest Dutch residential buildings have under 1,000 dwellings (est.)
    double max_height_m = 400;       // roof above ground; the tallest Dutch building is 165 m (est.)

    /// A BAG floor area that is a number: positive, finite and not a placeholder.
    bool real_floor_area(double x) const {
        return x > 0 && x <= std::numeric_limits<double>::max() &&
               std::find(floor_area_placeholders.begin(), floor_area_placeholders.end(), x) ==
                   floor_area_placeholders.end();
    }
    double usable_floor_fraction = 0.8;
    double storey_height_m = 2.8;
    double default_storeys = 2;
    double max_storeys = 60;
    double default_year = 1970;
    double reference_year = 2026;
    double floor_area_per_dwelling_m2 = 120;
    std::string default_use = "woonfunctie";
    double outbuilding_max_footprint_m2 = 30;
    double touch_distance_m = 0.2;
    double high_rise_above_storeys = 4;
    // Panden only (no use, dwelling or verblijfsobject data): annexes and halls (issue 13).
    double annex_max_footprint_m2 = 50;     // a pand this small next to a much larger one is an annex (est.)
    double annex_near_m = 2;                // "next to": within this distance (est.)
    double annex_size_ratio = 2;            // "much larger": at least this many times its footprint (est.)
    double hall_min_footprint_m2 = 300;     // footprints this large ...
    double hall_min_depth_m = 10;           // ... and this deep (2 x area / perimeter) are not dwellings (est.)
    std::string hall_use = "industriefunctie";  // the use such a hall is given (est.)
};

struct DemandParameters {
    double hot_water_gj_per_dwelling = 7.5;
    // What households really use (issue 31, docs/demand.md): the theoretical demand times PBL
    // Vesta's Startanalyse scaling and the measured/theoretical factor per type, period, label.
    bool practice_factor = true;
    double space_heat_scale = 0.9;  // Vesta Startanalyse 2025, Drager/RuimteVerwarming
    double hot_water_scale = 0.9;   // Vesta Startanalyse 2025, Drager/TapWater
    std::string practice_factor_table;  // CSV path; empty: the built-in table
    std::string local_practice_factor_table;  // Vesta's per buurt and type (CSV path); empty: none
    double validation_min_dwellings = 50;  // smaller buurten are reported apart by the validation
    std::string fallback_use = "kantoorfunctie";
    std::string residential_table;      // CSV path; empty: the built-in table
    std::string non_residential_table;  // CSV path; empty: the built-in table
    std::string label_table;            // CSV path; empty: the built-in table
    // Measured use beside the model (CBS gas per dwelling, docs/model.md §3.1).
    double gas_mj_per_m3 = 31.65;
    double boiler_efficiency = 1.05;
    double measured_band_low = 0.67;    // demand_vs_measured below this is recorded (est.)
    double measured_band_high = 1.5;    // and above this (est.)
    std::string calibrate = "none";     // "measured": scale residential space heat to the measured use
};

struct NetworkParameters {
    double effective_width_slope_m = 137.5;
    double effective_width_intercept_m = 5;
    double effective_width_max_m = 60;
    double plot_ratio_break = 0.4;
};

struct WaterFields {
    std::string type = "typewater";  // TOP10NL/BGT: waterloop (flowing), meer/plas (stagnant)
    std::string discharge = "flow_m3s";
    std::string width = "width_m";  // lines with a width are buffered into polygons
};

struct SourceFields {
    std::string plant_flow = "flow_m3_day";  // waste-water treatment plants (RWZI)
    std::string mains_flow = "flow_m3_day";  // drinking-water mains
    std::string wko_class = "suitability";   // WKO suitability layer
    std::string residual_heat = "heat_gj";   // residual heat available, GJ/yr
    std::string residual_temperature = "temperature_class";  // HT / MT / LT
};

/// Aquathermie supply and matching (docs/model.md §3.3).
struct SupplyParameters {
    std::vector<std::string> residual_heat_classes = {"HT", "MT"};  // residual heat fit for an MT network (S2a)
    double residual_heat_max_reach_m = 20000;  // residual heat farther than this serves no buurt (est.)
    double min_water_area_m2 = 1000;
    std::vector<std::string> flowing_water_types = {"waterloop"};
    double stagnant_yield_gj_m2 = 0.5;
    double flow_fraction = 0.1;
    double teo_heat_capacity_mj_m3k = 4.18;
    double teo_delta_t_k = 3;
    double teo_hours = 3600;
    double effluent_heat_capacity_mj_m3k = 4.186;
    double tea_delta_t_k = 4;
    double ted_delta_t_k = 3;
    double supply_temperature_c = 50;
    std::string spf_table;  // CSV path; empty: built-in
    double max_reach_m = 5000;
    double reach_cluster_cell_m = 100;
    std::string matching = "nearest_first";  // or "all_pairs": the reference, every pair in reach
    double teo_min_dwellings = 50;
    double tea_min_dwellings = 30;
    double network_min_dwelling_density_ha = 20;
    // Vesta TEOData.dms: E_of_Beter = label <= E; the default label E/F of pre-1965 stock is worse.
    std::vector<std::string> teo_labels = {"A", "B", "C", "D", "E"};
    std::vector<std::string> wko_suitable_classes = {"geschikt", "goed geschikt", "suitable"};
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
    std::vector<Criterion> heat_network = default_criteria(ScoreKind::heat_network);
    std::vector<Criterion> aquathermie = default_criteria(ScoreKind::aquathermie);
    double network_near_m = 500;   // existing network this close: supply nearby = 1
    double network_far_m = 2000;   // this far: 0
    double class_possible = 33;
    double class_promising = 66;
    double strategy_network_near_m = 1000;
    double strategy_low_density_gj_ha = 500;
    double strategy_insulated_share = 0.8;
    std::string decision = "cost";      // "cost": cheapest national costs (Startanalyse); "rules": the rule set
    double near_tie_share = 0.10;        // a runner-up within this share of the cheapest is a near tie (est.)
    double near_tie_eur_weq = 100;       // or within this many EUR/WEQ/yr (est.)
    double wide_gap_eur_weq = 500;       // a lead of this many EUR/WEQ/yr or more is "very_clear" on the map (est.)
    double phase_early_until = 2030;
    double phase_mid_until = 2040;
};

struct GridParameters {
    double cell_size_m = 100;
    double dh_min_density_gj_ha = 1200;
    double dh_min_area_demand_gj = 108000;
    std::vector<std::string> intensive_columns;  // polygon-grid columns averaged, not summed
    double suppressed_at_or_below = -99990;      // CBS: -99997 and friends are missing
};

/// How warmte batch splits the study area (batch.hpp). The halo is what a partition reads around
/// its own buurten: of the buildings and what lies with them a narrow one (their neighbours), of
/// the layers measured by distance (water, heat-network lines) a wide one; a run checks that
/// nothing it measured reached past them and otherwise is read again with a wider one, up to the
/// largest.
struct BatchParameters {
    double start_halo_m = 250;            // most buildings' neighbours lie within (est.)
    double start_distance_halo_m = 1500;  // most buildings' nearest water lies within (est.)
    double halo_m = 5200;                 // the largest: the aquathermie reach of 5 km + margin (est.)
};

/// Prices (2030, national: commodity + CO2 levy + network, no taxes) and finance of the cost model
/// (docs/costs.md §1 and §3). The kentallen are a table (libwarmte/data/cost_kentallen.csv).
struct CostParameters {
    double social_discount_rate = 0.0225;  // Vesta Basis.dms
    double installation_years = 15;
    double building_years = 30;            // insulation, low-temperature emitters
    double grid_years = 50;                // electricity and gas grids
    double heat_network_years = 28;        // revenue years 2-30
    double heat_network_start_years = 2;   // source and transport are paid before the first revenue year
    double min_max_slider = 0.5;           // Vesta VerbeterMinMaxSchuif: 0 = min, 1 = max of every range
    double learning_curve_slider = 0.5;    // 0 = the optimistic, 1 = the pessimistic learning curves of 2030
    double natural_gas_eur_gj = 16.75;
    double green_gas_eur_gj = 37.60;
    double green_gas_large_eur_gj = 31.28;
    double electricity_eur_gj = 26.13;     // green electricity
    double utility_m2_per_weq = 130;
    // End users (docs/costs.md §1 and §3): prices excl. VAT incl. energy tax and SDE, VAT, own finance.
    double enduser_natural_gas_eur_gj = 29.61;
    double enduser_green_gas_eur_gj = 50.46;
    double enduser_electricity_eur_gj = 60.86;
    double vat_factor = 1.21;
    double building_works_factor = 1.15;       // on insulation and emitters (Vesta Rapportage, docs/costs.md §1)
    double owner_discount_rate = 0.055;        // Vesta Basis.dms E_bw
    double installation_subsidy_share = 0.5;   // Vesta Basis.dms Rs_LokaleOpwekking
    std::string heat_price_link = "natural_gas";  // heat priced like the gas it replaces: natural_gas | green_gas
    // The Startanalyse's low and high price sets G03/G04 (only green electricity and green gas differ).
    double electricity_low_eur_gj = 25.22;
    double electricity_high_eur_gj = 27.06;
    double green_gas_low_eur_gj = 27.80;
    double green_gas_high_eur_gj = 160.82;
    std::string kentallen_table;           // CSV path; empty: built-in
    std::string insulation_table;          // CSV path; empty: built-in
    double default_service_pipe_m = 12;    // per connection without a roads layer (docs/costs.md §4, est.)
    double max_distribution_m_per_connection = 100;  // Vesta: at least one connection per 100 m of road
    double road_reach_m = 80;              // road within this distance of buildings carries distribution pipe (Vesta)
    bool wko_everywhere = true;            // S3c: a buurt WKO needs no local source data (Vesta BuurtWKO)
    // The extra peak on the electricity grid per dwelling equivalent that switches (grid.*, issue 35).
    double grid_hp_peak_kw = 3.5;          // full heat pump: Vesta KT Vermogens 0.5 x 7 kW (range 1.2-3.5)
    double grid_hybrid_peak_kw = 1.95;     // hybrid heat pump: 0.5 x 3.9 kW
    double grid_central_plant_kw = 1.1;    // S3's collective heat pump per connection (est.)
    double grid_station_kva = 630;         // a new MV/LV station (Vesta KT Netbeheer)

    bool operator==(const CostParameters&) const = default;  // CostMemo: same parameters, same costs
};

/// The heat network in the streets (issue 33, docs/streets.md): the road graph, street heat
/// densities, clusters, routes, pipe sizes and phases. Read with --roads only.
struct StreetParameters {
    bool all_buurten = false;          // route every buurt, not only those whose cheapest or runner-up is S2/S3
    double snap_m = 0.5;               // road ends this close meet (est.)
    bool node_crossings = true;        // roads meet where they cross (false: only at shared ends, NWB)
    double lhd_low_mwh_m = 0.5;        // street class thresholds: F|Heat
    double lhd_mid_mwh_m = 1.5;        // France Chaleur Urbaine
    double lhd_high_mwh_m = 4.0;       // Scotland (Heat Networks Act zoning)
    double cluster_min_mwh_m = 1.5;    // streets at least this dense start a cluster (est.)
    double cluster_gap_m = 100;        // dense streets joined through a street this short (est.)
    int cluster_min_buildings = 5;     // fewer joining buildings make no cluster (est.)
    double max_source_road_m = 250;    // a source farther from its cluster's roads gets an energy centre (est.)
    double simultaneity_a = 0.449677646;  // Winter, Haslinger, Kaufmann (2001) simultaneity factor
    double simultaneity_b = 0.551234688;
    double simultaneity_c = 53.84382392;
    double simultaneity_d = 1.762743268;
    double delta_t_k = 30;             // supply minus return, MT 70/40 (est.)
    double water_density_kg_m3 = 977.8;  // water at 70 degC
    double water_heat_capacity_kj_kgk = 4.19;
    int phase_count = 3;               // clusters in this many phases (est.)
    int first_phase_year = 2028;       // the first phase's first year (est.: after the 2026 programme)
    int phase_years = 5;               // years per phase (est.)
    int steiner_starts = 4;            // the route heuristic's starts (docs/streets.md §4)
    int steiner_starts_up_to = 200;    // larger clusters grow from their source only (est.)
    double works_near_m = 15;          // a works line this close to a street lies along it (est.)
    double works_min_share = 0.5;      // of the street's length, for the works to be linked to it (est.)
};

/// The roads layer's attributes (--roads).
struct RoadFields {
    std::string works_year = "works_year";  // gas-main or sewer renewal year of the road (optional)
};

/// The works layer's attributes (--works).
struct WorksFields {
    std::string year = "works_year";  // the year the works are planned
};

/// The grid operators' layers (--grid-stations, --grid-congestion) and how they read (issue 35).
struct GridCapacityFields {
    std::string station_capacity = "capacity_kva";  // what a station can carry, kVA
    std::string station_peak = "peak_kw";           // today's peak, kW (optional)
    std::string station_headroom = "headroom_kw";   // or the headroom the operator states, kW (optional)
    std::string congestion_status = "status";       // red / orange / green (offtake)
    std::string congestion_year = "year";           // the year the constraint is expected to lift
};

struct GridCapacityParameters {
    double power_factor = 1.0;            // kW per kVA (Vesta prices a 630 kVA station as 630 kW)
    double station_loading_share = 0.7;   // today's peak / capacity when a station states neither (est.)
    double max_station_kva = 100000;      // a capacity above this is a mistake (a 150/10 kV substation: ~80 MVA)
    double station_space_m2 = 20;         // a compact station kiosk with its clearance (est.)
    std::vector<std::string> congested_values = {"red", "rood", "congested", "congestie"};
    std::vector<std::string> limited_values = {"orange", "oranje", "limited", "beperkt"};
    std::vector<std::string> free_values = {"green", "groen", "free", "vrij", "available"};
};

/// Who pays what per household (issue 34): owner-occupiers pay everything; tenants pay their
/// energy bills and fixed charges and a rent increase, which for corporation tenants is at most
/// their energy saving (woonlastenneutraal, the 2020 Startmotor agreement) and for private
/// tenants the landlord's extra costs passed on (est.).
struct TenureParameters {
    double default_owner_share = 0.57;    // CBS Woningvoorraad naar eigendom, 2022 (rounded)
    double default_social_share = 0.29;
    double default_private_share = 0.14;
    double social_rent_increase_share = 1.0;  // of the tenant's energy saving a corporation may ask as rent
    double max_rise_eur_month = 0;        // a household whose costs rise by more than this counts as rising (est.)
    bool operator==(const TenureParameters&) const = default;  // CostMemo: same rules, same monthly costs
};

/// The Latin-hypercube draws behind choice_confidence (issue 34): each draw takes every kental
/// somewhere in its range, the energy prices, the social discount rate, the demand and the heat
/// pump's grid peak somewhere in theirs.
struct UncertaintyParameters {
    int samples = 0;                       // draws; 0: none (warmte analyse --uncertainty N)
    double seed = 20261207;                // the same seed gives the same draws
    double demand_spread = 0.2;            // demand x 1 +- this (the +-20 % band of docs/demand.md, est.)
    double natural_gas_spread = 0.2;       // the reference's gas price x 1 +- this (est.)
    double discount_rate_low = 0.01;       // social discount rate range (est. around Vesta's 2.25 %)
    double discount_rate_high = 0.04;
    double hp_peak_low_kw = 1.2;           // grid.hp_peak_kw range (issue 35)
    double hp_peak_high_kw = 3.5;
    double robust_share = 0.8;             // a choice cheapest in this share of the draws is "robust"
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
    std::string path;             // the GeoPackage
    std::string heat_grid;        // GeoTIFF of heat density; empty: not written
    bool buildings_layer = false;  // a 'buildings' layer with per-building results
    bool grid_buildings = false;   // also sample raster grids per building
    bool map = false;              // a PNG map beside the GeoPackage (drawn by the Python package)
    std::string language = "nl";   // legends, labels and style names: "nl" or "en"
    int table_max_buurten = 50;    // the CLI prints a line per buurt up to this many, else a summary (est.)
};

struct Config {
    std::string analysis_crs = "EPSG:28992";
    std::string assume_crs;  // empty: a layer without CRS is an error
    double extent_margin_m = 1e6;  // coordinates this far beyond the CRS's area of use are nonsense (est.)
    double overlap_tolerance_m2 = 1.0;  // buurten sharing more area than this overlap (est.)
    int threads = 0;         // 0: all cores
    NeighbourhoodFields neighbourhood_fields;
    BuildingFields building_fields;
    AddressFields address_fields;
    HeightFields height_fields;
    std::vector<std::string> address_in_use_status = {"Verblijfsobject in gebruik",
                                                      "Verblijfsobject in gebruik (niet ingemeten)",
                                                      "Verbouwing verblijfsobject"};
    std::vector<std::string> in_use_status = {"Pand in gebruik", "Pand in gebruik (niet ingemeten)",
                                              "Verbouwing pand"};
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
    int sensitivity_samples = 0;
    double sensitivity_spread = 0.2;
    std::uint64_t sensitivity_seed = 20261124;
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
