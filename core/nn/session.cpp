#include "core/nn/session.h"

#include <chrono>
#include <climits>
#include <cmath>
#include <limits>
#include <type_traits>

namespace dh::nn {

namespace {
using Clock = std::chrono::steady_clock;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
} // namespace

template <class T>
TrainingSession<T>::TrainingSession(const SessionConfig& config, NetData<T> train, NetData<T> test)
    : m_config(config), m_lastBatchLoss(kNaN) {
    m_trainer = std::make_unique<Trainer<T>>(config.net, config.train, std::move(train), std::move(test));
    m_trainer->restart(initialParams());
    evaluate();
    publish(false);
    m_worker = std::thread([this] { run(); });
}

template <class T>
TrainingSession<T>::~TrainingSession() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    m_worker.join();
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

template <class T>
void TrainingSession<T>::waitUntilIdle() const {
    std::unique_lock<std::mutex> lock(m_mutex);
    m_idle.wait(lock, [&] {
        return !m_busy && !m_playing && m_pendingSteps == 0 && !m_resetRequested && !m_newLr && !m_newOptimizer;
    });
}

template <class T>
std::vector<typename TrainingSession<T>::Vector> TrainingSession<T>::trajectory() const {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_trajectory;
}

// ---- worker ----

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
    if (m_evalIndex % m_trajectoryStride == 0) {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_trajectory.push_back(t.params());
        if (m_trajectory.size() > capacity) {
            size_t w = 0;
            for (size_t r = 0; r < m_trajectory.size(); r += 2) m_trajectory[w++] = std::move(m_trajectory[r]);
            m_trajectory.resize(w);
            m_trajectoryStride *= 2;
        }
    }
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

template <class T>
void TrainingSession<T>::run() {
    ScopedFlushDenormals ftz(std::is_same<T, float>::value);
    const long evalEvery = std::max(1L, m_config.evalEvery);
    const auto publishInterval = std::chrono::milliseconds(std::max(1, m_config.publishIntervalMs));
    Clock::time_point nextStep = Clock::now(); // throttled mode: when the next step may run
    for (;;) {
        bool reset = false, playing = false;
        long budget = 0;
        double rate = 0;
        std::optional<double> lr;
        std::optional<OptimizerConfig> optimizer;
        {
            std::unique_lock<std::mutex> lock(m_mutex);
            m_busy = false;
            m_idle.notify_all();
            m_wake.wait(lock, [&] {
                return m_stop || m_playing || m_pendingSteps > 0 || m_resetRequested || m_newLr || m_newOptimizer;
            });
            if (m_stop) return;
            m_busy = true;
            reset = m_resetRequested;
            m_resetRequested = false;
            lr.swap(m_newLr);
            optimizer.swap(m_newOptimizer);
            m_newLr.reset();
            m_newOptimizer.reset();
            playing = m_playing;
            budget = playing ? LONG_MAX : m_pendingSteps;
            rate = m_stepsPerSecond;
        }
        Trainer<T>& t = *m_trainer;
        if (optimizer) t.setOptimizer(*optimizer);
        if (lr) t.setLearningRate(*lr);
        if (reset) {
            t.restart(initialParams());
            m_history.clear();
            m_historyStride = 1;
            m_evalIndex = 0;
            m_lastBatchLoss = kNaN;
            {
                std::lock_guard<std::mutex> lock(m_mutex);
                m_trajectory.clear();
                m_trajectoryStride = 1;
            }
            evaluate();
            publish(false);
            continue;
        }
        if (t.diverged() || (m_config.maxSteps > 0 && t.stepCount() >= m_config.maxSteps)) budget = 0;

        // a chunk of steps, until the next publication is due or the budget is spent
        const auto chunkStart = Clock::now();
        if (rate > 0 && nextStep < chunkStart - std::chrono::milliseconds(100)) nextStep = chunkStart; // no bursts
        long done = 0;
        bool stop = budget == 0;
        while (done < budget) {
            if (rate > 0) {
                // throttled: wait for the step's time, waking early for any command
                std::unique_lock<std::mutex> lock(m_mutex);
                if (m_wake.wait_until(lock, nextStep, [&] {
                        return m_stop || m_resetRequested || m_newLr || m_newOptimizer || m_playing != playing ||
                               (!playing && m_pendingSteps == 0);
                    }))
                    break;
                nextStep += std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / rate));
            }
            StepResult r = t.step();
            if (r.diverged) {
                stop = true;
                break;
            }
            ++done;
            m_lastBatchLoss = r.loss;
            if (t.stepCount() % evalEvery == 0) evaluate();
            if (m_config.maxSteps > 0 && t.stepCount() >= m_config.maxSteps) {
                stop = true;
                break;
            }
            if (Clock::now() - chunkStart >= publishInterval) break;
        }

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
        if (!running && m_lastEvaluated != t.stepCount()) evaluate();
        publish(running);
    }
}

template class TrainingSession<float>;
template class TrainingSession<double>;

} // namespace dh::nn
