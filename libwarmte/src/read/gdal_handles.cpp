#include "read/gdal_handles.hpp"

#include "warmte/build_config.hpp"
#include "warmte/crs.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>

#include <filesystem>
#include <mutex>

namespace warmte::gdal {

ErrorCapture::ErrorCapture() { CPLPushErrorHandlerEx(&ErrorCapture::handler, this); }

ErrorCapture::~ErrorCapture() { CPLPopErrorHandler(); }

void CPL_STDCALL ErrorCapture::handler(CPLErr level, CPLErrorNum, const char* text) {
    if (level < CE_Failure) return;
    auto* self = static_cast<ErrorCapture*>(CPLGetErrorHandlerUserData());
    if (self && text) self->message_ = text;
}

void initialise() {
    static std::once_flag once;
    std::call_once(once, [] {
        GDALAllRegister();
        // Wheels loaded into the same process (pyogrio, pyproj) export PROJ_DATA/GDAL_DATA for
        // their own, newer copies; Debian's GDAL must keep reading the files it was built with.
        const char* proj_paths[] = {proj_data_dir(), nullptr};
        OSRSetPROJSearchPaths(proj_paths);
        if (std::filesystem::exists(WARMTE_GDAL_DATA_DIR)) CPLSetConfigOption("GDAL_DATA", WARMTE_GDAL_DATA_DIR);
    });
}

}  // namespace warmte::gdal
