// The explanation names every alternative that matters: a cheaper one set aside and why, every
// close one with how much more it costs, and what is missing when no heat network is costed.
#include "warmte/explain.hpp"
#include "warmte/table.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace warmte;

namespace {

const double na = std::nan("");

// A one-buurt layer with the fields the sentences read: a dense pre-war apartment buurt whose
// cheapest variant is S1a (934 EUR/WEQ/yr) while S4a costs 903, set aside because it starts
// before 2030 (the case of issue 34).
Table apartments(std::string phase, std::string close) {
    Table t;
    t.name = "neighbourhoods";
    t.columns = {real_column("heat_demand_gj", {215298}), real_column("heat_density_gj_ha", {3470}),
                 text_column("heat_network_class", {"promising"}), real_column("teo_gj", {0}),
                 real_column("tea_gj", {0}), real_column("ted_gj", {0}),
                 text_column("aquathermie_note", {"no source in reach"}), text_column("strategy", {"S1"}),
                 text_column("cheapest_variant", {"s1a"}), text_column("runner_up_variant", {""}),
                 real_column("cost_gap_eur_weq", {na}), real_column("near_tie", {1}),
                 text_column("close_alternatives", {std::move(close)}), text_column("choice_flips_in", {""}),
                 real_column("choice_robust", {9}), text_column("phase", {std::move(phase)}),
                 text_column("phase_reason", {"score 80"}), real_column("cost_national_s1a_eur_weq", {934}),
                 real_column("cost_national_s1b_eur_weq", {1010}), real_column("cost_national_s2a_eur_weq", {na}),
                 real_column("cost_national_s2b_eur_weq", {na}), real_column("cost_national_s3e_eur_weq", {na}),
                 real_column("cost_national_s3t_eur_weq", {na}), real_column("cost_national_s4a_eur_weq", {903})};
    return t;
}

}  // namespace

TEST_CASE("explanations: a cheaper variant set aside is named with its reason; close ones with their gaps",
          "[explain]") {
    const std::string en = explain_buurt(apartments("before_2030", "s4a, s1b"), 0, "en");
    CHECK(en.find("The cheapest alternative that may be chosen is S1a") != std::string::npos);
    CHECK(en.find("costs less (903 EUR a year more than a gas boiler), but green gas is not advised for buurten "
                  "that start before 2030 (ECW)") != std::string::npos);
    // s1b is within the margins (+76); the hybrid is said once, as set aside, not again as close.
    CHECK(en.find("Close to it, a near tie: S1b") != std::string::npos);
    CHECK(en.find("(+76 EUR)") != std::string::npos);
    CHECK(en.find("Among the variants that may be chosen, the choice is robust") != std::string::npos);
    CHECK(en.find("The choice is robust") == std::string::npos);
    // No S2 or S3 costed: what a heat network would need.
    CHECK(en.find("a network needs a source, and none reaches this buurt") != std::string::npos);
    const std::string nl = explain_buurt(apartments("before_2030", "s4a, s1b"), 0, "nl");
    CHECK(nl.find("Het goedkoopste alternatief dat gekozen mag worden") != std::string::npos);
    CHECK(nl.find("(+76 euro)") != std::string::npos);
    CHECK(nl.find("EUR") == std::string::npos);

    // From 2030 on the hybrid is not set aside (it would have been chosen; here only named as close).
    const std::string later = explain_buurt(apartments("2030_2040", "s4a, s1b"), 0, "en");
    CHECK(later.find("may be chosen") == std::string::npos);
    CHECK(later.find("(-31 EUR)") != std::string::npos);
}
