// The analysis as a list of stages: prepare → overlay → demand → heat grid → network → supply
// and matching → scores → grids → tables. Each stage is a function over typed structs in its own
// module; this file only sequences them. The CLI and Python both call run_analysis; the inputs
// reach it in memory (io reads files, Python passes GeoDataFrames).
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
/// the analysis CRS); a run checks that nothing it measured could have reached past them.
struct PartitionScope {
    std::string id;
    std::vector<std::uint8_t> own;            // per buurt read
    std::vector<std::uint32_t> global_index;  // per buurt read: its row in the whole layer
    Box window{};                             // what was read around its buurten
};

/// What warmte batch's whole-study-area phase found, for each partition to finish with: the heat
/// grid's DH areas and the nearest-first matching of the aquathermie sources, both of which cross
/// municipal borders.
struct GlobalPhase {
    HeatGrid grid;                        // without building cells
    MatchingResult matching;              // buurt index = row in the whole buurten layer
    std::vector<SourceType> source_type;  // per source of the matching
};

/// What one partition gives the whole-study-area phase: its owned buildings' demand per heat-grid
/// cell, its own buurten' demand points (buurt = row in the whole layer) and per own buurt the
/// demand, dwellings and dwelling density the project-size rules read.
struct PartitionTables {
    std::vector<CellDemand> cells;
    DemandPoints points;
    std::vector<std::uint32_t> buurt;
    std::vector<double> demand_gj, dwellings, dwelling_density_ha;
    std::size_t buildings = 0;  // owned
    DataQuality quality;
};

/// Everything a run reads: a layer per input role, the grids, and the parameter tables.
struct Inputs : InputLayers {
    std::vector<std::pair<std::string, RasterBand>> rasters;        // name -> band
    std::vector<std::pair<std::string, VectorLayer>> vector_grids;  // name -> polygon grid
    std::vector<std::string> grid_notes;                             // e.g. "band 1 used"
    /// The tables io read for the configuration; absent: the built-in ones.
    std::optional<ParameterTables> tables;
    /// Set when this run is one partition of warmte batch; `global` then holds the whole-area phase.
    std::optional<PartitionScope> partition;
    std::shared_ptr<const GlobalPhase> global;
};

struct AnalysisResult {
    Table neighbourhoods;
    Table buildings;   // per-building demand; empty unless config.output.buildings_layer
    Table sources;     // aquathermie sources; empty without any
    Table allocation;  // source -> buurt lines with GJ; empty without any
    HeatGrid heat_grid;
    Table costs;       // buurt x variant x component (no geometry)
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
    StageTimings timings;
};

/// Runs the whole analysis on in-memory layers (any CRS; they are reprojected in place).
AnalysisResult run_analysis(Inputs inputs, const Config& config, const Progress& progress = {});

/// The first phase of a partition of warmte batch (inputs.partition set, inputs.global not): the
/// local stages up to the demand, and what the whole-area phase needs of them.
PartitionTables partition_tables(Inputs inputs, const Config& config, const Progress& progress = {});

/// The whole-area phase of warmte batch: the aquathermie sources of the whole water, plants and
/// mains layers in `inputs` (with the whole buurten layer), matched nearest first to the demand
/// points of all partitions, and the heat grid's DH areas from their cells. `sources` and
/// `allocation` receive the tables warmte analyse writes.
GlobalPhase global_phase(Inputs inputs, const std::vector<PartitionTables>& parts, const Config& config,
                         Table& sources, Table& allocation, DataQuality& quality, const Progress& progress = {});

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
