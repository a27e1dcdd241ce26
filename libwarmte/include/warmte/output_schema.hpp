// The output schema (issue 30): per layer its name, geometry and how warmte batch merges it; per
// field its name (or a pattern), type, unit, titles in Dutch and English and description. The
// tables are libwarmte/data/output_layers.csv and output_fields.csv, compiled in. The stages
// compute the columns (tables.cpp); the registry says what they are: every column written must
// have a row here (conform() refuses one that has not), and the writer, the batch merge, Python's
// Result, the report's key figures, the maps' titles and the README's field table all read it.
#pragma once

#include "warmte/config.hpp"
#include "warmte/table.hpp"

#include <string>
#include <vector>

namespace warmte {

/// How warmte batch joins a layer of its partitions (output_layers.csv, column merge).
enum class LayerMerge { by_buurt, by_buurt_id, global, quality, batch };

struct OutputLayer {
    std::string name;
    std::string geometry;  // polygon, point, line or none
    LayerMerge merge;
    bool optional;         // a run may leave it out
    std::string title_nl, title_en, description;
};

struct OutputField {
    std::string layer;
    std::string field;  // a name, or a pattern with {id}, {name}, {municipality}, {building_id},
                        // {criterion}, {variant}, {grid}, {column}
    ColumnType type;
    std::string unit, unit_nl, title_nl, title_en;
    int key_figure = 0;  // place among the report's key figures; 0: not one
    int decimals = 0;
    std::string description;
};

/// The layers, in the order a result writes them.
const std::vector<OutputLayer>& output_layers();
const OutputLayer* find_output_layer(const std::string& name);
/// Every field row, in the order of the table.
const std::vector<OutputField>& output_fields();

/// The row describing field `name` of `layer` under `config` (which names the pass-through
/// fields) with the grids `grids` (their names prefix their fields); nullptr when there is none.
const OutputField* find_output_field(const std::string& layer, const std::string& name, const Config& config,
                                     const std::vector<std::string>& grids);

/// Gives every column of `table` (a layer of the registry) its description from the registry;
/// std::logic_error naming the layer and field when a column has no row or another type there
/// (a column added without its registry row is a bug, caught by every test that writes).
void conform(Table& table, const Config& config, const std::vector<std::string>& grids);
/// The same check without changing the table (the writer's).
void check_schema(const Table& table, const Config& config, const std::vector<std::string>& grids);

}  // namespace warmte
