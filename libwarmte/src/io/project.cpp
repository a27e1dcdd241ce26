#include "warmte/io.hpp"

#include <chrono>
#include <ctime>
#include <filesystem>

namespace warmte::io {

void read_water(Inputs& inputs, const std::string& spec, const Config& config) {
    inputs.water = read_features(spec, "water", water_fields(config), GeometryKind::polygon, false);
    if (!inputs.water->dropped_not_polygonal.empty()) {
        VectorLayer lines = read_features(spec, "water", water_fields(config), GeometryKind::line, false);
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
        inputs.vector_grids.emplace_back(g.name, read_polygons(g.source, "grid '" + g.name + "'", grid_fields(config)));
    }
}

Inputs read_inputs(const Config& config) {
    Inputs inputs;
    inputs.neighbourhoods = read_polygons(config.inputs.neighbourhoods, "neighbourhoods", neighbourhood_fields(config));
    inputs.buildings = read_polygons(config.inputs.buildings, "buildings", building_fields(config));
    if (!config.inputs.water.empty())
        read_water(inputs, config.inputs.water, config);
    if (!config.inputs.heat_network.empty())
        inputs.heat_network =
            read_features(config.inputs.heat_network, "heat network", heat_network_fields(config), GeometryKind::line);
    if (!config.inputs.plants.empty())
        inputs.plants = read_features(config.inputs.plants, "plants", plant_fields(config), GeometryKind::point);
    if (!config.inputs.mains.empty())
        inputs.mains = read_features(config.inputs.mains, "mains", mains_fields(config), GeometryKind::line);
    if (!config.inputs.wko.empty()) inputs.wko = read_polygons(config.inputs.wko, "wko", wko_fields(config));
    for (const GridSource& g : config.inputs.grids) read_grid(inputs, g, config);
    return inputs;
}

namespace {

namespace fs = std::filesystem;

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
    if (!result.config.inputs.heat_grid.empty())
        write_heat_grid(result.config.inputs.heat_grid, result.heat_grid, result.config);
}

}  // namespace warmte::io
