// `warmte --describe`: the library's declaration tables as JSON, for programs that drive warmte
// from outside (the QGIS plugin builds its algorithms' parameters from it, not from a list of
// its own).
#pragma once

#include <string>
#include <vector>

namespace warmte::cli {

/// An option of the program beside the input roles: name, value (empty: a flag), help.
struct OptionInfo {
    std::string name;
    std::string value;
    std::string help;
    bool repeatable = false;
};

/// The JSON document: version, input roles, options, parameters (key, default, unit, source,
/// description), criteria, languages, map kinds and exit statuses.
std::string describe_json(const std::vector<OptionInfo>& options);

}  // namespace warmte::cli
