#include "warmte/number_text.hpp"

#include <charconv>

namespace warmte {

std::string fixed_number(double x, int decimals) {
    char buf[400];  // the largest double in fixed notation has 309 digits, and a few decimals
    auto [end, error] = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::fixed, decimals);
    return error == std::errc{} ? std::string(buf, end) : std::string();
}

std::string whole_number(double x) { return fixed_number(x, 0); }

std::string grouped_number(double x, const std::string& language) {
    const std::string plain = whole_number(x);
    const std::size_t digits_from = plain.starts_with('-') ? 1 : 0;
    if (plain.size() - digits_from < 4 || plain.find_first_not_of("-0123456789") != std::string::npos) return plain;
    const char separator = language == "nl" ? '.' : ',';
    std::string out = plain.substr(0, digits_from);
    const std::size_t digits = plain.size() - digits_from;
    for (std::size_t k = 0; k < digits; ++k) {
        if (k > 0 && (digits - k) % 3 == 0) out += separator;
        out += plain[digits_from + k];
    }
    return out;
}

}  // namespace warmte
