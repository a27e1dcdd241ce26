#include "warmte/bag_join.hpp"

#include "warmte/csv.hpp"
#include "warmte/planar.hpp"
#include "warmte/spatial_index.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>

namespace warmte {

namespace {

// BAG ids have 16 digits: 4 of the municipality, 2 of the object type (10 = pand), 10 serial.
constexpr std::size_t bag_id_digits = 16;
constexpr std::string_view imbag_prefix = "NL.IMBAG.Pand.";
constexpr const char* residential_use = "woonfunctie";

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

std::unordered_map<std::string, std::uint32_t> ids_of(const VectorLayer& layer, const std::string& field) {
    std::unordered_map<std::string, std::uint32_t> index;
    const TextColumn* ids = layer.text_column(field);
    if (!ids) return index;
    for (std::size_t i = 0; i < layer.size(); ++i)
        if (ids->present[i]) index.emplace(normalise_pand_id(ids->values[i]), static_cast<std::uint32_t>(i));
    return index;
}

}  // namespace

std::string normalise_pand_id(std::string_view id) {
    std::string s = trim(std::string(id));
    std::string_view v = s;
    if (v.size() > imbag_prefix.size() && v.substr(0, imbag_prefix.size()) == imbag_prefix) v.remove_prefix(imbag_prefix.size());
    if (all_digits(v) && v.size() < bag_id_digits) return std::string(bag_id_digits - v.size(), '0') + std::string(v);
    return std::string(v);
}

namespace {

// A verblijfsobject in use: its uses and area (NaN: unknown).
struct Unit {
    std::vector<std::string> uses;
    double area;
};

// What the join counts of the addresses it could not use as they are.
struct AddressCounts {
    std::size_t without_id = 0, id_not_found = 0, placeholder = 0, not_in_use = 0, use_missing = 0;
};

// The verblijfsobjecten, read against the panden: by pand id, else by location.
class AddressJoin {
public:
    AddressJoin(const VectorLayer& buildings, const VectorLayer& addresses, const Config& config, BuildingUnits& units)
        : buildings_(buildings), addresses_(addresses), config_(config),
          in_use_(config.address_in_use_status.begin(), config.address_in_use_status.end()),
          by_id_(ids_of(buildings, config.building_fields.id)), index_(buildings.geometry) {
        const AddressFields& f = config.address_fields;
        for (const std::string& name : f.building_id)
            if ((pand_ids_ = addresses.text_column(name))) {
                units.id_field = name;
                break;
            }
        uses_ = addresses.text_column(f.use);
        status_ = addresses.text_column(f.status);
        auto area_it = addresses.numbers.find(f.floor_area);
        areas_ = area_it == addresses.numbers.end() ? nullptr : &area_it->second.values;
    }

    bool counts(std::size_t a) const { return !status_ || (status_->present[a] && in_use_.count(status_->values[a])); }
    bool has_id(std::size_t a) const {
        return pand_ids_ && pand_ids_->present[a] && !trim(pand_ids_->values[a]).empty();
    }
    const std::string& id(std::size_t a) const { return pand_ids_->values[a]; }

    // Its pand: the one its pand id names, else the one containing it (-1: none).
    std::int64_t pand_of(std::size_t a, AddressCounts& c) const {
        std::int64_t pand = -1;
        if (has_id(a)) {
            auto it = by_id_.find(normalise_pand_id(pand_ids_->values[a]));
            if (it != by_id_.end()) pand = it->second;
            else if (counts(a)) ++c.id_not_found;
        } else if (counts(a)) {
            ++c.without_id;
        }
        return pand >= 0 ? pand : by_location(a);
    }

    // Its uses (sorted, unique; the default when none) and its area (NaN for a placeholder).
    Unit unit(std::size_t a, AddressCounts& c) const {
        Unit u;
        if (uses_ && uses_->present[a])
            for (const std::string& use : split_lower(uses_->values[a], ','))
                if (!use.empty()) u.uses.push_back(use);
        if (u.uses.empty()) {
            ++c.use_missing;
            u.uses.push_back(config_.building_rules.default_use);
        }
        std::sort(u.uses.begin(), u.uses.end());
        u.uses.erase(std::unique(u.uses.begin(), u.uses.end()), u.uses.end());
        u.area = areas_ ? (*areas_)[a] : std::nan("");
        const BuildingRules& rules = config_.building_rules;
        if (!rules.real_floor_area(u.area) || u.area > rules.max_floor_area_m2) {
            if (!std::isnan(u.area)) ++c.placeholder;
            u.area = std::nan("");
        }
        return u;
    }

private:
    // The pand containing a point: the lowest index among those that contain it (deterministic
    // where panden overlap).
    std::int64_t by_location(std::size_t a) const {
        // Plain doubles, not a structured binding: the lambda below captures them (clang 14,
        // which builds the fuzz targets, cannot capture bindings yet).
        const auto point = centroid(addresses_.geometry, a);
        const double x = point.first, y = point.second;
        std::int64_t found = -1;
        index_.query({x, y, x, y}, [&](std::uint32_t b) {
            if ((found < 0 || b < found) && planar::contains_point(buildings_.geometry, b, x, y)) found = b;
        });
        return found;
    }

