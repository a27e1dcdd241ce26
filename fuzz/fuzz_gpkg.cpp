// libFuzzer target: the GeoPackage reading path (GDAL's Arrow stream, our WKB decoder, field
// mapping) and the geometry checks after it. The input is a whole file, put in GDAL's in-memory
// file system and read as buildings (polygons) and as heat-network lines and plant points.
#include "warmte/config.hpp"
#include "warmte/data_quality.hpp"
#include "warmte/error.hpp"
#include "warmte/input_roles.hpp"
#include "warmte/io.hpp"
#include "warmte/prepare.hpp"

#include <gdal.h>
#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_vsi.h>

#include <cstdint>
#include <cstring>
#include <string>

namespace {

const warmte::Config& config() {
    static const warmte::Config c;
    return c;
}

void read_as(const std::string& path, warmte::Role role) {
    using namespace warmte;
    const InputRole& r = input_role(role);
    try {
        VectorLayer layer = io::read_features(path, r.name, r.fields(config()), {.kind = r.kind, .require_kind = false});
        DataQuality quality;
        check_geometry(layer, r, Box{-1e7, -1e7, 1e7, 1e7}, quality);
    } catch (const Error&) {
        // an InputError naming the file, layer or feature: the expected outcome
    }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    GDALAllRegister();
    CPLSetErrorHandler(CPLQuietErrorHandler);
    // SQLite's own checks only; no sidecar files, no network.
    CPLSetConfigOption("OGR_SQLITE_JOURNAL", "OFF");
    CPLSetConfigOption("GDAL_HTTP_TIMEOUT", "1");
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = "/vsimem/fuzz.gpkg";
    // A copy GDAL may own: libFuzzer's buffer is read-only.
    auto* copy = static_cast<GByte*>(VSIMalloc(size ? size : 1));
    if (!copy) return 0;
    std::memcpy(copy, data, size);
    VSILFILE* f = VSIFileFromMemBuffer(path.c_str(), copy, size, TRUE);
    if (!f) return 0;
    VSIFCloseL(f);
    read_as(path, warmte::Role::buildings);
    read_as(path, warmte::Role::heat_network);
    read_as(path, warmte::Role::plants);
    VSIUnlink(path.c_str());
    return 0;
}
