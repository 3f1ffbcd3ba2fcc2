// Sections: construction · commands (any thread) · working (advance, the worker loop, their shared
// steps) · evaluation and publication.
#include "core/nn/session.h"

#include <climits>
#include <cmath>
#include <limits>
#include <type_traits>

namespace dh::nn {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
} // namespace

template <class T>
bool WeightPath<T>::append(const Vector& theta, size_t capacity) {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_points.push_back(theta);
    if (m_points.size() <= capacity) return false;
    size_t w = 0;
    for (size_t r = 0; r < m_points.size(); r += 2) m_points[w++] = std::move(m_points[r]);
    m_points.resize(w);
    return true;
}

// ---- construction ----

template <class T>
TrainingSession<T>::TrainingSession(const SessionConfig& config, Data train, Data test)
    : m_config(config), m_path(std::make_shared<WeightPath<T>>()), m_lastBatchLoss(kNaN) {
    m_trainer = std::make_unique<Trainer<T>>(config.net, config.train, std::move(train), std::move(test));
    m_trainer->restart(initialParams());
    evaluate();
    publish(false);
    if (m_config.execution == Execution::WorkerThread) m_worker = std::thread([this] { run(); });
}

template <class T>
TrainingSession<T>::TrainingSession(const SessionConfig& config, NetData<T> train, NetData<T> test)
    : TrainingSession(config, std::make_shared<const NetData<T>>(std::move(train)),
                      std::make_shared<const NetData<T>>(std::move(test))) {}

template <class T>
TrainingSession<T>::~TrainingSession() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    if (m_worker.joinable()) m_worker.join();
}

template <class T>
typename TrainingSession<T>::Vector TrainingSession<T>::initialParams() const {
    if (m_config.initialParams) return m_config.initialParams->template cast<T>();
    Vector p;
    initializeParams(m_config.net, m_config.init, m_config.initSeed, p);
    return p;
}

// ---- commands (any thread) ----

template <class T>
void TrainingSession<T>::play() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_playing = true;
        m_pendingSteps = 0;
    }
    m_wake.notify_all();
}

template <class T>
void TrainingSession<T>::pause() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_playing = false;
        m_pendingSteps = 0;
    }
    m_wake.notify_all();
}

template <class T>
void TrainingSession<T>::step(long n) {
    if (n <= 0) return;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_playing = false;
        m_pendingSteps += n;
    }
    m_wake.notify_all();
}

template <class T>
void TrainingSession<T>::reset() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_playing = false;
        m_pendingSteps = 0;
        m_resetRequested = true;
    }
    m_wake.notify_all();
}

template <class T>
void TrainingSession<T>::setLearningRate(double lr) {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_newLr = lr;
    }
    m_wake.notify_all();
}

template <class T>
void TrainingSession<T>::setOptimizer(const OptimizerConfig& config) {
    Optimizer<Vector> check(config); // InputError here, in the caller's thread
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_newOptimizer = config;
        m_newLr.reset();
    }
    m_wake.notify_all();
}

template <class T>
void TrainingSession<T>::setStepsPerSecond(double rate) {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stepsPerSecond = rate > 0 && std::isfinite(rate) ? rate : 0;
    }
    m_wake.notify_all();
}

template <class T>
std::shared_ptr<const typename TrainingSession<T>::Snapshot> TrainingSession<T>::snapshot() const {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_snapshot;
}

// ---- working ----

template <class T>
bool TrainingSession<T>::hasWork() const {
    return m_playing || m_pendingSteps > 0 || m_resetRequested || m_newLr || m_newOptimizer;
}

template <class T>
typename TrainingSession<T>::Work TrainingSession<T>::takeWork() {
    Work w;
    w.reset = m_resetRequested;
    m_resetRequested = false;
    w.lr.swap(m_newLr);
    w.optimizer.swap(m_newOptimizer);
    w.playing = m_playing;
    w.budget = m_playing ? LONG_MAX : m_pendingSteps;
    w.rate = m_stepsPerSecond;
    return w;
}

