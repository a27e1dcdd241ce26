// What the cost model needs of each buurt, from the stages' results: its average dwelling
// equivalent (demand now and at label B, insulation cost, ventilation), its network lengths (from
// a roads layer or the effective-width rule) and the supply each variant needs (aquathermie the
// matching allocated, residual heat, geothermal). Kept in the result so costs and the choice can be
// recomputed without geometry (Result.recost).
#pragma once

#include "warmte/grid_capacity.hpp"
#include "warmte/tenure.hpp"

#include "warmte/aquathermie.hpp"
#include "warmte/config.hpp"
#include "warmte/costs.hpp"
#include "warmte/demand.hpp"
#include "warmte/network.hpp"
#include "warmte/overlay.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace warmte {

/// Per buurt, the lengths a roads layer gives (docs/costs.md §2): road within reach of buildings with
/// enough connections, and the mean service pipe per connection.
struct RoadLengths {
    std::vector<double> distribution_m;
    std::vector<double> service_m;  // NaN where the buurt has no connection
};

struct BuurtCosting {
    std::vector<DwellingGroup> group;  // weq 0: nothing to cost
    std::vector<NetworkLengths> lengths;
    std::vector<SupplyAvailability> supply;
    std::vector<std::uint8_t> lengths_estimated;  // no roads layer: the effective-width rule, default service pipe
    std::vector<double> connections;              // buildings with heat demand
    std::vector<GridCapacity> grid;               // what the grid operators' layers say (grid_capacity.hpp)
    std::vector<TenureShares> tenure;             // owner-occupied, corporation and private-rent shares
    std::size_t size() const { return group.size(); }
    /// Calls f(field) for each per-buurt field (rows.hpp).
    template <class F>
    void for_each_column(F&& f) {
        f(group);
        f(lengths);
        f(supply);
        f(lengths_estimated);
        f(connections);
        f(grid);
        f(tenure);
    }
};

/// Each building's dwelling equivalents as the costs count them (dwellings, or utility floor
/// area / utility_m2_per_weq), 0 for one that costs nothing (no demand, an outbuilding, or in no buurt).
std::vector<double> building_equivalents(const DemandResult& demand, const OverlayResult& overlay,
                                         const CostParameters& p);

/// The buurten's cost inputs. Every building counts in its home buurt; residential buildings by
/// their dwellings, type, year and label (the insulation table gives label B), utility buildings
/// as floor area / utility_m2_per_weq equivalents without insulation (est.). What needs only the
/// buurt's own buildings: the supply is the whole study area's (add_aquathermie_supply,
/// add_other_supply) and is left empty here but for the collective heat pump's SPF.
struct CostingStages {  // what the stages before found
    const DemandResult& demand;
    const OverlayResult& overlay;
    const HeatNetworkIndicators& network;
    const RoadLengths* roads;  // with --roads; else the effective-width rule
};
BuurtCosting cost_inputs(const CostingStages& stages, const InsulationTable& insulation, const Config& config,
                         double collective_spf);

/// Copies the aquathermie the matching allocated (per buurt of `costing`, in its order) into the
/// buurten's supply, with the allocation-weighted distance per source type (S3e, S3t).
void add_aquathermie_supply(BuurtCosting& costing, const MatchingResult& matching,
                            const std::vector<SourceType>& source_type, const CostParameters& p);

/// Costs of every buurt (weq 0: an empty CostResult).
/// Buurten are independent: `threads` workers give the same result as one.
std::vector<CostResult> buurt_costs(const BuurtCosting& inputs, const CostParameters& p, const CostKentallen& k,
                                    unsigned threads = 1);

}  // namespace warmte
