// Progress reporting and cancellation. The callback is only ever called on the thread that
// started the run, so Python can take the GIL in it without deadlocks.
#pragma once

#include <cstddef>
#include <functional>
#include <string_view>

namespace warmte {

/// Called with the stage name and items done out of total; returns false to cancel the run.
using Progress = std::function<bool(std::string_view stage, std::size_t done, std::size_t total)>;

}  // namespace warmte
