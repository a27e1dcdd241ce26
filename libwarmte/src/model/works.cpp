#include "warmte/works.hpp"

#include "warmte/error.hpp"
#include "warmte/planar.hpp"
#include "warmte/spatial_index.hpp"
#include "parallel.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <map>

namespace warmte {

namespace {

// Samples along a street per works_near_m: each stretch of a street is judged by the point at its
// middle, so a stretch is at most half the distance long (only the share's accuracy depends on it).
constexpr double samples_per_near = 2;

// Distance from (x, y) to works feature j: 0 inside an area, else to its nearest segment (a line
// is stored there and back, so its segments are the ring's).
double distance_to(const GeometryArray& works, std::size_t j, double x, double y) {
    if (works.kind(j) == GeometryKind::polygon && planar::contains_point(works, j, x, y)) return 0;
    const std::span<const double> xy = works.coordinates();
    double best = std::numeric_limits<double>::infinity();
    works.for_each_ring(j, [&](std::size_t begin, std::size_t end, bool) {
        if (end - begin == 1) best = std::min(best, std::hypot(xy[2 * begin] - x, xy[2 * begin + 1] - y));
        for (std::size_t k = begin; k + 1 < end; ++k)
            best = std::min(best, planar::point_segment_distance(x, y, xy[2 * k], xy[2 * k + 1], xy[2 * k + 2],
                                                                xy[2 * k + 3]));
    });
    return best;
}

// Per works feature near street s: the length of the street lying within `near` of it, and the
// street's whole length (each segment counted as often as the line stores it: the shares hold).
struct Along {
    std::map<std::uint32_t, double> near;
    double length = 0;
};

Along along(const GeometryArray& streets, std::size_t s, const GeometryArray& works, const SpatialIndex& index,
            double near) {
    Along out;
    const std::span<const double> xy = streets.coordinates();
    const double step = near > 0 ? near / samples_per_near : std::numeric_limits<double>::infinity();
    streets.for_each_ring(s, [&](std::size_t begin, std::size_t end, bool) {
        for (std::size_t k = begin; k + 1 < end; ++k) {
            const double ax = xy[2 * k], ay = xy[2 * k + 1], bx = xy[2 * k + 2], by = xy[2 * k + 3];
            const double length = std::hypot(bx - ax, by - ay);
            const auto pieces = static_cast<std::size_t>(std::max(1.0, std::ceil(length / step)));
            for (std::size_t p = 0; p < pieces; ++p) {
                const double t = (static_cast<double>(p) + 0.5) / static_cast<double>(pieces);
                const double x = ax + t * (bx - ax), y = ay + t * (by - ay);
                for (std::uint32_t j : index.query_sorted(Box{x - near, y - near, x + near, y + near}))
                    if (distance_to(works, j, x, y) <= near) out.near[j] += length / static_cast<double>(pieces);
            }
            out.length += length;
        }
    });
    return out;
}

}  // namespace

std::vector<double> works_year_of_streets(const GeometryArray& streets, const VectorLayer& works, const Config& config,
                                          DataQuality& quality) {
    const std::string& field = config.works_fields.year;
    const auto column = works.numbers.find(field);
    if (column == works.numbers.end())
        throw InputError(works.source + ": has no field '" + field +
                         "' for the year the works are planned; name it with fields.works.year");
    const std::vector<double>& year = column->second.values;
    const StreetParameters& p = config.streets;
    std::vector<double> out(streets.size(), std::numeric_limits<double>::quiet_NaN());
    const SpatialIndex index(works.geometry);
    std::vector<std::uint8_t> linked(works.size(), 0);
    // Each street writes its own slot; a works feature's flag is only ever set to 1.
    parallel_for(streets.size(), resolve_threads(config.threads), {}, "linked works", [&](std::size_t s, geos::Context&) {
        const Along a = along(streets, s, works.geometry, index, p.works_near_m);
        for (const auto& [j, near] : a.near) {
            if (!(a.length > 0) || near < p.works_min_share * a.length) continue;
            std::atomic_ref<std::uint8_t>(linked[j]).store(1, std::memory_order_relaxed);
            if (std::isfinite(year[j]) && !(out[s] <= year[j])) out[s] = year[j];
        }
    }, 256);
    for (std::size_t j = 0; j < works.size(); ++j) {
        if (!std::isfinite(year[j]))
            quality.record({"works", works.feature_ids[j], "no_works_year",
                            "no year in '" + field + "': the works link no street"});
        else if (!linked[j])
            quality.record({"works", works.feature_ids[j], "works_along_no_street",
                            "no street lies along it (network.works_near_m, network.works_min_share); check that it "
                            "follows the roads given and lies in their CRS"});
    }
    return out;
}

}  // namespace warmte
