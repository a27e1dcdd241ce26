// Scores, classes, strategy and phasing per buurt (docs/model.md §3.4), with the parts that explain
// each score, and a sensitivity analysis over weights and anchors. Works on a small table of
// per-buurt indicators, so re-scoring never touches geometry.
#pragma once

#include "warmte/config.hpp"
#include "warmte/table.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace warmte {

/// The indicators the scores read, one value per buurt (NaN where unknown).
struct ScoreInputs {
    std::vector<double> heat_density_gj_ha, linear_heat_density_mwh_m, dwelling_density_ha;
    std::vector<double> aquathermie_coverage, source_distance_m, wko_share, lt_share;
    std::vector<double> dist_heat_network_m, other_supply_gj;  // other supply: TEA + TED allocated
    std::vector<double> linked_works_year;                     // earliest linked works; NaN if none

    std::size_t size() const { return heat_density_gj_ha.size(); }
};

struct HeatNetworkIndicators;
struct MatchingResult;
struct VectorLayer;

/// The score inputs from the stages' results (never from output columns): network indicators,
/// the aquathermie matching and shares, the distance to an existing network (null: none given)
/// and the earliest linked works per buurt.
ScoreInputs score_inputs(const HeatNetworkIndicators& network, const MatchingResult& matching,
                         const std::vector<double>& wko_share, const std::vector<double>& lt_share,
                         const std::vector<double>* dist_heat_network_m, std::vector<double> linked_works_year);

/// Per buurt, the earliest year from `reference_year` on that any linked-works field names (gas
/// mains, sewer, renovation); NaN if none.
std::vector<double> linked_works_year(const VectorLayer& buurten, const NeighbourhoodFields& fields,
                                      double reference_year);

struct ScorePart {
    std::string criterion;
    std::vector<double> raw, normalised, contribution;  // contribution on the 0-100 scale
};

struct Scores {
    std::vector<ScorePart> heat_network_parts, aquathermie_parts;
    std::vector<double> heat_network, aquathermie;  // 0-100
    std::vector<std::string> heat_network_class, aquathermie_class;
    std::vector<std::string> top_driver;
    std::vector<std::string> strategy, strategy_label_nl, strategy_label_en, strategy_rule;
    std::vector<std::string> strategy_by_rules;  // the rule set's strategy, whatever strategy.decision says
    std::vector<std::string> phase, phase_reason;
};

/// Scores are 0-100 by contract; sums of weighted parts are clamped into that range.
inline constexpr double score_max = 100.0;

/// Normalised value of a raw value on a criterion's ramp (0 for unknown values).
double ramp(double raw, const Criterion& c);
/// "not_promising", "possible" or "promising".
std::string score_class(double score, const ScoreParameters& p);
/// Throws ConfigError for impossible settings (all weights zero, class bounds out of order).
void validate(const ScoreParameters& p);

/// Scores, classes, strategy and phase of every buurt, on `threads` threads (the same result on any number).
Scores compute_scores(const ScoreInputs& inputs, const ScoreParameters& p, double reference_year, unsigned threads = 1);

/// The readable label of a strategy S1-S4 ("nl" or "en").
const char* strategy_label(const std::string& strategy, const std::string& language);

struct Sensitivity {
    std::vector<double> hn_p_promising, hn_p_possible, hn_p_not_promising, hn_rank_p5, hn_rank_p95;
    std::vector<double> aq_p_promising, aq_p_possible, aq_p_not_promising, aq_rank_p5, aq_rank_p95;
};

/// Samples every weight and anchor uniformly within ±spread of its value (seeded, so the same
/// seed gives the same result), and reports per buurt the probability of each class and the
/// 5-95 % range of its rank (1 = highest score).
Sensitivity compute_sensitivity(const ScoreInputs& inputs, const ScoreParameters& p, int samples, double spread,
                                std::uint64_t seed);


}  // namespace warmte
