// Progress reporting, cancellation and stage timings. The callback is only ever called on the
// thread that started the run, so Python can take the GIL in it without deadlocks.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace warmte {

/// Called with the stage name and items done out of total; returns false to cancel the run.
using Progress = std::function<bool(std::string_view stage, std::size_t done, std::size_t total)>;

/// Wall time per stage, in run order (reported by the CLI and the benchmarks).
using StageTimings = std::vector<std::pair<std::string, double>>;

/// Appends (stage, seconds since the previous lap) to a list of timings.
class StageTimer {
public:
    explicit StageTimer(StageTimings& out) : out_(out) {}
    void lap(std::string stage) {
        auto now = std::chrono::steady_clock::now();
        out_.emplace_back(std::move(stage), std::chrono::duration<double>(now - last_).count());
        last_ = now;
    }
    /// Starts the next lap now (after timings another stage reported itself).
    void restart() { last_ = std::chrono::steady_clock::now(); }

private:
    StageTimings& out_;
    std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

}  // namespace warmte
