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

namespace {

// The number written in a column, as the rules read it: NaN where missing or outside its
// plausible range (recorded, and then treated as missing).
class AttributeColumns {
public:
    AttributeColumns(const VectorLayer& buildings, const Config& config, DataQuality& quality)
        : buildings_(buildings), quality_(quality) {
        const BuildingFields& f = config.building_fields;
        const BuildingRules& rules = config.building_rules;
        year = numbers(f.year);
        for (const std::string& name : f.year_alternates)
            if (!year) year = numbers(name);
        floor_area = numbers(f.floor_area);
        floor_min = numbers(f.floor_area_min);
        floor_max = numbers(f.floor_area_max);
        dwellings = numbers(f.dwellings);
        storeys = numbers(f.storeys);
        roof = numbers(f.roof_height);
        ground = numbers(f.ground_height);
        uses = buildings.text_column(f.use);
        const double lowest_ground = -100;  // m NAP: the lowest Dutch ground is -6.8 m (est., with margin)
        range(floor_area, f.floor_area, -1e300, rules.max_floor_area_m2);
        range(floor_min, f.floor_area_min, -1e300, rules.max_floor_area_m2);
        range(floor_max, f.floor_area_max, -1e300, rules.max_floor_area_m2);
        range(dwellings, f.dwellings, 0, rules.max_dwellings);
        range(roof, f.roof_height, lowest_ground, rules.max_height_m);
        range(ground, f.ground_height, lowest_ground, rules.max_height_m);
        range(year, f.year, -1e300, 1e300);  // years have their own rule
    }

    double value(const std::vector<double>* column, std::size_t i) const {
        double x = column ? (*column)[i] : std::numeric_limits<double>::quiet_NaN();
        if (std::isnan(x)) return x;
        auto it = ranges_.find(column);
        if (it != ranges_.end() && !(x >= it->second.lo && x <= it->second.hi)) {
            note(i, "value_out_of_range", it->second.name + " " + text(x) + " is outside " + text(it->second.lo) + "-" +
                                              text(it->second.hi) + "; treated as missing");
            return std::numeric_limits<double>::quiet_NaN();
        }
        return x;
    }
    void note(std::size_t i, const char* issue, const std::string& detail) const {
        quality_.record({"buildings", buildings_.feature_ids[i], issue, detail});
    }
    static std::string text(double x) {
        std::ostringstream s;
        s << x;
        return s.str();
    }

    const std::vector<double>*year, *floor_area, *floor_min, *floor_max, *dwellings, *storeys, *roof, *ground;
    const TextColumn* uses;

private:
    struct Range {
        std::string name;
        double lo, hi;
    };
    const std::vector<double>* numbers(const std::string& name) const {
        auto it = buildings_.numbers.find(name);
        return it == buildings_.numbers.end() ? nullptr : &it->second.values;
    }
    void range(const std::vector<double>* column, const std::string& name, double lo, double hi) {
        if (column) ranges_[column] = {name, lo, hi};
    }
    const VectorLayer& buildings_;
    DataQuality& quality_;
    std::map<const std::vector<double>*, Range> ranges_;
};

// A gebruiksdoel as the demand reads it: its uses sorted and unique (the default for unknown
// ones, or for none), parsed once per distinct value (a country has a few dozen).
struct ParsedUse {
    bool given = false;                // a non-blank value
    std::vector<std::string> unknown;  // uses not in the tables, in the order written
    std::vector<CodedLists::Code> uses;
    bool assumed = false;              // no use read: the default stands in
};

// The attributes of the buildings, rule by rule (docs/model.md §3.1): each step decides one
// attribute of building i and records what it replaced.
class AttributeRules {
public:
    AttributeRules(const VectorLayer& buildings, const Config& config, const DemandTables& tables,
                   DataQuality& quality, const BuildingUnits* units, const SpatialIndex* index)
        : buildings_(buildings), rules_(config.building_rules), quality_(quality), units_(units),
          columns_(buildings, config, quality), annexes_(buildings.geometry, config.building_rules, index) {
        known_uses_ = uses_without_figures;
        known_uses_.insert(residential_use);
        for (const DemandRow& r : tables.non_residential) known_uses_.insert(r.key);
        no_use_ = parsed(nullptr);
        default_use_ = a_.uses.code_of(rules_.default_use);
        hall_use_ = a_.uses.code_of(rules_.hall_use);
        residential_code_ = a_.uses.code_of(residential_use);
    }

