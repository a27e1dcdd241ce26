// Heat-network lengths from a roads layer (Vesta model/RuimtelijkeData.dms buislengte, docs/costs.md
// §2): distribution pipe along the road within reach of the buildings it connects, with at least
// one connection per so many metres, and a service pipe from each pand's centroid to the road.
#pragma once

#include "warmte/config.hpp"
#include "warmte/cost_inputs.hpp"
#include "warmte/geometry_array.hpp"
#include "warmte/progress.hpp"

#include <cstdint>
#include <vector>

namespace warmte {

/// Roads are cut into pieces of at most costs.max_distribution_m_per_connection; each connected
/// building joins its nearest piece (its service pipe is that distance); a piece with a connection
/// within costs.road_reach_m is distribution pipe, its length shared over the buurten of its
/// connections. `home` is each building's buurt (-1 outside), `connected` whether it has demand.
/// The buildings that may join a network: `home` is each one's buurt (-1 outside), `connected`
/// whether it has demand; `buurten` the number of buurten.
struct RoadConnections {
    const GeometryArray& buildings;
    const std::vector<std::int32_t>& home;
    const std::vector<std::uint8_t>& connected;
    std::size_t buurten;
};
RoadLengths road_lengths(const GeometryArray& roads, const RoadConnections& connections, const CostParameters& p,
                         unsigned threads, const Progress& progress);

}  // namespace warmte
