// Heat demand from BAG footprints (docs/model.md §3.1): building attributes with documented
// fallbacks, the dwelling type from geometry (PBL Vesta rule), and space heat + hot water per
// building from the Vesta a + b·A tables, which live as CSV beside the code.
#pragma once

#include "warmte/coded_text.hpp"
#include "warmte/config.hpp"
#include "warmte/data_quality.hpp"
#include "warmte/layer.hpp"
#include "warmte/progress.hpp"
#include "warmte/spatial_index.hpp"

#include <array>
#include <cmath>
#include <cstdint>
#include <unordered_map>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace warmte {

enum class BuildingType : std::uint8_t {
    detached,
    semi_detached,
    corner,
    terraced,
    multi_family_low,
    multi_family_high,
    non_residential,
    outbuilding,  // a shed or garage: no dwellings, no demand
};

/// The table key of a type ("terraced", ...).
const char* type_name(BuildingType type);

struct DemandRow {
    std::string key;  // building type or BAG use
    double from_year, to_year;
    double a_gj, b_gj_per_m2;
};

struct LabelRow {
    double from_year, to_year;
    std::string label;
};

/// Measured over theoretical space heat of a dwelling type, period and label (practice_factor.csv).
struct PracticeRow {
    std::string type;
    double from_year, to_year;
    std::string label;
    bool default_label;  // the label the residential table's a + b*A stands for
    double factor;
};

/// Vesta's dwelling types (woningtypeBestaand 1-6): BuildingType's first six, in its order.
inline constexpr std::size_t vesta_dwelling_types = 6;

/// PBL's local practice factor per buurt and dwelling type (Vesta's LokalePraktijkFactor):
/// the buurt's space heat of that type is divided by it.
struct LocalPracticeFactors {
    std::unordered_map<std::string, std::array<double, vesta_dwelling_types>> by_buurt;  // NaN: no row for the type
    bool empty() const { return by_buurt.empty(); }
};

class DemandTables {
public:
    std::vector<DemandRow> residential;
    std::vector<DemandRow> non_residential;
    std::vector<LabelRow> labels;
    std::vector<PracticeRow> practice;
    LocalPracticeFactors local_practice;  // empty unless demand.local_practice_factor_table names one

    /// (a, b) for a dwelling type and year. Years between two published classes take the mean of
    /// the neighbouring classes; years after the last class take the last.
    std::pair<double, double> residential_coefficients(BuildingType type, double year) const;
    /// (a, b) for a BAG use and year, or nullopt when the table has no row for the use.
    std::optional<std::pair<double, double>> non_residential_coefficients(const std::string& use, double year) const;
    std::string label(double year) const;
    /// The practice factor of a dwelling type and year at the label the residential table stands
    /// for (years past the last period take the last); 1 for types without rows.
    double practice_factor(BuildingType type, double year) const;
};

/// Parses the four CSV texts (comment lines start with '#'); `origin` names them in errors.
DemandTables parse_demand_tables(const std::string& residential_csv, const std::string& non_residential_csv,
                                 const std::string& labels_csv, const std::string& practice_csv,
                                 const std::string& origin);

/// What decided whether a building holds dwellings, other uses, or nothing that needs heat.
enum class ClassifiedBy : std::uint8_t {
    addresses,             // its verblijfsobjecten in use
    annex_no_addresses,    // in use, but no verblijfsobject at all: a garage, shed or barn
    no_addresses_in_use,   // verblijfsobjecten, none of them in use: no demand yet
    attributes,            // its use or dwelling attributes (PDOK pand services, BAG light)
    annex_no_use,          // attributes say no use and no verblijfsobject: an annex
    small_footprint,       // panden only: smaller than buildings.outbuilding_max_footprint_m2
    annex_beside_larger,   // panden only: small, next to a much larger pand
    hall,                  // panden only: a large, deep footprint (a hall, barn or school)
    footprint,             // panden only: a dwelling building, dwellings from its floor area
};
/// Where a building's floor area came from.
enum class FloorAreaRule : std::uint8_t {
    addresses,    // the sum of its verblijfsobjecten's areas
    attribute,    // the floor-area attribute
    vbo_exact,    // PDOK: one verblijfsobject, its area
    vbo_min_max,  // PDOK: n x (smallest + largest) / 2 (est.), between n x smallest and n x largest
    footprint,    // footprint x storeys x buildings.usable_floor_fraction (est.)
};
inline constexpr std::size_t classified_by_count = 9;
inline constexpr std::size_t floor_area_rule_count = 5;
/// Output names: "addresses", "annex_no_addresses", ... and "addresses", "attribute", ...
const char* classified_by_name(ClassifiedBy c);
const char* floor_area_rule_name(FloorAreaRule r);

