// The command-line program: `warmte analyse ...` and `warmte run PROJECT.toml`.
#include "describe.hpp"
#include "warmte/config.hpp"
#include "warmte/csv.hpp"
#include "warmte/parameter_tables.hpp"
#include "warmte/error.hpp"
#include "warmte/redact.hpp"
#include "warmte/exit_status.hpp"
#include "warmte/explain.hpp"
#include "warmte/input_roles.hpp"
#include "warmte/io.hpp"
#include "warmte/pipeline.hpp"
#include "warmte/styles.hpp"

#include <malloc.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

using warmte::exit_bad_input, warmte::exit_cancelled, warmte::exit_internal, warmte::exit_ok, warmte::exit_output,
    warmte::exit_status_of, warmte::exit_statuses, warmte::ExitStatus;
constexpr std::size_t summary_slowest_stages = 5;

// The options of `warmte analyse`/`run` beside the input roles (whose options come from the role
// table): name, value (empty: a flag), help. A role option takes SRC.
using warmte::cli::OptionInfo;

// The buurt map kinds (the neighbourhoods layer's styles, the default first), in words.
std::string map_kinds_text() {
    const std::vector<std::string> kinds = warmte::buurt_map_kinds();
    std::string out;
    for (std::size_t k = 0; k < kinds.size(); ++k) out.append(k ? ", " : "").append(kinds[k]);
    return out;
}

const std::vector<OptionInfo>& option_table() {
    static const std::vector<OptionInfo> table = [] {
        std::vector<OptionInfo> t;
        for (const warmte::InputRole& role : warmte::input_roles())
            t.push_back({role.option, "SRC", std::string(role.required ? "" : "(optional) ") + role.help});
        std::vector<OptionInfo> rest = {
            {"--layer", "ROLE=NAME",
             "the layer to read from a role's SRC, repeatable: for sources whose name holds colons itself, e.g. "
             "--buildings \"PG:dbname=bag\" --layer buildings=pand (files also take SRC as path:layer)",
             true},
            {"--output", "OUT.gpkg",
             "GeoPackage to write; written under a temporary name and renamed when complete, so a failed run "
             "leaves no partial file and keeps an old one"},
            {"--config", "FILE.toml", "parameters over the built-in defaults (see --help-config)"},
            {"--threads", "N", "worker threads (default: every core); results do not depend on it"},
            {"--assume-crs", "CRS", "CRS for input layers that declare none, e.g. EPSG:28992"},
            {"--heat-grid", "OUT.tif",
             "also write the heat-density grid (GJ/ha, cells aligned to multiples of grid.cell_size_m in the "
             "analysis CRS) as a GeoTIFF"},
            {"--grid", "NAME=SRC",
             "a grid summarised per buurt, repeatable: a raster (SRC or SRC:BAND) gives "
             "NAME_count/_sum/_mean/_min/_max/_nodata with exact cell coverage; a polygon grid (SRC:layer, e.g. "
             "CBS 100 m squares) gives NAME_<column> apportioned by area (grid.intensive_columns are averaged)",
             true},
            {"--grid-buildings", "", "also sample raster grids per building (buildings layer)"},
            {"--uncertainty", "N",
             "draw the kentallen, prices, discount rate, demand and grid peak N times (a seeded Latin hypercube; "
             "uncertainty.*) and add per buurt the share of draws in which the chosen variant is the cheapest"},
            {"--sensitivity", "N",
             "sample weights and anchors N times (sensitivity.spread, seeded) and add per buurt the probability "
             "of each class and the 5-95 % rank range"},
            {"--buildings-layer", "",
             "also write a 'buildings' layer with type, label, floor area, dwellings and demand per building"},
            {"--language", "nl|en",
             "language of the QGIS legends, labels and style names in the GeoPackage and of the map (default nl; "
             "output.language)"},
            {"--map", "",
             "also draw a PNG map next to the GeoPackage (OUT.png), coloured by class with legend, buurt labels, "
             "scale bar and north arrow; drawn by the Python package warmte (the interpreter beside this program, "
             "or $WARMTE_PYTHON)"},
            {"--map-kind", "KIND", "what the map shows: " + map_kinds_text() + " (the first is the default)"},
            {"--report", "DIR",
             "also write the offline web report into DIR (index.html, buurten/<code>.html fact sheets, "
             "factsheets.pdf), made by the Python package like --map"},
            {"--out", "DIR",
             "report: the folder to write the web report into; batch: the folder of the parts and result.gpkg; "
             "validate: the folder of validation.png and .csv (default: beside the result)"},
            {"--basemap", "URL",
             "report: an XYZ tile URL for a base map under the buurten (none by default: the report stays offline)"},
            {"--no-pdf", "", "report: leave out factsheets.pdf (the only part that needs Chromium)"},
            {"--municipalities", "SRC",
             "validate: CBS gemeenten with their average gas use per dwelling, set beside the modelled heat of their "
             "buurten"},
            {"--partition", "HOW",
             "batch: municipality (default; fields.neighbourhoods.municipality) or tiles:SIZE, e.g. tiles:20km"},
            {"--force", "", "batch: redo every partition (default: resume, keeping parts whose inputs and "
                            "configuration are unchanged)"},
            {"--resume", "", "batch: keep the parts an earlier run finished (the default)"},
            {"--workers", "N", "batch: partitions run at the same time in local processes (default 1)"},
            {"--dask", "local:N", "batch: run the partitions as Dask tasks on a LocalCluster of N workers"},
            {"--scheduler", "tcp://HOST:PORT",
             "batch: run the partitions as Dask tasks on the cluster of that scheduler (the data on a path every "
             "worker reads)"},
            {"--quiet", "", "print nothing but errors"},
            {"--progress-lines", "",
             "report progress as lines 'warmte: progress STAGE DONE TOTAL' on stderr, terminal or not (for "
             "QGIS and other programs that run warmte)"},
        };
        t.insert(t.end(), rest.begin(), rest.end());
        return t;
    }();
    return table;
}

