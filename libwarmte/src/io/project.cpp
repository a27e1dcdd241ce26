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
    if (!result.buildings.columns.empty()) tables.push_back(&result.buildings);
    write_geopackage(path, tables, result.config.analysis_crs, metadata);
    if (!result.config.inputs.heat_grid.empty())
        write_heat_grid(result.config.inputs.heat_grid, result.heat_grid, result.config.analysis_crs);
}

}  // namespace warmte::io
