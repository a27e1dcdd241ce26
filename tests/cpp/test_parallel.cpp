#include "parallel.hpp"
#include "warmte/error.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>

using namespace warmte;

TEST_CASE("every item once, whatever the thread count; a progress callback can cancel", "[parallel]") {
    CHECK(resolve_threads(0) >= 1);
    CHECK(resolve_threads(3) == 3);
    for (unsigned threads : {1u, 2u, 8u}) {
        std::vector<int> hits(1000, 0);
        parallel_for(hits.size(), threads, {}, "test", [&](std::size_t i, geos::Context&) { ++hits[i]; }, 7);
        CHECK(std::count(hits.begin(), hits.end(), 1) == 1000);
    }
    std::atomic<int> done{0};
    Progress stop = [](std::string_view, std::size_t, std::size_t) { return false; };
    auto slow = [&](std::size_t i, geos::Context&) {
        if (i % 100 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        ++done;
    };
    CHECK_THROWS_AS(parallel_for(100000, 2, stop, "test", slow, 10), Cancelled);
    CHECK(done < 100000);
    // A failing item stops the run and its exception reaches the caller.
    CHECK_THROWS_AS(parallel_for(1000, 2, {}, "test", [](std::size_t i, geos::Context&) {
                        if (i == 500) throw InputError("feature 500");
                    }),
                    InputError);
}
