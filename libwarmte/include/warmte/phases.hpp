// The analysis in three phases over plain values (issue 30):
//
//   local_phase(inputs) -> LocalState     everything that needs only the buurten reported and a
//                                         halo around them: prepare, overlay with distances,
//                                         demand, the local parts of aquathermie, network and
//                                         costing, grids, demand per heat-grid cell and points;
//   global_phase(summaries) -> GlobalState what crosses partitions: the heat grid's DH areas, the
//                                         matching of the whole aquathermie supply, residual heat
//                                         and geothermal, the grid stations' loads;
//   finish(LocalState, GlobalState)       per-buurt arithmetic, scores, costs, choice and tables.
//
// The single run (run_analysis) is the three in a row on the whole study area; warmte batch runs
// local_phase per partition and saves its state (save_state), global_phase once on the saved
// summaries, and finish per partition on the loaded states: no input is read twice. The states
// are saved by the library in one binary format with a version and a checksum.
#pragma once

#include "warmte/aquathermie.hpp"
#include "warmte/cost_inputs.hpp"
#include "warmte/data_quality.hpp"
#include "warmte/grid_capacity.hpp"
#include "warmte/heat_grid.hpp"
#include "warmte/matching.hpp"
#include "warmte/network.hpp"
#include "warmte/other_supply.hpp"
#include "warmte/overlay.hpp"
#include "warmte/pipeline.hpp"
#include "warmte/street_network.hpp"
#include "warmte/table.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace warmte {

/// What the global phase reads of one local state: the demand per heat-grid cell of the buildings
/// it owns, its buurten's demand points, and per buurt it reports (by row in the whole buurten
/// layer) what the project-size rules and the residual-heat allocation read.
struct LocalSummary {
    std::vector<CellDemand> cells;
    DemandPoints points;                      // buurt = row in the whole layer
    std::vector<std::uint32_t> buurt;         // row in the whole layer of each buurt reported
    std::vector<double> demand_gj, dwellings, dwelling_density_ha;
    std::vector<DwellingGroup> group;         // the costing's average dwelling equivalent
    std::size_t buildings = 0;                // owned
    StationService stations;                  // with grid stations: who serves the owned buildings (buurt = row in the whole layer)
};

/// Everything finish needs of the buurten one local phase reports (all of the study area, or a
/// partition's own buurten), in their order; no geometry beyond the layers' own.
struct LocalState {
    std::string partition;  // empty: the whole study area
    LocalSummary summary;
    Table neighbourhoods;   // geometry and the fields passed through (neighbourhood_base)
    OverlayResult overlay;  // the per-buurt fields only
    HeatNetworkIndicators network;  // dh_area_share from the global heat grid in finish
    std::vector<DhPiece> dh;        // buurt = row here
    bool has_heat_network = false;  // a heat-network layer was given
    std::vector<double> dist_heat_network_m, wko_share, lt_share, linked_works_year;
    BuurtCosting costing;                 // the supply and the grid stations' part from the global phase in finish
    StreetState streets;                  // with --roads: the road graph and the streets' heat
    std::vector<Column> measured_columns;  // add_measured_columns, when the buurten carry gas use
    std::vector<Column> grid_columns;      // add_grid_columns (the area grids, not the electricity grid)
    Table buildings;                       // empty without output.buildings_layer
    std::vector<std::int64_t> building_kx, building_ky;  // per row of `buildings`: its heat-grid cell
    std::vector<std::uint8_t> building_has_cell;
    DataQuality quality, grid_quality;  // the grids' records come last, as they always did
    std::vector<std::string> input_sources;
    std::vector<std::string> grid_names;
    StageTimings timings;
};

/// What crosses partitions, for each of them to finish with. Buurt = row in the whole layer.
struct GlobalState {
    HeatGrid grid;                        // without building cells
    MatchingResult matching;
    std::vector<SourceType> source_type;  // per source of the matching
    GeometryArray source_shapes;          // per source: where the street routes start (street_network.hpp)
    std::vector<std::string> source_id;   // per source: "<layer>:<feature id>"
    OtherSupply other;                    // empty without residual heat and geothermal
    bool residual_heat = false;           // a residual-heat layer was given
    std::vector<GridCapacity> stations;   // per buurt: the grid stations' part (empty without stations)
    DataQuality quality;                  // the sources' and the other supply's records
    StageTimings timings;
};

/// The layers the global phase reads, prepared (reprojected, repaired, in canonical order): the
/// whole buurten layer and the supply layers (any may be absent).
struct GlobalInputs {
    const VectorLayer* neighbourhoods = nullptr;
    const VectorLayer* water = nullptr;
    const VectorLayer* plants = nullptr;
    const VectorLayer* mains = nullptr;
    const VectorLayer* residual_heat = nullptr;
    const VectorLayer* geothermal = nullptr;
};

/// The sources and allocation layers the global phase finds (empty tables without sources).
struct SupplyLayersOut {
    Table sources, allocation;
};

/// The local phase on `inputs` (prepared in place: reprojected, repaired, in canonical order).
/// With inputs.partition set it reports that partition's own buurten and checks that every
/// distance and neighbour it measured lies inside what was read (HaloTooSmall otherwise).
LocalState local_phase(Inputs& inputs, const Config& config, const Progress& progress = {});

/// The global phase over the summaries of every local state (each buurt in one of them).
/// `layers` (when not null) receives the sources and allocation layers.
GlobalState global_phase(const GlobalInputs& inputs, const std::vector<const LocalSummary*>& summaries,
                         const Config& config, const ParameterTables& tables, SupplyLayersOut* layers = nullptr,
                         const Progress& progress = {});

/// The result of the buurten a local state reports, with the global state's DH areas, matching
/// and other supply. The explanations are added by whoever writes it (add_explanations).
AnalysisResult finish(LocalState local, const GlobalState& global, const Config& config,
                      const ParameterTables& tables);

/// Saves a state to `path` (written under a temporary name and renamed: a crash leaves no half
/// file); loads one back, with an InputError naming the file when it is not a state of this
/// version, was cut short or damaged. load_summary reads only the local state's summary.
void save_state(const LocalState& state, const std::string& path);
void save_state(const GlobalState& state, const std::string& path);
LocalState load_local_state(const std::string& path);
LocalSummary load_summary(const std::string& path);
GlobalState load_global_state(const std::string& path);

}  // namespace warmte
