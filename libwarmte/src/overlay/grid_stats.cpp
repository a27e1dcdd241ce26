#include "warmte/grid_stats.hpp"

#include "geometry/zone_clip.hpp"

#include "warmte/crs.hpp"
#include "warmte/planar.hpp"
#include "warmte/spatial_index.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace warmte {

ZonalStats zonal_stats(const GeometryArray& polygons, const RasterBand& band) {
    const std::size_t n = polygons.size();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    ZonalStats z;
    z.count.assign(n, nan);
    z.sum.assign(n, nan);
    z.mean.assign(n, nan);
    z.min.assign(n, nan);
    z.max.assign(n, nan);
    z.nodata.assign(n, nan);
    z.overlaps.assign(n, 0);
    std::vector<double> window;
    for (std::size_t i = 0; i < n; ++i) {
        std::vector<detail::CoverageRow> rows = detail::coverage_rows(polygons, i, band.grid);
        if (rows.empty()) continue;
        int c0 = band.grid.columns, c1 = -1;
        for (auto& r : rows) {
            c0 = std::min(c0, r.first_column);
            c1 = std::max(c1, r.first_column + static_cast<int>(r.fractions.size()) - 1);
        }
        int r0 = rows.front().row, r1 = rows.back().row, width = c1 - c0 + 1;
        band.read(c0, r0, width, r1 - r0 + 1, window);
        double count = 0, sum = 0, none = 0, lo = INFINITY, hi = -INFINITY;
        for (auto& r : rows) {
            for (std::size_t k = 0; k < r.fractions.size(); ++k) {
                double f = r.fractions[k];
                if (!(f > 0)) continue;
                double v = window[static_cast<std::size_t>(r.row - r0) * width + (r.first_column + k - c0)];
                if (std::isnan(v) || (band.has_nodata && v == band.nodata)) {
                    none += f;
                    continue;
                }
                count += f;
                sum += f * v;
                lo = std::min(lo, v);
                hi = std::max(hi, v);
            }
        }
        z.overlaps[i] = 1;
        z.count[i] = count;
        z.sum[i] = sum;
        z.nodata[i] = none;
        if (count > 0) {
            z.mean[i] = sum / count;
            z.min[i] = lo;
            z.max[i] = hi;
        }
    }
    return z;
}

std::vector<std::pair<std::string, std::vector<double>>> apportion(const GeometryArray& zones, const VectorLayer& grid,
                                                                   const std::vector<std::string>& intensive,
                                                                   double suppressed_at_or_below) {
    const std::size_t n = zones.size();
    SpatialIndex index(grid.geometry);
    std::vector<double> cell_area(grid.size());
    for (std::size_t k = 0; k < grid.size(); ++k) cell_area[k] = grid.geometry.area(k);
    // Area of each (zone, cell) overlap: grid cells are convex, so planar clipping is exact.
    std::vector<std::vector<std::pair<std::uint32_t, double>>> overlaps(n);
    geos::Context ctx;
    for (std::size_t z = 0; z < n; ++z) {
        const ZoneClipper zone(ctx, zones, z, 0.0);  // cells are small: no interior grid
        for (std::uint32_t k : index.query_sorted(zone.box())) {
            double a = zone.clip(grid.geometry, k, index.bounds(k)).area;
            if (a > 0) overlaps[z].push_back({k, a});
        }
    }
    std::vector<std::pair<std::string, std::vector<double>>> out;
    for (auto& [name, column] : grid.numbers) {
        bool is_intensive = std::find(intensive.begin(), intensive.end(), name) != intensive.end();
        std::vector<double> values(n, std::numeric_limits<double>::quiet_NaN());
        for (std::size_t z = 0; z < n; ++z) {
            double total = 0, weight = 0;
            bool any = false;
            for (auto [k, a] : overlaps[z]) {
                double v = column.values[k];
                if (std::isnan(v) || v <= suppressed_at_or_below) continue;
                any = true;
                if (is_intensive) {
                    total += v * a;
                    weight += a;
                } else {
                    total += v * a / cell_area[k];
                }
            }
            if (any) values[z] = is_intensive ? total / weight : total;
        }
        out.emplace_back(name, std::move(values));
    }
    return out;
}

}  // namespace warmte

namespace warmte {

namespace {

// A copy of `polygons` (in the analysis CRS) in another CRS.
GeometryArray in_crs(const GeometryArray& polygons, const std::string& analysis_crs, const std::string& target,
                    const std::string& source) {
    VectorLayer copy;
    copy.source = source;
    copy.crs = analysis_crs;
    copy.geometry = polygons;
    reproject(copy, target, "");
    return copy.geometry;
}

}  // namespace

std::vector<GridSummary> summarise_grids(const GridsRead& grids, const GeometryArray& buurten,
                                         const GeometryArray* buildings, const Config& config, DataQuality& quality) {
    std::vector<GridSummary> out;
    for (const std::string& note : grids.notes) quality.record({"grids", -1, "band_assumed", note});
    for (auto& [name, band] : grids.rasters) {
        GridSummary g{name, band.source, true, {}, std::nullopt, {}};
        g.buurten = zonal_stats(in_crs(buurten, config.analysis_crs, band.crs, band.source), band);
        if (std::none_of(g.buurten.overlaps.begin(), g.buurten.overlaps.end(), [](auto o) { return o != 0; }))
            quality.record({"grids", -1, "grid_no_overlap",
                            band.source + " does not overlap any buurt: its statistics are missing"});
        if (buildings) g.buildings = zonal_stats(in_crs(*buildings, config.analysis_crs, band.crs, band.source), band);
        out.push_back(std::move(g));
    }
    for (auto& [name, grid] : grids.vector_grids) {
        GridSummary g{name, grid.source, false, {}, std::nullopt, {}};
        reproject(grid, config.analysis_crs, config.assume_crs);
        std::size_t suppressed = 0;
        for (auto& [column, values] : grid.numbers)
            for (double v : values.values) suppressed += v <= config.grid.suppressed_at_or_below;
        quality.count("grids", name + ": suppressed_values_missing", suppressed);
        g.apportioned = apportion(buurten, grid, config.grid.intensive_columns, config.grid.suppressed_at_or_below);
        out.push_back(std::move(g));
    }
    return out;
}

}  // namespace warmte
