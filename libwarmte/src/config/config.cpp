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
#include <typeindex>

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
    /// Puts the row's default into a configuration (Config's constructor).
    std::function<void(Config&)> reset = {};
    /// For a member of a group (CostParameters, ...): the group's type and the same on a group of
    /// that type alone (the group's own constructor: `CostParameters{}` holds the defaults too).
    std::type_index group = typeid(Config);
    std::function<void(void*)> reset_group = {};
};

// What every row says of itself: its key, unit, source and description.
struct Row {
    const char* key;
    std::string unit;
    const char* source;
    const char* description;
};

// The lowest and highest values a number may take.
struct Range {
    double min, max;
};
struct IntRange {
    int min, max;
};

// The row's default: `value` into the member (of a group, or of Config itself).
template <class Group, class T>
Parameter with_default(Parameter p, Group Config::*group, T Group::*member, T value) {
    p.reset = [group, member, value](Config& c) { (c.*group).*member = value; };
    p.group = typeid(Group);
    p.reset_group = [member, value](void* g) { static_cast<Group*>(g)->*member = value; };
    return p;
}
template <class T>
Parameter with_default(Parameter p, T Config::*member, T value) {
    p.reset = [member, value](Config& c) { c.*member = value; };
    return p;
}

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

Parameter text(const Row& row, std::string Config::*member, const std::string& value) {
    return with_default({row.key, row.unit, row.source, row.description,
                         [member](Config& c, const toml::node& n, const std::string& where) {
                             auto v = n.value<std::string>();
                             if (!v) throw ConfigError(type_error(where, "a string"));
                             c.*member = *v;
                         },
                         [member](const Config& c) { return quote(c.*member); }},
                        member, value);
}

template <class Group>
Parameter field(const char* key, Group Config::*group, std::string Group::*member, const std::string& value,
                const char* description) {
    return with_default({key, "field name", "docs/model.md §2", description,
                         [group, member](Config& c, const toml::node& n, const std::string& where) {
                             auto v = n.value<std::string>();
                             if (!v || v->empty()) throw ConfigError(type_error(where, "a non-empty field name"));
                             (c.*group).*member = *v;
                         },
                         [group, member](const Config& c) { return quote((c.*group).*member); }},
                        group, member, value);
}

// A top-level distance or area of the [analysis] table: a number from 0 to 1e9.
Parameter margin(const Row& row, double Config::*member, double value) {
    return with_default({row.key, row.unit, row.source, row.description,
                         [=](Config& c, const toml::node& n, const std::string& where) {
                             auto v = n.value<double>();
                             if (!v || !(*v >= 0 && *v <= 1e9))
                                 throw ConfigError(type_error(where, "a number from 0 to 1e9"));
                             c.*member = *v;
                         },
                         [=](const Config& c) { return format_double(c.*member); }},
                        member, value);
}

template <class Group>
Parameter number(const Row& row, Group Config::*group, double Group::*member, double value, Range range) {
    return with_default({row.key, row.unit, row.source, row.description,
                         [=](Config& c, const toml::node& n, const std::string& where) {
                             auto v = n.value<double>();
                             if (!v || !(*v >= range.min && *v <= range.max))
                                 throw ConfigError(where + " must be a number from " + format_double(range.min) +
                                                   " to " + format_double(range.max));
                             (c.*group).*member = *v;
                         },
                         [=](const Config& c) { return format_double((c.*group).*member); }},
                        group, member, value);
}

template <class Group>
Parameter group_text(const Row& row, Group Config::*group, std::string Group::*member, const std::string& value) {
    return with_default({row.key, row.unit, row.source, row.description,
                         [group, member](Config& c, const toml::node& n, const std::string& where) {
                             auto v = n.value<std::string>();
                             if (!v) throw ConfigError(type_error(where, "a string"));
                             (c.*group).*member = *v;
                         },
                         [group, member](const Config& c) { return quote((c.*group).*member); }},
                        group, member, value);
}

// One of a fixed set of strings (the row's unit lists them).
template <class Group>
Parameter choice(Row row, Group Config::*group, std::string Group::*member, const std::string& value,
                 std::vector<std::string> allowed) {
    std::string unit;
    for (const std::string& a : allowed) unit += (unit.empty() ? "" : " | ") + a;
    return with_default({row.key, unit, row.source, row.description,
                         [group, member, allowed, unit](Config& c, const toml::node& n, const std::string& where) {
                             auto v = n.value<std::string>();
                             if (!v || std::find(allowed.begin(), allowed.end(), *v) == allowed.end())
                                 throw ConfigError(type_error(where, ("one of " + unit).c_str()));
                             (c.*group).*member = *v;
                         },
                         [group, member](const Config& c) { return quote((c.*group).*member); }},
                        group, member, value);
}

