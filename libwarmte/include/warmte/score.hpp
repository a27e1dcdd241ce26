// Scores, classes, strategy and phasing per buurt (DESIGN.md §3.4), with the parts that explain
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
    /// The raw value of a criterion for buurt b ("heat_density", "coverage", ...).
    double raw(const std::string& criterion, std::size_t b, const ScoreParameters& p) const;
};

struct ScorePart {
    std::string criterion;
    std::vector<double> raw, normalised, contribution;  // contribution on the 0-100 scale
};

struct Scores {
    std::vector<ScorePart> heat_network_parts, aquathermie_parts;
    std::vector<double> heat_network, aquathermie;  // 0-100
    std::vector<std::string> heat_network_class, aquathermie_class;
    std::vector<std::string> top_driver;
    std::vector<std::string> strategy, strategy_label, strategy_rule;
    std::vector<std::string> phase, phase_reason;
};

/// Normalised value of a raw value on a criterion's ramp (0 for unknown values).
double ramp(double raw, const Criterion& c);
/// "not_promising", "possible" or "promising".
std::string score_class(double score, const ScoreParameters& p);
/// Throws ConfigError for impossible settings (all weights zero, class bounds out of order).
void validate(const ScoreParameters& p);

Scores compute_scores(const ScoreInputs& inputs, const ScoreParameters& p, double reference_year);

struct Sensitivity {
    std::vector<double> hn_p_promising, hn_p_possible, hn_p_not_promising, hn_rank_p5, hn_rank_p95;
    std::vector<double> aq_p_promising, aq_p_possible, aq_p_not_promising, aq_rank_p5, aq_rank_p95;
};

/// Samples every weight and anchor uniformly within ±spread of its value (seeded, so the same
/// seed gives the same result), and reports per buurt the probability of each class and the
/// 5-95 % range of its rank (1 = highest score).
Sensitivity compute_sensitivity(const ScoreInputs& inputs, const ScoreParameters& p, int samples, double spread,
                                std::uint64_t seed);

/// Appends the score fields (scores, classes, parts, driver, strategy, phase) to a table.
void add_score_columns(Table& table, const Scores& scores);
void add_sensitivity_columns(Table& table, const Sensitivity& s);

}  // namespace warmte
