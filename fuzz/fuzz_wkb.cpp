// libFuzzer target: the WKB decoder every geometry passes through (GDAL's Arrow stream and
// GeoDataFrames from Python both hand us WKB). Properties besides "no crash": a decoded feature
// re-encodes to WKB that decodes to the same coordinates, and its centroid is computable.
#include "warmte/error.hpp"
#include "warmte/geometry_array.hpp"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <span>
#include <vector>

namespace {

void round_trip(const warmte::GeometryArray& decoded, warmte::GeometryKind kind) {
    using namespace warmte;
    const std::size_t i = decoded.size() - 1;
    const std::vector<std::uint8_t> again = encode_wkb(decoded, i);
    GeometryArray second;
    if (decode_wkb(std::span<const std::uint8_t>(again), second, "round trip", kind) == WkbContent::not_polygonal)
        std::abort();
    // Same rings and the same coordinates, bit for bit (NaN is unequal to itself). `decoded`
    // holds this one feature only, so all its coordinates are the feature's.
    if (second.ring_count(0) != decoded.ring_count(i) || second.vertex_count(0) != decoded.vertex_count(i))
        std::abort();
    const auto a = decoded.coordinates();
    const auto b = second.coordinates();
    if (a.size() != b.size() || std::memcmp(a.data(), b.data(), a.size_bytes()) != 0) std::abort();
    (void)centroid(decoded, i);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace warmte;
    const std::span<const std::uint8_t> wkb(data, size);
    for (GeometryKind kind : {GeometryKind::polygon, GeometryKind::line, GeometryKind::point}) {
        GeometryArray out;
        try {
            if (decode_wkb(wkb, out, "fuzz input", kind) == WkbContent::polygonal) round_trip(out, kind);
        } catch (const Error&) {
            // Malformed WKB is an InputError naming the feature: the expected outcome.
        }
    }
    return 0;
}
