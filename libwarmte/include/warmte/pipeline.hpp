// The analysis of a whole study area: run_analysis runs the three phases of phases.hpp (local,
// global, finish) in a row; each stage in them is a function over typed structs in its own
// module. The CLI and Python both call run_analysis; the inputs reach it in memory (io reads
// files, Python passes GeoDataFrames). Also the verdict again under another configuration
// (rescore) and the aquathermie sources alone (potential_sources).
#pragma once

#include "warmte/config.hpp"
#include "warmte/cost_choice.hpp"
#include "warmte/cost_inputs.hpp"
#include "warmte/data_quality.hpp"
#include "warmte/grid_stats.hpp"
#include "warmte/heat_grid.hpp"
#include "warmte/input_roles.hpp"
#include "warmte/layer.hpp"
#include "warmte/parameter_tables.hpp"
#include "warmte/progress.hpp"
#include "warmte/score.hpp"
#include "warmte/table.hpp"

#include "warmte/matching.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace warmte {

/// One partition of warmte batch (batch.hpp): of the buurten read, which this partition reports
/// (the others, and the buildings and water around, are context only), and where each buurt is in
/// the whole buurten layer. The windows are what was read around the partition's own buurten (in
/// the analysis CRS): each own buurt's box grown by the halo; a run keeps only the features that
/// meet one of them and checks that nothing it measured could have reached past them.
struct PartitionScope {
    std::string id;
    std::vector<std::uint8_t> own;            // per buurt read
    std::vector<std::uint32_t> global_index;  // per buurt read: its row in the whole layer
    std::vector<Box> windows;                 // what was read around its buurten
    std::vector<Box> distance_windows;        // likewise, of the layers measured by distance
    double halo_m = 0;                        // the windows' margin around the buurten' boxes
    double distance_halo_m = 0;

    /// How far `b` lies inside what was read: its largest margin within one window (negative
    /// outside every one); everything within that distance of it was read.
    double margin(const Box& b) const { return margin_in(b, windows); }
    /// The same in what was read of the layers measured by distance.
    double distance_margin(const Box& b) const { return margin_in(b, distance_windows); }
    static double margin_in(const Box& b, const std::vector<Box>& windows);
};

/// Everything a run reads: a layer per input role, the grids, and the parameter tables.
struct Inputs : InputLayers {
    std::vector<std::pair<std::string, RasterBand>> rasters;        // name -> band
    std::vector<std::pair<std::string, VectorLayer>> vector_grids;  // name -> polygon grid
    std::vector<std::string> grid_notes;                             // e.g. "band 1 used"
    /// The tables io read for the configuration; absent: the built-in ones.
    std::optional<ParameterTables> tables;
    /// Set when the local phase is run on one partition of warmte batch.
    std::optional<PartitionScope> partition;
};

/// The parameter tables of a run: those io read for the configuration, else the built-in ones
/// (ConfigError when the configuration names table files that were not read).
const ParameterTables& parameter_tables_of(const Inputs& inputs, const Config& config);

struct AnalysisResult {
    Table neighbourhoods;
    Table buildings;   // per-building demand; empty unless config.output.buildings_layer
    Table sources;     // aquathermie sources; empty without any
    Table allocation;  // source -> buurt lines with GJ; empty without any
    HeatGrid heat_grid;
    Table costs;       // buurt x variant x component (no geometry)
    Table streets;     // with --roads: one line per street with its heat density (street_network.hpp)
    Table network;     // the routed pipes of the clusters
    Table clusters;    // the clusters' outlines
    ScoreInputs score_inputs;  // kept so scores can be recomputed without the geometry
    BuurtCosting cost_inputs;  // kept so costs and the choice can be recomputed likewise
    CostKentallen cost_kentallen;  // the kentallen of the run (built-in or the configured table)
    /// Costs kept between Result.rescore calls (weights move no cost); shared by copies of the
    /// result, which have the same costing inputs.
    std::shared_ptr<CostMemo> cost_memo = std::make_shared<CostMemo>();
    Table data_quality;
    DataQuality quality;
    Config config;
    std::vector<std::string> input_sources;
    std::vector<std::string> grid_names;  // the grids summarised (their names prefix fields)
    StageTimings timings;

    /// The layer named so in the output schema (output_schema.hpp): nullptr for a layer a result
    /// does not hold (partitions) or one it left out (no sources, no buildings layer).
    const Table* layer(const std::string& name) const;
    /// Where the layer of that name goes (nullptr for one a result does not hold).
    Table* mutable_layer(const std::string& name);
};

/// Runs the whole analysis on in-memory layers (any CRS; they are reprojected in place): the
/// three phases of phases.hpp in a row on the whole study area.
AnalysisResult run_analysis(Inputs inputs, const Config& config, const Progress& progress = {});

/// The verdict fields of a result under another configuration: scores, classes, parts, strategy
/// and phase, the cost fields and the choice by cost (when `costs` has a row per buurt), and the
/// sensitivity fields when `sensitivity_samples` > 0. Milliseconds, no geometry. The run, the CLI's
/// --sensitivity, Result.rescore, Result.recost and Result.sensitivity all come here; `verdict`
/// (when not null) receives the costs for the costs layer.
/// `memo` (the result's own) keeps the costs for the next call at the same cost parameters.
Table rescore(const ScoreInputs& inputs, const BuurtCosting& costs, const Config& config, const CostKentallen& k,
              CostVerdict* verdict = nullptr, CostMemo* memo = nullptr);

/// The aquathermie sources of the given layers (any may be absent) with their potentials, before
/// any matching: what each water body, plant and main could deliver.
Table potential_sources(Inputs inputs, const Config& config, DataQuality& quality);

/// Library version string.
const char* version();

}  // namespace warmte
