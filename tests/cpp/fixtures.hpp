// Tiny in-memory layers for tests, built from WKT so the expected numbers can be worked out by hand.
#pragma once

#include "warmte/layer.hpp"

#include <string>
#include <vector>

namespace warmte::test {

/// Polygons from WKT strings (through GEOS, then into the flat arrays).
GeometryArray polygons(const std::vector<std::string>& wkt);

/// Lines from their coordinates (x, y, x, y, ... each).
GeometryArray lines(const std::vector<std::vector<double>>& xy);

/// A layer in EPSG:28992 with ids "A", "B", ... in a text column named `id_field`.
VectorLayer layer(const std::vector<std::string>& wkt, const std::string& id_field = "buurtcode");

}  // namespace warmte::test