const OptionInfo* find_option(const std::string& name) {
    for (const OptionInfo& o : option_table())
        if (o.name == name) return &o;
    return nullptr;
}

// Items (words, or "[--water SRC]" kept whole) wrapped to `width` columns after `indent`.
std::string wrapped(const std::vector<std::string>& items, std::size_t indent, std::size_t width) {
    std::string out, line;
    for (const std::string& item : items) {
        if (!line.empty() && indent + line.size() + 1 + item.size() > width) {
            out += line + "\n" + std::string(indent, ' ');
            line.clear();
        }
        line += (line.empty() ? "" : " ") + item;
    }
    return out + line;
}

std::string wrapped(const std::string& text, std::size_t indent, std::size_t width) {
    std::vector<std::string> words;
    std::istringstream in(text);
    for (std::string word; in >> word;) words.push_back(word);
    return wrapped(words, indent, width);
}

std::string usage() {
    constexpr std::size_t column = 24, width = 100;
    std::vector<std::string> synopsis;
    for (const warmte::InputRole& role : warmte::input_roles())
        synopsis.push_back(role.required ? std::string(role.option) + " SRC" : "[" + std::string(role.option) + " SRC]");
    synopsis.insert(synopsis.end(), {"--output OUT.gpkg", "[OPTION]..."});
    std::string out = "warmte — heat networks and aquathermie per neighbourhood (CBS buurt)\n\nUsage:\n";
    out += "  warmte analyse " + wrapped(synopsis, 17, width) + "\n";
    out += "  warmte run PROJECT.toml [--output OUT.gpkg] [--threads N] [--language nl|en] [--map] [--quiet]\n";
    out += "  warmte --help | --help-config | --describe | --version\n\n";
    out += "Commands:\n";
    out += "  analyse               run the analysis on the named inputs and write a GeoPackage\n";
    out += "  run                   run the analysis described by a project file; its [inputs] table names\n"
           "                        the layers by role, [output] what to write (paths relative to the file)\n";
    out += "  report RESULT.gpkg    write the offline web map and buurt fact sheets of a result: --out DIR\n"
           "                        [--language nl|en] [--basemap URL] [--no-pdf]; open DIR/index.html, print\n"
           "                        DIR/factsheets.pdf\n";
    out += "  validate RESULT.gpkg  modelled against CBS-measured heat per buurt: summary, DIR/validation.png and\n"
           "                        .csv [--out DIR] [--municipalities CBS_GEMEENTEN.gpkg] [--language nl|en]\n";
    out += "  rescore RESULT.gpkg   the analysis a result records (its inputs and configuration) again with the\n"
           "                        changes of --config CHANGES.toml (weights, anchors, prices): --output NEW.gpkg\n";
    out += "  sources               the aquathermie potential of --water, --plants and --mains alone, before any\n"
           "                        matching: --output OUT.gpkg (layers sources and data_quality)\n";
    out += "  batch PROJECT.toml    the project's study area in partitions (municipalities or tiles), resumable,\n"
           "                        in local processes or on a Dask cluster: --out DIR [--partition HOW]\n"
           "                        [--force] [--workers N | --dask local:N | --scheduler tcp://HOST:PORT];\n"
           "                        writes DIR/parts/ and DIR/result.gpkg (run by the Python package)\n\n";
    out += "Options:\n";
    for (const OptionInfo& o : option_table()) {
        std::string head = "  " + o.name + (o.value.empty() ? "" : " " + o.value);
        head += head.size() + 2 <= column ? std::string(column - head.size(), ' ') : "\n" + std::string(column, ' ');
        out += head + wrapped(o.help, column, width) + "\n";
    }
    out += "  --help-config         list every configuration key with its default, unit and source\n";
    out += "  --describe            the roles, options, parameters, criteria, languages, map kinds and exit\n"
           "                        statuses as JSON (for programs that run warmte, e.g. the QGIS plugin)\n\n";
    out += "Exit status:\n";
    for (const ExitStatus& e : exit_statuses())
        out += "  " + std::to_string(e.code) + "  " + wrapped(e.meaning, 5, width) + "\n";
    out += "On every failure one line on stderr says what went wrong and how to fix it.\n";
    return out;
}

