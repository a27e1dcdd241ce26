#include "warmte/criteria.hpp"

#include "warmte/error.hpp"

#include <algorithm>
#include <cmath>

namespace warmte {

namespace {

// Supply nearby: aquathermie allocated here, or an existing heat network close by.
double supply_nearby(const ScoreInputs& in, std::size_t b, const ScoreParameters& p) {
    double cover = std::isnan(in.aquathermie_coverage[b]) ? 0.0 : std::min(1.0, in.aquathermie_coverage[b]);
    double network = ramp(in.dist_heat_network_m[b], {"", 1, p.network_far_m, p.network_near_m});
    return std::max(cover, network);
}

}  // namespace

const std::vector<CriterionInfo>& criteria() {
    using K = ScoreKind;
    using In = const ScoreInputs&;
    using P = const ScoreParameters&;
    // score, name, label, unit, source, weight, zero, one, raw value
    static const std::vector<CriterionInfo> table = {
        {K::heat_network, "heat_density", "heat density", "GJ/ha", "Hotmaps; Danish practice 1,500 (docs/model.md §3.4)",
         0.4, 500, 1500, [](In in, std::size_t b, P) { return in.heat_density_gj_ha[b]; }},
        {K::heat_network, "linear_heat_density", "linear heat density", "MWh/m", "Persson et al. 2019 (docs/model.md §3.4)",
         0.3, 0.5, 1.5, [](In in, std::size_t b, P) { return in.linear_heat_density_mwh_m[b]; }},
        {K::heat_network, "supply_nearby", "supply nearby", "share 0-1", "docs/model.md §3.4", 0.2, 0, 1, supply_nearby},
        {K::heat_network, "dwelling_density", "dwelling density", "dwellings/ha", "NPLW 20 dwellings/ha (docs/model.md §3.4)",
         0.1, 10, 30, [](In in, std::size_t b, P) { return in.dwelling_density_ha[b]; }},
        {K::aquathermie, "coverage", "aquathermie coverage", "share 0-1", "docs/model.md §3.4", 0.4, 0, 1,
         [](In in, std::size_t b, P) { return in.aquathermie_coverage[b]; }},
        {K::aquathermie, "source_distance", "distance to the source", "m",
         "Waterschap Limburg 500 m, Vesta 5 km (docs/model.md §3.4)", 0.2, 5000, 500,
         [](In in, std::size_t b, P) { return in.source_distance_m[b]; }},
        {K::aquathermie, "wko_suitability", "WKO suitability", "share 0-1", "docs/model.md §3.4", 0.2, 0, 1,
         [](In in, std::size_t b, P) { return in.wko_share[b]; }},
        {K::aquathermie, "lt_readiness", "low-temperature readiness", "share 0-1",
         "Vesta label E or better (docs/model.md §3.4)", 0.2, 0, 1, [](In in, std::size_t b, P) { return in.lt_share[b]; }},
    };
    return table;
}

const CriterionInfo& criterion_info(ScoreKind score, const std::string& name) {
    for (const CriterionInfo& c : criteria())
        if (c.score == score && name == c.name) return c;
    throw ConfigError("unknown scoring criterion '" + name + "' for score." + score_name(score) +
                      "; run 'warmte --help-config' for the list");
}

const char* score_name(ScoreKind score) { return score == ScoreKind::heat_network ? "heat_network" : "aquathermie"; }

std::vector<Criterion> default_criteria(ScoreKind score) {
    std::vector<Criterion> out;
    for (const CriterionInfo& c : criteria())
        if (c.score == score) out.push_back({c.name, c.weight, c.zero, c.one});
    return out;
}

}  // namespace warmte
