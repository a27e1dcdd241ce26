#include "warmte/number_text.hpp"

#include <charconv>

namespace warmte {

std::string fixed_number(double x, int decimals) {
    char buf[400];  // the largest double in fixed notation has 309 digits, and a few decimals
    auto [end, error] = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::fixed, decimals);
    return error == std::errc{} ? std::string(buf, end) : std::string();
}

std::string whole_number(double x) { return fixed_number(x, 0); }

}  // namespace warmte