    BuildingAttributes run() {
        const std::size_t n = buildings_.size();
        const bool with_units = units_ && units_->in_use.size() == n;
        size(n, with_units);
        for (std::size_t i = 0; i < n; ++i) {
            year(i);
            const double footprint = buildings_.geometry.area(i);
            const double footprint_floor = footprint * storeys(i) * rules_.usable_floor_fraction;
            if (with_units) from_addresses(i, footprint_floor);
            else from_attributes(i, footprint, footprint_floor);
            for (int bit = 0; bit < 5; ++bit) counts_[bit] += (a_.estimated[i] >> bit) & 1;
        }
        record_counts();
        return std::move(a_);
    }

private:
    void size(std::size_t n, bool with_units) {
        a_.uses.reserve(n, n);
        if (with_units) a_.use_floor_m2.reserve(n);
        a_.year.resize(n);
        a_.floor_area_m2.resize(n);
        a_.classified_by.resize(n);
        a_.floor_area_rule.resize(n);
        a_.storeys.resize(n);
        a_.dwellings.resize(n);
        a_.residential.resize(n);
        a_.outbuilding.resize(n);
        a_.estimated.assign(n, 0);
    }

    // Year: unknown when missing, <= 1000 or in the future.
    void year(std::size_t i) {
        const double year = columns_.value(columns_.year, i);
        if (std::isnan(year)) {
            a_.estimated[i] |= estimated_year;
        } else if (year <= 1000 || year > rules_.reference_year) {
            columns_.note(i, year <= 1000 ? "year_unknown" : "year_in_future",
                          "bouwjaar " + AttributeColumns::text(year) + " replaced by " +
                              AttributeColumns::text(rules_.default_year));
            a_.estimated[i] |= estimated_year;
        }
        a_.year[i] = (a_.estimated[i] & estimated_year) ? rules_.default_year : year;
    }

    // Storeys: the count, else the height, else the default.
    double storeys(std::size_t i) {
        double storeys = columns_.value(columns_.storeys, i);
        if (!std::isnan(storeys) && (storeys < 1 || storeys > rules_.max_storeys)) {
            columns_.note(i, "storeys_out_of_range", "storeys " + AttributeColumns::text(storeys) + " ignored");
            storeys = std::nan("");
        }
        if (std::isnan(storeys)) {
            a_.estimated[i] |= estimated_storeys;
            const double height = columns_.value(columns_.roof, i) - columns_.value(columns_.ground, i);
            storeys = (height > 0) ? std::max(1.0, std::round(height / rules_.storey_height_m)) : rules_.default_storeys;
            if (storeys > rules_.max_storeys) storeys = rules_.default_storeys;
        }
        a_.storeys[i] = storeys;
        return storeys;
    }

    // Verblijfsobjecten: dwellings and the floor area of every use are counted, not guessed.
    void from_addresses(std::size_t i, double footprint_floor) {
        const BuildingUnits& u = *units_;
        if (u.in_use[i] == 0) {
            a_.outbuilding[i] = 1;
            a_.classified_by[i] = u.not_in_use[i] ? ClassifiedBy::no_addresses_in_use : ClassifiedBy::annex_no_addresses;
            a_.uses.push_back(std::span(&default_use_, 1));
            a_.use_floor_m2.push_back(std::numeric_limits<double>::quiet_NaN());
            a_.floor_area_m2[i] = footprint_floor;
            a_.floor_area_rule[i] = FloorAreaRule::footprint;
            return;
        }
        a_.classified_by[i] = ClassifiedBy::addresses;
        double shares = 0;
        for (auto& [use, area] : u.use_area[i]) shares += area;
        const bool known = u.area_known[i];
        a_.floor_area_m2[i] = known ? shares : footprint_floor;
        a_.floor_area_rule[i] = known ? FloorAreaRule::addresses : FloorAreaRule::footprint;
        if (!known) a_.estimated[i] |= estimated_floor_area;
        row_uses_.clear();
        for (auto& [use, area] : u.use_area[i]) {
            row_uses_.push_back(a_.uses.code_of(use));  // a use without figures takes demand.fallback_use's
            a_.use_floor_m2.push_back(known ? area : footprint_floor * area / shares);
        }
        a_.uses.push_back(row_uses_);
        a_.dwellings[i] = u.dwellings[i];
        a_.residential[i] = a_.dwellings[i] > 0;
    }