    const VectorLayer& buildings_;
    const VectorLayer& addresses_;
    const Config& config_;
    const std::set<std::string> in_use_;
    const std::unordered_map<std::string, std::uint32_t> by_id_;
    const SpatialIndex index_;
    const TextColumn* pand_ids_ = nullptr;
    const TextColumn* uses_ = nullptr;
    const TextColumn* status_ = nullptr;
    const std::vector<double>* areas_ = nullptr;
};

// A pand's dwellings and floor area per use from its verblijfsobjecten. One without an area
// takes the mean of the others in its pand; when none has one, the shares of verblijfsobjecten
// stand in (the pand's area is then estimated).
void sum_units(const std::vector<Unit>& list, std::size_t b, BuildingUnits& units) {
    units.in_use[b] = static_cast<std::uint32_t>(list.size());
    if (list.empty()) return;
    double known_sum = 0;
    std::size_t known = 0;
    for (const Unit& u : list)
        if (!std::isnan(u.area)) known_sum += u.area, ++known;
    units.area_known[b] = known > 0;
    const double fill = known > 0 ? known_sum / static_cast<double>(known) : 1.0;
    std::map<std::string, double> area;
    for (const Unit& u : list) {
        if (std::find(u.uses.begin(), u.uses.end(), residential_use) != u.uses.end()) units.dwellings[b] += 1;
        const double a = known > 0 && !std::isnan(u.area) ? u.area : fill;
        for (const std::string& use : u.uses) area[use] += a / static_cast<double>(u.uses.size());
    }
    units.use_area[b].assign(area.begin(), area.end());
}

}  // namespace

BuildingUnits join_addresses(const VectorLayer& buildings, const VectorLayer& addresses, const Config& config,
                             DataQuality& quality) {
    const std::size_t n = buildings.size();
    BuildingUnits units;
    units.in_use.assign(n, 0);
    units.not_in_use.assign(n, 0);
    units.dwellings.assign(n, 0);
    units.use_area.assign(n, {});
    units.area_known.assign(n, 0);
    const AddressJoin join(buildings, addresses, config, units);

    // Per pand: the verblijfsobjecten in use, each with its uses and area.
    std::vector<std::vector<Unit>> per_pand(n);
    AddressCounts c;
    for (std::size_t a = 0; a < addresses.size(); ++a) {
        const std::int64_t pand = join.pand_of(a, c);
        if (!join.counts(a)) {
            // Not in use (planned, withdrawn): no demand; its pand, if any, learns it has one.
            ++c.not_in_use;
            if (pand >= 0) ++units.not_in_use[pand];
            continue;
        }
        if (pand < 0) {
            quality.record({"addresses", addresses.feature_ids[a], "address_outside_buildings",
                            join.has_id(a) ? "pand id '" + join.id(a) + "' matches no pand in use and no pand contains it"
                                           : "no pand id and no pand contains it"});
            continue;
        }
        per_pand[pand].push_back(join.unit(a, c));
    }
    for (std::size_t b = 0; b < n; ++b) sum_units(per_pand[b], b, units);
    quality.count("addresses", "address_without_building_id", c.without_id);
    quality.count("addresses", "address_building_id_not_found", c.id_not_found);
    quality.count("addresses", "address_not_in_use", c.not_in_use);
    quality.count("addresses", "address_floor_area_placeholder", c.placeholder);
    quality.count("addresses", "address_use_assumed", c.use_missing);
    return units;
}

void join_heights(VectorLayer& buildings, const VectorLayer& heights, const Config& config, DataQuality& quality) {
    const BuildingFields& f = config.building_fields;
    const auto by_id = ids_of(heights, config.height_fields.id);
    const TextColumn* ids = buildings.text_column(f.id);
    std::vector<std::int64_t> match(buildings.size(), -1);
    std::size_t matched = 0;
    if (ids)
        for (std::size_t i = 0; i < buildings.size(); ++i) {
            if (!ids->present[i]) continue;
            auto it = by_id.find(normalise_pand_id(ids->values[i]));
            if (it != by_id.end()) match[i] = it->second, ++matched;
        }
    for (const std::string* name : {&f.storeys, &f.roof_height, &f.ground_height}) {
        auto source = heights.numbers.find(*name);
        if (source == heights.numbers.end()) continue;
        std::vector<double>& target = buildings.numbers[*name].values;
        target.resize(buildings.size(), std::nan(""));
        for (std::size_t i = 0; i < buildings.size(); ++i) {
            if (match[i] < 0) continue;
            double v = source->second.values[match[i]];
            if (!std::isnan(v)) target[i] = v;
        }
    }
    quality.count("buildings", "heights_joined", matched);
    quality.count("buildings", "heights_not_found", buildings.size() - matched);
}

}  // namespace warmte
