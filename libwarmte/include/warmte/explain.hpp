// The verdict in words (issue 17): per buurt three to six short sentences built from the fields
// of the neighbourhoods layer itself — demand and density, the supply that reaches it, what
// aquathermie is where it is proposed, the cheapest alternative and the runner-up, how sure the
// choice is, and the phase. Every number in a sentence is a field of the layer, so the sentence
// can be regenerated from the layer alone.
#pragma once

#include "warmte/config.hpp"
#include "warmte/table.hpp"

#include <string>
#include <vector>

namespace warmte {

/// The explanation of row `row` of the neighbourhoods table in `language` ("nl" or "en").
std::string explain_buurt(const Table& neighbourhoods, std::size_t row, const std::string& language);

/// Adds (or replaces) `explanation_nl` and `explanation_en` on the neighbourhoods table.
void add_explanations(Table& neighbourhoods);

/// The columns `explanation_nl` and `explanation_en` of the table with the columns of
/// `overrides` (same rows) in place of its own: a rescore's explanations without copying the layer.
std::vector<Column> explanation_columns(const Table& neighbourhoods, const Table* overrides);

}  // namespace warmte
