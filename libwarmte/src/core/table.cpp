#include "warmte/table.hpp"

namespace warmte {

std::size_t Table::rows() const {
    if (has_geometry) return geometry.size();
    if (columns.empty()) return 0;
    const Column& c = columns.front();
    return c.type == ColumnType::text ? c.text.size() : c.numbers.size();
}

const Column* Table::find(const std::string& column) const {
    for (const Column& c : columns)
        if (c.name == column) return &c;
    return nullptr;
}

}  // namespace warmte