/// Attributes of each building after the fallbacks of docs/model.md §3.1.
struct BuildingAttributes {
    std::vector<double> year;
    CodedLists uses;  // BAG gebruiksdoelen, at least one, sorted
    /// Floor area of each use, m², one for each value of `uses` in its order (all of a building's
    /// NaN: not known, equal shares of floor_area_m2); empty when no building has them.
    std::vector<double> use_floor_m2;
    std::vector<double> floor_area_m2;           // usable floor area, whole building
    std::vector<ClassifiedBy> classified_by;
    std::vector<FloorAreaRule> floor_area_rule;
    std::vector<double> storeys;
    std::vector<double> dwellings;
    std::vector<std::uint8_t> residential;   // has woonfunctie
    std::vector<std::uint8_t> outbuilding;   // shed or garage (no use or dwelling data, small)
    std::vector<std::uint8_t> estimated;     // bit 0 floor area, 1 storeys, 2 dwellings, 3 year, 4 use

    /// Building i's floor area per use, in the order of its uses, when known; else empty.
    std::span<const double> floor_by_use(std::size_t i) const {
        if (use_floor_m2.empty() || uses.count(i) == 0 || std::isnan(use_floor_m2[uses.first(i)])) return {};
        return std::span<const double>(use_floor_m2).subspan(uses.first(i), uses.count(i));
    }
};

enum EstimatedBits : std::uint8_t {
    estimated_floor_area = 1,
    estimated_storeys = 2,
    estimated_dwellings = 4,
    estimated_year = 8,
    estimated_use = 16,
};

struct BuildingUnits;

/// Reads the attributes of `buildings` with fallbacks; every fallback is counted in `quality`
/// (per feature for nonsense values, as counts for plain estimates). With `units` (the joined
/// verblijfsobjecten) those give dwellings and floor area per use; without, the pand attributes
/// do, and without those the panden-only rules (annexes beside larger panden, halls).
/// `tables` tells which BAG uses are known. `index`, when given, is a SpatialIndex of the
/// buildings' footprints made before (the annex rule's search uses it; else one is made when needed).
BuildingAttributes derive_attributes(const VectorLayer& buildings, const Config& config, const DemandTables& tables,
                                     DataQuality& quality, const BuildingUnits* units = nullptr,
                                     const SpatialIndex* index = nullptr);

/// Dwelling type of each building from touching residential neighbours (PBL Vesta). `index`, when
/// given, is a SpatialIndex of `footprints` made before (else one is made here).
std::vector<BuildingType> classify_building_types(const GeometryArray& footprints, const BuildingAttributes& attributes,
                                                  const BuildingRules& rules, unsigned threads, const Progress& progress,
                                                  const SpatialIndex* index = nullptr);

struct BuildingDemand {
    std::vector<BuildingType> type;
    CodedText label;  // default energy label by construction year
    std::vector<double> space_heat_gj;
    std::vector<double> space_heat_theoretical_gj;  // before demand.practice_factor (equal without it)
    std::vector<double> hot_water_gj;
    std::vector<double> residential_space_gj;  // the part of space_heat_gj of the dwellings
    double total(std::size_t i) const { return space_heat_gj[i] + hot_water_gj[i]; }
    /// Space heat and hot water of the dwellings (all hot water is theirs).
    double residential(std::size_t i) const { return residential_space_gj[i] + hot_water_gj[i]; }
};

/// Space heat and hot water per building (the same on any number of `threads`).
BuildingDemand compute_demand(const BuildingAttributes& attributes, std::vector<BuildingType> types,
                              const DemandTables& tables, const DemandParameters& parameters, unsigned threads = 1);

/// Parses Vesta's local practice-factor file (gem2020;wijk2020;buurt2020;woningtype;verschilfactor,
/// woningtype 1-6 in the order of BuildingType; ';' or ','). ConfigError naming `origin`.
LocalPracticeFactors parse_local_practice_factors(const std::string& csv, const std::string& origin);

/// The demand stage: attributes, dwelling type, label and demand of every building.
struct DemandResult {
    BuildingAttributes attributes;
    BuildingDemand demand;
    std::vector<double> total_gj;  // space heating + hot tap water per building
};

/// Divides the dwellings' space heat of each building by the local factor of its home buurt
/// (`home`: index into `buurt_codes`, -1 outside) and type, where the table has one; returns how
/// many buildings it changed. Hot water and other uses are left alone, as Vesta does.
std::size_t apply_local_practice_factors(DemandResult& demand, const std::vector<int>& home,
                                         const std::vector<std::string>& buurt_codes,
                                         const LocalPracticeFactors& factors);

/// The buildings whose demand is estimated, with what the run knows of them already.
struct DemandBuildings {
    const VectorLayer& layer;
    const BuildingUnits* units = nullptr;  // the joined verblijfsobjecten, if any
    const SpatialIndex* index = nullptr;   // a SpatialIndex of the footprints made before, if any
};

/// Derives the attributes, classifies the dwelling types and computes the demand.
DemandResult estimate_demand(const DemandBuildings& buildings, const Config& config, const DemandTables& tables,
                             unsigned threads, const Progress& progress, DataQuality& quality);

}  // namespace warmte
