#include "warmte/geometry_array.hpp"

#include "geometry/ring_ops.hpp"
#include "parallel.hpp"

#include "warmte/error.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>

namespace warmte {

void GeometryArray::add_box(const Box& b) {
    const double ring[] = {b.min_x, b.min_y, b.max_x, b.min_y, b.max_x, b.max_y, b.min_x, b.max_y, b.min_x, b.min_y};
    begin_feature(GeometryKind::polygon);
    begin_polygon();
    add_ring(ring);
}

bool GeometryArray::consistent() const {
    auto chain = [](const auto& offsets, std::size_t size) {
        if (offsets.empty() || offsets.front() != 0 || offsets.back() != size) return false;
        return std::is_sorted(offsets.begin(), offsets.end());
    };
    return xy_.size() % 2 == 0 && chain(ring_offsets_, xy_.size() / 2) &&
           chain(polygon_offsets_, ring_offsets_.size() - 1) && chain(feature_offsets_, polygon_offsets_.size() - 1) &&
           kinds_.size() == feature_offsets_.size() - 1;
}


// Below this many features one thread gathers (a thread costs more than it saves). Only speed
// depends on it.
constexpr std::size_t parallel_gather_above = 1 << 16;

void GeometryArray::begin_polygon() {
    polygon_offsets_.push_back(polygon_offsets_.back());
    ++feature_offsets_.back();
}

void GeometryArray::add_ring(std::span<const double> xy) {
    xy_.insert(xy_.end(), xy.begin(), xy.end());
    ring_offsets_.push_back(xy_.size() / 2);
    ++polygon_offsets_.back();
}

void GeometryArray::add_point(double x, double y) {
    const double vertex[] = {x, y};
    begin_feature(GeometryKind::point);
    begin_polygon();
    add_ring(vertex);
}

void GeometryArray::add_line_part(std::span<const double> xy) {
    begin_polygon();
    xy_.insert(xy_.end(), xy.begin(), xy.end());
    for (std::size_t k = xy.size() / 2 - 1; k-- > 0;) {  // and back again, ending where it began
        xy_.push_back(xy[2 * k]);
        xy_.push_back(xy[2 * k + 1]);
    }
    ring_offsets_.push_back(xy_.size() / 2);
    ++polygon_offsets_.back();
}

void GeometryArray::add_line(std::span<const double> xy) {
    begin_feature(GeometryKind::line);
    add_line_part(xy);
}

double GeometryArray::area(std::size_t i) const {
    double total = 0.0;
    for (auto p = feature_offsets_[i]; p < feature_offsets_[i + 1]; ++p) {
        for (auto r = polygon_offsets_[p]; r < polygon_offsets_[p + 1]; ++r) {
            std::span<const double> ring(xy_.data() + 2 * ring_offsets_[r],
                                         2 * (ring_offsets_[r + 1] - ring_offsets_[r]));
            double a = std::abs(ring::twice_signed_area_xy(ring)) / 2.0;
            total += (r == polygon_offsets_[p]) ? a : -a;
        }
    }
    return total;
}

Box GeometryArray::bounds(std::size_t i) const {
    constexpr double inf = std::numeric_limits<double>::infinity();
    Box b{inf, inf, -inf, -inf};
    auto first_ring = polygon_offsets_[feature_offsets_[i]];
    auto last_ring = polygon_offsets_[feature_offsets_[i + 1]];
    for (auto k = ring_offsets_[first_ring]; k < ring_offsets_[last_ring]; ++k) {
        b.min_x = std::min(b.min_x, xy_[2 * k]);
        b.max_x = std::max(b.max_x, xy_[2 * k]);
        b.min_y = std::min(b.min_y, xy_[2 * k + 1]);
        b.max_y = std::max(b.max_y, xy_[2 * k + 1]);
    }
    return b;
}

std::size_t GeometryArray::vertex_count(std::size_t i) const {
    auto first_ring = polygon_offsets_[feature_offsets_[i]];
    auto last_ring = polygon_offsets_[feature_offsets_[i + 1]];
    return ring_offsets_[last_ring] - ring_offsets_[first_ring];
}

void GeometryArray::append_from(const GeometryArray& other, std::size_t i) {
    // A feature's polygons, rings and points are contiguous in `other`: copied in three runs with
    // their offsets shifted, not ring by ring (reading, ordering and selecting copy every feature).
    const auto p0 = other.feature_offsets_[i], p1 = other.feature_offsets_[i + 1];
    const auto r0 = other.polygon_offsets_[p0], r1 = other.polygon_offsets_[p1];
    const auto v0 = other.ring_offsets_[r0], v1 = other.ring_offsets_[r1];
    const std::uint64_t rings_here = polygon_offsets_.back(), points_here = ring_offsets_.back();
    kinds_.push_back(other.kinds_[i]);
    feature_offsets_.push_back(feature_offsets_.back() + (p1 - p0));
    for (auto p = p0 + 1; p <= p1; ++p) polygon_offsets_.push_back(other.polygon_offsets_[p] - r0 + rings_here);
    for (auto r = r0 + 1; r <= r1; ++r) ring_offsets_.push_back(other.ring_offsets_[r] - v0 + points_here);
    xy_.insert(xy_.end(), other.xy_.begin() + static_cast<std::ptrdiff_t>(2 * v0),
               other.xy_.begin() + static_cast<std::ptrdiff_t>(2 * v1));
}

GeometryArray GeometryArray::gathered(std::span<const std::uint32_t> order, unsigned threads) const {
    // Each part of the order is one thread's: first what its features hold, then (with every
    // part's start known) the features themselves, each written once into its final place.
    const std::size_t n = order.size();
    const std::size_t parts = threads > 1 && n > parallel_gather_above ? threads : 1;
    struct Totals {
        std::uint64_t polygons = 0, rings = 0, points = 0;
    };
    std::vector<Totals> start(parts + 1);
    auto part_range = [&](std::size_t part) { return std::pair{n * part / parts, n * (part + 1) / parts}; };
    auto on_parts = [&](auto&& job) {
        parallel_for(parts, threads, Progress{}, "gather", [&](std::size_t part, geos::Context&) { job(part); }, 1);
    };
    on_parts([&](std::size_t part) {
        Totals t;
        const auto [begin, end] = part_range(part);
        for (std::size_t k = begin; k < end; ++k) {
            const std::uint32_t i = order[k];
            const auto p0 = feature_offsets_[i], p1 = feature_offsets_[i + 1];
            const auto r0 = polygon_offsets_[p0], r1 = polygon_offsets_[p1];
            t.polygons += p1 - p0;
            t.rings += r1 - r0;
            t.points += ring_offsets_[r1] - ring_offsets_[r0];
        }
        start[part + 1] = t;
    });
    for (std::size_t part = 0; part < parts; ++part)
        start[part + 1] = {start[part].polygons + start[part + 1].polygons, start[part].rings + start[part + 1].rings,
                           start[part].points + start[part + 1].points};
    GeometryArray out;
    out.kinds_.resize(n);
    out.feature_offsets_.resize(n + 1);
    out.polygon_offsets_.resize(start[parts].polygons + 1);
    out.ring_offsets_.resize(start[parts].rings + 1);
    out.xy_.resize(2 * start[parts].points);
    out.feature_offsets_[0] = out.polygon_offsets_[0] = out.ring_offsets_[0] = 0;
    on_parts([&](std::size_t part) {
        const auto [begin, end] = part_range(part);
        std::uint64_t polygons = start[part].polygons, rings = start[part].rings, points = start[part].points;
        for (std::size_t k = begin; k < end; ++k) {
            // As append_from: the feature's polygons, rings and points in three runs, shifted.
            const std::uint32_t i = order[k];
            const auto p0 = feature_offsets_[i], p1 = feature_offsets_[i + 1];
            const auto r0 = polygon_offsets_[p0], r1 = polygon_offsets_[p1];
            const auto v0 = ring_offsets_[r0], v1 = ring_offsets_[r1];
            out.kinds_[k] = kinds_[i];
            for (auto p = p0 + 1; p <= p1; ++p) out.polygon_offsets_[++polygons] = polygon_offsets_[p] - r0 + rings;
            for (auto r = r0 + 1; r <= r1; ++r) out.ring_offsets_[++rings] = ring_offsets_[r] - v0 + points;
            std::copy(xy_.begin() + static_cast<std::ptrdiff_t>(2 * v0), xy_.begin() + static_cast<std::ptrdiff_t>(2 * v1),
                      out.xy_.begin() + static_cast<std::ptrdiff_t>(2 * points));
            points += v1 - v0;
            out.feature_offsets_[k + 1] = polygons;
        }
    });
    return out;
}

void GeometryArray::replace_features(const std::vector<std::pair<std::size_t, const GeometryArray*>>& replacements) {
    if (replacements.empty()) return;
    // Sizes of a replacement (its feature 0) and of the feature it replaces.
    struct Size {
        std::int64_t polygons, rings, points;
    };
    auto size_of = [](const GeometryArray& g, std::size_t i) {
        const auto p0 = g.feature_offsets_[i], p1 = g.feature_offsets_[i + 1];
        const auto r0 = g.polygon_offsets_[p0], r1 = g.polygon_offsets_[p1];
        return Size{static_cast<std::int64_t>(p1 - p0), static_cast<std::int64_t>(r1 - r0),
                    static_cast<std::int64_t>(g.ring_offsets_[r1] - g.ring_offsets_[r0])};
    };
    // Moving from the back, every unchanged feature moves up by what the replacements before it
    // added; where one took room away instead, copy into a new array as append_from does.
    std::vector<Size> delta;
    Size total{0, 0, 0};
    bool grows = true;
    for (auto [i, by] : replacements) {
        const Size a = size_of(*by, 0), b = size_of(*this, i);
        delta.push_back({a.polygons - b.polygons, a.rings - b.rings, a.points - b.points});
        total = {total.polygons + delta.back().polygons, total.rings + delta.back().rings, total.points + delta.back().points};
        grows = grows && total.polygons >= 0 && total.rings >= 0 && total.points >= 0;
    }
    if (!grows) {
        GeometryArray out;
        out.reserve(size(), static_cast<std::size_t>(static_cast<std::int64_t>(polygon_total()) + total.polygons),
                    static_cast<std::size_t>(static_cast<std::int64_t>(ring_total()) + total.rings),
                    static_cast<std::size_t>(static_cast<std::int64_t>(point_total()) + total.points));
        std::size_t next = 0;
        for (std::size_t i = 0; i < size(); ++i) {
            if (next < replacements.size() && replacements[next].first == i) out.append_from(*replacements[next++].second, 0);
            else out.append_from(*this, i);
        }
        *this = std::move(out);
        return;
    }
    const std::size_t n = size();
    const std::uint64_t old_p = polygon_total(), old_r = ring_total(), old_v = point_total();
    xy_.resize(2 * (old_v + static_cast<std::uint64_t>(total.points)));
    ring_offsets_.resize(old_r + static_cast<std::uint64_t>(total.rings) + 1);
    polygon_offsets_.resize(old_p + static_cast<std::uint64_t>(total.polygons) + 1);
    // The old ends of feature i (its successor's old starts), kept before they are overwritten.
    std::uint64_t p_end = old_p, r_end = old_r, v_end = old_v;
    Size shift = total;
    std::size_t k = replacements.size();
    for (std::size_t i = n; i-- > 0;) {
        const std::uint64_t p0 = feature_offsets_[i], r0 = p0 < p_end ? polygon_offsets_[p0] : r_end,
                            v0 = r0 < r_end ? ring_offsets_[r0] : v_end;
        if (k > 0 && replacements[k - 1].first == i) {
            --k;
            shift = {shift.polygons - delta[k].polygons, shift.rings - delta[k].rings, shift.points - delta[k].points};
            const GeometryArray& by = *replacements[k].second;
            const auto bp0 = by.feature_offsets_[0], bp1 = by.feature_offsets_[1];
            const auto br0 = by.polygon_offsets_[bp0], br1 = by.polygon_offsets_[bp1];
            const auto bv0 = by.ring_offsets_[br0], bv1 = by.ring_offsets_[br1];
            // Feature i starts where its old start lands with the shift of the features before it.
            const std::uint64_t p = p0 + static_cast<std::uint64_t>(shift.polygons),
                                r = r0 + static_cast<std::uint64_t>(shift.rings),
                                v = v0 + static_cast<std::uint64_t>(shift.points);
            std::copy(by.xy_.begin() + static_cast<std::ptrdiff_t>(2 * bv0), by.xy_.begin() + static_cast<std::ptrdiff_t>(2 * bv1),
                      xy_.begin() + static_cast<std::ptrdiff_t>(2 * v));
            for (auto q = br0; q < br1; ++q) ring_offsets_[r + (q - br0)] = by.ring_offsets_[q] - bv0 + v;
            for (auto q = bp0; q < bp1; ++q) polygon_offsets_[p + (q - bp0)] = by.polygon_offsets_[q] - br0 + r;
            feature_offsets_[i] = p;
            kinds_[i] = by.kinds_[0];
        } else if (shift.polygons || shift.rings || shift.points) {
            const auto sp = static_cast<std::uint64_t>(shift.polygons), sr = static_cast<std::uint64_t>(shift.rings),
                       sv = static_cast<std::uint64_t>(shift.points);
            // Up, from the back of each run: the target lies at or above the source.
            std::copy_backward(xy_.begin() + static_cast<std::ptrdiff_t>(2 * v0), xy_.begin() + static_cast<std::ptrdiff_t>(2 * v_end),
                               xy_.begin() + static_cast<std::ptrdiff_t>(2 * (v_end + sv)));
            for (auto q = r_end; q-- > r0;) ring_offsets_[q + sr] = ring_offsets_[q] + sv;
            for (auto q = p_end; q-- > p0;) polygon_offsets_[q + sp] = polygon_offsets_[q] + sr;
            feature_offsets_[i] = p0 + sp;
        }
        p_end = p0, r_end = r0, v_end = v0;
    }
    feature_offsets_[n] = old_p + static_cast<std::uint64_t>(total.polygons);
    polygon_offsets_.back() = old_r + static_cast<std::uint64_t>(total.rings);
    ring_offsets_.back() = old_v + static_cast<std::uint64_t>(total.points);
}

void GeometryArray::clear() {
    xy_.clear();
    ring_offsets_.assign(1, 0);
    polygon_offsets_.assign(1, 0);
    feature_offsets_.assign(1, 0);
    kinds_.clear();
}

void GeometryArray::reserve(std::size_t features, std::size_t polygons, std::size_t rings, std::size_t points) {
    kinds_.reserve(features);
    feature_offsets_.reserve(features + 1);
    polygon_offsets_.reserve(polygons + 1);
    ring_offsets_.reserve(rings + 1);
    xy_.reserve(2 * points);
}

void GeometryArray::reserve_like(const GeometryArray& other) {
    reserve(other.size(), other.feature_offsets_.back(), other.polygon_offsets_.back(), other.ring_offsets_.back());
}

// ---------------------------------------------------------------------------------------------
// WKB

namespace {

std::uint32_t swap_bytes(std::uint32_t v) { return __builtin_bswap32(v); }
std::uint64_t swap_bytes(std::uint64_t v) { return __builtin_bswap64(v); }

class WkbReader {
public:
    WkbReader(std::span<const std::uint8_t> data, const std::string& where, std::int64_t feature)
        : data_(data), where_(where), feature_(feature) {}

