// Grid data per buurt (and per building): exact-coverage statistics of a raster band, and
// apportioning of a polygon grid such as the CBS 100 m squares. The kernel reads raster values
// through a callback, window by window, so it never opens a file and never holds a whole raster.
#pragma once

#include "warmte/config.hpp"
#include "warmte/coverage.hpp"
#include "warmte/data_quality.hpp"
#include "warmte/layer.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace warmte {

struct RasterBand {
    std::string source;  // for messages
    std::string crs;
    GridGeometry grid;
    bool has_nodata = false;
    double nodata = 0;
    /// Fills `out` (rows x columns, row-major) with the values of a window.
    std::function<void(int column, int row, int columns, int rows, std::vector<double>& out)> read;
};

struct ZonalStats {
    std::vector<double> count;   // covered valid cells, in cells (fractions add)
    std::vector<double> sum;     // value x fraction
    std::vector<double> mean;    // sum / count
    std::vector<double> min, max;
    std::vector<double> nodata;  // covered nodata/NaN cells, in cells
    std::vector<std::uint8_t> overlaps;  // 0 when the feature does not touch the raster
};

/// Exact-coverage statistics of `band` for every feature of `polygons` (in the raster's CRS).
/// Features outside the raster get NaN statistics and overlaps = 0.
ZonalStats zonal_stats(const GeometryArray& polygons, const RasterBand& band);

/// Apportions numeric columns of a polygon grid to `zones`: extensive columns by the share of
/// each cell's area inside a zone, intensive columns (listed) as area-weighted means. Values at
/// or below `suppressed_at_or_below` (CBS -99997 and friends) are missing, not numbers.
/// Returns one vector per column, in the order of `grid.numbers`.
std::vector<std::pair<std::string, std::vector<double>>> apportion(const GeometryArray& zones, const VectorLayer& grid,
                                                                   const std::vector<std::string>& intensive,
                                                                   double suppressed_at_or_below);

}  // namespace warmte

namespace warmte {

/// What the grid stage found for one grid input: statistics of a raster band per buurt (and per
/// building when asked), or the columns of a polygon grid apportioned to the buurten.
struct GridSummary {
    std::string name;    // field prefix in the output
    std::string source;  // for the provenance
    bool raster = false;
    ZonalStats buurten;                    // rasters
    std::optional<ZonalStats> buildings;   // rasters, with output.grid_buildings
    std::vector<std::pair<std::string, std::vector<double>>> apportioned;  // polygon grids
};

/// Summarises every grid of a run over the buurten (and buildings, in `buildings` when not null)
/// given in `analysis_crs`; polygon grids are reprojected into it. Grids that miss every buurt and
/// suppressed values are recorded in `quality`.
struct GridsRead {  // the grids of a run as read (Inputs' rasters, vector grids and notes on them)
    std::vector<std::pair<std::string, RasterBand>>& rasters;
    std::vector<std::pair<std::string, VectorLayer>>& vector_grids;  // reprojected in place
    const std::vector<std::string>& notes;
};
std::vector<GridSummary> summarise_grids(const GridsRead& grids, const GeometryArray& buurten,
                                         const GeometryArray* buildings, const Config& config, DataQuality& quality);

}  // namespace warmte
