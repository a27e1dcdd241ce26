// The verdict by cost (PBL Startanalyse, docs/costs.md §1): per buurt the variant with the lowest
// national costs, the best variant of another strategy as runner-up with the gap, a near-tie flag,
// and how robust the choice is under the Startanalyse's sensitivity sets (docs/costs.md §5).
#pragma once

#include "warmte/config.hpp"
#include "warmte/cost_inputs.hpp"
#include "warmte/costs.hpp"
#include "warmte/score.hpp"
#include "warmte/table.hpp"
#include "warmte/tenure.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace warmte {

struct CostChoice {
    std::vector<std::string> cheapest, runner_up;  // variant ids; empty where nothing is costed
    std::vector<double> gap_eur_weq, gap_pct;      // runner-up minus cheapest; NaN without runner-up
    /// 1: some available variant is within strategy.near_tie_share or _eur_weq of the cheapest (the
    /// runner-up, another variant of the same strategy, green gas set aside), or the choice flips
    /// in one of the Startanalyse's sets G03-G07 (docs/costs.md §2: report both).
    std::vector<std::uint8_t> near_tie;
    /// The variants within the near-tie margins or cheaper but set aside, by their costs:
    /// "s4a, s1b" (ids; the explanation names them in words).
    std::vector<std::string> close;
    std::vector<std::string> gap_class;            // near_tie / clear / very_clear; empty without runner-up
    std::vector<std::string> reason;               // one sentence per buurt for strategy_rule
};

/// The cheapest available variant per buurt. In a buurt whose phase is before_2030 green gas (s4a)
/// is not chosen (ECW advice); the reason says so when it would have been the cheapest.
/// Without `with_reasons` the reasons stay empty (the sensitivity sets need only the choice).
/// The same choice on any number of `threads`.
CostChoice choose_by_cost(const std::vector<CostResult>& costs, const std::vector<std::string>& phase,
                          const ScoreParameters& p, bool with_reasons = true, unsigned threads = 1);

/// A sensitivity set of the Startanalyse: what it changes, applied to a copy of the inputs.
struct CostSensitivitySet {
    const char* name;
    const char* description;
    void (*apply)(CostParameters& prices, CostSliders& sliders);  // the change to prices or sliders
    bool optimistic_savings = false;  // G05: space heat at label B x each group's GA_B_factor
    bool near_tie_set = false;        // G03-G07: a flip here makes the choice a near tie (docs/costs.md §2)
};
const std::vector<CostSensitivitySet>& cost_sensitivity_sets();

struct ChoiceRobustness {
    std::vector<double> holds;              // in how many sets the cheapest variant stays the cheapest
    std::vector<std::string> flips_in;      // the first set (in table order) where it changes; empty if none
    std::vector<std::string> flips_to;      // the variant it changes to there
};

/// The cheapest variant of every buurt under one sensitivity set, for a buurt whose phase is
/// before_2030 and for one starting later: a set's choice depends on the phase only through
/// that (green gas is not chosen early), so a rescore, which moves only the phase, looks it up.
struct SetCheapest {
    std::vector<std::string> early, later;
};
std::vector<SetCheapest> set_cheapest_of(const std::vector<std::vector<CostResult>>& set_costs);

/// A choice that flips in one of the sets G03-G07 is a near tie too (docs/costs.md §2).
void mark_flips_as_near_ties(CostChoice& choice, const std::vector<SetCheapest>& set_cheapest,
                             const std::vector<std::string>& phase);

/// The choice under every set (set_cheapest_of, in cost_sensitivity_sets() order).
ChoiceRobustness choice_robustness(const std::vector<SetCheapest>& set_cheapest, const std::vector<std::string>& phase,
                                   const CostChoice& base);

/// strategy.decision = "cost": the strategy of each costed buurt becomes that of its cheapest
/// variant, with the reason as its rule (moved from `choice`, whose reasons have no other use);
/// buurten without costs keep the rule set's strategy.
void apply_cost_decision(Scores& scores, CostChoice& choice);

/// The sliders the configuration sets (process costs follow the band).
CostSliders cost_sliders(const CostParameters& p);
/// The kentallen at the sliders of the configuration.
CostKentallen kentallen_for(const CostKentallen& k, const CostParameters& p);

/// The costs of every buurt at one set of cost parameters and under each sensitivity set, kept
/// for the next verdict at the same parameters. A weight or anchor change (Result.rescore) moves
/// no cost, only perhaps the choice (through the phase), so it need not cost ten times again.
/// Belongs to one result: the buurten's costing inputs and the kentallen must not change.
struct CostMemo {
    std::optional<CostParameters> parameters;
    std::shared_ptr<const std::vector<CostResult>> costs;
    std::vector<SetCheapest> set_cheapest;  // in cost_sensitivity_sets() order
    /// What each set was costed with: a set a change leaves alone (the price sets G03/G04, which
    /// fix their own prices, when a price moves) keeps its choice and is not costed again.
    std::vector<std::pair<CostParameters, CostSliders>> set_parameters;
    /// What households pay at the ends of the kentallen ranges (their low-high range), made while
    /// those two sets are costed: their costs are not kept (two more copies of a country's costs
    /// to write and read again cost a recost a fifth of its time).
    std::shared_ptr<const std::vector<TenureMonthly>> low, high;
    std::optional<TenureParameters> tenure;  // what low and high were made with
    /// The layer's fields of these costs (variant_cost_columns), made by the first rescore that
    /// writes them; cleared with the costs.
    std::shared_ptr<const std::vector<Column>> cost_columns;
    /// Likewise the fields that follow from the costs alone: the grid's and what households pay
    /// (with the table the affordability test reads).
    std::shared_ptr<const std::vector<Column>> grid_columns, household_columns;
    std::shared_ptr<const HouseholdCosts> household;
};

/// The verdict by cost of every buurt: its costs (shared with the memo that keeps them, never
/// copied: 13,333 buurten hold some 100 MB of cost items), choice and robustness.
struct CostVerdict {
    std::shared_ptr<const std::vector<CostResult>> costs;
    // What households pay with every range at its minimum, at its maximum.
    std::shared_ptr<const std::vector<TenureMonthly>> low, high;
    CostChoice choice;
    /// The costs, none when nothing was costed.
    const std::vector<CostResult>& cost_results() const {
        static const std::vector<CostResult> none;
        return costs ? *costs : none;
    }
    ChoiceRobustness robustness;
};
/// Costs, choice and robustness at the configuration's prices, finance and sliders.
/// With `memo`, costs come from it when it holds these parameters and are kept in it otherwise.
CostVerdict cost_verdict(const BuurtCosting& inputs, const std::vector<std::string>& phase, const Config& config,
                         const CostKentallen& k, CostMemo* memo = nullptr);

}  // namespace warmte
