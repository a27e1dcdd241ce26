#include "fixtures.hpp"

#include "warmte/layer.hpp"

#include <catch2/catch.hpp>

using namespace warmte;

TEST_CASE("select keeps geometry, ids and every column of the kept features alike", "[layer]") {
    VectorLayer l = test::layer({"POLYGON((0 0, 1 0, 1 1, 0 0))", "POLYGON((2 0, 4 0, 4 2, 2 0))", "POLYGON((5 0, 8 0, 8 3, 5 0))"});
    l.feature_ids = {10, 11, 12};
    l.numbers["year"].values = {1930, 1975, 2010};
    VectorLayer kept = l.select({true, false, true});
    CHECK(kept.size() == 2);
    CHECK(kept.feature_ids == std::vector<std::int64_t>{10, 12});
    CHECK(kept.numbers["year"].values == std::vector<double>{1930, 2010});
    CHECK(kept.text["buurtcode"].values == std::vector<std::string>{"A", "C"});
    CHECK(kept.geometry.area(1) == Approx(4.5));
    CHECK(kept.text_column("missing") == nullptr);
}
