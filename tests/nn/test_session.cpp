// TrainingSession: play/pause/step/reset from the test thread while readers hammer snapshot() from
// two other threads. Run it under ThreadSanitizer (-DDOWNHILL_SANITIZE=thread) to check for races.
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

SessionConfig smallConfig() {
    SessionConfig c;
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

TEST(TrainingSession, StepPauseResetAndConcurrentReaders) {
    SessionConfig config = smallConfig();
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
    while (session.snapshot()->step < 200) std::this_thread::yield();
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

TEST(TrainingSession, DivergenceIsAStateAndStopsPlaying) {
    SessionConfig config = smallConfig();
    config.net.loss = LossKind::Mse;
    config.net.layers = {2, 8, 1};
    config.train.optimizer = dh::torchDefaults(dh::OptimizerKind::Sgd);
    config.train.optimizer.lr = 1e6;
    config.train.batchSize = 0;
    TrainingSession<float> session(config, circleData(64, 3));
    session.play();
    for (int i = 0; i < 2000 && !session.snapshot()->diverged; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
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

TEST(TrainingSession, MaxStepsAndThrottle) {
    SessionConfig config = smallConfig();
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

TEST(TrainingSession, BadConfigThrowsInTheCallersThread) {
    SessionConfig config = smallConfig();
    config.net.layers = {3, 2}; // the data has 2 features
    EXPECT_THROW((TrainingSession<float>(config, circleData(10, 5))), dh::InputError);
    config = smallConfig();
    TrainingSession<float> session(config, circleData(10, 5));
    dh::OptimizerConfig bad = dh::torchDefaults(dh::OptimizerKind::Adam);
    bad.beta1 = 2;
    EXPECT_THROW(session.setOptimizer(bad), dh::InputError);
}

} // namespace
