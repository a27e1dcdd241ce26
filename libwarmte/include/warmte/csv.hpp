// The small CSV tables the library compiles in (demand figures, labels, map classes) and the
// ones users pass instead: '#' lines are comments, the first other line is the header.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace warmte {

/// `text` without surrounding blanks and double quotes.
std::string trim(const std::string& text);
/// The trimmed parts of `text` between `separator`s (a BAG list of uses, a CSV line).
std::vector<std::string> split(const std::string& text, char separator);
/// `text` with A-Z as a-z (BAG code lists are lower case; exports are not always).
std::string lower_ascii(std::string text);
/// split(), each part in lower case: BAG gebruiksdoelen as 'WOONFUNCTIE, Kantoorfunctie'.
std::vector<std::string> split_lower(const std::string& text, char separator);

/// Rows as column -> value maps; each row also carries "#line" (its line number) for messages.
/// ConfigError naming `origin` when a required column is missing or a row is short. With
/// `rest_in_last` the last column takes the rest of the line, commas and all (free text);
/// otherwise cells past the header's width are ignored.
std::vector<std::map<std::string, std::string>> parse_csv(const std::string& text, const std::string& origin,
                                                          const std::vector<std::string>& required,
                                                          bool rest_in_last = false);

/// The number in `column` of a parsed row; ConfigError naming `origin` and the line when it is not one.
double number_in(const std::map<std::string, std::string>& row, const std::string& column, const std::string& origin);

}  // namespace warmte
