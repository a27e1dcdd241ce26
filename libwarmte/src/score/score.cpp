#include "warmte/score.hpp"
#include "warmte/number_text.hpp"
#include "parallel.hpp"

#include "warmte/units.hpp"

#include "warmte/criteria.hpp"
#include "warmte/error.hpp"
#include "warmte/layer.hpp"
#include "warmte/matching.hpp"
#include "warmte/network.hpp"

#include <algorithm>
#include <tuple>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

namespace warmte {

namespace {

constexpr double score_scale = score_max;

// "1,840" for large values, "0.85" for small ones.
std::string readable(double x) {
    if (std::isnan(x)) return "unknown";
    if (std::abs(x) >= 100) {
        long long v = std::llround(x);
        std::string digits = std::to_string(std::llabs(v)), grouped = v < 0 ? "-" : "";
        for (std::size_t k = 0; k < digits.size(); ++k) {
            if (k > 0 && (digits.size() - k) % 3 == 0) grouped.push_back(',');
            grouped.push_back(digits[k]);
        }
        return grouped;
    }
    return fixed_number(x, 2);
}

double weight_sum(const std::vector<Criterion>& criteria) {
    double sum = 0;
    for (const Criterion& c : criteria) sum += c.weight;
    return sum;
}

std::vector<double> score_of(const ScoreInputs& in, ScoreKind kind, const std::vector<Criterion>& criteria,
                             const ScoreParameters& p, std::vector<ScorePart>* parts) {
    const std::size_t n = in.size();
    const double total = weight_sum(criteria);
    std::vector<double> score(n, 0.0);
    for (const Criterion& c : criteria) {
        const CriterionInfo& info = criterion_info(kind, c.name);
        ScorePart part{c.name, {}, {}, {}};
        for (std::size_t b = 0; b < n; ++b) {
            double raw = info.raw(in, b, p);
            double normalised = ramp(raw, c);
            double contribution = score_scale * c.weight / total * normalised;
            score[b] += contribution;
            if (parts) {
                part.raw.push_back(raw);
                part.normalised.push_back(normalised);
                part.contribution.push_back(contribution);
            }
        }
        if (parts) parts->push_back(std::move(part));
    }
    // Weights sum to one, but their floating-point sum need not: 100.00000000000001 is not a score.
    for (double& x : score) x = std::clamp(x, 0.0, score_max);
    return score;
}

std::vector<double> ranks(const std::vector<double>& score) {
    std::vector<std::size_t> order(score.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return score[a] > score[b]; });
    std::vector<double> rank(score.size());
    for (std::size_t r = 0; r < order.size(); ++r) rank[order[r]] = static_cast<double>(r + 1);
    return rank;
}

double percentile(std::vector<double> values, double q) {
    std::sort(values.begin(), values.end());
    std::size_t k = static_cast<std::size_t>(std::ceil(q * values.size()));  // nearest rank
    return values[std::clamp<std::size_t>(k, 1, values.size()) - 1];
}

}  // namespace

ScoreInputs score_inputs(const HeatNetworkIndicators& network, const MatchingResult& matching,
                         const std::vector<double>& wko_share, const std::vector<double>& lt_share,
                         const std::vector<double>* dist_heat_network_m, std::vector<double> linked_works) {
    const std::size_t n = network.heat_demand_gj.size();
    ScoreInputs in;
    in.heat_density_gj_ha = network.heat_density_gj_ha;
    in.linear_heat_density_mwh_m = network.linear_heat_density_gj_m;
    for (double& x : in.linear_heat_density_mwh_m) x /= units::gj_per_mwh;
    in.dwelling_density_ha = network.dwelling_density_ha;
    in.aquathermie_coverage = matching.coverage;
    in.source_distance_m = matching.distance_m;
    in.wko_share = wko_share;
    in.lt_share = lt_share;
    in.dist_heat_network_m = dist_heat_network_m ? *dist_heat_network_m : std::vector<double>(n, std::nan(""));
    for (std::size_t b = 0; b < n; ++b) in.other_supply_gj.push_back(matching.tea_gj[b] + matching.ted_gj[b]);
    in.linked_works_year = std::move(linked_works);
    return in;
}

std::vector<double> linked_works_year(const VectorLayer& buurten, const NeighbourhoodFields& f, double reference_year) {
    std::vector<double> year(buurten.size(), std::nan(""));
    for (const std::string& name : {f.gas_main_renewal_year, f.sewer_works_year, f.renovation_year}) {
        auto it = buurten.numbers.find(name);
        if (it == buurten.numbers.end()) continue;
        for (std::size_t b = 0; b < year.size(); ++b) {
            double y = it->second.values[b];
            // Works already done do not pull a buurt forward, nor may they hide works still to come.
            if (std::isfinite(y) && y >= reference_year && !(y >= year[b])) year[b] = y;
        }
    }
    return year;
}

