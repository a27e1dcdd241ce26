// The analysis as a list of stages: normalise → filter → index → overlay → tables.
// The CLI and Python both call run_analysis; neither opens files inside it.
#pragma once

#include "warmte/config.hpp"
#include "warmte/data_quality.hpp"
#include "warmte/grid_stats.hpp"
#include "warmte/heat_grid.hpp"
#include "warmte/layer.hpp"
#include "warmte/overlay.hpp"
#include "warmte/progress.hpp"
#include "warmte/score.hpp"
#include "warmte/table.hpp"

#include <optional>
#include <string>
#include <vector>

namespace warmte {

struct Inputs {
    VectorLayer neighbourhoods;
    VectorLayer buildings;
    std::optional<VectorLayer> water;
    std::optional<VectorLayer> water_lines;  // line features of the water layer (buffered by width)
    std::optional<VectorLayer> heat_network;  // lines (GeometryKind::line)
    std::optional<VectorLayer> plants;        // waste-water treatment plants, points
    std::optional<VectorLayer> mains;         // drinking-water mains, lines
    std::optional<VectorLayer> wko;           // WKO suitability polygons
    std::vector<std::pair<std::string, RasterBand>> rasters;        // name -> band
    std::vector<std::pair<std::string, VectorLayer>> vector_grids;  // name -> polygon grid
    std::vector<std::string> grid_notes;                             // e.g. "band 1 used"
};

struct AnalysisResult {
    Table neighbourhoods;
    Table buildings;  // per-building demand; empty unless config.inputs.buildings_layer
    Table sources;     // aquathermie sources; empty without any
    Table allocation;  // source -> buurt lines with GJ; empty without any
    HeatGrid heat_grid;
    ScoreInputs score_inputs;  // kept so scores can be recomputed without the geometry
    Table data_quality;
    DataQuality quality;
    Config config;
    std::vector<std::string> input_sources;
    /// Wall time per stage, in run order (reported by the CLI and the benchmarks).
    std::vector<std::pair<std::string, double>> timings;
};

/// Attribute fields each input must provide for `config`.
FieldRequest neighbourhood_fields(const Config& config);
FieldRequest building_fields(const Config& config);
FieldRequest water_fields(const Config& config);
FieldRequest heat_network_fields(const Config& config);
FieldRequest plant_fields(const Config& config);
FieldRequest mains_fields(const Config& config);
FieldRequest wko_fields(const Config& config);
FieldRequest grid_fields(const Config& config);

/// Runs the whole analysis on in-memory layers (any CRS; they are reprojected in place).
AnalysisResult run_analysis(Inputs inputs, const Config& config, const Progress& progress = {});

/// The aquathermie sources of the given layers (any may be empty) with their potentials, before
/// any matching: what each water body, plant and main could deliver.
Table potential_sources(std::optional<VectorLayer> water, std::optional<VectorLayer> water_lines,
                        std::optional<VectorLayer> plants, std::optional<VectorLayer> mains, const Config& config,
                        DataQuality& quality);

/// Library version string.
const char* version();

}  // namespace warmte
