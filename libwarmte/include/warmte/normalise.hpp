// Normalising input geometry: invalid polygons are repaired with GEOS make-valid, empty ones
// dropped; each is recorded in the data-quality log.
#pragma once

#include "warmte/data_quality.hpp"
#include "warmte/layer.hpp"
#include "warmte/progress.hpp"

namespace warmte {

/// Repairs invalid features of `layer` and drops the empty ones, in parallel.
/// `role` ("buildings", ...) names the layer in the data-quality log.
void normalise(VectorLayer& layer, const std::string& role, DataQuality& quality, unsigned threads,
               const Progress& progress);

}  // namespace warmte
