// The input roles: one row per kind of input layer (its CLI option, TOML key, Python keyword,
// geometry kind, whether it is required and repaired, the fields it must carry). The CLI's
// options and --help, the project-file keys, the Python keywords, the readers and the
// preparation stage all come from this table, so adding a role is one row plus its model code.
#pragma once

#include "warmte/config.hpp"
#include "warmte/layer.hpp"
#include "warmte/geometry_array.hpp"
#include "warmte/role.hpp"

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace warmte {

/// How warmte batch reads a role: in a partition's narrow halo (the buildings and what lies with
/// them), in its wide halo (the layers measured by distance), or whole in the global step (the
/// supply shared across partitions).
enum class BatchRead { near, distance, whole };

struct InputRole {
    Role role;
    const char* name;    // TOML key inputs.<name>, Python keyword <name>, data-quality layer name
    const char* option;  // CLI option, "--heat-network"
    const char* label;   // how messages name it: "heat network"
    GeometryKind kind;
    bool required;
    /// Polygons are repaired with make-valid and must not be empty (lines and points are only
    /// reprojected: validity is a polygon notion).
    bool repaired;
    /// The layer may also hold lines with a width, buffered into polygons after reprojection.
    bool lines_with_width;
    /// Points wanted, but polygons are taken by their centroid (BAG verblijfsobjecten are
    /// sometimes distributed as the polygon of the pand they lie in).
    bool centroids;
    BatchRead batch;
    FieldRequest (*fields)(const Config&);
    const char* help;  // one line for --help and the TOML description
    /// Features of the role's kind (points, lines), or polygons kept as polygons (a station's
    /// location or its service area; a postcode's point or a congestion area; a works line or
    /// a works area): whichever the layer holds.
    bool or_polygons = false;
};

/// Every role, in table order.
const std::vector<InputRole>& input_roles();
const InputRole& input_role(Role role);
/// The role whose name (TOML key / Python keyword) is `name`; nullptr when none.
const InputRole* find_input_role(const std::string& name);

/// The input layers of one run, one slot per role; lines of a water layer that have a width are
/// kept apart until they are buffered.
struct InputLayers {
    std::array<std::optional<VectorLayer>, role_count> layers;
    std::optional<VectorLayer> water_lines;
    /// Read through a window (a partition of warmte batch): a layer may hold no features there.
    bool windowed = false;

    std::optional<VectorLayer>& operator[](Role r) { return layers[static_cast<std::size_t>(r)]; }
    const std::optional<VectorLayer>& operator[](Role r) const { return layers[static_cast<std::size_t>(r)]; }
    /// The layer of a role, or nullptr when it was not given.
    const VectorLayer* get(Role r) const { return (*this)[r] ? &*(*this)[r] : nullptr; }
};

}  // namespace warmte