struct Arguments {
    std::string command;
    std::string project;
    std::map<std::string, std::string> options;  // valued options
    std::set<std::string> flags;                  // options without a value
    std::map<std::string, std::vector<std::string>> repeated;  // --grid NAME=SRC, --layer ROLE=NAME
    bool flag(const std::string& name) const { return flags.count(name) > 0; }
};

class UsageError : public warmte::Error {
    using Error::Error;
};

// The GeoPackage is complete; only the map failed (an output failure; the GeoPackage stays).
class MapError : public warmte::OutputError {
    using OutputError::OutputError;
};

// The Python that draws maps: $WARMTE_PYTHON, else the interpreter installed beside this program
// (the virtual environment pip installed it into), else python3 on PATH.
std::string map_python() {
    if (const char* chosen = std::getenv("WARMTE_PYTHON"); chosen && *chosen) return chosen;
    std::error_code error;
    fs::path self = fs::read_symlink("/proc/self/exe", error);
    if (!error && fs::exists(self.parent_path() / "python3")) return (self.parent_path() / "python3").string();
    return "python3";
}

// Runs `python -m MODULE ARGS...` (the Python package draws maps, writes reports, validates and
// runs batches), so this program links no Python. Its exit status; nullopt when it cannot start.
std::optional<int> python_module_status(const std::string& python, const std::string& module,
                                        std::vector<std::string> arguments) {
    arguments.insert(arguments.begin(), {python, "-m", module});
    std::vector<char*> argv;
    for (std::string& s : arguments) argv.push_back(s.data());
    argv.push_back(nullptr);
    pid_t child = 0;
    int status = 0;
    if (posix_spawnp(&child, python.c_str(), nullptr, nullptr, argv.data(), environ) != 0) return std::nullopt;
    if (waitpid(child, &status, 0) < 0) return exit_internal;
    return WIFEXITED(status) ? WEXITSTATUS(status) : exit_internal;
}

// The same, true when it ran and succeeded.
bool run_python_module(const std::string& python, const std::string& module, std::vector<std::string> arguments) {
    return python_module_status(python, module, std::move(arguments)) == 0;
}

// Draws the map with warmte.maps in a separate process.
fs::path draw_map(const std::string& gpkg, const std::string& kind, const std::string& language) {
    fs::path png = fs::path(gpkg).replace_extension(".png");
    std::string python = map_python();
    if (!run_python_module(python, "warmte.maps", {gpkg, png.string(), "--kind", kind, "--language", language, "--quiet"}))
        throw MapError("wrote " + gpkg + ", but the map could not be drawn with " + python +
                       " -m warmte.maps; install the Python package (pip install . or make demo) or point "
                       "WARMTE_PYTHON at an interpreter that has it");
    return png;
}

// Writes the web report with warmte.report in a separate process (as the map).
void write_report(const std::string& gpkg, const std::string& dir, const std::string& language,
                  const std::string& basemap = "", bool pdf = true) {
    std::string python = map_python();
    std::vector<std::string> arguments = {gpkg, "--out", dir, "--quiet"};
    if (!language.empty()) arguments.insert(arguments.end(), {"--language", language});
    if (!basemap.empty()) arguments.insert(arguments.end(), {"--basemap", basemap});
    if (!pdf) arguments.push_back("--no-pdf");
    if (!run_python_module(python, "warmte.report", arguments))
        throw MapError("the report could not be written with " + python + " -m warmte.report " + gpkg +
                       " (its message is above); install the Python package (pip install . or make demo) or point "
                       "WARMTE_PYTHON at an interpreter that has it");
}

