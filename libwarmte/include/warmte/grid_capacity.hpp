// Can the electricity grid carry the all-electric alternative? (docs/model.md §3.6, issue 35)
// The extra peak of the heat pumps per buurt set against what the grid operators' layers say:
// stations with their capacity and headroom (each building served by the nearest station or by
// the service area it lies in), and the public congestion map (areas or postcode points with an
// offtake status and the year the constraint is expected to lift). Without either, Vesta's
// kental alone prices the grid (est.).
#pragma once

#include "warmte/config.hpp"
#include "warmte/data_quality.hpp"
#include "warmte/geometry_array.hpp"
#include "warmte/layer.hpp"
#include "warmte/score.hpp"

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace warmte {

enum class GridStatus : std::uint8_t { unknown = 0, fits = 1, reinforce = 2, congested = 3 };
/// "", "fits", "reinforce", "congested" (the values of grid_status).
const char* grid_status_name(GridStatus status);

/// What the grid says per buurt for its S1 extra peak. Every member a double: the state file
/// writes the struct as it is, and padding would put undefined bytes into it.
struct GridCapacity {
    static constexpr double none = std::numeric_limits<double>::quiet_NaN();
    double status = 0;              // GridStatus
    double from_stations = 0;       // 1: the stations layer decided the headroom and the stations
    double from_congestion = 0;     // 1: the congestion map gave the status
    double headroom_kw = none;      // the buurt's share of its stations' headroom
    double new_stations = none;     // stations given: new stations its share of the shortfall needs
    double available_year = none;   // congested: when the constraint is expected to lift
    GridStatus grid_status() const { return static_cast<GridStatus>(static_cast<int>(status)); }
};

/// The buildings that switch, for the grid: each one's home buurt (-1: none), its dwelling
/// equivalents (0: it does not switch) and its footprint (for its centroid).
struct GridBuildings {
    const GeometryArray& footprints;
    const std::vector<std::int32_t>& home;
    const std::vector<double>& weq;
};

/// The grid operators' layers (either may be absent) and the buurten they are read for.
struct GridLayers {
    const VectorLayer* stations;
    const VectorLayer* congestion;
    const VectorLayer& buurten;
};

/// One buurt's switching dwelling equivalents served by one station. All 64-bit: the state file
/// writes the struct as it is, and padding would put undefined bytes into it.
struct StationServed {
    std::int64_t buurt;    // row of the buurten layer the pairs are counted in (local or whole)
    std::int64_t station;  // the station's feature id: the same station in every partition
    double weq;
};

/// What a station can still carry, kW, by feature id.
struct StationHeadroom {
    std::int64_t station;
    double headroom_kw;
};

/// The stations' local part: which station serves the switching buildings one local phase counts
/// (summed per buurt and station, sorted by both) and the headroom of every station read. A
/// station's load is the sum over every partition it serves, so warmte batch adds these up in the
/// global phase (station_capacity); the single run does the same on its one part.
struct StationService {
    std::vector<StationServed> served;
    std::vector<StationHeadroom> headroom;
    /// Per building: how far the station found lies (0 inside a service area; infinity for the
    /// buildings not counted), for a partition's check that it read far enough.
    std::vector<double> distance_m;
};

/// The buildings `counted` (all with a home buurt when null) served by `stations`. Stations
/// without a capacity, with a negative one, one above grid.max_station_kva or a negative headroom
/// are InputErrors naming the feature; buildings outside every service area are counted in
/// `quality`.
StationService station_service(const VectorLayer& stations, const GridBuildings& buildings,
                               const std::vector<std::uint8_t>* counted, const Config& config, DataQuality& quality);

/// Per buurt of `buurt_weq` (its dwelling equivalents; the S1 extra peak is weq x grid.hp_peak_kw)
/// the stations' part of the grid's verdict, from the local parts of every partition (their
/// buurt rows in the same layer as `buurt_weq`): the extra peak shared over the stations serving
/// the buurt's buildings, each station's shortfall and the new stations it needs shared back.
std::vector<GridCapacity> station_capacity(const std::vector<const StationService*>& parts,
                                           const std::vector<double>& buurt_weq, const Config& config);

/// The congestion map's part per buurt of `buurten` (its status as if no stations were given, and
/// the year a congestion lifts): areas by the switching equivalents of the buildings `counted`
/// (all when null), postcode points by the buurt holding them. Statuses none of grid.*_values
/// name are InputErrors naming the feature; with `record_unplaced`, postcode points in no buurt
/// are recorded in `quality` (a partition cannot tell: the batch's global step records them).
struct CongestionLayer {
    const VectorLayer& map;
    const VectorLayer& buurten;
    bool record_unplaced = true;
};
std::vector<GridCapacity> congestion_capacity(const CongestionLayer& layer, const GridBuildings& buildings,
                                              const std::vector<std::uint8_t>* counted, const Config& config,
                                              DataQuality& quality);

/// The postcode points of a congestion map that lie in no buurt, recorded (the batch's global step).
void record_unplaced_congestion_points(const VectorLayer& map, const VectorLayer& buurten, DataQuality& quality);

/// One buurt's verdict from the stations' part and the congestion map's: a congested map wins
/// with its year; otherwise the stations decide when given, else the map's status.
GridCapacity combined_capacity(GridCapacity stations, const GridCapacity& congestion);

/// The three above on one study area in one go: per buurt what the grid says of its S1 extra peak.
std::vector<GridCapacity> grid_capacity(const GridLayers& layers, const GridBuildings& buildings,
                                        const std::vector<double>& buurt_weq, const Config& config,
                                        DataQuality& quality);

/// The period (phase value) a year falls in: before_2030, 2030_2040 or after_2040.
std::string phase_of_year(double year, const ScoreParameters& p);

/// S1 never starts before its grid is there: a buurt whose strategy is S1 and whose grid is
/// congested until a year gets a phase no earlier than that year's, and its phase_reason says so.
/// Other strategies keep their phase.
void apply_grid_availability(Scores& scores, const std::vector<GridCapacity>& grid, const ScoreParameters& p);

}  // namespace warmte