template <class T>
void TrainingSession<T>::advance(double budgetMs) {
    if (m_config.execution != Execution::Stepped) return;
    ScopedFlushDenormals ftz(std::is_same<T, float>::value);
    const auto start = Clock::now();
    const auto deadline =
        std::isfinite(budgetMs)
            ? start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double, std::milli>(budgetMs))
            : Clock::time_point::max();
    const auto publishInterval = std::chrono::milliseconds(std::max(1, m_config.publishIntervalMs));
    for (;;) {
        Work w;
        bool idle = false;
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            idle = !hasWork();
            if (!idle) w = takeWork();
        }
        if (idle) {
            if (m_publishedRunning) finish(0, false); // paused since the last call: say so
            return;
        }
        if (apply(w)) continue;
        bool stop = false;
        const auto now = Clock::now();
        const long done = runSteps(w, now + std::min<Clock::duration>(publishInterval, deadline - now), stop);
        finish(done, stop);
        if ((done == 0 && !stop) || Clock::now() >= deadline) return; // throttled, or the budget is spent
    }
}

template <class T>
void TrainingSession<T>::waitUntilIdle() {
    if (m_config.execution == Execution::Stepped) {
        for (;;) {
            {
                std::lock_guard<std::mutex> lock(m_mutex);
                if (!hasWork()) return;
            }
            advance(std::numeric_limits<double>::infinity());
            bool throttled = false;
            {
                std::lock_guard<std::mutex> lock(m_mutex);
                throttled = m_stepsPerSecond > 0;
            }
            if (throttled) std::this_thread::sleep_until(m_nextStep); // the next step's time
        }
    }
    std::unique_lock<std::mutex> lock(m_mutex);
    m_idle.wait(lock, [&] { return !m_busy && !hasWork(); });
}

template <class T>
void TrainingSession<T>::run() {
    ScopedFlushDenormals ftz(std::is_same<T, float>::value);
    const auto publishInterval = std::chrono::milliseconds(std::max(1, m_config.publishIntervalMs));
    for (;;) {
        Work w;
        {
            std::unique_lock<std::mutex> lock(m_mutex);
            m_busy = false;
            m_idle.notify_all();
            m_wake.wait(lock, [&] { return m_stop || hasWork(); });
            if (m_stop) return;
            m_busy = true;
            w = takeWork();
        }
        if (apply(w)) continue;
        bool stop = false;
        const long done = runSteps(w, Clock::now() + publishInterval, stop);
        finish(done, stop);
    }
}

// Applies a new optimizer or learning rate, and a reset (which publishes; returns true).
template <class T>
bool TrainingSession<T>::apply(Work& w) {
    Trainer<T>& t = *m_trainer;
    if (w.optimizer) t.setOptimizer(*w.optimizer);
    if (w.lr) t.setLearningRate(*w.lr);
    if (!w.reset) return false;
    t.restart(initialParams());
    m_history.clear();
    m_historyStride = 1;
    m_evalIndex = 0;
    m_lastBatchLoss = kNaN;
    m_path->clear();
    m_pathStride = 1;
    evaluate();
    publish(false);
    return true;
}

// A chunk of steps, until `until`, the budget is spent, or training must stop (divergence, maxSteps).
template <class T>
long TrainingSession<T>::runSteps(const Work& w, Clock::time_point until, bool& stop) {
    Trainer<T>& t = *m_trainer;
    const long evalEvery = std::max(1L, m_config.evalEvery);
    auto atMax = [&] { return m_config.maxSteps > 0 && t.stepCount() >= m_config.maxSteps; };
    stop = w.budget == 0 || t.diverged() || atMax();
    if (stop) return 0;
    const auto chunkStart = Clock::now();
    // No bursts after a pause. Stepped catches up over the time since its last advance (a frame; in a page
    // drawn on the CPU, 100–300 ms): otherwise slow frames would slow the speed limit down to one step each.
    const auto slack = std::chrono::milliseconds(m_config.execution == Execution::Stepped ? 500 : 100);
    if (w.rate > 0 && m_nextStep < chunkStart - slack) m_nextStep = chunkStart;
    long done = 0;
    while (done < w.budget) {
        if (w.rate > 0 && !awaitStepTime(w)) break;
        StepResult r = t.step();
        if (r.diverged) {
            stop = true;
            break;
        }
        ++done;
        m_lastBatchLoss = r.loss;
        if (t.stepCount() % evalEvery == 0) evaluate();
        if (atMax()) {
            stop = true;
            break;
        }
        if (Clock::now() >= until) break;
    }
    return done;
}

