// Training for the network lab, controlled with play / pause / step / reset and read through immutable
// snapshots, either on a worker thread or stepped by its owner (see Execution).
//
// Threading contract (Execution::WorkerThread): the Trainer belongs to the worker thread alone.
// Commands only set fields under a mutex and wake the worker. The worker publishes a new
// std::shared_ptr<const TrainingSnapshot> (built outside the lock, swapped in under it); snapshot()
// hands out the current one. A snapshot is never modified after publication, so readers see step,
// losses, accuracies, weights and the divergence state of one and the same moment, and may keep it as
// long as they like. The data and the weight path are shared (shared_ptr) and safe to read from any
// thread: background jobs keep them alive for as long as they need them.
//
// Execution::Stepped: no thread. The owner calls advance(budgetMs), e.g. once per frame, and the
// commands and steps run inside that call, for about budgetMs. Both modes run the same steps in the
// same order: after the same commands and the same number of steps, the weights are bit-identical.
//
// Publication: while playing, at most every publishIntervalMs (default 15 ms, ~60 Hz; Stepped: also at
// the end of each advance); immediately after a pause, a finished step(n), a reset, reaching maxSteps,
// or divergence. Evaluations (the loss and accuracy on the whole training and test sets) run every
// evalEvery steps and whenever training stops; the snapshot says at which step they were made
// (evaluatedStep).
#pragma once

