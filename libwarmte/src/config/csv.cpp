#include "warmte/csv.hpp"

#include "warmte/error.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <sstream>

namespace warmte {

namespace {

std::string joined(const std::vector<std::string>& names) {
    std::string all;
    for (const std::string& n : names) {
        if (!all.empty()) all.append(", ");
        all.append(n);
    }
    return all;
}

}  // namespace

std::string trim(const std::string& text) {
    auto b = text.find_first_not_of(" \t\r\n\"");
    auto e = text.find_last_not_of(" \t\r\n\"");
    return b == std::string::npos ? "" : text.substr(b, e - b + 1);
}

std::vector<std::string> split(const std::string& text, char separator) {
    std::vector<std::string> parts;
    std::stringstream in(text);
    std::string part;
    while (std::getline(in, part, separator)) parts.push_back(trim(part));
    return parts;
}

std::string lower_ascii(std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

std::vector<std::string> split_lower(const std::string& text, char separator) {
    std::vector<std::string> parts = split(text, separator);
    for (std::string& p : parts) p = lower_ascii(std::move(p));
    return parts;
}

std::vector<std::map<std::string, std::string>> parse_csv(const std::string& text, const std::string& origin,
                                                          const std::vector<std::string>& required, bool rest_in_last) {
    std::vector<std::map<std::string, std::string>> rows;
    std::vector<std::string> header;
    std::stringstream in(text);
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (trim(line).empty() || trim(line)[0] == '#') continue;
        // Cells past the header's width (commas inside the last column, the source) are ignored.
        std::vector<std::string> cells = split(line, ',');
        if (rest_in_last && !header.empty() && cells.size() > header.size()) {
            // The last column is free text: the rest of the line as written, commas and all
            // (quotes around it are dropped); the columns before it hold none.
            std::size_t at = 0;
            for (std::size_t k = 0; k + 1 < header.size(); ++k) at = line.find(',', at) + 1;
            cells.resize(header.size());
            cells.back() = trim(line.substr(at));
        }
        if (header.empty()) {
            header = cells;
            for (const std::string& r : required)
                if (std::find(header.begin(), header.end(), r) == header.end())
                    throw ConfigError(origin + ": missing column '" + r + "'; the header needs " + joined(required));
            continue;
        }
        if (cells.size() < header.size())
            throw ConfigError(origin + ", line " + std::to_string(number) + ": expected " + std::to_string(header.size()) +
                              " columns, found " + std::to_string(cells.size()));
        std::map<std::string, std::string> row;
        for (std::size_t k = 0; k < header.size(); ++k) row[header[k]] = cells[k];
        row["#line"] = std::to_string(number);
        rows.push_back(std::move(row));
    }
    return rows;
}

double number_in(const std::map<std::string, std::string>& row, const std::string& column, const std::string& origin) {
    const std::string& text = row.at(column);
    char* end = nullptr;
    double x = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || !std::isfinite(x))
        throw ConfigError(origin + ", line " + row.at("#line") + ": column '" + column + "' must be a number, not '" +
                          text + "'");
    return x;
}

}  // namespace warmte
