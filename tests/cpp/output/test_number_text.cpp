#include "warmte/number_text.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <limits>
#include <random>
#include <string>

using namespace warmte;

namespace {

std::string printf_fixed(double x, int decimals) {
    char buf[400];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, x);
    return buf;
}

}  // namespace

TEST_CASE("whole and fixed numbers read as printf writes them", "[output]") {
    CHECK(whole_number(1234.4) == "1234");
    CHECK(whole_number(0.5) == "0");   // halves to even, as printf
    CHECK(whole_number(1.5) == "2");
    CHECK(whole_number(2.5) == "2");
    CHECK(whole_number(-0.3) == "-0");
    CHECK(whole_number(std::nan("")) == printf_fixed(std::nan(""), 0));
    CHECK(whole_number(-std::numeric_limits<double>::infinity()) == "-inf");
    CHECK(fixed_number(45.315, 2) == printf_fixed(45.315, 2));
    CHECK(fixed_number(0.845, 2) == "0.84");  // 0.845 is a little below it in binary
    CHECK(whole_number(std::numeric_limits<double>::max()) == printf_fixed(std::numeric_limits<double>::max(), 0));
    std::mt19937_64 rng(15);
    std::uniform_real_distribution<double> any(-1e7, 1e7);
    for (int k = 0; k < 20000; ++k) {
        const double x = k % 4 == 0 ? std::round(any(rng)) + 0.5 : any(rng);  // a quarter exact halves
        REQUIRE(whole_number(x) == printf_fixed(x, 0));
        REQUIRE(fixed_number(x / 1000, 2) == printf_fixed(x / 1000, 2));
    }
    // Beyond the integers' fast path and around zero, the same text too.
    for (double x : {-0.3, -0.0, 0.0, 0.5, -0.5, 1.5, 2.5, 1e16 + 2, -3e20, 1e300, 4503599627370497.5})
        CHECK(whole_number(x) == printf_fixed(x, 0));
}

TEST_CASE("numbers as people read them: thousands grouped per language", "[number_text]") {
    CHECK(grouped_number(215298, "nl") == "215.298");
    CHECK(grouped_number(215298, "en") == "215,298");
    CHECK(grouped_number(1704.4, "nl") == "1.704");
    CHECK(grouped_number(1234567.5, "en") == "1,234,568");
    CHECK(grouped_number(999.6, "nl") == "1.000");
    CHECK(grouped_number(999, "en") == "999");
    CHECK(grouped_number(-40829, "nl") == "-40.829");
    CHECK(grouped_number(0, "nl") == "0");
    CHECK(grouped_number(std::nan(""), "nl") == "nan");
}