// Throttled: whether the next step may run now. The worker waits for its time, waking early for any
// command (then false); Stepped never waits (false until the time has come).
template <class T>
bool TrainingSession<T>::awaitStepTime(const Work& w) {
    if (m_config.execution == Execution::Stepped) {
        if (Clock::now() < m_nextStep) return false;
    } else {
        std::unique_lock<std::mutex> lock(m_mutex);
        if (m_wake.wait_until(lock, m_nextStep, [&] {
                return m_stop || m_resetRequested || m_newLr || m_newOptimizer || m_playing != w.playing ||
                       (!w.playing && m_pendingSteps == 0);
            }))
            return false;
    }
    m_nextStep += std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / w.rate));
    return true;
}

template <class T>
void TrainingSession<T>::finish(long done, bool stop) {
    bool running;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (!m_playing) m_pendingSteps = std::max(0L, m_pendingSteps - done);
        if (stop) {
            m_playing = false;
            m_pendingSteps = 0;
        }
        running = m_playing || m_pendingSteps > 0;
    }
    if (!running && m_lastEvaluated != m_trainer->stepCount()) evaluate();
    publish(running);
}

// ---- evaluation and publication ----

template <class T>
void TrainingSession<T>::evaluate() {
    Trainer<T>& t = *m_trainer;
    HistoryPoint p;
    p.step = t.stepCount();
    const Evaluation train = t.evaluate(t.trainData(), true, m_config.evalMaxRows);
    const Evaluation test = t.evaluate(t.testData(), true, m_config.evalMaxRows);
    p.trainLoss = train.objective;
    p.trainAccuracy = train.accuracy;
    p.testLoss = test.objective;
    p.testAccuracy = test.accuracy;
    m_last = p;
    m_lastEvaluated = p.step;
    // thinning: evaluation i is kept when i is a multiple of the stride; when full, every other kept
    // point goes and the stride doubles (so the kept ones stay evenly spaced)
    if (m_evalIndex % m_historyStride == 0) {
        m_history.push_back(p);
        if (m_history.size() > std::max<size_t>(2, m_config.historyCapacity)) {
            size_t w = 0;
            for (size_t r = 0; r < m_history.size(); r += 2) m_history[w++] = m_history[r];
            m_history.resize(w);
            m_historyStride *= 2;
        }
    }
    const size_t perVector = size_t(std::max<Eigen::Index>(1, t.params().size()));
    const size_t capacity =
        std::max<size_t>(2, std::min(m_config.trajectoryCapacity, m_config.trajectoryMaxScalars / perVector));
    if (m_evalIndex % m_pathStride == 0 && m_path->append(t.params(), capacity)) m_pathStride *= 2;
    ++m_evalIndex;
}

template <class T>
void TrainingSession<T>::publish(bool running) {
    auto s = std::make_shared<Snapshot>();
    const Trainer<T>& t = *m_trainer;
    s->version = ++m_version;
    s->step = t.stepCount();
    s->epoch = t.epoch();
    s->batchLoss = m_lastBatchLoss;
    s->evaluatedStep = m_lastEvaluated;
    s->trainLoss = m_last.trainLoss;
    s->testLoss = m_last.testLoss;
    s->trainAccuracy = m_last.trainAccuracy;
    s->testAccuracy = m_last.testAccuracy;
    s->running = running;
    m_publishedRunning = running;
    s->diverged = t.diverged();
    s->divergedAtStep = t.divergedAtStep();
    s->learningRate = t.optimizer().lr();
    s->params = t.params();
    s->history = m_history;
    if (s->history.empty() || s->history.back().step != m_last.step) s->history.push_back(m_last);
    std::shared_ptr<const Snapshot> old;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        old = std::move(m_snapshot);
        m_snapshot = std::move(s);
    }
    // `old` is released here, outside the lock (readers may still hold it)
}

template class WeightPath<float>;
template class WeightPath<double>;
template class TrainingSession<float>;
template class TrainingSession<double>;

} // namespace dh::nn
