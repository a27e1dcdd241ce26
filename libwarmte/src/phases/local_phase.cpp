// The local phase (phases.hpp): what needs only the buurten reported and a halo around them.
#include "warmte/phases.hpp"

#include "warmte/bag_join.hpp"
#include "warmte/crs.hpp"
#include "warmte/demand.hpp"
#include "warmte/error.hpp"
#include "warmte/measured.hpp"
#include "warmte/prepare.hpp"
#include "warmte/rows.hpp"
#include "warmte/roads.hpp"
#include "warmte/street_network.hpp"
#include "warmte/score.hpp"
#include "warmte/spatial_index.hpp"
#include "warmte/tables.hpp"
#include "parallel.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace warmte {

namespace {

// What every step of the local phase reads and where it records.
struct LocalRun {
    Inputs& inputs;
    const Config& config;
    const ParameterTables& tables;
    unsigned threads;
    const Progress& progress;
    LocalState& state;
};

// What the stages up to the demand found on the buurten read.
struct LocalStages {
    OverlayResult overlay;
    DemandResult demand;
    std::optional<BuildingUnits> units;
    MeasuredUse measured;
    std::optional<MeasuredComparison> comparison;
    std::vector<std::uint8_t> owned;  // per building: its home buurt is one this run reports
};

// A partition reads the box around all its buurten; of that it keeps the features that meet the
// window around one of them (a municipality's box holds many buildings of its neighbours: at 1M
// buildings in 34 municipalities, 1.9M buildings read against 1.2M kept). The buurten all stay:
// the scope is per buurt read.
void keep_within_windows(Inputs& inputs, const PartitionScope& scope) {
    GeometryArray boxes, far_boxes;
    for (const Box& w : scope.windows) boxes.add_box(w);
    for (const Box& w : scope.distance_windows) far_boxes.add_box(w);
    const SpatialIndex near_index(boxes), far_index(far_boxes);
    auto trim = [&](std::optional<VectorLayer>& layer, const SpatialIndex& index) {
        if (!layer) return;
        std::vector<bool> keep(layer->size(), false);
        bool all = true;
        for (std::size_t i = 0; i < keep.size(); ++i) {
            index.query(layer->geometry.bounds(i), [&](std::uint32_t) { keep[i] = true; });
            all = all && keep[i];
        }
        if (!all) layer = layer->select(keep);
    };
    for (const InputRole& role : input_roles())
        if (role.role != Role::neighbourhoods) trim(inputs[role.role], role.batch == BatchRead::distance ? far_index : near_index);
    trim(inputs.water_lines, far_index);
    for (auto& [name, grid] : inputs.vector_grids) {
        std::optional<VectorLayer> g = std::move(grid);
        trim(g, near_index);
        grid = std::move(*g);
    }
}

// Preparing the inputs: reprojected, filtered, repaired, in canonical order, joined.
void prepare_stage(LocalRun& run, LocalStages& L) {
    StageTimer timer(run.state.timings);
    Inputs& inputs = run.inputs;
    const Config& config = run.config;
    DataQuality& quality = run.state.quality;
    reproject_inputs(inputs, config, quality, run.state.input_sources);
    timer.lap("reproject");
    if (inputs.partition) {
        keep_within_windows(inputs, *inputs.partition);
        timer.lap("keep within windows");
    }
    VectorLayer& buildings = *inputs[Role::buildings];
    keep_buildings_in_use(buildings, config, quality);
    // Status and history only filter: the later stages, which copy and reorder the layer, go
    // without them. The pand id stays for the duplicate check and the joins.
    const bool buildings_layer = config.output.buildings_layer;
    const std::string& id_field = config.building_fields.id;
    const std::string& use_field = config.building_fields.use;
    buildings.release_columns({id_field, use_field}, true);
    timer.lap("filter");
    repair_inputs(inputs, config, quality, run.threads, run.progress);
    // The duplicate check is done; without a join to make, the pand id need not be reordered.
    if (!buildings_layer && !inputs.get(Role::heights) && !inputs.get(Role::addresses))
        buildings.release_columns({use_field}, true);
    timer.lap("validate and repair");
    put_in_canonical_order(inputs, run.threads);
    timer.lap("canonical order");
    if (const VectorLayer* heights = inputs.get(Role::heights)) join_heights(buildings, *heights, config, quality);
    if (const VectorLayer* addresses = inputs.get(Role::addresses)) {
        L.units = join_addresses(buildings, *addresses, config, quality);
        run.state.input_sources.push_back(
            "addresses: pand id from field '" +
            (L.units->id_field.empty() ? std::string("(none: by location)") : L.units->id_field) + "'");
        timer.lap("join addresses");
    }
    // After the joins the demand reads the use and the numbers; the buildings layer the id.
    if (!buildings_layer) buildings.release_columns({use_field}, true);
}

// The overlay with buurten and water; `distances_for`: the buurten whose buildings' distance to
// water is measured (all when null).
void overlay_stage(LocalRun& run, LocalStages& L, const std::vector<std::uint8_t>* distances_for) {
    const VectorLayer* water = run.inputs.get(Role::water);
    L.overlay = warmte::overlay(run.inputs[Role::neighbourhoods]->geometry, run.inputs[Role::buildings]->geometry,
                                water ? &water->geometry : nullptr, run.threads, run.progress, distances_for);
    run.state.timings.insert(run.state.timings.end(), L.overlay.timings.begin(), L.overlay.timings.end());
    run.state.quality.count("buildings", "outside_study_area",
                            std::count(L.overlay.home_neighbourhood.begin(), L.overlay.home_neighbourhood.end(), -1));
}

// The demand and its comparison with measured use.
void demand_stage(LocalRun& run, LocalStages& L) {
    StageTimer timer(run.state.timings);
    const Config& config = run.config;
    DataQuality& quality = run.state.quality;
    VectorLayer& buildings = *run.inputs[Role::buildings];
    const VectorLayer& buurten = *run.inputs[Role::neighbourhoods];
    L.demand = estimate_demand({buildings, L.units ? &*L.units : nullptr, L.overlay.building_index.get()}, config,
                               run.tables.demand, run.threads, run.progress, quality);
    L.overlay.building_index.reset();
    if (config.demand.practice_factor && !run.tables.demand.local_practice.empty())
        quality.count("buildings", "local_practice_factor_applied",
                      apply_local_practice_factors(L.demand, L.overlay.home_neighbourhood,
                                                   buurten.text.at(config.neighbourhood_fields.id).values,
                                                   run.tables.demand.local_practice));
    if (!config.output.buildings_layer) buildings.release_columns({}, false);  // the demand holds what it derived
    timer.lap("demand");
    L.measured = measured_use(buurten, config);
    if (L.measured.any) {
        L.comparison = compare_with_measured(L.demand, {L.overlay, buildings.geometry, buurten}, L.measured, config, quality);
        timer.lap("measured use");
    }
}

// Per building: whether this run reports it (its home buurt is one it reports).
std::vector<std::uint8_t> owned_buildings(const OverlayResult& overlay, const std::optional<PartitionScope>& scope) {
    std::vector<std::uint8_t> owned(overlay.home_neighbourhood.size());
    for (std::size_t i = 0; i < owned.size(); ++i) {
        const int home = overlay.home_neighbourhood[i];
        owned[i] = home >= 0 && (!scope || scope->own[home]);
    }
    return owned;
}

// Per building: whether any of its pieces lies in a buurt this run reports. Such a building's
// demand, type and distances enter those buurten' sums, whichever partition owns it, so every
// check of what a partition read covers them all.
std::vector<std::uint8_t> counted_buildings(const OverlayResult& overlay, const PartitionScope& scope) {
    std::vector<std::uint8_t> counted(overlay.home_neighbourhood.size(), 0);
    for (const BuildingPiece& piece : overlay.pieces)
        if (scope.own[piece.neighbourhood]) counted[piece.building] = 1;
    return counted;
}

// Every counted building's distance to the nearest target must lie within its margin in what was
// read of the targets; when some do not, the halo needed is the current one grown by the largest
// shortfall (with a tenth to spare). A target given but none found (none was read near enough)
// needs a halo twice as wide.
void check_within_window(const GeometryArray& buildings, const std::vector<std::uint8_t>& counted,
                         const std::vector<double>& distance, const PartitionScope& scope,
                         const std::vector<std::int64_t>& feature_ids, const char* what) {
    double shortfall = 0;
    std::size_t worst = 0;
    bool none_found = false;
    for (std::size_t i = 0; i < counted.size() && !none_found; ++i) {
        if (!counted[i]) continue;
        if (!std::isfinite(distance[i])) {
            none_found = true, worst = i;
            continue;
        }
        const double missing = distance[i] - scope.distance_margin(buildings.bounds(i));
        if (missing > shortfall) shortfall = missing, worst = i;
    }
    if (none_found)
        throw HaloTooSmall("partition " + scope.id + ": building " + std::to_string(feature_ids[worst]) +
                               " has no " + what + " within the halo read around the partition; raise batch.halo_m "
                               "and run the batch again",
                           2 * scope.distance_halo_m, true);
    if (shortfall <= 0) return;
    throw HaloTooSmall("partition " + scope.id + ": building " + std::to_string(feature_ids[worst]) + " has its " +
                           what + " " + std::to_string(static_cast<long long>(std::ceil(distance[worst]))) +
                           " m away, farther than the halo read around the partition reaches; raise "
                           "batch.halo_m above that distance and run the batch again",
                       scope.distance_halo_m + 1.1 * shortfall, true);
}

// The dwelling type looks at the buildings touching a building and at theirs: every building a
// counted one may touch, and what that one touches, must lie inside what was read. Near the edge
// the candidates are the buildings whose box comes within the touch distance (a superset).
void check_neighbours_within_window(const GeometryArray& buildings, const std::vector<std::uint8_t>& counted,
                                    double touch_m, const PartitionScope& scope,
                                    const std::vector<std::int64_t>& feature_ids) {
    double largest = 0;
    for (std::size_t i = 0; i < buildings.size(); ++i) {
        const Box b = buildings.bounds(i);
        largest = std::max(largest, std::max(b.max_x - b.min_x, b.max_y - b.min_y));
    }
    std::optional<SpatialIndex> index;
    for (std::size_t i = 0; i < counted.size(); ++i) {
        if (!counted[i]) continue;
        const Box b = buildings.bounds(i);
        const double margin = scope.margin(b);
        if (margin >= largest + 2 * touch_m) continue;  // even the largest neighbour lies inside
        bool inside = margin >= touch_m;
        if (inside) {
            if (!index) index.emplace(buildings);
            index->query({b.min_x - touch_m, b.min_y - touch_m, b.max_x + touch_m, b.max_y + touch_m},
                         [&](std::uint32_t j) { inside = inside && scope.margin(buildings.bounds(j)) >= touch_m; });
        }
        if (!inside)
            throw HaloTooSmall("partition " + scope.id + ": building " + std::to_string(feature_ids[i]) +
                               " has neighbours (for its dwelling type) near the edge of the halo read; raise "
                               "batch.halo_m and run the batch again");
    }
}

// The columns a stage appends to a layer, computed on a scratch table of the buurten read, kept
// for the buurten reported.
template <class Add>
std::vector<Column> appended_columns(const std::vector<std::size_t>& rows, Add add) {
    Table scratch;
    scratch.has_geometry = false;
    add(scratch);
    return scratch.select(rows).columns;
}

// The per-buurt figures of the buurten reported only: the state describes those alone.
void keep_reported(LocalState& s, const std::vector<std::size_t>& rows) {
    const std::size_t read = s.neighbourhoods.rows();
    s.neighbourhoods = s.neighbourhoods.select(rows);
    s.overlay = select_rows(std::move(s.overlay), rows);
    s.network = select_rows(std::move(s.network), rows);
    s.costing = select_rows(std::move(s.costing), rows);
    for (std::vector<double>* v : {&s.wko_share, &s.lt_share, &s.linked_works_year}) *v = pick(*v, rows);
    if (s.has_heat_network) s.dist_heat_network_m = pick(s.dist_heat_network_m, rows);
    // The DH pieces of the buurten reported, by their row here.
    std::vector<std::int64_t> at(read, -1);
    for (std::size_t k = 0; k < rows.size(); ++k) at[rows[k]] = static_cast<std::int64_t>(k);
    std::vector<DhPiece> dh;
    for (const DhPiece& p : s.dh)
        if (at[p.neighbourhood] >= 0) dh.push_back({static_cast<std::uint32_t>(at[p.neighbourhood]), p.kx, p.ky, p.gj});
    s.dh = std::move(dh);
}

// The buildings layer lists the buildings of the study area (of a partition: those it owns) by
// buurt, in their canonical order within each; each row keeps its heat-grid cell for finish.
void keep_owned_buildings(LocalState& s, const std::vector<std::uint8_t>& owned, const OverlayResult& overlay,
                          const GeometryArray& footprints, const std::vector<double>& demand_gj, double cell_size_m) {
    std::vector<std::size_t> rows;
    for (std::size_t i = 0; i < owned.size(); ++i)
        if (owned[i]) rows.push_back(i);
    std::stable_sort(rows.begin(), rows.end(), [&](std::size_t a, std::size_t b) {
        return overlay.home_neighbourhood[a] < overlay.home_neighbourhood[b];
    });
    s.buildings = s.buildings.select(rows);
    for (std::size_t i : rows) {
        const bool has = demand_gj[i] > 0;
        const auto [kx, ky] = absolute_cell(has ? centroid(footprints, i) : std::pair<double, double>{0, 0}, cell_size_m);
        s.building_kx.push_back(has ? kx : 0);
        s.building_ky.push_back(has ? ky : 0);
        s.building_has_cell.push_back(has ? 1 : 0);
    }
}

// Distance from each building to the existing heat network, as a footprint-weighted mean per
// buurt (a partition checks that each nearest line found lies inside what it read).
std::vector<double> heat_network_distance(const LocalRun& run, const VectorLayer& lines, const OverlayResult& overlay,
                                          const std::vector<std::uint8_t>& counted) {
    const VectorLayer& buildings = *run.inputs[Role::buildings];
    const std::vector<double> per_building = distance_to_nearest(buildings.geometry, lines.geometry, run.threads,
                                                                 run.progress, "distance to heat network");
    if (run.inputs.partition)
        check_within_window(buildings.geometry, counted, per_building, *run.inputs.partition, buildings.feature_ids,
                            "nearest heat network");
    return footprint_weighted_mean(overlay, per_building);
}

std::optional<RoadLengths> road_lengths_of(const LocalRun& run, const LocalStages& L) {
    const VectorLayer* roads = run.inputs.get(Role::roads);
    if (!roads) return std::nullopt;
    const DemandResult& demand = L.demand;
    std::vector<std::uint8_t> connected(demand.total_gj.size());
    for (std::size_t i = 0; i < connected.size(); ++i)
        connected[i] = demand.total_gj[i] > 0 && !demand.attributes.outbuilding[i];
    return road_lengths(roads->geometry,
                        {run.inputs[Role::buildings]->geometry, L.overlay.home_neighbourhood, connected,
                         run.inputs[Role::neighbourhoods]->size()},
                        run.config.costs, run.threads, run.progress);
}

// The road graph and the streets' heat (street_network.hpp): every building with heat demand in
// a buurt, with its equivalents and its peak for the pipes (Vesta's connection capacity).
StreetState street_state_of(const LocalRun& run, const LocalStages& L, const std::vector<double>& weq) {
    const VectorLayer* roads = run.inputs.get(Role::roads);
    if (!roads) {
        // The works link streets: without roads there are none (said, not silently dropped).
        if (const VectorLayer* works = run.inputs.get(Role::works); works && !works->empty())
            run.state.quality.count("works", "unused_without_roads", works->size());
        return {};
    }
    const VectorLayer& layer = *run.inputs[Role::buildings];
    const DemandResult& demand = L.demand;
    const CostKentallen& k = run.tables.costs;
    const double kw_per_space_gj = k("capacity_per_space_heat"), tap_water_kw = k("tap_water_kw_low_rise");
    std::vector<std::uint32_t> joins;  // the buildings that may join, in building order
    for (std::size_t i = 0; i < layer.size(); ++i)
        if (L.overlay.home_neighbourhood[i] >= 0 && demand.total_gj[i] > 0 && weq[i] > 0) joins.push_back(static_cast<std::uint32_t>(i));
    StreetBuildings b;
    const std::size_t m = joins.size();
    b.home.resize(m), b.id.resize(m), b.gj.resize(m), b.weq.resize(m), b.dwellings.resize(m), b.peak_kw.resize(m);
    b.x.resize(m), b.y.resize(m), b.box.resize(4 * m);
    // On the threads: the centroids took 2.9 s of the street stage at 10M buildings on one.
    parallel_for(m, run.threads, {}, "streets", [&](std::size_t j, geos::Context&) {
        const std::size_t i = joins[j];
        const auto c = centroid(layer.geometry, i);
        const Box box = layer.geometry.bounds(i);
        b.home[j] = L.overlay.home_neighbourhood[i];
        b.id[j] = layer.feature_ids[i];
        b.gj[j] = demand.total_gj[i];
        b.weq[j] = weq[i];
        b.dwellings[j] = demand.attributes.dwellings[i];
        b.peak_kw[j] = kw_per_space_gj * demand.demand.space_heat_gj[i] + tap_water_kw * weq[i];
        b.x[j] = c.first, b.y[j] = c.second;
        b.box[4 * j] = box.min_x, b.box[4 * j + 1] = box.min_y, b.box[4 * j + 2] = box.max_x, b.box[4 * j + 3] = box.max_y;
    }, 4096);
    const NumberColumn* works = nullptr;
    if (auto it = roads->numbers.find(run.config.road_fields.works_year); it != roads->numbers.end()) works = &it->second;
    static const std::vector<double> no_works;
    return street_state({roads->geometry, roads->feature_ids, works ? works->values : no_works, std::move(b),
                         run.inputs.get(Role::works)},
                        run.config, run.state.quality);
}

// Every distance and neighbour a partition measured must lie inside what it read (HaloTooSmall).
void check_halo(const Inputs& inputs, const OverlayResult& overlay, const PartitionScope& scope,
                const std::vector<std::uint8_t>& counted, const Config& config) {
    const VectorLayer& buildings = *inputs[Role::buildings];
    if (inputs.get(Role::water))
        check_within_window(buildings.geometry, counted, overlay.building_dist_water_m, scope, buildings.feature_ids,
                            "nearest water");
    check_neighbours_within_window(buildings.geometry, counted, config.building_rules.touch_distance_m, scope,
                                   buildings.feature_ids);
}

// The local part of aquathermie: the WKO and low-temperature shares per buurt and the demand
// points the global matching reads (buurt = row in the whole layer).
void aquathermie_stage(LocalRun& run, const LocalStages& L) {
    LocalState& s = run.state;
    const GeometryArray& buildings = run.inputs[Role::buildings]->geometry;
    const DemandResult& demand = L.demand;
    const std::optional<PartitionScope>& scope = run.inputs.partition;
    const AquathermieDemand aq = aquathermie_demand(run.inputs.get(Role::wko), buildings, demand.demand.label,
                                                    demand.total_gj, run.config, s.quality);
    s.wko_share = demand_share(L.overlay, buildings, demand.total_gj, aq.wko_suitable, s.network.heat_demand_gj);
    s.lt_share = demand_share(L.overlay, buildings, demand.total_gj, aq.label_ok, s.network.heat_demand_gj);
    s.summary.points = demand_points({buildings, L.overlay, aq.teo_gj, demand.total_gj},
                                     run.config.supply.reach_cluster_cell_m,
                                     scope ? scope->own : std::vector<std::uint8_t>{}, run.threads);
    if (scope)
        for (std::uint32_t& b : s.summary.points.neighbourhood) b = scope->global_index[b];
}

// What the global phase reads of the buurten reported (`rows` of those read).
void summarise(LocalState& s, const std::vector<std::size_t>& rows, const std::optional<PartitionScope>& scope,
               const std::vector<std::uint8_t>& owned) {
    LocalSummary& sum = s.summary;
    for (std::size_t r : rows) sum.buurt.push_back(scope ? scope->global_index[r] : static_cast<std::uint32_t>(r));
    sum.demand_gj = s.network.heat_demand_gj;
    sum.dwellings = s.network.dwellings;
    sum.dwelling_density_ha = s.network.dwelling_density_ha;
    sum.group = s.costing.group;
    sum.buildings = static_cast<std::size_t>(std::count(owned.begin(), owned.end(), 1));
}

}  // namespace

