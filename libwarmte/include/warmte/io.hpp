// Reading and writing through GDAL/OGR. Reading streams record batches through GDAL's Arrow
// interface; writing goes to a temporary file that is renamed only when complete.
#pragma once

#include "warmte/grid_stats.hpp"
#include "warmte/layer.hpp"
#include "warmte/pipeline.hpp"
#include "warmte/styles.hpp"
#include "warmte/table.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace warmte::io {

/// The dataset and layer an input spec names: the whole spec when that file exists, else
/// "path:layer" split at the last colon when that file exists; else a GDAL dataset name that is
/// no local file (PG:..., OAPIF:..., WFS:..., /vsizip/...[:layer], https://...). `layer`, when
/// given, names the layer apart from the spec (for names with colons of their own).
/// nullopt when it is none of these.
struct DatasetSpec {
    std::string path;
    std::string layer;  // empty: the only layer (or a raster's band 1)
    bool file = true;   // a local file (false: a connection string or virtual path for GDAL)
};
std::optional<DatasetSpec> find_dataset(const std::string& spec, const std::string& layer = "");

/// A box to read the features of (a partition of warmte batch and its halo), in `crs`; layers
/// without a CRS of their own are taken to be in `assume_crs`.
struct ReadWindow {
    Box box;
    std::string crs, assume_crs;
};

/// Reads a polygon layer from "path" or "path:layer" (`role` names it in messages).
/// InputError naming the file, layer or field when something is missing or unreadable.
VectorLayer read_polygons(const std::string& spec, const std::string& role, const FieldRequest& fields,
                          const ReadWindow* window = nullptr);

/// What read_features reads of a layer: features of `kind` (lines and points as described at
/// GeometryKind; with `require_kind`, a layer of none of them is an InputError), from the layer
/// named (else the spec's), and with a window only the features meeting it (through the layer's
/// spatial index).
struct FeatureSelection {
    GeometryKind kind = GeometryKind::polygon;
    bool require_kind = true;
    std::string layer;
    const ReadWindow* window = nullptr;
};
VectorLayer read_features(const std::string& spec, const std::string& role, const FieldRequest& fields,
                          const FeatureSelection& select);

/// The feature ids of a layer's features without geometry (NULL or empty): no window holds them,
/// so warmte batch's global step records them for the layers the partitions read in windows.
std::vector<std::int64_t> features_without_geometry(const std::string& spec, const std::string& role,
                                                    const std::string& layer_name = "");

/// Reads the layer of one input role from `spec` (its layer: config.inputs.layer_names, else the
/// spec's) into `inputs` (a water layer's lines with a width into inputs.water_lines, to be
/// buffered by the preparation stage; a role that takes centroids gets polygons as their centroids).
void read_role(Inputs& inputs, const InputRole& role, const std::string& spec, const Config& config,
               const ReadWindow* window = nullptr);

/// The parameter tables the configuration names (demand.*_table, supply.spf_table) read from
/// their files, the built-in ones otherwise. ConfigError naming the file and key.
ParameterTables read_parameter_tables(const Config& config);

/// Reads a TOML file (ConfigError naming the file when it cannot be read or parsed); relative
/// paths in it are resolved against its folder.
Config load_config_file(const std::filesystem::path& path);
/// A parameter file's keys over an existing configuration (warmte rescore's changes over what a
/// result records); ConfigError naming the file when it cannot be read.
Config load_config_file_over(const Config& base, const std::filesystem::path& path);

/// Writes tables as layers of one GeoPackage in `crs` (AUTH:CODE or WKT). The file is written
/// next to `path` under a temporary name and renamed over `path` only after it is complete;
/// on failure the temporary file is removed and an existing `path` is left untouched.
/// `styles` go into the `layer_styles` table QGIS reads; the default style's description becomes
/// the layer's description in gpkg_contents.
void write_geopackage(const std::string& path, const std::vector<const Table*>& tables,
                      const std::string& crs, const std::map<std::string, std::string>& metadata,
                      const std::vector<LayerStyle>& styles = {});

/// Writes a small text file (a QGIS style) atomically, like the other outputs.
void write_text_file(const std::string& path, const std::string& text);

/// Opens band `band` (1-based; 0 = band 1, noted in `note` when the raster has more) of a raster
/// for window reads. InputError naming the file when it cannot be read, has no such band, or has
/// no CRS and `assume_crs` is empty.
RasterBand open_raster(const std::string& path, int band, const std::string& assume_crs, std::string& note);

/// True when `spec` names a raster (GDAL opens it as raster data and no layer is named).
bool is_raster(const std::string& spec);

/// Writes the heat-density grid as a Float32 GeoTIFF in GJ/ha (temporary file, then renamed) in
/// config.analysis_crs, with its QGIS style beside it (same name, .qml), which QGIS applies on opening.
void write_heat_grid(const std::string& path, const HeatGrid& grid, const Config& config);

/// Reads one grid input into `inputs` (a raster band or a polygon grid).
void read_grid(Inputs& inputs, const GridSource& grid, const Config& config, const ReadWindow* window = nullptr);

/// OutputError when an output (config.output.path or heat_grid) is the same file as an input, by
/// any path (symlinks, relative paths): checked before anything is read or written.
void check_outputs_are_not_inputs(const Config& config);

/// OutputError unless `path` can be written as a new or replaced file: its folder exists (and is a
/// folder) and `path` itself is no folder. Checked before anything is read, and again on writing.
void check_output_place(const std::string& path, const std::string& extension);

/// Reads the inputs named in config.inputs (every role of the role table that is named, the
/// grids and the parameter tables). InputError when a required role is not named.
Inputs read_inputs(const Config& config);

/// A window per input role (absent: the whole layer) and one for the polygon grids.
struct RoleWindows {
    std::vector<std::optional<ReadWindow>> role;  // by Role
    std::optional<ReadWindow> grids;
};
/// read_inputs with each role read through its window (warmte batch reads one partition so).
Inputs read_inputs(const Config& config, const RoleWindows& windows);

/// Reads a layer that write_geopackage wrote back into a Table (names, types, descriptions,
/// geometry), for warmte batch's merge of its parts.
Table read_table(const std::string& path, const std::string& layer);
/// The same, or nothing when the dataset has no such layer; a dataset that cannot be opened or a
/// layer that cannot be read is still an InputError (a merge must not lose a layer silently).
std::optional<Table> read_table_if_present(const std::string& path, const std::string& layer);

/// One item of a dataset's metadata (what write_result records: WARMTE_CONFIG, WARMTE_VERSION,
/// ...); InputError naming the file when it cannot be opened or has no such item.
std::string read_metadata_item(const std::string& path, const std::string& key);

/// "label: source" for every input role the configuration names, the source redacted: the
/// provenance lines of outputs made from the configuration rather than a run's reading.
std::vector<std::string> configured_input_sources(const Config& config);

/// Writes the potential aquathermie sources alone (warmte sources): the `sources` layer as points
/// (where allocation lines would start) and `data_quality`, styled and with the same provenance
/// metadata as a result, under a temporary name.
void write_sources(const Table& sources, const DataQuality& quality, const Config& config, const std::string& path);

/// Writes an analysis result (neighbourhoods, data quality and, when computed, buildings, sources
/// and allocation layers) with its QGIS styles and provenance metadata, and the heat-density grid
/// with its QGIS style beside it when config.inputs.heat_grid names one.
void write_result(const AnalysisResult& result, const std::string& path, const std::vector<const Table*>& extra = {});

}  // namespace warmte::io
