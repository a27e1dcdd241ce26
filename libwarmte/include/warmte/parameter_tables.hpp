// The parameter tables (CSV with a source column): built into the library, or read by `io` from
// the files the configuration names. The kernel only ever sees their text.
#pragma once

#include "warmte/config.hpp"
#include "warmte/costs.hpp"
#include "warmte/demand.hpp"
#include "warmte/supply.hpp"

#include <string>

namespace warmte {

/// The CSV texts of the tables and what to call them in messages.
struct TableTexts {
    std::string residential, non_residential, labels, practice, spf, cost_kentallen, insulation;
    std::string local_practice;  // none built in: PBL's file per buurt is the user's to give
    std::string demand_origin = "built-in demand tables";
    std::string local_practice_origin = "demand.local_practice_factor_table";
    std::string spf_origin = "built-in SPF table";
    std::string cost_origin = "built-in cost kentallen";
    std::string insulation_origin = "built-in insulation table";
};

/// The parsed tables the model uses.
struct ParameterTables {
    DemandTables demand;
    SpfTable spf;
    CostKentallen costs;  // at the default sliders; CostKentallen::with_sliders gives others
    InsulationTable insulation;
};

/// The tables compiled into the library (libwarmte/data/*.csv).
TableTexts builtin_table_texts();
/// Parses the texts; ConfigError naming the table and line on a bad row.
ParameterTables parse_parameter_tables(const TableTexts& texts);
/// The built-in tables, parsed once.
const ParameterTables& builtin_parameter_tables();
/// True when the configuration names a table file instead of a built-in table.
bool names_table_files(const Config& config);

}  // namespace warmte
