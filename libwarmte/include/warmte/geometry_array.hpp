// Features as flat arrays (GeoArrow-like): one coordinate buffer, offsets for rings, parts and
// features, and the kind of each feature (polygon, line or point). Millions of buildings fit in a
// few contiguous vectors, areas and bounding boxes are computed without GEOS, and GEOS geometries
// are built only when needed.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <new>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace warmte {

struct Box {
    double min_x, min_y, max_x, max_y;
    bool contains(const Box& other) const {
        return other.min_x >= min_x && other.max_x <= max_x && other.min_y >= min_y &&
               other.max_y <= max_y;
    }
    bool intersects(const Box& other) const {
        return other.min_x <= max_x && other.max_x >= min_x && other.min_y <= max_y &&
               other.max_y >= min_y;
    }
    /// The smallest box holding both.
    Box joined(const Box& other) const {
        return {std::min(min_x, other.min_x), std::min(min_y, other.min_y), std::max(max_x, other.max_x),
                std::max(max_y, other.max_y)};
    }
    /// The part both cover (min above max where they do not meet).
    Box intersected(const Box& other) const {
        return {std::max(min_x, other.min_x), std::max(min_y, other.min_y), std::min(max_x, other.max_x),
                std::min(max_y, other.max_y)};
    }
};

/// The geometry a layer holds. Lines and points are kept in the same flat arrays: a line as a
/// ring that runs there and back (so its segments are the line's, twice, and it has no area),
/// a point as a ring of one vertex. Distances and bounding boxes then work unchanged.
enum class GeometryKind { polygon, line, point };

/// Features of any kind. A polygon feature is a Polygon or a MultiPolygon (the first ring of each
/// part is its shell, the others its holes); lines and points are stored as GeometryKind says.
class GeometryArray {
public:
    std::size_t size() const { return feature_offsets_.size() - 1; }
    bool empty() const { return size() == 0; }

    /// Starts a new feature of `kind`; rings follow with begin_polygon / add_ring.
    void begin_feature(GeometryKind kind = GeometryKind::polygon) {
        feature_offsets_.push_back(feature_offsets_.back());
        kinds_.push_back(kind);
    }
    /// What feature i is (each feature carries its own kind, so mixed arrays need no side list).
    GeometryKind kind(std::size_t i) const { return kinds_[i]; }
    void begin_polygon();
    /// Appends a ring (closed or not; it is stored as given) to the current polygon.
    void add_ring(std::span<const double> xy);
    /// Appends a point as a new feature: a ring of one vertex (see GeometryKind).
    void add_point(double x, double y);
    /// Appends a box as a new polygon feature (a search window, a buurt's box).
    void add_box(const Box& b);
    /// Appends a polyline (x, y, x, y, ...; two points or more) as a new feature: its vertices
    /// there and back (see GeometryKind).
    void add_line(std::span<const double> xy);
    /// Appends a polyline as one more part of the current feature (a MultiLineString).
    void add_line_part(std::span<const double> xy);

    std::span<double> coordinates() { return xy_; }
    std::span<const double> coordinates() const { return xy_; }

    /// Shoelace area of feature i (shells minus holes), in squared CRS units.
    double area(std::size_t i) const;
    Box bounds(std::size_t i) const;
    /// Number of vertices of feature i.
    std::size_t vertex_count(std::size_t i) const;


    /// Appends feature `i` of `other` unchanged.
    void append_from(const GeometryArray& other, std::size_t i);
    /// Features order[0], order[1], ... of this array, unchanged, as a new array (a permutation
    /// or any selection). With `threads` > 1 each thread fills its share of the order straight
    /// into its place in the result: at 10M buildings a gather in halves appended afterwards
    /// touched half a gigabyte of fresh memory more.
    GeometryArray gathered(std::span<const std::uint32_t> order, unsigned threads = 1) const;
    /// Feature i replaced by feature 0 of `by` for each (i, by), sorted by i, in place: no copy
    /// into fresh memory where the replacements need only the room the arrays have (the read
    /// leaves some), which at 10M buildings took 1.5 s more than the repair itself.
    void replace_features(const std::vector<std::pair<std::size_t, const GeometryArray*>>& replacements);
    /// No features, keeping the memory for reuse.
    void clear();
    /// Room for this many features, polygons, rings and points (only speed depends on it).
    void reserve(std::size_t features, std::size_t polygons, std::size_t rings, std::size_t points);
    /// Room for as much as `other` holds: before copying all or most of it.
    void reserve_like(const GeometryArray& other);
    /// All polygons, rings and points held (what reserve takes).
    std::size_t polygon_total() const { return feature_offsets_.back(); }
    std::size_t ring_total() const { return polygon_offsets_.back(); }
    std::size_t point_total() const { return ring_offsets_.back(); }

