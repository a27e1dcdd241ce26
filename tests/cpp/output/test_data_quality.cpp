#include "warmte/data_quality.hpp"

#include <catch2/catch.hpp>

using namespace warmte;

TEST_CASE("records and counts, merged across workers, summarised per issue", "[data_quality]") {
    DataQuality a, b;
    a.record({"buildings", 7, "repaired_invalid_geometry", "self-intersection"});
    a.count("buildings", "filtered_not_in_use", 3);
    a.count("buildings", "filtered_not_in_use", 0);  // nothing to count: no entry
    b.record({"water", 2, "water_type_missing", "counted as stagnant"});
    a.merge(b);
    CHECK(a.records().size() == 2);
    CHECK(a.count_of("buildings", "repaired_invalid_geometry") == 1);
    CHECK(a.count_of("buildings", "filtered_not_in_use") == 3);
    CHECK(a.count_of("water", "water_type_missing") == 1);
    CHECK(a.count_of("water", "nothing") == 0);
    CHECK(a.summary_lines() == std::vector<std::string>{"buildings: 3 filtered_not_in_use",
                                                        "buildings: 1 repaired_invalid_geometry",
                                                        "water: 1 water_type_missing"});
}
