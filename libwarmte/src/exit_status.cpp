#include "warmte/exit_status.hpp"

#include "warmte/error.hpp"

namespace warmte {

const std::vector<ExitStatus>& exit_statuses() {
    static const std::vector<ExitStatus> table = {
        {exit_ok, "success"},
        {exit_bad_input, "bad input or configuration (InputError, ConfigError, a wrong option)"},
        {exit_output, "an output could not be written (OutputError; also: the GeoPackage was written but the map "
                      "could not be drawn); nothing partial is left and an older output is kept"},
        {exit_geometry, "a geometry operation failed that repair could not fix (GeometryError)"},
        {exit_cancelled, "the run was cancelled (Cancelled: Ctrl-C, SIGTERM, a progress callback saying stop); "
                         "nothing was written"},
        {exit_partitions_failed, "batch: some partitions failed (each said why); the finished parts are kept, so "
                                 "running the batch again redoes only what is missing"},
        {exit_internal, "internal error (a bug: please report it with the command line)"},
    };
    return table;
}

int exit_status_of(const std::exception& e) {
    if (dynamic_cast<const OutputError*>(&e)) return exit_output;
    if (dynamic_cast<const GeometryError*>(&e)) return exit_geometry;
    if (dynamic_cast<const Cancelled*>(&e)) return exit_cancelled;
    if (dynamic_cast<const Error*>(&e)) return exit_bad_input;
    return exit_internal;
}

}  // namespace warmte