    // The pand's own attributes, and without those the panden-only rules.
    void from_attributes(std::size_t i, double footprint, double footprint_floor) {
        const ParsedUse& use = use_of(i);
        const double count = columns_.value(columns_.dwellings, i);
        const double floor = floor_area(i, count, footprint_floor);
        const std::span<const CodedLists::Code> uses = classify(i, use, count, footprint);
        a_.uses.push_back(uses);
        a_.residential[i] = std::find(uses.begin(), uses.end(), residential_code_) != uses.end();
        dwellings(i, count, floor, static_cast<double>(uses.size()));
    }

    // Use: a comma-separated list of BAG gebruiksdoelen.
    const ParsedUse& use_of(std::size_t i) {
        const TextColumn* uses = columns_.uses;
        const ParsedUse& use = uses && uses->present[i] ? parse_use(uses->values[i]) : no_use_;
        for (const std::string& u : use.unknown)
            columns_.note(i, "use_unknown", "gebruiksdoel '" + u + "' replaced by " + rules_.default_use);
        if (use.assumed) a_.estimated[i] |= estimated_use;
        return use;
    }

    // Floor area: the attribute unless it is a BAG placeholder; else PDOK's smallest and largest
    // verblijfsobject; else footprint x storeys x fraction.
    double floor_area(std::size_t i, double count, double footprint_floor) {
        double floor = columns_.value(columns_.floor_area, i);
        if (!std::isnan(floor) && !rules_.real_floor_area(floor)) {
            columns_.note(i, "floor_area_placeholder", "oppervlakte " + AttributeColumns::text(floor) + " ignored");
            floor = std::nan("");
        }
        a_.floor_area_rule[i] = FloorAreaRule::attribute;
        if (std::isnan(floor)) {
            const double lo = columns_.value(columns_.floor_min, i), hi = columns_.value(columns_.floor_max, i);
            if (count >= 1 && rules_.real_floor_area(lo) && rules_.real_floor_area(hi) && lo <= hi) {
                floor = count * (lo + hi) / 2;
                a_.floor_area_rule[i] = count == 1 ? FloorAreaRule::vbo_exact : FloorAreaRule::vbo_min_max;
            }
        }
        if (std::isnan(floor)) {
            a_.estimated[i] |= estimated_floor_area;
            floor = footprint_floor;
            a_.floor_area_rule[i] = FloorAreaRule::footprint;
        }
        a_.floor_area_m2[i] = floor;
        return floor;
    }

    // What the pand is: from its attributes, else from its geometry (panden only). Returns its uses.
    std::span<const CodedLists::Code> classify(std::size_t i, const ParsedUse& use, double count, double footprint) {
        const bool no_use_data = !use.given && std::isnan(count);
        a_.classified_by[i] = ClassifiedBy::attributes;
        if (columns_.uses && !use.given && count == 0) {
            a_.outbuilding[i] = 1;
            a_.classified_by[i] = ClassifiedBy::annex_no_use;
        } else if (no_use_data && footprint < rules_.outbuilding_max_footprint_m2) {
            a_.outbuilding[i] = 1;
            a_.classified_by[i] = ClassifiedBy::small_footprint;
        } else if (no_use_data && footprint < rules_.annex_max_footprint_m2 && annexes_.beside_larger(i, footprint)) {
            a_.outbuilding[i] = 1;
            a_.classified_by[i] = ClassifiedBy::annex_beside_larger;
        } else if (no_use_data && footprint >= rules_.hall_min_footprint_m2 &&
                   2 * footprint / planar::perimeter(buildings_.geometry, i) > rules_.hall_min_depth_m) {
            a_.classified_by[i] = ClassifiedBy::hall;
            return std::span(&hall_use_, 1);
        } else if (no_use_data) {
            a_.classified_by[i] = ClassifiedBy::footprint;
        }
        return use.uses;
    }

    // Dwellings: the verblijfsobjecten of a residential building (in a mixed one, each other use
    // takes one of them), else its residential floor area / area per dwelling.
    void dwellings(std::size_t i, double count, double floor, double use_count) {
        double dwellings = count;
        if (!a_.residential[i] || a_.outbuilding[i]) {
            dwellings = 0;
        } else if (std::isnan(dwellings) || dwellings < 1) {
            a_.estimated[i] |= estimated_dwellings;
            const double residential_floor = floor / use_count;
            dwellings = std::max(1.0, std::floor(residential_floor / rules_.floor_area_per_dwelling_m2));
        } else if (use_count > 1) {
            a_.estimated[i] |= estimated_dwellings;
            dwellings = std::max(1.0, dwellings - (use_count - 1));
        }
        a_.dwellings[i] = dwellings;
    }

