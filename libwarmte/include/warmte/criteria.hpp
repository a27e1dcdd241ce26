// The criterion registry: one row per scoring criterion (its score, name, readable label, unit,
// source, default ramp and weight, and how its raw value is obtained from the per-buurt
// indicators). The TOML keys score.<score>.<criterion>.weight|zero|one, --help-config, the
// scoring, top_driver, the part fields and Python all read it.
#pragma once

#include "warmte/config.hpp"
#include "warmte/score.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace warmte {

struct CriterionInfo {
    ScoreKind score;
    const char* name;    // score.<score>.<name>.*, and the part fields hn_/aq_{raw,norm,part}_<name>
    const char* label;   // readable, for top_driver and legends
    const char* unit;    // of the raw value and the anchors
    const char* source;  // of the default anchors
    double weight, zero, one;
    /// The raw value for buurt b.
    double (*raw)(const ScoreInputs& in, std::size_t b, const ScoreParameters& p);
};

/// Every criterion, heat-network criteria first, in the order of the score parts.
const std::vector<CriterionInfo>& criteria();
/// The registry row of a criterion of `score`; ConfigError for an unknown name.
const CriterionInfo& criterion_info(ScoreKind score, const std::string& name);
/// "heat_network" or "aquathermie".
const char* score_name(ScoreKind score);

}  // namespace warmte