Arguments parse(int argc, char** argv) {
    Arguments a;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (const OptionInfo* o = find_option(arg)) {
            if (o->value.empty()) {
                a.flags.insert(arg);
                continue;
            }
            if (i + 1 >= argc) throw UsageError(arg + " needs " + o->value + "; see warmte --help");
            if (o->repeatable) a.repeated[o->name].push_back(argv[++i]);
            else a.options[arg] = argv[++i];
        } else if (arg.rfind("--", 0) == 0) {
            throw UsageError("unknown option " + arg + "; see warmte --help");
        } else if (a.command.empty()) {
            a.command = arg;
        } else if ((a.command == "run" || a.command == "report" || a.command == "batch" || a.command == "validate" ||
                    a.command == "rescore") &&
                   a.project.empty()) {
            a.project = arg;
        } else {
            throw UsageError("unexpected argument '" + arg + "'; see warmte --help");
        }
    }
    return a;
}

std::optional<std::string> option(const Arguments& a, const std::string& name) {
    auto it = a.options.find(name);
    if (it == a.options.end()) return std::nullopt;
    return it->second;
}

int positive_integer(const std::string& option_name, const std::string& value) {
    std::size_t used = 0;
    int n = 0;
    try {
        n = std::stoi(value, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != value.size() || n < 1)
        throw UsageError(option_name + " needs a whole number of at least 1, not '" + value + "'");
    return n;
}

// A project file with a password in it still runs (its outputs are redacted); the user is told
// where the password belongs.
void warn_of_secrets(const warmte::Config& config, const std::string& file) {
    for (const std::string& w : warmte::secret_warnings(config, file)) std::fprintf(stderr, "warmte: warning: %s\n", w.c_str());
}

// --config FILE.toml of analyse and sources: its parameters over the defaults (a password in it
// warned of).
warmte::Config config_option(const Arguments& a) {
    warmte::Config config;
    if (auto file = option(a, "--config")) {
        config = warmte::io::load_config_file(*file);
        warn_of_secrets(config, *file);
    }
    return config;
}

// `warmte rescore RESULT.gpkg --config CHANGES.toml --output NEW.gpkg`: the configuration the
// result records (WARMTE_CONFIG: inputs, fields, every parameter) with the changes over it. The
// recorded heat grid, map and report are not written again unless asked for.
warmte::Config rescore_config(const Arguments& a) {
    if (a.project.empty())
        throw UsageError("rescore needs a result: warmte rescore RESULT.gpkg --config CHANGES.toml --output NEW.gpkg");
    for (const warmte::InputRole& role : warmte::input_roles())
        if (option(a, role.option))
            throw UsageError(std::string(role.option) + " does not go with rescore; the result records its inputs");
    auto output = option(a, "--output");
    std::error_code error;
    if (output && fs::equivalent(*output, a.project, error))
        throw UsageError("rescore writes a new GeoPackage: --output must not be the result it starts from ('" +
                         a.project + "')");
    warmte::Config config = warmte::parse_config(warmte::io::read_metadata_item(a.project, "WARMTE_CONFIG"),
                                                 a.project + " (its WARMTE_CONFIG)");
    if (auto file = option(a, "--config")) config = warmte::io::load_config_file_over(config, *file);
    config.output.heat_grid.clear();
    config.output.map = false;
    config.output.path.clear();
    return config;
}

// The configuration the command starts from: run's project file, rescore's result, or analyse's
// --config and input options.
warmte::Config base_config(const Arguments& a) {
    warmte::Config config;
    if (a.command == "run") {
        if (a.project.empty()) throw UsageError("run needs a project file: warmte run PROJECT.toml");
        config = warmte::io::load_config_file(a.project);
        warn_of_secrets(config, a.project);
        for (const warmte::InputRole& role : warmte::input_roles())
            if (option(a, role.option))
                throw UsageError(std::string(role.option) + " does not go with run; name it in the project file");
        if (option(a, "--config")) throw UsageError("--config does not go with run; the project file is the configuration");
    } else if (a.command == "rescore") {
        config = rescore_config(a);
    } else if (a.command == "analyse") {
        config = config_option(a);
        for (const warmte::InputRole& role : warmte::input_roles()) {
            if (auto v = option(a, role.option)) config.inputs[role.role] = *v;
            if (role.required && config.inputs[role.role].empty())
                throw UsageError(std::string("analyse needs ") + role.option + " SRC");
        }
    } else {
        throw UsageError(a.command.empty() ? "no command given; see warmte --help"
                                           : "unknown command '" + a.command + "'; see warmte --help");
    }
    return config;
}

// --output, --language, --map and the other output options.
void output_options(const Arguments& a, warmte::Config& config) {
    if (auto v = option(a, "--output")) config.output.path = *v;
    if (config.output.path.empty()) throw UsageError("no output named: pass --output OUT.gpkg");
    if (auto v = option(a, "--heat-grid")) config.output.heat_grid = *v;
    if (a.flag("--buildings-layer")) config.output.buildings_layer = true;
    if (a.flag("--grid-buildings")) config.output.grid_buildings = true;
    if (a.flag("--map")) config.output.map = true;
    if (auto v = option(a, "--language")) {
        if (!warmte::is_supported_language(*v)) throw UsageError("--language takes nl or en, not '" + *v + "'");
        config.output.language = *v;
    }
    if (auto v = option(a, "--map-kind")) {
        if (!config.output.map) throw UsageError("--map-kind goes with --map");
        std::vector<std::string> kinds = warmte::buurt_map_kinds();
        if (std::find(kinds.begin(), kinds.end(), *v) == kinds.end()) {
            std::string choices;
            for (std::size_t k = 0; k < kinds.size(); ++k)
                choices.append(k == 0 ? "" : k + 1 == kinds.size() ? " or " : ", ").append(kinds[k]);
            throw UsageError("--map-kind takes " + choices + ", not '" + *v + "'");
        }
    }
}

// The repeated NAME=VALUE options: --layer ROLE=NAME and --grid NAME=SRC.
void repeated_options(const Arguments& a, warmte::Config& config) {
    auto repeated = [&](const char* name) {
        auto it = a.repeated.find(name);
        return it == a.repeated.end() ? std::vector<std::string>{} : it->second;
    };
    for (const std::string& l : repeated("--layer")) {
        auto eq = l.find('=');
        const warmte::InputRole* role = eq == std::string::npos ? nullptr : warmte::find_input_role(l.substr(0, eq));
        if (!role || eq + 1 == l.size())
            throw UsageError("--layer needs ROLE=NAME with ROLE one of the input roles (e.g. buildings=pand), not '" +
                             l + "'");
        config.inputs.layer_names[static_cast<std::size_t>(role->role)] = l.substr(eq + 1);
    }
    for (const std::string& g : repeated("--grid")) {
        auto eq = g.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == g.size())
            throw UsageError("--grid needs NAME=SRC (e.g. heat=heat.tif or inwoners=cbs.gpkg:vierkant100m), not '" + g + "'");
        config.inputs.grids.push_back({g.substr(0, eq), g.substr(eq + 1)});
    }
}

