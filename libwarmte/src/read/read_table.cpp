// Reading back what write_geopackage wrote: warmte batch writes each partition as a GeoPackage of
// its own (which QGIS opens while the rest runs) and merges them from there.
#include "warmte/error.hpp"
#include "warmte/io.hpp"
#include "read/gdal_handles.hpp"

#include <limits>
#include <optional>
#include <vector>

namespace warmte::io {

Table read_table(const std::string& path, const std::string& layer_name) {
    std::optional<Table> t = read_table_if_present(path, layer_name);
    if (!t) throw InputError("'" + path + "': has no layer '" + layer_name + "'");
    return std::move(*t);
}

std::string read_metadata_item(const std::string& path, const std::string& key) {
    gdal::initialise();
    gdal::ErrorCapture errors;
    gdal::Dataset ds(GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
    if (!ds) throw InputError("'" + path + "': cannot be opened (" + errors.message() + ")");
    const char* value = GDALGetMetadataItem(ds.get(), key.c_str(), nullptr);
    if (!value)
        throw InputError("'" + path + "': has no " + key + " in its metadata; name a GeoPackage warmte analyse wrote");
    return value;
}

std::optional<Table> read_table_if_present(const std::string& path, const std::string& layer_name) {
    gdal::initialise();
    gdal::ErrorCapture errors;
    gdal::Dataset ds(GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
    if (!ds) throw InputError("'" + path + "': cannot be opened (" + errors.message() + ")");
    OGRLayerH layer = GDALDatasetGetLayerByName(ds.get(), layer_name.c_str());
    if (!layer) return std::nullopt;
    Table t;
    t.name = layer_name;
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    t.has_geometry = OGR_FD_GetGeomFieldCount(defn) > 0;
    const int fields = OGR_FD_GetFieldCount(defn);
    for (int f = 0; f < fields; ++f) {
        OGRFieldDefnH fd = OGR_FD_GetFieldDefn(defn, f);
        const OGRFieldType type = OGR_Fld_GetType(fd);
        const ColumnType kind = type == OFTInteger || type == OFTInteger64 ? ColumnType::integer
                                : type == OFTReal                          ? ColumnType::real
                                                                           : ColumnType::text;
        const char* alias = OGR_Fld_GetAlternativeNameRef(fd);
        t.columns.push_back(Column{OGR_Fld_GetNameRef(fd), kind, {}, {}, {}, alias ? alias : ""});
    }
    OGR_L_ResetReading(layer);
    std::vector<unsigned char> wkb;
    const std::string where = "'" + path + "', layer '" + layer_name + "'";
    while (gdal::Feature feature{OGR_L_GetNextFeature(layer)}) {
        for (int f = 0; f < fields; ++f) {
            Column& c = t.columns[f];
            const bool set = OGR_F_IsFieldSetAndNotNull(feature.get(), f);
            if (c.type == ColumnType::text) {
                c.text.push_back(set ? OGR_F_GetFieldAsString(feature.get(), f) : "");
                c.present.push_back(set);
            } else {
                c.numbers.push_back(set ? OGR_F_GetFieldAsDouble(feature.get(), f)
                                        : std::numeric_limits<double>::quiet_NaN());
            }
        }
        if (!t.has_geometry) continue;
        OGRGeometryH g = OGR_F_GetGeometryRef(feature.get());
        if (!g) throw InputError(where + ": feature " + std::to_string(OGR_F_GetFID(feature.get())) + " has no geometry");
        wkb.resize(OGR_G_WkbSize(g));
        OGR_G_ExportToIsoWkb(g, wkbNDR, wkb.data());
        const OGRwkbGeometryType flat = wkbFlatten(OGR_G_GetGeometryType(g));
        const GeometryKind kind = flat == wkbPoint || flat == wkbMultiPoint           ? GeometryKind::point
                                  : flat == wkbLineString || flat == wkbMultiLineString ? GeometryKind::line
                                                                                        : GeometryKind::polygon;
        if (decode_wkb(wkb, t.geometry, where, kind) != WkbContent::polygonal)
            throw InputError(where + ": feature " + std::to_string(OGR_F_GetFID(feature.get())) +
                             " has a geometry that cannot be read back");
    }
    return t;
}

}  // namespace warmte::io
