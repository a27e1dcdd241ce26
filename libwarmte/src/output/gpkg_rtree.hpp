// The GeoPackage spatial index of a layer GDAL wrote without one, packed in one pass instead of
// inserted row by row: SQLite's R*-tree takes some 6 us per insert (0.6 s of a 1M-building run's
// 1.0 s write went to the R-trees GDAL 3.6 fills when it closes the file).
#pragma once

#include "warmte/geometry_array.hpp"

#include <gdal.h>

#include <cstdint>
#include <string>
#include <vector>

namespace warmte::io {

/// The three shadow tables of an SQLite rtree(id, minx, maxx, miny, maxy) holding `boxes`
/// (entry i has id ids[i]): nodes as SQLite's rtree module stores them (node 1 the root, whose
/// first two bytes give the tree's depth; cells of an 8-byte id and four float32 coordinates,
/// big-endian, rounded outward), packed sort-tile-recursive.
struct RTreePages {
    std::vector<std::pair<std::int64_t, std::vector<std::uint8_t>>> nodes;  // nodeno, data
    std::vector<std::pair<std::int64_t, std::int64_t>> rowid;               // entry id, leaf nodeno
    std::vector<std::pair<std::int64_t, std::int64_t>> parent;              // nodeno, parent nodeno
};
/// `node_bytes`: the blob size SQLite gives a new rtree's nodes (4 + 24 x 51 for two dimensions).
RTreePages pack_rtree(const std::vector<std::int64_t>& ids, const std::vector<Box>& boxes, std::size_t node_bytes);

/// Gives `table` (written by GDAL with SPATIAL_INDEX=NO, feature ids 1..n in `geometry`'s row
/// order) the spatial index GDAL would have made: the rtree_<table>_<column> table, its triggers
/// and its gpkg_extensions row, the tree packed by pack_rtree; where SQLite refuses to write the
/// shadow tables (nothing is then changed), GDAL's own CreateSpatialIndex fills it row by row.
/// False when that fails too; GDAL's error is then the last one raised.
bool write_spatial_index(GDALDatasetH ds, const std::string& table, const std::string& column,
                         const GeometryArray& geometry);

}  // namespace warmte::io