// A list of strings, reached through `get` (so top-level and grouped members share one helper).
template <class Get>
Parameter strings(const Row& row, Get get) {
    return {row.key, row.unit, row.source, row.description,
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
Parameter text_list(const Row& row, Group Config::*group, std::vector<std::string> Group::*member,
                    const std::vector<std::string>& value) {
    return with_default(
        strings(row, [group, member](Config& c) -> std::vector<std::string>& { return (c.*group).*member; }), group,
        member, value);
}

// A list of strings of Config itself (the BAG statuses in use).
Parameter texts(const Row& row, std::vector<std::string> Config::*member, const std::vector<std::string>& value) {
    return with_default(strings(row, [member](Config& c) -> std::vector<std::string>& { return c.*member; }), member,
                        value);
}

template <class Group>
Parameter flag(const Row& row, Group Config::*group, bool Group::*member, bool value) {
    return with_default({row.key, "flag", row.source, row.description,
                         [group, member](Config& c, const toml::node& n, const std::string& where) {
                             auto v = n.value<bool>();
                             if (!v) throw ConfigError(type_error(where, "true or false"));
                             (c.*group).*member = *v;
                         },
                         [group, member](const Config& c) { return std::string((c.*group).*member ? "true" : "false"); }},
                        group, member, value);
}

// An integer from range.min to range.max, read into `into` (the member's own place).
template <class Into>
Parameter whole(const Row& row, Into into, IntRange range) {
    return {row.key, row.unit, row.source, row.description,
            [=](Config& c, const toml::node& n, const std::string& where) {
                auto v = n.value<std::int64_t>();
                if (!v || *v < range.min || *v > range.max)
                    throw ConfigError(type_error(where, ("an integer from " + std::to_string(range.min) + " to " +
                                                         std::to_string(range.max)).c_str()));
                into(c) = static_cast<int>(*v);
            },
            [into](const Config& c) { return std::to_string(into(const_cast<Config&>(c))); }};
}

Parameter integer(const Row& row, int Config::*member, int value, IntRange range) {
    return with_default(whole(row, [member](Config& c) -> int& { return c.*member; }, range), member, value);
}

// An integer of a group (network.phase_count, uncertainty.samples).
template <class Group>
Parameter integer(const Row& row, Group Config::*group, int Group::*member, int value, IntRange range) {
    return with_default(whole(row, [group, member](Config& c) -> int& { return (c.*group).*member; }, range), group,
                        member, value);
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

Parameter output_path(const char* key, std::string OutputSettings::*member, const std::string& value,
                      const char* description) {
    return with_default({key, "path", "project file", description,
                         [member](Config& c, const toml::node& n, const std::string& where) {
                             auto v = n.value<std::string>();
                             if (!v) throw ConfigError(type_error(where, "a path string"));
                             c.output.*member = *v;
                         },
                         [member](const Config& c) { return quote(c.output.*member); }},
                        &Config::output, member, value);
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
        text({"analysis.crs", "CRS", "docs/model.md §1",
              "projected metric CRS every layer is transformed into before analysis"},
             &Config::analysis_crs, "EPSG:28992"),
        text({"analysis.assume_crs", "CRS", "user",
              "CRS to assume for a layer that declares none (empty: such a layer is an error)"},
             &Config::assume_crs, ""),
        margin({"analysis.extent_margin_m", "m", "est. (PROJ area of use of analysis.crs)",
                "a vertex farther than this outside the analysis CRS's area of use is a bad feature (dropped and "
                "recorded)"},
               &Config::extent_margin_m, 1e6),
        margin({"analysis.overlap_tolerance_m2", "m2", "est. (digitising noise of CBS buurt borders)",
                "two buurten sharing more area than this overlap: recorded (overlapping_neighbourhoods), as their "
                "areas and buildings would count twice"},
               &Config::overlap_tolerance_m2, 1.0),
        integer({"analysis.threads", "threads", "user", "worker threads; 0 uses every core"}, &Config::threads, 0,
                {0, 1024}),
        field("fields.neighbourhoods.id", &Config::neighbourhood_fields, &NeighbourhoodFields::id, "buurtcode",
              "unique id of a buurt (CBS buurtcode); passed through to the output"),
        field("fields.neighbourhoods.name", &Config::neighbourhood_fields, &NeighbourhoodFields::name, "buurtnaam",
              "buurt name; passed through when present"),
        field("fields.neighbourhoods.municipality", &Config::neighbourhood_fields, &NeighbourhoodFields::municipality,
              "gemeentecode", "municipality code; passed through when present"),
        field("fields.buildings.id", &Config::building_fields, &BuildingFields::id, "identificatie",
              "building id (BAG pand identificatie), used in data-quality records when present"),
        field("fields.neighbourhoods.water_flag", &Config::neighbourhood_fields, &NeighbourhoodFields::water_flag,
              "water", "CBS 'water' field; a buurt marked JA is left out of densities"),
        field("fields.buildings.status", &Config::building_fields, &BuildingFields::status, "status",
              "BAG status field; when present, only buildings in use are kept"),
        field("fields.buildings.year", &Config::building_fields, &BuildingFields::year, "bouwjaar",
              "construction year (BAG oorspronkelijkbouwjaar)"),
        field("fields.buildings.use", &Config::building_fields, &BuildingFields::use, "gebruiksdoel",
              "BAG gebruiksdoel; several values separated by commas"),
        field("fields.buildings.floor_area", &Config::building_fields, &BuildingFields::floor_area, "oppervlakte",
              "usable floor area, m2 (BAG oppervlakte, sum over verblijfsobjecten)"),
        field("fields.buildings.dwellings", &Config::building_fields, &BuildingFields::dwellings,
              "aantal_verblijfsobjecten", "number of verblijfsobjecten"),
        field("fields.buildings.storeys", &Config::building_fields, &BuildingFields::storeys, "b3_bouwlagen",
              "storeys (3DBAG)"),
        field("fields.buildings.roof_height", &Config::building_fields, &BuildingFields::roof_height, "b3_h_dak_70p",
              "roof height, m (3DBAG b3_h_dak_70p)"),
        field("fields.buildings.ground_height", &Config::building_fields, &BuildingFields::ground_height,
              "b3_h_maaiveld", "ground height, m (3DBAG b3_h_maaiveld)"),
        field("fields.buildings.floor_area_min", &Config::building_fields, &BuildingFields::floor_area_min,
              "oppervlakte_min",
              "smallest verblijfsobject area in the pand, m2 (PDOK BAG pand services oppervlakte_min)"),
        field("fields.buildings.floor_area_max", &Config::building_fields, &BuildingFields::floor_area_max,
              "oppervlakte_max", "largest verblijfsobject area in the pand, m2 (PDOK BAG pand services oppervlakte_max)"),
        with_default(Parameter{"fields.addresses.building_id", "field names", "docs/model.md §2 (BAG verblijfsobject pandidentificatie)",
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
                     &Config::address_fields, &AddressFields::building_id,
                     std::vector<std::string>{"pand_identificatie", "pandidentificatie", "pandref"}),
        field("fields.addresses.use", &Config::address_fields, &AddressFields::use, "gebruiksdoel",
              "verblijfsobject gebruiksdoel; several values separated by commas"),
        field("fields.addresses.floor_area", &Config::address_fields, &AddressFields::floor_area, "oppervlakte",
              "verblijfsobject oppervlakte, m2"),
        field("fields.addresses.status", &Config::address_fields, &AddressFields::status, "status",
              "verblijfsobject status; only those in use count"),
        texts({"addresses.in_use_status", "list of values", "issue 13 (BAG verblijfsobject status)",
               "status values of verblijfsobjecten that count (compared exactly)"},
              &Config::address_in_use_status,
              {"Verblijfsobject in gebruik", "Verblijfsobject in gebruik (niet ingemeten)",
               "Verbouwing verblijfsobject"}),
        field("fields.heights.id", &Config::height_fields, &HeightFields::id, "identificatie",
              "pand id of the heights layer (3DBAG identificatie, NL.IMBAG.Pand.<id>); its storeys and height fields are named as fields.buildings.*"),
        number({"buildings.annex_max_footprint_m2", "m2",
                "est. (garages and sheds: BAG panden of 15-50 m2 beside a house)",
                "panden only: a pand smaller than this next to a much larger one is an annex (no dwellings, no demand)"},
               &Config::building_rules, &BuildingRules::annex_max_footprint_m2, 50, {0, 10000}),
        number({"buildings.annex_near_m", "m", "est.", "panden only: 'next to' means within this distance"},
               &Config::building_rules, &BuildingRules::annex_near_m, 2, {0, 100}),
        number({"buildings.annex_size_ratio", "ratio", "est. (terraced houses beside each other are of similar size)",
                "panden only: 'much larger' means at least this many times the footprint"},
               &Config::building_rules, &BuildingRules::annex_size_ratio, 2, {1, 1000}),
        number({"buildings.hall_min_footprint_m2", "m2", "est.", "panden only: footprints at least this large ..."},
               &Config::building_rules, &BuildingRules::hall_min_footprint_m2, 300, {0, 1e6}),
        number({"buildings.hall_min_depth_m", "m",
                "est. (dwellings need daylight: residential blocks are rarely deeper than 12-15 m, a depth 2 x area / "
                "perimeter of about 10 m)",
                "panden only: ... and deeper than this (2 x area / perimeter) are halls, not dwellings"},
               &Config::building_rules, &BuildingRules::hall_min_depth_m, 10, {0, 1000}),
        group_text({"buildings.hall_use", "BAG gebruiksdoel", "est.",
                    "panden only: the use a hall is given (its non-residential demand figures)"},
                   &Config::building_rules, &BuildingRules::hall_use, "industriefunctie"),
        field("fields.neighbourhoods.dwellings_measured", &Config::neighbourhood_fields,
              &NeighbourhoodFields::dwellings_measured, "woningvoorraad", "CBS housing stock (woningvoorraad); optional"),
        field("fields.neighbourhoods.gas_m3_per_dwelling", &Config::neighbourhood_fields,
              &NeighbourhoodFields::gas_m3_per_dwelling, "gemiddeld_aardgasverbruik_totaal",
              "CBS average natural gas use per dwelling, m3/yr; optional"),
        field("fields.neighbourhoods.district_heating_share", &Config::neighbourhood_fields,
              &NeighbourhoodFields::district_heating_share, "percentage_woningen_met_stadsverwarming",
              "CBS percentage of dwellings on district heating (0-100); optional, missing counts as 0"),
        field("fields.neighbourhoods.owner_share", &Config::neighbourhood_fields, &NeighbourhoodFields::owner_share,
              "percentage_koopwoningen", "CBS percentage of owner-occupied dwellings (koopwoningen, 0-100); optional"),
        field("fields.neighbourhoods.social_share", &Config::neighbourhood_fields, &NeighbourhoodFields::social_share,
              "percentage_huurwoningen_in_bezit_woningcorporaties",
              "CBS percentage of dwellings a housing corporation lets (0-100); optional"),
        field("fields.neighbourhoods.private_share", &Config::neighbourhood_fields, &NeighbourhoodFields::private_share,
              "percentage_huurwoningen_in_bezit_overige_verhuurders",
              "CBS percentage of dwellings other landlords let (0-100); optional"),
        number({"tenure.default_owner_share", "share", "CBS Woningvoorraad naar eigendom 2022 (rounded)",
                "owner-occupied share where the buurt gives none"},
               &Config::tenure, &TenureParameters::default_owner_share, 0.57, {0, 1}),
        number({"tenure.default_social_share", "share", "CBS Woningvoorraad naar eigendom 2022 (rounded)",
                "corporation share where the buurt gives none"},
               &Config::tenure, &TenureParameters::default_social_share, 0.29, {0, 1}),
        number({"tenure.default_private_share", "share", "CBS Woningvoorraad naar eigendom 2022 (rounded)",
                "private-rent share where the buurt gives none"},
               &Config::tenure, &TenureParameters::default_private_share, 0.14, {0, 1}),
        number({"tenure.social_rent_increase_share", "share",
                "issue 34: the Startmotor agreement of 2020 (corporations connect tenants at no higher monthly cost)",
                "share of a corporation tenant's energy saving its rent may rise by (never more than the corporation's "
                "extra costs)"},
               &Config::tenure, &TenureParameters::social_rent_increase_share, 1.0, {0, 1}),
        number({"tenure.max_rise_eur_month", "EUR/month", "est.",
                "a household whose monthly costs rise by more than this counts in households_cost_rises"},
               &Config::tenure, &TenureParameters::max_rise_eur_month, 0, {0, 1e4}),
        number({"demand.gas_mj_per_m3", "MJ/m3", "docs/model.md §3.1 (Groningen gas, lower heating value)",
                "energy in a m3 of natural gas"},
               &Config::demand, &DemandParameters::gas_mj_per_m3, 31.65, {1, 100}),
        number({"demand.boiler_efficiency", "ratio", "docs/model.md §3.1 (HR boiler on the lower heating value)",
                "heat delivered per unit of gas energy"},
               &Config::demand, &DemandParameters::boiler_efficiency, 1.05, {0.1, 2}),
        number({"demand.measured_band_low", "ratio", "est.",
                "demand_vs_measured below this is recorded in the data-quality layer"},
               &Config::demand, &DemandParameters::measured_band_low, 0.67, {0, 100}),
        number({"demand.measured_band_high", "ratio", "est.",
                "demand_vs_measured above this is recorded in the data-quality layer"},
               &Config::demand, &DemandParameters::measured_band_high, 1.5, {0, 100}),
        choice({"demand.calibrate", "", "issue 13; PBL Vesta local calibration factor",
                "measured: scale each buurt's residential space heat so the model meets the CBS measured gas use"},
               &Config::demand, &DemandParameters::calibrate, "none", {"none", "measured"}),
        text_list({"fields.buildings.year_alternates", "field names",
                   "docs/model.md §2 (LVBAG driver, PDOK and 3DBAG spellings of BAG oorspronkelijkBouwjaar)",
                   "construction-year fields tried in turn when fields.buildings.year is absent"},
                  &Config::building_fields, &BuildingFields::year_alternates,
                  {"oorspronkelijkBouwjaar", "oorspronkelijkbouwjaar", "oorspronkelijk_bouwjaar"}),
        text_list({"fields.buildings.history", "field names",
                   "docs/model.md §3.1 (a BAG extract, LVBAG driver, holds every version of a pand; past ones have an "
                   "end date)",
                   "a pand version with any of these fields set is history and left out"},
                  &Config::building_fields, &BuildingFields::history, {"eindGeldigheid", "eindRegistratie"}),
        texts({"buildings.in_use_status", "list of values", "docs/model.md §3.1 (BAG status)",
               "status values of buildings that are kept (compared exactly)"},
              &Config::in_use_status, {"Pand in gebruik", "Pand in gebruik (niet ingemeten)", "Verbouwing pand"}),
        with_default(Parameter{"buildings.floor_area_placeholders", "m2", "docs/model.md §3.1 (BAG placeholder values)",
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
                     &Config::building_rules, &BuildingRules::floor_area_placeholders,
                     std::vector<double>{1, 9999, 99999, 999999}),
        number({"buildings.max_floor_area_m2", "m2", "est. (the largest Dutch buildings have about 1e6 m2)",
                "floor areas above this (or not finite) are missing and recorded (value_out_of_range)"},
               &Config::building_rules, &BuildingRules::max_floor_area_m2, 2e6, {1, 1e9}),
        number({"buildings.max_dwellings", "dwellings",
                "est. (the largest Dutch residential buildings have under 1,000)",
                "dwelling (verblijfsobject) counts above this are missing and recorded"},
               &Config::building_rules, &BuildingRules::max_dwellings, 3000, {1, 1e6}),
        number({"buildings.max_height_m", "m", "est. (the tallest Dutch building is 165 m)",
                "heights above this are missing and recorded"},
               &Config::building_rules, &BuildingRules::max_height_m, 400, {1, 10000}),
        number({"buildings.usable_floor_fraction", "fraction", "docs/model.md §3.1 (est.)",
                "usable floor area per m2 of footprint and storey"},
               &Config::building_rules, &BuildingRules::usable_floor_fraction, 0.8, {0.1, 1}),
        number({"buildings.storey_height_m", "m", "PBL Vesta (docs/model.md §3.1)",
                "storeys = round(height / this) when no storey count is given"},
               &Config::building_rules, &BuildingRules::storey_height_m, 2.8, {1, 10}),
        number({"buildings.default_storeys", "storeys", "docs/model.md §3.1 (est.)",
                "storeys when neither a count nor a height is known"},
               &Config::building_rules, &BuildingRules::default_storeys, 2, {1, 100}),
        number({"buildings.max_storeys", "storeys", "est. (tallest Dutch buildings have ~50)",
                "storey counts above this are nonsense and replaced"},
               &Config::building_rules, &BuildingRules::max_storeys, 60, {1, 200}),
        number({"buildings.default_year", "year", "est. (median BAG construction year)",
                "construction year when it is unknown"},
               &Config::building_rules, &BuildingRules::default_year, 1970, {1000, 2100}),
        number({"buildings.reference_year", "year", "user",
                "years after this are 'in the future' and treated as unknown"},
               &Config::building_rules, &BuildingRules::reference_year, 2026, {1900, 2200}),
        number({"buildings.floor_area_per_dwelling_m2", "m2", "est. (CBS average usable area per dwelling)",
                "residential floor area per dwelling when the dwelling count is unknown"},
               &Config::building_rules, &BuildingRules::floor_area_per_dwelling_m2, 120, {10, 1000}),
        group_text({"buildings.default_use", "BAG gebruiksdoel", "est. (most BAG panden are residential)",
                    "use assumed when the layer carries none"},
                   &Config::building_rules, &BuildingRules::default_use, "woonfunctie"),
        number({"buildings.outbuilding_max_footprint_m2", "m2", "est.",
                "without use or dwelling data, smaller buildings are sheds and garages: no dwellings, no demand"},
               &Config::building_rules, &BuildingRules::outbuilding_max_footprint_m2, 30, {0, 1000}),
        number({"dwelling_type.touch_distance_m", "m", "PBL Vesta BAG derivation (docs/model.md §3.1)",
                "footprints this close count as touching"},
               &Config::building_rules, &BuildingRules::touch_distance_m, 0.2, {0, 10}),
        number({"dwelling_type.high_rise_above_storeys", "storeys", "docs/model.md §3.1",
                "multi-family buildings above this are 'high'"},
               &Config::building_rules, &BuildingRules::high_rise_above_storeys, 4, {1, 100}),
        number({"demand.hot_water_gj_per_dwelling", "GJ/yr", "docs/model.md §3.1 (est., range 5.0-10.6)",
                "hot tap water per dwelling"},
               &Config::demand, &DemandParameters::hot_water_gj_per_dwelling, 7.5, {0, 100}),
        flag({"demand.practice_factor", "flag",
              "PBL Vesta Startanalyse 2025; Referentieverbruik warmte woningen (docs/demand.md)",
              "demand as households use it: the theoretical space heat (and hot water) times the scales below and the "
              "measured/theoretical factor of libwarmte/data/practice_factor.csv; false: the theoretical demand"},
             &Config::demand, &DemandParameters::practice_factor, true),
        number({"demand.space_heat_scale", "ratio",
                "PBL Vesta Startanalyse 2025 (Runs/DefaultSettings/Basis.dms, Drager/RuimteVerwarming)",
                "with demand.practice_factor: scale on the space heat of every building"},
               &Config::demand, &DemandParameters::space_heat_scale, 0.9, {0, 10}),
        number({"demand.hot_water_scale", "ratio",
                "PBL Vesta Startanalyse 2025 (Runs/DefaultSettings/Basis.dms, Drager/TapWater)",
                "with demand.practice_factor: scale on the hot tap water of every dwelling"},
               &Config::demand, &DemandParameters::hot_water_scale, 0.9, {0, 10}),
        number({"demand.validation_min_dwellings", "dwellings",
                "PBL (Referentieverbruik warmte woningen: no judgement on groups under 50 dwellings)",
                "warmte validate: buurten with fewer dwellings are reported apart, outside the statistics"},
               &Config::demand, &DemandParameters::validation_min_dwellings, 50, {0, 1e6}),
        group_text({"demand.local_practice_factor_table", "CSV path",
                    "PBL Vesta Startanalyse 2025 (data/20241016_Lokale_Praktijkfactor_Referentieverbruik_2.csv)",
                    "with demand.practice_factor: the dwellings' space heat of a buurt and type divided by its local "
                    "factor (Vesta's file as it is: gem2020;wijk2020;buurt2020;woningtype;verschilfactor)"},
                   &Config::demand, &DemandParameters::local_practice_factor_table, ""),
        group_text({"demand.practice_factor_table", "CSV path", "libwarmte/data/practice_factor.csv",
                    "replacement for the built-in practice factors"},
                   &Config::demand, &DemandParameters::practice_factor_table, ""),
        group_text({"demand.fallback_use", "BAG gebruiksdoel", "est.",
                    "non-residential use whose figures stand in for a use without any (celfunctie, overige)"},
                   &Config::demand, &DemandParameters::fallback_use, "kantoorfunctie"),
        group_text({"demand.residential_table", "CSV path", "libwarmte/data/residential_space_heat.csv",
                    "replacement for the built-in Vesta a + b*A table"},
                   &Config::demand, &DemandParameters::residential_table, ""),
        group_text({"demand.non_residential_table", "CSV path", "libwarmte/data/non_residential_heat.csv",
                    "replacement for the built-in non-residential table"},
                   &Config::demand, &DemandParameters::non_residential_table, ""),
        group_text({"demand.label_table", "CSV path", "libwarmte/data/insulation_labels.csv",
                    "replacement for the built-in default labels by year"},
                   &Config::demand, &DemandParameters::label_table, ""),
        number({"network.effective_width_slope_m", "m", "Persson et al. 2019 (docs/model.md §3.2)",
                "effective width w = slope * plot ratio + intercept"},
               &Config::network, &NetworkParameters::effective_width_slope_m, 137.5, {0, 1000}),
        number({"network.effective_width_intercept_m", "m", "Persson et al. 2019 (docs/model.md §3.2)",
                "effective width at plot ratio 0"},
               &Config::network, &NetworkParameters::effective_width_intercept_m, 5, {0, 1000}),
        number({"network.effective_width_max_m", "m", "Persson et al. 2019 (docs/model.md §3.2)",
                "effective width above the plot-ratio break"},
               &Config::network, &NetworkParameters::effective_width_max_m, 60, {0, 1000}),
        number({"network.plot_ratio_break", "ratio", "Persson et al. 2019 (docs/model.md §3.2)",
                "plot ratio above which the width is the maximum"},
               &Config::network, &NetworkParameters::plot_ratio_break, 0.4, {0, 100}),
        flag({"network.all_buurten", "flag", "issue 33",
              "route every buurt; false: only those whose cheapest or runner-up variant is a heat network (S2/S3)"},
             &Config::streets, &StreetParameters::all_buurten, false),
        flag({"network.node_crossings", "flag", "docs/streets.md §1",
              "roads meet where they cross; false: only where they share an end (NWB draws bridges and tunnels so)"},
             &Config::streets, &StreetParameters::node_crossings, true),
        number({"network.snap_tolerance_m", "m", "est.",
                "road ends and crossings this close are one node of the road graph"},
               &Config::streets, &StreetParameters::snap_m, 0.5, {0, 50}),
        number({"network.lhd_low_mwh_m", "MWh/m/yr", "docs/streets.md §2 (F|Heat)",
                "street class boundary: low / moderate"},
               &Config::streets, &StreetParameters::lhd_low_mwh_m, 0.5, {0, 100}),
        number({"network.lhd_mid_mwh_m", "MWh/m/yr", "docs/streets.md §2 (France Chaleur Urbaine)",
                "street class boundary: moderate / dense"},
               &Config::streets, &StreetParameters::lhd_mid_mwh_m, 1.5, {0, 100}),
        number({"network.lhd_high_mwh_m", "MWh/m/yr", "docs/streets.md §2 (Scottish heat network zoning)",
                "street class boundary: dense / very dense"},
               &Config::streets, &StreetParameters::lhd_high_mwh_m, 4.0, {0, 100}),
        number({"network.cluster_min_mwh_m", "MWh/m/yr", "est. (France Chaleur Urbaine's threshold)",
                "streets at least this dense form clusters"},
               &Config::streets, &StreetParameters::cluster_min_mwh_m, 1.5, {0, 100}),
        number({"network.cluster_gap_m", "m", "est.",
                "dense streets joined through a less dense street at most this long are one cluster"},
               &Config::streets, &StreetParameters::cluster_gap_m, 100, {0, 10000}),
        integer({"network.cluster_min_buildings", "buildings", "est.",
                 "a cluster needs at least this many joining buildings"},
                &Config::streets, &StreetParameters::cluster_min_buildings, 5, {1, 100000}),
        number({"network.max_source_road_m", "m", "est.",
                "a source farther than this from its cluster's roads is replaced by an energy centre (recorded)"},
               &Config::streets, &StreetParameters::max_source_road_m, 250, {0, 100000}),
        number({"network.simultaneity_a", "factor", "Winter, Haslinger, Kaufmann 2001 (docs/streets.md §5)",
                "simultaneity a + b / (1 + (n / c)^d): a"},
               &Config::streets, &StreetParameters::simultaneity_a, 0.449677646, {0, 1}),
        number({"network.simultaneity_b", "factor", "Winter, Haslinger, Kaufmann 2001 (docs/streets.md §5)",
                "simultaneity: b"},
               &Config::streets, &StreetParameters::simultaneity_b, 0.551234688, {0, 1}),
        number({"network.simultaneity_c", "connections", "Winter, Haslinger, Kaufmann 2001 (docs/streets.md §5)",
                "simultaneity: c"},
               &Config::streets, &StreetParameters::simultaneity_c, 53.84382392, {0.001, 1e6}),
        number({"network.simultaneity_d", "exponent", "Winter, Haslinger, Kaufmann 2001 (docs/streets.md §5)",
                "simultaneity: d"},
               &Config::streets, &StreetParameters::simultaneity_d, 1.762743268, {0.001, 100}),
        number({"network.delta_t_k", "K", "est. (MT 70/40)", "supply minus return temperature the pipes are sized for"},
               &Config::streets, &StreetParameters::delta_t_k, 30, {1, 100}),
        number({"network.water_density_kg_m3", "kg/m3", "docs/streets.md §5 (water at 70 degC)",
                "density of the network water"},
               &Config::streets, &StreetParameters::water_density_kg_m3, 977.8, {900, 1000}),
        number({"network.water_heat_capacity_kj_kgk", "kJ/kg/K", "docs/streets.md §5 (water)",
                "specific heat of the network water"},
               &Config::streets, &StreetParameters::water_heat_capacity_kj_kgk, 4.19, {3, 5}),
        integer({"network.phase_count", "phases", "est.", "clusters are built in this many phases"}, &Config::streets,
                &StreetParameters::phase_count, 3, {1, 50}),
        integer({"network.first_phase_year", "year", "est. (after the 2026 warmteprogramma)",
                 "the first year of the first phase"},
                &Config::streets, &StreetParameters::first_phase_year, 2028, {2000, 2100}),
        integer({"network.phase_years", "years", "est.", "years per phase"}, &Config::streets,
                &StreetParameters::phase_years, 5, {1, 50}),
        integer({"network.route_starts", "starts", "docs/streets.md §4",
                 "starts of the route heuristic; the shortest tree is kept"},
                &Config::streets, &StreetParameters::steiner_starts, 4, {1, 64}),
        integer({"network.route_starts_up_to", "buildings", "est. (docs/streets.md §4)",
                 "clusters of more buildings grow their route from the source only (the exchange still improves it)"},
                &Config::streets, &StreetParameters::steiner_starts_up_to, 200, {1, 10000000}),
        group_text({"fields.roads.works_year", "field name", "docs/streets.md §6",
                    "the year a road's gas main or sewer is renewed (optional; linked works)"},
                   &Config::road_fields, &RoadFields::works_year, "works_year"),
        group_text({"fields.works.year", "field name", "docs/streets.md §6",
                    "the year a works feature (--works) is planned"},
                   &Config::works_fields, &WorksFields::year, "works_year"),
        number({"network.works_near_m", "m",
                "est. (half a street's width: a main under the street beside its centre line)",
                "a works line (or area) this close to a street's centre line lies along that stretch of it"},
               &Config::streets, &StreetParameters::works_near_m, 15, {0, 1000}),
        number({"network.works_min_share", "share", "est.",
                "the share of a street's length the works must lie along to be linked to it (a crossing main is not)"},
               &Config::streets, &StreetParameters::works_min_share, 0.5, {0.01, 1}),
        text_list({"grid.intensive_columns", "column names", "user",
                   "polygon-grid columns that are intensive (area-weighted mean); all others are counts, apportioned"},
                  &Config::grid, &GridParameters::intensive_columns, std::vector<std::string>{}),
        number({"grid.suppressed_at_or_below", "value", "CBS (docs/model.md §2: -99997 is suppressed)",
                "grid values at or below this are missing"},
               &Config::grid, &GridParameters::suppressed_at_or_below, -99990, {-1e12, 1e12}),
        number({"batch.start_halo_m", "m", "est. (typical distance to the nearest Dutch ditch; footprint sizes)",
                "warmte batch: what a partition first reads around its buurten of the buildings and what lies with "
                "them (WKO zones, addresses, heights, polygon grids); doubled while a building's neighbours may lie "
                "beyond"},
               &Config::batch, &BatchParameters::start_halo_m, 250, {0, 1e6}),
        number({"batch.start_distance_halo_m", "m",
                "est. (at 1M country-like buildings most partitions' farthest nearest water lies within)",
                "warmte batch: what a partition first reads around its buurten of the layers measured by distance "
                "(water, heat-network lines); widened at once to what a building's nearest one needs"},
               &Config::batch, &BatchParameters::start_distance_halo_m, 1500, {0, 1e6}),
        number({"batch.halo_m", "m", "est. (supply.max_reach_m + margin)",
                "warmte batch: the widest halo a partition reads; a building whose neighbours or nearest water or "
                "heat-network line lie farther is an error that says to raise it"},
               &Config::batch, &BatchParameters::halo_m, 5200, {0, 1e6}),
        number({"grid.cell_size_m", "m", "docs/model.md §3.2 (Hotmaps 100 m grid)",
                "cell size of the heat-density grid, aligned to multiples of it"},
               &Config::grid, &GridParameters::cell_size_m, 100, {1, 10000}),
        number({"grid.dh_min_density_gj_ha", "GJ/ha", "Hotmaps (docs/model.md §3.2)",
                "cells at or above this heat density can join a DH potential area"},
               &Config::grid, &GridParameters::dh_min_density_gj_ha, 1200, {0, 1e6}),
        number({"grid.dh_min_area_demand_gj", "GJ/yr", "Hotmaps (docs/model.md §3.2: 108 TJ/yr = 30 GWh/yr)",
                "a coherent area needs at least this demand"},
               &Config::grid, &GridParameters::dh_min_area_demand_gj, 108000, {0, 1e9}),
        group_text({"fields.water.type", "field name", "docs/model.md §2", "water type (TOP10NL/BGT typewater)"},
                   &Config::water_fields, &WaterFields::type, "typewater"),
        group_text({"fields.water.discharge", "field name", "docs/model.md §2", "discharge of flowing water, m3/s"},
                   &Config::water_fields, &WaterFields::discharge, "flow_m3s"),
        group_text({"fields.water.width", "field name", "docs/model.md §2",
                    "width in m of water drawn as lines; such lines are buffered into polygons"},
                   &Config::water_fields, &WaterFields::width, "width_m"),
        group_text({"fields.plants.flow", "field name", "docs/model.md §2",
                    "effluent flow of a waste-water treatment plant, m3/day"},
                   &Config::source_fields, &SourceFields::plant_flow, "flow_m3_day"),
        group_text({"fields.residual_heat.heat", "field name", "issue 12", "residual heat a source can give, GJ/yr"},
                   &Config::source_fields, &SourceFields::residual_heat, "heat_gj"),
        group_text({"fields.residual_heat.temperature", "field name", "issue 12",
                    "temperature class of a residual-heat source (HT, MT, LT)"},
                   &Config::source_fields, &SourceFields::residual_temperature, "temperature_class"),
        text_list({"supply.residual_heat_classes", "temperature classes", "docs/costs.md §2 (S2 is an MT/HT network)",
                   "residual heat of these classes can feed an S2a network; a source without a class counts as MT"},
                  &Config::supply, &SupplyParameters::residual_heat_classes, std::vector<std::string>{"HT", "MT"}),
        number({"supply.residual_heat_max_reach_m", "m", "est.",
                "residual heat serves buurten up to this distance (transport pipe costed at the distance)"},
               &Config::supply, &SupplyParameters::residual_heat_max_reach_m, 20000, {0, 1e6}),
        group_text({"fields.mains.flow", "field name", "docs/model.md §2", "flow through a drinking-water main, m3/day"},
                   &Config::source_fields, &SourceFields::mains_flow, "flow_m3_day"),
        group_text({"fields.wko.class", "field name", "docs/model.md §2", "WKO suitability class"},
                   &Config::source_fields, &SourceFields::wko_class, "suitability"),
        number({"supply.min_water_area_m2", "m2", "docs/model.md §3.3 (est.)",
                "water bodies smaller than this are ignored"},
               &Config::supply, &SupplyParameters::min_water_area_m2, 1000, {0, 1e9}),
        text_list({"supply.flowing_water_types", "list of values", "docs/model.md §2 (TOP10NL: waterloop = flowing)",
                   "water types that count as flowing; others are stagnant"},
                  &Config::supply, &SupplyParameters::flowing_water_types, std::vector<std::string>{"waterloop"}),
        number({"supply.stagnant_yield_gj_m2", "GJ/m2/yr", "docs/model.md §3.3 (est.; range 0.3-1.5)",
                "heat from stagnant water per m2 of surface"},
               &Config::supply, &SupplyParameters::stagnant_yield_gj_m2, 0.5, {0, 100}),
        number({"supply.flow_fraction", "fraction", "PyPSA-Eur river model, Vesta (docs/model.md §3.3)",
                "share of a discharge that may be used"},
               &Config::supply, &SupplyParameters::flow_fraction, 0.1, {0, 1}),
        number({"supply.teo_heat_capacity_mj_m3k", "MJ/(m3 K)", "docs/model.md §3.3",
                "volumetric heat capacity of surface water"},
               &Config::supply, &SupplyParameters::teo_heat_capacity_mj_m3k, 4.18, {0, 10}),
        number({"supply.teo_delta_t_k", "K", "docs/model.md §3.3 (water may be cooled by at most 3 K)",
                "cooling of flowing water"},
               &Config::supply, &SupplyParameters::teo_delta_t_k, 3, {0, 20}),
        number({"supply.teo_hours", "h/yr", "PyPSA-Eur, Vesta (docs/model.md §3.3)",
                "hours per year heat is taken from flowing water"},
               &Config::supply, &SupplyParameters::teo_hours, 3600, {0, 8760}),
        number({"supply.effluent_heat_capacity_mj_m3k", "MJ/(m3 K)", "docs/model.md §3.3",
                "volumetric heat capacity of effluent and drinking water"},
               &Config::supply, &SupplyParameters::effluent_heat_capacity_mj_m3k, 4.186, {0, 10}),
        number({"supply.tea_delta_t_k", "K", "docs/model.md §3.3 (est.; effluent 10-15 C all year)",
                "cooling of RWZI effluent"},
               &Config::supply, &SupplyParameters::tea_delta_t_k, 4, {0, 20}),
        number({"supply.ted_delta_t_k", "K", "docs/model.md §3.3 (est.)", "cooling of drinking water in the mains"},
               &Config::supply, &SupplyParameters::ted_delta_t_k, 3, {0, 20}),
        number({"supply.supply_temperature_c", "C", "docs/model.md §3.3 (LT network default 50 C)",
                "network supply temperature; sets the heat pump SPF"},
               &Config::supply, &SupplyParameters::supply_temperature_c, 50, {20, 120}),
        group_text({"supply.spf_table", "CSV path", "libwarmte/data/heat_pump_spf.csv",
                    "replacement for the built-in SPF by supply temperature"},
                   &Config::supply, &SupplyParameters::spf_table, ""),
        number({"supply.max_reach_m", "m", "Vesta, Deltares TEO map (docs/model.md §3.3)",
                "a source serves buildings within this distance"},
               &Config::supply, &SupplyParameters::max_reach_m, 5000, {0, 1e6}),
        number({"supply.reach_cluster_cell_m", "m", "est. (speed; the 100 m heat grid of docs/model.md §3.2)",
                "demand is measured to sources per (cell x buurt) from its demand-weighted centroid; 0 measures every "
                "building (exact, slower)"},
               &Config::supply, &SupplyParameters::reach_cluster_cell_m, 100, {0, 10000}),
        choice({"supply.matching", "", "issue 15 (the same result either way)",
                "nearest_first: each source looks outward only until it is exhausted and buurten that need nothing are "
                "skipped; all_pairs: every (source, buurt) pair in reach is measured first (the reference)"},
               &Config::supply, &SupplyParameters::matching, "nearest_first", {"nearest_first", "all_pairs"}),
        number({"supply.teo_min_dwellings", "dwellings", "NPLW (docs/model.md §3.3)",
                "a buurt needs this many dwellings for a TEO project"},
               &Config::supply, &SupplyParameters::teo_min_dwellings, 50, {0, 1e6}),
        number({"supply.tea_min_dwellings", "dwellings", "NPLW (docs/model.md §3.3)",
                "a buurt needs this many dwellings for a TEA (and TED) project"},
               &Config::supply, &SupplyParameters::tea_min_dwellings, 30, {0, 1e6}),
        number({"supply.network_min_dwelling_density_ha", "dwellings/ha", "NPLW (docs/model.md §3.3)",
                "a buurt needs this dwelling density for a collective network"},
               &Config::supply, &SupplyParameters::network_min_dwelling_density_ha, 20, {0, 1e4}),
        text_list({"supply.teo_labels", "energy labels",
                   "Vesta TEOData.dms E_of_Beter: label E or better (docs/model.md §3.3); E/F, the default label of "
                   "pre-1965 stock, is worse than E and excluded",
                   "labels of buildings that TEO may serve"},
                  &Config::supply, &SupplyParameters::teo_labels, std::vector<std::string>{"A", "B", "C", "D", "E"}),
        text_list({"supply.wko_suitable_classes", "list of values", "user",
                   "WKO suitability classes that count as suitable"},
                  &Config::supply, &SupplyParameters::wko_suitable_classes,
                  std::vector<std::string>{"geschikt", "goed geschikt", "suitable"}),
        group_text({"fields.neighbourhoods.gas_main_renewal_year", "field name", "docs/model.md §2",
                    "year the gas mains are renewed (linked works; optional)"},
                   &Config::neighbourhood_fields, &NeighbourhoodFields::gas_main_renewal_year, "gas_main_renewal_year"),
        group_text({"fields.neighbourhoods.sewer_works_year", "field name", "docs/model.md §3.4",
                    "year of sewer works (optional)"},
                   &Config::neighbourhood_fields, &NeighbourhoodFields::sewer_works_year, "sewer_works_year"),
        group_text({"fields.neighbourhoods.renovation_year", "field name", "docs/model.md §3.4",
                    "year of housing-corporation renovation plans (optional)"},
                   &Config::neighbourhood_fields, &NeighbourhoodFields::renovation_year, "renovation_year"),
        number({"score.supply_nearby.network_near_m", "m", "est. (docs/model.md §3.3 easy zone 500 m)",
                "an existing heat network this close counts as supply nearby (1)"},
               &Config::score, &ScoreParameters::network_near_m, 500, {0, 1e6}),
        number({"score.supply_nearby.network_far_m", "m", "est.",
                "an existing heat network this far counts for nothing (0)"},
               &Config::score, &ScoreParameters::network_far_m, 2000, {0, 1e6}),
        number({"score.class_possible", "score", "docs/model.md §3.4", "scores from here are 'possible' (mogelijk)"},
               &Config::score, &ScoreParameters::class_possible, 33, {0, 100}),
        number({"score.class_promising", "score", "docs/model.md §3.4", "scores from here are 'promising' (kansrijk)"},
               &Config::score, &ScoreParameters::class_promising, 66, {0, 100}),
        number({"strategy.network_near_m", "m", "est.",
                "S2 needs an existing network or residual/waste heat this close (or TEA/TED allocated)"},
               &Config::score, &ScoreParameters::strategy_network_near_m, 1000, {0, 1e6}),
        number({"strategy.low_density_gj_ha", "GJ/ha", "Hotmaps 'unsuitable' bound (docs/model.md §3.2)",
                "S1 (all-electric) below this heat density"},
               &Config::score, &ScoreParameters::strategy_low_density_gj_ha, 500, {0, 1e6}),
        number({"strategy.insulated_share", "share", "est.",
                "S1 (all-electric) when this share of demand is in label E or better"},
               &Config::score, &ScoreParameters::strategy_insulated_share, 0.8, {0, 1}),
        number({"phase.early_until", "year", "docs/model.md §3.4",
                "linked works before this year pull a buurt to 'before_2030'"},
               &Config::score, &ScoreParameters::phase_early_until, 2030, {2000, 2100}),
        number({"phase.mid_until", "year", "docs/model.md §3.4",
                "linked works before this year pull a buurt to '2030_2040'"},
               &Config::score, &ScoreParameters::phase_mid_until, 2040, {2000, 2100}),
        number({"costs.social_discount_rate", "1/yr", "Vesta Runs/DefaultSettings/Basis.dms (docs/costs.md §1)",
                "discount rate of the national costs"},
               &Config::costs, &CostParameters::social_discount_rate, 0.0225, {0, 0.5}),
        number({"costs.installation_years", "yr", "Vesta installaties (docs/costs.md §1)",
                "lifetime of installations, process costs and electric cooking"},
               &Config::costs, &CostParameters::installation_years, 15, {1, 100}),
        number({"costs.building_years", "yr", "docs/costs.md §1", "lifetime of insulation and low-temperature emitters"},
               &Config::costs, &CostParameters::building_years, 30, {1, 100}),
        number({"costs.grid_years", "yr", "docs/costs.md §1", "lifetime of electricity and gas grid works"},
               &Config::costs, &CostParameters::grid_years, 50, {1, 100}),
        number({"costs.heat_network_years", "yr",
                "Vesta CS/KostenBatenSchema.dms (docs/costs.md §1: revenue years 2-30)",
                "lifetime of heat-network assets"},
               &Config::costs, &CostParameters::heat_network_years, 28, {1, 100}),
        number({"costs.heat_network_start_years", "yr", "Vesta CS/AanbodOpties (docs/costs.md §1)",
                "years source and transport are paid before the first revenue"},
               &Config::costs, &CostParameters::heat_network_start_years, 2, {0, 10}),
        number({"costs.min_max_slider", "share", "Vesta Basis.dms VerbeterMinMaxSchuif (docs/costs.md)",
                "0 takes the minimum of every cost range, 1 the maximum"},
               &Config::costs, &CostParameters::min_max_slider, 0.5, {0, 1}),
        number({"costs.learning_curve_slider", "share", "Vesta model/Kengetallen/Leercurves.dms (docs/costs.md §5)",
                "0 takes the optimistic learning curves of 2030 (much cost reduction), 1 the pessimistic ones"},
               &Config::costs, &CostParameters::learning_curve_slider, 0.5, {0, 1}),
        number({"prices.natural_gas_eur_gj", "EUR/GJ", "Vesta data/Energieprijzen 2030 KEV2024 (docs/costs.md §3)",
                "natural gas, national price"},
               &Config::costs, &CostParameters::natural_gas_eur_gj, 16.75, {0, 1000}),
        number({"prices.green_gas_eur_gj", "EUR/GJ", "Vesta data/Energieprijzen 2030 TVKN (docs/costs.md §3)",
                "green gas for households, national price"},
               &Config::costs, &CostParameters::green_gas_eur_gj, 37.60, {0, 1000}),
        number({"prices.green_gas_large_eur_gj", "EUR/GJ", "Vesta data/Energieprijzen 2030 TVKN (docs/costs.md §3)",
                "green gas for large users (peak boilers)"},
               &Config::costs, &CostParameters::green_gas_large_eur_gj, 31.28, {0, 1000}),
        number({"prices.electricity_eur_gj", "EUR/GJ", "Vesta data/Energieprijzen 2030 TVKN (docs/costs.md §3)",
                "green electricity, national price"},
               &Config::costs, &CostParameters::electricity_eur_gj, 26.13, {0, 1000}),
        number({"costs.utility_m2_per_weq", "m2", "Vesta (docs/costs.md §1: WEQ = dwellings + utility m2 / 130)",
                "utility floor area per dwelling equivalent"},
               &Config::costs, &CostParameters::utility_m2_per_weq, 130, {1, 10000}),
        number({"prices.enduser.natural_gas_eur_gj", "EUR/GJ",
                "Vesta CS/EnergiePrijzen.dms eindgebruik_excl 2030 (docs/costs.md §3)",
                "natural gas for households, incl. energy tax and SDE, excl. VAT"},
               &Config::costs, &CostParameters::enduser_natural_gas_eur_gj, 29.61, {0, 1000}),
        number({"prices.enduser.green_gas_eur_gj", "EUR/GJ",
                "Vesta CS/EnergiePrijzen.dms eindgebruik_excl 2030 (docs/costs.md §3)",
                "green gas for households, incl. energy tax and SDE, excl. VAT"},
               &Config::costs, &CostParameters::enduser_green_gas_eur_gj, 50.46, {0, 1000}),
        number({"prices.enduser.electricity_eur_gj", "EUR/GJ",
                "Vesta CS/EnergiePrijzen.dms eindgebruik_excl 2030 (docs/costs.md §3)",
                "green electricity for households, incl. energy tax and SDE, excl. VAT"},
               &Config::costs, &CostParameters::enduser_electricity_eur_gj, 60.86, {0, 1000}),
        number({"prices.low.electricity_eur_gj", "EUR/GJ",
                "Vesta Energieprijzen_GAlaag_GroenElek 2030: (0.0848 + 0.006) EUR/kWh (docs/costs.md §3, §5 G03)",
                "green electricity, national price, in the low-price set"},
               &Config::costs, &CostParameters::electricity_low_eur_gj, 25.22, {0, 1000}),
        number({"prices.high.electricity_eur_gj", "EUR/GJ",
                "Vesta Energieprijzen_GAhoog_GroenElek 2030: (0.0914 + 0.006) EUR/kWh (docs/costs.md §3, §5 G04)",
                "green electricity, national price, in the high-price set"},
               &Config::costs, &CostParameters::electricity_high_eur_gj, 27.06, {0, 1000}),
        number({"prices.low.green_gas_eur_gj", "EUR/GJ",
                "Vesta Energieprijzen_GAlaag_KlimaatNeutraalGas 2030: 0.88 EUR/m3 (docs/costs.md §3, §5 G03)",
                "green gas, national price, in the low-price set"},
               &Config::costs, &CostParameters::green_gas_low_eur_gj, 27.80, {0, 1000}),
        number({"prices.high.green_gas_eur_gj", "EUR/GJ",
                "Vesta Energieprijzen_GAhoog_KlimaatNeutraalGas 2030: 5.09 EUR/m3 as stored; suspect (docs/costs.md "
                "§5)", "green gas, national price, in the high-price set"},
               &Config::costs, &CostParameters::green_gas_high_eur_gj, 160.82, {0, 1000}),
        number({"finance.vat_factor", "factor", "docs/costs.md §1 (21 % VAT)",
                "end users pay energy, installations and charges times this"},
               &Config::costs, &CostParameters::vat_factor, 1.21, {1, 2}),
        number({"finance.building_works_factor", "factor", "Vesta CS/Rapportage.dms Eindgebruiker (docs/costs.md §1)",
                "end users pay insulation and emitters times this"},
               &Config::costs, &CostParameters::building_works_factor, 1.15, {1, 2}),
        number({"finance.owner_discount_rate", "1/yr", "Vesta Runs/DefaultSettings/Basis.dms E_bw (docs/costs.md §1)",
                "end users' discount rate (owner-occupiers)"},
               &Config::costs, &CostParameters::owner_discount_rate, 0.055, {0, 0.5}),
        number({"finance.installation_subsidy_share", "share", "Vesta Basis.dms Rs_LokaleOpwekking (docs/costs.md §1)",
                "share of an end user's installation annuity the subsidy pays"},
               &Config::costs, &CostParameters::installation_subsidy_share, 0.5, {0, 1}),
        choice({"prices.heat_price_link", "", "docs/costs.md (libwarmte decision: niet meer dan anders)",
                "the end-user heat price follows the natural-gas reference, or Vesta's green-gas link"},
               &Config::costs, &CostParameters::heat_price_link, "natural_gas", {"natural_gas", "green_gas"}),
        number({"costs.default_service_pipe_m", "m", "docs/costs.md §4 (est.)",
                "service pipe per connection when no roads layer is given"},
               &Config::costs, &CostParameters::default_service_pipe_m, 12, {0, 1000}),
        number({"costs.max_distribution_m_per_connection", "m",
                "Vesta model/RuimtelijkeData.dms buislengte (at least one connection per 100 m)",
                "distribution pipe (and the gas and LV nets) per connection at most"},
               &Config::costs, &CostParameters::max_distribution_m_per_connection, 100, {1, 10000}),
        flag({"costs.wko_everywhere", "flag",
              "Vesta Basis.dms AanbodKentallen BuurtWKO BuitenContour = true (docs/costs.md §1)",
              "price S3c, an LT network on a buurt WKO, in every buurt; false: only where a source input allows an S3"},
             &Config::costs, &CostParameters::wko_everywhere, true),
        number({"costs.road_reach_m", "m", "Vesta model/RuimtelijkeData.dms buislengte (docs/costs.md §2)",
                "roads within this distance of the buildings they connect carry distribution pipe"},
               &Config::costs, &CostParameters::road_reach_m, 80, {0, 10000}),
        number({"grid.hp_peak_kw", "kW per WEQ",
                "Vesta KT Vermogens: 0.5 x 7 kW per full heat pump; 1.2-3.5 kW for the sensitivity (issue 35)",
                "extra peak on the electricity grid of a dwelling equivalent that switches to a full heat pump (S1; "
                "S3's dwellings off the network); nothing leaves the grid when gas goes"},
               &Config::costs, &CostParameters::grid_hp_peak_kw, 3.5, {0, 50}),
        number({"grid.hybrid_peak_kw", "kW per WEQ", "Vesta KT Vermogens: 0.5 x 3.9 kW per hybrid heat pump",
                "extra peak of a hybrid heat pump (S4)"},
               &Config::costs, &CostParameters::grid_hybrid_peak_kw, 1.95, {0, 50}),
        number({"grid.central_plant_kw", "kW per connection",
                "est.: secondary capacity 3.5 kW per connection (docs/costs.md §4, 1,756 kW / 500) over SPF 3.2",
                "extra peak of S3's collective heat pump per connection on the LT network"},
               &Config::costs, &CostParameters::grid_central_plant_kw, 1.1, {0, 50}),
        number({"grid.station_kva", "kVA", "Vesta KT Netbeheer (a new MV station per 630 kW)",
                "what one new MV/LV station carries"},
               &Config::costs, &CostParameters::grid_station_kva, 630, {1, 1e6}),
        number({"grid.power_factor", "kW/kVA", "Vesta KT Netbeheer prices a 630 kVA station as 630 kW",
                "kW a station carries per kVA of capacity"},
               &Config::grid_capacity, &GridCapacityParameters::power_factor, 1.0, {0.1, 1}),
        number({"grid.station_loading_share", "share", "est.",
                "today's peak as a share of capacity for a station that states neither its peak nor its headroom"},
               &Config::grid_capacity, &GridCapacityParameters::station_loading_share, 0.7, {0, 1}),
        number({"grid.max_station_kva", "kVA", "est. (a 150/10 kV substation carries about 80 MVA)",
                "a station capacity above this is refused as a mistake"},
               &Config::grid_capacity, &GridCapacityParameters::max_station_kva, 100000, {1, 1e9}),
        number({"grid.station_space_m2", "m2", "est. (a compact station kiosk of about 3 x 2.5 m with its clearance)",
                "public space one new station takes"},
               &Config::grid_capacity, &GridCapacityParameters::station_space_m2, 20, {0, 1e4}),
        text_list({"grid.congested_values", "list of values",
                   "grid operators' congestion maps (Netbeheer Nederland capaciteitskaart)",
                   "congestion statuses that mean no new offtake (red)"},
                  &Config::grid_capacity, &GridCapacityParameters::congested_values,
                  std::vector<std::string>{"red", "rood", "congested", "congestie"}),
        text_list({"grid.limited_values", "list of values",
                   "grid operators' congestion maps (Netbeheer Nederland capaciteitskaart)",
                   "statuses that mean limited offtake (orange): reinforce"},
                  &Config::grid_capacity, &GridCapacityParameters::limited_values,
                  std::vector<std::string>{"orange", "oranje", "limited", "beperkt"}),
        text_list({"grid.free_values", "list of values",
                   "grid operators' congestion maps (Netbeheer Nederland capaciteitskaart)",
                   "statuses that mean offtake is available (green)"},
                  &Config::grid_capacity, &GridCapacityParameters::free_values,
                  std::vector<std::string>{"green", "groen", "free", "vrij", "available"}),
        group_text({"fields.grid_stations.capacity", "field name", "issue 35", "capacity of a station, kVA (required)"},
                   &Config::grid_capacity_fields, &GridCapacityFields::station_capacity, "capacity_kva"),
        group_text({"fields.grid_stations.peak", "field name", "issue 35", "today's peak of a station, kW (optional)"},
                   &Config::grid_capacity_fields, &GridCapacityFields::station_peak, "peak_kw"),
        group_text({"fields.grid_stations.headroom", "field name", "issue 35",
                    "the headroom of a station the operator states, kW (optional; before the peak)"},
                   &Config::grid_capacity_fields, &GridCapacityFields::station_headroom, "headroom_kw"),
        group_text({"fields.grid_congestion.status", "field name", "issue 35",
                    "offtake status of a congestion area or postcode (grid.*_values)"},
                   &Config::grid_capacity_fields, &GridCapacityFields::congestion_status, "status"),
        group_text({"fields.grid_congestion.year", "field name", "issue 35",
                    "the year the congestion is expected to lift (optional)"},
                   &Config::grid_capacity_fields, &GridCapacityFields::congestion_year, "year"),
        group_text({"costs.insulation_table", "CSV path", "libwarmte/data/insulation_to_label_b.csv",
                    "replacement for the built-in insulation table (Vesta WB)"},
                   &Config::costs, &CostParameters::insulation_table, ""),
        choice({"strategy.decision", "", "issue 12; PBL Startanalyse (docs/costs.md §1)",
                "cost: the variant with the lowest national costs; rules: the rule set of docs/model.md §3.4"},
               &Config::score, &ScoreParameters::decision, "cost", {"cost", "rules"}),
        number({"strategy.near_tie_share", "share", "docs/costs.md §1 near-tie rule (est.)",
                "a runner-up this close (share of the cheapest's costs) is a near tie"},
               &Config::score, &ScoreParameters::near_tie_share, 0.10, {0, 1}),
        number({"strategy.near_tie_eur_weq", "EUR/WEQ/yr", "docs/costs.md §1 near-tie rule (est.)",
                "a runner-up this close is a near tie"},
               &Config::score, &ScoreParameters::near_tie_eur_weq, 100, {0, 1e5}),
        number({"strategy.wide_gap_eur_weq", "EUR/WEQ/yr", "est.",
                "a lead over the runner-up of this much or more is 'very_clear' (cost_gap_class)"},
               &Config::score, &ScoreParameters::wide_gap_eur_weq, 500, {0, 1e5}),
        group_text({"costs.kentallen_table", "CSV path", "libwarmte/data/cost_kentallen.csv",
                    "replacement for the built-in cost kentallen"},
                   &Config::costs, &CostParameters::kentallen_table, ""),
        integer({"uncertainty.samples", "draws", "issue 34 (at least 200 for choice_confidence)",
                 "Latin-hypercube draws over the kentallen ranges, prices, discount rate, demand and grid peak (0: "
                 "none)"},
                &Config::uncertainty, &UncertaintyParameters::samples, 0, {0, 100000}),
        number({"uncertainty.seed", "seed", "user", "random seed of the draws: the same seed gives the same draws"},
               &Config::uncertainty, &UncertaintyParameters::seed, 20261207, {0, 9e15}),
        number({"uncertainty.demand_spread", "fraction", "est. (the +-20 % band of docs/demand.md)",
                "demand varies by up to this fraction"},
               &Config::uncertainty, &UncertaintyParameters::demand_spread, 0.2, {0, 0.99}),
        number({"uncertainty.natural_gas_spread", "fraction", "est.",
                "the reference's natural-gas price varies by up to this fraction"},
               &Config::uncertainty, &UncertaintyParameters::natural_gas_spread, 0.2, {0, 0.99}),
        number({"uncertainty.discount_rate_low", "rate", "est. (around Vesta's 2.25 %)",
                "lowest social discount rate drawn"},
               &Config::uncertainty, &UncertaintyParameters::discount_rate_low, 0.01, {0, 0.5}),
        number({"uncertainty.discount_rate_high", "rate", "est. (around Vesta's 2.25 %)",
                "highest social discount rate drawn"},
               &Config::uncertainty, &UncertaintyParameters::discount_rate_high, 0.04, {0, 0.5}),
        number({"uncertainty.hp_peak_low_kw", "kW per WEQ", "issue 35 (1.2-3.5 kW)", "lowest grid.hp_peak_kw drawn"},
               &Config::uncertainty, &UncertaintyParameters::hp_peak_low_kw, 1.2, {0, 50}),
        number({"uncertainty.hp_peak_high_kw", "kW per WEQ", "issue 35 (1.2-3.5 kW; Vesta 0.5 x 7 kW)",
                "highest grid.hp_peak_kw drawn"},
               &Config::uncertainty, &UncertaintyParameters::hp_peak_high_kw, 3.5, {0, 50}),
        number({"uncertainty.robust_share", "share", "issue 34",
                "a choice cheapest in at least this share of the draws is labelled robust"},
               &Config::uncertainty, &UncertaintyParameters::robust_share, 0.8, {0, 1}),
        integer({"sensitivity.samples", "samples", "user", "weight/anchor samples for the sensitivity fields (0: none)"},
                &Config::sensitivity_samples, 0, {0, 100000}),
        with_default(Parameter{"sensitivity.spread", "fraction", "est.", "weights and anchors vary by up to this fraction around their values",
         [](Config& c, const toml::node& n, const std::string& where) {
             auto v = n.value<double>();
             if (!v || *v < 0 || *v >= 1) throw ConfigError(type_error(where, "a number from 0 to below 1"));
             c.sensitivity_spread = *v;
         },
         [](const Config& c) { return format_double(c.sensitivity_spread); }},
                     &Config::sensitivity_spread, 0.2),
        with_default(Parameter{"sensitivity.seed", "seed", "user", "random seed: the same seed gives the same sensitivity",
         [](Config& c, const toml::node& n, const std::string& where) {
             auto v = n.value<std::int64_t>();
             if (!v || *v < 0) throw ConfigError(type_error(where, "a non-negative integer"));
             c.sensitivity_seed = static_cast<std::uint64_t>(*v);
         },
         [](const Config& c) { return std::to_string(c.sensitivity_seed); }},
                     &Config::sensitivity_seed, std::uint64_t{20261124}),
        with_default(Parameter{"output.language", "nl | en", "issue 7", "language of the legends, labels and style names in the GeoPackage and maps",
         [](Config& c, const toml::node& n, const std::string& where) {
             auto v = n.value<std::string>();
             if (!v || !is_supported_language(*v)) throw ConfigError(type_error(where, "\"nl\" or \"en\""));
             c.output.language = *v;
         },
         [](const Config& c) { return quote(c.output.language); }},
                     &Config::output, &OutputSettings::language, std::string("nl")),
        output_path("output.path", &OutputSettings::path, "", "output GeoPackage"),
        output_path("output.heat_grid", &OutputSettings::heat_grid, "", "heat-density GeoTIFF to write (optional)"),
        flag({"output.grid_buildings", "flag", "user", "also sample raster grids per building (in the buildings layer)"},
             &Config::output, &OutputSettings::grid_buildings, false),
        flag({"output.map", "flag", "user", "also write a PNG map next to the GeoPackage (needs the Python package)"},
             &Config::output, &OutputSettings::map, false),
        flag({"output.buildings_layer", "flag", "user", "also write a 'buildings' layer with per-building demand"},
             &Config::output, &OutputSettings::buildings_layer, false),
        integer({"output.table_max_buurten", "buurten", "est. (what a terminal shows)",
                 "warmte analyse prints a line per buurt up to this many buurten, a summary (totals, classes, slowest "
                 "stages) above it"},
                &Config::output, &OutputSettings::table_max_buurten, 50, {0, 1'000'000}),
    };
    for (const InputRole& role : input_roles()) built.push_back(input_path(role));
    for (const InputRole& role : input_roles()) built.push_back(input_layer(role));
    add_criteria(built);
    return built;
    }();
    return table;
}

// The defaults of the rows of group `Group` into `g` (a group's own constructor).
template <class Group>
void set_defaults(Group& g) {
    for (const Parameter& p : parameters())
        if (p.reset_group && p.group == typeid(Group)) p.reset_group(&g);
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

// Each group takes its rows' defaults as it is made (so `CostParameters{}` holds them too); the
// configuration then its own members'.
AddressFields::AddressFields() { set_defaults(*this); }
BatchParameters::BatchParameters() { set_defaults(*this); }
BuildingFields::BuildingFields() { set_defaults(*this); }
BuildingRules::BuildingRules() { set_defaults(*this); }
CostParameters::CostParameters() { set_defaults(*this); }
DemandParameters::DemandParameters() { set_defaults(*this); }
GridCapacityFields::GridCapacityFields() { set_defaults(*this); }
GridCapacityParameters::GridCapacityParameters() { set_defaults(*this); }
GridParameters::GridParameters() { set_defaults(*this); }
HeightFields::HeightFields() { set_defaults(*this); }
NeighbourhoodFields::NeighbourhoodFields() { set_defaults(*this); }
NetworkParameters::NetworkParameters() { set_defaults(*this); }
OutputSettings::OutputSettings() { set_defaults(*this); }
RoadFields::RoadFields() { set_defaults(*this); }
ScoreParameters::ScoreParameters() { set_defaults(*this); }
SourceFields::SourceFields() { set_defaults(*this); }
StreetParameters::StreetParameters() { set_defaults(*this); }
SupplyParameters::SupplyParameters() { set_defaults(*this); }
TenureParameters::TenureParameters() { set_defaults(*this); }
UncertaintyParameters::UncertaintyParameters() { set_defaults(*this); }
WaterFields::WaterFields() { set_defaults(*this); }
WorksFields::WorksFields() { set_defaults(*this); }

Config::Config() {
    for (const Parameter& p : parameters())
        if (!p.reset_group && p.reset) p.reset(*this);
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
