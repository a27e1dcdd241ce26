// Writing GeoPackages atomically: a temporary file beside the target, renamed at the end.
#include "warmte/error.hpp"
#include "warmte/redact.hpp"
#include "output/gpkg_rows.hpp"
#include "output/gpkg_rtree.hpp"
#include "read/gdal_handles.hpp"
#include "warmte/input_roles.hpp"
#include "warmte/io.hpp"
#include "warmte/tables.hpp"
#include "warmte/output_schema.hpp"

#include <cpl_conv.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <chrono>
#include <fstream>
#include <vector>

namespace warmte::io {

namespace {

namespace fs = std::filesystem;

OGRFieldType field_type(ColumnType t) {
    switch (t) {
    case ColumnType::text: return OFTString;
    case ColumnType::integer: return OFTInteger64;
    case ColumnType::real: return OFTReal;
    }
    return OFTString;
}

// The geometry column of every spatial layer; QGIS finds a layer's styles by it.
constexpr const char* geometry_column = "geom";

// The geometry type of a layer: one kind, multi (a table may mix single and multi parts), or
// unknown for a mixed table.
OGRwkbGeometryType layer_geometry_type(const Table& table) {
    if (!table.has_geometry) return wkbNone;
    bool mixed = false;
    for (std::size_t r = 1; r < table.rows(); ++r) mixed = mixed || table.kind(r) != table.kind(0);
    const GeometryKind kind = table.rows() == 0 ? GeometryKind::polygon : table.kind(0);
    return mixed                           ? wkbUnknown
           : kind == GeometryKind::polygon ? wkbMultiPolygon
           : kind == GeometryKind::line    ? wkbMultiLineString
                                           : wkbPoint;
}

void write_table(GDALDatasetH ds, const Table& table, OGRSpatialReferenceH srs, const std::string& path,
                 const std::string& description) {
    gdal::ErrorCapture errors;
    auto fail = [&](const std::string& what) {
        throw OutputError(path + ": " + what + " failed for layer '" + table.name + "' (" + errors.message() +
                         "); check that the folder is writable and the disk has space");
    };
    std::string geometry_option = std::string("GEOMETRY_NAME=") + geometry_column;
    std::string description_option = "DESCRIPTION=" + description;
    // The spatial index is packed after the rows (write_spatial_index), not filled row by row.
    const char* options[] = {"FID=fid", geometry_option.c_str(), "SPATIAL_INDEX=NO",
                             description.empty() ? nullptr : description_option.c_str(), nullptr};
    OGRLayerH layer = GDALDatasetCreateLayer(ds, table.name.c_str(), table.has_geometry ? srs : nullptr,
                                             layer_geometry_type(table), const_cast<char**>(options));
    if (!layer) fail("creating the layer");
    for (const Column& c : table.columns) {
        gdal::FieldDefn field(OGR_Fld_Create(c.name.c_str(), field_type(c.type)));
        if (!c.description.empty()) OGR_Fld_SetAlternativeName(field.get(), c.description.c_str());
        if (OGR_L_CreateField(layer, field.get(), TRUE) != OGRERR_NONE) fail("creating field '" + c.name + "'");
    }
    // GDAL makes the table when it is first needed: now, before the rows go in through SQLite
    // directly, in one transaction (gpkg_rows.hpp).
    if (OGR_L_SyncToDisk(layer) != OGRERR_NONE) fail("creating the table");
    if (GDALDatasetStartTransaction(ds, FALSE) != OGRERR_NONE) fail("starting a transaction");
    std::string error;
    if (!insert_rows(ds, table, geometry_column, error)) {
        GDALDatasetRollbackTransaction(ds);
        fail("writing the rows (" + error + ")");
    }
    if (GDALDatasetCommitTransaction(ds) != OGRERR_NONE) fail("committing");
    if (table.has_geometry && !write_spatial_index(ds, table.name, geometry_column, table.geometry))
        fail("creating the spatial index");
}

// The table QGIS itself creates to keep styles in a GeoPackage, with the columns it reads.
void write_layer_styles(GDALDatasetH ds, const std::vector<LayerStyle>& styles, const std::vector<const Table*>& tables,
                        const std::string& path) {
    gdal::ErrorCapture errors;
    auto fail = [&](const std::string& what) {
        throw OutputError(path + ": " + what + " failed for the QGIS styles (" + errors.message() +
                         "); check that the folder is writable and the disk has space");
    };
    const char* options[] = {"FID=id", nullptr};
    OGRLayerH layer = GDALDatasetCreateLayer(ds, "layer_styles", nullptr, wkbNone, const_cast<char**>(options));
    if (!layer) fail("creating the layer_styles table");
    const std::vector<std::pair<const char*, OGRFieldType>> fields = {
        {"f_table_catalog", OFTString}, {"f_table_schema", OFTString}, {"f_table_name", OFTString},
        {"f_geometry_column", OFTString}, {"styleName", OFTString}, {"styleQML", OFTString},
        {"styleSLD", OFTString}, {"useAsDefault", OFTInteger}, {"description", OFTString},
        {"owner", OFTString}, {"ui", OFTString}, {"update_time", OFTDateTime}};
    for (auto& [name, type] : fields) {
        gdal::FieldDefn field(OGR_Fld_Create(name, type));
        if (type == OFTInteger) OGR_Fld_SetSubType(field.get(), OFSTBoolean);
        if (OGR_L_CreateField(layer, field.get(), TRUE) != OGRERR_NONE) fail(std::string("creating field ") + name);
    }
    std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    for (const LayerStyle& style : styles) {
        auto table = std::find_if(tables.begin(), tables.end(), [&](const Table* t) { return t->name == style.layer; });
        bool spatial = table != tables.end() && (*table)->has_geometry;
        gdal::Feature feature(OGR_F_Create(defn));
        OGR_F_SetFieldString(feature.get(), OGR_FD_GetFieldIndex(defn, "f_table_catalog"), "");
        OGR_F_SetFieldString(feature.get(), OGR_FD_GetFieldIndex(defn, "f_table_schema"), "");
        OGR_F_SetFieldString(feature.get(), OGR_FD_GetFieldIndex(defn, "f_table_name"), style.layer.c_str());
        OGR_F_SetFieldString(feature.get(), OGR_FD_GetFieldIndex(defn, "f_geometry_column"), spatial ? geometry_column : "");
        OGR_F_SetFieldString(feature.get(), OGR_FD_GetFieldIndex(defn, "styleName"), style.name.c_str());
        OGR_F_SetFieldString(feature.get(), OGR_FD_GetFieldIndex(defn, "styleQML"), style.qml.c_str());
        OGR_F_SetFieldString(feature.get(), OGR_FD_GetFieldIndex(defn, "styleSLD"), "");
        OGR_F_SetFieldInteger(feature.get(), OGR_FD_GetFieldIndex(defn, "useAsDefault"), style.is_default ? 1 : 0);
        OGR_F_SetFieldString(feature.get(), OGR_FD_GetFieldIndex(defn, "description"), style.description.c_str());
        OGR_F_SetFieldString(feature.get(), OGR_FD_GetFieldIndex(defn, "owner"), "");
        OGR_F_SetFieldString(feature.get(), OGR_FD_GetFieldIndex(defn, "ui"), "");
        OGR_F_SetFieldDateTime(feature.get(), OGR_FD_GetFieldIndex(defn, "update_time"), utc.tm_year + 1900,
                               utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, 100);
        if (OGR_L_CreateFeature(layer, feature.get()) != OGRERR_NONE) fail("writing a style");
    }
}

}  // namespace

void check_output_place(const std::string& path, const std::string& extension) {
    const fs::path target = fs::absolute(path);
    if (fs::exists(target.parent_path()) && !fs::is_directory(target.parent_path()))
        throw OutputError("output '" + path + "': " + target.parent_path().string() +
                          " is a file, not a folder; name an output in a folder");
    if (!fs::is_directory(target.parent_path()))
        throw OutputError("output '" + path + "': folder " + target.parent_path().string() +
                          " does not exist; create it first");
    if (fs::is_directory(target)) throw OutputError("output '" + path + "' is a folder; name a " + extension + " file");
}

namespace {

// Runs write(temporary) and renames the result over `path`; removes the temporary on failure.
template <class Write>
void write_atomically(const std::string& path, const std::string& extension, Write&& write) {
    check_output_place(path, extension);
    fs::path target = fs::absolute(path);
    std::string temporary_name = ".";
    temporary_name.append(target.filename().string()).append(".tmp-").append(std::to_string(::getpid())).append(extension);
    fs::path temporary = target.parent_path() / temporary_name;
    fs::remove(temporary);
    try {
        write(temporary);
        fs::rename(temporary, target);
    } catch (...) {
        std::error_code ignored;
        fs::remove(temporary, ignored);
        throw;
    }
}

}  // namespace

void write_text_file(const std::string& path, const std::string& text) {
    std::string extension = fs::path(path).extension().string();
    write_atomically(path, extension, [&](const fs::path& temporary) {
        std::ofstream out(temporary, std::ios::binary);
        out << text;
        out.close();
        if (!out) throw OutputError("output '" + path + "': cannot write it; check that the folder is writable");
    });
}

void write_geopackage(const std::string& path, const std::vector<const Table*>& tables, const std::string& crs,
                      const std::map<std::string, std::string>& metadata, const std::vector<LayerStyle>& styles) {
    gdal::initialise();
    write_atomically(path, ".gpkg", [&](const fs::path& temporary) {
        gdal::ErrorCapture errors;
        GDALDriverH driver = GDALGetDriverByName("GPKG");
        gdal::Dataset ds(GDALCreate(driver, temporary.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        if (!ds)
            throw OutputError("output '" + path + "': cannot create a GeoPackage there (" + errors.message() +
                             "); check that the folder is writable");
        gdal::SpatialReference srs(OSRNewSpatialReference(nullptr));
        if (OSRSetFromUserInput(srs.get(), crs.c_str()) != OGRERR_NONE)
            throw ConfigError("analysis CRS '" + crs + "' is not understood by GDAL");
        OSRSetAxisMappingStrategy(srs.get(), OAMS_TRADITIONAL_GIS_ORDER);
        for (const Table* t : tables) {
            auto style = std::find_if(styles.begin(), styles.end(),
                                      [&](const LayerStyle& st) { return st.layer == t->name && st.is_default; });
            write_table(ds.get(), *t, srs.get(), path, style == styles.end() ? "" : style->description);
        }
        if (!styles.empty()) write_layer_styles(ds.get(), styles, tables, path);
        // The configuration echo and the inputs name sources: redacted here, whoever built them.
        for (auto& [key, value] : metadata) GDALSetMetadataItem(ds.get(), key.c_str(), redact(value).c_str(), nullptr);
        ds.reset();  // closing flushes; errors then still land in `errors`
        if (!errors.message().empty())
            throw OutputError("output '" + path + "': writing failed (" + errors.message() + ")");
    });
}

void write_heat_grid(const std::string& path, const HeatGrid& grid, const Config& config) {
    const std::string& crs = config.analysis_crs;
    gdal::initialise();
    if (grid.columns == 0) throw OutputError("heat grid '" + path + "': no building has any demand, so there is no grid");
    write_atomically(path, ".tif", [&](const fs::path& temporary) {
        gdal::ErrorCapture errors;
        const char* options[] = {"COMPRESS=DEFLATE", "TILED=YES", nullptr};
        gdal::Dataset ds(GDALCreate(GDALGetDriverByName("GTiff"), temporary.c_str(), grid.columns, grid.rows, 1,
                                    GDT_Float32, const_cast<char**>(options)));
        if (!ds) throw OutputError("heat grid '" + path + "': cannot create it (" + errors.message() + ")");
        double transform[6] = {grid.west, grid.cell_size_m, 0, grid.north, 0, -grid.cell_size_m};
        GDALSetGeoTransform(ds.get(), transform);
        gdal::SpatialReference srs(OSRNewSpatialReference(nullptr));
        OSRSetFromUserInput(srs.get(), crs.c_str());
        GDALSetSpatialRef(ds.get(), srs.get());
        GDALRasterBandH band = GDALGetRasterBand(ds.get(), 1);
        GDALSetDescription(band, "heat density, GJ/ha");
        GDALSetRasterUnitType(band, "GJ/ha");
        std::vector<float> values(grid.density_gj_ha.begin(), grid.density_gj_ha.end());
        if (GDALRasterIO(band, GF_Write, 0, 0, grid.columns, grid.rows, values.data(), grid.columns, grid.rows,
                         GDT_Float32, 0, 0) != CE_None)
            throw OutputError("heat grid '" + path + "': writing failed (" + errors.message() + ")");
        ds.reset();
        if (!errors.message().empty()) throw OutputError("heat grid '" + path + "': writing failed (" + errors.message() + ")");
    });
    write_text_file(fs::path(path).replace_extension(".qml").string(), heat_grid_qml(config));
}

namespace {

std::string utc_timestamp(std::time_t t) {
    std::tm utc{};
    gmtime_r(&t, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

// "role: path, layer 'x'" plus the file's size and modification time, so a map can be traced
// to the exact inputs; sources that are not files (GeoDataFrames) are listed as they are.
std::string describe_input(const std::string& line) {
    auto colon = line.find(": ");
    auto comma = line.rfind(", layer '");
    if (colon == std::string::npos) return line;
    std::string path = line.substr(colon + 2, comma == std::string::npos ? std::string::npos : comma - colon - 2);
    std::error_code error;
    auto size = fs::file_size(path, error);
    if (error) return line;
    auto modified = fs::last_write_time(path, error);
    if (error) return line;
    auto seconds = std::chrono::system_clock::to_time_t(std::chrono::file_clock::to_sys(modified));
    return line + " (" + std::to_string(size) + " bytes, modified " + utc_timestamp(seconds) + ")";
}

}  // namespace

std::vector<std::string> configured_input_sources(const Config& config) {
    std::vector<std::string> out;
    for (const InputRole& role : input_roles())
        if (!config.inputs[role.role].empty()) out.push_back(std::string(role.label) + ": " + redact(config.inputs[role.role]));
    return out;
}

namespace {

// The provenance every GeoPackage of libwarmte carries: version, run date, the effective
// configuration and each input with its size and time of change. Checks first that the output,
// `path` (the configuration's own output may differ: Python's to_gpkg names its own), is no input.
std::map<std::string, std::string> provenance(const Config& config, const std::vector<std::string>& input_sources,
                                              const std::string& path) {
    Config target = config;
    target.output.path = path;
    check_outputs_are_not_inputs(target);
    std::string inputs;
    for (const std::string& s : input_sources) inputs.append(describe_input(s)).push_back('\n');
    return {
        {"WARMTE_VERSION", version()},
        {"WARMTE_RUN_DATE", utc_timestamp(std::time(nullptr))},
        {"WARMTE_CONFIG", to_toml(config)},
        {"WARMTE_INPUTS", inputs},
    };
}

}  // namespace

void write_sources(const Table& sources, const DataQuality& quality, const Config& config, const std::string& path) {
    const std::map<std::string, std::string> metadata = provenance(config, configured_input_sources(config), path);
    const Table points = as_points(sources);
    const Table quality_rows = quality_table(quality);
    const std::vector<const Table*> tables = {&points, &quality_rows};
    write_geopackage(path, tables, config.analysis_crs, metadata, qgis_styles(tables, config));
}

void write_result(const AnalysisResult& result, const std::string& path, const std::vector<const Table*>& extra) {
    const std::map<std::string, std::string> metadata = provenance(result.config, result.input_sources, path);
    // In the GeoPackage each source is one point (where its allocation lines start), so the layer
    // has one geometry type and QGIS draws it with sized markers.
    Table source_points = result.sources.columns.empty() ? Table{} : as_points(result.sources);
    // The layers in the schema's order: the result's own, then those given beside it (a batch's
    // partitions); each checked against the schema.
    std::vector<const Table*> tables;
    for (const OutputLayer& l : output_layers()) {
        const Table* t = l.name == "sources" ? (source_points.columns.empty() ? nullptr : &source_points)
                                             : result.layer(l.name);
        for (const Table* e : extra)
            if (e->name == l.name) t = e;
        if (!t) {
            if (!l.optional) throw std::logic_error("the result has no layer '" + l.name + "'");
            continue;
        }
        check_schema(*t, result.config, result.grid_names);
        tables.push_back(t);
    }
    for (const Table* e : extra)
        if (!find_output_layer(e->name))
            throw std::logic_error("layer '" + e->name + "' is not in the output schema (libwarmte/data/output_layers.csv)");
    write_geopackage(path, tables, result.config.analysis_crs, metadata, qgis_styles(tables, result.config));
    if (!result.config.output.heat_grid.empty())
        write_heat_grid(result.config.output.heat_grid, result.heat_grid, result.config);
}

}  // namespace warmte::io