#include "core/nn/init.h"
#include "core/nn/trainer.h"

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace dh::nn {

// Where a session (and the network lab built on it) does its work: on threads of its own, or in
// calls from the owner's frame loop (for platforms without threads, e.g. a browser without
// SharedArrayBuffer). A build defines DOWNHILL_NO_THREADS to make Stepped the default.
enum class Execution { WorkerThread, Stepped };
#ifdef DOWNHILL_NO_THREADS
inline constexpr Execution kDefaultExecution = Execution::Stepped;
#else
inline constexpr Execution kDefaultExecution = Execution::WorkerThread;
#endif

struct SessionConfig {
    MlpConfig net;
    TrainOptions train;
    InitScheme init = InitScheme::Xavier;
    std::uint64_t initSeed = 1;
    std::optional<Eigen::VectorXd> initialParams; // explicit weights instead of init/initSeed
    Execution execution = kDefaultExecution;
    long maxSteps = 0;                      // pause when reached (0 = no limit)
    long evalEvery = 10;                    // steps between evaluations (>= 1)
    Eigen::Index evalMaxRows = 0;           // evaluate on the first rows only (0 = all; e.g. 5000 for Fashion-MNIST)
    int publishIntervalMs = 15;             // while playing
    size_t historyCapacity = 4096;          // evaluations kept; when full, every other one goes (stride doubles)
    size_t trajectoryCapacity = 200;        // weight vectors kept (θ at kept evaluations), thinned likewise
    size_t trajectoryMaxScalars = 20000000; // and at most this many numbers in total (memory bound)
};

// One evaluation, for the loss and accuracy curves: losses are objectives (data loss + regularization,
// so train and test curves compare); NaN where not defined (no test split, regression).
struct HistoryPoint {
    long step = 0;
    double trainLoss = 0, testLoss = 0;
    double trainAccuracy = 0, testAccuracy = 0;
};

template <class T>
struct TrainingSnapshot {
    using Vector = Eigen::Matrix<T, Eigen::Dynamic, 1>;
    std::uint64_t version = 0; // increases with each publication
    long step = 0;             // updates made
    long epoch = 0;            // completed passes over the training set
    double batchLoss = 0;      // objective on the last step's batch, before its update (NaN before any step)
    long evaluatedStep = -1;   // the step of the values below
    double trainLoss = 0, testLoss = 0, trainAccuracy = 0, testAccuracy = 0; // at evaluatedStep
    bool running = false;                                                    // playing (or working through step(n))
    bool diverged = false;             // stopped: the loss became NaN/Inf at divergedAtStep
    long divergedAtStep = -1;          // the weights are those of the step before
    double learningRate = 0;           // of the optimizer now
    Vector params;                     // the weights at `step` (params layout, mlp.h)
    std::vector<HistoryPoint> history; // thinned evaluations, oldest first
};

// The weight vectors θ recorded at evaluations, oldest first, thinned as they grow (for PCA directions
// of the loss landscape). The session appends; anyone may copy, from any thread.
template <class T>
class WeightPath {
public:
    using Vector = Eigen::Matrix<T, Eigen::Dynamic, 1>;
    std::vector<Vector> copy() const {
        std::lock_guard<std::mutex> lock(m_mutex);
        return m_points;
    }
    size_t size() const {
        std::lock_guard<std::mutex> lock(m_mutex);
        return m_points.size();
    }
    // Appends θ; beyond capacity every other point goes. Returns true when it thinned.
    bool append(const Vector& theta, size_t capacity);
    void clear() {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_points.clear();
    }

private:
    mutable std::mutex m_mutex;
    std::vector<Vector> m_points;
};

template <class T>
class TrainingSession {
public:
    using Vector = Eigen::Matrix<T, Eigen::Dynamic, 1>;
    using Snapshot = TrainingSnapshot<T>;
    using Data = std::shared_ptr<const NetData<T>>;

    // Builds the trainer (InputError for a bad config or data, in the caller's thread) and, for
    // WorkerThread, starts the worker; paused. A first snapshot (step 0, evaluated) is available when
    // the constructor returns. The data may be shared with others (it is never modified).
    TrainingSession(const SessionConfig& config, Data train, Data test = nullptr);
    TrainingSession(const SessionConfig& config, NetData<T> train, NetData<T> test = {});
    // Stops and joins the worker.
    ~TrainingSession();
    TrainingSession(const TrainingSession&) = delete;
    TrainingSession& operator=(const TrainingSession&) = delete;

    // ---- commands (any thread) ----
    void play();
    void pause();
    // n more steps, then pause (pauses first when playing).
    void step(long n = 1);
    // Back to the initial weights, step 0, fresh optimizer state, empty history; paused.
    void reset();
    // From the next step; the optimizer state is kept.
    void setLearningRate(double lr);
    // Another optimizer or hyperparameters from the next step, with fresh state; weights kept.
    void setOptimizer(const OptimizerConfig& config); // InputError when invalid (checked here)
    // Throttle for watching: at most this many steps per second (0 = as fast as possible).
    void setStepsPerSecond(double rate);

    // Stepped: carries out the pending commands and steps for about budgetMs (at least one chunk of
    // work when there is any), then publishes. WorkerThread: returns at once. Call it from one thread.
    void advance(double budgetMs);
    // Blocks until there is no pending command and the session is paused (for tests, headless
    // renders and the command line). Stepped: does that work now, in the caller's thread. Playing with
    // no maxSteps never ends, in either mode.
    void waitUntilIdle();

    std::shared_ptr<const Snapshot> snapshot() const;
    // The recorded weight vectors (θ at evaluations, thinned), oldest first, for PCA directions.
    std::vector<Vector> trajectory() const { return m_path->copy(); }
    std::shared_ptr<const WeightPath<T>> weightPath() const { return m_path; }

    const SessionConfig& config() const { return m_config; }
    Execution execution() const { return m_config.execution; }
    // The data (never modified after construction: safe to read from any thread).
    const NetData<T>& trainData() const { return m_trainer->trainData(); }
    const NetData<T>& testData() const { return m_trainer->testData(); }
    const Data& sharedTrainData() const { return m_trainer->sharedTrainData(); }
    const Data& sharedTestData() const { return m_trainer->sharedTestData(); }

private:
    using Clock = std::chrono::steady_clock;
    // What the commands ask for, taken under the lock in one go.
    struct Work {
        bool reset = false, playing = false;
        long budget = 0; // steps
        double rate = 0; // steps per second (0 = no limit)
        std::optional<double> lr;
        std::optional<OptimizerConfig> optimizer;
    };
    bool hasWork() const; // under m_mutex
    Work takeWork();      // under m_mutex
    bool apply(Work& work);
    long runSteps(const Work& work, Clock::time_point until, bool& stop);
    bool awaitStepTime(const Work& work);
    void finish(long done, bool stop);
    void run();
    void evaluate();
    void publish(bool running);
    Vector initialParams() const;

    const SessionConfig m_config;
    std::unique_ptr<Trainer<T>> m_trainer; // the worker's alone (except its immutable data)
    const std::shared_ptr<WeightPath<T>> m_path;

    // worker-only state (Stepped: the caller of advance)
    std::vector<HistoryPoint> m_history;
    long m_historyStride = 1;
    long m_evalIndex = 0;
    long m_pathStride = 1;
    HistoryPoint m_last;
    long m_lastEvaluated = -1;
    double m_lastBatchLoss;
    std::uint64_t m_version = 0;
    bool m_publishedRunning = false;
    Clock::time_point m_nextStep; // throttled: when the next step may run

    // shared, under m_mutex
    mutable std::mutex m_mutex;
    mutable std::condition_variable m_wake, m_idle;
    bool m_stop = false, m_playing = false, m_resetRequested = false, m_busy = false;
    long m_pendingSteps = 0;
    std::optional<double> m_newLr;
    std::optional<OptimizerConfig> m_newOptimizer;
    double m_stepsPerSecond = 0;
    std::shared_ptr<const Snapshot> m_snapshot;

    std::thread m_worker; // last: started when everything above exists (WorkerThread only)
};

extern template class TrainingSession<float>;
extern template class TrainingSession<double>;

} // namespace dh::nn
