// Small exact-enough predicates on flat polygon arrays that let the common cases skip GEOS:
// a certainly-valid simple footprint, and the distance between two polygons whose boxes are
// apart. Each answers conservatively; where it cannot be sure, the caller asks GEOS.
#pragma once

#include "warmte/geometry_array.hpp"

#include <optional>
#include <span>

namespace warmte::planar {

/// True when feature i is one ring of at most `max_vertices` points that certainly forms a
/// valid polygon (closed, no repeated points, no self-intersection or touching, non-zero area).
/// False means "ask GEOS", not "invalid".
bool certainly_valid_simple(const GeometryArray& polygons, std::size_t i, std::size_t max_vertices = 32);

/// Distance between feature i of `a` and feature j of `b` when their bounding boxes do not
/// intersect (then the polygons cannot overlap and the distance is that of their boundaries);
/// nullopt when the boxes intersect.
std::optional<double> distance_if_apart(const GeometryArray& a, std::size_t i, const Box& a_box, const GeometryArray& b,
                                        std::size_t j, const Box& b_box);

/// Distance from point (px, py) to the segment (ax, ay)-(bx, by).
double point_segment_distance(double px, double py, double ax, double ay, double bx, double by);

/// Distance between feature i of `a` and feature j of `b` (0 when they touch or overlap),
/// computed from their segments; for small footprints it is far cheaper than GEOS.
double polygon_distance(const GeometryArray& a, std::size_t i, const GeometryArray& b, std::size_t j);

/// The vertex of feature i nearest (x, y) (the first of equals): where a route from a source's
/// shape starts (a point's own coordinates for a point).
std::pair<double, double> nearest_vertex(const GeometryArray& shapes, std::size_t i, double x, double y);

/// Distance between polygon feature i of `a` (box `a_box`) and the open polyline `line` (x, y
/// pairs): 0 when they cross or touch or the line lies inside the polygon. A piece of a long
/// water outline against a footprint.
double polyline_distance(const GeometryArray& a, std::size_t i, const Box& a_box, std::span<const double> line);

/// polygon_distance(a, i, b, j) <= d, decided from the same values but stopping at the first
/// pair of segments within d and skipping pairs whose boxes are farther apart than d: a test for
/// touching neighbours that costs a fraction of the full distance.
bool within_distance(const GeometryArray& a, std::size_t i, const GeometryArray& b, std::size_t j, double d);

/// Area of (feature i of `subject`) ∩ (feature j of `clip`) when feature j is a single convex
/// ring (most footprints and ditches): Sutherland-Hodgman clipping of each subject ring by it,
/// which gives the exact area for any subject, holes included. nullopt when j is not convex.
std::optional<double> convex_clip_area(const GeometryArray& subject, std::size_t i, const GeometryArray& clip,
                                       std::size_t j);

/// Whether feature i is a single convex ring, as convex_interiors_overlap and convex_clip_area
/// need it (worth knowing once per feature where it meets many others).
bool is_convex(const GeometryArray& polygons, std::size_t i);

/// Whether the interiors of features i of `a` and j of `b` overlap (sharing only an edge or a
/// point is no overlap) when both are single convex rings (ditches, most footprints): no edge of
/// either has the other wholly on its outer side. nullopt when either is not convex.
std::optional<bool> convex_interiors_overlap(const GeometryArray& a, std::size_t i, const GeometryArray& b,
                                             std::size_t j);

/// True only when the interiors of polygon features i of `a` and j of `b` certainly do not
/// overlap, decided with exact-sign orientation tests: the boundaries meet only in shared
/// vertices and in edges they share with the interiors on either side, and
/// no stretch of either boundary between shared vertices lies inside the other. Neighbouring
/// buurten that share their edges vertex for vertex pass; anything else (a vertex on the other's
/// edge, a crossing, an edge with both interiors on one side, a test too close to call) is false, which
/// means "ask GEOS", not "they overlap".
bool interiors_certainly_disjoint(const GeometryArray& a, std::size_t i, const GeometryArray& b, std::size_t j);

/// Whether the interiors certainly overlap (a vertex of one certainly inside the other, or
/// boundaries that cross; a vertex the two share counts for neither) or certainly do not (the
/// test above), on edges built once; nullopt when neither can tell ("ask GEOS": copies of one
/// polygon, boundaries that run along each other).
std::optional<bool> interiors_overlap_if_certain(const GeometryArray& a, std::size_t i, const GeometryArray& b,
                                                 std::size_t j);

/// True when point (x, y) lies inside polygon feature i (even-odd over all its rings, so holes
/// are outside); a point on the boundary may go either way.
bool contains_point(const GeometryArray& polygons, std::size_t i, double x, double y);

/// Length of all rings of polygon feature i (its perimeter, holes included).
double perimeter(const GeometryArray& polygons, std::size_t i);

}  // namespace warmte::planar
