// The configuration: every parameter declared once (key, default, unit, source, description).
// That one table feeds the TOML keys, `warmte --help-config`, and the provenance record.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace warmte {

struct NeighbourhoodFields {
    std::string id = "buurtcode";
    std::string name = "buurtnaam";
    std::string municipality = "gemeentecode";
};

struct BuildingFields {
    std::string id = "identificatie";
    std::string status = "status";
};

struct InputPaths {
    std::string neighbourhoods;
    std::string buildings;
    std::string water;
    std::string output;
};

struct Config {
    std::string analysis_crs = "EPSG:28992";
    std::string assume_crs;  // empty: a layer without CRS is an error
    int threads = 0;         // 0: all cores
    NeighbourhoodFields neighbourhood_fields;
    BuildingFields building_fields;
    std::vector<std::string> in_use_status = {"Pand in gebruik", "Pand in gebruik (niet ingemeten)",
                                              "Verbouwing pand"};
    InputPaths inputs;  // only used by `warmte run PROJECT.toml`
};

struct ParameterInfo {
    std::string key;          // dotted TOML key, e.g. "analysis.crs"
    std::string value;        // current value as a TOML literal
    std::string unit;
    std::string source;       // DESIGN.md section or data source
    std::string description;
};

/// Reads TOML text over the defaults. `origin` names the file in messages; relative input
/// paths are resolved against `base_dir`. Unknown keys and wrong types are ConfigErrors.
Config parse_config(const std::string& toml_text, const std::string& origin,
                    const std::filesystem::path& base_dir = {});
/// Reads a TOML file (ConfigError naming the file when it cannot be read or parsed).
Config load_config_file(const std::filesystem::path& path);

/// Every parameter with its current value, in declaration order.
std::vector<ParameterInfo> describe(const Config& config);
/// The effective configuration as TOML (for provenance and reproducible runs).
std::string to_toml(const Config& config);

}  // namespace warmte
