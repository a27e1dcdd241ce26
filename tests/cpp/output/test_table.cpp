#include "fixtures.hpp"

#include "warmte/table.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace warmte;

TEST_CASE("columns, lookups and a table as points at its centroids", "[table]") {
    Table t;
    t.name = "sources";
    t.geometry = test::polygons({"POLYGON((0 0, 4 0, 4 2, 0 2, 0 0))", "POLYGON((10 10, 12 10, 12 12, 10 12, 10 10))"});
    t.columns = {text_column("id", {"a", "b"}, "ids"), real_column("gj", {1.5, std::nan("")}, "heat")};
    CHECK(t.rows() == 2);
    CHECK(t.find("gj")->type == ColumnType::real);
    CHECK(t.find("id")->present == std::vector<std::uint8_t>{1, 1});
    CHECK(t.find("none") == nullptr);
    Table points = as_points(t);
    CHECK(points.kind(0) == GeometryKind::point);
    auto [x, y] = centroid(points.geometry, 0);
    CHECK(x == Approx(2));
    CHECK(y == Approx(1));
    CHECK(points.columns.size() == 2);
    Table attributes;
    attributes.has_geometry = false;
    CHECK(attributes.kind(0) == GeometryKind::polygon);
}
