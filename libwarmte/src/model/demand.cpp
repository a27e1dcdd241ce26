#include "warmte/demand.hpp"

#include "warmte/bag_join.hpp"

#include "warmte/csv.hpp"
#include "warmte/error.hpp"
#include "parallel.hpp"
#include "warmte/planar.hpp"
#include "warmte/spatial_index.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>
#include <optional>
#include <set>
#include <sstream>

namespace warmte {

namespace {

constexpr const char* residential_use = "woonfunctie";
// BAG uses without a figure in the non-residential table; they take demand.fallback_use.
const std::set<std::string> uses_without_figures = {"celfunctie", "overige gebruiksfunctie"};

const std::vector<std::pair<BuildingType, const char*>> type_names = {
    {BuildingType::detached, "detached"},
    {BuildingType::semi_detached, "semi_detached"},
    {BuildingType::corner, "corner"},
    {BuildingType::terraced, "terraced"},
    {BuildingType::multi_family_low, "multi_family_low"},
    {BuildingType::multi_family_high, "multi_family_high"},
    {BuildingType::non_residential, "non_residential"},
    {BuildingType::outbuilding, "outbuilding"},
};

std::vector<DemandRow> demand_rows(const std::string& text, const std::string& origin, const std::string& key_column) {
    std::vector<DemandRow> rows;
    for (auto& row : parse_csv(text, origin, {key_column, "from_year", "to_year", "a_gj", "b_gj_per_m2", "source"}))
        rows.push_back({row.at(key_column), number_in(row, "from_year", origin), number_in(row, "to_year", origin),
                        number_in(row, "a_gj", origin), number_in(row, "b_gj_per_m2", origin)});
    std::sort(rows.begin(), rows.end(), [](const DemandRow& a, const DemandRow& b) {
        return a.key != b.key ? a.key < b.key : a.from_year < b.from_year;
    });
    return rows;
}

// (a, b) from the rows of one key for a year, interpolating gaps between classes.
std::optional<std::pair<double, double>> coefficients(const std::vector<DemandRow>& rows, const std::string& key,
                                                      double year) {
    const DemandRow* previous = nullptr;
    for (const DemandRow& r : rows) {
        if (r.key != key) continue;
        if (year <= r.to_year) {
            if (year >= r.from_year || !previous) return std::make_pair(r.a_gj, r.b_gj_per_m2);
            // In the gap after `previous`: the mean of both neighbours until the full table is added.
            return std::make_pair((previous->a_gj + r.a_gj) / 2, (previous->b_gj_per_m2 + r.b_gj_per_m2) / 2);
        }
        previous = &r;
    }
    if (previous) return std::make_pair(previous->a_gj, previous->b_gj_per_m2);
    return std::nullopt;
}

}  // namespace

const char* type_name(BuildingType type) {
    for (auto& [t, name] : type_names)
        if (t == type) return name;
    return "unknown";
}

std::pair<double, double> DemandTables::residential_coefficients(BuildingType type, double year) const {
    auto c = coefficients(residential, type_name(type), year);
    if (!c) throw ConfigError(std::string("residential demand table has no rows for type '") + type_name(type) + "'");
    return *c;
}

std::optional<std::pair<double, double>> DemandTables::non_residential_coefficients(const std::string& use,
                                                                                     double year) const {
    return coefficients(non_residential, use, year);
}

std::string DemandTables::label(double year) const {
    for (const LabelRow& r : labels)
        if (year >= r.from_year && year <= r.to_year) return r.label;
    return labels.empty() ? "" : labels.back().label;
}

double DemandTables::practice_factor(BuildingType type, double year) const {
    const PracticeRow* last = nullptr;
    for (const PracticeRow& r : practice) {
        if (!r.default_label || r.type != type_name(type)) continue;
        if (year >= r.from_year && year <= r.to_year) return r.factor;
        last = &r;
    }
    return last ? last->factor : 1.0;
}

DemandTables parse_demand_tables(const std::string& residential_csv, const std::string& non_residential_csv,
                                 const std::string& labels_csv, const std::string& practice_csv,
                                 const std::string& origin) {
    DemandTables t;
    const std::string practice_origin = origin + " (practice factors)";
    for (auto& row : parse_csv(practice_csv, practice_origin,
                               {"type", "from_year", "to_year", "label", "default_label", "factor", "source"})) {
        const double factor = number_in(row, "factor", practice_origin);
        if (!(factor > 0))
            throw ConfigError(practice_origin + ": line " + row.at("#line") + ": factor " + row.at("factor") + " for " +
                              row.at("type") + " must be above 0; measured over theoretical demand is a positive ratio");
        t.practice.push_back({row.at("type"), number_in(row, "from_year", practice_origin),
                              number_in(row, "to_year", practice_origin), row.at("label"),
                              number_in(row, "default_label", practice_origin) != 0, factor});
    }
    t.residential = demand_rows(residential_csv, origin + " (residential)", "type");
    t.non_residential = demand_rows(non_residential_csv, origin + " (non-residential)", "use");
    for (auto& row : parse_csv(labels_csv, origin + " (labels)", {"from_year", "to_year", "label", "source"}))
        t.labels.push_back({number_in(row, "from_year", origin), number_in(row, "to_year", origin), row.at("label")});
    for (auto& [type, name] : type_names) {
        if (type == BuildingType::non_residential || type == BuildingType::outbuilding) continue;
        if (!coefficients(t.residential, name, 2000))
            throw ConfigError(origin + " (residential): no rows for type '" + name + "'");
    }
    return t;
}

namespace {

const char* const classified_by_names[classified_by_count] = {
    "addresses", "annex_no_addresses", "no_addresses_in_use", "attributes", "annex_no_use",
    "small_footprint", "annex_beside_larger", "hall", "footprint"};
const char* const floor_area_rule_names[floor_area_rule_count] = {"addresses", "attribute", "vbo_exact", "vbo_min_max",
                                                                  "footprint"};

// Panden only: a small pand within reach of one at least `ratio` times larger is its annex.
class AnnexRule {
public:
    // `given`: an index of `footprints` made before (the overlay's), else one is made here when a
    // pand first needs it (at 10M buildings packing one is a second).
    AnnexRule(const GeometryArray& footprints, const BuildingRules& rules, const SpatialIndex* given)
        : footprints_(footprints), rules_(rules), given_(given) {}
    bool beside_larger(std::size_t i, double footprint) {
        if (!given_ && !own_) own_.emplace(footprints_);
        const SpatialIndex& index = given_ ? *given_ : *own_;
        const double d = rules_.annex_near_m;
        Box b = index.bounds(static_cast<std::uint32_t>(i));
        bool found = false;
        index.query({b.min_x - d, b.min_y - d, b.max_x + d, b.max_y + d}, [&](std::uint32_t j) {
            if (found || j == i || footprints_.area(j) < rules_.annex_size_ratio * footprint) return;
            found = planar::within_distance(footprints_, i, footprints_, j, d);
        });
        return found;
    }

private:
    const GeometryArray& footprints_;
    const BuildingRules& rules_;
    const SpatialIndex* given_;
    std::optional<SpatialIndex> own_;  // built only when a pand needs it and none was given
};

}  // namespace

const char* classified_by_name(ClassifiedBy c) { return classified_by_names[static_cast<std::size_t>(c)]; }
const char* floor_area_rule_name(FloorAreaRule r) { return floor_area_rule_names[static_cast<std::size_t>(r)]; }

BuildingAttributes derive_attributes(const VectorLayer& buildings, const Config& config, const DemandTables& tables,
                                     DataQuality& quality, const BuildingUnits* units, const SpatialIndex* index) {
    const BuildingRules& rules = config.building_rules;
    const BuildingFields& f = config.building_fields;
    const std::size_t n = buildings.size();
    auto numbers = [&](const std::string& name) -> const std::vector<double>* {
        auto it = buildings.numbers.find(name);
        return it == buildings.numbers.end() ? nullptr : &it->second.values;
    };
    const std::vector<double>* years = numbers(f.year);
    for (const std::string& name : f.year_alternates)
        if (!years) years = numbers(name);
    const std::vector<double>* floor_areas = numbers(f.floor_area);
    const std::vector<double>* floor_mins = numbers(f.floor_area_min);
    const std::vector<double>* floor_maxs = numbers(f.floor_area_max);
    const std::vector<double>* dwelling_counts = numbers(f.dwellings);
    const std::vector<double>* storey_counts = numbers(f.storeys);
    const std::vector<double>* roofs = numbers(f.roof_height);
    const std::vector<double>* grounds = numbers(f.ground_height);
    const TextColumn* uses = buildings.text_column(f.use);
    const bool with_units = units && units->in_use.size() == n;
    auto note = [&](std::size_t i, const char* issue, const std::string& detail) {
        quality.record({"buildings", buildings.feature_ids[i], issue, detail});
    };
    auto text = [](double x) {
        std::ostringstream s;
        s << x;
        return s.str();
    };
    // Every attribute within its plausible range, else missing and recorded.
    struct Range {
        double lo, hi;
    };
    std::map<const std::vector<double>*, std::pair<std::string, Range>> ranges;
    auto value = [&](const std::vector<double>* column, std::size_t i) {
        double x = column ? (*column)[i] : std::numeric_limits<double>::quiet_NaN();
        if (std::isnan(x)) return x;
        auto it = ranges.find(column);
        if (it != ranges.end() && !(x >= it->second.second.lo && x <= it->second.second.hi)) {
            note(i, "value_out_of_range", it->second.first + " " + text(x) + " is outside " +
                                              text(it->second.second.lo) + "-" + text(it->second.second.hi) +
                                              "; treated as missing");
            return std::numeric_limits<double>::quiet_NaN();
        }
        return x;
    };
    const double lowest_ground = -100;  // m NAP: the lowest Dutch ground is -6.8 m (est., with margin)
    if (floor_areas) ranges[floor_areas] = {f.floor_area, {-1e300, rules.max_floor_area_m2}};
    if (floor_mins) ranges[floor_mins] = {f.floor_area_min, {-1e300, rules.max_floor_area_m2}};
    if (floor_maxs) ranges[floor_maxs] = {f.floor_area_max, {-1e300, rules.max_floor_area_m2}};
    if (dwelling_counts) ranges[dwelling_counts] = {f.dwellings, {0, rules.max_dwellings}};
    if (roofs) ranges[roofs] = {f.roof_height, {lowest_ground, rules.max_height_m}};
    if (grounds) ranges[grounds] = {f.ground_height, {lowest_ground, rules.max_height_m}};
    if (years) ranges[years] = {f.year, {-1e300, 1e300}};  // years have their own rule below
    auto real_area = [&](double x) { return rules.real_floor_area(x); };
    std::set<std::string> known_uses = uses_without_figures;
    known_uses.insert(residential_use);
    for (const DemandRow& r : tables.non_residential) known_uses.insert(r.key);
    AnnexRule annexes(buildings.geometry, rules, index);
    // A gebruiksdoel as the demand reads it: its uses sorted and unique (the default for unknown
    // ones, or for none), parsed once per distinct value (a country has a few dozen).
    BuildingAttributes a;
    struct ParsedUse {
        bool given = false;                // a non-blank value
        std::vector<std::string> unknown;  // uses not in the tables, in the order written
        std::vector<CodedLists::Code> uses;
        bool assumed = false;              // no use read: the default stands in
    };
    auto parsed = [&](const std::string* written) {
        ParsedUse p;
        p.given = written && !trim(*written).empty();
        std::vector<std::string> names;
        if (p.given)
            for (const std::string& u : split_lower(*written, ',')) {
                if (u.empty()) continue;
                if (!known_uses.count(u)) p.unknown.push_back(u);
                names.push_back(known_uses.count(u) ? u : rules.default_use);
            }
        p.assumed = names.empty();
        if (p.assumed) names.push_back(rules.default_use);
        std::sort(names.begin(), names.end());
        names.erase(std::unique(names.begin(), names.end()), names.end());
        for (const std::string& u : names) p.uses.push_back(a.uses.code_of(u));
        return p;
    };
    const ParsedUse no_use = parsed(nullptr);
    std::unordered_map<std::string, ParsedUse> parsed_uses;
    auto parse_use = [&](const std::string& written) -> const ParsedUse& {
        auto [it, fresh] = parsed_uses.try_emplace(written);
        if (fresh) it->second = parsed(&written);
        return it->second;
    };
    const CodedLists::Code default_use = a.uses.code_of(rules.default_use), hall_use = a.uses.code_of(rules.hall_use);
    const CodedLists::Code residential_code = a.uses.code_of(residential_use);
    // Each building's uses (and with units their floor areas), appended once it is decided.
    std::vector<CodedLists::Code> row_uses;
    a.uses.reserve(n, n);
    if (with_units) a.use_floor_m2.reserve(n);

    a.year.resize(n);
    a.floor_area_m2.resize(n);
    a.classified_by.resize(n);
    a.floor_area_rule.resize(n);
    a.storeys.resize(n);
    a.dwellings.resize(n);
    a.residential.resize(n);
    a.outbuilding.resize(n);
    a.estimated.assign(n, 0);
    std::size_t counts[5] = {0, 0, 0, 0, 0};
    for (std::size_t i = 0; i < n; ++i) {
        // Year: unknown when missing, <= 1000 or in the future.
        double year = value(years, i);
        if (std::isnan(year)) {
            a.estimated[i] |= estimated_year;
        } else if (year <= 1000 || year > rules.reference_year) {
            note(i, year <= 1000 ? "year_unknown" : "year_in_future",
                 "bouwjaar " + text(year) + " replaced by " + text(rules.default_year));
            a.estimated[i] |= estimated_year;
        }
        a.year[i] = (a.estimated[i] & estimated_year) ? rules.default_year : year;

        // Storeys: the count, else the height, else the default.
        double storeys = value(storey_counts, i);
        if (!std::isnan(storeys) && (storeys < 1 || storeys > rules.max_storeys)) {
            note(i, "storeys_out_of_range", "storeys " + text(storeys) + " ignored");
            storeys = std::nan("");
        }
        if (std::isnan(storeys)) {
            a.estimated[i] |= estimated_storeys;
            double height = value(roofs, i) - value(grounds, i);
            storeys = (height > 0) ? std::max(1.0, std::round(height / rules.storey_height_m)) : rules.default_storeys;
            if (storeys > rules.max_storeys) storeys = rules.default_storeys;
        }
        a.storeys[i] = storeys;
        const double footprint = buildings.geometry.area(i);
        const double footprint_floor = footprint * storeys * rules.usable_floor_fraction;

        if (with_units) {
            // Verblijfsobjecten: dwellings and the floor area of every use are counted, not guessed.
            if (units->in_use[i] == 0) {
                a.outbuilding[i] = 1;
                a.classified_by[i] = units->not_in_use[i] ? ClassifiedBy::no_addresses_in_use
                                                          : ClassifiedBy::annex_no_addresses;
                a.uses.push_back(std::span(&default_use, 1));
                a.use_floor_m2.push_back(std::numeric_limits<double>::quiet_NaN());
                a.floor_area_m2[i] = footprint_floor;
                a.floor_area_rule[i] = FloorAreaRule::footprint;
            } else {
                a.classified_by[i] = ClassifiedBy::addresses;
                double shares = 0;
                for (auto& [use, area] : units->use_area[i]) shares += area;
                const bool known = units->area_known[i];
                a.floor_area_m2[i] = known ? shares : footprint_floor;
                a.floor_area_rule[i] = known ? FloorAreaRule::addresses : FloorAreaRule::footprint;
                if (!known) a.estimated[i] |= estimated_floor_area;
                row_uses.clear();
                for (auto& [use, area] : units->use_area[i]) {
                    row_uses.push_back(a.uses.code_of(use));  // a use without figures takes demand.fallback_use's
                    a.use_floor_m2.push_back(known ? area : footprint_floor * area / shares);
                }
                a.uses.push_back(row_uses);
                a.dwellings[i] = units->dwellings[i];
                a.residential[i] = a.dwellings[i] > 0;
            }
            for (int bit = 0; bit < 5; ++bit) counts[bit] += (a.estimated[i] >> bit) & 1;
            continue;
        }

        // Use: a comma-separated list of BAG gebruiksdoelen.
        const ParsedUse& use = uses && uses->present[i] ? parse_use(uses->values[i]) : no_use;
        const bool use_given = use.given;
        for (const std::string& u : use.unknown)
            note(i, "use_unknown", "gebruiksdoel '" + u + "' replaced by " + rules.default_use);
        std::span<const CodedLists::Code> uses_here = use.uses;
        if (use.assumed) a.estimated[i] |= estimated_use;

        // Floor area: the attribute unless it is a BAG placeholder; else PDOK's smallest and largest
        // verblijfsobject; else footprint x storeys x fraction.
        double count = value(dwelling_counts, i);
        double floor = value(floor_areas, i);
        if (!std::isnan(floor) && !real_area(floor)) {
            note(i, "floor_area_placeholder", "oppervlakte " + text(floor) + " ignored");
            floor = std::nan("");
        }
        a.floor_area_rule[i] = FloorAreaRule::attribute;
        if (std::isnan(floor)) {
            double lo = value(floor_mins, i), hi = value(floor_maxs, i);
            if (count >= 1 && real_area(lo) && real_area(hi) && lo <= hi) {
                floor = count * (lo + hi) / 2;
                a.floor_area_rule[i] = count == 1 ? FloorAreaRule::vbo_exact : FloorAreaRule::vbo_min_max;
            }
        }
        if (std::isnan(floor)) {
            a.estimated[i] |= estimated_floor_area;
            floor = footprint_floor;
            a.floor_area_rule[i] = FloorAreaRule::footprint;
        }
        a.floor_area_m2[i] = floor;

        // What the pand is: from its attributes, else from its geometry (panden only).
        const bool no_use_data = !use_given && std::isnan(count);
        a.classified_by[i] = ClassifiedBy::attributes;
        if (uses && !use_given && count == 0) {
            a.outbuilding[i] = 1;
            a.classified_by[i] = ClassifiedBy::annex_no_use;
        } else if (no_use_data && footprint < rules.outbuilding_max_footprint_m2) {
            a.outbuilding[i] = 1;
            a.classified_by[i] = ClassifiedBy::small_footprint;
        } else if (no_use_data && footprint < rules.annex_max_footprint_m2 && annexes.beside_larger(i, footprint)) {
            a.outbuilding[i] = 1;
            a.classified_by[i] = ClassifiedBy::annex_beside_larger;
        } else if (no_use_data && footprint >= rules.hall_min_footprint_m2 &&
                   2 * footprint / planar::perimeter(buildings.geometry, i) > rules.hall_min_depth_m) {
            a.classified_by[i] = ClassifiedBy::hall;
            uses_here = std::span(&hall_use, 1);
        } else if (no_use_data) {
            a.classified_by[i] = ClassifiedBy::footprint;
        }
        a.uses.push_back(uses_here);
        a.residential[i] = std::find(uses_here.begin(), uses_here.end(), residential_code) != uses_here.end();
        const double use_count = static_cast<double>(uses_here.size());

        // Dwellings: the verblijfsobjecten of a residential building (in a mixed one, each other
        // use takes one of them), else its residential floor area / area per dwelling.
        double dwellings = count;
        if (!a.residential[i] || a.outbuilding[i]) {
            dwellings = 0;
        } else if (std::isnan(dwellings) || dwellings < 1) {
            a.estimated[i] |= estimated_dwellings;
            double residential_floor = floor / use_count;
            dwellings = std::max(1.0, std::floor(residential_floor / rules.floor_area_per_dwelling_m2));
        } else if (use_count > 1) {
            a.estimated[i] |= estimated_dwellings;
            dwellings = std::max(1.0, dwellings - (use_count - 1));
        }
        a.dwellings[i] = dwellings;
        for (int bit = 0; bit < 5; ++bit) counts[bit] += (a.estimated[i] >> bit) & 1;
    }
    quality.count("buildings", "floor_area_estimated", counts[0]);
    quality.count("buildings", "storeys_estimated", counts[1]);
    quality.count("buildings", "dwellings_estimated", counts[2]);
    quality.count("buildings", "year_missing_or_replaced", counts[3]);
    quality.count("buildings", "use_assumed", counts[4]);
    std::size_t outbuildings = std::count(a.outbuilding.begin(), a.outbuilding.end(), 1);
    quality.count("buildings", "outbuilding_no_demand", outbuildings);
    std::size_t by_rule[classified_by_count] = {}, by_floor[floor_area_rule_count] = {};
    for (std::size_t i = 0; i < n; ++i) {
        ++by_rule[static_cast<std::size_t>(a.classified_by[i])];
        ++by_floor[static_cast<std::size_t>(a.floor_area_rule[i])];
    }
    for (std::size_t k = 0; k < classified_by_count; ++k)
        quality.count("buildings", std::string("classified_by_") + classified_by_names[k], by_rule[k]);
    for (std::size_t k = 0; k < floor_area_rule_count; ++k)
        quality.count("buildings", std::string("floor_area_from_") + floor_area_rule_names[k], by_floor[k]);
    return a;
}

std::vector<BuildingType> classify_building_types(const GeometryArray& footprints, const BuildingAttributes& a,
                                                  const BuildingRules& rules, unsigned threads,
                                                  const Progress& progress, const SpatialIndex* given) {
    const std::size_t n = footprints.size();
    auto is_house = [&](std::size_t i) { return a.residential[i] && !a.outbuilding[i]; };
    std::optional<SpatialIndex> own;
    if (!given) own.emplace(footprints);
    const SpatialIndex& index = given ? *given : *own;
    std::vector<std::uint32_t> neighbours(n, 0);
    std::vector<std::uint32_t> first_neighbour(n, 0);
    const double d = rules.touch_distance_m;
    parallel_for(n, threads, progress, "dwelling types", [&](std::size_t i, geos::Context&) {
        if (!is_house(i)) return;
        Box b = index.bounds(static_cast<std::uint32_t>(i));
        std::uint32_t count = 0, first = 0;
        // Growing the footprint by d and testing for contact is the same as distance <= d.
        index.query({b.min_x - d, b.min_y - d, b.max_x + d, b.max_y + d}, [&](std::uint32_t j) {
            if (j == i || !is_house(j)) return;
            if (planar::within_distance(footprints, i, footprints, j, d)) {
                if (count == 0 || j < first) first = j;
                ++count;
            }
        });
        neighbours[i] = count;
        first_neighbour[i] = first;
    }, 256);

    std::vector<BuildingType> types(n);
    for (std::size_t i = 0; i < n; ++i) {
        if (a.outbuilding[i]) types[i] = BuildingType::outbuilding;
        else if (!a.residential[i]) types[i] = BuildingType::non_residential;
        else if (a.dwellings[i] > 1)
            types[i] = a.storeys[i] > rules.high_rise_above_storeys ? BuildingType::multi_family_high
                                                                      : BuildingType::multi_family_low;
        else if (neighbours[i] == 0) types[i] = BuildingType::detached;
        else if (neighbours[i] == 1)
            types[i] = neighbours[first_neighbour[i]] == 1 ? BuildingType::semi_detached : BuildingType::corner;
        else types[i] = BuildingType::terraced;
    }
    return types;
}

BuildingDemand compute_demand(const BuildingAttributes& a, std::vector<BuildingType> types, const DemandTables& tables,
                              const DemandParameters& p, unsigned threads) {
    const std::size_t n = types.size();
    BuildingDemand out;
    // Every label a year can get, coded before the buildings are: each thread then writes only
    // its buildings' codes.
    TextCodes labels;
    for (const LabelRow& r : tables.labels) labels.code_of(r.label);
    labels.code_of("");  // what an empty label table gives
    out.label = CodedText(labels, n);
    out.space_heat_gj.assign(n, 0.0);
    out.space_heat_theoretical_gj.assign(n, 0.0);
    out.hot_water_gj.assign(n, 0.0);
    // Demand as households use it (docs/demand.md): Vesta's scales on all space heat and hot
    // water, and the measured/theoretical factor on the dwellings' space heat.
    const double space_scale = p.practice_factor ? p.space_heat_scale : 1.0;
    const double water_scale = p.practice_factor ? p.hot_water_scale : 1.0;
    out.residential_space_gj.assign(n, 0.0);
    const std::optional<CodedLists::Code> residential_code = a.uses.dictionary().find(residential_use);
    // The tables are scanned once per distinct (type or use, year) and thread, not once per
    // building: a country has millions of buildings and a few hundred such pairs.
    struct Memo {
        std::map<std::pair<BuildingType, double>, std::pair<double, double>> residential;
        std::map<std::pair<BuildingType, double>, double> practice;
        // By the use's code; -1 is demand.fallback_use.
        std::map<std::pair<int, double>, std::optional<std::pair<double, double>>> use;
        std::map<double, CodedText::Code> label;
    };
    // Each building writes only its own slots.
    parallel_for_with_state(n, threads, {}, "demand", [](geos::Context&) { return Memo{}; }, [&](std::size_t i, Memo& memo) {
        auto residential = [&](BuildingType type, double year) {
            auto [it, fresh] = memo.residential.try_emplace({type, year});
            if (fresh) it->second = tables.residential_coefficients(type, year);
            return it->second;
        };
        auto practice = [&](BuildingType type, double year) {
            if (!p.practice_factor) return 1.0;
            auto [it, fresh] = memo.practice.try_emplace({type, year});
            if (fresh) it->second = tables.practice_factor(type, year);
            return it->second;
        };
        auto non_residential = [&](int code, double year) {
            auto [it, fresh] = memo.use.try_emplace({code, year});
            if (fresh)
                it->second = tables.non_residential_coefficients(code < 0 ? p.fallback_use : a.uses.dictionary().name(static_cast<CodedLists::Code>(code)), year);
            return it->second;
        };
        auto [label, fresh] = memo.label.try_emplace(a.year[i]);
        if (fresh) label->second = *out.label.dictionary().find(tables.label(a.year[i]));
        out.label.set(i, label->second);
        if (types[i] == BuildingType::outbuilding) return;
        // Mixed use: each use its verblijfsobjecten's area, else equal shares (DESIGN.md §3.1).
        const std::span<const CodedLists::Code> uses = a.uses.codes(i);
        const std::span<const double> floor_by_use = a.floor_by_use(i);
        for (std::size_t k = 0; k < uses.size(); ++k) {
            const double share = !floor_by_use.empty() ? floor_by_use[k] : a.floor_area_m2[i] / static_cast<double>(uses.size());
            if (uses[k] == residential_code) {
                double dwellings = a.dwellings[i];
                auto [coef_a, coef_b] = residential(types[i], a.year[i]);
                const double theoretical = dwellings * std::max(0.0, coef_a + coef_b * share / dwellings);
                const double used = theoretical * space_scale * practice(types[i], a.year[i]);
                out.space_heat_theoretical_gj[i] += theoretical;
                out.space_heat_gj[i] += used;
                out.residential_space_gj[i] += used;
                out.hot_water_gj[i] += dwellings * p.hot_water_gj_per_dwelling * water_scale;
            } else {
                auto c = non_residential(uses[k], a.year[i]);
                if (!c) c = non_residential(-1, a.year[i]);
                if (!c) throw ConfigError("demand.fallback_use '" + p.fallback_use + "' has no row in the non-residential table");
                const double theoretical = std::max(0.0, c->first + c->second * share);
                out.space_heat_theoretical_gj[i] += theoretical;
                out.space_heat_gj[i] += theoretical * space_scale;
            }
        }
    }, 1024);
    out.type = std::move(types);
    return out;
}

DemandResult estimate_demand(const VectorLayer& buildings, const Config& config, const DemandTables& tables,
                             unsigned threads, const Progress& progress, DataQuality& quality,
                             const BuildingUnits* units, const SpatialIndex* index) {
    DemandResult out;
    out.attributes = derive_attributes(buildings, config, tables, quality, units, index);
    std::vector<BuildingType> types =
        classify_building_types(buildings.geometry, out.attributes, config.building_rules, threads, progress, index);
    out.demand = compute_demand(out.attributes, std::move(types), tables, config.demand, threads);
    out.total_gj.resize(buildings.size());
    for (std::size_t i = 0; i < out.total_gj.size(); ++i) out.total_gj[i] = out.demand.total(i);
    return out;
}

LocalPracticeFactors parse_local_practice_factors(const std::string& csv, const std::string& origin) {
    std::string text = csv.rfind("\xEF\xBB\xBF", 0) == 0 ? csv.substr(3) : csv;  // Vesta's file starts with a BOM
    const std::size_t header_end = text.find('\n');
    const std::string header = text.substr(0, header_end);
    if (header.find(';') != std::string::npos && header.find(',') == std::string::npos)
        std::replace(text.begin(), text.end(), ';', ',');
    LocalPracticeFactors out;
    for (auto& row : parse_csv(text, origin, {"buurt2020", "woningtype", "verschilfactor"})) {
        const double type = number_in(row, "woningtype", origin), factor = number_in(row, "verschilfactor", origin);
        if (type < 1 || type > vesta_dwelling_types || type != std::floor(type))
            throw ConfigError(origin + ": line " + row.at("#line") + ": woningtype " + row.at("woningtype") +
                              " is not one of Vesta's dwelling types 1-6");
        if (!(factor > 0))
            throw ConfigError(origin + ": line " + row.at("#line") + ": verschilfactor " + row.at("verschilfactor") +
                              " must be above 0");
        auto [it, fresh] = out.by_buurt.try_emplace(row.at("buurt2020"));
        if (fresh) it->second.fill(std::nan(""));
        it->second[static_cast<std::size_t>(type) - 1] = factor;
    }
    return out;
}

std::size_t apply_local_practice_factors(DemandResult& demand, const std::vector<int>& home,
                                         const std::vector<std::string>& buurt_codes,
                                         const LocalPracticeFactors& factors) {
    std::vector<const std::array<double, vesta_dwelling_types>*> of_buurt(buurt_codes.size(), nullptr);
    for (std::size_t b = 0; b < buurt_codes.size(); ++b)
        if (auto it = factors.by_buurt.find(buurt_codes[b]); it != factors.by_buurt.end()) of_buurt[b] = &it->second;
    BuildingDemand& d = demand.demand;
    std::size_t changed = 0;
    for (std::size_t i = 0; i < home.size(); ++i) {
        const auto type = static_cast<std::size_t>(d.type[i]);
        if (home[i] < 0 || !of_buurt[home[i]] || type >= vesta_dwelling_types || std::isnan((*of_buurt[home[i]])[type]))
            continue;
        const double residential = d.residential_space_gj[i];
        d.residential_space_gj[i] = residential / (*of_buurt[home[i]])[type];
        d.space_heat_gj[i] += d.residential_space_gj[i] - residential;
        demand.total_gj[i] = d.total(i);
        ++changed;
    }
    return changed;
}

}  // namespace warmte
