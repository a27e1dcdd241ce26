// RAII owners for GDAL/OGR handles and a scoped GDAL error capture.
#pragma once

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include <memory>
#include <string>

namespace warmte::gdal {

struct DatasetCloser {
    void operator()(GDALDatasetH ds) const { GDALClose(ds); }
};
using Dataset = std::unique_ptr<void, DatasetCloser>;

struct FeatureDestroyer {
    void operator()(OGRFeatureH f) const { OGR_F_Destroy(f); }
};
using Feature = std::unique_ptr<void, FeatureDestroyer>;

struct GeometryDestroyer {
    void operator()(OGRGeometryH g) const { OGR_G_DestroyGeometry(g); }
};
using OgrGeometry = std::unique_ptr<void, GeometryDestroyer>;

struct SpatialReferenceReleaser {
    void operator()(OGRSpatialReferenceH s) const { OSRRelease(s); }
};
using SpatialReference = std::unique_ptr<void, SpatialReferenceReleaser>;

struct FieldDefnDestroyer {
    void operator()(OGRFieldDefnH f) const { OGR_Fld_Destroy(f); }
};
using FieldDefn = std::unique_ptr<void, FieldDefnDestroyer>;

/// While alive, GDAL errors are kept instead of printed; `message()` gives the last one.
class ErrorCapture {
public:
    ErrorCapture();
    ~ErrorCapture();
    ErrorCapture(const ErrorCapture&) = delete;
    ErrorCapture& operator=(const ErrorCapture&) = delete;
    const std::string& message() const { return message_; }

private:
    static void CPL_STDCALL handler(CPLErr level, CPLErrorNum number, const char* text);
    std::string message_;
};

/// Registers GDAL drivers once and points GDAL's PROJ and data look-ups at the copies this
/// library was built against, whatever PROJ_DATA / GDAL_DATA other wheels in the process set.
void initialise();

}  // namespace warmte::gdal
