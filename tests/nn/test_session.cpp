// TrainingSession in both executions (a worker thread, or stepped by its owner): play/pause/step/reset
// from the test thread while readers hammer snapshot() from two other threads, and the two executions
// giving bit-identical weights after the same steps. Run it under ThreadSanitizer
// (-DDOWNHILL_SANITIZE=thread) to check for races.
#include "core/common/error.h"
#include "core/nn/session.h"

#include <atomic>
#include <gtest/gtest.h>
#include <thread>

namespace {

using namespace dh::nn;

NetData<float> circleData(int n, unsigned seed) {
    NetData<float> d;
    d.X.resize(n, 2);
    d.Y.resize(n, 1);
    d.classes = 2;
    std::uint64_t s = seed;
    auto next = [&] { // a tiny LCG: the test only needs spread-out points
        s = s * 6364136223846793005ull + 1442695040888963407ull;
        return float((s >> 11) * 0x1.0p-53) * 2 - 1;
    };
    for (int i = 0; i < n; ++i) {
        float a = next(), b = next();
        d.X.row(i) << a, b;
        d.Y(i, 0) = a * a + b * b < 0.4f ? 1.f : 0.f;
    }
    return d;
}

SessionConfig smallConfig(Execution execution = kDefaultExecution) {
    SessionConfig c;
    c.execution = execution;
    c.net.layers = {2, 8, 8, 2};
    c.net.activation = Activation::Tanh;
    c.net.loss = LossKind::CrossEntropy;
    c.train.optimizer = dh::torchDefaults(dh::OptimizerKind::Adam);
    c.train.optimizer.lr = 0.02;
    c.train.batchSize = 16;
    c.evalEvery = 5;
    c.publishIntervalMs = 1;
    c.historyCapacity = 16;
    c.trajectoryCapacity = 8;
    return c;
}

// A snapshot must be internally consistent: its weights are the trainer's at `step` — checked by
// recomputing the objective from the copied weights when the evaluation is of the same step.
void checkConsistent(const TrainingSnapshot<float>& s, const MlpConfig& net) {
    ASSERT_EQ(s.params.size(), paramCount(net));
    ASSERT_LE(s.evaluatedStep, s.step);
    ASSERT_FALSE(s.history.empty());
    ASSERT_EQ(s.history.back().step, s.evaluatedStep);
    for (size_t i = 1; i < s.history.size(); ++i) ASSERT_LT(s.history[i - 1].step, s.history[i].step);
}

// Runs the session's pending work (Stepped: in this thread, a few milliseconds; WorkerThread: nothing).
void pump(TrainingSession<float>& session) {
    session.advance(2);
    std::this_thread::yield();
}

class EachExecution : public ::testing::TestWithParam<Execution> {};

INSTANTIATE_TEST_SUITE_P(TrainingSession, EachExecution, ::testing::Values(Execution::WorkerThread, Execution::Stepped),
                         [](const auto& info) {
                             return info.param == Execution::WorkerThread ? "WorkerThread" : "Stepped";
                         });

TEST_P(EachExecution, StepPauseResetAndConcurrentReaders) {
    SessionConfig config = smallConfig(GetParam());
    TrainingSession<float> session(config, circleData(120, 1), circleData(40, 2));
    auto first = session.snapshot();
    ASSERT_TRUE(first);
    EXPECT_EQ(first->step, 0);
    EXPECT_EQ(first->evaluatedStep, 0);
    EXPECT_FALSE(first->running);
    const double loss0 = first->trainLoss;

    std::atomic<bool> done{false};
    std::atomic<long> reads{0};
    auto reader = [&] {
        std::uint64_t lastVersion = 0;
        while (!done.load()) {
            auto s = session.snapshot();
            checkConsistent(*s, config.net);
            EXPECT_GE(s->version, lastVersion); // versions never go back
            lastVersion = s->version;
            // read every weight: a torn copy would show up under TSan as a race
            volatile float sum = s->params.sum();
            (void)sum;
            ++reads;
        }
    };
    std::thread r1(reader), r2(reader);

    session.step(7);
    session.waitUntilIdle();
    auto s = session.snapshot();
    EXPECT_EQ(s->step, 7);
    EXPECT_EQ(s->evaluatedStep, 7); // stopping evaluates
    EXPECT_FALSE(s->running);

    session.play();
    while (session.snapshot()->step < 200) pump(session);
    session.setLearningRate(0.01);
    session.pause();
    session.waitUntilIdle();
    s = session.snapshot();
    EXPECT_GE(s->step, 200);
    EXPECT_FALSE(s->running);
    EXPECT_FLOAT_EQ(float(s->learningRate), 0.01f);
    EXPECT_EQ(s->evaluatedStep, s->step);
    EXPECT_LT(s->trainLoss, loss0);
    EXPECT_LE(s->history.size(), config.historyCapacity + 1);
    const long paused = s->step;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    EXPECT_EQ(session.snapshot()->step, paused); // paused means paused

    auto trajectory = session.trajectory();
    EXPECT_GE(trajectory.size(), 2u);
    EXPECT_LE(trajectory.size(), config.trajectoryCapacity);

    session.setOptimizer(dh::torchDefaults(dh::OptimizerKind::Sgd));
    session.step(3);
    session.waitUntilIdle();
    EXPECT_EQ(session.snapshot()->step, paused + 3);

    session.reset();
    session.waitUntilIdle();
    s = session.snapshot();
    EXPECT_EQ(s->step, 0);
    EXPECT_NEAR(s->trainLoss, loss0, 1e-6); // the same initial weights
    EXPECT_EQ(s->history.size(), 1u);

    session.play();
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    done = true;
    r1.join();
    r2.join();
    EXPECT_GT(reads.load(), 0);
    // the destructor stops a playing session
}

TEST_P(EachExecution, DivergenceIsAStateAndStopsPlaying) {
    SessionConfig config = smallConfig(GetParam());
    config.net.loss = LossKind::Mse;
    config.net.layers = {2, 8, 1};
    config.train.optimizer = dh::torchDefaults(dh::OptimizerKind::Sgd);
    config.train.optimizer.lr = 1e6;
    config.train.batchSize = 0;
    TrainingSession<float> session(config, circleData(64, 3));
    session.play();
    for (int i = 0; i < 2000 && !session.snapshot()->diverged; ++i) {
        pump(session);
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    session.waitUntilIdle();
    auto s = session.snapshot();
    ASSERT_TRUE(s->diverged);
    EXPECT_FALSE(s->running);
    EXPECT_GT(s->divergedAtStep, 0);
    EXPECT_EQ(s->step, s->divergedAtStep);
    EXPECT_TRUE(s->params.allFinite()); // the weights before the blow-up
    session.step(5);                    // a diverged run does not move
    session.waitUntilIdle();
    EXPECT_EQ(session.snapshot()->step, s->step);
    session.reset();
    session.waitUntilIdle();
    EXPECT_FALSE(session.snapshot()->diverged);
}

TEST_P(EachExecution, MaxStepsAndThrottle) {
    SessionConfig config = smallConfig(GetParam());
    config.maxSteps = 30;
    TrainingSession<float> session(config, circleData(50, 4));
    session.play();
    session.waitUntilIdle(); // pauses itself at maxSteps
    EXPECT_EQ(session.snapshot()->step, 30);
    session.reset();
    session.setStepsPerSecond(200);
    session.step(4);
    session.waitUntilIdle();
    EXPECT_EQ(session.snapshot()->step, 4);
}

TEST_P(EachExecution, BadConfigThrowsInTheCallersThread) {
    SessionConfig config = smallConfig(GetParam());
    config.net.layers = {3, 2}; // the data has 2 features
    EXPECT_THROW((TrainingSession<float>(config, circleData(10, 5))), dh::InputError);
    config = smallConfig(GetParam());
    TrainingSession<float> session(config, circleData(10, 5));
    dh::OptimizerConfig bad = dh::torchDefaults(dh::OptimizerKind::Adam);
    bad.beta1 = 2;
    EXPECT_THROW(session.setOptimizer(bad), dh::InputError);
}

// Runs the stepped session's work in small budgets until it is idle; returns how many advance() calls it took.
int advanceUntilIdle(TrainingSession<float>& session) {
    int calls = 0;
    while (session.snapshot()->running || calls == 0) {
        session.advance(0.05);
        ++calls;
    }
    return calls;
}

void expectSameRun(const TrainingSnapshot<float>& a, const TrainingSnapshot<float>& b) {
    EXPECT_EQ(a.step, b.step);
    EXPECT_EQ(a.epoch, b.epoch);
    ASSERT_EQ(a.params.size(), b.params.size());
    for (Eigen::Index i = 0; i < a.params.size(); ++i) ASSERT_EQ(a.params[i], b.params[i]) << "weight " << i;
    EXPECT_EQ(a.trainLoss, b.trainLoss);
    EXPECT_EQ(a.evaluatedStep, b.evaluatedStep);
}

// The same commands and the same number of steps give bit-identical weights whether a worker thread
// trains or the owner steps the session in many small slices of time.
TEST(TrainingSession, WorkerAndSteppedExecutionsAgreeBitForBit) {
    SessionConfig base = smallConfig();
    base.publishIntervalMs = 1;
    TrainingSession<float> worker(smallConfig(Execution::WorkerThread), circleData(120, 7), circleData(40, 8));
    TrainingSession<float> stepped(smallConfig(Execution::Stepped), circleData(120, 7), circleData(40, 8));

    worker.step(137);
    worker.waitUntilIdle();
    stepped.step(137);
    EXPECT_GT(advanceUntilIdle(stepped), 1) << "a 0.05 ms budget should take several slices";
    expectSameRun(*worker.snapshot(), *stepped.snapshot());
    EXPECT_EQ(worker.snapshot()->step, 137);

    // η changed between steps, then another optimizer, then a reset and steps again
    for (TrainingSession<float>* s : {&worker, &stepped}) {
        s->setLearningRate(0.005);
        s->step(40);
    }
    worker.waitUntilIdle();
    advanceUntilIdle(stepped);
    expectSameRun(*worker.snapshot(), *stepped.snapshot());
    for (TrainingSession<float>* s : {&worker, &stepped}) {
        s->setOptimizer(dh::torchDefaults(dh::OptimizerKind::Rmsprop));
        s->step(25);
    }
    worker.waitUntilIdle();
    advanceUntilIdle(stepped);
    expectSameRun(*worker.snapshot(), *stepped.snapshot());
    EXPECT_EQ(stepped.trajectory().size(), worker.trajectory().size());
}

TEST(TrainingSession, PlayingToMaxStepsAgreesInBothExecutions) {
    SessionConfig config = smallConfig(Execution::WorkerThread);
    config.maxSteps = 250;
    TrainingSession<float> worker(config, circleData(90, 9));
    config.execution = Execution::Stepped;
    TrainingSession<float> stepped(config, circleData(90, 9));
    worker.play();
    stepped.play();
    worker.waitUntilIdle();
    stepped.waitUntilIdle(); // Stepped: the work is done here, in this thread
    EXPECT_EQ(stepped.snapshot()->step, 250);
    expectSameRun(*worker.snapshot(), *stepped.snapshot());
}

// Without a worker nothing happens between advance() calls, and one call keeps to its budget.
TEST(TrainingSession, SteppedTrainsOnlyInsideAdvance) {
    TrainingSession<float> session(smallConfig(Execution::Stepped), circleData(2000, 10));
    session.play();
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    EXPECT_EQ(session.snapshot()->step, 0) << "no thread trains a stepped session";
    const auto t0 = std::chrono::steady_clock::now();
    session.advance(5);
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    auto s = session.snapshot();
    EXPECT_GT(s->step, 0);
    EXPECT_TRUE(s->running);
    EXPECT_LT(ms, 5 + 40) << "one advance(5) overran its budget by more than a step and an evaluation";
    const long after = s->step;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    EXPECT_EQ(session.snapshot()->step, after);
    session.pause();
    session.advance(5);
    EXPECT_FALSE(session.snapshot()->running);
}

// Slow frames (a page rasterised on the CPU) call advance every 200 ms: a speed limit of 100 steps a second
// still gives about 100 steps a second, not one step a frame, and never more than the limit allows.
TEST(TrainingSession, SteppedKeepsItsSpeedLimitOverSlowFrames) {
    TrainingSession<float> session(smallConfig(Execution::Stepped), circleData(200, 10));
    session.setStepsPerSecond(100);
    session.play();
    const auto t0 = std::chrono::steady_clock::now();
    for (int frame = 0; frame < 6; ++frame) {
        session.advance(6);
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    session.advance(6);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const long steps = session.snapshot()->step;
    EXPECT_GE(steps, 50) << "7 advances over " << seconds << " s";
    EXPECT_LE(steps, long(100 * seconds) + 2);
}

} // namespace
