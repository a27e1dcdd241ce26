// A vector layer in memory: polygon geometry, feature ids and the attribute columns the model
// asked for. Readers (GDAL, GeoDataFrames) fill it; the kernel never opens a file.
#pragma once

#include "warmte/geometry_array.hpp"

#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace warmte {

struct TextColumn {
    std::vector<std::string> values;
    std::vector<std::uint8_t> present;  // 0 where the value is null
};

struct NumberColumn {
    std::vector<double> values;  // NaN where the value is null or not a number
};

/// Which attribute fields a reader should load for one input layer.
struct FieldRequest {
    std::vector<std::string> required_text;  // missing field is an InputError
    std::vector<std::string> optional_text;  // missing field is skipped
    std::vector<std::string> optional_numbers;
    bool all_numbers = false;  // also every other numeric field (grids)
    /// Configuration key to name in the message when a required field is missing.
    std::map<std::string, std::string> hints;
};

struct VectorLayer {
    /// How messages name this layer: "path/to/file.gpkg, layer 'pand'" or "GeoDataFrame 'buildings'".
    std::string source;
    /// CRS as WKT or "AUTH:CODE"; empty when the source had none.
    std::string crs;
    GeometryArray geometry;
    /// Feature id of each feature as the source numbers it (GDAL FID or DataFrame row).
    std::vector<std::int64_t> feature_ids;
    std::map<std::string, TextColumn> text;
    std::map<std::string, NumberColumn> numbers;

    /// Features the reader left out: no or empty geometry, or not a polygon (points, lines).
    std::vector<std::int64_t> dropped_empty;
    std::vector<std::int64_t> dropped_not_polygonal;
    /// Curved features (CurvePolygon, MultiSurface, ...) the reader linearised.
    std::vector<std::int64_t> linearised;

    std::size_t size() const { return geometry.size(); }
    bool empty() const { return geometry.empty(); }
    const TextColumn* text_column(const std::string& name) const {
        auto it = text.find(name);
        return it == text.end() ? nullptr : &it->second;
    }
    /// Keeps features whose flag is true (geometry, ids and every column alike).
    VectorLayer select(const std::vector<bool>& keep) const;
    /// The features in the order `order` gives (a permutation of 0..size-1); with `threads` > 1
    /// the geometry is copied on a second thread beside the columns. Text values are moved, not
    /// copied (a country's pand ids are ten million allocations), so the layer is used up.
    VectorLayer reordered(const std::vector<std::uint32_t>& order, unsigned threads = 1) &&;
    /// Frees the text columns not named in `keep` and, unless `keep_numbers`, every number
    /// column: what no later stage reads need not be carried (a country's pand ids and statuses
    /// are a gigabyte and a half of strings).
    void release_columns(const std::vector<std::string>& keep, bool keep_numbers);
};

/// The layer with each feature replaced by its centroid (a point), ids and columns unchanged.
VectorLayer centroids_of(VectorLayer layer);

}  // namespace warmte
