#include "warmte/io.hpp"

#include "warmte/error.hpp"

#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <tuple>

namespace warmte::io {

namespace {

namespace fs = std::filesystem;

std::string read_file(const std::string& path, const std::string& what, const std::string& key) {
    std::ifstream in(path);
    if (!in) throw ConfigError(path + ": cannot read the " + what + "; check " + key + " in the configuration");
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

FieldRequest grid_fields() {
    FieldRequest r;
    r.all_numbers = true;
    return r;
}

void read_role(Inputs& inputs, const InputRole& role, const std::string& spec, const Config& config) {
    // A water layer may mix polygons and lines with a width (buffered later); other roles hold one kind.
    inputs[role.role] = read_features(spec, role.label, role.fields(config), role.kind, !role.lines_with_width);
    if (role.lines_with_width && !inputs[role.role]->dropped_not_polygonal.empty()) {
        VectorLayer lines = read_features(spec, role.label, role.fields(config), GeometryKind::line, false);
        if (!lines.empty()) inputs.water_lines = std::move(lines);
    }
}

void read_grid(Inputs& inputs, const GridSource& g, const Config& config) {
    // "file.tif:2" names a band; "file.gpkg:layer" a polygon grid; a plain raster file band 1.
    std::string path = g.source;
    int band = 0;
    auto colon = path.rfind(':');
    if (colon != std::string::npos && colon + 1 < path.size() &&
        path.find_first_not_of("0123456789", colon + 1) == std::string::npos && is_raster(path.substr(0, colon))) {
        band = std::stoi(path.substr(colon + 1));
        path = path.substr(0, colon);
    }
    if (is_raster(path)) {
        std::string note;
        inputs.rasters.emplace_back(g.name, open_raster(path, band, config.assume_crs, note));
        if (!note.empty()) inputs.grid_notes.push_back(note);
    } else {
        inputs.vector_grids.emplace_back(g.name, read_polygons(g.source, "grid '" + g.name + "'", grid_fields()));
    }
}

ParameterTables read_parameter_tables(const Config& config) {
    if (!names_table_files(config)) return builtin_parameter_tables();
    TableTexts texts = builtin_table_texts();
    const DemandParameters& d = config.demand;
    for (auto [path, text, key] : {std::tuple{&d.residential_table, &texts.residential, "demand.residential_table"},
                                   std::tuple{&d.non_residential_table, &texts.non_residential, "demand.non_residential_table"},
                                   std::tuple{&d.label_table, &texts.labels, "demand.label_table"}}) {
        if (path->empty()) continue;
        *text = read_file(*path, "table", key);
        texts.demand_origin = *path;
    }
    if (!config.supply.spf_table.empty()) {
        texts.spf = read_file(config.supply.spf_table, "SPF table", "supply.spf_table");
        texts.spf_origin = config.supply.spf_table;
    }
    return parse_parameter_tables(texts);
}

Config load_config_file(const std::filesystem::path& path) {
    std::ifstream in(path);
    if (!in) throw ConfigError(path.string() + ": cannot read the configuration file; check the path");
    std::stringstream text;
    text << in.rdbuf();
    return parse_config(text.str(), path.string(), path.parent_path());
}

Inputs read_inputs(const Config& config) {
    Inputs inputs;
    for (const InputRole& role : input_roles()) {
        const std::string& spec = config.inputs[role.role];
        if (!spec.empty()) read_role(inputs, role, spec, config);
        else if (role.required) throw InputError("no " + std::string(role.label) + " input given; pass " + role.option +
                                                 " SRC or set inputs." + role.name + " in the project file");
    }
    for (const GridSource& g : config.inputs.grids) read_grid(inputs, g, config);
    inputs.tables = read_parameter_tables(config);
    return inputs;
}

namespace {

std::string utc_timestamp(std::time_t t) {
    std::tm utc{};
    gmtime_r(&t, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

// "role: path, layer 'x'" plus the file's size and modification time, so a map can be traced
// to the exact inputs; sources that are not files (GeoDataFrames) are listed as they are.
std::string describe_input(const std::string& line) {
    auto colon = line.find(": ");
    auto comma = line.rfind(", layer '");
    if (colon == std::string::npos) return line;
    std::string path = line.substr(colon + 2, comma == std::string::npos ? std::string::npos : comma - colon - 2);
    std::error_code error;
    auto size = fs::file_size(path, error);
    if (error) return line;
    auto modified = fs::last_write_time(path, error);
    if (error) return line;
    auto seconds = std::chrono::system_clock::to_time_t(std::chrono::file_clock::to_sys(modified));
    return line + " (" + std::to_string(size) + " bytes, modified " + utc_timestamp(seconds) + ")";
}

}  // namespace

void write_result(const AnalysisResult& result, const std::string& path) {
    std::string inputs;
    for (const std::string& s : result.input_sources) inputs.append(describe_input(s)).push_back('\n');
    std::map<std::string, std::string> metadata = {
        {"WARMTE_VERSION", version()},
        {"WARMTE_RUN_DATE", utc_timestamp(std::time(nullptr))},
        {"WARMTE_CONFIG", to_toml(result.config)},
        {"WARMTE_INPUTS", inputs},
    };
    // In the GeoPackage each source is one point (where its allocation lines start), so the layer
    // has one geometry type and QGIS draws it with sized markers.
    Table source_points = result.sources.columns.empty() ? Table{} : as_points(result.sources);
    std::vector<const Table*> tables = {&result.neighbourhoods, &result.data_quality};
    for (const Table* t : {&result.buildings, static_cast<const Table*>(&source_points), &result.allocation})
        if (!t->columns.empty()) tables.push_back(t);
    write_geopackage(path, tables, result.config.analysis_crs, metadata, qgis_styles(tables, result.config));
    if (!result.config.output.heat_grid.empty())
        write_heat_grid(result.config.output.heat_grid, result.heat_grid, result.config);
}

}  // namespace warmte::io
