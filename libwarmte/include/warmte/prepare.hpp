// Preparing the inputs for the model: every layer into the analysis CRS, water lines buffered
// (after their reprojection, so both parts of the water layer share a CRS by construction),
// buildings not in use filtered out, polygons repaired, buurt ids checked. Each step is
// recorded in the data-quality log; nothing is dropped without a record.
#pragma once

#include "warmte/config.hpp"
#include "warmte/data_quality.hpp"
#include "warmte/input_roles.hpp"
#include "warmte/progress.hpp"

#include <string>
#include <vector>

namespace warmte {

/// Throws ConfigError unless config.analysis_crs is a projected CRS in metres.
void check_analysis_crs(const Config& config);

/// Drops (and records) features whose coordinates are not finite or lie far outside `extent`, or
/// whose polygon rings have fewer than three points, and closes (and records) unclosed rings. For
/// the neighbourhoods such a feature is an InputError naming it: a buurt cannot be left out.
void check_geometry(VectorLayer& layer, const InputRole& role, const Box& extent, DataQuality& quality);

/// An order of the features that depends on their geometry only, not on the input's order: by a
/// Morton code of their box centre (neighbours stay near each other), then box and coordinates.
std::vector<std::uint32_t> canonical_order(const GeometryArray& features, unsigned threads = 1);
/// Puts every layer but the buurten (whose order the output keeps) in canonical_order, so that
/// every sum over features adds in the same order whatever order the input lists them in
/// (floating-point addition is not associative) and the same data gives the same bits. With
/// more than one thread a layer's geometry and its columns are copied side by side.
void put_in_canonical_order(InputLayers& layers, unsigned threads = 1);

/// Turns shells counter-clockwise and holes clockwise in place, each ring keeping its first
/// vertex (check_geometry does this for every layer, so the input format does not matter).
void orient_rings(GeometryArray& polygons);

/// Reprojects every layer (and the water lines, which it then buffers into the water polygons).
/// Appends "role: source" for each layer to `sources`. InputError for a polygon role that must
/// not be empty and is.
void reproject_inputs(InputLayers& layers, const Config& config, DataQuality& quality,
                      std::vector<std::string>& sources);

/// Keeps only buildings in use when the layer carries a status field (BAG); counts the rest.
void keep_buildings_in_use(VectorLayer& buildings, const Config& config, DataQuality& quality);

/// Repairs every polygon role that is repaired (make-valid), dropping and recording what cannot
/// be, and records buurten with a missing or duplicate id.
void repair_inputs(InputLayers& layers, const Config& config, DataQuality& quality, unsigned threads,
                   const Progress& progress);

/// Flags (1) buurten that CBS marks as water (fields.neighbourhoods.water_flag = JA).
std::vector<std::uint8_t> water_buurten(const VectorLayer& buurten, const Config& config);

}  // namespace warmte