warmte::Config build_config(const Arguments& a) {
    warmte::Config config = base_config(a);
    output_options(a, config);
    if (auto v = option(a, "--assume-crs")) config.assume_crs = *v;
    repeated_options(a, config);
    if (auto v = option(a, "--sensitivity")) config.sensitivity_samples = positive_integer("--sensitivity", *v);
    if (auto v = option(a, "--uncertainty")) config.uncertainty.samples = positive_integer("--uncertainty", *v);
    if (auto v = option(a, "--threads")) config.threads = positive_integer("--threads", *v);
    return config;
}

// The per-buurt table the program prints: one row per printed column (header, field, width,
// decimals; text fields are cut to the width).
struct PrintedColumn {
    const char* header;
    std::string field;
    int width;
    int decimals;
    double scale = 1.0;
};

void print_table(const warmte::Table& t, const warmte::Config& config) {
    const std::vector<PrintedColumn> columns = {
        {"buurt", config.neighbourhood_fields.id, -12, -1},
        {"name", config.neighbourhood_fields.name, -22, -1},
        {"buildings", "n_buildings", 9, 0},
        {"footprint_m2", "footprint_area_m2", 12, 0},
        {"land_ha", "land_area_ha", 8, 2},
        {"water_m2", "water_area_m2", 9, 0},
        {"water_m", "dist_water_m", 8, 0},
        {"dwellings", "n_dwellings", 9, 0},
        {"demand_GJ", "heat_demand_gj", 10, 0},
        {"GJ/ha", "heat_density_gj_ha", 9, 0},
        {"aqua_%", "aquathermie_coverage", 7, 0, 100.0},
        {"net", "heat_network_score", 4, 0},
        {"str", "strategy", 4, -1},
        {"phase", "phase", -1, -1},
    };
    for (const PrintedColumn& c : columns) std::printf("%*s ", c.width, c.header);
    std::printf("\n");
    for (std::size_t r = 0; r < t.rows(); ++r) {
        for (const PrintedColumn& c : columns) {
            const warmte::Column* column = t.find(c.field);
            if (c.decimals < 0) {
                std::string text = column ? column->text[r] : "";
                const std::size_t room = static_cast<std::size_t>(std::abs(c.width));
                if (c.width != -1 && text.size() > room) text = text.substr(0, room - 1) + "~";
                std::printf("%*s ", c.width, text.c_str());
            } else {
                std::printf("%*.*f ", c.width, c.decimals, column ? c.scale * column->numbers[r] : NAN);
            }
        }
        std::printf("\n");
    }
}

