#include "warmte/io.hpp"

namespace warmte::io {

Inputs read_inputs(const Config& config) {
    Inputs inputs;
    inputs.neighbourhoods = read_polygons(config.inputs.neighbourhoods, "neighbourhoods", neighbourhood_fields(config));
    inputs.buildings = read_polygons(config.inputs.buildings, "buildings", building_fields(config));
    if (!config.inputs.water.empty())
        inputs.water = read_polygons(config.inputs.water, "water", water_fields(config));
    if (!config.inputs.heat_network.empty())
        inputs.heat_network =
            read_features(config.inputs.heat_network, "heat network", heat_network_fields(config), GeometryKind::line);
    if (!config.inputs.plants.empty())
        inputs.plants = read_features(config.inputs.plants, "plants", plant_fields(config), GeometryKind::point);
    if (!config.inputs.mains.empty())
        inputs.mains = read_features(config.inputs.mains, "mains", mains_fields(config), GeometryKind::line);
    if (!config.inputs.wko.empty()) inputs.wko = read_polygons(config.inputs.wko, "wko", wko_fields(config));
    return inputs;
}

void write_result(const AnalysisResult& result, const std::string& path) {
    std::string sources;
    for (const std::string& s : result.input_sources) sources += s + "\n";
    std::map<std::string, std::string> metadata = {
        {"WARMTE_VERSION", version()},
        {"WARMTE_CONFIG", to_toml(result.config)},
        {"WARMTE_INPUTS", sources},
    };
    std::vector<const Table*> tables = {&result.neighbourhoods, &result.data_quality};
    for (const Table* t : {&result.buildings, &result.sources, &result.allocation})
        if (!t->columns.empty()) tables.push_back(t);
    write_geopackage(path, tables, result.config.analysis_crs, metadata);
    if (!result.config.inputs.heat_grid.empty())
        write_heat_grid(result.config.inputs.heat_grid, result.heat_grid, result.config.analysis_crs);
}

}  // namespace warmte::io
