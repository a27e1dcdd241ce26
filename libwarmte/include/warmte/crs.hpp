// Coordinate reference systems through PROJ, with a context that looks only at the proj.db
// this library was built against (other PROJ copies in the process set PROJ_DATA for theirs).
#pragma once

#include "warmte/geometry_array.hpp"

#include "warmte/layer.hpp"

#include <string>

namespace warmte {

/// Directory of the proj.db libwarmte uses.
const char* proj_data_dir();

/// Transforms every coordinate of `layer` from its CRS (or `assume_crs` when it has none)
/// into `target_crs`, in traditional GIS order (easting/longitude first).
/// InputError when the layer has no CRS and none is assumed, or when PROJ cannot transform.
void reproject(VectorLayer& layer, const std::string& target_crs, const std::string& assume_crs);

/// True when PROJ understands `crs` (WKT, PROJJSON or AUTH:CODE) as a projected CRS in metres.
bool is_projected_metric(const std::string& crs);
/// True when PROJ can make a CRS of `crs` (AUTH:CODE, WKT, PROJJSON, a PROJ string).
bool is_known_crs(const std::string& crs);

/// The area of use of a projected CRS in its own coordinates, grown by `margin_m`: coordinates
/// beyond it are nonsense for that CRS (a vertex at 1e300), not a reason for a huge grid.
/// Unbounded when PROJ knows no area of use.
Box crs_extent(const std::string& crs, double margin_m);

}  // namespace warmte