// A run of many buurten (a province, the country): totals, how the buurten class, and the
// slowest stages, instead of a line per buurt.
void print_summary(const warmte::Table& t, const warmte::AnalysisResult& result) {
    auto total = [&](const char* field) {
        double sum = 0;
        if (const warmte::Column* c = t.find(field))
            for (double v : c->numbers) sum += std::isnan(v) ? 0.0 : v;
        return sum;
    };
    std::printf("%zu buurten, %.0f buildings, %.0f dwellings, heat demand %.1f PJ/yr, aquathermie %.1f PJ/yr\n",
                t.rows(), total("n_buildings"), total("n_dwellings"), total("heat_demand_gj") / 1e6,
                (total("teo_gj") + total("tea_gj") + total("ted_gj")) / 1e6);
    for (const char* field : {"heat_network_class", "aquathermie_class", "strategy", "cheapest_variant", "phase"}) {
        const warmte::Column* c = t.find(field);
        if (!c || c->type != warmte::ColumnType::text) continue;
        std::map<std::string, std::size_t> counts;
        for (std::size_t r = 0; r < t.rows(); ++r) ++counts[c->present.empty() || c->present[r] ? c->text[r] : ""];
        std::printf("%s:", field);
        for (const auto& [value, n] : counts) std::printf(" %s %zu", value.empty() ? "(none)" : value.c_str(), n);
        std::printf("\n");
    }
    std::vector<std::pair<std::string, double>> stages(result.timings.begin(), result.timings.end());
    std::sort(stages.begin(), stages.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    std::printf("slowest stages:");
    for (std::size_t i = 0; i < std::min<std::size_t>(stages.size(), summary_slowest_stages); ++i)
        std::printf("%s %s %.1f s", i ? "," : "", stages[i].first.c_str(), stages[i].second);
    std::printf("\n");
}

// `warmte batch PROJECT.toml --out DIR ...`: the orchestration (resume, retries, progress, Dask)
// is the Python package's (python/warmte/batching.py); the partitions run this library there.
int batch(const Arguments& a) {
    if (a.project.empty()) throw UsageError("batch needs a project file: warmte batch PROJECT.toml --out DIR");
    auto dir = option(a, "--out");
    if (!dir) throw UsageError("batch needs --out DIR, the folder for the parts and the merged result.gpkg");
    if (a.flag("--force") && a.flag("--resume")) throw UsageError("--force and --resume exclude each other");
    std::vector<std::string> arguments = {a.project, "--out", *dir};
    for (const char* name : {"--partition", "--workers", "--dask", "--scheduler", "--threads"})
        if (auto v = option(a, name)) arguments.insert(arguments.end(), {name, *v});
    if (auto v = option(a, "--workers")) positive_integer("--workers", *v);
    for (const char* name : {"--force", "--quiet"})
        if (a.flag(name)) arguments.push_back(name);
    const std::string python = map_python();
    const std::optional<int> status = python_module_status(python, "warmte.batching", arguments);
    if (!status)
        throw warmte::ConfigError("batch runs in the Python package warmte, and " + python +
                                  " cannot be started; install the package (make install) or set WARMTE_PYTHON");
    return *status;
}

// `warmte report RESULT.gpkg --out DIR`: the report of a result written earlier.
int report(const Arguments& a) {
    if (a.project.empty()) throw UsageError("report needs a result: warmte report RESULT.gpkg --out DIR");
    auto dir = option(a, "--out");
    if (!dir) throw UsageError("report needs --out DIR, the folder to write the report into");
    std::error_code error;
    if (!fs::exists(a.project, error))
        throw warmte::InputError("report: '" + a.project + "' not found; name the GeoPackage warmte analyse wrote");
    std::string language = option(a, "--language").value_or("");
    if (!language.empty() && !warmte::is_supported_language(language))
        throw UsageError("--language takes nl or en, not '" + language + "'");
    const bool pdf = !a.flag("--no-pdf");
    write_report(a.project, *dir, language, option(a, "--basemap").value_or(""), pdf);
    if (!a.flag("--quiet"))
        std::printf("wrote %s/index.html (open it in a browser)%s\n", dir->c_str(),
                    pdf ? (" and " + *dir + "/factsheets.pdf").c_str() : "");
    return exit_ok;
}

// `warmte validate RESULT.gpkg`: modelled against measured heat, made by the Python package
// (python/warmte/validation.py), which prints the summary and writes the plot and the table.
int validate(const Arguments& a) {
    if (a.project.empty()) throw UsageError("validate needs a result: warmte validate RESULT.gpkg [--out DIR]");
    std::error_code error;
    if (!fs::exists(a.project, error))
        throw warmte::InputError("validate: '" + a.project + "' not found; name the GeoPackage warmte analyse wrote");
    std::vector<std::string> arguments = {a.project};
    for (const char* name : {"--out", "--municipalities", "--language"})
        if (auto v = option(a, name)) arguments.insert(arguments.end(), {name, *v});
    const std::string python = map_python();
    const std::optional<int> status = python_module_status(python, "warmte.validation", arguments);
    if (!status)
        throw MapError("the validation runs in the Python package warmte, and " + python +
                       " cannot be started; install the package (make install) or set WARMTE_PYTHON");
    return *status;
}

// `warmte sources [--water SRC] [--plants SRC] [--mains SRC] --output OUT.gpkg`: the aquathermie
// potential of the sources alone, before any matching (warmte.potential_sources in Python).
int sources(const Arguments& a) {
    warmte::Config config = config_option(a);
    const std::set<warmte::Role> allowed = {warmte::Role::water, warmte::Role::plants, warmte::Role::mains};
    for (const warmte::InputRole& role : warmte::input_roles()) {
        auto v = option(a, role.option);
        if (v && !allowed.count(role.role))
            throw UsageError(std::string(role.option) + " does not go with sources; it takes --water, --plants and --mains");
        if (v) config.inputs[role.role] = *v;
    }
    if (config.inputs[warmte::Role::water].empty() && config.inputs[warmte::Role::plants].empty() &&
        config.inputs[warmte::Role::mains].empty())
        throw UsageError("sources needs at least one of --water, --plants and --mains");
    output_options(a, config);
    if (auto v = option(a, "--assume-crs")) config.assume_crs = *v;
    repeated_options(a, config);
    warmte::io::check_outputs_are_not_inputs(config);
    warmte::Inputs inputs;
    for (const warmte::Role r : allowed)
        if (!config.inputs[r].empty()) warmte::io::read_role(inputs, warmte::input_role(r), config.inputs[r], config);
    inputs.tables = warmte::io::read_parameter_tables(config);
    warmte::DataQuality quality;
    const warmte::Table table = warmte::potential_sources(std::move(inputs), config, quality);
    warmte::io::write_sources(table, quality, config, config.output.path);
    if (!a.flag("--quiet"))
        std::printf("wrote %s (%zu sources)\n", config.output.path.c_str(), table.rows());
    return exit_ok;
}

// Ctrl-C or a polite kill (QGIS's cancel, a scheduler) asks the run to stop: the next progress
// report says so, the library throws Cancelled, nothing is written and the exit status is 5.
volatile std::sig_atomic_t stop_requested = 0;
extern "C" void request_stop(int) { stop_requested = 1; }

int run(const Arguments& a) {
    std::signal(SIGINT, request_stop);
    std::signal(SIGTERM, request_stop);
    warmte::Config config = build_config(a);
    auto start = std::chrono::steady_clock::now();
    const bool quiet = a.flag("--quiet");
    bool show_progress = !quiet && isatty(STDERR_FILENO);
    const bool progress_lines = a.flag("--progress-lines");
    std::string last_stage;
    int last_percent = -1;
    warmte::Progress progress = [&](std::string_view stage, std::size_t done, std::size_t total) {
        if (stop_requested) return false;
        const int percent = total ? static_cast<int>(100 * done / total) : 100;
        if (progress_lines) {
            // A line when the stage or its whole percent changes: a caller's bar moves, and a
            // stage of a million items does not print a million lines.
            if (stage != last_stage || percent != last_percent) {
                std::fprintf(stderr, "warmte: progress %.*s %zu %zu\n", static_cast<int>(stage.size()), stage.data(),
                             done, total);
                std::fflush(stderr);
            }
            last_stage = stage;
            last_percent = percent;
            return true;
        }
        if (!show_progress) return true;
        std::fprintf(stderr, "\r%-24.*s %3d%%", static_cast<int>(stage.size()), stage.data(), percent);
        if (done == total) std::fprintf(stderr, "\n");
        return true;
    };
    auto seconds_since = [](auto t) {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
    };
    warmte::io::check_outputs_are_not_inputs(config);  // before anything is read
    warmte::Inputs inputs = warmte::io::read_inputs(config);
    double read_seconds = seconds_since(start);
    warmte::AnalysisResult result = warmte::run_analysis(std::move(inputs), config, progress);
    if (stop_requested) throw warmte::Cancelled("stopped on request before the output was written; nothing was written");
    warmte::add_explanations(result.neighbourhoods);
    auto write_start = std::chrono::steady_clock::now();
    warmte::io::write_result(result, config.output.path);
    double write_seconds = seconds_since(write_start);
    double seconds = seconds_since(start);
    if (!quiet) {
        if (result.neighbourhoods.rows() <= static_cast<std::size_t>(config.output.table_max_buurten)) print_table(result.neighbourhoods, config);
        else print_summary(result.neighbourhoods, result);
        for (const std::string& line : result.quality.summary_lines()) std::printf("data quality: %s\n", line.c_str());
        std::printf("timings: read %.2f s", read_seconds);
        for (const auto& [stage, t] : result.timings) std::printf(", %s %.2f s", stage.c_str(), t);
        std::printf(", write %.2f s\n", write_seconds);
        std::printf("wrote %s (%zu neighbourhoods) in %.2f s\n", config.output.path.c_str(),
                    result.neighbourhoods.rows(), seconds);
    }
    if (config.output.map) {
        fs::path png = draw_map(config.output.path, option(a, "--map-kind").value_or(warmte::buurt_map_kinds().front()),
                                config.output.language);
        if (!quiet) std::printf("wrote %s\n", png.c_str());
    }
    if (auto dir = option(a, "--report")) {
        write_report(config.output.path, *dir, config.output.language);
        if (!quiet) std::printf("wrote %s/index.html (open it in a browser) and %s/factsheets.pdf\n", dir->c_str(), dir->c_str());
    }
    return exit_ok;
}

// The pipeline frees column-sized blocks (tens to hundreds of MB) stage after stage and
// allocates new ones. glibc serves blocks above 32 MiB with their own mmap and unmaps them on
// free, and gives the top of the heap back above 128 KiB free, so every new column's pages were
// faulted in and zeroed by the kernel again: 7 % of a 10M-building run's CPU. Keeping freed
// memory in the heap lets the next stage reuse it (10M: 49.7 -> 46.8 s, peak RSS +2 %). Only
// speed depends on it; the Python module leaves its host's allocator alone.
void keep_freed_memory_for_reuse() {
    mallopt(M_MMAP_MAX, 0);
    mallopt(M_TRIM_THRESHOLD, std::numeric_limits<int>::max());
}

}  // namespace