    /// Calls visit(begin, end, is_shell) for each ring of feature i, with point index ranges.
    template <class Visit>
    void for_each_ring(std::size_t i, Visit&& visit) const {
        for (auto p = feature_offsets_[i]; p < feature_offsets_[i + 1]; ++p)
            for (auto r = polygon_offsets_[p]; r < polygon_offsets_[p + 1]; ++r)
                visit(static_cast<std::size_t>(ring_offsets_[r]), static_cast<std::size_t>(ring_offsets_[r + 1]),
                      r == polygon_offsets_[p]);
    }
    /// Number of rings of feature i.
    std::size_t ring_count(std::size_t i) const {
        return polygon_offsets_[feature_offsets_[i + 1]] - polygon_offsets_[feature_offsets_[i]];
    }

    /// Point index ranges [begin, end) of the rings of each polygon of feature i.
    std::vector<std::vector<std::pair<std::size_t, std::size_t>>> rings_of(std::size_t i) const;

    std::size_t polygon_count(std::size_t i) const {
        return feature_offsets_[i + 1] - feature_offsets_[i];
    }

    /// Calls visit(array) for each flat array in a fixed order (the saved states: phases.hpp);
    /// after arrays were replaced, consistent() says whether they describe features.
    template <class Visit>
    void visit_buffers(Visit&& visit) {
        visit(xy_);
        visit(ring_offsets_);
        visit(polygon_offsets_);
        visit(feature_offsets_);
        visit(kinds_);
    }
    /// Offsets start at 0, never decrease, end at the sizes of what they index, one kind per feature.
    bool consistent() const;

private:
    // Resizing leaves new elements uninitialised: gathered() sizes its arrays and then writes
    // every element once, on the thread that fills that part (a value-initialising resize would
    // touch a gigabyte of fresh pages on one thread first).
    template <class T>
    struct Uninitialised : std::allocator<T> {
        template <class U>
        struct rebind {
            using other = Uninitialised<U>;
        };
        Uninitialised() = default;
        template <class U>
        Uninitialised(const Uninitialised<U>&) noexcept {}
        template <class U>
        void construct(U* p) noexcept {
            ::new (static_cast<void*>(p)) U;
        }
        template <class U, class... Args>
        void construct(U* p, Args&&... args) {
            ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
        }
    };
    template <class T>
    using Array = std::vector<T, Uninitialised<T>>;

    Array<double> xy_;
    Array<std::uint64_t> ring_offsets_{0};     // in points
    Array<std::uint64_t> polygon_offsets_{0};  // in rings
    Array<std::uint64_t> feature_offsets_{0};  // in polygons
    Array<GeometryKind> kinds_;                // per feature
};

/// What decode_wkb found in one WKB blob.
enum class WkbContent { polygonal, empty, not_polygonal };


/// Decodes a WKB (ISO or EWKB flags, either byte order, Z/M dropped) Polygon, MultiPolygon or a
/// GeometryCollection of them and appends it to `out` as a new feature when polygonal.
/// Throws InputError (with `where` and, when not -1, ", feature `feature`" in the message) on
/// malformed WKB; the message is only put together then (a reader decodes millions of features).
/// With `kind` line or point, reads (Multi)LineStrings or (Multi)Points instead, as described at
/// GeometryKind; "not_polygonal" then means "not of that kind".
WkbContent decode_wkb(std::span<const std::uint8_t> wkb, GeometryArray& out, const std::string& where,
                      GeometryKind kind = GeometryKind::polygon, std::int64_t feature = -1);

/// Encodes feature i as little-endian ISO WKB by its kind: (Multi)Polygon, (Multi)LineString or
/// (Multi)Point.
std::vector<std::uint8_t> encode_wkb(const GeometryArray& polygons, std::size_t i);

/// Area-weighted centroid of feature i (the middle of its bounding box when it has no area:
/// lines and points).
std::pair<double, double> centroid(const GeometryArray& polygons, std::size_t i);

}  // namespace warmte
