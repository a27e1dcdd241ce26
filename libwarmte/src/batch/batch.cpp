#include "warmte/batch.hpp"

#include "warmte/error.hpp"
#include "warmte/explain.hpp"
#include "warmte/grid_capacity.hpp"
#include "warmte/input_roles.hpp"
#include "warmte/output_schema.hpp"
#include "warmte/phases.hpp"
#include "warmte/prepare.hpp"
#include "warmte/redact.hpp"
#include "warmte/tables.hpp"
#include "parallel.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <unordered_map>

namespace warmte::batch {

namespace {

Box grown(const Box& b, double m) { return {b.min_x - m, b.min_y - m, b.max_x + m, b.max_y + m}; }

// "20km", "5000m", "2500" (metres) -> metres.
double tile_size_m(const std::string& text, const std::string& option) {
    std::size_t used = 0;
    double v = 0;
    try {
        v = std::stod(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    const std::string unit = text.substr(used);
    const double scale = unit == "km" ? 1000.0 : unit == "m" || unit.empty() ? 1.0 : 0.0;
    if (used == 0 || scale == 0 || !(v > 0))
        throw ConfigError("--partition " + option + ": the tile size must be a length such as 20km or 5000m");
    return v * scale;
}

// The whole buurten layer in the analysis CRS (a few MB even for the country).
VectorLayer whole_buurten(const Config& config) {
    Inputs inputs;
    io::read_role(inputs, input_role(Role::neighbourhoods), config.inputs[Role::neighbourhoods], config);
    DataQuality quality;
    std::vector<std::string> sources;
    reproject_inputs(inputs, config, quality, sources);
    return std::move(*inputs[Role::neighbourhoods]);
}

std::unordered_map<std::int64_t, std::uint32_t> rows_by_fid(const Plan& plan) {
    std::unordered_map<std::int64_t, std::uint32_t> rows;
    for (std::uint32_t r = 0; r < plan.buurt_fids.size(); ++r) rows[plan.buurt_fids[r]] = r;
    return rows;
}

PartitionScope scope_of(const Partition& partition, const Plan& plan,
                        const std::unordered_map<std::int64_t, std::uint32_t>& rows, const VectorLayer& buurten,
                        const Halos& halo) {
    PartitionScope scope;
    scope.id = partition.id;
    for (std::uint32_t b : partition.own) {
        scope.windows.push_back(grown(plan.buurt_boxes.at(b), halo.near_m));
        scope.distance_windows.push_back(grown(plan.buurt_boxes.at(b), halo.distance_m));
    }
    scope.halo_m = halo.near_m;
    scope.distance_halo_m = halo.distance_m;
    const std::set<std::uint32_t> own(partition.own.begin(), partition.own.end());
    for (std::int64_t fid : buurten.feature_ids) {
        auto it = rows.find(fid);
        if (it == rows.end())
            throw InputError("partition " + partition.id + ": buurt feature " + std::to_string(fid) +
                             " is not in the plan; the buurten changed during the batch: run it again with --force");
        scope.global_index.push_back(it->second);
        scope.own.push_back(own.count(it->second) ? 1 : 0);
    }
    const auto owned = static_cast<std::size_t>(std::count(scope.own.begin(), scope.own.end(), 1));
    if (owned != partition.own.size())
        throw InputError("partition " + partition.id + ": " + std::to_string(partition.own.size() - owned) +
                         " of its buurten were not found in the window read; the buurten changed during the batch: "
                         "run it again with --force");
    return scope;
}

// The role warmte batch cannot split yet: a street, a cluster and its route are shared by the
// buurten of the buildings joining them, which the halo check does not cover. Refused before
// anything is read. Residual heat and geothermal are the global step's; the grid stations' load
// is summed there too.
void check_batch_roles(const Config& config) {
    for (Role r : {Role::roads})
        if (!config.inputs[r].empty())
            throw ConfigError(std::string("warmte batch does not split the ") + input_role(r).label +
                              " input yet; run warmte analyse on the whole study area, or leave inputs." +
                              input_role(r).name + " out of the project for the batch");
}

// A partition's configuration: no plants, mains, residual heat or geothermal (the global step
// reads those whole), no outputs beside its GeoPackage.
Config partition_config(const Config& config) {
    Config c = config;
    for (const InputRole& role : input_roles())
        if (role.batch == BatchRead::whole) c.inputs[role.role].clear();
    c.output.heat_grid.clear();
    c.output.map = false;
    return c;
}

}  // namespace

Plan plan(const Config& config, const std::string& partitioning) {
    check_batch_roles(config);
    const VectorLayer buurten = whole_buurten(config);
    Plan p;
    p.buurt_fids = buurten.feature_ids;
    for (std::size_t b = 0; b < buurten.size(); ++b) p.buurt_boxes.push_back(buurten.geometry.bounds(b));
    std::vector<std::string> key(buurten.size());
    if (partitioning == "municipality") {
        const std::string& field = config.neighbourhood_fields.municipality;
        const TextColumn* codes = buurten.text_column(field);
        if (!codes)
            throw ConfigError(buurten.source + ": has no field '" + field +
                              "' to split by municipality; set fields.neighbourhoods.municipality to the field that "
                              "holds the municipality code, or split by squares with --partition tiles:20km");
        for (std::size_t b = 0; b < buurten.size(); ++b) {
            if (!codes->present[b] || codes->values[b].empty())
                throw ConfigError(buurten.source + ", feature " + std::to_string(buurten.feature_ids[b]) +
                                  ": has no municipality code in '" + field +
                                  "'; fill it in, or split by squares with --partition tiles:20km");
            key[b] = codes->values[b];
        }
    } else if (partitioning.rfind("tiles:", 0) == 0) {
        const double size = tile_size_m(partitioning.substr(6), partitioning);
        for (std::size_t b = 0; b < buurten.size(); ++b) {
            const Box box = buurten.geometry.bounds(b);
            const auto kx = static_cast<long long>(std::floor((box.min_x + box.max_x) / 2 / size));
            const auto ky = static_cast<long long>(std::floor((box.min_y + box.max_y) / 2 / size));
            key[b] = "tile_" + std::to_string(kx) + "_" + std::to_string(ky);
        }
    } else {
        throw ConfigError("--partition takes municipality or tiles:SIZE (e.g. tiles:20km), not '" + partitioning + "'");
    }
    std::map<std::string, Partition> by_key;
    for (std::size_t b = 0; b < buurten.size(); ++b) {
        Partition& part = by_key[key[b]];
        const Box box = buurten.geometry.bounds(b);
        if (part.own.empty()) {
            part.id = key[b];
            part.extent = box;
        } else {
            part.extent = part.extent.joined(box);
        }
        part.own.push_back(static_cast<std::uint32_t>(b));
    }
    for (auto& [k, part] : by_key) p.partitions.push_back(std::move(part));
    return p;
}

Inputs read_partition(const Config& config, const Partition& partition, const Plan& plan, const Halos& halo) {
    const Config c = partition_config(config);
    const io::ReadWindow window{grown(partition.extent, halo.near_m), c.analysis_crs, c.assume_crs};
    const io::ReadWindow wide{grown(partition.extent, halo.distance_m), c.analysis_crs, c.assume_crs};
    io::RoleWindows windows;
    for (const InputRole& role : input_roles()) windows.role.push_back(role.batch == BatchRead::distance ? wide : window);
    windows.grids = window;
    Inputs inputs = io::read_inputs(c, windows);
    inputs.windowed = true;
    // A spatial filter lists features in its index's order: the buurten go back into the layer's,
    // which the output keeps and the home-buurt tie rule (the buurt listed first) reads.
    VectorLayer& buurten = *inputs[Role::neighbourhoods];
    const auto rows = rows_by_fid(plan);
    std::vector<std::uint32_t> order(buurten.size());
    for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    auto row_of = [&](std::uint32_t i) {
        auto it = rows.find(buurten.feature_ids[i]);
        return it == rows.end() ? std::numeric_limits<std::uint32_t>::max() : it->second;
    };
    std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return row_of(a) < row_of(b); });
    if (!std::is_sorted(order.begin(), order.end())) buurten = std::move(buurten).reordered(order);
    inputs.partition = scope_of(partition, plan, rows, buurten, halo);
    if (!c.inputs[Role::water].empty() && inputs[Role::water] && inputs[Role::water]->empty() &&
        (!inputs.water_lines || inputs.water_lines->empty()) && !inputs[Role::buildings]->empty())
        throw HaloTooSmall("partition " + partition.id + ": no water within " +
                           std::to_string(static_cast<long long>(halo.distance_m)) + " m of its buurten; raise batch.halo_m",
                           std::min(2 * halo.distance_m, config.batch.halo_m), true);
    return inputs;
}

namespace {

// Runs `step` on the partition read with batch.start_halo_m, and again with a wider halo while it
// finds the halo too small, up to batch.halo_m. `timings` (when not null) receives the seconds of
// reading and of the attempts that found the halo too small.
template <class Step>
auto with_growing_halo(const Config& config, const Partition& partition, const Plan& plan, Step step,
                       StageTimings* timings = nullptr) {
    Halos halo{std::min(config.batch.start_halo_m, config.batch.halo_m),
               std::min(std::max(config.batch.start_distance_halo_m, config.batch.start_halo_m), config.batch.halo_m)};
    double read_s = 0, retried_s = 0;
    for (;;) {
        const auto start = std::chrono::steady_clock::now();
        auto read = start;
        try {
            Inputs inputs = read_partition(config, partition, plan, halo);
            read = std::chrono::steady_clock::now();
            read_s += std::chrono::duration<double>(read - start).count();
            auto out = step(std::move(inputs));
            if (timings) {
                timings->emplace_back("read", read_s);
                timings->emplace_back("halo too small", retried_s);
            }
            return out;
        } catch (const HaloTooSmall& e) {
            retried_s += std::chrono::duration<double>(std::chrono::steady_clock::now() - read).count();
            // Twice the halo found too small, or at once what the measurement said it needs (a
            // partition whose nearest water lies 3 km out reads once more, not twice).
            double& grow = e.distance ? halo.distance_m : halo.near_m;
            if (grow >= config.batch.halo_m) throw;
            grow = std::min(std::max({2 * grow, 1.0, e.needed_m}), config.batch.halo_m);
            halo.distance_m = std::max(halo.distance_m, halo.near_m);
        }
    }
}

}  // namespace

namespace {

// The features without geometry of the layers the partitions read in windows: no window holds
// them, so here, once, they are recorded as a whole run records them.
DataQuality features_no_window_holds(const Config& config) {
    DataQuality quality;
    for (const InputRole& role : input_roles()) {
        const Role r = role.role;
        if (!role.repaired || r == Role::neighbourhoods || config.inputs[r].empty() || role.batch == BatchRead::whole)
            continue;
        const std::string& layer = config.inputs.layer_names[static_cast<std::size_t>(r)];
        for (std::int64_t fid : io::features_without_geometry(config.inputs[r], role.label, layer))
            quality.record({role.name, fid, "dropped_empty_geometry", "no geometry or an empty one"});
    }
    return quality;
}

}  // namespace

LocalStepInfo local_step(const Config& config, const Partition& partition, const Plan& plan,
                         const std::string& state_path, const Progress& progress) {
    check_batch_roles(config);
    const Config c = partition_config(config);
    LocalStepInfo info;
    const LocalState state = with_growing_halo(
        config, partition, plan, [&](Inputs inputs) { return local_phase(inputs, c, progress); }, &info.timings);
    info.timings.insert(info.timings.end(), state.timings.begin(), state.timings.end());
    StageTimer timer(info.timings);
    save_state(state, state_path);
    timer.lap("save state");
    info.buildings = state.summary.buildings;
    return info;
}

void global_step(const Config& config, const std::vector<std::string>& local_states, const std::string& state_path,
                 const std::string& gpkg, const Progress& progress) {
    Inputs inputs;
    // The congestion map too: a partition cannot tell a postcode point in none of its buurten from
    // one in no buurt at all, so the points in none are recorded here.
    for (Role r : {Role::neighbourhoods, Role::water, Role::plants, Role::mains, Role::residual_heat, Role::geothermal,
                   Role::grid_congestion})
        if (!config.inputs[r].empty()) io::read_role(inputs, input_role(r), config.inputs[r], config);
    inputs.tables = io::read_parameter_tables(config);
    DataQuality quality;  // of preparing the layers: the partitions record the same features
    DataQuality unplaced = features_no_window_holds(config);

    std::vector<std::string> sources;
    const unsigned threads = resolve_threads(config.threads);
    reproject_inputs(inputs, config, quality, sources);
    repair_inputs(inputs, config, quality, threads, progress);
    put_in_canonical_order(inputs, threads);
    if (const VectorLayer* congestion = inputs.get(Role::grid_congestion))
        record_unplaced_congestion_points(*congestion, *inputs[Role::neighbourhoods], unplaced);

    std::vector<LocalSummary> summaries;
    summaries.reserve(local_states.size());
    for (const std::string& path : local_states) summaries.push_back(load_summary(path));
    std::vector<const LocalSummary*> all;
    for (const LocalSummary& s : summaries) all.push_back(&s);
    const GlobalInputs whole{inputs.get(Role::neighbourhoods), inputs.get(Role::water),
                             inputs.get(Role::plants),         inputs.get(Role::mains),
                             inputs.get(Role::residual_heat),  inputs.get(Role::geothermal)};
    SupplyLayersOut layers;
    GlobalState g = global_phase(whole, all, config, *inputs.tables, &layers, progress);
    unplaced.merge(g.quality);
    g.quality = std::move(unplaced);

    Table points = layers.sources.columns.empty() ? Table{} : as_points(layers.sources);
    Table quality_rows = quality_table(g.quality);
    quality_rows.name = "global_data_quality";
    std::vector<const Table*> tables = {&quality_rows};
    if (!points.columns.empty()) tables.push_back(&points);
    if (!layers.allocation.columns.empty()) tables.push_back(&layers.allocation);
    io::write_geopackage(gpkg, tables, config.analysis_crs, {});
    save_state(g, state_path);
}

PartStats finish_step(const Config& config, const std::string& local_state, const std::string& global_state,
                      const std::string& gpkg) {
    Config c = partition_config(config);
    c.output.path = gpkg;
    LocalState local = load_local_state(local_state);
    const GlobalState global = load_global_state(global_state);
    const ParameterTables tables = io::read_parameter_tables(config);
    AnalysisResult result = finish(std::move(local), global, c, tables);
    add_explanations(result.neighbourhoods);
    io::write_result(result, gpkg);
    return {result.neighbourhoods.rows(), result.buildings.rows()};
}

namespace {

// Rows of several parts' tables in the whole run's order: every row belongs to a buurt (its
// row in the whole layer), the rows of one buurt stay in their part's order.
Table in_buurt_order(const std::vector<Table>& tables, const std::vector<std::vector<std::uint32_t>>& row_buurt) {
    Table out;
    if (tables.empty()) return out;
    std::vector<std::tuple<std::uint32_t, std::size_t, std::size_t>> order;  // buurt, part, row
    for (std::size_t p = 0; p < tables.size(); ++p)
        for (std::size_t r = 0; r < row_buurt[p].size(); ++r) order.emplace_back(row_buurt[p][r], p, r);
    std::stable_sort(order.begin(), order.end(),
                     [](const auto& a, const auto& b) { return std::get<0>(a) < std::get<0>(b); });
    out.name = tables.front().name;
    out.has_geometry = tables.front().has_geometry;
    for (const Column& c : tables.front().columns) out.columns.push_back(Column{c.name, c.type, {}, {}, {}, c.description});
    for (const auto& [b, p, r] : order) {
        const Table& t = tables[p];
        if (t.has_geometry) out.geometry.append_from(t.geometry, r);
        if (t.columns.size() != out.columns.size())
            throw InputError("the parts of the batch have different fields in layer '" + t.name +
                             "'; they were written by different versions or configurations: run it again with --force");
        for (std::size_t k = 0; k < t.columns.size(); ++k) {
            const Column& from = t.columns[k];
            Column& to = out.columns[k];
            if (from.type == ColumnType::text) {
                to.text.push_back(from.text[r]);
                to.present.push_back(from.present[r]);
            } else {
                to.numbers.push_back(from.numbers[r]);
            }
        }
    }
    return out;
}

// The buurt (row in the whole layer) of each row of a part's table that lists buurten by id in
// the order of the part's neighbourhoods (costs, buildings): walked in step, so repeated ids stay right.
std::vector<std::uint32_t> rows_by_id(const Table& t, const std::string& id_field, const Column& part_ids,
                                      const std::vector<std::uint32_t>& part_rows) {
    std::vector<std::uint32_t> out;
    const Column* ids = t.find(id_field);
    if (!ids) throw InputError("layer '" + t.name + "' of a part has no field '" + id_field + "'");
    std::size_t at = 0;
    for (std::size_t r = 0; r < t.rows(); ++r) {
        const std::size_t start = at;
        while (at < part_ids.text.size() && part_ids.text[at] != ids->text[r]) ++at;
        if (at == part_ids.text.size()) {  // not in step (should not happen): find it from the start
            at = 0;
            while (at < start && part_ids.text[at] != ids->text[r]) ++at;
            if (at == start) throw InputError("layer '" + t.name + "' of a part lists buurt '" + ids->text[r] +
                                              "' that the part does not report");
        }
        out.push_back(part_rows[at]);
    }
    return out;
}

// The data-quality rows of all parts, back into one log and out through quality_table (the
// layer's one home): a feature recorded by several parts (it lay in their halos) once;
// counted-only issues ("N features") summed.
Table merged_quality(const std::vector<Table>& tables) {
    DataQuality quality;
    std::set<std::tuple<std::string, double, std::string, std::string>> seen;
    for (const Table& t : tables) {
        const Column *l = t.find("layer"), *f = t.find("feature_id"), *i = t.find("issue"), *d = t.find("detail");
        for (std::size_t r = 0; r < t.rows(); ++r) {
            if (std::isnan(f->numbers[r]))
                quality.count(l->text[r], i->text[r], static_cast<std::size_t>(std::atoll(d->text[r].c_str())));
            else if (seen.insert({l->text[r], f->numbers[r], i->text[r], d->text[r]}).second)
                quality.record({l->text[r], static_cast<std::int64_t>(f->numbers[r]), i->text[r], d->text[r]});
        }
    }
    return quality_table(quality);
}

}  // namespace

namespace {

// Each part's neighbourhoods, checked against the plan: the rows of its own buurten.
std::vector<Table> part_neighbourhoods(const Plan& plan, const std::vector<std::string>& parts) {
    std::vector<Table> out;
    for (std::size_t p = 0; p < parts.size(); ++p) {
        Table n = io::read_table(parts[p], "neighbourhoods");
        const std::size_t own = plan.partitions[p].own.size();
        if (n.rows() != own)
            throw InputError(parts[p] + ": holds " + std::to_string(n.rows()) + " buurten, the plan " +
                             std::to_string(own) + "; run the batch again with --force");
        out.push_back(std::move(n));
    }
    return out;
}

// A layer that lists buurten by id (buildings, costs), from every part that has it.
Table merged_by_buurt_id(const std::string& layer, const Config& config, const Plan& plan,
                         const std::vector<std::string>& parts, const std::vector<Table>& neighbourhoods) {
    const std::string& id = config.neighbourhood_fields.id;
    std::vector<Table> tables;
    std::vector<std::vector<std::uint32_t>> rows;
    for (std::size_t p = 0; p < parts.size(); ++p) {
        std::optional<Table> t = io::read_table_if_present(parts[p], layer);
        if (!t) continue;
        rows.push_back(rows_by_id(*t, id, *neighbourhoods[p].find(id), plan.partitions[p].own));
        tables.push_back(std::move(*t));
    }
    if (!tables.empty() && tables.size() != parts.size())
        throw InputError("layer '" + layer + "' is in some parts of the batch and not in others; they were written by "
                         "different configurations: run it again with --force");
    return in_buurt_order(tables, rows);
}

}  // namespace

void merge_parts(const Config& config, const Plan& plan, const StepFiles& files, const Table& partitions,
                 const std::string& out) {
    const std::vector<std::string>& parts = files.parts;
    const std::string& global_gpkg = files.global_gpkg;
    if (parts.size() != plan.partitions.size())
        throw InputError("the batch has " + std::to_string(plan.partitions.size()) + " partitions but " +
                         std::to_string(parts.size()) + " parts to merge");
    AnalysisResult r;
    r.config = config;
    r.config.output.path = out;
    for (const GridSource& g : config.inputs.grids) r.grid_names.push_back(g.name);
    const std::vector<Table> neighbourhoods = part_neighbourhoods(plan, parts);
    // Each layer of the schema by its merge rule: adding a layer is one row in output_layers.csv.
    for (const OutputLayer& l : output_layers()) {
        Table merged;
        switch (l.merge) {
        case LayerMerge::by_buurt: {
            std::vector<std::vector<std::uint32_t>> rows;
            std::vector<Table> tables;
            for (std::size_t p = 0; p < parts.size(); ++p) {
                rows.push_back(plan.partitions[p].own);
                tables.push_back(l.name == "neighbourhoods" ? neighbourhoods[p] : io::read_table(parts[p], l.name));
            }
            merged = in_buurt_order(tables, rows);
            break;
        }
        case LayerMerge::by_buurt_id:
            merged = merged_by_buurt_id(l.name, config, plan, parts, neighbourhoods);
            break;
        case LayerMerge::global:
            // Step 2 writes these layers only when there are sources; an unreadable file is an error.
            if (auto t = io::read_table_if_present(global_gpkg, l.name)) merged = std::move(*t);
            break;
        case LayerMerge::quality: {
            std::vector<Table> quality;
            for (const std::string& part : parts) quality.push_back(io::read_table(part, l.name));
            quality.push_back(io::read_table(global_gpkg, "global_" + l.name));
            merged = merged_quality(quality);
            break;
        }
        case LayerMerge::batch:
            continue;  // made by the batch, given to the writer beside the result
        }
        if (merged.columns.empty()) continue;
        merged.name = l.name;
        conform(merged, config, r.grid_names);
        if (Table* slot = r.mutable_layer(l.name)) *slot = std::move(merged);
    }
    r.heat_grid = load_global_state(files.global_state).grid;
    r.input_sources = io::configured_input_sources(config);
    io::write_result(r, out, {&partitions});
}

}  // namespace warmte::batch