int main(int argc, char** argv) {
    keep_freed_memory_for_reuse();
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "--help" || arg == "-h") {
            std::fputs(usage().c_str(), stdout);
            return exit_ok;
        }
        if (arg == "--describe") {
            std::fputs(warmte::cli::describe_json(option_table()).c_str(), stdout);
            return exit_ok;
        }
        if (arg == "--version") {
            std::printf("warmte %s\n", warmte::version());
            return exit_ok;
        }
        if (arg == "--help-config") {
            for (const auto& p : warmte::describe(warmte::Config{}))
                std::printf("%-34s = %s\n    %s [%s; source: %s]\n", p.key.c_str(), p.value.c_str(),
                            p.description.c_str(), p.unit.c_str(), p.source.c_str());
            // The kentallen are a table, not keys; their sources say which are our estimates.
            const warmte::TableTexts texts = warmte::builtin_table_texts();
            std::printf("\ncost kentallen (libwarmte/data/cost_kentallen.csv; replace with costs.kentallen_table):\n");
            for (const auto& row : warmte::parse_csv(texts.cost_kentallen, texts.cost_origin,
                                                      {"key", "min", "max", "unit", "source"}))
                std::printf("%-34s = %s..%s\n    [%s; source: %s]\n", row.at("key").c_str(), row.at("min").c_str(),
                            row.at("max").c_str(), row.at("unit").c_str(), row.at("source").c_str());
            return exit_ok;
        }
    }
    try {
        Arguments arguments = parse(argc, argv);
        if (arguments.command == "report") return report(arguments);
        if (arguments.command == "batch") return batch(arguments);
        if (arguments.command == "validate") return validate(arguments);
        if (arguments.command == "sources") return sources(arguments);
        return run(arguments);
    } catch (const warmte::Error& e) {
        std::fprintf(stderr, "warmte: %s: %s\n", dynamic_cast<const warmte::Cancelled*>(&e) ? "cancelled" : "error",
                     e.what());
        return exit_status_of(e);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "warmte: internal error: %s\n", warmte::redact(e.what()).c_str());
        return exit_internal;
    }
}
