#include "warmte/config.hpp"
#include "warmte/redact.hpp"

#include "warmte/criteria.hpp"
#include "warmte/error.hpp"
#include "warmte/input_roles.hpp"
#include "warmte/score.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <set>
#include <sstream>

namespace warmte {

namespace {

// One row per parameter: the only place a key, its default, unit and source are written down.
struct Parameter {
    std::string key;
    std::string unit;
    const char* source;
    const char* description;
    std::function<void(Config&, const toml::node&, const std::string& where)> set;
    std::function<std::string(const Config&)> show;
};

std::string quote(const std::string& s) {
    std::ostringstream out;
    out << toml::value<std::string>(s);
    return out.str();
}

// Shortest round-trip-safe text for a TOML float ("0.2", "2.0", not "0.20000000000000001").
std::string format_double(double x) {
    char buf[32];
    for (int precision = 15; precision <= 17; ++precision) {
        std::snprintf(buf, sizeof buf, "%.*g", precision, x);
        if (std::strtod(buf, nullptr) == x) break;
    }
    std::string s = buf;
    if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
    return s;
}

std::string type_error(const std::string& where, const char* expected) {
    return where + " must be " + expected;
}

Parameter text(const char* key, std::string Config::*member, const char* unit, const char* source,
               const char* description) {
    return {key, unit, source, description,
            [member](Config& c, const toml::node& n, const std::string& where) {
                auto v = n.value<std::string>();
                if (!v) throw ConfigError(type_error(where, "a string"));
                c.*member = *v;
            },
            [member](const Config& c) { return quote(c.*member); }};
}

template <class Group>
Parameter field(const char* key, Group Config::*group, std::string Group::*member, const char* description) {
    return {key, "field name", "docs/model.md §2", description,
            [group, member](Config& c, const toml::node& n, const std::string& where) {
                auto v = n.value<std::string>();
                if (!v || v->empty()) throw ConfigError(type_error(where, "a non-empty field name"));
                (c.*group).*member = *v;
            },
            [group, member](const Config& c) { return quote((c.*group).*member); }};
}

// A top-level distance or area of the [analysis] table: a number from 0 to 1e9.
Parameter margin(const char* key, double Config::*member, const char* unit, const char* source,
                 const char* description) {
    return {key, unit, source, description,
            [=](Config& c, const toml::node& n, const std::string& where) {
                auto v = n.value<double>();
                if (!v || !(*v >= 0 && *v <= 1e9)) throw ConfigError(type_error(where, "a number from 0 to 1e9"));
                c.*member = *v;
            },
            [=](const Config& c) { return format_double(c.*member); }};
}

template <class Group>
Parameter number(const char* key, Group Config::*group, double Group::*member, double min, double max, const char* unit,
                 const char* source, const char* description) {
    return {key, unit, source, description,
            [=](Config& c, const toml::node& n, const std::string& where) {
                auto v = n.value<double>();
                if (!v || !(*v >= min && *v <= max))
                    throw ConfigError(where + " must be a number from " + format_double(min) + " to " + format_double(max));
                (c.*group).*member = *v;
            },
            [=](const Config& c) { return format_double((c.*group).*member); }};
}

template <class Group>
Parameter group_text(const char* key, Group Config::*group, std::string Group::*member, const char* unit,
                     const char* source, const char* description) {
    return {key, unit, source, description,
            [group, member](Config& c, const toml::node& n, const std::string& where) {
                auto v = n.value<std::string>();
                if (!v) throw ConfigError(type_error(where, "a string"));
                (c.*group).*member = *v;
            },
            [group, member](const Config& c) { return quote((c.*group).*member); }};
}

// One of a fixed set of strings.
template <class Group>
Parameter choice(const char* key, Group Config::*group, std::string Group::*member, std::vector<std::string> allowed,
                 const char* source, const char* description) {
    std::string unit;
    for (const std::string& a : allowed) unit += (unit.empty() ? "" : " | ") + a;
    return {key, unit, source, description,
            [group, member, allowed, unit](Config& c, const toml::node& n, const std::string& where) {
                auto v = n.value<std::string>();
                if (!v || std::find(allowed.begin(), allowed.end(), *v) == allowed.end())
                    throw ConfigError(type_error(where, ("one of " + unit).c_str()));
                (c.*group).*member = *v;
            },
            [group, member](const Config& c) { return quote((c.*group).*member); }};
}

// A list of strings, reached through `get` (so top-level and grouped members share one helper).
template <class Get>
Parameter strings(const char* key, Get get, const char* unit, const char* source, const char* description) {
    return {key, unit, source, description,
            [get](Config& c, const toml::node& n, const std::string& where) {
                const toml::array* a = n.as_array();
                if (!a) throw ConfigError(type_error(where, "an array of strings"));
                std::vector<std::string> values;
                for (const toml::node& e : *a) {
                    auto v = e.value<std::string>();
                    if (!v) throw ConfigError(type_error(where, "an array of strings"));
                    values.push_back(*v);
                }
                get(c) = values;
            },
            [get](const Config& c) {
                const auto& values = get(const_cast<Config&>(c));
                std::string s = "[";
                for (std::size_t i = 0; i < values.size(); ++i) s += (i ? ", " : "") + quote(values[i]);
                return s + "]";
            }};
}

template <class Group>
Parameter text_list(const char* key, Group Config::*group, std::vector<std::string> Group::*member, const char* unit,
                    const char* source, const char* description) {
    return strings(key, [group, member](Config& c) -> std::vector<std::string>& { return (c.*group).*member; }, unit,
                   source, description);
}

template <class Group>
Parameter flag(const char* key, Group Config::*group, bool Group::*member, const char* source, const char* description) {
    return {key, "flag", source, description,
            [group, member](Config& c, const toml::node& n, const std::string& where) {
                auto v = n.value<bool>();
                if (!v) throw ConfigError(type_error(where, "true or false"));
                (c.*group).*member = *v;
            },
            [group, member](const Config& c) { return std::string((c.*group).*member ? "true" : "false"); }};
}

Parameter integer(const char* key, int Config::*member, int min, int max, const char* unit, const char* source,
                  const char* description) {
    return {key, unit, source, description,
            [=](Config& c, const toml::node& n, const std::string& where) {
                auto v = n.value<std::int64_t>();
                if (!v || *v < min || *v > max)
                    throw ConfigError(type_error(where, ("an integer from " + std::to_string(min) + " to " +
                                                         std::to_string(max)).c_str()));
                c.*member = static_cast<int>(*v);
            },
            [member](const Config& c) { return std::to_string(c.*member); }};
}

// An integer of a group (uncertainty.samples).
template <class Group>
Parameter integer(const char* key, Group Config::*group, int Group::*member, int min, int max, const char* unit,
                  const char* source, const char* description) {
    return {key, unit, source, description,
            [=](Config& c, const toml::node& n, const std::string& where) {
                auto v = n.value<std::int64_t>();
                if (!v || *v < min || *v > max)
                    throw ConfigError(type_error(where, ("an integer from " + std::to_string(min) + " to " +
                                                         std::to_string(max)).c_str()));
                (c.*group).*member = static_cast<int>(*v);
            },
            [group, member](const Config& c) { return std::to_string((c.*group).*member); }};
}

// inputs.<role>: where the layer of an input role comes from (the role table names them).
Parameter input_path(const InputRole& role) {
    const Role r = role.role;
    return {std::string("inputs.") + role.name, "path", "project file", role.help,
            [r](Config& c, const toml::node& n, const std::string& where) {
                auto v = n.value<std::string>();
                if (!v) throw ConfigError(type_error(where, "a path string"));
                c.inputs[r] = *v;
            },
            [r](const Config& c) { return quote(redact(c.inputs[r])); }};  // echoed into outputs
}

// inputs.layers.<role>: the layer of that dataset, for names with colons of their own (PG:...).
Parameter input_layer(const InputRole& role) {
    const std::size_t r = static_cast<std::size_t>(role.role);
    return {std::string("inputs.layers.") + role.name, "layer name", "project file",
            "layer of that role's dataset (needed when the name holds colons: PG:, OAPIF:, WFS:)",
            [r](Config& c, const toml::node& n, const std::string& where) {
                auto v = n.value<std::string>();
                if (!v) throw ConfigError(type_error(where, "a layer name"));
                c.inputs.layer_names[r] = *v;
            },
            [r](const Config& c) { return quote(c.inputs.layer_names[r]); }};
}

Parameter output_path(const char* key, std::string OutputSettings::*member, const char* description) {
    return {key, "path", "project file", description,
            [member](Config& c, const toml::node& n, const std::string& where) {
                auto v = n.value<std::string>();
                if (!v) throw ConfigError(type_error(where, "a path string"));
                c.output.*member = *v;
            },
            [member](const Config& c) { return quote(c.output.*member); }};
}

// Paths in a project file are relative to the file, not to the working directory; GDAL dataset
// names that are no files (PG:..., /vsizip/...) are left as they are.
void resolve_paths(Config& config, const std::filesystem::path& base_dir) {
    if (base_dir.empty()) return;
    std::vector<std::string*> paths = {&config.output.path, &config.output.heat_grid, &config.supply.spf_table,
                                       &config.costs.kentallen_table, &config.costs.insulation_table,
                                       &config.demand.residential_table, &config.demand.non_residential_table,
                                       &config.demand.label_table, &config.demand.practice_factor_table,
                                       &config.demand.local_practice_factor_table};
    for (std::string& layer : config.inputs.layers) paths.push_back(&layer);
    for (std::string* p : paths) {
        if (!p->empty() && !is_gdal_dataset_name(*p) && std::filesystem::path(*p).is_relative())
            *p = (base_dir / *p).lexically_normal().string();
    }
}

// Keys that moved; project files written before still read.
const std::pair<const char*, const char*> renamed_keys[] = {
    {"inputs.output", "output.path"},
    {"inputs.heat_grid", "output.heat_grid"},
    {"inputs.grid_buildings", "output.grid_buildings"},
    {"inputs.map", "output.map"},
    {"inputs.buildings_layer", "output.buildings_layer"},
};

// Three keys per scoring criterion of the registry: score.<score>.<criterion>.weight / .zero / .one.
void add_criteria(std::vector<Parameter>& table) {
    std::size_t index[2] = {0, 0};  // position of the criterion within its score's list
    for (const CriterionInfo& info : criteria()) {
        auto list = info.score == ScoreKind::heat_network ? &ScoreParameters::heat_network : &ScoreParameters::aquathermie;
        const std::size_t k = index[static_cast<int>(info.score)]++;
        const std::string base = std::string("score.") + score_name(info.score) + "." + info.name;
        auto member = [k, list](Config& c) -> Criterion& { return (c.score.*list)[k]; };
        auto get = [k, list](const Config& c) -> const Criterion& { return (c.score.*list)[k]; };
        auto number_param = [&](const char* what, double Criterion::*field, const char* unit_text, const char* description) {
            table.push_back({base + "." + what, unit_text, info.source, description,
                             [member, field](Config& c, const toml::node& n, const std::string& where) {
                                 auto v = n.value<double>();
                                 if (!v || !std::isfinite(*v)) throw ConfigError(type_error(where, "a number"));
                                 if (field == &Criterion::weight && *v < 0)
                                     throw ConfigError(where + " must not be negative");
                                 member(c).*field = *v;
                             },
                             [get, field](const Config& c) { return format_double(get(c).*field); }});
        };
        number_param("weight", &Criterion::weight, "weight", "weight of the criterion (weights are normalised to sum 1)");
        number_param("zero", &Criterion::zero, info.unit, "raw value that scores 0 on this criterion");
        number_param("one", &Criterion::one, info.unit, "raw value that scores 1 on this criterion");
    }
}

const std::vector<Parameter>& parameters() {
    static const std::vector<Parameter> table = [] {
    std::vector<Parameter> built = {
        text("analysis.crs", &Config::analysis_crs, "CRS", "docs/model.md §1",
             "projected metric CRS every layer is transformed into before analysis"),
        text("analysis.assume_crs", &Config::assume_crs, "CRS", "user",
             "CRS to assume for a layer that declares none (empty: such a layer is an error)"),
        margin("analysis.extent_margin_m", &Config::extent_margin_m, "m", "est. (PROJ area of use of analysis.crs)",
               "a vertex farther than this outside the analysis CRS's area of use is a bad feature (dropped and "
               "recorded)"),
        margin("analysis.overlap_tolerance_m2", &Config::overlap_tolerance_m2, "m2",
               "est. (digitising noise of CBS buurt borders)",
               "two buurten sharing more area than this overlap: recorded (overlapping_neighbourhoods), as their "
               "areas and buildings would count twice"),
        integer("analysis.threads", &Config::threads, 0, 1024, "threads", "user", "worker threads; 0 uses every core"),
        field("fields.neighbourhoods.id", &Config::neighbourhood_fields, &NeighbourhoodFields::id,
              "unique id of a buurt (CBS buurtcode); passed through to the output"),
        field("fields.neighbourhoods.name", &Config::neighbourhood_fields, &NeighbourhoodFields::name,
              "buurt name; passed through when present"),
        field("fields.neighbourhoods.municipality", &Config::neighbourhood_fields,
              &NeighbourhoodFields::municipality, "municipality code; passed through when present"),
        field("fields.buildings.id", &Config::building_fields, &BuildingFields::id,
              "building id (BAG pand identificatie), used in data-quality records when present"),
        field("fields.neighbourhoods.water_flag", &Config::neighbourhood_fields, &NeighbourhoodFields::water_flag,
              "CBS 'water' field; a buurt marked JA is left out of densities"),
        field("fields.buildings.status", &Config::building_fields, &BuildingFields::status,
              "BAG status field; when present, only buildings in use are kept"),
        field("fields.buildings.year", &Config::building_fields, &BuildingFields::year,
              "construction year (BAG oorspronkelijkbouwjaar)"),
        field("fields.buildings.use", &Config::building_fields, &BuildingFields::use,
              "BAG gebruiksdoel; several values separated by commas"),
        field("fields.buildings.floor_area", &Config::building_fields, &BuildingFields::floor_area,
              "usable floor area, m2 (BAG oppervlakte, sum over verblijfsobjecten)"),
        field("fields.buildings.dwellings", &Config::building_fields, &BuildingFields::dwellings,
              "number of verblijfsobjecten"),
        field("fields.buildings.storeys", &Config::building_fields, &BuildingFields::storeys, "storeys (3DBAG)"),
        field("fields.buildings.roof_height", &Config::building_fields, &BuildingFields::roof_height,
              "roof height, m (3DBAG b3_h_dak_70p)"),
        field("fields.buildings.ground_height", &Config::building_fields, &BuildingFields::ground_height,
              "ground height, m (3DBAG b3_h_maaiveld)"),
        field("fields.buildings.floor_area_min", &Config::building_fields, &BuildingFields::floor_area_min,
              "smallest verblijfsobject area in the pand, m2 (PDOK BAG pand services oppervlakte_min)"),
        field("fields.buildings.floor_area_max", &Config::building_fields, &BuildingFields::floor_area_max,
              "largest verblijfsobject area in the pand, m2 (PDOK BAG pand services oppervlakte_max)"),
        {"fields.addresses.building_id", "field names", "docs/model.md §2 (BAG verblijfsobject pandidentificatie)",
         "the verblijfsobject's pand id: the first of these fields the layer has (a string or a list)",
         [](Config& c, const toml::node& n, const std::string& where) {
             std::vector<std::string> names;
             if (auto v = n.value<std::string>()) names.push_back(*v);
             else if (const toml::array* a = n.as_array())
                 for (const toml::node& e : *a)
                     if (auto name = e.value<std::string>()) names.push_back(*name);
             if (names.empty() || std::any_of(names.begin(), names.end(), [](auto& x) { return x.empty(); }))
                 throw ConfigError(type_error(where, "a field name or an array of field names"));
             c.address_fields.building_id = names;
         },
         [](const Config& c) {
             std::string s = "[";
             for (std::size_t i = 0; i < c.address_fields.building_id.size(); ++i)
                 s += (i ? ", " : "") + quote(c.address_fields.building_id[i]);
             return s + "]";
         }},
        field("fields.addresses.use", &Config::address_fields, &AddressFields::use,
              "verblijfsobject gebruiksdoel; several values separated by commas"),
        field("fields.addresses.floor_area", &Config::address_fields, &AddressFields::floor_area,
              "verblijfsobject oppervlakte, m2"),
        field("fields.addresses.status", &Config::address_fields, &AddressFields::status,
              "verblijfsobject status; only those in use count"),
        strings("addresses.in_use_status", [](Config& c) -> std::vector<std::string>& { return c.address_in_use_status; },
                "list of values", "issue 13 (BAG verblijfsobject status)",
                "status values of verblijfsobjecten that count (compared exactly)"),
        field("fields.heights.id", &Config::height_fields, &HeightFields::id,
              "pand id of the heights layer (3DBAG identificatie, NL.IMBAG.Pand.<id>); its storeys and height "
              "fields are named as fields.buildings.*"),
        number("buildings.annex_max_footprint_m2", &Config::building_rules, &BuildingRules::annex_max_footprint_m2, 0,
               10000, "m2", "est. (garages and sheds: BAG panden of 15-50 m2 beside a house)",
               "panden only: a pand smaller than this next to a much larger one is an annex (no dwellings, no demand)"),
        number("buildings.annex_near_m", &Config::building_rules, &BuildingRules::annex_near_m, 0, 100, "m", "est.",
               "panden only: 'next to' means within this distance"),
        number("buildings.annex_size_ratio", &Config::building_rules, &BuildingRules::annex_size_ratio, 1, 1000,
               "ratio", "est. (terraced houses beside each other are of similar size)",
               "panden only: 'much larger' means at least this many times the footprint"),
        number("buildings.hall_min_footprint_m2", &Config::building_rules, &BuildingRules::hall_min_footprint_m2, 0,
               1e6, "m2", "est.", "panden only: footprints at least this large ..."),
        number("buildings.hall_min_depth_m", &Config::building_rules, &BuildingRules::hall_min_depth_m, 0, 1000, "m",
               "est. (dwellings need daylight: residential blocks are rarely deeper than 12-15 m, a depth "
               "2 x area / perimeter of about 10 m)",
               "panden only: ... and deeper than this (2 x area / perimeter) are halls, not dwellings"),
        group_text("buildings.hall_use", &Config::building_rules, &BuildingRules::hall_use, "BAG gebruiksdoel", "est.",
                   "panden only: the use a hall is given (its non-residential demand figures)"),
        field("fields.neighbourhoods.dwellings_measured", &Config::neighbourhood_fields,
              &NeighbourhoodFields::dwellings_measured, "CBS housing stock (woningvoorraad); optional"),
        field("fields.neighbourhoods.gas_m3_per_dwelling", &Config::neighbourhood_fields,
              &NeighbourhoodFields::gas_m3_per_dwelling, "CBS average natural gas use per dwelling, m3/yr; optional"),
        field("fields.neighbourhoods.district_heating_share", &Config::neighbourhood_fields,
              &NeighbourhoodFields::district_heating_share,
              "CBS percentage of dwellings on district heating (0-100); optional, missing counts as 0"),
        field("fields.neighbourhoods.owner_share", &Config::neighbourhood_fields, &NeighbourhoodFields::owner_share,
              "CBS percentage of owner-occupied dwellings (koopwoningen, 0-100); optional"),
        field("fields.neighbourhoods.social_share", &Config::neighbourhood_fields, &NeighbourhoodFields::social_share,
              "CBS percentage of dwellings a housing corporation lets (0-100); optional"),
        field("fields.neighbourhoods.private_share", &Config::neighbourhood_fields,
              &NeighbourhoodFields::private_share, "CBS percentage of dwellings other landlords let (0-100); optional"),
        number("tenure.default_owner_share", &Config::tenure, &TenureParameters::default_owner_share, 0, 1, "share",
               "CBS Woningvoorraad naar eigendom 2022 (rounded)", "owner-occupied share where the buurt gives none"),
        number("tenure.default_social_share", &Config::tenure, &TenureParameters::default_social_share, 0, 1, "share",
               "CBS Woningvoorraad naar eigendom 2022 (rounded)", "corporation share where the buurt gives none"),
        number("tenure.default_private_share", &Config::tenure, &TenureParameters::default_private_share, 0, 1,
               "share", "CBS Woningvoorraad naar eigendom 2022 (rounded)",
               "private-rent share where the buurt gives none"),
        number("tenure.social_rent_increase_share", &Config::tenure, &TenureParameters::social_rent_increase_share, 0,
               1, "share", "issue 34: the Startmotor agreement of 2020 (corporations connect tenants at no higher monthly cost)",
               "share of a corporation tenant's energy saving its rent may rise by (never more than the corporation's "
               "extra costs)"),
        number("tenure.max_rise_eur_month", &Config::tenure, &TenureParameters::max_rise_eur_month, 0, 1e4,
               "EUR/month", "est.", "a household whose monthly costs rise by more than this counts in "
               "households_cost_rises"),
        number("demand.gas_mj_per_m3", &Config::demand, &DemandParameters::gas_mj_per_m3, 1, 100, "MJ/m3",
               "docs/model.md §3.1 (Groningen gas, lower heating value)", "energy in a m3 of natural gas"),
        number("demand.boiler_efficiency", &Config::demand, &DemandParameters::boiler_efficiency, 0.1, 2, "ratio",
               "docs/model.md §3.1 (HR boiler on the lower heating value)", "heat delivered per unit of gas energy"),
        number("demand.measured_band_low", &Config::demand, &DemandParameters::measured_band_low, 0, 100, "ratio",
               "est.", "demand_vs_measured below this is recorded in the data-quality layer"),
        number("demand.measured_band_high", &Config::demand, &DemandParameters::measured_band_high, 0, 100, "ratio",
               "est.", "demand_vs_measured above this is recorded in the data-quality layer"),
        choice("demand.calibrate", &Config::demand, &DemandParameters::calibrate, {"none", "measured"},
               "issue 13; PBL Vesta local calibration factor",
               "measured: scale each buurt's residential space heat so the model meets the CBS measured gas use"),
        strings("fields.buildings.year_alternates",
                [](Config& c) -> std::vector<std::string>& { return c.building_fields.year_alternates; },
                "field names", "docs/model.md §2 (LVBAG driver, PDOK and 3DBAG spellings of BAG oorspronkelijkBouwjaar)",
                "construction-year fields tried in turn when fields.buildings.year is absent"),
        strings("fields.buildings.history",
                [](Config& c) -> std::vector<std::string>& { return c.building_fields.history; }, "field names",
                "docs/model.md §3.1 (a BAG extract, LVBAG driver, holds every version of a pand; past ones have an end date)",
                "a pand version with any of these fields set is history and left out"),
        strings("buildings.in_use_status", [](Config& c) -> std::vector<std::string>& { return c.in_use_status; },
                "list of values", "docs/model.md §3.1 (BAG status)", "status values of buildings that are kept (compared exactly)"),
        {"buildings.floor_area_placeholders", "m2", "docs/model.md §3.1 (BAG placeholder values)",
         "floor-area values that mean 'unknown' in BAG",
         [](Config& c, const toml::node& n, const std::string& where) {
             const toml::array* a = n.as_array();
             if (!a) throw ConfigError(type_error(where, "an array of numbers"));
             std::vector<double> values;
             for (const toml::node& e : *a) {
                 auto v = e.value<double>();
                 if (!v) throw ConfigError(type_error(where, "an array of numbers"));
                 values.push_back(*v);
             }
             c.building_rules.floor_area_placeholders = values;
         },
         [](const Config& c) {
             std::string s = "[";
             for (std::size_t i = 0; i < c.building_rules.floor_area_placeholders.size(); ++i)
                 s += (i ? ", " : "") + format_double(c.building_rules.floor_area_placeholders[i]);
             return s + "]";
         }},
        number("buildings.max_floor_area_m2", &Config::building_rules, &BuildingRules::max_floor_area_m2, 1, 1e9, "m2",
               "est. (the largest Dutch buildings have about 1e6 m2)",
               "floor areas above this (or not finite) are missing and recorded (value_out_of_range)"),
        number("buildings.max_dwellings", &Config::building_rules, &BuildingRules::max_dwellings, 1, 1e6, "dwellings",
               "est. (the largest Dutch residential buildings have under 1,000)",
               "dwelling (verblijfsobject) counts above this are missing and recorded"),
        number("buildings.max_height_m", &Config::building_rules, &BuildingRules::max_height_m, 1, 10000, "m",
               "est. (the tallest Dutch building is 165 m)", "heights above this are missing and recorded"),
        number("buildings.usable_floor_fraction", &Config::building_rules, &BuildingRules::usable_floor_fraction, 0.1, 1,
               "fraction", "docs/model.md §3.1 (est.)", "usable floor area per m2 of footprint and storey"),
        number("buildings.storey_height_m", &Config::building_rules, &BuildingRules::storey_height_m, 1, 10, "m",
               "PBL Vesta (docs/model.md §3.1)", "storeys = round(height / this) when no storey count is given"),
        number("buildings.default_storeys", &Config::building_rules, &BuildingRules::default_storeys, 1, 100, "storeys",
               "docs/model.md §3.1 (est.)", "storeys when neither a count nor a height is known"),
        number("buildings.max_storeys", &Config::building_rules, &BuildingRules::max_storeys, 1, 200, "storeys",
               "est. (tallest Dutch buildings have ~50)", "storey counts above this are nonsense and replaced"),
        number("buildings.default_year", &Config::building_rules, &BuildingRules::default_year, 1000, 2100, "year",
               "est. (median BAG construction year)", "construction year when it is unknown"),
        number("buildings.reference_year", &Config::building_rules, &BuildingRules::reference_year, 1900, 2200, "year",
               "user", "years after this are 'in the future' and treated as unknown"),
        number("buildings.floor_area_per_dwelling_m2", &Config::building_rules, &BuildingRules::floor_area_per_dwelling_m2,
               10, 1000, "m2", "est. (CBS average usable area per dwelling)",
               "residential floor area per dwelling when the dwelling count is unknown"),
        group_text("buildings.default_use", &Config::building_rules, &BuildingRules::default_use, "BAG gebruiksdoel",
                   "est. (most BAG panden are residential)", "use assumed when the layer carries none"),
        number("buildings.outbuilding_max_footprint_m2", &Config::building_rules,
               &BuildingRules::outbuilding_max_footprint_m2, 0, 1000, "m2", "est.",
               "without use or dwelling data, smaller buildings are sheds and garages: no dwellings, no demand"),
        number("dwelling_type.touch_distance_m", &Config::building_rules, &BuildingRules::touch_distance_m, 0, 10, "m",
               "PBL Vesta BAG derivation (docs/model.md §3.1)", "footprints this close count as touching"),
        number("dwelling_type.high_rise_above_storeys", &Config::building_rules, &BuildingRules::high_rise_above_storeys,
               1, 100, "storeys", "docs/model.md §3.1", "multi-family buildings above this are 'high'"),
        number("demand.hot_water_gj_per_dwelling", &Config::demand, &DemandParameters::hot_water_gj_per_dwelling, 0, 100,
               "GJ/yr", "docs/model.md §3.1 (est., range 5.0-10.6)", "hot tap water per dwelling"),
        flag("demand.practice_factor", &Config::demand, &DemandParameters::practice_factor,
             "PBL Vesta Startanalyse 2025; Referentieverbruik warmte woningen (docs/demand.md)",
             "demand as households use it: the theoretical space heat (and hot water) times the scales below and the "
             "measured/theoretical factor of libwarmte/data/practice_factor.csv; false: the theoretical demand"),
        number("demand.space_heat_scale", &Config::demand, &DemandParameters::space_heat_scale, 0, 10, "ratio",
               "PBL Vesta Startanalyse 2025 (Runs/DefaultSettings/Basis.dms, Drager/RuimteVerwarming)",
               "with demand.practice_factor: scale on the space heat of every building"),
        number("demand.hot_water_scale", &Config::demand, &DemandParameters::hot_water_scale, 0, 10, "ratio",
               "PBL Vesta Startanalyse 2025 (Runs/DefaultSettings/Basis.dms, Drager/TapWater)",
               "with demand.practice_factor: scale on the hot tap water of every dwelling"),
        number("demand.validation_min_dwellings", &Config::demand, &DemandParameters::validation_min_dwellings, 0, 1e6,
               "dwellings", "PBL (Referentieverbruik warmte woningen: no judgement on groups under 50 dwellings)",
               "warmte validate: buurten with fewer dwellings are reported apart, outside the statistics"),
        group_text("demand.local_practice_factor_table", &Config::demand, &DemandParameters::local_practice_factor_table,
                   "CSV path", "PBL Vesta Startanalyse 2025 (data/20241016_Lokale_Praktijkfactor_Referentieverbruik_2.csv)",
                   "with demand.practice_factor: the dwellings' space heat of a buurt and type divided by its local "
                   "factor (Vesta's file as it is: gem2020;wijk2020;buurt2020;woningtype;verschilfactor)"),
        group_text("demand.practice_factor_table", &Config::demand, &DemandParameters::practice_factor_table, "CSV path",
                   "libwarmte/data/practice_factor.csv", "replacement for the built-in practice factors"),
        group_text("demand.fallback_use", &Config::demand, &DemandParameters::fallback_use, "BAG gebruiksdoel", "est.",
                   "non-residential use whose figures stand in for a use without any (celfunctie, overige)"),
        group_text("demand.residential_table", &Config::demand, &DemandParameters::residential_table, "CSV path",
                   "libwarmte/data/residential_space_heat.csv", "replacement for the built-in Vesta a + b*A table"),
        group_text("demand.non_residential_table", &Config::demand, &DemandParameters::non_residential_table, "CSV path",
                   "libwarmte/data/non_residential_heat.csv", "replacement for the built-in non-residential table"),
        group_text("demand.label_table", &Config::demand, &DemandParameters::label_table, "CSV path",
                   "libwarmte/data/insulation_labels.csv", "replacement for the built-in default labels by year"),
        number("network.effective_width_slope_m", &Config::network, &NetworkParameters::effective_width_slope_m, 0, 1000,
               "m", "Persson et al. 2019 (docs/model.md §3.2)", "effective width w = slope * plot ratio + intercept"),
        number("network.effective_width_intercept_m", &Config::network, &NetworkParameters::effective_width_intercept_m, 0,
               1000, "m", "Persson et al. 2019 (docs/model.md §3.2)", "effective width at plot ratio 0"),
        number("network.effective_width_max_m", &Config::network, &NetworkParameters::effective_width_max_m, 0, 1000, "m",
               "Persson et al. 2019 (docs/model.md §3.2)", "effective width above the plot-ratio break"),
        number("network.plot_ratio_break", &Config::network, &NetworkParameters::plot_ratio_break, 0, 100, "ratio",
               "Persson et al. 2019 (docs/model.md §3.2)", "plot ratio above which the width is the maximum"),
        flag("network.all_buurten", &Config::streets, &StreetParameters::all_buurten, "issue 33",
             "route every buurt; false: only those whose cheapest or runner-up variant is a heat network (S2/S3)"),
        flag("network.node_crossings", &Config::streets, &StreetParameters::node_crossings, "docs/streets.md §1",
             "roads meet where they cross; false: only where they share an end (NWB draws bridges and tunnels so)"),
        number("network.snap_tolerance_m", &Config::streets, &StreetParameters::snap_m, 0, 50, "m", "est.",
               "road ends and crossings this close are one node of the road graph"),
        number("network.lhd_low_mwh_m", &Config::streets, &StreetParameters::lhd_low_mwh_m, 0, 100, "MWh/m/yr",
               "docs/streets.md §2 (F|Heat)", "street class boundary: low / moderate"),
        number("network.lhd_mid_mwh_m", &Config::streets, &StreetParameters::lhd_mid_mwh_m, 0, 100, "MWh/m/yr",
               "docs/streets.md §2 (France Chaleur Urbaine)", "street class boundary: moderate / dense"),
        number("network.lhd_high_mwh_m", &Config::streets, &StreetParameters::lhd_high_mwh_m, 0, 100, "MWh/m/yr",
               "docs/streets.md §2 (Scottish heat network zoning)", "street class boundary: dense / very dense"),
        number("network.cluster_min_mwh_m", &Config::streets, &StreetParameters::cluster_min_mwh_m, 0, 100,
               "MWh/m/yr", "est. (France Chaleur Urbaine's threshold)", "streets at least this dense form clusters"),
        number("network.cluster_gap_m", &Config::streets, &StreetParameters::cluster_gap_m, 0, 10000, "m", "est.",
               "dense streets joined through a less dense street at most this long are one cluster"),
        integer("network.cluster_min_buildings", &Config::streets, &StreetParameters::cluster_min_buildings, 1, 100000,
                "buildings", "est.", "a cluster needs at least this many joining buildings"),
        number("network.max_source_road_m", &Config::streets, &StreetParameters::max_source_road_m, 0, 100000, "m",
               "est.", "a source farther than this from its cluster's roads is replaced by an energy centre (recorded)"),
        number("network.simultaneity_a", &Config::streets, &StreetParameters::simultaneity_a, 0, 1, "factor",
               "Winter, Haslinger, Kaufmann 2001 (docs/streets.md §5)", "simultaneity a + b / (1 + (n / c)^d): a"),
        number("network.simultaneity_b", &Config::streets, &StreetParameters::simultaneity_b, 0, 1, "factor",
               "Winter, Haslinger, Kaufmann 2001 (docs/streets.md §5)", "simultaneity: b"),
        number("network.simultaneity_c", &Config::streets, &StreetParameters::simultaneity_c, 0.001, 1e6, "connections",
               "Winter, Haslinger, Kaufmann 2001 (docs/streets.md §5)", "simultaneity: c"),
        number("network.simultaneity_d", &Config::streets, &StreetParameters::simultaneity_d, 0.001, 100, "exponent",
               "Winter, Haslinger, Kaufmann 2001 (docs/streets.md §5)", "simultaneity: d"),
        number("network.delta_t_k", &Config::streets, &StreetParameters::delta_t_k, 1, 100, "K", "est. (MT 70/40)",
               "supply minus return temperature the pipes are sized for"),
        number("network.water_density_kg_m3", &Config::streets, &StreetParameters::water_density_kg_m3, 900, 1000,
               "kg/m3", "docs/streets.md §5 (water at 70 degC)", "density of the network water"),
        number("network.water_heat_capacity_kj_kgk", &Config::streets, &StreetParameters::water_heat_capacity_kj_kgk, 3,
               5, "kJ/kg/K", "docs/streets.md §5 (water)", "specific heat of the network water"),
        integer("network.phase_count", &Config::streets, &StreetParameters::phase_count, 1, 50, "phases", "est.",
                "clusters are built in this many phases"),
        integer("network.first_phase_year", &Config::streets, &StreetParameters::first_phase_year, 2000, 2100, "year",
                "est. (after the 2026 warmteprogramma)", "the first year of the first phase"),
        integer("network.phase_years", &Config::streets, &StreetParameters::phase_years, 1, 50, "years", "est.",
                "years per phase"),
        integer("network.route_starts", &Config::streets, &StreetParameters::steiner_starts, 1, 64, "starts",
                "docs/streets.md §4", "starts of the route heuristic; the shortest tree is kept"),
        integer("network.route_starts_up_to", &Config::streets, &StreetParameters::steiner_starts_up_to, 1, 10000000,
                "buildings", "est. (docs/streets.md §4)",
                "clusters of more buildings grow their route from the source only (the exchange still improves it)"),
        group_text("fields.roads.works_year", &Config::road_fields, &RoadFields::works_year, "field name",
                   "docs/streets.md §6", "the year a road's gas main or sewer is renewed (optional; linked works)"),
        group_text("fields.works.year", &Config::works_fields, &WorksFields::year, "field name", "docs/streets.md §6",
                   "the year a works feature (--works) is planned"),
        number("network.works_near_m", &Config::streets, &StreetParameters::works_near_m, 0, 1000, "m",
               "est. (half a street's width: a main under the street beside its centre line)",
               "a works line (or area) this close to a street's centre line lies along that stretch of it"),
        number("network.works_min_share", &Config::streets, &StreetParameters::works_min_share, 0.01, 1, "share",
               "est.", "the share of a street's length the works must lie along to be linked to it (a crossing "
               "main is not)"),
        text_list("grid.intensive_columns", &Config::grid, &GridParameters::intensive_columns, "column names", "user",
                  "polygon-grid columns that are intensive (area-weighted mean); all others are counts, apportioned"),
        number("grid.suppressed_at_or_below", &Config::grid, &GridParameters::suppressed_at_or_below, -1e12, 1e12,
               "value", "CBS (docs/model.md §2: -99997 is suppressed)", "grid values at or below this are missing"),
        number("batch.start_halo_m", &Config::batch, &BatchParameters::start_halo_m, 0, 1e6, "m",
               "est. (typical distance to the nearest Dutch ditch; footprint sizes)",
               "warmte batch: what a partition first reads around its buurten of the buildings and what lies with "
               "them (WKO zones, addresses, heights, polygon grids); doubled while a building's neighbours may "
               "lie beyond"),
        number("batch.start_distance_halo_m", &Config::batch, &BatchParameters::start_distance_halo_m, 0, 1e6, "m",
               "est. (at 1M country-like buildings most partitions' farthest nearest water lies within)",
               "warmte batch: what a partition first reads around its buurten of the layers measured by distance "
               "(water, heat-network lines); widened at once to what a building's nearest one needs"),
        number("batch.halo_m", &Config::batch, &BatchParameters::halo_m, 0, 1e6, "m",
               "est. (supply.max_reach_m + margin)",
               "warmte batch: the widest halo a partition reads; a building whose neighbours or nearest water "
               "or heat-network line lie farther is an error that says to raise it"),
        number("grid.cell_size_m", &Config::grid, &GridParameters::cell_size_m, 1, 10000, "m",
               "docs/model.md §3.2 (Hotmaps 100 m grid)", "cell size of the heat-density grid, aligned to multiples of it"),
        number("grid.dh_min_density_gj_ha", &Config::grid, &GridParameters::dh_min_density_gj_ha, 0, 1e6, "GJ/ha",
               "Hotmaps (docs/model.md §3.2)", "cells at or above this heat density can join a DH potential area"),
        number("grid.dh_min_area_demand_gj", &Config::grid, &GridParameters::dh_min_area_demand_gj, 0, 1e9, "GJ/yr",
               "Hotmaps (docs/model.md §3.2: 108 TJ/yr = 30 GWh/yr)", "a coherent area needs at least this demand"),
        group_text("fields.water.type", &Config::water_fields, &WaterFields::type, "field name", "docs/model.md §2",
                   "water type (TOP10NL/BGT typewater)"),
        group_text("fields.water.discharge", &Config::water_fields, &WaterFields::discharge, "field name", "docs/model.md §2",
                   "discharge of flowing water, m3/s"),
        group_text("fields.water.width", &Config::water_fields, &WaterFields::width, "field name", "docs/model.md §2",
                   "width in m of water drawn as lines; such lines are buffered into polygons"),
        group_text("fields.plants.flow", &Config::source_fields, &SourceFields::plant_flow, "field name", "docs/model.md §2",
                   "effluent flow of a waste-water treatment plant, m3/day"),
        group_text("fields.residual_heat.heat", &Config::source_fields, &SourceFields::residual_heat, "field name",
                   "issue 12", "residual heat a source can give, GJ/yr"),
        group_text("fields.residual_heat.temperature", &Config::source_fields, &SourceFields::residual_temperature,
                   "field name", "issue 12", "temperature class of a residual-heat source (HT, MT, LT)"),
        text_list("supply.residual_heat_classes", &Config::supply, &SupplyParameters::residual_heat_classes,
                  "temperature classes", "docs/costs.md §2 (S2 is an MT/HT network)",
                  "residual heat of these classes can feed an S2a network; a source without a class counts as MT"),
        number("supply.residual_heat_max_reach_m", &Config::supply, &SupplyParameters::residual_heat_max_reach_m, 0, 1e6,
               "m", "est.", "residual heat serves buurten up to this distance (transport pipe costed at the distance)"),
        group_text("fields.mains.flow", &Config::source_fields, &SourceFields::mains_flow, "field name", "docs/model.md §2",
                   "flow through a drinking-water main, m3/day"),
        group_text("fields.wko.class", &Config::source_fields, &SourceFields::wko_class, "field name", "docs/model.md §2",
                   "WKO suitability class"),
        number("supply.min_water_area_m2", &Config::supply, &SupplyParameters::min_water_area_m2, 0, 1e9, "m2",
               "docs/model.md §3.3 (est.)", "water bodies smaller than this are ignored"),
        text_list("supply.flowing_water_types", &Config::supply, &SupplyParameters::flowing_water_types, "list of values",
                  "docs/model.md §2 (TOP10NL: waterloop = flowing)", "water types that count as flowing; others are stagnant"),
        number("supply.stagnant_yield_gj_m2", &Config::supply, &SupplyParameters::stagnant_yield_gj_m2, 0, 100, "GJ/m2/yr",
               "docs/model.md §3.3 (est.; range 0.3-1.5)", "heat from stagnant water per m2 of surface"),
        number("supply.flow_fraction", &Config::supply, &SupplyParameters::flow_fraction, 0, 1, "fraction",
               "PyPSA-Eur river model, Vesta (docs/model.md §3.3)", "share of a discharge that may be used"),
        number("supply.teo_heat_capacity_mj_m3k", &Config::supply, &SupplyParameters::teo_heat_capacity_mj_m3k, 0, 10,
               "MJ/(m3 K)", "docs/model.md §3.3", "volumetric heat capacity of surface water"),
        number("supply.teo_delta_t_k", &Config::supply, &SupplyParameters::teo_delta_t_k, 0, 20, "K",
               "docs/model.md §3.3 (water may be cooled by at most 3 K)", "cooling of flowing water"),
        number("supply.teo_hours", &Config::supply, &SupplyParameters::teo_hours, 0, 8760, "h/yr",
               "PyPSA-Eur, Vesta (docs/model.md §3.3)", "hours per year heat is taken from flowing water"),
        number("supply.effluent_heat_capacity_mj_m3k", &Config::supply, &SupplyParameters::effluent_heat_capacity_mj_m3k,
               0, 10, "MJ/(m3 K)", "docs/model.md §3.3", "volumetric heat capacity of effluent and drinking water"),
        number("supply.tea_delta_t_k", &Config::supply, &SupplyParameters::tea_delta_t_k, 0, 20, "K",
               "docs/model.md §3.3 (est.; effluent 10-15 C all year)", "cooling of RWZI effluent"),
        number("supply.ted_delta_t_k", &Config::supply, &SupplyParameters::ted_delta_t_k, 0, 20, "K", "docs/model.md §3.3 (est.)",
               "cooling of drinking water in the mains"),
        number("supply.supply_temperature_c", &Config::supply, &SupplyParameters::supply_temperature_c, 20, 120, "C",
               "docs/model.md §3.3 (LT network default 50 C)", "network supply temperature; sets the heat pump SPF"),
        group_text("supply.spf_table", &Config::supply, &SupplyParameters::spf_table, "CSV path",
                   "libwarmte/data/heat_pump_spf.csv", "replacement for the built-in SPF by supply temperature"),
        number("supply.max_reach_m", &Config::supply, &SupplyParameters::max_reach_m, 0, 1e6, "m",
               "Vesta, Deltares TEO map (docs/model.md §3.3)", "a source serves buildings within this distance"),
        number("supply.reach_cluster_cell_m", &Config::supply, &SupplyParameters::reach_cluster_cell_m, 0, 10000, "m",
               "est. (speed; the 100 m heat grid of docs/model.md §3.2)",
               "demand is measured to sources per (cell x buurt) from its demand-weighted centroid; 0 measures "
               "every building (exact, slower)"),
        choice("supply.matching", &Config::supply, &SupplyParameters::matching, {"nearest_first", "all_pairs"},
               "issue 15 (the same result either way)",
               "nearest_first: each source looks outward only until it is exhausted and buurten that need nothing "
               "are skipped; all_pairs: every (source, buurt) pair in reach is measured first (the reference)"),
        number("supply.teo_min_dwellings", &Config::supply, &SupplyParameters::teo_min_dwellings, 0, 1e6, "dwellings",
               "NPLW (docs/model.md §3.3)", "a buurt needs this many dwellings for a TEO project"),
        number("supply.tea_min_dwellings", &Config::supply, &SupplyParameters::tea_min_dwellings, 0, 1e6, "dwellings",
               "NPLW (docs/model.md §3.3)", "a buurt needs this many dwellings for a TEA (and TED) project"),
        number("supply.network_min_dwelling_density_ha", &Config::supply,
               &SupplyParameters::network_min_dwelling_density_ha, 0, 1e4, "dwellings/ha", "NPLW (docs/model.md §3.3)",
               "a buurt needs this dwelling density for a collective network"),
        text_list("supply.teo_labels", &Config::supply, &SupplyParameters::teo_labels, "energy labels",
                  "Vesta TEOData.dms E_of_Beter: label E or better (docs/model.md §3.3); E/F, the default label "
                  "of pre-1965 stock, is worse than E and excluded",
                  "labels of buildings that TEO may serve"),
        text_list("supply.wko_suitable_classes", &Config::supply, &SupplyParameters::wko_suitable_classes,
                  "list of values", "user", "WKO suitability classes that count as suitable"),
        group_text("fields.neighbourhoods.gas_main_renewal_year", &Config::neighbourhood_fields,
                   &NeighbourhoodFields::gas_main_renewal_year, "field name", "docs/model.md §2",
                   "year the gas mains are renewed (linked works; optional)"),
        group_text("fields.neighbourhoods.sewer_works_year", &Config::neighbourhood_fields,
                   &NeighbourhoodFields::sewer_works_year, "field name", "docs/model.md §3.4", "year of sewer works (optional)"),
        group_text("fields.neighbourhoods.renovation_year", &Config::neighbourhood_fields,
                   &NeighbourhoodFields::renovation_year, "field name", "docs/model.md §3.4",
                   "year of housing-corporation renovation plans (optional)"),
        number("score.supply_nearby.network_near_m", &Config::score, &ScoreParameters::network_near_m, 0, 1e6, "m",
               "est. (docs/model.md §3.3 easy zone 500 m)", "an existing heat network this close counts as supply nearby (1)"),
        number("score.supply_nearby.network_far_m", &Config::score, &ScoreParameters::network_far_m, 0, 1e6, "m", "est.",
               "an existing heat network this far counts for nothing (0)"),
        number("score.class_possible", &Config::score, &ScoreParameters::class_possible, 0, 100, "score",
               "docs/model.md §3.4", "scores from here are 'possible' (mogelijk)"),
        number("score.class_promising", &Config::score, &ScoreParameters::class_promising, 0, 100, "score",
               "docs/model.md §3.4", "scores from here are 'promising' (kansrijk)"),
        number("strategy.network_near_m", &Config::score, &ScoreParameters::strategy_network_near_m, 0, 1e6, "m", "est.",
               "S2 needs an existing network or residual/waste heat this close (or TEA/TED allocated)"),
        number("strategy.low_density_gj_ha", &Config::score, &ScoreParameters::strategy_low_density_gj_ha, 0, 1e6,
               "GJ/ha", "Hotmaps 'unsuitable' bound (docs/model.md §3.2)", "S1 (all-electric) below this heat density"),
        number("strategy.insulated_share", &Config::score, &ScoreParameters::strategy_insulated_share, 0, 1, "share",
               "est.", "S1 (all-electric) when this share of demand is in label E or better"),
        number("phase.early_until", &Config::score, &ScoreParameters::phase_early_until, 2000, 2100, "year",
               "docs/model.md §3.4", "linked works before this year pull a buurt to 'before_2030'"),
        number("phase.mid_until", &Config::score, &ScoreParameters::phase_mid_until, 2000, 2100, "year", "docs/model.md §3.4",
               "linked works before this year pull a buurt to '2030_2040'"),
        number("costs.social_discount_rate", &Config::costs, &CostParameters::social_discount_rate, 0, 0.5, "1/yr",
               "Vesta Runs/DefaultSettings/Basis.dms (docs/costs.md §1)", "discount rate of the national costs"),
        number("costs.installation_years", &Config::costs, &CostParameters::installation_years, 1, 100, "yr",
               "Vesta installaties (docs/costs.md §1)", "lifetime of installations, process costs and electric cooking"),
        number("costs.building_years", &Config::costs, &CostParameters::building_years, 1, 100, "yr", "docs/costs.md §1",
               "lifetime of insulation and low-temperature emitters"),
        number("costs.grid_years", &Config::costs, &CostParameters::grid_years, 1, 100, "yr", "docs/costs.md §1",
               "lifetime of electricity and gas grid works"),
        number("costs.heat_network_years", &Config::costs, &CostParameters::heat_network_years, 1, 100, "yr",
               "Vesta CS/KostenBatenSchema.dms (docs/costs.md §1: revenue years 2-30)", "lifetime of heat-network assets"),
        number("costs.heat_network_start_years", &Config::costs, &CostParameters::heat_network_start_years, 0, 10, "yr",
               "Vesta CS/AanbodOpties (docs/costs.md §1)", "years source and transport are paid before the first revenue"),
        number("costs.min_max_slider", &Config::costs, &CostParameters::min_max_slider, 0, 1, "share",
               "Vesta Basis.dms VerbeterMinMaxSchuif (docs/costs.md)", "0 takes the minimum of every cost range, 1 the maximum"),
        number("costs.learning_curve_slider", &Config::costs, &CostParameters::learning_curve_slider, 0, 1, "share",
               "Vesta model/Kengetallen/Leercurves.dms (docs/costs.md §5)",
               "0 takes the optimistic learning curves of 2030 (much cost reduction), 1 the pessimistic ones"),
        number("prices.natural_gas_eur_gj", &Config::costs, &CostParameters::natural_gas_eur_gj, 0, 1000, "EUR/GJ",
               "Vesta data/Energieprijzen 2030 KEV2024 (docs/costs.md §3)", "natural gas, national price"),
        number("prices.green_gas_eur_gj", &Config::costs, &CostParameters::green_gas_eur_gj, 0, 1000, "EUR/GJ",
               "Vesta data/Energieprijzen 2030 TVKN (docs/costs.md §3)", "green gas for households, national price"),
        number("prices.green_gas_large_eur_gj", &Config::costs, &CostParameters::green_gas_large_eur_gj, 0, 1000,
               "EUR/GJ", "Vesta data/Energieprijzen 2030 TVKN (docs/costs.md §3)", "green gas for large users (peak boilers)"),
        number("prices.electricity_eur_gj", &Config::costs, &CostParameters::electricity_eur_gj, 0, 1000, "EUR/GJ",
               "Vesta data/Energieprijzen 2030 TVKN (docs/costs.md §3)", "green electricity, national price"),
        number("costs.utility_m2_per_weq", &Config::costs, &CostParameters::utility_m2_per_weq, 1, 10000, "m2",
               "Vesta (docs/costs.md §1: WEQ = dwellings + utility m2 / 130)", "utility floor area per dwelling equivalent"),
        number("prices.enduser.natural_gas_eur_gj", &Config::costs, &CostParameters::enduser_natural_gas_eur_gj, 0, 1000,
               "EUR/GJ", "Vesta CS/EnergiePrijzen.dms eindgebruik_excl 2030 (docs/costs.md §3)",
               "natural gas for households, incl. energy tax and SDE, excl. VAT"),
        number("prices.enduser.green_gas_eur_gj", &Config::costs, &CostParameters::enduser_green_gas_eur_gj, 0, 1000,
               "EUR/GJ", "Vesta CS/EnergiePrijzen.dms eindgebruik_excl 2030 (docs/costs.md §3)",
               "green gas for households, incl. energy tax and SDE, excl. VAT"),
        number("prices.enduser.electricity_eur_gj", &Config::costs, &CostParameters::enduser_electricity_eur_gj, 0, 1000,
               "EUR/GJ", "Vesta CS/EnergiePrijzen.dms eindgebruik_excl 2030 (docs/costs.md §3)",
               "green electricity for households, incl. energy tax and SDE, excl. VAT"),
        number("prices.low.electricity_eur_gj", &Config::costs, &CostParameters::electricity_low_eur_gj, 0, 1000,
               "EUR/GJ", "Vesta Energieprijzen_GAlaag_GroenElek 2030: (0.0848 + 0.006) EUR/kWh (docs/costs.md §3, §5 G03)",
               "green electricity, national price, in the low-price set"),
        number("prices.high.electricity_eur_gj", &Config::costs, &CostParameters::electricity_high_eur_gj, 0, 1000,
               "EUR/GJ", "Vesta Energieprijzen_GAhoog_GroenElek 2030: (0.0914 + 0.006) EUR/kWh (docs/costs.md §3, §5 G04)",
               "green electricity, national price, in the high-price set"),
        number("prices.low.green_gas_eur_gj", &Config::costs, &CostParameters::green_gas_low_eur_gj, 0, 1000, "EUR/GJ",
               "Vesta Energieprijzen_GAlaag_KlimaatNeutraalGas 2030: 0.88 EUR/m3 (docs/costs.md §3, §5 G03)",
               "green gas, national price, in the low-price set"),
        number("prices.high.green_gas_eur_gj", &Config::costs, &CostParameters::green_gas_high_eur_gj, 0, 1000,
               "EUR/GJ",
               "Vesta Energieprijzen_GAhoog_KlimaatNeutraalGas 2030: 5.09 EUR/m3 as stored; suspect (docs/costs.md §5)",
               "green gas, national price, in the high-price set"),
        number("finance.vat_factor", &Config::costs, &CostParameters::vat_factor, 1, 2, "factor", "docs/costs.md §1 (21 % VAT)",
               "end users pay energy, installations and charges times this"),
        number("finance.building_works_factor", &Config::costs, &CostParameters::building_works_factor, 1, 2, "factor",
               "Vesta CS/Rapportage.dms Eindgebruiker (docs/costs.md §1)", "end users pay insulation and emitters times this"),
        number("finance.owner_discount_rate", &Config::costs, &CostParameters::owner_discount_rate, 0, 0.5, "1/yr",
               "Vesta Runs/DefaultSettings/Basis.dms E_bw (docs/costs.md §1)", "end users' discount rate (owner-occupiers)"),
        number("finance.installation_subsidy_share", &Config::costs, &CostParameters::installation_subsidy_share, 0, 1,
               "share", "Vesta Basis.dms Rs_LokaleOpwekking (docs/costs.md §1)",
               "share of an end user's installation annuity the subsidy pays"),
        choice("prices.heat_price_link", &Config::costs, &CostParameters::heat_price_link, {"natural_gas", "green_gas"},
               "docs/costs.md (libwarmte decision: niet meer dan anders)",
               "the end-user heat price follows the natural-gas reference, or Vesta's green-gas link"),
        number("costs.default_service_pipe_m", &Config::costs, &CostParameters::default_service_pipe_m, 0, 1000, "m",
               "docs/costs.md §4 (est.)", "service pipe per connection when no roads layer is given"),
        number("costs.max_distribution_m_per_connection", &Config::costs,
               &CostParameters::max_distribution_m_per_connection, 1, 10000, "m",
               "Vesta model/RuimtelijkeData.dms buislengte (at least one connection per 100 m)",
               "distribution pipe (and the gas and LV nets) per connection at most"),
        flag("costs.wko_everywhere", &Config::costs, &CostParameters::wko_everywhere,
             "Vesta Basis.dms AanbodKentallen BuurtWKO BuitenContour = true (docs/costs.md §1)",
             "price S3c, an LT network on a buurt WKO, in every buurt; false: only where a source input allows an S3"),
        number("costs.road_reach_m", &Config::costs, &CostParameters::road_reach_m, 0, 10000, "m",
               "Vesta model/RuimtelijkeData.dms buislengte (docs/costs.md §2)",
               "roads within this distance of the buildings they connect carry distribution pipe"),
        number("grid.hp_peak_kw", &Config::costs, &CostParameters::grid_hp_peak_kw, 0, 50, "kW per WEQ",
               "Vesta KT Vermogens: 0.5 x 7 kW per full heat pump; 1.2-3.5 kW for the sensitivity (issue 35)",
               "extra peak on the electricity grid of a dwelling equivalent that switches to a full heat pump "
               "(S1; S3's dwellings off the network); nothing leaves the grid when gas goes"),
        number("grid.hybrid_peak_kw", &Config::costs, &CostParameters::grid_hybrid_peak_kw, 0, 50, "kW per WEQ",
               "Vesta KT Vermogens: 0.5 x 3.9 kW per hybrid heat pump", "extra peak of a hybrid heat pump (S4)"),
        number("grid.central_plant_kw", &Config::costs, &CostParameters::grid_central_plant_kw, 0, 50,
               "kW per connection",
               "est.: secondary capacity 3.5 kW per connection (docs/costs.md §4, 1,756 kW / 500) over SPF 3.2",
               "extra peak of S3's collective heat pump per connection on the LT network"),
        number("grid.station_kva", &Config::costs, &CostParameters::grid_station_kva, 1, 1e6, "kVA",
               "Vesta KT Netbeheer (a new MV station per 630 kW)", "what one new MV/LV station carries"),
        number("grid.power_factor", &Config::grid_capacity, &GridCapacityParameters::power_factor, 0.1, 1, "kW/kVA",
               "Vesta KT Netbeheer prices a 630 kVA station as 630 kW", "kW a station carries per kVA of capacity"),
        number("grid.station_loading_share", &Config::grid_capacity, &GridCapacityParameters::station_loading_share,
               0, 1, "share", "est.", "today's peak as a share of capacity for a station that states neither "
               "its peak nor its headroom"),
        number("grid.max_station_kva", &Config::grid_capacity, &GridCapacityParameters::max_station_kva, 1, 1e9,
               "kVA", "est. (a 150/10 kV substation carries about 80 MVA)",
               "a station capacity above this is refused as a mistake"),
        number("grid.station_space_m2", &Config::grid_capacity, &GridCapacityParameters::station_space_m2, 0, 1e4,
               "m2", "est. (a compact station kiosk of about 3 x 2.5 m with its clearance)",
               "public space one new station takes"),
        text_list("grid.congested_values", &Config::grid_capacity, &GridCapacityParameters::congested_values,
                  "list of values", "grid operators' congestion maps (Netbeheer Nederland capaciteitskaart)",
                  "congestion statuses that mean no new offtake (red)"),
        text_list("grid.limited_values", &Config::grid_capacity, &GridCapacityParameters::limited_values,
                  "list of values", "grid operators' congestion maps (Netbeheer Nederland capaciteitskaart)",
                  "statuses that mean limited offtake (orange): reinforce"),
        text_list("grid.free_values", &Config::grid_capacity, &GridCapacityParameters::free_values, "list of values",
                  "grid operators' congestion maps (Netbeheer Nederland capaciteitskaart)",
                  "statuses that mean offtake is available (green)"),
        group_text("fields.grid_stations.capacity", &Config::grid_capacity_fields,
                   &GridCapacityFields::station_capacity, "field name", "issue 35",
                   "capacity of a station, kVA (required)"),
        group_text("fields.grid_stations.peak", &Config::grid_capacity_fields, &GridCapacityFields::station_peak,
                   "field name", "issue 35", "today's peak of a station, kW (optional)"),
        group_text("fields.grid_stations.headroom", &Config::grid_capacity_fields,
                   &GridCapacityFields::station_headroom, "field name", "issue 35",
                   "the headroom of a station the operator states, kW (optional; before the peak)"),
        group_text("fields.grid_congestion.status", &Config::grid_capacity_fields,
                   &GridCapacityFields::congestion_status, "field name", "issue 35",
                   "offtake status of a congestion area or postcode (grid.*_values)"),
        group_text("fields.grid_congestion.year", &Config::grid_capacity_fields,
                   &GridCapacityFields::congestion_year, "field name", "issue 35",
                   "the year the congestion is expected to lift (optional)"),
        group_text("costs.insulation_table", &Config::costs, &CostParameters::insulation_table, "CSV path",
                   "libwarmte/data/insulation_to_label_b.csv", "replacement for the built-in insulation table (Vesta WB)"),
        choice("strategy.decision", &Config::score, &ScoreParameters::decision, {"cost", "rules"},
               "issue 12; PBL Startanalyse (docs/costs.md §1)",
               "cost: the variant with the lowest national costs; rules: the rule set of docs/model.md §3.4"),
        number("strategy.near_tie_share", &Config::score, &ScoreParameters::near_tie_share, 0, 1, "share",
               "docs/costs.md §1 near-tie rule (est.)", "a runner-up this close (share of the cheapest's costs) is a near tie"),
        number("strategy.near_tie_eur_weq", &Config::score, &ScoreParameters::near_tie_eur_weq, 0, 1e5, "EUR/WEQ/yr",
               "docs/costs.md §1 near-tie rule (est.)", "a runner-up this close is a near tie"),
        number("strategy.wide_gap_eur_weq", &Config::score, &ScoreParameters::wide_gap_eur_weq, 0, 1e5, "EUR/WEQ/yr",
               "est.", "a lead over the runner-up of this much or more is 'very_clear' (cost_gap_class)"),
        group_text("costs.kentallen_table", &Config::costs, &CostParameters::kentallen_table, "CSV path",
                   "libwarmte/data/cost_kentallen.csv", "replacement for the built-in cost kentallen"),
        integer("uncertainty.samples", &Config::uncertainty, &UncertaintyParameters::samples, 0, 100000, "draws",
                "issue 34 (at least 200 for choice_confidence)",
                "Latin-hypercube draws over the kentallen ranges, prices, discount rate, demand and grid peak "
                "(0: none)"),
        number("uncertainty.seed", &Config::uncertainty, &UncertaintyParameters::seed, 0, 9e15, "seed", "user",
               "random seed of the draws: the same seed gives the same draws"),
        number("uncertainty.demand_spread", &Config::uncertainty, &UncertaintyParameters::demand_spread, 0, 0.99,
               "fraction", "est. (the +-20 % band of docs/demand.md)", "demand varies by up to this fraction"),
        number("uncertainty.natural_gas_spread", &Config::uncertainty, &UncertaintyParameters::natural_gas_spread, 0,
               0.99, "fraction", "est.", "the reference's natural-gas price varies by up to this fraction"),
        number("uncertainty.discount_rate_low", &Config::uncertainty, &UncertaintyParameters::discount_rate_low, 0, 0.5,
               "rate", "est. (around Vesta's 2.25 %)", "lowest social discount rate drawn"),
        number("uncertainty.discount_rate_high", &Config::uncertainty, &UncertaintyParameters::discount_rate_high, 0,
               0.5, "rate", "est. (around Vesta's 2.25 %)", "highest social discount rate drawn"),
        number("uncertainty.hp_peak_low_kw", &Config::uncertainty, &UncertaintyParameters::hp_peak_low_kw, 0, 50,
               "kW per WEQ", "issue 35 (1.2-3.5 kW)", "lowest grid.hp_peak_kw drawn"),
        number("uncertainty.hp_peak_high_kw", &Config::uncertainty, &UncertaintyParameters::hp_peak_high_kw, 0, 50,
               "kW per WEQ", "issue 35 (1.2-3.5 kW; Vesta 0.5 x 7 kW)", "highest grid.hp_peak_kw drawn"),
        number("uncertainty.robust_share", &Config::uncertainty, &UncertaintyParameters::robust_share, 0, 1, "share",
               "issue 34", "a choice cheapest in at least this share of the draws is labelled robust"),
        integer("sensitivity.samples", &Config::sensitivity_samples, 0, 100000, "samples", "user",
                "weight/anchor samples for the sensitivity fields (0: none)"),
        {"sensitivity.spread", "fraction", "est.", "weights and anchors vary by up to this fraction around their values",
         [](Config& c, const toml::node& n, const std::string& where) {
             auto v = n.value<double>();
             if (!v || *v < 0 || *v >= 1) throw ConfigError(type_error(where, "a number from 0 to below 1"));
             c.sensitivity_spread = *v;
         },
         [](const Config& c) { return format_double(c.sensitivity_spread); }},
        {"sensitivity.seed", "seed", "user", "random seed: the same seed gives the same sensitivity",
         [](Config& c, const toml::node& n, const std::string& where) {
             auto v = n.value<std::int64_t>();
             if (!v || *v < 0) throw ConfigError(type_error(where, "a non-negative integer"));
             c.sensitivity_seed = static_cast<std::uint64_t>(*v);
         },
         [](const Config& c) { return std::to_string(c.sensitivity_seed); }},
        {"output.language", "nl | en", "issue 7", "language of the legends, labels and style names in the GeoPackage and maps",
         [](Config& c, const toml::node& n, const std::string& where) {
             auto v = n.value<std::string>();
             if (!v || !is_supported_language(*v)) throw ConfigError(type_error(where, "\"nl\" or \"en\""));
             c.output.language = *v;
         },
         [](const Config& c) { return quote(c.output.language); }},
        output_path("output.path", &OutputSettings::path, "output GeoPackage"),
        output_path("output.heat_grid", &OutputSettings::heat_grid, "heat-density GeoTIFF to write (optional)"),
        flag("output.grid_buildings", &Config::output, &OutputSettings::grid_buildings, "user",
             "also sample raster grids per building (in the buildings layer)"),
        flag("output.map", &Config::output, &OutputSettings::map, "user", "also write a PNG map next to the GeoPackage (needs the Python package)"),
        flag("output.buildings_layer", &Config::output, &OutputSettings::buildings_layer, "user",
             "also write a 'buildings' layer with per-building demand"),
        {"output.table_max_buurten", "buurten", "est. (what a terminal shows)",
         "warmte analyse prints a line per buurt up to this many buurten, a summary (totals, classes, slowest "
         "stages) above it",
         [](Config& c, const toml::node& n, const std::string& where) {
             auto v = n.value<std::int64_t>();
             if (!v || *v < 0 || *v > 1'000'000) throw ConfigError(type_error(where, "an integer from 0 to 1000000"));
             c.output.table_max_buurten = static_cast<int>(*v);
         },
         [](const Config& c) { return std::to_string(c.output.table_max_buurten); }},
    };
    for (const InputRole& role : input_roles()) built.push_back(input_path(role));
    for (const InputRole& role : input_roles()) built.push_back(input_layer(role));
    add_criteria(built);
    return built;
    }();
    return table;
}

void apply(Config& config, const toml::table& table, const std::string& prefix, const std::string& origin,
           const std::filesystem::path& base_dir) {
    for (auto&& [key, node] : table) {
        std::string full = prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
        std::string where = origin + ": '" + full + "'";
        if (full == "grids") {  // [grids] NAME = "SRC": names are the user's, not parameters
            const toml::table* sub = node.as_table();
            if (!sub) throw ConfigError(where + " must be a table of NAME = \"path\"");
            for (auto&& [name, value] : *sub) {
                auto v = value.value<std::string>();
                if (!v) throw ConfigError(where + "." + std::string(name.str()) + " must be a path string");
                std::string path = *v;
                if (!base_dir.empty() && std::filesystem::path(path).is_relative())
                    path = (base_dir / path).lexically_normal().string();
                config.inputs.grids.push_back({std::string(name.str()), path});
            }
            continue;
        }
        if (const toml::table* sub = node.as_table()) {
            // inputs.<role> = { source = "...", layer = "..." }: the dataset and its layer apart.
            const InputRole* role = full.rfind("inputs.", 0) == 0 ? find_input_role(full.substr(7)) : nullptr;
            if (role) {
                for (auto&& [k, v] : *sub) {
                    std::string part(k.str());
                    if (part != "source" && part != "layer")
                        throw ConfigError(where + "." + part + " is not known; an input table has source and layer");
                    toml::table one;
                    one.insert(part == "source" ? std::string("inputs.") + role->name
                                                : std::string("inputs.layers.") + role->name, v);
                    apply(config, one, "", origin, base_dir);
                }
                continue;
            }
            apply(config, *sub, full, origin, base_dir);
            continue;
        }
        for (auto [old_key, new_key] : renamed_keys)
            if (full == old_key) full = new_key;
        const Parameter* found = nullptr;
        for (const Parameter& p : parameters())
            if (full == p.key) found = &p;
        if (!found)
            throw ConfigError(where + " is not a known parameter; run 'warmte --help-config' for the list");
        found->set(config, node, where);
    }
}

}  // namespace

namespace {

void parse_into(Config& config, const std::string& toml_text, const std::string& origin,
                const std::filesystem::path& base_dir) {
    toml::table table;
    try {
        table = toml::parse(toml_text, origin);
    } catch (const toml::parse_error& e) {
        std::ostringstream msg;
        msg << origin << ": line " << e.source().begin.line << ": " << e.description()
            << "; fix the TOML syntax there";
        throw ConfigError(msg.str());
    }
    apply(config, table, "", origin, base_dir);
    resolve_paths(config, base_dir);
    // Checks across keys (weights that sum to zero, class bounds in the wrong order) name the
    // file as the per-key checks do.
    try {
        validate(config.score);
    } catch (const ConfigError& e) {
        throw ConfigError(origin + ": " + e.what());
    }
}

}  // namespace

bool is_gdal_dataset_name(const std::string& spec) {
    if (spec.rfind("/vsi", 0) == 0) return true;
    auto colon = spec.find(':');
    if (colon == std::string::npos || colon < 2) return false;  // "C:" is a drive
    for (std::size_t i = 0; i < colon; ++i)
        if (!std::isalnum(static_cast<unsigned char>(spec[i])) && spec[i] != '_') return false;
    return true;
}

Config parse_config(const std::string& toml_text, const std::string& origin, const std::filesystem::path& base_dir) {
    Config config;
    parse_into(config, toml_text, origin, base_dir);
    return config;
}

Config parse_config_over(const Config& base, const std::string& toml_text, const std::string& origin) {
    Config config = base;
    parse_into(config, toml_text, origin, {});
    return config;
}

const std::vector<std::string>& supported_languages() {
    static const std::vector<std::string> languages = {"nl", "en"};
    return languages;
}

bool is_supported_language(const std::string& language) {
    const auto& all = supported_languages();
    return std::find(all.begin(), all.end(), language) != all.end();
}

std::vector<ParameterInfo> describe(const Config& config) {
    std::vector<ParameterInfo> out;
    for (const Parameter& p : parameters())
        out.push_back({p.key, p.show(config), p.unit, p.source, p.description});
    return out;
}

std::string to_toml(const Config& config) {
    // Grouped by table, tables in order of first appearance, so the text reads back with parse_config.
    std::vector<std::pair<std::string, std::string>> tables;  // table -> its "key = value" lines
    for (const ParameterInfo& p : describe(config)) {
        auto dot = p.key.rfind('.');
        std::string table = p.key.substr(0, dot);
        auto it = std::find_if(tables.begin(), tables.end(), [&](auto& t) { return t.first == table; });
        if (it == tables.end()) it = tables.insert(tables.end(), {table, ""});
        it->second.append(p.key.substr(dot + 1)).append(" = ").append(p.value).append("\n");
    }
    std::string out;
    for (auto& [table, lines] : tables) {
        if (!out.empty()) out += '\n';
        out.append("[").append(table).append("]\n").append(lines);
    }
    if (!config.inputs.grids.empty()) {
        out += "\n[grids]\n";
        for (const GridSource& g : config.inputs.grids) out.append(g.name).append(" = ").append(quote(redact(g.source))).append("\n");
    }
    return out;
}

std::vector<std::string> secret_warnings(const Config& config, const std::string& origin) {
    std::vector<std::pair<std::string, std::string>> sources;  // key, source
    for (const InputRole& role : input_roles())
        sources.emplace_back(std::string("inputs.") + role.name, config.inputs[role.role]);
    for (const GridSource& g : config.inputs.grids) sources.emplace_back("grids." + g.name, g.source);
    std::vector<std::string> out;
    for (const auto& [key, source] : sources) {
        if (!holds_secret(source)) continue;
        out.push_back(origin + ": '" + key + "' holds a password or token (" + redact(source) +
                      "); it is used and kept out of every output, but keep it out of the file too: for PostGIS "
                      "name a service (PG:service=NAME, defined in ~/.pg_service.conf or PGSERVICEFILE) and put the "
                      "password in ~/.pgpass or PGPASSFILE; for URLs give GDAL the credentials in the environment "
                      "(GDAL_HTTP_USERPWD, GDAL_HTTP_HEADERS, AWS_SECRET_ACCESS_KEY, AZURE_STORAGE_SAS_TOKEN)");
    }
    return out;
}

}  // namespace warmte
