#include "warmte/uncertainty.hpp"

#include "parallel.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

namespace warmte {

std::vector<double> latin_hypercube(std::size_t draws, std::size_t dimensions, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> within(0.0, 1.0);
    std::vector<double> out(draws * dimensions);
    std::vector<std::size_t> stratum(draws);
    for (std::size_t j = 0; j < dimensions; ++j) {
        std::iota(stratum.begin(), stratum.end(), std::size_t{0});
        // Fisher-Yates with our own draws: std::shuffle's use of the engine is not specified, and
        // the same seed must give the same draws on every standard library.
        for (std::size_t i = draws; i > 1; --i) {
            const auto pick = static_cast<std::size_t>(within(rng) * static_cast<double>(i));
            std::swap(stratum[i - 1], stratum[std::min(pick, i - 1)]);
        }
        for (std::size_t d = 0; d < draws; ++d)
            out[d * dimensions + j] = (static_cast<double>(stratum[d]) + within(rng)) / static_cast<double>(draws);
    }
    return out;
}

namespace {

// The dimensions after the kentallen, in this order.
enum Extra : std::size_t { electricity, green_gas, natural_gas, discount_rate, demand, hp_peak, band, extra_count };

double between(double lo, double hi, double u) { return lo + u * (hi - lo); }

// One draw's inputs: the buurten's demand scaled, S1's new stations for the drawn peak (against
// the buurt's share of its stations' headroom; whole stations only when the run counted them).
BuurtCosting drawn_inputs(const BuurtCosting& inputs, double demand_factor, double hp_peak_kw, const Config& config) {
    BuurtCosting out = inputs;
    for (DwellingGroup& g : out.group) {
        g.space_heat_gj *= demand_factor;
        g.space_heat_target_gj *= demand_factor;
        g.hot_water_gj *= demand_factor;
    }
    const double unit_kw = config.costs.grid_station_kva * config.grid_capacity.power_factor;
    for (std::size_t b = 0; b < out.grid.size(); ++b) {
        GridCapacity& g = out.grid[b];
        if (g.from_stations == 0) continue;
        const double extra = dwelling_equivalents(out.group[b], config.costs) * hp_peak_kw;
        g.new_stations = std::max(0.0, extra - g.headroom_kw) / unit_kw;
    }
    return out;
}

}  // namespace

ChoiceUncertainty choice_uncertainty(const BuurtCosting& inputs, const CostChoice& chosen,
                                     const std::vector<std::string>& phase, const Config& config,
                                     const CostKentallen& k) {
    const UncertaintyParameters& u = config.uncertainty;
    const std::size_t n = chosen.cheapest.size(), draws = static_cast<std::size_t>(std::max(0, u.samples));
    const std::size_t nk = k.size(), dims = nk + extra_count;
    const std::vector<double> lhs = latin_hypercube(draws, dims, static_cast<std::uint64_t>(u.seed));
    const unsigned threads = resolve_threads(config.threads);
    std::vector<double> wins(n, 0.0), runner_wins(n, 0.0);
    for (std::size_t d = 0; d < draws; ++d) {
        const double* x = &lhs[d * dims];
        CostParameters p = config.costs;
        p.electricity_eur_gj = between(p.electricity_low_eur_gj, p.electricity_high_eur_gj, x[nk + electricity]);
        p.green_gas_eur_gj = between(p.green_gas_low_eur_gj, p.green_gas_high_eur_gj, x[nk + green_gas]);
        p.natural_gas_eur_gj *= between(1 - u.natural_gas_spread, 1 + u.natural_gas_spread, x[nk + natural_gas]);
        p.social_discount_rate = between(u.discount_rate_low, u.discount_rate_high, x[nk + discount_rate]);
        p.grid_hp_peak_kw = between(u.hp_peak_low_kw, u.hp_peak_high_kw, x[nk + hp_peak]);
        const double demand_factor = between(1 - u.demand_spread, 1 + u.demand_spread, x[nk + demand]);
        const CostKentallen kd = k.drawn(std::vector<double>(x, x + nk), x[nk + band]);
        const BuurtCosting varied = drawn_inputs(inputs, demand_factor, p.grid_hp_peak_kw, config);
        const CostChoice c = choose_by_cost(buurt_costs(varied, p, kd, threads), phase, config.score, false, threads);
        for (std::size_t b = 0; b < n; ++b) {
            if (chosen.cheapest[b].empty()) continue;
            if (c.cheapest[b] == chosen.cheapest[b]) wins[b] += 1;
            else if (!chosen.runner_up[b].empty() && c.cheapest[b] == chosen.runner_up[b]) runner_wins[b] += 1;
        }
    }
    const double nan = std::numeric_limits<double>::quiet_NaN();
    ChoiceUncertainty out;
    out.confidence.assign(n, nan);
    out.runner_up_share.assign(n, nan);
    out.label.assign(n, "");
    if (draws == 0) return out;
    for (std::size_t b = 0; b < n; ++b) {
        if (chosen.cheapest[b].empty()) continue;
        out.confidence[b] = wins[b] / static_cast<double>(draws);
        if (!chosen.runner_up[b].empty()) out.runner_up_share[b] = runner_wins[b] / static_cast<double>(draws);
        out.label[b] = out.confidence[b] >= u.robust_share ? "robust" : "uncertain";
    }
    return out;
}

}  // namespace warmte
