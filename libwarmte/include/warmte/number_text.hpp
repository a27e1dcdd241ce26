// Numbers in words and fields: the one place that turns a double into the digits people read.
#pragma once

#include <string>

namespace warmte {

/// `x` rounded to a whole number, written as printf's "%.0f" writes it (halves to even, "-0" for
/// small negatives, "nan"/"inf"), through std::to_chars: a country's rescore writes some 300,000
/// of them, and snprintf's locale and format parsing were a tenth of its time.
std::string whole_number(double x);
/// `x` with `decimals` digits after the point, as printf's "%.*f" (and iostream's std::fixed) write it.
std::string fixed_number(double x, int decimals);
/// `x` rounded to a whole number as people read it in `language`: thousands grouped from 1,000 on,
/// with a point in Dutch ("215.298") and a comma in English ("215,298").
std::string grouped_number(double x, const std::string& language);

}  // namespace warmte