double ramp(double raw, const Criterion& c) {
    if (std::isnan(raw)) return 0.0;
    if (c.one == c.zero) return raw >= c.one ? 1.0 : 0.0;
    return std::clamp((raw - c.zero) / (c.one - c.zero), 0.0, 1.0);
}

std::string score_class(double score, const ScoreParameters& p) {
    if (score >= p.class_promising) return "promising";
    if (score >= p.class_possible) return "possible";
    return "not_promising";
}

void validate(const ScoreParameters& p) {
    if (!(weight_sum(p.heat_network) > 0)) throw ConfigError("score.heat_network: all weights are zero; give one a weight");
    if (!(weight_sum(p.aquathermie) > 0)) throw ConfigError("score.aquathermie: all weights are zero; give one a weight");
    if (!(p.class_possible < p.class_promising))
        throw ConfigError("score.class_possible must be below score.class_promising");
}

const char* strategy_label(const std::string& st, const std::string& language) {
    const bool nl = language == "nl";
    if (st == "S1") return nl ? "all-electric, individuele warmtepompen" : "all-electric, individual heat pumps";
    if (st == "S2") return nl ? "warmtenet middentemperatuur of hoge temperatuur" : "medium/high-temperature heat network";
    if (st == "S3") return nl ? "laagtemperatuurwarmtenet op aquathermie" : "low-temperature heat network on aquathermie";
    return nl ? "hybride warmtepomp met groen gas" : "hybrid heat pump with green gas";
}

namespace {

// In words, what decided the heat-network score of buurt b: for a promising or possible buurt the
// criterion that raised it most, for a buurt that is not promising the one that held it back
// most (the largest share of its weight it did not get).
std::string top_driver(const Scores& s, std::size_t b, bool low, const ScoreParameters& p, double total_weight) {
    const ScorePart* top = nullptr;
    double top_value = 0;
    for (std::size_t k = 0; k < s.heat_network_parts.size(); ++k) {
        const ScorePart& part = s.heat_network_parts[k];
        const double value = low ? score_scale * p.heat_network[k].weight / total_weight - part.contribution[b]
                                 : part.contribution[b];
        if (!top || value > top_value) top = &part, top_value = value;
    }
    if (!top || !(top_value > 0)) return low ? "no criterion scores above zero" : "every criterion at its best";
    const CriterionInfo& t = criterion_info(ScoreKind::heat_network, top->criterion);
    // A share reads as a plain number ("0.84"); other raw values carry their unit.
    const std::string unit = std::string(t.unit).rfind("share", 0) == 0 ? "" : std::string(" ") + t.unit;
    const std::string value = std::string(t.label) + " " + readable(top->raw[b]) + unit;
    return low ? "held back by " + value : value + " (" + score_class(score_scale * top->normalised[b], p) + ")";
}

// Strategy: the PBL Startanalyse variants by a fixed order of rules; and why.
std::pair<std::string, std::string> strategy_by_rules(const ScoreInputs& in, std::size_t b, const std::string& hn,
                                                      const std::string& aq, const ScoreParameters& p) {
    const bool other_supply_near = in.dist_heat_network_m[b] <= p.strategy_network_near_m || in.other_supply_gj[b] > 0;
    if (hn == "promising" && aq == "promising") return {"S3", "heat network and aquathermie both promising"};
    if (hn == "promising" && other_supply_near) return {"S2", "heat network promising and other supply near"};
    if (!(in.heat_density_gj_ha[b] >= p.strategy_low_density_gj_ha))
        return {"S1", "heat density below " + readable(p.strategy_low_density_gj_ha) + " GJ/ha"};
    if (in.lt_share[b] >= p.strategy_insulated_share) return {"S1", "most demand in well-insulated buildings"};
    return {"S4", "none of S1-S3 applies"};
}

// Phase: from the best score, pulled forward by linked works in a window; and why.
std::pair<std::string, std::string> phase_of(double best, double year, double reference_year, const ScoreParameters& p) {
    std::string phase = best >= p.class_promising ? "before_2030" : best >= p.class_possible ? "2030_2040" : "after_2040";
    std::string reason = "score " + readable(best);
    if (year >= reference_year) {
        if (year < p.phase_early_until && best >= p.class_possible && phase != "before_2030") {
            phase = "before_2030";
            reason = "linked works in " + std::to_string(static_cast<int>(year)) + " and score " + readable(best);
        } else if (year < p.phase_mid_until && phase == "after_2040") {
            phase = "2030_2040";
            reason = "linked works in " + std::to_string(static_cast<int>(year));
        }
    }
    return {phase, reason};
}

}  // namespace

