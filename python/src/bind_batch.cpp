// warmte batch's steps for Python (python/warmte/batching.py orchestrates them, in one process or as
// Dask tasks). What passes between the steps are the states the library saves (phases.hpp), by
// path: Python never handles their fields.
#include "bindings.hpp"

#include "warmte/batch.hpp"
#include "warmte/error.hpp"
#include "warmte/input_roles.hpp"
#include "warmte/io.hpp"
#include "warmte/output_schema.hpp"

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
    std::vector<double> boxes;
    for (const Box& b : plan.buurt_boxes) boxes.insert(boxes.end(), {b.min_x, b.min_y, b.max_x, b.max_y});
    out["buurt_boxes"] = to_array(boxes);
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
    const std::vector<double> boxes = from_array<double>(d["buurt_boxes"]);
    if (boxes.size() != 4 * plan.buurt_fids.size())
        throw ConfigError("batch: the plan's buurt boxes do not match its buurten; run the batch again with --force");
    for (std::size_t k = 0; k + 3 < boxes.size(); k += 4)
        plan.buurt_boxes.push_back({boxes[k], boxes[k + 1], boxes[k + 2], boxes[k + 3]});
    return plan;
}

// The partitions table of the merged result: one row per partition, described by the output
// schema (libwarmte/data/output_fields.csv).
Table partitions_table(const py::dict& d, const Config& config) {
    Table t;
    t.name = "partitions";
    t.has_geometry = false;
    t.columns.push_back(text_column("partition", d["partition"].cast<std::vector<std::string>>()));
    auto number = [&](const char* name, ColumnType type) {
        t.columns.push_back(Column{name, type, {}, d[name].cast<std::vector<double>>(), {}, {}});
    };
    number("buurten", ColumnType::integer);
    number("buildings", ColumnType::integer);
    number("seconds", ColumnType::real);
    t.columns.push_back(text_column("status", d["status"].cast<std::vector<std::string>>()));
    conform(t, config, {});
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
    m.def("batch_local", [](const std::string& project, const py::dict& partition, const py::dict& plan,
                            const std::string& state, int threads) {
        const Config c = project_config(project, threads);
        const batch::Plan p = plan_from_python(plan);
        const batch::Partition part = partition_from_python(partition);
        batch::LocalStepInfo info;
        {
            py::gil_scoped_release unlocked;
            info = batch::local_step(c, part, p, state);
        }
        py::dict out;
        out["buildings"] = info.buildings;
        out["timings"] = info.timings;
        return out;
    });
    m.def("batch_global", [](const std::string& project, const std::vector<std::string>& states,
                             const std::string& state, const std::string& gpkg, int threads) {
        const Config c = project_config(project, threads);
        py::gil_scoped_release unlocked;
        batch::global_step(c, states, state, gpkg);
    });
    m.def("batch_part", [](const std::string& project, const std::string& local_state, const std::string& global_state,
                           const std::string& gpkg, int threads) {
        const Config c = project_config(project, threads);
        batch::PartStats s;
        {
            py::gil_scoped_release unlocked;
            s = batch::finish_step(c, local_state, global_state, gpkg);
        }
        py::dict out;
        out["buurten"] = s.buurten;
        out["buildings"] = s.buildings;
        return out;
    });
    m.def("batch_merge", [](const std::string& project, const py::dict& plan, const std::vector<std::string>& parts,
                            const std::string& global_gpkg, const std::string& global_state, const py::dict& partitions,
                            const std::string& out) {
        const Config c = project_config(project, 0);
        const batch::Plan p = plan_from_python(plan);
        const Table t = partitions_table(partitions, c);
        py::gil_scoped_release unlocked;
        batch::merge_parts(c, p, {parts, global_gpkg, global_state}, t, out);
    });
}

}  // namespace warmte::python
