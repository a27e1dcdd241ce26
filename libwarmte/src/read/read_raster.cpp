// Raster bands for exact zonal statistics: window reads through GDAL (its block cache keeps
// memory bounded, so rasters larger than memory work).
#include "warmte/error.hpp"
#include "warmte/redact.hpp"
#include "read/gdal_handles.hpp"
#include "warmte/io.hpp"

#include <cpl_conv.h>

#include <filesystem>
#include <memory>

namespace warmte::io {

bool is_raster(const std::string& spec) {
    gdal::initialise();
    if (!std::filesystem::exists(spec)) return false;  // "path:layer" or "path:band" specs are not plain files
    gdal::ErrorCapture quiet;
    gdal::Dataset ds(GDALOpenEx(spec.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
    return ds && GDALGetRasterCount(ds.get()) > 0;
}

RasterBand open_raster(const std::string& path, int band_number, const std::string& assume_crs, std::string& note) {
    gdal::initialise();
    if (!std::filesystem::exists(path)) throw InputError("grid input '" + path + "': file not found; check the path");
    gdal::ErrorCapture errors;
    std::shared_ptr<void> ds(GDALOpenEx(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr),
                             [](void* d) { if (d) GDALClose(d); });
    if (!ds) {
        const std::string why = errors.message().empty() ? "not a format GDAL reads, or damaged" : errors.message();
        throw InputError("grid input '" + path + "': cannot be opened as a raster (" + why +
                         "); check it with gdalinfo, or export it again as GeoTIFF");
    }
    int bands = GDALGetRasterCount(ds.get());
    if (band_number == 0) {
        band_number = 1;
        if (bands > 1) note = redact(path) + " has " + std::to_string(bands) + " bands; band 1 used (name one as NAME=SRC:BAND)";
    }
    if (band_number < 1 || band_number > bands)
        throw InputError("grid input '" + path + "': has no band " + std::to_string(band_number) + " (it has " +
                         std::to_string(bands) + ")");
    double t[6];
    if (GDALGetGeoTransform(ds.get(), t) != CE_None || t[2] != 0 || t[4] != 0 || t[5] >= 0)
        throw InputError("grid input '" + path + "': not a north-up georeferenced raster; warp it with gdalwarp first");
    RasterBand band;
    band.source = redact(path);
    if (OGRSpatialReferenceH srs = GDALGetSpatialRef(ds.get())) {
        char* wkt = nullptr;
        const char* options[] = {"FORMAT=WKT2_2019", nullptr};
        if (OSRExportToWktEx(srs, &wkt, options) == OGRERR_NONE && wkt) band.crs = wkt;
        CPLFree(wkt);
    }
    if (band.crs.empty()) {
        if (assume_crs.empty())
            throw InputError("grid input '" + path + "': has no coordinate reference system; pass --assume-crs EPSG:28992 "
                             "if you know it, or assign one with gdal_edit.py -a_srs");
        band.crs = assume_crs;
    }
    band.grid = {t[0], t[3], t[1], -t[5], GDALGetRasterXSize(ds.get()), GDALGetRasterYSize(ds.get())};
    GDALRasterBandH h = GDALGetRasterBand(ds.get(), band_number);
    int has_nodata = 0;
    band.nodata = GDALGetRasterNoDataValue(h, &has_nodata);
    band.has_nodata = has_nodata != 0;
    band.read = [ds, h, path](int column, int row, int columns, int rows, std::vector<double>& out) {
        out.resize(static_cast<std::size_t>(columns) * rows);
        gdal::ErrorCapture read_errors;
        if (GDALRasterIO(h, GF_Read, column, row, columns, rows, out.data(), columns, rows, GDT_Float64, 0, 0) != CE_None)
            throw InputError("grid input '" + path + "': reading failed (" + read_errors.message() + ")");
    };
    return band;
}

}  // namespace warmte::io
