// warmte batch (issue 16): the study area split into partitions (municipalities, or square tiles),
// each read on its own through the inputs' spatial index with a halo of context, in three steps
// that give exactly what one run on the whole gives:
//   1. per partition, the local stages up to the demand (partition_tables), which yield the small
//      tables the whole-area step needs: demand per heat-grid cell and the demand points;
//   2. once, over the whole area (global_phase): the aquathermie sources of the whole water,
//      plants and mains layers matched nearest first (a source serves buurten on both sides of a
//      municipal border) and the heat grid's DH areas (a dense area crosses borders too);
//   3. per partition, the whole analysis with those two taken from step 2 (run_partition),
//      written as a GeoPackage of its own buurten; merge_parts joins them into one result.
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
};

/// Splits the buurten: `partitioning` is "municipality" (fields.neighbourhoods.municipality) or
/// "tiles:SIZE" with SIZE in m or km ("tiles:20km"; a buurt goes to the tile holding its box centre).
/// ConfigError naming the field or the option when the split cannot be made.
Plan plan(const Config& config, const std::string& partitioning);

/// The inputs of one partition: its buurten and every feature within `halo_m` of them (the
/// buurten around, buildings, water, lines, WKO zones, addresses, heights, polygon grids); not the
/// plants and mains (step 2 reads those whole).
Inputs read_partition(const Config& config, const Partition& partition, const Plan& plan, double halo_m);

/// Step 1 for one partition (read with batch.start_halo_m, and again with twice that while a
/// building's neighbours may lie beyond, up to batch.halo_m).
PartitionTables partition_tables(const Config& config, const Partition& partition, const Plan& plan,
                                 const Progress& progress = {});

/// Step 2: reads the buurten, water, plants and mains whole; writes the sources and allocation
/// layers to `gpkg` (atomically) and returns what the partitions finish with.
GlobalPhase global_phase(const Config& config, const std::vector<PartitionTables>& parts, const std::string& gpkg,
                         const Progress& progress = {});

struct PartStats {
    std::size_t buurten = 0, buildings = 0;
};
/// Step 3 for one partition: its result written to `gpkg` (atomically), as warmte analyse writes
/// one, for its own buurten and buildings (the halo grows as in step 1, also while a building's
/// nearest water or heat-network line may lie beyond it).
PartStats run_partition(const Config& config, const Partition& partition, const Plan& plan,
                        std::shared_ptr<const GlobalPhase> global, const std::string& gpkg,
                        const Progress& progress = {});

/// Joins the parts (in plan order) and step 2's layers into `out` with the layers and styles
/// warmte analyse writes, in its row order, plus `partitions`; writes the heat grid when
/// output.heat_grid names one.
void merge_parts(const Config& config, const Plan& plan, const std::vector<std::string>& parts,
                 const std::string& global_gpkg, const GlobalPhase& global, const Table& partitions,
                 const std::string& out);

}  // namespace warmte::batch