// Distances a partition measured only mean the same as in the whole when the nearest target
// found is no farther than the margin between the building and the edge of what was read.
double PartitionScope::margin_in(const Box& b, const std::vector<Box>& windows) {
    double best = -std::numeric_limits<double>::infinity();
    for (const Box& w : windows)
        best = std::max(best, std::min({b.min_x - w.min_x, b.min_y - w.min_y, w.max_x - b.max_x, w.max_y - b.max_y}));
    return best;
}

// What the costs read: the linked works, the road lengths and the streets (with --roads), each
// buurt's dwellings and demand, the tenure shares and the grid's headroom (with its layers).
void costing_stage(LocalRun& run, const LocalStages& L, StageTimer& timer) {
    const Config& config = run.config;
    LocalState& s = run.state;
    const VectorLayer& buurten = *run.inputs[Role::neighbourhoods];
    s.linked_works_year =
        linked_works_year(buurten, config.neighbourhood_fields, config.building_rules.reference_year);
    const std::optional<RoadLengths> roads = road_lengths_of(run, L);
    if (roads) timer.lap("roads");
    const VectorLayer* stations = run.inputs.get(Role::grid_stations);
    const VectorLayer* congestion = run.inputs.get(Role::grid_congestion);
    // Each building's dwelling equivalents, once, for the streets and the grid when either is read.
    const std::vector<double> weq = roads || stations || congestion
                                        ? building_equivalents(L.demand, L.overlay, config.costs)
                                        : std::vector<double>{};
    s.streets = street_state_of(run, L, weq);
    if (s.streets.present) timer.lap("streets");
    s.costing = cost_inputs({L.demand, L.overlay, s.network, roads ? &*roads : nullptr}, run.tables.insulation, config,
                            heat_pump_spf(run.tables.spf, config.supply.supply_temperature_c));
    s.costing.tenure = tenure_shares(buurten, config);
    if (!stations && !congestion) return;
    // The buildings this run counts for the grid: those whose home buurt it reports (a partition's
    // own; each building once over the partitions). The stations' load crosses partitions: here
    // who serves whom, the global phase the sharing; the congestion map is per buurt, here.
    const std::optional<PartitionScope>& scope = run.inputs.partition;
    const GridBuildings switching{run.inputs[Role::buildings]->geometry, L.overlay.home_neighbourhood, weq};
    const std::vector<std::uint8_t>* counted = scope ? &L.owned : nullptr;
    if (stations && !stations->empty()) {
        s.summary.stations = station_service(*stations, switching, counted, config, s.quality);
        if (scope)
            check_within_window(switching.footprints, L.owned, s.summary.stations.distance_m, *scope,
                                run.inputs[Role::buildings]->feature_ids, "nearest grid station");
        for (StationServed& p : s.summary.stations.served)
            if (scope) p.buurt = scope->global_index[static_cast<std::size_t>(p.buurt)];
        s.summary.stations.distance_m = {};
    }
    if (congestion && !congestion->empty())
        s.costing.grid = congestion_capacity({*congestion, buurten, !scope}, switching, counted, config, s.quality);
    timer.lap("grid capacity");
}

