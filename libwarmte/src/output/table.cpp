#include "warmte/table.hpp"

namespace warmte {

Column real_column(std::string name, std::vector<double> values, std::string description) {
    return Column{std::move(name), ColumnType::real, {}, std::move(values), {}, std::move(description)};
}

Column text_column(std::string name, std::vector<std::string> values, std::string description) {
    std::vector<std::uint8_t> present(values.size(), 1);
    return Column{std::move(name), ColumnType::text, std::move(values), {}, std::move(present), std::move(description)};
}

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

Table as_points(const Table& table) {
    Table points = table;
    points.geometry = GeometryArray();
    for (std::size_t row = 0; row < table.rows(); ++row) {
        auto [x, y] = centroid(table.geometry, row);
        points.geometry.add_point(x, y);
    }
    return points;
}

}  // namespace warmte
