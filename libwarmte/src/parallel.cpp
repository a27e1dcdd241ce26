#include "parallel.hpp"

namespace warmte {

unsigned resolve_threads(int requested) {
    if (requested > 0) return static_cast<unsigned>(requested);
    unsigned cores = std::thread::hardware_concurrency();
    return cores ? cores : 1;
}

}  // namespace warmte