    ParsedUse parsed(const std::string* written) {
        ParsedUse p;
        p.given = written && !trim(*written).empty();
        std::vector<std::string> names;
        if (p.given)
            for (const std::string& u : split_lower(*written, ',')) {
                if (u.empty()) continue;
                if (!known_uses_.count(u)) p.unknown.push_back(u);
                names.push_back(known_uses_.count(u) ? u : rules_.default_use);
            }
        p.assumed = names.empty();
        if (p.assumed) names.push_back(rules_.default_use);
        std::sort(names.begin(), names.end());
        names.erase(std::unique(names.begin(), names.end()), names.end());
        for (const std::string& u : names) p.uses.push_back(a_.uses.code_of(u));
        return p;
    }
    const ParsedUse& parse_use(const std::string& written) {
        auto [it, fresh] = parsed_uses_.try_emplace(written);
        if (fresh) it->second = parsed(&written);
        return it->second;
    }

    void record_counts() {
        quality_.count("buildings", "floor_area_estimated", counts_[0]);
        quality_.count("buildings", "storeys_estimated", counts_[1]);
        quality_.count("buildings", "dwellings_estimated", counts_[2]);
        quality_.count("buildings", "year_missing_or_replaced", counts_[3]);
        quality_.count("buildings", "use_assumed", counts_[4]);
        quality_.count("buildings", "outbuilding_no_demand",
                       static_cast<std::size_t>(std::count(a_.outbuilding.begin(), a_.outbuilding.end(), 1)));
        std::size_t by_rule[classified_by_count] = {}, by_floor[floor_area_rule_count] = {};
        for (std::size_t i = 0; i < a_.classified_by.size(); ++i) {
            ++by_rule[static_cast<std::size_t>(a_.classified_by[i])];
            ++by_floor[static_cast<std::size_t>(a_.floor_area_rule[i])];
        }
        for (std::size_t k = 0; k < classified_by_count; ++k)
            quality_.count("buildings", std::string("classified_by_") + classified_by_names[k], by_rule[k]);
        for (std::size_t k = 0; k < floor_area_rule_count; ++k)
            quality_.count("buildings", std::string("floor_area_from_") + floor_area_rule_names[k], by_floor[k]);
    }

    const VectorLayer& buildings_;
    const BuildingRules& rules_;
    DataQuality& quality_;
    const BuildingUnits* units_;
    AttributeColumns columns_;
    AnnexRule annexes_;
    BuildingAttributes a_;
    std::set<std::string> known_uses_;
    ParsedUse no_use_;
    std::unordered_map<std::string, ParsedUse> parsed_uses_;
    CodedLists::Code default_use_ = 0, hall_use_ = 0, residential_code_ = 0;
    std::vector<CodedLists::Code> row_uses_;  // a building's uses, appended once decided
    std::size_t counts_[5] = {0, 0, 0, 0, 0};
};

}  // namespace

BuildingAttributes derive_attributes(const VectorLayer& buildings, const Config& config, const DemandTables& tables,
                                     DataQuality& quality, const BuildingUnits* units, const SpatialIndex* index) {
    return AttributeRules(buildings, config, tables, quality, units, index).run();
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
    parallel_for_with_state(n, threads, {no_progress, "demand"}, [](geos::Context&) { return Memo{}; }, [&](std::size_t i, Memo& memo) {
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
        // Mixed use: each use its verblijfsobjecten's area, else equal shares (docs/model.md §3.1).
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

DemandResult estimate_demand(const DemandBuildings& buildings, const Config& config, const DemandTables& tables,
                             unsigned threads, const Progress& progress, DataQuality& quality) {
    DemandResult out;
    out.attributes = derive_attributes(buildings.layer, config, tables, quality, buildings.units, buildings.index);
    std::vector<BuildingType> types = classify_building_types(buildings.layer.geometry, out.attributes,
                                                              config.building_rules, threads, progress, buildings.index);
    out.demand = compute_demand(out.attributes, std::move(types), tables, config.demand, threads);
    out.total_gj.resize(buildings.layer.size());
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
