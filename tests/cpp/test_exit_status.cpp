#include "warmte/error.hpp"
#include "warmte/exit_status.hpp"

#include <catch2/catch.hpp>

#include <set>
#include <stdexcept>

using namespace warmte;

TEST_CASE("every kind of failure has its exit status, written out by hand", "[exit_status]") {
    // README (Command line): 2 bad input or configuration, 3 output, 4 geometry, 5 cancelled, 1 a bug.
    CHECK(exit_status_of(InputError("x")) == 2);
    CHECK(exit_status_of(ConfigError("x")) == 2);
    CHECK(exit_status_of(HaloTooSmall("x")) == 2);
    CHECK(exit_status_of(OutputError("x")) == 3);
    CHECK(exit_status_of(GeometryError("x")) == 4);
    CHECK(exit_status_of(Cancelled("x")) == 5);
    CHECK(exit_status_of(std::runtime_error("x")) == 1);
    CHECK(exit_status_of(std::bad_alloc()) == 1);
    std::set<int> codes;
    for (const ExitStatus& s : exit_statuses()) CHECK(codes.insert(s.code).second);
    CHECK(codes == std::set<int>{0, 1, 2, 3, 4, 5, 6});
}
