// The rows of a GeoPackage layer GDAL created (its table, fields and catalogue entries), inserted
// through prepared SQLite statements on GDAL's own connection: OGR's feature path (a feature
// object, a geometry built from WKB and forced to multi parts, GDAL's blob, its binding) took some
// 6.5 us per row, 3.7 s of the 1M run's 560k street and pipe rows (issue 33).
#pragma once

#include "warmte/table.hpp"

#include <gdal.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace warmte::io {

/// An SQL identifier (a table or column name) in double quotes, quotes inside doubled.
std::string quoted(const std::string& name);

/// Binds one row's values to a statement's parameters from `first` on (SQLite counts from 1).
using BindRow = std::function<void(sqlite3_stmt* statement, std::size_t row, int first)>;

/// Runs `head` ("INSERT [OR REPLACE] INTO t [(names)]") over `rows` rows of `width` values, many
/// rows per statement: SQLite's cost per statement (and AUTOINCREMENT's update of sqlite_sequence,
/// which GDAL's fid has) is then paid once for them (1.6 -> 0.56 s for 408k pipes). False on an
/// SQLite error, said in `error`.
bool insert_many(sqlite3* db, const std::string& head, int width, std::size_t rows, const BindRow& bind, std::string& error);

/// A row's geometry as a GeoPackage geometry blob (GeoPackage 1.3 §2.1.3): the "GP" header with
/// the srs id and, unless empty or a point, the xy envelope; then little-endian ISO WKB of the
/// layer's type: polygons and lines as Multi*, as GDAL writes a layer of wkbMultiPolygon or
/// wkbMultiLineString.
std::vector<std::uint8_t> gpkg_geometry_blob(const GeometryArray& geometry, std::size_t row, std::int32_t srs_id);

/// Inserts every row of `table` into the layer of its name, feature ids 1..n in row order, then
/// sets the layer's extent in gpkg_contents and its count in gpkg_ogr_contents (GDAL keeps both for
/// rows it wrote itself). False on an SQLite error; `error` then says which.
bool insert_rows(GDALDatasetH ds, const Table& table, const std::string& geometry_column, std::string& error);

}  // namespace warmte::io
