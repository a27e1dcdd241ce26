#include "warmte/grid_capacity.hpp"

#include "warmte/error.hpp"
#include "warmte/planar.hpp"
#include "warmte/spatial_index.hpp"
#include "parallel.hpp"
#include "warmte/csv.hpp"
#include "warmte/number_text.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <unordered_map>

namespace warmte {

const char* grid_status_name(GridStatus status) {
    switch (status) {
        case GridStatus::fits: return "fits";
        case GridStatus::reinforce: return "reinforce";
        case GridStatus::congested: return "congested";
        default: return "";
    }
}

std::string phase_of_year(double year, const ScoreParameters& p) {
    return year < p.phase_early_until ? "before_2030" : year < p.phase_mid_until ? "2030_2040" : "after_2040";
}

void apply_grid_availability(Scores& s, const std::vector<GridCapacity>& grid, const ScoreParameters& p) {
    static const std::vector<std::string> order = {"before_2030", "2030_2040", "after_2040"};
    auto rank = [&](const std::string& phase) {
        return std::find(order.begin(), order.end(), phase) - order.begin();
    };
    for (std::size_t b = 0; b < grid.size() && b < s.strategy.size(); ++b) {
        const GridCapacity& g = grid[b];
        if (s.strategy[b] != "S1" || g.grid_status() != GridStatus::congested || !std::isfinite(g.available_year))
            continue;
        const std::string earliest = phase_of_year(g.available_year, p);
        if (rank(s.phase[b]) >= rank(earliest)) continue;
        s.phase[b] = earliest;
        s.phase_reason[b] = "the electricity grid is congested until " + whole_number(g.available_year) +
                            "; all-electric can start after reinforcement (was: " + s.phase_reason[b] + ")";
    }
}

namespace {

constexpr double first_search_radius_m = 250.0;  // only speed depends on it

const NumberColumn* number_column(const VectorLayer& layer, const std::string& name) {
    auto it = layer.numbers.find(name);
    return it == layer.numbers.end() ? nullptr : &it->second;
}

double value_at(const NumberColumn* c, std::size_t i) { return c ? c->values[i] : GridCapacity::none; }

std::string where(const VectorLayer& layer, std::size_t i) {
    return layer.source + ", feature " + std::to_string(layer.feature_ids[i]);
}

// What each station can still carry, kW: the headroom it states, else its capacity less its
// peak, else less an assumed loading (est.). Impossible values are refused by name.
std::vector<double> station_headroom(const VectorLayer& stations, const Config& config) {
    const GridCapacityFields& f = config.grid_capacity_fields;
    const GridCapacityParameters& p = config.grid_capacity;
    const NumberColumn* capacity = number_column(stations, f.station_capacity);
    const NumberColumn* peak = number_column(stations, f.station_peak);
    const NumberColumn* headroom = number_column(stations, f.station_headroom);
    std::vector<double> out(stations.size());
    for (std::size_t i = 0; i < stations.size(); ++i) {
        const double kva = value_at(capacity, i);
        if (!std::isfinite(kva))
            throw InputError(where(stations, i) + ": has no capacity in '" + f.station_capacity +
                             "'; give every station its capacity in kVA (or name the field with "
                             "fields.grid_stations.capacity)");
        if (kva <= 0 || kva > p.max_station_kva)
            throw InputError(where(stations, i) + ": capacity " + grouped_number(kva, "en") + " kVA is not a station's (0 to " +
                             grouped_number(p.max_station_kva, "en") + " kVA, grid.max_station_kva); check the unit (kVA) and the value");
        const double kw = kva * p.power_factor;
        const double stated = value_at(headroom, i), today = value_at(peak, i);
        if (std::isfinite(stated) && (stated < 0 || stated > kw))
            throw InputError(where(stations, i) + ": headroom " + grouped_number(stated, "en") + " kW lies outside 0 to its capacity (" +
                             grouped_number(kw, "en") + " kW); a congested station has headroom 0");
        if (std::isfinite(today) && today < 0)
            throw InputError(where(stations, i) + ": peak " + grouped_number(today, "en") + " kW is negative");
        out[i] = std::isfinite(stated) ? stated
                 : std::isfinite(today) ? std::max(0.0, kw - today)
                                        : kw * (1 - p.station_loading_share);
    }
    return out;
}

// Whether building i switches and is one of those counted here.
bool switching(const GridBuildings& b, const std::vector<std::uint8_t>* counted, std::size_t i) {
    return b.home[i] >= 0 && b.weq[i] > 0 && (!counted || (*counted)[i]);
}

// The station serving each switching building: the nearest station point, or the service area
// holding its centroid (outside every area: the area whose box lies nearest, recorded), and how
// far it lies (0 inside an area).
struct Serving {
    std::vector<std::int32_t> station;
    std::vector<double> distance_m;
};

Serving serving_station(const VectorLayer& stations, const GridBuildings& b, const std::vector<std::uint8_t>* counted,
                        unsigned threads, DataQuality& quality) {
    const bool areas = !stations.empty() && stations.geometry.kind(0) == GeometryKind::polygon;
    const SpatialIndex index(stations.geometry);
    Serving out{std::vector<std::int32_t>(b.weq.size(), -1),
                std::vector<double>(b.weq.size(), std::numeric_limits<double>::infinity())};
    std::vector<std::uint8_t> outside(b.weq.size(), 0);
    // Each building writes its own slot: the same answer on any number of threads.
    parallel_for(b.weq.size(), threads, {}, "grid stations", [&](std::size_t i, geos::Context&) {
        if (!switching(b, counted, i)) return;
        const auto at_xy = centroid(b.footprints, i);
        // Not a structured binding: the search's lambda below captures them (clang 14 refuses that).
        const double x = at_xy.first, y = at_xy.second;
        const Box at{x, y, x, y};
        std::int32_t& found = out.station[i];
        if (areas) {
            for (std::uint32_t s : index.query_sorted(at))
                if (planar::contains_point(stations.geometry, s, x, y)) {
                    found = static_cast<std::int32_t>(s);
                    out.distance_m[i] = 0;
                    return;
                }
            outside[i] = 1;
        }
        double best = std::numeric_limits<double>::infinity();
        index.nearest(at, [&](std::uint32_t s, double box_distance) {
            if (box_distance > best) return false;
            const auto [sx, sy] = centroid(stations.geometry, s);
            const double d = areas ? box_distance : std::hypot(sx - x, sy - y);
            if (d < best || (d == best && static_cast<std::int32_t>(s) < found)) best = d, found = static_cast<std::int32_t>(s);
            return true;
        }, first_search_radius_m, std::numeric_limits<double>::infinity(), &best);
        out.distance_m[i] = best;
    }, 1024);
    const auto n_outside = static_cast<std::size_t>(std::count(outside.begin(), outside.end(), 1));
    if (n_outside > 0) quality.count("grid_stations", "building_outside_service_areas", n_outside);
    return out;
}

// (buurt, station, equivalents served) summed per pair and sorted by the pair. Stable: equal
// pairs keep the order they come in (the buildings'), so every sum runs in one order.
std::vector<StationServed> summed_pairs(std::vector<StationServed> pairs) {
    std::stable_sort(pairs.begin(), pairs.end(), [](const StationServed& x, const StationServed& y) {
        return x.buurt != y.buurt ? x.buurt < y.buurt : x.station < y.station;
    });
    std::vector<StationServed> out;
    for (const StationServed& p : pairs) {
        if (!out.empty() && out.back().buurt == p.buurt && out.back().station == p.station) out.back().weq += p.weq;
        else out.push_back(p);
    }
    return out;
}

// Per station its headroom, the extra peak of the buurten it serves, the shortfall and the new
// stations that shortfall needs.
struct StationLoad {
    double headroom_kw = 0, load_kw = 0, shortfall_kw = 0, added = 0;
};

std::unordered_map<std::int64_t, StationLoad> station_loads(const std::vector<const StationService*>& parts,
                                                          const std::vector<StationServed>& served,
                                                          const Config& config) {
    std::unordered_map<std::int64_t, StationLoad> load;
    for (const StationService* part : parts)
        for (const StationHeadroom& h : part->headroom) load[h.station].headroom_kw = h.headroom_kw;
    const double hp_kw = config.costs.grid_hp_peak_kw;
    for (const StationServed& p : served) load.at(p.station).load_kw += p.weq * hp_kw;
    const double unit_kw = config.costs.grid_station_kva * config.grid_capacity.power_factor;
    for (auto& [station, s] : load) {
        s.shortfall_kw = std::max(0.0, s.load_kw - s.headroom_kw);
        s.added = std::ceil(s.shortfall_kw / unit_kw);
    }
    return load;
}

enum class Offtake { free = 0, limited = 1, congested = 2 };

Offtake offtake_of(const VectorLayer& layer, std::size_t i, const std::string& value, const Config& config) {
    const GridCapacityParameters& p = config.grid_capacity;
    const std::string v = lower_ascii(trim(value));
    auto named = [&](const std::vector<std::string>& values) {
        return std::any_of(values.begin(), values.end(), [&](const std::string& x) { return lower_ascii(x) == v; });
    };
    if (named(p.congested_values)) return Offtake::congested;
    if (named(p.limited_values)) return Offtake::limited;
    if (named(p.free_values)) return Offtake::free;
    throw InputError(where(layer, i) + ": congestion status '" + value + "' is none of grid.congested_values, " +
                     "grid.limited_values or grid.free_values; add it to the one it means");
}

// Per buurt, how much of it each offtake status covers (weight: the equivalents in its areas,
// or the number of its postcode points) and the year each is lifted.
struct CongestionShares {
    std::vector<std::array<double, 3>> share;
    std::vector<std::array<double, 3>> lifts;
    explicit CongestionShares(std::size_t buurten)
        : share(buurten, {0, 0, 0}), lifts(buurten, {GridCapacity::none, GridCapacity::none, GridCapacity::none}) {}
    void note(std::size_t buurt, Offtake offtake, double weight, double year) {
        const auto o = static_cast<std::size_t>(offtake);
        share[buurt][o] += weight;
        if (std::isfinite(year) && !(lifts[buurt][o] >= year)) lifts[buurt][o] = year;
    }
};

// Congestion areas: each building counts its equivalents for the worst area holding it.
void shares_from_areas(CongestionShares& shares, const VectorLayer& map, const std::vector<Offtake>& offtake,
                       const GridBuildings& b, const std::vector<std::uint8_t>* counted, const Config& config) {
    const NumberColumn* year = number_column(map, config.grid_capacity_fields.congestion_year);
    const SpatialIndex index(map.geometry);
    std::vector<std::int64_t> area(b.weq.size(), -1);  // the worst area holding each building
    parallel_for(b.weq.size(), resolve_threads(config.threads), {}, "grid congestion",
                 [&](std::size_t i, geos::Context&) {
        if (!switching(b, counted, i)) return;
        const auto [x, y] = centroid(b.footprints, i);
        for (std::uint32_t a : index.query_sorted(Box{x, y, x, y}))
            if (planar::contains_point(map.geometry, a, x, y) && (area[i] < 0 || offtake[a] > offtake[area[i]]))
                area[i] = a;
    }, 1024);
    for (std::size_t i = 0; i < area.size(); ++i)  // in building order: the same sums on any thread count
        if (area[i] >= 0) {
            const auto a = static_cast<std::size_t>(area[i]);
            shares.note(static_cast<std::size_t>(b.home[i]), offtake[a], b.weq[i], value_at(year, a));
        }
}

// The buurt holding each point of `map` (-1: none).
std::vector<std::int64_t> buurt_holding(const VectorLayer& map, const VectorLayer& buurten) {
    const SpatialIndex index(buurten.geometry);
    std::vector<std::int64_t> out(map.size(), -1);
    for (std::size_t i = 0; i < map.size(); ++i) {
        const auto [x, y] = centroid(map.geometry, i);
        for (std::uint32_t bu : index.query_sorted(Box{x, y, x, y}))
            if (planar::contains_point(buurten.geometry, bu, x, y)) {
                out[i] = bu;
                break;
            }
    }
    return out;
}

void record_unplaced(const VectorLayer& map, std::size_t i, DataQuality& quality) {
    quality.record({"grid_congestion", map.feature_ids[i], "postcode_outside_buurten",
                    "a congestion point in no buurt of the study area; it applies to none"});
}

// Congestion points (postcodes): each counts once for the buurt holding it.
void shares_from_points(CongestionShares& shares, const CongestionLayer& layer, const std::vector<Offtake>& offtake,
                        const Config& config, DataQuality& quality) {
    const VectorLayer& map = layer.map;
    const NumberColumn* year = number_column(map, config.grid_capacity_fields.congestion_year);
    const std::vector<std::int64_t> in = buurt_holding(map, layer.buurten);
    for (std::size_t i = 0; i < map.size(); ++i) {
        if (in[i] >= 0) shares.note(static_cast<std::size_t>(in[i]), offtake[i], 1.0, value_at(year, i));
        else if (layer.record_unplaced) record_unplaced(map, i, quality);
    }
}

// Each buurt's status from its shares: by areas the status covering most (a tie goes to the
// worse), by points the worst inside it.
std::vector<GridCapacity> status_from_shares(const CongestionShares& shares, bool areas) {
    std::vector<GridCapacity> out(shares.share.size());
    for (std::size_t bu = 0; bu < out.size(); ++bu) {
        const auto& s = shares.share[bu];
        if (s[0] + s[1] + s[2] <= 0) continue;
        std::size_t chosen = 0;
        for (std::size_t o = areas ? 1 : 0; o < 3; ++o)
            if (areas ? s[o] >= s[chosen] : s[o] > 0) chosen = o;
        GridCapacity& g = out[bu];
        g.from_congestion = 1;
        const auto o = static_cast<Offtake>(chosen);
        g.status = static_cast<double>(o == Offtake::congested ? GridStatus::congested
                                       : o == Offtake::limited ? GridStatus::reinforce
                                                               : GridStatus::fits);
        if (o == Offtake::congested) g.available_year = shares.lifts[bu][chosen];
    }
    return out;
}

}  // namespace

StationService station_service(const VectorLayer& stations, const GridBuildings& b,
                               const std::vector<std::uint8_t>* counted, const Config& config, DataQuality& quality) {
    StationService out;
    const std::vector<double> headroom = station_headroom(stations, config);
    for (std::size_t s = 0; s < stations.size(); ++s) out.headroom.push_back({stations.feature_ids[s], headroom[s]});
    Serving serving = serving_station(stations, b, counted, resolve_threads(config.threads), quality);
    std::vector<StationServed> pairs;
    for (std::size_t i = 0; i < serving.station.size(); ++i)
        if (const std::int32_t s = serving.station[i]; s >= 0)
            pairs.push_back({b.home[i], stations.feature_ids[static_cast<std::size_t>(s)], b.weq[i]});
    out.served = summed_pairs(std::move(pairs));
    out.distance_m = std::move(serving.distance_m);
    return out;
}

std::vector<GridCapacity> station_capacity(const std::vector<const StationService*>& parts,
                                           const std::vector<double>& buurt_weq, const Config& config) {
    std::vector<StationServed> all;
    for (const StationService* part : parts) all.insert(all.end(), part->served.begin(), part->served.end());
    const std::vector<StationServed> served = summed_pairs(std::move(all));
    const std::unordered_map<std::int64_t, StationLoad> load = station_loads(parts, served, config);
    std::vector<GridCapacity> out(buurt_weq.size());
    for (std::size_t bu = 0; bu < out.size(); ++bu)
        if (buurt_weq[bu] > 0) out[bu].headroom_kw = 0, out[bu].new_stations = 0;
    const double hp_kw = config.costs.grid_hp_peak_kw;
    for (const StationServed& pair : served) {
        const StationLoad& s = load.at(pair.station);
        GridCapacity& g = out.at(static_cast<std::size_t>(pair.buurt));
        const double part = s.load_kw > 0 ? pair.weq * hp_kw / s.load_kw : 0.0;
        g.from_stations = 1;
        g.headroom_kw += part * s.headroom_kw;
        g.new_stations += part * s.added;
        if (s.shortfall_kw > 0) g.status = static_cast<double>(GridStatus::reinforce);
        else if (g.grid_status() == GridStatus::unknown) g.status = static_cast<double>(GridStatus::fits);
    }
    return out;
}

std::vector<GridCapacity> congestion_capacity(const CongestionLayer& layer, const GridBuildings& buildings,
                                              const std::vector<std::uint8_t>* counted, const Config& config,
                                              DataQuality& quality) {
    const VectorLayer& map = layer.map;
    const TextColumn* status = map.text_column(config.grid_capacity_fields.congestion_status);
    std::vector<Offtake> offtake(map.size());
    for (std::size_t i = 0; i < map.size(); ++i) offtake[i] = offtake_of(map, i, status->values[i], config);
    CongestionShares shares(layer.buurten.size());
    const bool areas = !map.empty() && map.geometry.kind(0) == GeometryKind::polygon;
    if (areas) shares_from_areas(shares, map, offtake, buildings, counted, config);
    else shares_from_points(shares, layer, offtake, config, quality);
    return status_from_shares(shares, areas);
}

void record_unplaced_congestion_points(const VectorLayer& map, const VectorLayer& buurten, DataQuality& quality) {
    if (map.empty() || map.geometry.kind(0) == GeometryKind::polygon) return;
    const std::vector<std::int64_t> in = buurt_holding(map, buurten);
    for (std::size_t i = 0; i < map.size(); ++i)
        if (in[i] < 0) record_unplaced(map, i, quality);
}

GridCapacity combined_capacity(GridCapacity g, const GridCapacity& congestion) {
    if (congestion.from_congestion != 1) return g;
    g.from_congestion = 1;
    if (congestion.grid_status() == GridStatus::congested) {
        g.status = congestion.status;
        g.available_year = congestion.available_year;
    } else if (g.from_stations == 0) {
        g.status = congestion.status;
    }
    return g;
}

std::vector<GridCapacity> grid_capacity(const GridLayers& layers, const GridBuildings& buildings,
                                        const std::vector<double>& buurt_weq, const Config& config,
                                        DataQuality& quality) {
    std::vector<GridCapacity> out(buurt_weq.size());
    if (layers.stations && !layers.stations->empty()) {
        const StationService service = station_service(*layers.stations, buildings, nullptr, config, quality);
        out = station_capacity({&service}, buurt_weq, config);
    }
    if (layers.congestion && !layers.congestion->empty()) {
        const std::vector<GridCapacity> map =
            congestion_capacity({*layers.congestion, layers.buurten}, buildings, nullptr, config, quality);
        for (std::size_t b = 0; b < out.size(); ++b) out[b] = combined_capacity(out[b], map[b]);
    }
    return out;
}

}  // namespace warmte
