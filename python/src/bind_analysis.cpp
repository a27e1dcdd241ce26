// Analysis entry points. Bulk data crosses once: WKB and column arrays in, column arrays and
// WKB out. The GIL is released around reading and the analysis; progress takes it back briefly.
#include "bindings.hpp"
#include "warmte/explain.hpp"

#include "warmte/config.hpp"
#include "warmte/crs.hpp"
#include "warmte/grid_stats.hpp"
#include "warmte/criteria.hpp"
#include "warmte/heat_grid.hpp"
#include "warmte/output_schema.hpp"
#include "warmte/input_roles.hpp"
#include "warmte/error.hpp"
#include "warmte/io.hpp"
#include "warmte/steiner.hpp"
#include "warmte/pipeline.hpp"
#include "warmte/steiner.hpp"
#include "warmte/exit_status.hpp"
#include "warmte/redact.hpp"
#include "warmte/tables.hpp"
#include "warmte/styles.hpp"

#include <pybind11/functional.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <cmath>
#include <map>
#include <memory>
#include <optional>
#include <type_traits>
#include <variant>

namespace py = pybind11;

namespace warmte::python {

namespace {

// An input as Python gave it: a path to read later (without the GIL) or a layer built now.
using PendingLayer = std::variant<std::string, VectorLayer>;

// Geometry crosses as one WKB array both ways: a buffer of every feature's WKB one after the
// other, n + 1 offsets into it and (coming in) a validity per feature; decoded and encoded
// without the GIL (one Python bytes object per feature, decoded with the GIL held, was the
// cost of handing a country's buildings over).
std::vector<std::size_t> decode_wkb_array(const py::dict& d, VectorLayer& layer, GeometryKind kind) {
    auto offsets = py::cast<py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>>(d["wkb_offsets"]);
    auto valid = py::cast<py::array_t<std::uint8_t, py::array::c_style | py::array::forcecast>>(d["wkb_valid"]);
    auto fids = py::cast<py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>>(d["fid"]);
    const py::buffer_info data = py::cast<py::buffer>(d["wkb_data"]).request();
    const std::size_t n = static_cast<std::size_t>(valid.size());
    if (static_cast<std::size_t>(fids.size()) != n || static_cast<std::size_t>(offsets.size()) != n + 1)
        throw InputError(layer.source + ": feature ids, geometries and their offsets differ in length");
    const auto* bytes = static_cast<const std::uint8_t*>(data.ptr);
    const std::int64_t* at = offsets.data();
    const std::uint8_t* ok = valid.data();
    const std::int64_t* fid = fids.data();
    const auto size = static_cast<std::int64_t>(data.size * data.itemsize);
    std::vector<std::size_t> kept;
    py::gil_scoped_release unlocked;  // the arrays stay alive in `d`, held by the caller
    for (std::size_t i = 0; i < n; ++i) {
        WkbContent content = WkbContent::empty;
        if (ok[i]) {
            if (at[i] < 0 || at[i] > at[i + 1] || at[i + 1] > size)
                throw InputError(layer.source + ", row " + std::to_string(fid[i]) + ": its WKB lies outside the buffer");
            content = decode_wkb({bytes + at[i], static_cast<std::size_t>(at[i + 1] - at[i])}, layer.geometry,
                                 layer.source + ", row " + std::to_string(fid[i]), kind);
        }
        if (content == WkbContent::empty) layer.dropped_empty.push_back(fid[i]);
        else if (content == WkbContent::not_polygonal) layer.dropped_not_polygonal.push_back(fid[i]);
        else {
            kept.push_back(i);
            layer.feature_ids.push_back(fid[i]);
        }
    }
    return kept;
}

VectorLayer layer_from_dict(const py::dict& d, const std::string& role, const FieldRequest& request,
                            GeometryKind kind) {
    VectorLayer layer;
    layer.source = d.contains("source") ? py::cast<std::string>(d["source"]) : "GeoDataFrame '" + role + "'";
    layer.crs = d.contains("crs") && !d["crs"].is_none() ? py::cast<std::string>(d["crs"]) : "";
    py::dict columns = d.contains("columns") ? py::dict(d["columns"]) : py::dict();
    const std::vector<std::size_t> kept = decode_wkb_array(d, layer, kind);
    auto has = [&](const std::string& name) { return columns.contains(py::str(name)); };
    for (const std::string& name : request.required_text) {
        if (!has(name)) {
            auto hint = request.hints.find(name);
            throw InputError(layer.source + ": has no column '" + name + "'; " +
                             (hint != request.hints.end() ? "set " + hint->second + " in the configuration"
                                                          : "rename the column") +
                             " to the column that holds it");
        }
    }
    std::vector<std::string> text_names = request.required_text;
    text_names.insert(text_names.end(), request.optional_text.begin(), request.optional_text.end());
    for (const std::string& name : text_names) {
        if (!has(name) || layer.text.count(name)) continue;
        py::sequence values = columns[py::str(name)];
        TextColumn& column = layer.text[name];
        for (std::size_t i : kept) {
            py::handle v = values[i];
            bool missing = v.is_none() || (py::isinstance<py::float_>(v) && std::isnan(py::cast<double>(v)));
            column.present.push_back(!missing);
            if (missing) column.values.emplace_back();
            else if (py::isinstance<py::float_>(v) && std::floor(py::cast<double>(v)) == py::cast<double>(v))
                column.values.push_back(std::to_string(py::cast<long long>(v)));  // 1.0 read from a float column
            else column.values.push_back(py::str(v));
        }
    }
    for (const std::string& name : request.optional_numbers) {
        if (!has(name)) continue;
        auto values = py::cast<py::array_t<double, py::array::forcecast>>(columns[py::str(name)]);
        auto v = values.unchecked<1>();
        NumberColumn& column = layer.numbers[name];
        for (std::size_t i : kept) column.values.push_back(v(i));
    }
    return layer;
}

PendingLayer pending(const py::object& obj, const std::string& role, const FieldRequest& request,
                     GeometryKind kind = GeometryKind::polygon) {
    if (py::isinstance<py::str>(obj)) return py::cast<std::string>(obj);
    if (py::isinstance<py::dict>(obj)) return layer_from_dict(obj.cast<py::dict>(), role, request, kind);
    throw InputError(role + ": expected a path or a GeoDataFrame");
}

VectorLayer resolve(PendingLayer p, const std::string& role, const FieldRequest& request,
                    GeometryKind kind = GeometryKind::polygon) {
    if (auto* path = std::get_if<std::string>(&p)) return io::read_features(*path, role, request, {.kind = kind});
    return std::move(std::get<VectorLayer>(p));
}

// The layers Python passed, by role: GeoDataFrames are converted now (with the GIL), paths kept
// to be read later without it. A water GeoDataFrame's lines with a width are kept apart.
struct PendingRole {
    const InputRole* role;
    PendingLayer layer;
    std::optional<VectorLayer> lines;  // a water GeoDataFrame's lines with a width
};

// A path given for a role also goes into the configuration, so the provenance echo names it as
// the CLI's does.
std::vector<PendingRole> take_layers(const py::dict& layers, Config& config) {
    std::vector<PendingRole> out;
    for (auto [key, value] : layers) {
        std::string name = py::cast<std::string>(key);
        const InputRole* role = find_input_role(name);
        if (!role) throw InputError("'" + name + "' is not an input role; the roles are those of warmte._core.input_roles()");
        if (value.is_none()) continue;
        py::object obj = py::reinterpret_borrow<py::object>(value);
        // (SRC, LAYER): a dataset whose name holds colons itself (PG:..., OAPIF:...) and its layer.
        if (py::isinstance<py::tuple>(obj) && py::len(obj) == 2) {
            auto pair = obj.cast<py::tuple>();
            config.inputs.layer_names[static_cast<std::size_t>(role->role)] = py::cast<std::string>(pair[1]);
            obj = pair[0];
        }
        PendingRole p{role, pending(obj, role->label, role->fields(config), role->kind), std::nullopt};
        // Points or polygons (grid stations and their service areas, congestion areas): a frame of
        // polygons is taken as polygons, as io::read_role takes a file of them.
        if (auto* layer = std::get_if<VectorLayer>(&p.layer);
            layer && role->or_polygons && layer->empty() && !layer->dropped_not_polygonal.empty())
            p.layer = pending(obj, role->label, role->fields(config), GeometryKind::polygon);
        if (auto* path = std::get_if<std::string>(&p.layer)) config.inputs[role->role] = *path;
        if (role->lines_with_width && py::isinstance<py::dict>(obj)) {
            VectorLayer lines = layer_from_dict(obj.cast<py::dict>(), role->label, role->fields(config), GeometryKind::line);
            if (!lines.empty()) p.lines = std::move(lines);
        }
        out.push_back(std::move(p));
    }
    return out;
}

// Reads the pending paths; called without the GIL.
Inputs resolve_layers(std::vector<PendingRole> pending_layers, const Config& config) {
    Inputs inputs;
    for (PendingRole& p : pending_layers) {
        if (auto* path = std::get_if<std::string>(&p.layer)) {
            io::read_role(inputs, *p.role, *path, config);
        } else {
            inputs[p.role->role] = std::move(std::get<VectorLayer>(p.layer));
            if (p.lines) inputs.water_lines = std::move(p.lines);
        }
    }
    return inputs;
}

// A text column as pandas' string array, built by warmte._columns from one buffer of UTF-8 bytes
// and its offsets: no Python object per value (13,333 buurten x 24 text fields per rescore).
py::object text_values(const Column& c) {
    const std::size_t n = c.text.size();
    std::size_t total = 0;
    for (std::size_t r = 0; r < n; ++r)
        if (c.present[r]) total += c.text[r].size();
    // Written straight into the bytes object: the explanations are megabytes.
    py::bytes data = py::reinterpret_steal<py::bytes>(PyBytes_FromStringAndSize(nullptr, static_cast<py::ssize_t>(total)));
    if (!data) throw py::error_already_set();
    char* out = PyBytes_AS_STRING(data.ptr());
    py::array_t<std::int64_t> offsets(static_cast<py::ssize_t>(n + 1));
    py::array_t<bool> valid(static_cast<py::ssize_t>(n));
    auto offset = offsets.mutable_unchecked<1>();
    auto present = valid.mutable_unchecked<1>();
    std::size_t end = 0;
    offset(0) = 0;
    for (std::size_t r = 0; r < n; ++r) {
        present(r) = c.present[r] != 0;
        if (c.present[r]) end += c.text[r].copy(out + end, c.text[r].size());
        offset(r + 1) = static_cast<std::int64_t>(end);
    }
    return py::module_::import("warmte._columns").attr("text_array")(offsets, data, valid);
}

// A real column as a numpy array: copied from a table that stays, or its values moved into the
// array, which then owns them (a recost hands over some 200 fields it does not keep).
py::array_t<double> real_values(const Column& c) {
    return py::array_t<double>(static_cast<py::ssize_t>(c.numbers.size()), c.numbers.data());
}
py::array_t<double> real_values(Column&& c) {
    auto* held = new std::vector<double>(std::move(c.numbers));
    py::capsule owner(held, [](void* p) { delete static_cast<std::vector<double>*>(p); });
    return py::array_t<double>(static_cast<py::ssize_t>(held->size()), held->data(), owner);
}

// A table as columns (and WKB); a table given to it (Table&) gives up its real columns.
template <class SomeTable>
py::dict to_python(SomeTable& t) {
    constexpr bool take = !std::is_const_v<SomeTable>;
    py::dict columns;
    for (auto& c : t.columns) {
        if (c.type == ColumnType::text) {
            columns[py::str(c.name)] = text_values(c);
        } else if (c.type == ColumnType::integer &&
                   std::none_of(c.numbers.begin(), c.numbers.end(), [](double x) { return std::isnan(x); })) {
            py::array_t<std::int64_t> values(static_cast<py::ssize_t>(c.numbers.size()));
            auto out = values.mutable_unchecked<1>();
            for (std::size_t r = 0; r < c.numbers.size(); ++r) out(r) = std::llround(c.numbers[r]);
            columns[py::str(c.name)] = values;
        } else {
            if constexpr (take) columns[py::str(c.name)] = real_values(std::move(c));
            else columns[py::str(c.name)] = real_values(c);
        }
    }
    py::dict out;
    out["columns"] = columns;
    if (t.has_geometry) {  // one WKB array (decode_wkb_array's), encoded without the GIL
        std::vector<std::uint8_t> data;
        std::vector<std::int64_t> offsets{0};
        {
            py::gil_scoped_release unlocked;
            for (std::size_t r = 0; r < t.geometry.size(); ++r) {
                const std::vector<std::uint8_t> bytes = encode_wkb(t.geometry, r);
                data.insert(data.end(), bytes.begin(), bytes.end());
                offsets.push_back(static_cast<std::int64_t>(data.size()));
            }
        }
        out["wkb_data"] = py::array_t<std::uint8_t>(static_cast<py::ssize_t>(data.size()), data.data());
        out["wkb_offsets"] = py::array_t<std::int64_t>(static_cast<py::ssize_t>(offsets.size()), offsets.data());
    }
    return out;
}

py::dict table_to_python(const Table& t) { return to_python(t); }
py::dict table_to_python(Table&& t) { return to_python(t); }

Config config_from(const std::string& text, const std::string& origin) {
    return text.empty() ? Config{} : parse_config(text, origin);
}

// Rescored fields plus the explanations of the rescored layer (the sentences follow the fields).
Table explained(const AnalysisResult& r, Table fields) {
    for (Column& c : explanation_columns(r.neighbourhoods, &fields)) fields.columns.push_back(std::move(c));
    return fields;
}

// The result object: its layers, rescoring, the heat grid and writing.
void bind_result(py::module_& m) {
    py::class_<AnalysisResult, std::shared_ptr<AnalysisResult>>(m, "AnalysisResult")
        .def("neighbourhoods", [](const AnalysisResult& r) { return table_to_python(r.neighbourhoods); })
        .def("data_quality", [](const AnalysisResult& r) { return table_to_python(r.data_quality); })
        .def("buildings", [](const AnalysisResult& r) { return table_to_python(r.buildings); })
        .def("rescore",
             [](const AnalysisResult& r, const std::string& overrides, int samples) {
                 // Only the small per-buurt indicator table is touched: milliseconds, no geometry.
                 Config config = parse_config_over(r.config, overrides, "rescore");
                 config.sensitivity_samples = samples;
                 return table_to_python(explained(
                     r, rescore(r.score_inputs, r.cost_inputs, config, r.cost_kentallen, nullptr, r.cost_memo.get())));
             },
             py::arg("overrides"), py::arg("samples") = 0)
        .def("costs", [](const AnalysisResult& r) { return table_to_python(r.costs); })
        .def("recost",
             [](const AnalysisResult& r, const std::string& overrides, bool with_costs) {
                 // Costs and choice again under other prices, finance or sliders: no geometry. The
                 // item table (some 60 rows a buurt) only when asked: a slider wants the fields.
                 Config config = parse_config_over(r.config, overrides, "recost");
                 CostVerdict verdict;
                 Table fields =
                     rescore(r.score_inputs, r.cost_inputs, config, r.cost_kentallen, &verdict, r.cost_memo.get());
                 py::dict out;
                 out["fields"] = table_to_python(explained(r, std::move(fields)));
                 if (with_costs)
                     out["costs"] =
                         table_to_python(cost_table(*r.neighbourhoods.find(r.config.neighbourhood_fields.id), verdict));
                 return out;
             },
             py::arg("overrides"), py::arg("with_costs") = false)
        .def("layer",
             [](const AnalysisResult& r, const std::string& name) -> py::object {
                 if (!find_output_layer(name)) throw ConfigError("no layer '" + name + "' in the output schema");
                 const Table* t = r.layer(name);
                 return t ? py::object(table_to_python(*t)) : py::none();
             })
        .def("sources", [](const AnalysisResult& r) { return table_to_python(r.sources); })
        .def("allocation", [](const AnalysisResult& r) { return table_to_python(r.allocation); })
        .def("heat_grid",
             [](const AnalysisResult& r) {
                 const HeatGrid& g = r.heat_grid;
                 py::array_t<double> density({g.rows, g.columns});
                 std::copy(g.density_gj_ha.begin(), g.density_gj_ha.end(), density.mutable_data());
                 py::array_t<std::uint8_t> dh({g.rows, g.columns});
                 std::copy(g.in_dh_area.begin(), g.in_dh_area.end(), dh.mutable_data());
                 py::dict d;
                 d["density_gj_ha"] = density;
                 d["in_dh_area"] = dh;
                 d["west"] = g.west;
                 d["north"] = g.north;
                 d["cell_size_m"] = g.cell_size_m;
                 return d;
             })
        .def("write_heat_grid",
             [](const AnalysisResult& r, const std::string& path) {
                 py::gil_scoped_release release;
                 io::write_heat_grid(path, r.heat_grid, r.config);
             },
             py::arg("path"))
        .def_property_readonly("crs", [](const AnalysisResult& r) { return r.config.analysis_crs; })
        .def_property_readonly("config_toml", [](const AnalysisResult& r) { return to_toml(r.config); })  // redacted
        .def_property_readonly("language", [](const AnalysisResult& r) { return r.config.output.language; })
        .def_property_readonly("name_field", [](const AnalysisResult& r) { return r.config.neighbourhood_fields.name; })
        .def_property_readonly("id_field", [](const AnalysisResult& r) { return r.config.neighbourhood_fields.id; })
        .def("quality_summary", [](const AnalysisResult& r) { return r.quality.summary_lines(); })
        .def("write_gpkg",
             [](const AnalysisResult& r, const std::string& path) {
                 py::gil_scoped_release release;
                 io::write_result(r, path);
             },
             py::arg("path"), "Writes the result as the CLI does: atomically, with provenance.");

}

// The declaration tables, for Python to build on: roles, fields, criteria, languages (and, in
// bind_output_tables, styles and the output schema).
void bind_tables(py::module_& m) {
    m.def("wanted_fields",
          [](const std::string& config_text) {
              Config config = config_from(config_text, "configuration");
              py::dict d;
              for (const InputRole& role : input_roles()) {
                  FieldRequest r = role.fields(config);
                  std::vector<std::string> names = r.required_text;
                  names.insert(names.end(), r.optional_text.begin(), r.optional_text.end());
                  names.insert(names.end(), r.optional_numbers.begin(), r.optional_numbers.end());
                  d[py::str(role.name)] = names;
              }
              return d;
          },
          py::arg("config_text"), "Attribute fields each input layer should carry for this configuration.");

    m.def("input_roles",
          []() {
              py::list out;
              for (const InputRole& r : input_roles())
                  out.append(py::dict(py::arg("name") = r.name, py::arg("option") = r.option,
                                      py::arg("required") = r.required, py::arg("help") = r.help,
                                      py::arg("kind") = r.kind == GeometryKind::polygon ? "polygon"
                                                        : r.kind == GeometryKind::line ? "line"
                                                                                        : "point"));
              return out;
          },
          "The input roles (name = Python keyword and TOML key inputs.<name>, CLI option), in table order.");

    m.def("criteria",
          []() {
              py::list out;
              for (const CriterionInfo& c : criteria())
                  out.append(py::dict(py::arg("score") = score_name(c.score), py::arg("name") = c.name,
                                      py::arg("label") = c.label, py::arg("unit") = c.unit,
                                      py::arg("source") = c.source, py::arg("weight") = c.weight,
                                      py::arg("zero") = c.zero, py::arg("one") = c.one));
              return out;
          },
          "The scoring criteria with their labels, units, sources and default ramps and weights.");

    m.def("supported_languages", []() { return std::vector<std::string>(supported_languages().begin(),
                                                                         supported_languages().end()); });

}

// The output's declarations: map styles, layers and fields.
void bind_output_tables(py::module_& m) {
    m.def("map_styles",
          [](const std::string& language) {
              py::list out;
              for (const MapStyle& s : map_styles(language)) {
                  py::list classes;
                  for (const MapClass& c : s.classes)
                      classes.append(py::dict(py::arg("value") = c.value, py::arg("colour") = c.colour,
                                              py::arg("label") = c.label));
                  out.append(py::dict(py::arg("id") = s.id, py::arg("layer") = s.layer, py::arg("field") = s.field,
                                      py::arg("renderer") = s.renderer, py::arg("title") = s.title,
                                      py::arg("classes") = classes));
              }
              return out;
          },
          py::arg("language") = "nl", "The map styles (titles, class values, colours, labels) the QGIS styles use.");
    m.def("buurt_map_kinds", &buurt_map_kinds, "The kinds of buurt map, default first.");
    m.def("output_layers", []() {
              py::list out;
              for (const OutputLayer& l : output_layers())
                  out.append(py::dict(py::arg("layer") = l.name, py::arg("geometry") = l.geometry,
                                      py::arg("optional") = l.optional, py::arg("title_nl") = l.title_nl,
                                      py::arg("title_en") = l.title_en, py::arg("description") = l.description));
              return out;
          },
          "The layers of a result, in the order they are written (libwarmte/data/output_layers.csv).");
    m.def("output_fields", []() {
              py::list out;
              for (const OutputField& f : output_fields()) {
                  const char* type = f.type == ColumnType::text ? "text" : f.type == ColumnType::integer ? "integer" : "real";
                  out.append(py::dict(py::arg("layer") = f.layer, py::arg("field") = f.field, py::arg("type") = type,
                                      py::arg("unit") = f.unit, py::arg("unit_nl") = f.unit_nl,
                                      py::arg("title_nl") = f.title_nl, py::arg("title_en") = f.title_en,
                                      py::arg("key_figure") = f.key_figure, py::arg("decimals") = f.decimals,
                                      py::arg("description") = f.description));
              }
              return out;
          },
          "Every field of every layer, or its pattern (libwarmte/data/output_fields.csv).");
}

// Helpers of the package and its tests: the route heuristic, the defaults, exit statuses, redaction.
void bind_tools(py::module_& m) {
    m.def("steiner_tree",
          [](std::size_t nodes, std::vector<std::uint32_t> u, std::vector<std::uint32_t> v, std::vector<double> length,
             std::uint32_t root, std::vector<std::uint32_t> terminals, int starts) {
              Graph g;
              if (u.size() != v.size() || u.size() != length.size())
                  throw std::invalid_argument("steiner_tree: u, v and length must have one value per edge");
              for (std::size_t e = 0; e < u.size(); ++e)
                  if (u[e] >= nodes || v[e] >= nodes)
                      throw std::invalid_argument("steiner_tree: edge " + std::to_string(e) + " names a node past " +
                                                  std::to_string(nodes));
              g.edge_u = std::move(u), g.edge_v = std::move(v), g.edge_length = std::move(length);
              g.index(nodes);
              SteinerTree t;
              {
                  py::gil_scoped_release release;
                  t = steiner_tree(g, root, terminals, starts);
              }
              return py::make_tuple(t.edges, t.length, t.unreached);
          },
          py::arg("nodes"), py::arg("u"), py::arg("v"), py::arg("length"), py::arg("root"), py::arg("terminals"),
          py::arg("starts") = 4,
          "The route heuristic of the street networks (docs/streets.md §4) on any graph: (edges, length, "
          "unreached terminals).");
    m.def("default_config_toml", []() { return to_toml(Config{}); });
    m.def("exit_statuses", []() {
              py::list out;
              for (const ExitStatus& s : exit_statuses()) out.append(py::dict(py::arg("code") = s.code, py::arg("meaning") = s.meaning));
              return out;
          },
          "The warmte program's exit statuses and what each means (for callers such as the QGIS plugin).");
    m.def("redact", [](const std::string& text) { return redact(text); },
          "The text with every password, token or key in a data-source name replaced by ***.");
    m.def("secret_warnings", [](const std::string& config_text, const std::string& origin) {
              return config_text.empty() ? std::vector<std::string>{} : secret_warnings(parse_config(config_text, origin), origin);
          },
          "One warning per input of the configuration that holds a password or token.");
}

// The runs: exact zonal statistics, the potential of sources, the whole analysis.
void bind_runs(py::module_& m) {
    m.def("zonal_stats",
          [](py::object polygons, const std::string& raster, int band, const std::string& config_text) {
              Config config = config_from(config_text, "configuration");
              PendingLayer p = pending(polygons, "polygons", FieldRequest{});
              std::string note;
              Table t;
              {
                  py::gil_scoped_release release;
                  VectorLayer layer = resolve(std::move(p), "polygons", FieldRequest{});
                  RasterBand b = io::open_raster(raster, band, config.assume_crs, note);
                  if (layer.crs.empty()) layer.crs = config.assume_crs;
                  reproject(layer, b.crs, config.assume_crs);
                  ZonalStats z = zonal_stats(layer.geometry, b);
                  t.has_geometry = false;
                  for (auto [name, values] : {std::pair{"count", &z.count}, {"sum", &z.sum}, {"mean", &z.mean},
                                              {"min", &z.min}, {"max", &z.max}, {"nodata", &z.nodata}})
                      t.columns.push_back(Column{name, ColumnType::real, {}, *values, {}, ""});
              }
              py::dict out = table_to_python(t);
              out["note"] = note;
              return out;
          },
          py::arg("polygons"), py::arg("raster"), py::arg("band") = 0, py::arg("config_text") = "",
          "Exact-coverage statistics of a raster band per polygon.");

    m.def("potential_sources",
          [](py::dict layers, const std::string& config_text, const std::string& config_origin) {
              Config config = config_from(config_text, config_origin);
              std::vector<PendingRole> pending_layers = take_layers(layers, config);
              DataQuality quality;
              Table t;
              {
                  py::gil_scoped_release release;
                  Inputs inputs = resolve_layers(std::move(pending_layers), config);
                  inputs.tables = io::read_parameter_tables(config);
                  t = potential_sources(std::move(inputs), config, quality);
              }
              py::dict out = table_to_python(t);
              out["quality"] = quality.summary_lines();
              out["crs"] = config.analysis_crs;
              return out;
          },
          py::arg("layers"), py::arg("config_text") = "", py::arg("config_origin") = "configuration");

    m.def("analyse",
          [](py::dict layers, const std::string& config_text, const std::string& config_origin,
             std::optional<int> threads, std::optional<std::string> assume_crs,
             std::optional<py::function> callback, bool include_buildings, std::map<std::string, std::string> grids) {
              Config config = config_from(config_text, config_origin);
              if (include_buildings) config.output.buildings_layer = true;
              for (auto& [name, source] : grids) config.inputs.grids.push_back({name, source});
              if (threads) config.threads = *threads;
              if (assume_crs) config.assume_crs = *assume_crs;
              std::vector<PendingRole> pending_layers = take_layers(layers, config);
              for (const InputRole& role : input_roles())
                  if (role.required && !layers.contains(py::str(role.name)))
                      throw InputError(std::string("analyse needs ") + role.name + "=");

              std::exception_ptr callback_failure;
              Progress progress = [&](std::string_view stage, std::size_t done, std::size_t total) {
                  py::gil_scoped_acquire gil;
                  if (PyErr_CheckSignals() != 0) {
                      callback_failure = std::make_exception_ptr(py::error_already_set());
                      return false;
                  }
                  if (!callback) return true;
                  try {
                      // A callback that answers False asks the run to stop: warmte.Cancelled.
                      if ((*callback)(std::string(stage), done, total).ptr() == Py_False) return false;
                  } catch (...) {
                      callback_failure = std::current_exception();
                      return false;
                  }
                  return true;
              };
              auto result = std::make_shared<AnalysisResult>();
              try {
                  py::gil_scoped_release release;
                  Inputs inputs = resolve_layers(std::move(pending_layers), config);
                  for (const GridSource& g : config.inputs.grids) io::read_grid(inputs, g, config);
                  inputs.tables = io::read_parameter_tables(config);
                  *result = run_analysis(std::move(inputs), config, progress);
                  add_explanations(result->neighbourhoods);
              } catch (const Cancelled&) {
                  if (callback_failure) std::rethrow_exception(callback_failure);
                  throw;
              }
              return result;
          },
          py::arg("layers"), py::arg("config_text") = "", py::arg("config_origin") = "configuration",
          py::arg("threads") = py::none(), py::arg("assume_crs") = py::none(), py::arg("progress") = py::none(),
          py::arg("include_buildings") = false, py::arg("grids") = std::map<std::string, std::string>{},
          "Runs the analysis. `layers` maps role names (warmte._core.input_roles()) to paths or dicts "
          "{source, crs, wkb, fid, columns}.");
}

}  // namespace

void bind_analysis(py::module_& m) {
    bind_result(m);
    bind_tables(m);
    bind_output_tables(m);
    bind_tools(m);
    bind_runs(m);
}

}  // namespace warmte::python