LocalState local_phase(Inputs& inputs, const Config& config, const Progress& progress) {
    check_analysis_crs(config);
    const unsigned threads = resolve_threads(config.threads);
    const ParameterTables& tables = parameter_tables_of(inputs, config);
    const std::optional<PartitionScope>& scope = inputs.partition;
    LocalState s;
    if (scope) s.partition = scope->id;
    LocalRun run{inputs, config, tables, threads, progress, s};
    LocalStages L;
    prepare_stage(run, L);
    // A partition measures distances for its own buurten's buildings only, and checks them before
    // the demand: a halo too small is found as early as it can be.
    overlay_stage(run, L, scope ? &scope->own : nullptr);
    VectorLayer& buildings = *inputs[Role::buildings];
    const VectorLayer& buurten = *inputs[Role::neighbourhoods];
    const OverlayResult& overlay = L.overlay;
    L.owned = owned_buildings(overlay, scope);
    const std::vector<std::uint8_t>& owned = L.owned;
    const std::vector<std::uint8_t> counted = scope ? counted_buildings(overlay, *scope) : owned;
    if (scope) check_halo(inputs, overlay, *scope, counted, config);
    demand_stage(run, L);
    StageTimer timer(s.timings);
    const DemandResult& demand = L.demand;

    // The grid statistics read only the buurten, the footprints and the grid inputs: summed on a
    // second thread beside the network figures and the aquathermie; their records come last.
    const bool buildings_layer = config.output.buildings_layer;
    const bool grids_per_building = config.output.grid_buildings && buildings_layer;
    Beside grids_summed(threads, [&] {
        return summarise_grids({inputs.rasters, inputs.vector_grids, inputs.grid_notes}, buurten.geometry,
                               grids_per_building ? &buildings.geometry : nullptr, config, s.grid_quality);
    });

    // The heat grid is the whole area's: here the demand per cell (the whole study area counts
    // every building with demand; a partition the buildings it owns, so each is counted once).
    const double cell_size = config.grid.cell_size_m;
    s.summary.cells = cell_demand(buildings.geometry, demand.total_gj, cell_size,
                                  scope ? owned : std::vector<std::uint8_t>{});
    s.network = heat_network_indicators(overlay, buildings.geometry, demand.attributes, demand.total_gj,
                                        water_buurten(buurten, config), config.network);
    s.dh = dh_pieces(overlay, buildings.geometry, demand.total_gj, cell_size);
    timer.lap("heat grid");
    if (const VectorLayer* lines = inputs.get(Role::heat_network)) {
        s.has_heat_network = true;
        s.dist_heat_network_m = heat_network_distance(run, *lines, overlay, counted);
        timer.lap("distance to heat network");
    }
    aquathermie_stage(run, L);
    timer.lap("aquathermie");

    costing_stage(run, L, timer);
    s.neighbourhoods = neighbourhood_base(buurten, config);
    s.overlay = overlay.per_buurt();  // finish reads the per-buurt fields only

    // The buurten reported: a partition's own, or all.
    std::vector<std::size_t> rows;
    for (std::size_t b = 0; b < buurten.size(); ++b)
        if (!scope || scope->own[b]) rows.push_back(b);
    if (L.comparison)
        s.measured_columns = appended_columns(rows, [&](Table& t) {
            add_measured_columns(t, L.measured, *L.comparison, config);
        });
    if (buildings_layer) s.buildings = building_table(buildings, demand, overlay, buurten, config);
    const std::vector<GridSummary> grids = grids_summed.get();
    for (const GridSummary& g : grids) {
        s.input_sources.push_back("grid " + g.name + ": " + g.source);
        s.grid_names.push_back(g.name);
    }
    s.grid_columns = appended_columns(rows, [&](Table& t) {
        add_grid_columns(t, grids_per_building ? &s.buildings : nullptr, grids);
    });
    if (buildings_layer) keep_owned_buildings(s, owned, overlay, buildings.geometry, demand.total_gj, cell_size);
    timer.lap("grids");

    keep_reported(s, rows);
    summarise(s, rows, scope, owned);
    return s;
}

}  // namespace warmte
