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

// The station serving each switching building: the nearest station point, or the service area
// holding its centroid (outside every area: the area whose box lies nearest, recorded).
std::vector<std::int32_t> serving_station(const VectorLayer& stations, const GridBuildings& b, unsigned threads,
                                          DataQuality& quality) {
    const bool areas = !stations.empty() && stations.geometry.kind(0) == GeometryKind::polygon;
    const SpatialIndex index(stations.geometry);
    std::vector<std::int32_t> out(b.weq.size(), -1);
    std::vector<std::uint8_t> outside(b.weq.size(), 0);
    // Each building writes its own slot: the same answer on any number of threads.
    parallel_for(b.weq.size(), threads, {}, "grid stations", [&](std::size_t i, geos::Context&) {
        if (b.home[i] < 0 || !(b.weq[i] > 0)) return;
        const auto at_xy = centroid(b.footprints, i);
        // Not a structured binding: the search's lambda below captures them (clang 14 refuses that).
        const double x = at_xy.first, y = at_xy.second;
        const Box at{x, y, x, y};
        if (areas) {
            for (std::uint32_t s : index.query_sorted(at))
                if (planar::contains_point(stations.geometry, s, x, y)) {
                    out[i] = static_cast<std::int32_t>(s);
                    return;
                }
            outside[i] = 1;
        }
        double best = std::numeric_limits<double>::infinity();
        index.nearest(at, [&](std::uint32_t s, double box_distance) {
            if (box_distance > best) return false;
            const auto [sx, sy] = centroid(stations.geometry, s);
            const double d = areas ? box_distance : std::hypot(sx - x, sy - y);
            if (d < best || (d == best && static_cast<std::int32_t>(s) < out[i])) best = d, out[i] = static_cast<std::int32_t>(s);
            return true;
        }, first_search_radius_m);
    }, 1024);
    const auto n_outside = static_cast<std::size_t>(std::count(outside.begin(), outside.end(), 1));
    if (n_outside > 0) quality.count("grid_stations", "building_outside_service_areas", n_outside);
    return out;
}

// (buurt, station, dwelling equivalents served): summed per pair, sorted by the pair.
struct Served {
    std::int32_t buurt, station;
    double weq;
};

std::vector<Served> served_pairs(const std::vector<std::int32_t>& station, const GridBuildings& b) {
    std::vector<Served> pairs;
    for (std::size_t i = 0; i < station.size(); ++i)
        if (station[i] >= 0) pairs.push_back({b.home[i], station[i], b.weq[i]});
    // Stable: equal pairs keep the buildings' order, so the sums run in one order.
    std::stable_sort(pairs.begin(), pairs.end(), [](const Served& x, const Served& y) {
        return x.buurt != y.buurt ? x.buurt < y.buurt : x.station < y.station;
    });
    std::vector<Served> out;
    for (const Served& p : pairs) {
        if (!out.empty() && out.back().buurt == p.buurt && out.back().station == p.station) out.back().weq += p.weq;
        else out.push_back(p);
    }
    return out;
}

