#include "warmte/parameter_tables.hpp"

#include "warmte/demand_tables.hpp"

namespace warmte {

TableTexts builtin_table_texts() {
    TableTexts t;
    t.residential = builtin::residential_space_heat_csv;
    t.non_residential = builtin::non_residential_heat_csv;
    t.labels = builtin::insulation_labels_csv;
    t.practice = builtin::practice_factor_csv;
    t.spf = builtin::heat_pump_spf_csv;
    t.cost_kentallen = builtin::cost_kentallen_csv;
    t.insulation = builtin::insulation_to_label_b_csv;
    return t;
}

ParameterTables parse_parameter_tables(const TableTexts& texts) {
    ParameterTables tables{
        parse_demand_tables(texts.residential, texts.non_residential, texts.labels, texts.practice, texts.demand_origin),
        parse_spf_table(texts.spf, texts.spf_origin), parse_cost_kentallen(texts.cost_kentallen, texts.cost_origin),
        parse_insulation_table(texts.insulation, texts.insulation_origin)};
    if (!texts.local_practice.empty())
        tables.demand.local_practice = parse_local_practice_factors(texts.local_practice, texts.local_practice_origin);
    return tables;
}

const ParameterTables& builtin_parameter_tables() {
    static const ParameterTables tables = parse_parameter_tables(builtin_table_texts());
    return tables;
}

bool names_table_files(const Config& config) {
    return !config.demand.residential_table.empty() || !config.demand.non_residential_table.empty() ||
           !config.demand.label_table.empty() || !config.demand.practice_factor_table.empty() ||
           !config.demand.local_practice_factor_table.empty() || !config.supply.spf_table.empty() || !config.costs.kentallen_table.empty() ||
           !config.costs.insulation_table.empty();
}

}  // namespace warmte
