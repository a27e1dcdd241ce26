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

Table Table::select(const std::vector<std::size_t>& rows) const {
    Table out;
    out.name = name;
    out.has_geometry = has_geometry;
    for (std::size_t r : rows)
        if (has_geometry) out.geometry.append_from(geometry, r);
    for (const Column& c : columns) {
        Column picked{c.name, c.type, {}, {}, {}, c.description};
        for (std::size_t r : rows) {
            if (c.type == ColumnType::text) {
                picked.text.push_back(c.text[r]);
                picked.present.push_back(c.present.empty() ? 1 : c.present[r]);
            } else {
                picked.numbers.push_back(c.numbers[r]);
            }
        }
        out.columns.push_back(std::move(picked));
    }
    return out;
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