Scores compute_scores(const ScoreInputs& in, const ScoreParameters& p, double reference_year, unsigned threads) {
    validate(p);
    const std::size_t n = in.size();
    Scores s;
    s.heat_network = score_of(in, ScoreKind::heat_network, p.heat_network, p, &s.heat_network_parts);
    s.aquathermie = score_of(in, ScoreKind::aquathermie, p.aquathermie, p, &s.aquathermie_parts);
    const double total_weight = weight_sum(p.heat_network);
    for (auto* field : {&s.heat_network_class, &s.aquathermie_class, &s.top_driver, &s.strategy, &s.strategy_label_nl,
                        &s.strategy_label_en, &s.strategy_rule, &s.strategy_by_rules, &s.phase, &s.phase_reason})
        field->resize(n);
    // Each buurt writes only its own slots: the same words whatever the thread count (a country's
    // rescore spends most of its time on these strings).
    parallel_for(n, threads, {}, "scores", [&](std::size_t b, geos::Context&) {
        const std::string hn = score_class(s.heat_network[b], p);
        std::string aq = score_class(s.aquathermie[b], p);
        s.heat_network_class[b] = hn;
        // Without aquathermie allocated there is no aquathermie verdict better than not promising,
        // whatever WKO suitability and insulation add to the score.
        if (!(in.aquathermie_coverage[b] > 0) && aq != "not_promising") aq = "not_promising";
        s.aquathermie_class[b] = aq;
        s.top_driver[b] = top_driver(s, b, hn == "not_promising", p, total_weight);
        std::tie(s.strategy[b], s.strategy_rule[b]) = strategy_by_rules(in, b, hn, aq, p);
        s.strategy_label_en[b] = strategy_label(s.strategy[b], "en");
        s.strategy_label_nl[b] = strategy_label(s.strategy[b], "nl");
        std::tie(s.phase[b], s.phase_reason[b]) =
            phase_of(std::max(s.heat_network[b], s.aquathermie[b]), in.linked_works_year[b], reference_year, p);
        s.strategy_by_rules[b] = s.strategy[b];
    }, 256);
    return s;
}

Sensitivity compute_sensitivity(const ScoreInputs& in, const ScoreParameters& p, int samples, double spread,
                                std::uint64_t seed) {
    validate(p);
    const std::size_t n = in.size();
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> factor(1.0 - spread, 1.0 + spread);
    auto vary = [&](std::vector<Criterion> criteria) {
        for (Criterion& c : criteria) {
            c.weight *= factor(rng);
            c.zero *= factor(rng);
            c.one *= factor(rng);
        }
        return criteria;
    };
    std::vector<std::vector<double>> hn_rank(n), aq_rank(n);
    std::vector<double> counts[6];
    for (auto& c : counts) c.assign(n, 0.0);
    for (int k = 0; k < samples; ++k) {
        ScoreParameters q = p;
        q.heat_network = vary(p.heat_network);
        q.aquathermie = vary(p.aquathermie);
        std::vector<double> hn = score_of(in, ScoreKind::heat_network, q.heat_network, q, nullptr);
        std::vector<double> aq = score_of(in, ScoreKind::aquathermie, q.aquathermie, q, nullptr);
        std::vector<double> hr = ranks(hn), ar = ranks(aq);
        for (std::size_t b = 0; b < n; ++b) {
            std::string hc = score_class(hn[b], p), ac = score_class(aq[b], p);
            counts[0][b] += hc == "promising";
            counts[1][b] += hc == "possible";
            counts[2][b] += hc == "not_promising";
            counts[3][b] += ac == "promising";
            counts[4][b] += ac == "possible";
            counts[5][b] += ac == "not_promising";
            hn_rank[b].push_back(hr[b]);
            aq_rank[b].push_back(ar[b]);
        }
    }
    Sensitivity s;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    auto share = [&](const std::vector<double>& c) {
        std::vector<double> out(n, nan);
        for (std::size_t b = 0; b < n; ++b)
            if (samples > 0) out[b] = c[b] / samples;
        return out;
    };
    s.hn_p_promising = share(counts[0]);
    s.hn_p_possible = share(counts[1]);
    s.hn_p_not_promising = share(counts[2]);
    s.aq_p_promising = share(counts[3]);
    s.aq_p_possible = share(counts[4]);
    s.aq_p_not_promising = share(counts[5]);
    for (std::size_t b = 0; b < n; ++b) {
        s.hn_rank_p5.push_back(samples ? percentile(hn_rank[b], 0.05) : nan);
        s.hn_rank_p95.push_back(samples ? percentile(hn_rank[b], 0.95) : nan);
        s.aq_rank_p5.push_back(samples ? percentile(aq_rank[b], 0.05) : nan);
        s.aq_rank_p95.push_back(samples ? percentile(aq_rank[b], 0.95) : nan);
    }
    return s;
}

}  // namespace warmte
