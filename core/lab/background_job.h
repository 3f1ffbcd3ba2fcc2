// One computation for a lab that runs on a thread of its own, or at once in the caller's thread (on a
// platform without threads, or when the caller needs the result now, as a headless render does).
//
// Ownership: the function owns everything it reads (its captures are copies and shared_ptrs), so a job
// never depends on the lab's current session or data staying alive. cancel() sets the flag the function
// was given; a function that polls it returns early, and its result is dropped. The destructor cancels
// and waits, so no thread outlives the job object.
#pragma once

#include <atomic>
#include <cassert>
#include <chrono>
#include <future>
#include <memory>
#include <optional>
#include <utility>

namespace dh {

template <class R>
class BackgroundJob {
public:
    BackgroundJob() = default;
    ~BackgroundJob() { cancel(); }
    BackgroundJob(const BackgroundJob&) = delete;
    BackgroundJob& operator=(const BackgroundJob&) = delete;

    // Runs f(const std::atomic<bool>& cancelled) -> R on a new thread, or now when inThread is false.
    // A job still running is cancelled first (and waited for).
    template <class F>
    void start(F&& f, bool inThread) {
        cancel();
        auto flag = std::make_shared<std::atomic<bool>>(false);
        m_cancel = flag;
        if (inThread) {
            m_future = std::async(std::launch::async, [flag, f = std::forward<F>(f)]() mutable { return f(*flag); });
        } else {
            m_result.emplace(f(*flag));
        }
    }
    // Started and its result not yet taken (it may still be running).
    bool busy() const { return m_future.valid() || m_result.has_value(); }
    // The result is there: take() will not block.
    bool ready() const {
        if (m_result) return true;
        return m_future.valid() && m_future.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
    }
    // The result; blocks while the job runs. Precondition: busy().
    R take() {
        assert(busy());
        if (m_result) {
            R r = std::move(*m_result);
            m_result.reset();
            return r;
        }
        return m_future.get();
    }
    // Asks a running job to stop, waits for it and drops its result.
    void cancel() {
        if (m_cancel) m_cancel->store(true);
        if (m_future.valid()) m_future.wait();
        m_future = {};
        m_result.reset();
        m_cancel.reset();
    }

private:
    std::shared_ptr<std::atomic<bool>> m_cancel;
    std::future<R> m_future;
    std::optional<R> m_result;
};

} // namespace dh
