#include "warmte/io.hpp"

#include "warmte/csv.hpp"
#include "warmte/error.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <tuple>

namespace warmte::io {

namespace {

// The one place a parameter file is read: ConfigError with `fix` when it cannot be.
std::string read_file(const std::string& path, const std::string& fix) {
    std::ifstream in(path);
    if (!in) throw ConfigError(path + ": " + fix);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string read_table(const std::string& path, const std::string& what, const std::string& key) {
    return read_file(path, "cannot read the " + what + "; check " + key + " in the configuration");
}

}  // namespace

FieldRequest grid_fields() {
    FieldRequest r;
    r.all_numbers = true;
    return r;
}

void read_role(Inputs& inputs, const InputRole& role, const std::string& spec, const Config& config,
               const ReadWindow* window) {
    const std::string& layer = config.inputs.layer_names[static_cast<std::size_t>(role.role)];
    // A water layer may mix polygons and lines with a width (buffered later); other roles hold one kind.
    const bool mixed = role.lines_with_width || role.centroids || role.or_polygons;
    const FeatureSelection polygons{GeometryKind::polygon, true, layer, window};
    inputs[role.role] = read_features(spec, role.label, role.fields(config), {role.kind, !mixed, layer, window});
    if (role.lines_with_width && !inputs[role.role]->dropped_not_polygonal.empty()) {
        VectorLayer lines = read_features(spec, role.label, role.fields(config), {GeometryKind::line, false, layer, window});
        if (!lines.empty()) inputs.water_lines = std::move(lines);
    }
    // Points or lines, or polygons: a layer of polygons is read as polygons (service, congestion
    // or works areas).
    if (role.or_polygons && inputs[role.role]->empty() && !inputs[role.role]->dropped_not_polygonal.empty())
        inputs[role.role] = read_features(spec, role.label, role.fields(config), polygons);
    if (role.centroids && inputs[role.role]->empty() && !inputs[role.role]->dropped_not_polygonal.empty())
        inputs[role.role] = centroids_of(read_features(spec, role.label, role.fields(config), polygons));
}

void read_grid(Inputs& inputs, const GridSource& g, const Config& config, const ReadWindow* window) {
    // "file.tif:2" names a band; "file.gpkg:layer" a polygon grid; a plain raster file band 1.
    std::string path = g.source;
    int band = 0;
    auto colon = path.rfind(':');
    if (colon != std::string::npos && colon + 1 < path.size() &&
        path.find_first_not_of("0123456789", colon + 1) == std::string::npos && is_raster(path.substr(0, colon))) {
        band = std::stoi(path.substr(colon + 1));
        path = path.substr(0, colon);
    }
    // A raster file that GDAL cannot open as one is a broken raster, not a vector grid.
    static const std::vector<std::string> raster_extensions = {".tif", ".tiff", ".vrt", ".asc", ".img", ".nc"};
    const std::string extension = lower_ascii(std::filesystem::path(path).extension().string());
    const bool looks_raster =
        std::find(raster_extensions.begin(), raster_extensions.end(), extension) != raster_extensions.end();
    if (is_raster(path) || (looks_raster && std::filesystem::exists(path))) {
        std::string note;
        inputs.rasters.emplace_back(g.name, open_raster(path, band, config.assume_crs, note));
        if (!note.empty()) inputs.grid_notes.push_back(note);
    } else {
        inputs.vector_grids.emplace_back(g.name, read_polygons(g.source, "grid '" + g.name + "'", grid_fields(), window));
    }
}

ParameterTables read_parameter_tables(const Config& config) {
    if (!names_table_files(config)) return builtin_parameter_tables();
    TableTexts texts = builtin_table_texts();
    const DemandParameters& d = config.demand;
    for (auto [path, text, key] : {std::tuple{&d.residential_table, &texts.residential, "demand.residential_table"},
                                   std::tuple{&d.non_residential_table, &texts.non_residential, "demand.non_residential_table"},
                                   std::tuple{&d.label_table, &texts.labels, "demand.label_table"},
                                   std::tuple{&d.practice_factor_table, &texts.practice, "demand.practice_factor_table"}}) {
        if (path->empty()) continue;
        *text = read_table(*path, "table", key);
        texts.demand_origin = *path;
    }
    if (!d.local_practice_factor_table.empty()) {
        texts.local_practice = read_table(d.local_practice_factor_table, "local practice factors",
                                          "demand.local_practice_factor_table");
        texts.local_practice_origin = d.local_practice_factor_table;
    }
    if (!config.supply.spf_table.empty()) {
        texts.spf = read_table(config.supply.spf_table, "SPF table", "supply.spf_table");
        texts.spf_origin = config.supply.spf_table;
    }
    if (!config.costs.kentallen_table.empty()) {
        texts.cost_kentallen = read_table(config.costs.kentallen_table, "cost kentallen", "costs.kentallen_table");
        texts.cost_origin = config.costs.kentallen_table;
    }
    if (!config.costs.insulation_table.empty()) {
        texts.insulation = read_table(config.costs.insulation_table, "insulation table", "costs.insulation_table");
        texts.insulation_origin = config.costs.insulation_table;
    }
    return parse_parameter_tables(texts);
}

Config load_config_file(const std::filesystem::path& path) {
    std::string text = read_file(path.string(), "cannot read the configuration file; check the path");
    return parse_config(text, path.string(), path.parent_path());
}

Config load_config_file_over(const Config& base, const std::filesystem::path& path) {
    return parse_config_over(base, read_file(path.string(), "cannot read the configuration file; check the path"),
                             path.string());
}

void check_outputs_are_not_inputs(const Config& config) {
    namespace fs = std::filesystem;
    std::vector<std::pair<std::string, std::string>> inputs;  // what, spec
    for (const InputRole& role : input_roles()) inputs.emplace_back(role.label, config.inputs[role.role]);
    for (const GridSource& g : config.inputs.grids) inputs.emplace_back("grid '" + g.name + "'", g.source);
    if (!config.output.path.empty()) {
        // A GeoPackage by another name would mislead whoever opens it (QGIS reads .shp as a Shapefile).
        if (fs::path(config.output.path).extension() != ".gpkg")
            throw ConfigError("output '" + config.output.path + "': the result is a GeoPackage; name it with .gpkg");
        check_output_place(config.output.path, ".gpkg");
    }
    if (!config.output.heat_grid.empty()) check_output_place(config.output.heat_grid, ".tif");
    for (const std::string* output : {&config.output.path, &config.output.heat_grid}) {
        std::error_code error;
        if (output->empty() || !fs::exists(*output, error)) continue;  // a new file cannot be an input
        for (const auto& [what, spec] : inputs) {
            std::optional<DatasetSpec> input = find_dataset(spec);
            if (input && fs::equivalent(input->path, *output, error))
                throw OutputError("output '" + *output + "' is also the " + what + " input ('" + spec +
                                  "'); writing it would destroy that input: name another output file");
        }
    }
}

Inputs read_inputs(const Config& config) { return read_inputs(config, RoleWindows{}); }

Inputs read_inputs(const Config& config, const RoleWindows& windows) {
    Inputs inputs;
    for (const InputRole& role : input_roles()) {
        const std::string& spec = config.inputs[role.role];
        const std::size_t r = static_cast<std::size_t>(role.role);
        const ReadWindow* window = r < windows.role.size() && windows.role[r] ? &*windows.role[r] : nullptr;
        if (!spec.empty()) read_role(inputs, role, spec, config, window);
        else if (role.required) throw InputError("no " + std::string(role.label) + " input given; pass " + role.option +
                                                 " SRC or set inputs." + role.name + " in the project file");
    }
    for (const GridSource& g : config.inputs.grids) read_grid(inputs, g, config, windows.grids ? &*windows.grids : nullptr);
    inputs.tables = read_parameter_tables(config);
    return inputs;
}

}  // namespace warmte::io
