// warmte batch's steps for Python (python/warmte/batching.py orchestrates them, in one process or as
// Dask tasks). What passes between the steps are plain arrays (saved by Python as .npz beside the
// parts), never geometry handles: the demand points travel as WKB.
#include "bindings.hpp"

#include "warmte/batch.hpp"
#include "warmte/error.hpp"
#include "warmte/input_roles.hpp"
#include "warmte/io.hpp"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <filesystem>

namespace py = pybind11;

namespace warmte::python {

namespace {

template <class T>
py::array_t<T> to_array(const std::vector<T>& v) {
    py::array_t<T> a(static_cast<py::ssize_t>(v.size()));
    std::copy(v.begin(), v.end(), a.mutable_data());
    return a;
}

template <class T>
std::vector<T> from_array(const py::handle& h) {
    auto a = py::array_t<T, py::array::c_style | py::array::forcecast>::ensure(h);
    if (!a) throw ConfigError("batch: an array was expected");
    return std::vector<T>(a.data(), a.data() + a.size());
}

Config project_config(const std::string& project, int threads) {
    Config c = io::load_config_file(project);
    if (threads > 0) c.threads = threads;
    return c;
}

py::dict plan_to_python(const batch::Plan& plan) {
    py::list parts;
    for (const batch::Partition& p : plan.partitions) {
        py::dict d;
        d["id"] = p.id;
        d["own"] = to_array(p.own);
        d["extent"] = py::make_tuple(p.extent.min_x, p.extent.min_y, p.extent.max_x, p.extent.max_y);
        parts.append(d);
    }
    py::dict out;
    out["partitions"] = parts;
    out["buurt_fids"] = to_array(plan.buurt_fids);
    return out;
}

batch::Partition partition_from_python(const py::dict& d) {
    batch::Partition p;
    p.id = d["id"].cast<std::string>();
    p.own = from_array<std::uint32_t>(d["own"]);
    auto e = d["extent"].cast<std::vector<double>>();
    p.extent = {e.at(0), e.at(1), e.at(2), e.at(3)};
    return p;
}

batch::Plan plan_from_python(const py::dict& d) {
    batch::Plan plan;
    for (const py::handle& p : d["partitions"]) plan.partitions.push_back(partition_from_python(p.cast<py::dict>()));
    plan.buurt_fids = from_array<std::int64_t>(d["buurt_fids"]);
    return plan;
}

py::dict tables_to_python(const PartitionTables& t) {
    py::dict d;
    std::vector<std::int64_t> kx, ky;
    std::vector<double> gj;
    for (const CellDemand& c : t.cells) kx.push_back(c.kx), ky.push_back(c.ky), gj.push_back(c.gj);
    d["cells_kx"] = to_array(kx);
    d["cells_ky"] = to_array(ky);
    d["cells_gj"] = to_array(gj);
    std::vector<std::uint8_t> wkb;
    std::vector<std::int64_t> offsets{0};
    for (std::size_t i = 0; i < t.points.shapes.size(); ++i) {
        const std::vector<std::uint8_t> one = encode_wkb(t.points.shapes, i);
        wkb.insert(wkb.end(), one.begin(), one.end());
        offsets.push_back(static_cast<std::int64_t>(wkb.size()));
    }
    d["points_wkb"] = to_array(wkb);
    d["points_offsets"] = to_array(offsets);
    d["points_buurt"] = to_array(t.points.neighbourhood);
    d["points_teo_gj"] = to_array(t.points.teo_gj);
    d["points_other_gj"] = to_array(t.points.other_gj);
    d["buurt"] = to_array(t.buurt);
    d["demand_gj"] = to_array(t.demand_gj);
    d["dwellings"] = to_array(t.dwellings);
    d["dwelling_density_ha"] = to_array(t.dwelling_density_ha);
    d["buildings"] = py::int_(t.buildings);
    return d;
}

PartitionTables tables_from_python(const py::handle& h) {
    auto d = h.cast<py::dict>();
    PartitionTables t;
    const auto kx = from_array<std::int64_t>(d["cells_kx"]), ky = from_array<std::int64_t>(d["cells_ky"]);
    const auto gj = from_array<double>(d["cells_gj"]);
    for (std::size_t i = 0; i < kx.size(); ++i) t.cells.push_back({kx[i], ky[i], gj[i]});
    const auto wkb = from_array<std::uint8_t>(d["points_wkb"]);
    const auto offsets = from_array<std::int64_t>(d["points_offsets"]);
    for (std::size_t i = 0; i + 1 < offsets.size(); ++i) {
        std::span<const std::uint8_t> one(wkb.data() + offsets[i], static_cast<std::size_t>(offsets[i + 1] - offsets[i]));
        const std::uint32_t type = one.size() >= 5 ? (one[1] | one[2] << 8) : 0;
        const GeometryKind kind = type % 1000 == 1 || type % 1000 == 4 ? GeometryKind::point : GeometryKind::polygon;
        decode_wkb(one, t.points.shapes, "batch demand points", kind);
    }
    t.points.neighbourhood = from_array<std::uint32_t>(d["points_buurt"]);
    t.points.teo_gj = from_array<double>(d["points_teo_gj"]);
    t.points.other_gj = from_array<double>(d["points_other_gj"]);
    t.buurt = from_array<std::uint32_t>(d["buurt"]);
    t.demand_gj = from_array<double>(d["demand_gj"]);
    t.dwellings = from_array<double>(d["dwellings"]);
    t.dwelling_density_ha = from_array<double>(d["dwelling_density_ha"]);
    t.buildings = d["buildings"].cast<std::size_t>();
    return t;
}

py::dict global_to_python(const GlobalPhase& g) {
    py::dict d;
    d["grid_west"] = g.grid.west;
    d["grid_north"] = g.grid.north;
    d["grid_cell_size_m"] = g.grid.cell_size_m;
    d["grid_columns"] = g.grid.columns;
    d["grid_rows"] = g.grid.rows;
    d["grid_density_gj_ha"] = to_array(g.grid.density_gj_ha);
    d["grid_in_dh_area"] = to_array(g.grid.in_dh_area);
    const MatchingResult& m = g.matching;
    d["teo_gj"] = to_array(m.teo_gj);
    d["tea_gj"] = to_array(m.tea_gj);
    d["ted_gj"] = to_array(m.ted_gj);
    d["coverage"] = to_array(m.coverage);
    d["distance_m"] = to_array(m.distance_m);
    d["note"] = py::cast(m.note);
    d["source_allocated_gj"] = to_array(m.source_allocated_gj);
    std::vector<std::uint32_t> source, buurt;
    std::vector<double> gj, distance;
    for (const Allocation& a : m.allocations)
        source.push_back(a.source), buurt.push_back(a.neighbourhood), gj.push_back(a.gj), distance.push_back(a.distance_m);
    d["alloc_source"] = to_array(source);
    d["alloc_buurt"] = to_array(buurt);
    d["alloc_gj"] = to_array(gj);
    d["alloc_distance_m"] = to_array(distance);
    std::vector<std::uint8_t> types;
    for (SourceType t : g.source_type) types.push_back(static_cast<std::uint8_t>(t));
    d["source_type"] = to_array(types);
    return d;
}

std::shared_ptr<const GlobalPhase> global_from_python(const py::dict& d) {
    auto g = std::make_shared<GlobalPhase>();
    g->grid.west = d["grid_west"].cast<double>();
    g->grid.north = d["grid_north"].cast<double>();
    g->grid.cell_size_m = d["grid_cell_size_m"].cast<double>();
    g->grid.columns = d["grid_columns"].cast<int>();
    g->grid.rows = d["grid_rows"].cast<int>();
    g->grid.density_gj_ha = from_array<double>(d["grid_density_gj_ha"]);
    g->grid.in_dh_area = from_array<std::uint8_t>(d["grid_in_dh_area"]);
    MatchingResult& m = g->matching;
    m.teo_gj = from_array<double>(d["teo_gj"]);
    m.tea_gj = from_array<double>(d["tea_gj"]);
    m.ted_gj = from_array<double>(d["ted_gj"]);
    m.coverage = from_array<double>(d["coverage"]);
    m.distance_m = from_array<double>(d["distance_m"]);
    for (const py::handle& s : d["note"]) m.note.push_back(py::str(s));
    m.source_allocated_gj = from_array<double>(d["source_allocated_gj"]);
    const auto source = from_array<std::uint32_t>(d["alloc_source"]), buurt = from_array<std::uint32_t>(d["alloc_buurt"]);
    const auto gj = from_array<double>(d["alloc_gj"]), distance = from_array<double>(d["alloc_distance_m"]);
    for (std::size_t i = 0; i < source.size(); ++i) m.allocations.push_back({source[i], buurt[i], gj[i], distance[i]});
    for (std::uint8_t t : from_array<std::uint8_t>(d["source_type"])) g->source_type.push_back(static_cast<SourceType>(t));
    return g;
}

// The partitions table of the merged result: one row per partition.
Table partitions_table(const py::dict& d) {
    Table t;
    t.name = "partitions";
    t.has_geometry = false;
    t.columns.push_back(text_column("partition", d["partition"].cast<std::vector<std::string>>(),
                                    "partition id: municipality code or tile"));
    auto number = [&](const char* name, ColumnType type, const char* description) {
        t.columns.push_back(Column{name, type, {}, d[name].cast<std::vector<double>>(), {}, description});
    };
    number("buurten", ColumnType::integer, "buurten the partition reports");
    number("buildings", ColumnType::integer, "buildings it owns (their buurt is one of its own)");
    number("seconds", ColumnType::real, "wall time of its two steps, s");
    t.columns.push_back(text_column("status", d["status"].cast<std::vector<std::string>>(),
                                    "done, resumed (an earlier run's part was kept) or failed"));
    return t;
}

}  // namespace

void bind_batch(py::module_& m) {
    m.def("batch_plan", [](const std::string& project, const std::string& partitioning) {
        const batch::Plan plan = batch::plan(project_config(project, 0), partitioning);
        return plan_to_python(plan);
    });
    m.def("batch_fingerprint", [](const std::string& project) {
        // What a part depends on besides its partition: the configuration and every input file's
        // size and time of change (a changed input redoes the batch).
        const Config c = io::load_config_file(project);
        std::string text = std::string(version()) + "\n" + to_toml(c);
        std::vector<std::string> specs;
        for (const InputRole& role : input_roles()) specs.push_back(c.inputs[role.role]);
        for (const GridSource& g : c.inputs.grids) specs.push_back(g.source);
        for (const std::string& spec : specs) {
            auto ds = io::find_dataset(spec);
            std::error_code e;
            if (!ds || !ds->file) continue;
            const auto size = std::filesystem::file_size(ds->path, e);
            const auto time = std::filesystem::last_write_time(ds->path, e).time_since_epoch().count();
            text += spec + " " + std::to_string(size) + " " + std::to_string(time) + "\n";
        }
        return text;
    });
    // The long steps release the GIL, so a Dask worker's other threads keep talking to the scheduler.
    m.def("batch_tables", [](const std::string& project, const py::dict& partition, const py::dict& plan, int threads) {
        const Config c = project_config(project, threads);
        const batch::Plan p = plan_from_python(plan);
        const batch::Partition part = partition_from_python(partition);
        PartitionTables t;
        {
            py::gil_scoped_release unlocked;
            t = batch::partition_tables(c, part, p);
        }
        return tables_to_python(t);
    });
    m.def("batch_global", [](const std::string& project, const py::list& tables, const std::string& gpkg, int threads) {
        const Config c = project_config(project, threads);
        std::vector<PartitionTables> parts;
        for (const py::handle& t : tables) parts.push_back(tables_from_python(t));
        GlobalPhase g;
        {
            py::gil_scoped_release unlocked;
            g = batch::global_phase(c, parts, gpkg);
        }
        return global_to_python(g);
    });
    m.def("batch_part", [](const std::string& project, const py::dict& partition, const py::dict& plan,
                           const py::dict& global, const std::string& gpkg, int threads) {
        const Config c = project_config(project, threads);
        const batch::Plan p = plan_from_python(plan);
        const batch::Partition part = partition_from_python(partition);
        auto g = global_from_python(global);
        batch::PartStats s;
        {
            py::gil_scoped_release unlocked;
            s = batch::run_partition(c, part, p, g, gpkg);
        }
        py::dict out;
        out["buurten"] = s.buurten;
        out["buildings"] = s.buildings;
        return out;
    });
    m.def("batch_merge", [](const std::string& project, const py::dict& plan, const std::vector<std::string>& parts,
                            const std::string& global_gpkg, const py::dict& global, const py::dict& partitions,
                            const std::string& out) {
        const Config c = project_config(project, 0);
        const batch::Plan p = plan_from_python(plan);
        auto g = global_from_python(global);
        const Table t = partitions_table(partitions);
        py::gil_scoped_release unlocked;
        batch::merge_parts(c, p, parts, global_gpkg, *g, t, out);
    });
}

}  // namespace warmte::python
