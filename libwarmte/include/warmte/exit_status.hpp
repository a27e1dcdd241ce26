// The exit status of the warmte program per kind of failure: one table for the program, its
// --help, the README and whoever runs the program (the QGIS plugin reads it through Python).
#pragma once

#include <exception>
#include <vector>

namespace warmte {

inline constexpr int exit_ok = 0;
inline constexpr int exit_internal = 1;
inline constexpr int exit_bad_input = 2;
inline constexpr int exit_output = 3;
inline constexpr int exit_geometry = 4;
inline constexpr int exit_cancelled = 5;
inline constexpr int exit_partitions_failed = 6;

struct ExitStatus {
    int code;
    const char* meaning;
};

/// Every exit status with what it means, in the order --help lists them.
const std::vector<ExitStatus>& exit_statuses();

/// The exit status of an exception: OutputError 3, GeometryError 4, Cancelled 5, any other
/// libwarmte Error (InputError, ConfigError) 2, anything else 1 (a bug).
int exit_status_of(const std::exception& e);

}  // namespace warmte
