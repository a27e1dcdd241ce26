// Exceptions of libwarmte. Every message names the file, layer, field or feature it is about
// and says what to do, so the CLI can print it as one line and Python can raise it unchanged.
#pragma once

#include <stdexcept>
#include <string>

#include "warmte/redact.hpp"

namespace warmte {

/// Base of every error libwarmte throws on purpose. Its message is redacted here, once, so no
/// password or token in a source name (ours or echoed by GDAL) reaches a terminal or a log.
class Error : public std::runtime_error {
public:
    explicit Error(const std::string& what) : std::runtime_error(redact(what)) {}
    explicit Error(const char* what) : Error(std::string(what)) {}
};

/// Bad or unreadable input data: missing file, layer, field, CRS, unusable geometry.
class InputError : public Error {
public:
    using Error::Error;
};

/// A partition of warmte batch measured something that may reach past the halo it read (a
/// building's neighbours, its nearest water): the batch reads it again with a wider halo, at least
/// `needed_m` when the measurement says how far it reaches (0: unknown); `distance`: the halo of the
/// layers measured by distance (water, heat-network lines), not that of the buildings.
class HaloTooSmall : public InputError {
public:
    explicit HaloTooSmall(const std::string& message, double needed = 0, bool of_distance = false)
        : InputError(message), needed_m(needed), distance(of_distance) {}
    double needed_m;
    bool distance;
};

/// A geometry operation failed in a way repair could not fix.
class GeometryError : public Error {
public:
    using Error::Error;
};

/// Bad configuration: unknown key, wrong type, impossible value.
class ConfigError : public Error {
public:
    using Error::Error;
};

/// An output could not be written (missing or read-only folder, a folder in the way, disk
/// full). Nothing partial is left behind and an older output is kept.
class OutputError : public Error {
public:
    using Error::Error;
};

/// The run was cancelled by the caller (Ctrl-C in Python, a progress callback saying stop).
class Cancelled : public Error {
public:
    using Error::Error;
};

}  // namespace warmte
