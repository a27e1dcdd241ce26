#include "warmte/output_schema.hpp"

#include "warmte/csv.hpp"
#include "warmte/error.hpp"
#include "warmte/map_tables.hpp"

#include <map>
#include <regex>
#include <stdexcept>

namespace warmte {

namespace {

LayerMerge merge_rule(const std::string& text, const std::string& line) {
    static const std::map<std::string, LayerMerge> rules = {{"by_buurt", LayerMerge::by_buurt},
                                                            {"by_buurt_id", LayerMerge::by_buurt_id},
                                                            {"global", LayerMerge::global},
                                                            {"quality", LayerMerge::quality},
                                                            {"batch", LayerMerge::batch}};
    auto it = rules.find(text);
    if (it == rules.end()) throw ConfigError("output_layers.csv, line " + line + ": unknown merge rule '" + text + "'");
    return it->second;
}

ColumnType column_type(const std::string& text, const std::string& line) {
    if (text == "text") return ColumnType::text;
    if (text == "integer") return ColumnType::integer;
    if (text == "real") return ColumnType::real;
    throw ConfigError("output_fields.csv, line " + line + ": unknown type '" + text + "'");
}

int whole_number(const std::string& text) { return text.empty() ? 0 : std::stoi(text); }

std::string escaped(const std::string& text) {
    static const std::regex special(R"([.^$|()\[\]{}*+?\\])");
    return std::regex_replace(text, special, R"(\$&)");
}

// The pattern of a field row as a regular expression under `config`.
std::regex field_regex(const std::string& field, const Config& config, const std::vector<std::string>& grid_names) {
    std::string grids;
    for (const std::string& g : grid_names) grids += (grids.empty() ? "" : "|") + escaped(g);
    const std::map<std::string, std::string> placeholders = {
        {"{id}", escaped(config.neighbourhood_fields.id)},
        {"{name}", escaped(config.neighbourhood_fields.name)},
        {"{municipality}", escaped(config.neighbourhood_fields.municipality)},
        {"{building_id}", escaped(config.building_fields.id)},
        {"{criterion}", "[a-z0-9_]+"},
        {"{variant}", "[a-z0-9]+"},
        {"{tenure}", "(?:owner|social|private)"},
        {"{grid}", grids.empty() ? "(?!)" : "(?:" + grids + ")"},
        {"{column}", ".+"},
    };
    std::string out;
    for (std::size_t i = 0; i < field.size();) {
        bool replaced = false;
        for (const auto& [key, value] : placeholders)
            if (field.compare(i, key.size(), key) == 0) {
                out += value;
                i += key.size();
                replaced = true;
                break;
            }
        if (!replaced) out += escaped(std::string(1, field[i++]));
    }
    return std::regex(out);
}

bool is_pattern(const std::string& field) { return field.find('{') != std::string::npos; }

}  // namespace

const std::vector<OutputLayer>& output_layers() {
    static const std::vector<OutputLayer> layers = [] {
        std::vector<OutputLayer> out;
        for (auto& row : parse_csv(builtin::output_layers_csv, "output_layers.csv",
                                   {"layer", "geometry", "merge", "optional", "title_nl", "title_en", "description"},
                                   true))
            out.push_back({row["layer"], row["geometry"], merge_rule(row["merge"], row["#line"]), row["optional"] == "1",
                           row["title_nl"], row["title_en"], row["description"]});
        return out;
    }();
    return layers;
}

const OutputLayer* find_output_layer(const std::string& name) {
    for (const OutputLayer& l : output_layers())
        if (l.name == name) return &l;
    return nullptr;
}

const std::vector<OutputField>& output_fields() {
    static const std::vector<OutputField> fields = [] {
        std::vector<OutputField> out;
        for (auto& row : parse_csv(builtin::output_fields_csv, "output_fields.csv",
                                   {"layer", "field", "type", "unit", "unit_nl", "title_nl", "title_en", "key_figure",
                                    "decimals", "description"},
                                   true)) {
            if (!find_output_layer(row["layer"]))
                throw ConfigError("output_fields.csv, line " + row["#line"] + ": no layer '" + row["layer"] +
                                  "' in output_layers.csv");
            out.push_back({row["layer"], row["field"], column_type(row["type"], row["#line"]), row["unit"],
                           row["unit_nl"], row["title_nl"], row["title_en"], whole_number(row["key_figure"]),
                           whole_number(row["decimals"]), row["description"]});
        }
        return out;
    }();
    return fields;
}

namespace {

// The field rows of one layer under a configuration: its own names, and its patterns compiled
// once (a layer's columns are matched against the same patterns, so compiling them per column
// compiled thousands of expressions per run).
class LayerFields {
public:
    LayerFields(const std::string& layer, const Config& config, const std::vector<std::string>& grids) {
        for (const OutputField& f : output_fields())
            if (f.layer == layer) {
                if (is_pattern(f.field)) patterns_.emplace_back(&f, field_regex(f.field, config, grids));
                else names_.push_back(&f);
            }
    }
    // A field's own row before any pattern: a grid named 'heat' is no reason to read
    // heat_demand_gj as one of its columns.
    const OutputField* find(const std::string& name) const {
        for (const OutputField* f : names_)
            if (f->field == name) return f;
        for (const auto& [f, pattern] : patterns_)
            if (std::regex_match(name, pattern)) return f;
        return nullptr;
    }

private:
    std::vector<const OutputField*> names_;
    std::vector<std::pair<const OutputField*, std::regex>> patterns_;
};

// Every column of `table` with its row, checked for its type; std::logic_error naming the layer
// and field otherwise.
std::vector<const OutputField*> registered(const Table& table, const Config& config,
                                           const std::vector<std::string>& grids) {
    const std::string& layer = table.name;
    if (!find_output_layer(layer))
        throw std::logic_error("layer '" + layer + "' is not in the output schema (libwarmte/data/output_layers.csv)");
    const LayerFields fields(layer, config, grids);
    std::vector<const OutputField*> out;
    for (const Column& c : table.columns) {
        const OutputField* f = fields.find(c.name);
        if (!f)
            throw std::logic_error("field '" + c.name + "' of layer '" + layer +
                                   "' is not in the output schema: add its row to libwarmte/data/output_fields.csv");
        if (f->type != c.type)
            throw std::logic_error("field '" + c.name + "' of layer '" + layer + "' is of another type than "
                                   "libwarmte/data/output_fields.csv says (row " + f->field + ")");
        out.push_back(f);
    }
    return out;
}

}  // namespace

const OutputField* find_output_field(const std::string& layer, const std::string& name, const Config& config,
                                     const std::vector<std::string>& grids) {
    return LayerFields(layer, config, grids).find(name);
}

void check_schema(const Table& table, const Config& config, const std::vector<std::string>& grids) {
    registered(table, config, grids);
}

void conform(Table& table, const Config& config, const std::vector<std::string>& grids) {
    const std::vector<const OutputField*> fields = registered(table, config, grids);
    for (std::size_t k = 0; k < fields.size(); ++k) table.columns[k].description = fields[k]->description;
}

}  // namespace warmte