// Stations: the S1 extra peak of every buurt shared over the stations serving its buildings (by
// their dwelling equivalents); a station whose headroom the extra exceeds needs new stations,
// shared back to the buurten by their part of its extra load.
void apply_stations(std::vector<GridCapacity>& out, const VectorLayer& stations, const GridBuildings& b,
                    const std::vector<double>& buurt_weq, const Config& config, DataQuality& quality) {
    const std::vector<double> headroom = station_headroom(stations, config);
    const std::vector<Served> served =
        served_pairs(serving_station(stations, b, resolve_threads(config.threads), quality), b);
    const double hp_kw = config.costs.grid_hp_peak_kw;
    const double unit_kw = config.costs.grid_station_kva * config.grid_capacity.power_factor;
    std::vector<double> load(stations.size(), 0.0);
    for (const Served& p : served) load[static_cast<std::size_t>(p.station)] += p.weq * hp_kw;
    std::vector<double> shortfall(stations.size()), added(stations.size());
    for (std::size_t s = 0; s < stations.size(); ++s) {
        shortfall[s] = std::max(0.0, load[s] - headroom[s]);
        added[s] = std::ceil(shortfall[s] / unit_kw);
    }
    for (std::size_t bu = 0; bu < out.size(); ++bu)
        if (buurt_weq[bu] > 0) out[bu].headroom_kw = 0, out[bu].new_stations = 0;
    for (const Served& pair : served) {
        const std::int32_t bu = pair.buurt, s = pair.station;
        const double weq = pair.weq;
        GridCapacity& g = out[static_cast<std::size_t>(bu)];
        const double part = load[static_cast<std::size_t>(s)] > 0 ? weq * hp_kw / load[static_cast<std::size_t>(s)] : 0.0;
        g.from_stations = 1;
        g.headroom_kw += part * headroom[static_cast<std::size_t>(s)];
        g.new_stations += part * added[static_cast<std::size_t>(s)];
        if (shortfall[static_cast<std::size_t>(s)] > 0) g.status = static_cast<double>(GridStatus::reinforce);
        else if (g.grid_status() == GridStatus::unknown) g.status = static_cast<double>(GridStatus::fits);
    }
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

// The congestion map: per buurt the offtake status covering most of its switching dwelling
// equivalents (areas), or the worst of the postcode points inside it; the year it lifts is the
// latest of those with that status.
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
                       const NumberColumn* year, const GridBuildings& b, const Config& config) {
    const SpatialIndex index(map.geometry);
    std::vector<std::int64_t> area(b.weq.size(), -1);  // the worst area holding each building
    parallel_for(b.weq.size(), resolve_threads(config.threads), {}, "grid congestion",
                 [&](std::size_t i, geos::Context&) {
        if (b.home[i] < 0 || !(b.weq[i] > 0)) return;
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

// Congestion points (postcodes): each counts once for the buurt holding it.
void shares_from_points(CongestionShares& shares, const VectorLayer& map, const std::vector<Offtake>& offtake,
                        const NumberColumn* year, const VectorLayer& buurten, DataQuality& quality) {
    const SpatialIndex index(buurten.geometry);
    for (std::size_t i = 0; i < map.size(); ++i) {
        const auto [x, y] = centroid(map.geometry, i);
        std::int64_t in = -1;
        for (std::uint32_t bu : index.query_sorted(Box{x, y, x, y}))
            if (planar::contains_point(buurten.geometry, bu, x, y)) {
                in = bu;
                break;
            }
        if (in < 0) {
            quality.record({"grid_congestion", map.feature_ids[i], "postcode_outside_buurten",
                            "a congestion point in no buurt of the study area; it applies to none"});
            continue;
        }
        shares.note(static_cast<std::size_t>(in), offtake[i], 1.0, value_at(year, i));
    }
}

// Each buurt's status from its shares: by areas the status covering most (a tie goes to the
// worse), by points the worst inside it.
void apply_shares(std::vector<GridCapacity>& out, const CongestionShares& shares, bool areas) {
    for (std::size_t bu = 0; bu < out.size(); ++bu) {
        const auto& s = shares.share[bu];
        if (s[0] + s[1] + s[2] <= 0) continue;
        std::size_t chosen = 0;
        for (std::size_t o = areas ? 1 : 0; o < 3; ++o)
            if (areas ? s[o] >= s[chosen] : s[o] > 0) chosen = o;
        GridCapacity& g = out[bu];
        g.from_congestion = 1;
        const auto o = static_cast<Offtake>(chosen);
        if (o == Offtake::congested) {
            g.status = static_cast<double>(GridStatus::congested);
            g.available_year = shares.lifts[bu][chosen];
        } else if (g.from_stations == 0) {
            g.status = static_cast<double>(o == Offtake::limited ? GridStatus::reinforce : GridStatus::fits);
        }
    }
}

void apply_congestion(std::vector<GridCapacity>& out, const VectorLayer& map, const VectorLayer& buurten,
                      const GridBuildings& b, const Config& config, DataQuality& quality) {
    const GridCapacityFields& f = config.grid_capacity_fields;
    const TextColumn* status = map.text_column(f.congestion_status);
    const NumberColumn* year = number_column(map, f.congestion_year);
    std::vector<Offtake> offtake(map.size());
    for (std::size_t i = 0; i < map.size(); ++i) offtake[i] = offtake_of(map, i, status->values[i], config);
    CongestionShares shares(out.size());
    const bool areas = !map.empty() && map.geometry.kind(0) == GeometryKind::polygon;
    if (areas) shares_from_areas(shares, map, offtake, year, b, config);
    else shares_from_points(shares, map, offtake, year, buurten, quality);
    apply_shares(out, shares, areas);
}

}  // namespace

std::vector<GridCapacity> grid_capacity(const GridLayers& layers, const GridBuildings& buildings,
                                        const std::vector<double>& buurt_weq, const Config& config,
                                        DataQuality& quality) {
    std::vector<GridCapacity> out(buurt_weq.size());
    if (layers.stations && !layers.stations->empty())
        apply_stations(out, *layers.stations, buildings, buurt_weq, config, quality);
    if (layers.congestion && !layers.congestion->empty())
        apply_congestion(out, *layers.congestion, layers.buurten, buildings, config, quality);
    return out;
}

}  // namespace warmte
