// How sure the choice is (issue 34): besides the Startanalyse's nine sets, a seeded Latin
// hypercube of draws, each taking every kental somewhere in its range, the energy prices, the
// social discount rate, the demand and the heat pump's grid peak somewhere in theirs
// (uncertainty.*). Per buurt the share of draws in which the chosen variant is the cheapest.
#pragma once

#include "warmte/config.hpp"
#include "warmte/cost_choice.hpp"
#include "warmte/cost_inputs.hpp"
#include "warmte/costs.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace warmte {

struct ChoiceUncertainty {
    std::vector<double> confidence;       // share of draws in which the chosen variant is the cheapest
    std::vector<double> runner_up_share;  // share of draws in which the runner-up is
    std::vector<std::string> label;       // "robust" from uncertainty.robust_share on, else "uncertain"
};

/// A Latin hypercube: `draws` points in `dimensions`, each dimension cut into `draws` equal
/// strata with one point in each, in a seeded random order. Row-major: point d, dimension j.
std::vector<double> latin_hypercube(std::size_t draws, std::size_t dimensions, std::uint64_t seed);

/// The choice of every buurt under config.uncertainty.samples draws. A buurt's choice in a draw
/// follows the same rule as the run (green gas not chosen for buurten starting before 2030).
/// The same result on any number of threads.
ChoiceUncertainty choice_uncertainty(const BuurtCosting& inputs, const CostChoice& chosen,
                                     const std::vector<std::string>& phase, const Config& config,
                                     const CostKentallen& k);

}  // namespace warmte
