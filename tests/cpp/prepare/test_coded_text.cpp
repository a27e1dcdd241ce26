#include "warmte/coded_text.hpp"

#include <catch2/catch.hpp>
#include <stdexcept>
#include <string>
#include <vector>

using namespace warmte;

TEST_CASE("coded text gives back each row's value and keeps each distinct value once", "[coded_text]") {
    CodedText labels{"C", "A", "C", "", "A"};
    REQUIRE(labels.size() == 5);
    CHECK(labels[0] == "C");
    CHECK(labels[1] == "A");
    CHECK(labels[3] == "");
    CHECK(labels.dictionary().names() == std::vector<std::string>{"C", "A", ""});
    CHECK(labels.code(2) == labels.code(0));
    labels.set(0, *labels.dictionary().find("A"));
    CHECK(labels[0] == "A");
    CHECK_FALSE(labels.dictionary().find("B"));

    TextCodes codes;
    codes.code_of("x");
    const CodedText filled(codes, 3);  // every row the first value until set
    CHECK(filled[2] == "x");
}

TEST_CASE("coded lists keep each row's values in their order, empty rows too", "[coded_text]") {
    CodedLists uses{{"winkelfunctie", "woonfunctie"}, {}, {"woonfunctie"}};
    REQUIRE(uses.size() == 3);
    CHECK(uses.count(0) == 2);
    CHECK(uses.count(1) == 0);
    CHECK(uses.first(2) == 2);
    CHECK(uses.at(0, 1) == "woonfunctie");
    CHECK(uses.values(0) == std::vector<std::string>{"winkelfunctie", "woonfunctie"});
    CHECK(uses.values(1).empty());
    CHECK(uses.contains(2, "woonfunctie"));
    CHECK_FALSE(uses.contains(2, "winkelfunctie"));
    CHECK_FALSE(uses.contains(0, "industriefunctie"));  // not a known value at all
    CHECK(uses.codes(2)[0] == uses.codes(0)[1]);        // one code per distinct value

    const CodedLists::Code shop = uses.code_of("winkelfunctie");
    const CodedLists::Code row[] = {shop, shop};
    uses.push_back(row);
    CHECK(uses.values(3) == std::vector<std::string>{"winkelfunctie", "winkelfunctie"});
    uses.assign(2, {"celfunctie"});
    REQUIRE(uses.size() == 2);
    CHECK(uses.values(1) == std::vector<std::string>{"celfunctie"});
}

TEST_CASE("a coded column refuses a 65,537th distinct value", "[coded_text]") {
    TextCodes codes;
    for (int i = 0; i < 65536; ++i) codes.code_of(std::to_string(i));
    CHECK(codes.code_of("65535") == 65535);
    CHECK_THROWS_AS(codes.code_of("one too many"), std::length_error);
}
