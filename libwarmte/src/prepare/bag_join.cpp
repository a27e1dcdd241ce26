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

BuildingUnits join_addresses(const VectorLayer& buildings, const VectorLayer& addresses, const Config& config,
                             DataQuality& quality) {
    const AddressFields& f = config.address_fields;
    const std::size_t n = buildings.size();
    BuildingUnits units;
    units.in_use.assign(n, 0);
    units.not_in_use.assign(n, 0);
    units.dwellings.assign(n, 0);
    units.use_area.assign(n, {});
    units.area_known.assign(n, 0);

    const TextColumn* pand_ids = nullptr;
    for (const std::string& name : f.building_id)
        if ((pand_ids = addresses.text_column(name))) {
            units.id_field = name;
            break;
        }
    const TextColumn* uses = addresses.text_column(f.use);
    const TextColumn* status = addresses.text_column(f.status);
    auto area_it = addresses.numbers.find(f.floor_area);
    const std::vector<double>* areas = area_it == addresses.numbers.end() ? nullptr : &area_it->second.values;
    const std::set<std::string> in_use(config.address_in_use_status.begin(), config.address_in_use_status.end());
    const auto by_id = ids_of(buildings, config.building_fields.id);
    const SpatialIndex index(buildings.geometry);

    // The pand containing a point: the lowest index among those that contain it (deterministic
    // where panden overlap).
    auto by_location = [&](std::size_t a) -> std::int64_t {
        // Plain doubles, not a structured binding: the lambda below captures them (clang 14,
        // which builds the fuzz targets, cannot capture bindings yet).
        const auto point = centroid(addresses.geometry, a);
        const double x = point.first, y = point.second;
        std::int64_t found = -1;
        index.query({x, y, x, y}, [&](std::uint32_t b) {
            if ((found < 0 || b < found) && planar::contains_point(buildings.geometry, b, x, y)) found = b;
        });
        return found;
    };

    // Per pand: the verblijfsobjecten in use, each with its uses and area (NaN: unknown).
    struct Unit {
        std::vector<std::string> uses;
        double area;
    };
    std::vector<std::vector<Unit>> per_pand(n);
    std::size_t without_id = 0, id_not_found = 0, placeholder = 0, not_in_use = 0, use_missing = 0;
    for (std::size_t a = 0; a < addresses.size(); ++a) {
        std::int64_t pand = -1;
        const bool counts = !status || (status->present[a] && in_use.count(status->values[a]));
        const bool has_id = pand_ids && pand_ids->present[a] && !trim(pand_ids->values[a]).empty();
        if (has_id) {
            auto it = by_id.find(normalise_pand_id(pand_ids->values[a]));
            if (it != by_id.end()) pand = it->second;
            else if (counts) ++id_not_found;
        } else if (counts) {
            ++without_id;
        }
        if (pand < 0) pand = by_location(a);
        if (!counts) {
            // Not in use (planned, withdrawn): no demand; its pand, if any, learns it has one.
            ++not_in_use;
            if (pand >= 0) ++units.not_in_use[pand];
            continue;
        }
        if (pand < 0) {
            quality.record({"addresses", addresses.feature_ids[a], "address_outside_buildings",
                            has_id ? "pand id '" + pand_ids->values[a] + "' matches no pand in use and no pand contains it"
                                   : "no pand id and no pand contains it"});
            continue;
        }
        Unit u;
        if (uses && uses->present[a])
            for (const std::string& use : split_lower(uses->values[a], ','))
                if (!use.empty()) u.uses.push_back(use);
        if (u.uses.empty()) {
            ++use_missing;
            u.uses.push_back(config.building_rules.default_use);
        }
        std::sort(u.uses.begin(), u.uses.end());
        u.uses.erase(std::unique(u.uses.begin(), u.uses.end()), u.uses.end());
        u.area = areas ? (*areas)[a] : std::nan("");
        const BuildingRules& rules = config.building_rules;
        if (!rules.real_floor_area(u.area) || u.area > rules.max_floor_area_m2) {
            if (!std::isnan(u.area)) ++placeholder;
            u.area = std::nan("");
        }
        per_pand[pand].push_back(std::move(u));
    }

    for (std::size_t b = 0; b < n; ++b) {
        const std::vector<Unit>& list = per_pand[b];
        units.in_use[b] = static_cast<std::uint32_t>(list.size());
        if (list.empty()) continue;
        // A verblijfsobject without an area takes the mean of the others in its pand; when none
        // has one, the shares of verblijfsobjecten stand in (the pand's area is then estimated).
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
    quality.count("addresses", "address_without_building_id", without_id);
    quality.count("addresses", "address_building_id_not_found", id_not_found);
    quality.count("addresses", "address_not_in_use", not_in_use);
    quality.count("addresses", "address_floor_area_placeholder", placeholder);
    quality.count("addresses", "address_use_assumed", use_missing);
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