    std::uint8_t byte() {
        need(1);
        return data_[pos_++];
    }
    std::uint32_t uint32(bool little) {
        need(4);
        std::uint32_t v;
        std::memcpy(&v, data_.data() + pos_, 4);
        pos_ += 4;
        if (little != (std::endian::native == std::endian::little)) v = swap_bytes(v);
        return v;
    }
    double float64(bool little) {
        need(8);
        std::uint64_t v;
        std::memcpy(&v, data_.data() + pos_, 8);
        pos_ += 8;
        if (little != (std::endian::native == std::endian::little)) v = swap_bytes(v);
        return std::bit_cast<double>(v);
    }
    void skip(std::size_t n) {
        need(n);
        pos_ += n;
    }
    /// Fails unless `count` items of `bytes_each` bytes can still follow: a count is read before
    /// what it counts, so a corrupt one must not size an allocation (4e9 points = 64 GB).
    void expect(std::uint64_t count, std::size_t bytes_each) const {
        if (count * bytes_each > data_.size() - pos_)
            fail("a count of " + std::to_string(count) + " at byte " + std::to_string(pos_) +
                 " exceeds the " + std::to_string(data_.size() - pos_) + " bytes left");
    }
    [[noreturn]] void fail(const std::string& why) const {
        throw InputError(where_ + (feature_ >= 0 ? ", feature " + std::to_string(feature_) : std::string()) +
                         ": malformed WKB geometry (" + why +
                         "); check the file with ogrinfo or repair it with ogr2ogr -makevalid");
    }

private:
    void need(std::size_t n) const {
        if (pos_ + n > data_.size()) fail("truncated at byte " + std::to_string(pos_));
    }
    std::span<const std::uint8_t> data_;
    std::size_t pos_ = 0;
    const std::string& where_;
    std::int64_t feature_;  // named in the message; -1: none
};

struct WkbHeader {
    bool little;
    std::uint32_t type;  // 1..7 base type
    int dims;            // 2, 3 or 4 ordinates per point
};

WkbHeader read_header(WkbReader& in) {
    std::uint8_t order = in.byte();
    if (order > 1) in.fail("bad byte-order flag");
    bool little = order == 1;
    std::uint32_t raw = in.uint32(little);
    bool has_z = raw & 0x80000000u, has_m = raw & 0x40000000u;
    bool has_srid = raw & 0x20000000u;
    raw &= 0x0fffffffu;
    std::uint32_t thousands = raw / 1000;  // ISO: 1000 Z, 2000 M, 3000 ZM
    if (thousands == 1 || thousands == 3) has_z = true;
    if (thousands == 2 || thousands == 3) has_m = true;
    if (has_srid) in.skip(4);
    return WkbHeader{little, raw % 1000, 2 + int(has_z) + int(has_m)};
}

void read_polygon_body(WkbReader& in, const WkbHeader& h, GeometryArray& out, std::vector<double>& ring) {
    std::uint32_t rings = in.uint32(h.little);
    in.expect(rings, 4);  // each ring has at least its point count
    bool started = false;
    for (std::uint32_t r = 0; r < rings; ++r) {
        std::uint32_t points = in.uint32(h.little);
        in.expect(points, 8 * std::size_t(h.dims));
        ring.clear();
        ring.reserve(2 * std::size_t(points));
        for (std::uint32_t k = 0; k < points; ++k) {
            ring.push_back(in.float64(h.little));
            ring.push_back(in.float64(h.little));
            for (int extra = 2; extra < h.dims; ++extra) in.float64(h.little);
        }
        if (points == 0) continue;
        if (!started) {
            out.begin_polygon();
            started = true;
        }
        out.add_ring(ring);
    }
}

void read_points(WkbReader& in, const WkbHeader& h, std::uint32_t points, std::vector<double>& ring) {
    in.expect(points, 8 * std::size_t(h.dims));
    ring.clear();
    for (std::uint32_t k = 0; k < points; ++k) {
        ring.push_back(in.float64(h.little));
        ring.push_back(in.float64(h.little));
        for (int extra = 2; extra < h.dims; ++extra) in.float64(h.little);
    }
}

// Returns false when a member of another kind was met. `depth` counts nested collections: real
// data nests one or two deep, a corrupt blob could nest until the stack runs out.
bool read_geometry(WkbReader& in, GeometryArray& out, std::vector<double>& ring, GeometryKind kind,
                   int depth = 0) {
    constexpr int max_depth = 32;
    WkbHeader h = read_header(in);
    if (h.type >= 4 && h.type <= 7) {  // multi-geometries and collections
        if (depth == max_depth) in.fail("collections nested more than " + std::to_string(max_depth) + " deep");
        std::uint32_t n = in.uint32(h.little);
        in.expect(n, 5);  // each member has at least a byte order and a type
        bool same_kind = true;
        for (std::uint32_t k = 0; k < n; ++k) same_kind = read_geometry(in, out, ring, kind, depth + 1) && same_kind;
        return same_kind;
    }
    if (h.type == 3 && kind == GeometryKind::polygon) {
        read_polygon_body(in, h, out, ring);
        return true;
    }
    if (h.type == 2 && kind == GeometryKind::line) {
        read_points(in, h, in.uint32(h.little), ring);
        if (ring.size() / 2 < 2) return true;  // fewer than two points: nothing to keep
        out.add_line_part(ring);
        return true;
    }
    if (h.type == 1 && kind == GeometryKind::point) {
        read_points(in, h, 1, ring);
        if (std::isnan(ring[0]) || std::isnan(ring[1])) return true;  // POINT EMPTY
        out.begin_polygon();
        out.add_ring(ring);
        return true;
    }
    return false;
}

}  // namespace

WkbContent decode_wkb(std::span<const std::uint8_t> wkb, GeometryArray& out, const std::string& where,
                      GeometryKind kind, std::int64_t feature) {
    WkbReader in(wkb, where, feature);
    // Decoded into a scratch array first (a malformed blob must leave `out` untouched), one per
    // thread and reused: a fresh one per feature was a handful of allocations per building.
    thread_local GeometryArray scratch;
    thread_local std::vector<double> ring;
    scratch.clear();
    scratch.begin_feature(kind);
    if (!read_geometry(in, scratch, ring, kind)) return WkbContent::not_polygonal;
    if (scratch.polygon_count(0) == 0) return WkbContent::empty;
    out.append_from(scratch, 0);
    return WkbContent::polygonal;
}

std::vector<std::uint8_t> encode_wkb(const GeometryArray& polygons, std::size_t i) {
    const GeometryKind kind = polygons.kind(i);
    std::vector<std::uint8_t> out;
    auto put32 = [&](std::uint32_t v) {
        if constexpr (std::endian::native != std::endian::little) v = swap_bytes(v);
        auto* b = reinterpret_cast<const std::uint8_t*>(&v);
        out.insert(out.end(), b, b + 4);
    };
    auto put64 = [&](double d) {
        auto v = std::bit_cast<std::uint64_t>(d);
        if constexpr (std::endian::native != std::endian::little) v = swap_bytes(v);
        auto* b = reinterpret_cast<const std::uint8_t*>(&v);
        out.insert(out.end(), b, b + 8);
    };
    auto coords = polygons.coordinates();
    std::size_t parts = polygons.polygon_count(i);
    auto put_polygon = [&](const std::vector<std::pair<std::size_t, std::size_t>>& rings) {
        out.push_back(1);
        put32(3);
        put32(static_cast<std::uint32_t>(rings.size()));
        for (auto [begin, end] : rings) {
            put32(static_cast<std::uint32_t>(end - begin));
            for (auto k = begin; k < end; ++k) {
                put64(coords[2 * k]);
                put64(coords[2 * k + 1]);
            }
        }
    };
    auto rings_of = polygons.rings_of(i);
    if (kind != GeometryKind::polygon) {
        // Lines: the first half of each there-and-back ring; points: the one vertex.
        std::uint32_t base = kind == GeometryKind::line ? 2 : 1;
        auto put_part = [&](std::size_t begin, std::size_t end) {
            out.push_back(1);
            put32(base);
            if (kind == GeometryKind::line) {
                std::size_t n = (end - begin + 1) / 2;
                put32(static_cast<std::uint32_t>(n));
                end = begin + n;
            }
            for (auto k = begin; k < (kind == GeometryKind::line ? end : begin + 1); ++k) {
                put64(coords[2 * k]);
                put64(coords[2 * k + 1]);
            }
        };
        if (parts == 1) {
            put_part(rings_of[0][0].first, rings_of[0][0].second);
        } else {
            out.push_back(1);
            put32(base + 3);
            put32(static_cast<std::uint32_t>(parts));
            for (auto& rings : rings_of) put_part(rings[0].first, rings[0].second);
        }
        return out;
    }
    if (parts == 1) {
        put_polygon(rings_of[0]);
    } else {
        out.push_back(1);
        put32(6);
        put32(static_cast<std::uint32_t>(parts));
        for (auto& rings : rings_of) put_polygon(rings);
    }
    return out;
}

std::vector<std::vector<std::pair<std::size_t, std::size_t>>> GeometryArray::rings_of(std::size_t i) const {
    std::vector<std::vector<std::pair<std::size_t, std::size_t>>> result;
    for (auto p = feature_offsets_[i]; p < feature_offsets_[i + 1]; ++p) {
        auto& rings = result.emplace_back();
        for (auto r = polygon_offsets_[p]; r < polygon_offsets_[p + 1]; ++r)
            rings.emplace_back(ring_offsets_[r], ring_offsets_[r + 1]);
    }
    return result;
}

std::pair<double, double> centroid(const GeometryArray& polygons, std::size_t i) {
    auto xy = polygons.coordinates();
    double area = 0, cx = 0, cy = 0;
    // Relative to the first vertex for precision in RD coordinates.
    std::size_t origin = 0;
    polygons.for_each_ring(i, [&](std::size_t begin, std::size_t, bool shell) { if (shell && origin == 0) origin = begin; });
    double ox = xy[2 * origin], oy = xy[2 * origin + 1];
    polygons.for_each_ring(i, [&](std::size_t begin, std::size_t end, bool shell) {
        double ring_area = 0, rx = 0, ry = 0;
        for (std::size_t k = begin; k < end; ++k) {
            std::size_t next = k + 1 < end ? k + 1 : begin;
            double x0 = xy[2 * k] - ox, y0 = xy[2 * k + 1] - oy, x1 = xy[2 * next] - ox, y1 = xy[2 * next + 1] - oy;
            double c = x0 * y1 - x1 * y0;
            ring_area += c;
            rx += (x0 + x1) * c;
            ry += (y0 + y1) * c;
        }
        // Shells add, holes subtract, whatever the ring orientation.
        double sign = ((ring_area >= 0) == shell) ? 1.0 : -1.0;
        area += sign * ring_area;
        cx += sign * rx;
        cy += sign * ry;
    });
    if (area == 0) {
        Box b = polygons.bounds(i);
        return {(b.min_x + b.max_x) / 2, (b.min_y + b.max_y) / 2};
    }
    return {ox + cx / (3 * area), oy + cy / (3 * area)};
}

}  // namespace warmte
