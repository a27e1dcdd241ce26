// A parallel loop over item indices with one GEOS context per worker thread, dynamic
// scheduling, progress on the calling thread and the first worker exception rethrown.
// Results must not depend on the thread count: workers write only to slots of their own item.
#pragma once

#include "warmte/error.hpp"
#include "geometry/geos_handles.hpp"
#include "warmte/progress.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <future>
#include <mutex>
#include <string_view>
#include <thread>
#include <type_traits>
#include <functional>
#include <vector>

namespace warmte {

/// Work that reads only what nothing else writes meanwhile: started on a second thread when
/// `threads` > 1, else run when its result is taken. Destroying it waits for that thread (so an
/// exception thrown beside it leaves nothing running).
template <class Task>
class Beside {
public:
    using Result = std::invoke_result_t<Task&>;
    Beside(unsigned threads, Task task) : task_(std::move(task)) {
        if (threads > 1) started_ = std::async(std::launch::async, std::ref(task_));
    }
    Beside(const Beside&) = delete;
    Beside& operator=(const Beside&) = delete;
    Result get() { return started_.valid() ? started_.get() : task_(); }

private:
    Task task_;                     // first: the thread refers to it
    std::future<Result> started_;
};

/// Number of worker threads for a requested count (0 or less: all cores).
unsigned resolve_threads(int requested);

/// A stage of the run as its progress is told: the callback (may be empty) and the stage's name.
inline const Progress no_progress{};
struct StageProgress {
    const Progress& progress;
    std::string_view stage;
};

/// Calls work(item, state) for every item in [0, n), where each worker thread makes its state
/// once with make_state(context) from its own GEOS context; the state is destroyed before the
/// context. `chunk` items are taken at a time. Throws Cancelled when progress returns false.
template <class MakeState, class Work>
void parallel_for_with_state(std::size_t n, unsigned threads, StageProgress told, MakeState&& make_state, Work&& work,
                             std::size_t chunk = 64) {
    const Progress& progress = told.progress;
    const std::string_view stage = told.stage;
    threads = std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>((n + chunk - 1) / chunk)));
    std::atomic<std::size_t> next{0};
    std::atomic<std::size_t> done{0};
    std::atomic<bool> stop{false};
    std::exception_ptr failure;
    std::mutex failure_mutex;

    auto worker = [&](unsigned) {
        geos::Context ctx;
        decltype(auto) state = make_state(ctx);
        while (!stop.load(std::memory_order_relaxed)) {
            std::size_t begin = next.fetch_add(chunk);
            if (begin >= n) break;
            std::size_t end = std::min(n, begin + chunk);
            try {
                for (std::size_t i = begin; i < end; ++i) work(i, state);
            } catch (...) {
                std::lock_guard<std::mutex> lock(failure_mutex);
                if (!failure) failure = std::current_exception();
                stop = true;
            }
            done.fetch_add(end - begin);
        }
    };

    std::vector<std::future<void>> running;
    for (unsigned t = 1; t < threads; ++t)
        running.push_back(std::async(std::launch::async, worker, t));
    if (!progress) {
        worker(0);
    } else {
        // The calling thread only reports progress (it may hold Python's GIL in the callback).
        running.push_back(std::async(std::launch::async, worker, 0u));
        bool cancelled = false;
        while (std::any_of(running.begin(), running.end(), [](auto& f) {
            return f.wait_for(std::chrono::milliseconds(0)) != std::future_status::ready;
        })) {
            if (!cancelled && !progress(stage, done.load(), n)) {
                cancelled = true;
                stop = true;
            }
            running.back().wait_for(std::chrono::milliseconds(50));
        }
        if (cancelled) {
            for (auto& f : running) f.get();
            throw Cancelled("run cancelled during " + std::string(stage));
        }
        progress(stage, n, n);
    }
    for (auto& f : running) f.get();
    if (failure) std::rethrow_exception(failure);
}

/// parallel_for_with_state where the state is just the worker's GEOS context.
template <class Work>
void parallel_for(std::size_t n, unsigned threads, const Progress& progress, std::string_view stage,
                  Work&& work, std::size_t chunk = 64) {
    parallel_for_with_state(
        n, threads, {progress, stage}, [](geos::Context& ctx) -> geos::Context& { return ctx; },
        std::forward<Work>(work), chunk);
}

}  // namespace warmte
