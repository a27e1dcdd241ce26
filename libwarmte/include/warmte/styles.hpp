// Map styles: one definition (data/map_styles.csv, data/map_classes.csv) serving the QGIS styles
// embedded in the GeoPackage, the QGIS style beside the heat-density GeoTIFF and the matplotlib
// maps of the Python package, so a class has the same colour and label everywhere.
#pragma once

#include "warmte/config.hpp"
#include "warmte/table.hpp"

#include <string>
#include <vector>

namespace warmte {

struct MapClass {
    std::string value;   // empty: every other value, and no value
    std::string colour;  // "#rrggbb"
    std::string label;   // in the requested language
};

struct MapStyle {
    std::string id;        // "heat_network", "sources", ...
    std::string layer;     // output layer it belongs to (empty for the raster)
    std::string field;     // field that picks the class (or the width, for graduated_width)
    std::string size_field;  // marker size (renderer "sized")
    std::string renderer;  // categorized, sized, graduated_width, table, raster
    bool is_default = false;
    std::string title;
    std::vector<MapClass> classes;
};

/// The built-in styles with titles and labels in `language` ("nl" or "en"); ConfigError otherwise.
std::vector<MapStyle> map_styles(const std::string& language);

/// The kinds of buurt map: the ids of the neighbourhoods layer's styles, default first
/// ("heat_network", "aquathermie", "strategy", "phase").
std::vector<std::string> buurt_map_kinds();

/// One row of the GeoPackage `layer_styles` table.
struct LayerStyle {
    std::string layer;
    std::string name;
    std::string qml;
    std::string description;
    bool is_default = false;
};

/// QGIS styles (QML) for the layers among `tables`: class colours, legend labels, buurt labels;
/// graduated classes and marker sizes are fitted to the values in the tables.
std::vector<LayerStyle> qgis_styles(const std::vector<const Table*>& tables, const Config& config);

/// QGIS style (QML) for the heat-density GeoTIFF: a colour ramp in GJ/ha through the model's
/// thresholds (strategy.low_density_gj_ha, grid.dh_min_density_gj_ha), cells without demand clear.
std::string heat_grid_qml(const Config& config);

}  // namespace warmte
