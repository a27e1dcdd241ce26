#include "warmte/config.hpp"

#include "warmte/error.hpp"

#include <toml++/toml.h>

#include <fstream>
#include <functional>
#include <set>
#include <sstream>

namespace warmte {

namespace {

// One row per parameter: the only place a key, its default, unit and source are written down.
struct Parameter {
    const char* key;
    const char* unit;
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
    return {key, "field name", "DESIGN.md §2", description,
            [group, member](Config& c, const toml::node& n, const std::string& where) {
                auto v = n.value<std::string>();
                if (!v || v->empty()) throw ConfigError(type_error(where, "a non-empty field name"));
                (c.*group).*member = *v;
            },
            [group, member](const Config& c) { return quote((c.*group).*member); }};
}

Parameter path(const char* key, std::string InputPaths::*member, const char* description) {
    return {key, "path", "project file", description,
            [member](Config& c, const toml::node& n, const std::string& where) {
                auto v = n.value<std::string>();
                if (!v) throw ConfigError(type_error(where, "a path string"));
                c.inputs.*member = *v;
            },
            [member](const Config& c) { return quote(c.inputs.*member); }};
}

const std::vector<Parameter>& parameters() {
    static const std::vector<Parameter> table = {
        text("analysis.crs", &Config::analysis_crs, "CRS", "DESIGN.md §1",
             "projected metric CRS every layer is transformed into before analysis"),
        text("analysis.assume_crs", &Config::assume_crs, "CRS", "user",
             "CRS to assume for a layer that declares none (empty: such a layer is an error)"),
        {"analysis.threads", "threads", "user", "worker threads; 0 uses every core",
         [](Config& c, const toml::node& n, const std::string& where) {
             auto v = n.value<std::int64_t>();
             if (!v || *v < 0 || *v > 1024) throw ConfigError(type_error(where, "an integer from 0 to 1024"));
             c.threads = static_cast<int>(*v);
         },
         [](const Config& c) { return std::to_string(c.threads); }},
        field("fields.neighbourhoods.id", &Config::neighbourhood_fields, &NeighbourhoodFields::id,
              "unique id of a buurt (CBS buurtcode); passed through to the output"),
        field("fields.neighbourhoods.name", &Config::neighbourhood_fields, &NeighbourhoodFields::name,
              "buurt name; passed through when present"),
        field("fields.neighbourhoods.municipality", &Config::neighbourhood_fields,
              &NeighbourhoodFields::municipality, "municipality code; passed through when present"),
        field("fields.buildings.id", &Config::building_fields, &BuildingFields::id,
              "building id (BAG pand identificatie), used in data-quality records when present"),
        field("fields.buildings.status", &Config::building_fields, &BuildingFields::status,
              "BAG status field; when present, only buildings in use are kept"),
        {"buildings.in_use_status", "list of values", "DESIGN.md §3.1 (BAG status)",
         "status values of buildings that are kept (compared exactly)",
         [](Config& c, const toml::node& n, const std::string& where) {
             const toml::array* a = n.as_array();
             if (!a) throw ConfigError(type_error(where, "an array of strings"));
             std::vector<std::string> values;
             for (const toml::node& e : *a) {
                 auto v = e.value<std::string>();
                 if (!v) throw ConfigError(type_error(where, "an array of strings"));
                 values.push_back(*v);
             }
             c.in_use_status = values;
         },
         [](const Config& c) {
             std::string s = "[";
             for (std::size_t i = 0; i < c.in_use_status.size(); ++i)
                 s += (i ? ", " : "") + quote(c.in_use_status[i]);
             return s + "]";
         }},
        path("inputs.neighbourhoods", &InputPaths::neighbourhoods, "neighbourhood polygons (path or path:layer)"),
        path("inputs.buildings", &InputPaths::buildings, "building footprints (path or path:layer)"),
        path("inputs.water", &InputPaths::water, "surface-water polygons (optional)"),
        path("inputs.output", &InputPaths::output, "output GeoPackage"),
    };
    return table;
}

void apply(Config& config, const toml::table& table, const std::string& prefix, const std::string& origin,
           const std::filesystem::path& base_dir) {
    for (auto&& [key, node] : table) {
        std::string full = prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
        std::string where = origin + ": '" + full + "'";
        if (const toml::table* sub = node.as_table()) {
            apply(config, *sub, full, origin, base_dir);
            continue;
        }
        const Parameter* found = nullptr;
        for (const Parameter& p : parameters())
            if (full == p.key) found = &p;
        if (!found)
            throw ConfigError(where + " is not a known parameter; run 'warmte --help-config' for the list");
        found->set(config, node, where);
    }
    // Input paths in a project file are relative to the file, not to the working directory.
    for (std::string* p : {&config.inputs.neighbourhoods, &config.inputs.buildings, &config.inputs.water,
                           &config.inputs.output}) {
        if (!p->empty() && !base_dir.empty() && std::filesystem::path(*p).is_relative())
            *p = (base_dir / *p).lexically_normal().string();
    }
}

}  // namespace

Config parse_config(const std::string& toml_text, const std::string& origin, const std::filesystem::path& base_dir) {
    Config config;
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
    return config;
}

Config load_config_file(const std::filesystem::path& path) {
    std::ifstream in(path);
    if (!in)
        throw ConfigError(path.string() + ": cannot read the configuration file; check the path");
    std::stringstream text;
    text << in.rdbuf();
    return parse_config(text.str(), path.string(), path.parent_path());
}

std::vector<ParameterInfo> describe(const Config& config) {
    std::vector<ParameterInfo> out;
    for (const Parameter& p : parameters())
        out.push_back({p.key, p.show(config), p.unit, p.source, p.description});
    return out;
}

std::string to_toml(const Config& config) {
    // Grouped by table so the text reads back with parse_config.
    std::string out, current_table;
    for (const ParameterInfo& p : describe(config)) {
        auto dot = p.key.rfind('.');
        std::string table = p.key.substr(0, dot), key = p.key.substr(dot + 1);
        if (table != current_table) {
            if (!out.empty()) out += '\n';
            out.append("[").append(table).append("]\n");
            current_table = table;
        }
        out += key + " = " + p.value + "\n";
    }
    return out;
}

}  // namespace warmte
