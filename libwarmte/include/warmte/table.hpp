// An output table: named, typed columns plus polygon geometry. Writers (GeoPackage) and the
// Python edge consume it without knowing which model produced which field.
#pragma once

#include "warmte/geometry_array.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace warmte {

enum class ColumnType { text, integer, real };

struct Column {
    std::string name;
    ColumnType type;
    std::vector<std::string> text;    // for text
    std::vector<double> numbers;      // for integer and real; NaN = null
    std::vector<std::uint8_t> present;  // for text; 0 = null
    std::string description;          // one line for the QGIS field alias / docs
};

/// A real column (NaN = null).
Column real_column(std::string name, std::vector<double> values, std::string description = {});
/// A text column with every value present.
Column text_column(std::string name, std::vector<std::string> values, std::string description = {});

struct Table {
    std::string name;           // GeoPackage layer name
    GeometryArray geometry;      // empty for an attribute-only table
    bool has_geometry = true;
    std::vector<Column> columns;

    std::size_t rows() const;
    /// The kind of a row's geometry (polygon for attribute-only tables).
    GeometryKind kind(std::size_t row) const {
        return row < geometry.size() ? geometry.kind(row) : GeometryKind::polygon;
    }
    const Column* find(const std::string& column) const;
    /// The rows listed, in that order (geometry too).
    Table select(const std::vector<std::size_t>& rows) const;
};

/// The table with each feature replaced by the centroid of its geometry (points).
Table as_points(const Table& table);

}  // namespace warmte
