// warmte batch (issue 16): the study area split into partitions (municipalities, or square tiles),
// each read on its own through the inputs' spatial index with a halo of context, in the three
// phases of phases.hpp, which give exactly what one run on the whole gives:
//   1. per partition, the local phase (local_step), its state saved: every input of the partition
//      is read, repaired, overlaid and measured once, here;
//   2. once, over the whole area (global_step): the aquathermie sources of the whole water,
//      plants and mains layers matched nearest first (a source serves buurten on both sides of a
//      municipal border), the heat grid's DH areas (a dense area crosses borders too), residual
//      heat and geothermal, from the saved summaries of step 1;
//   3. per partition, finish on the two saved states (finish_step), written as a GeoPackage of
//      its own buurten; merge_parts joins them into one result.
// The orchestration (resume, retries, progress, Dask) is Python's: python/warmte/batching.py.
#pragma once

#include "warmte/config.hpp"
#include "warmte/io.hpp"
#include "warmte/pipeline.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace warmte::batch {

struct Partition {
    std::string id;                     // municipality code, or "tile_<x>_<y>"
    std::vector<std::uint32_t> own;     // rows of its buurten in the whole buurten layer, ascending
    Box extent{};                       // of its buurten, in the analysis CRS
};

struct Plan {
    std::vector<Partition> partitions;       // by id
    std::vector<std::int64_t> buurt_fids;    // feature id of every buurt, in layer order (row = index)
    std::vector<Box> buurt_boxes;            // box of every buurt, in the analysis CRS
};

/// Splits the buurten: `partitioning` is "municipality" (fields.neighbourhoods.municipality) or
/// "tiles:SIZE" with SIZE in m or km ("tiles:20km"; a buurt goes to the tile holding its box centre).
/// ConfigError naming the field or the option when the split cannot be made.
Plan plan(const Config& config, const std::string& partitioning);

/// What a partition reads around its buurten: of the buildings and what lies with them, and of the
/// layers measured by distance (InputRole::batch).
struct Halos {
    double near_m = 0, distance_m = 0;
};

/// The inputs of one partition: its buurten and every feature within the halos of them (the
/// buurten around, buildings, water, lines, WKO zones, addresses, heights, polygon grids); not the
/// supply the global step reads whole.
Inputs read_partition(const Config& config, const Partition& partition, const Plan& plan, const Halos& halo);

/// Step 1 for one partition: the local phase on the partition read with batch.start_halo_m (and
/// again with twice that while a building's neighbours, nearest water or heat-network line may lie
/// beyond, up to batch.halo_m), its state saved to `state_path`. Returns the buildings it owns and
/// the seconds of each stage (the read, the local phase's stages, the save).
struct LocalStepInfo {
    std::size_t buildings = 0;
    StageTimings timings;
};
LocalStepInfo local_step(const Config& config, const Partition& partition, const Plan& plan,
                       const std::string& state_path, const Progress& progress = {});

/// Step 2: reads the buurten, water, plants, mains, residual heat and geothermal whole and the
/// summaries of the local states; saves the global state to `state_path` and writes the sources,
/// allocation and global data-quality layers to `gpkg` (each atomically).
void global_step(const Config& config, const std::vector<std::string>& local_states, const std::string& state_path,
                 const std::string& gpkg, const Progress& progress = {});

struct PartStats {
    std::size_t buurten = 0, buildings = 0;
};
/// Step 3 for one partition: finish on its saved local state and the global state, written to
/// `gpkg` (atomically) as warmte analyse writes a result, for its own buurten and buildings.
PartStats finish_step(const Config& config, const std::string& local_state, const std::string& global_state,
                      const std::string& gpkg);

/// Joins the parts (in plan order) and step 2's layers into `out` with the layers and styles
/// warmte analyse writes, in its row order, plus `partitions`; writes the heat grid when
/// output.heat_grid names one.
struct StepFiles {  // what steps 2 and 3 wrote: each part's GeoPackage, step 2's layers and state
    const std::vector<std::string>& parts;
    const std::string& global_gpkg;
    const std::string& global_state;
};
void merge_parts(const Config& config, const Plan& plan, const StepFiles& files, const Table& partitions,
                 const std::string& out);

}  // namespace warmte::batch
