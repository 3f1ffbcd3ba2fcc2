#include "core/common/error.h"
#include "core/optim/trace_csv.h"
#include "core/optim/trajectory.h"
#include "tests/optim/test_surfaces.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <new>
#include <set>

// Counts heap allocations in this test binary, to check that a sized run allocates nothing.
// GCC 12 takes the malloc/free pair behind a replaced operator new/delete for a mismatch once
// make_unique is inlined (-Wmismatched-new-delete, an error under -Werror): the pair is the standard
// way to replace them.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
static long g_allocations = 0;
void* operator new(std::size_t n) {
    ++g_allocations;
    if (void* p = std::malloc(n ? n : 1)) return p;
    throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
    std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
    std::free(p);
}

namespace dh {
namespace {

using Eigen::Vector2d;
using test::Quadratic;
using test::TestLinreg;

OptimizerConfig sgd(double lr) {
    OptimizerConfig c = torchDefaults(OptimizerKind::Sgd);
    c.lr = lr;
    return c;
}

RunOptions from(Vector2d start, int steps) {
    RunOptions o;
    o.start = start;
    o.steps = steps;
    return o;
}

TEST(Trajectory, RecordsEveryStateWithTheTrueGradient) {
    Quadratic q(1, 0, 3); // x² + 3y²
    Trajectory t;
    runTrajectory(q, sgd(0.1), from({1, 2}, 3), t);
    ASSERT_EQ(t.size(), 4);
    EXPECT_EQ(t.divergedAt, -1);
    EXPECT_EQ(t.x[0], Vector2d(1, 2));
    EXPECT_DOUBLE_EQ(t.x[1][0], 0.8);
    EXPECT_DOUBLE_EQ(t.x[1][1], 0.8);
    EXPECT_DOUBLE_EQ(t.x[2][1], 0.32);
    for (int k = 0; k < t.size(); ++k) {
        Vector2d g;
        EXPECT_EQ(t.f[k], q.valueGrad(t.x[k], g));
        EXPECT_EQ(t.grad[k], g);
    }
    EXPECT_EQ(t.lr[0], 0);
    EXPECT_EQ(t.lr[1], 0.1);
}

TEST(Trajectory, ZeroStepsIsJustTheStart) {
    Quadratic q(1, 0, 3);
    Trajectory t;
    runTrajectory(q, sgd(0.1), from({1, 2}, 0), t);
    ASSERT_EQ(t.size(), 1);
    EXPECT_EQ(t.f[0], 13);
    EXPECT_EQ(t.divergedAt, -1);
}

// GD on x² with η = 10: x ← (1 − 2η) x = −19 x, so |x_k| = 19ᵏ: 19⁴ = 130321 ≤ 1e6 < 19⁵ = 2476099.
TEST(Trajectory, DivergenceAtTheRightStep) {
    Quadratic q(1, 0, 1);
    Trajectory t;
    runTrajectory(q, sgd(10), from({1, 0}, 100), t);
    EXPECT_EQ(t.divergedAt, 5);
    ASSERT_EQ(t.size(), 6); // ends with the divergent state
    EXPECT_EQ(t.x[4][0], 130321);
    EXPECT_EQ(t.x[5][0], -2476099);
    EXPECT_EQ(t.f[5], 2476099.0 * 2476099.0);
}

TEST(Trajectory, NonFiniteIsDivergenceNotACrash) {
    Quadratic q(1, 0, 1);
    Trajectory t;
    runTrajectory(q, sgd(1e300), from({1, 1}, 50), t); // x1 = 1 − 2e300 is finite but far out
    EXPECT_EQ(t.divergedAt, 1);
    RunOptions o = from({1, 1}, 50);
    runTrajectory(q, sgd(std::numeric_limits<double>::infinity()), o, t); // x1 = −inf
    EXPECT_EQ(t.divergedAt, 1);
    EXPECT_TRUE(std::isinf(t.x[1][0]));
    o.start = Vector2d(std::nan(""), 0);
    runTrajectory(q, sgd(0.1), o, t);
    EXPECT_EQ(t.divergedAt, 0);
    EXPECT_EQ(t.size(), 1);
    o.start = Vector2d(0, 2e6);
    runTrajectory(q, sgd(0.1), o, t);
    EXPECT_EQ(t.divergedAt, 0);
}

TEST(Trajectory, NoiseIsReproducibleAndDependsOnTheSeed) {
    Quadratic q(1, 0, 3);
    OptimizerConfig c = torchDefaults(OptimizerKind::Adam);
    c.lr = 0.05;
    RunOptions o = from({1, 2}, 50);
    Trajectory clean, a, b, other;
    runTrajectory(q, c, o, clean);
    o.noiseSigma = 0.5;
    o.seed = 7;
    runTrajectory(q, c, o, a);
    runTrajectory(q, c, o, b);
    o.seed = 8;
    runTrajectory(q, c, o, other);
    EXPECT_EQ(a.x, b.x);
    EXPECT_NE(a.x, other.x);
    EXPECT_NE(a.x, clean.x);
    // f and grad are the true ones at the noisy states
    Vector2d g;
    EXPECT_EQ(a.f[10], q.valueGrad(a.x[10], g));
    EXPECT_EQ(a.grad[10], g);
}

TEST(Trajectory, NoiseIsAddedToTheGradient) {
    // With sgd, x₁ = x₀ − η (∇f + σ z): recover z from the trajectory and check it is the generator's.
    Quadratic q(1, 0, 3);
    RunOptions o = from({1, 2}, 1);
    o.noiseSigma = 0.25;
    o.seed = 42;
    Trajectory t;
    runTrajectory(q, sgd(0.1), o, t);
    GaussianRng rng(42);
    const double z0 = rng.next(), z1 = rng.next();
    EXPECT_NEAR(t.x[1][0], 1 - 0.1 * (2 + 0.25 * z0), 1e-15);
    EXPECT_NEAR(t.x[1][1], 2 - 0.1 * (12 + 0.25 * z1), 1e-15);
}

TEST(GaussianRng, PortableBoxMuller) {
    // The engine is std::mt19937_64, whose 10000th output for the default seed the standard fixes.
    std::mt19937_64 e;
    e.discard(9999);
    EXPECT_EQ(e(), 9981545732273789042ull);
    // Box–Muller from the raw outputs, written out.
    std::mt19937_64 raw(3);
    const double u1 = (double(raw() >> 11) + 0.5) / 9007199254740992.0;
    const double u2 = (double(raw() >> 11) + 0.5) / 9007199254740992.0;
    const double r = std::sqrt(-2 * std::log(u1));
    GaussianRng g(3);
    EXPECT_EQ(g.next(), r * std::cos(2 * 3.14159265358979323846 * u2));
    EXPECT_EQ(g.next(), r * std::sin(2 * 3.14159265358979323846 * u2));
    // Moments over many draws.
    double sum = 0, sumSq = 0;
    const int n = 200000;
    for (int i = 0; i < n; ++i) {
        double z = g.next();
        sum += z, sumSq += z * z;
    }
    EXPECT_NEAR(sum / n, 0, 0.01);
    EXPECT_NEAR(sumSq / n, 1, 0.01);
}

TEST(UniformIndex, CoversTheRangeWithoutBias) {
    std::mt19937_64 e(1);
    int counts[3] = {0, 0, 0};
    for (int i = 0; i < 30000; ++i) ++counts[uniformIndex(e, 3)];
    for (int c : counts) EXPECT_NEAR(c, 10000, 400);
    EXPECT_EQ(uniformIndex(e, 1), 0u);
}

TEST(Trajectory, MinibatchesShuffleEachEpoch) {
    TestLinreg lin;
    OptimizerConfig c = sgd(0.01);
    RunOptions o = from({0, 0}, 8);
    o.batchSize = 3;
    o.seed = 5;
    Trajectory t;
    runTrajectory(lin, c, o, t);
    // 4 samples, batches of 3: sizes 3, 1 (the partial batch, used as is), 3, 1, ...; each epoch a permutation
    ASSERT_EQ(lin.batches.size(), 8u);
    for (int e = 0; e < 4; ++e) {
        ASSERT_EQ(lin.batches[2 * e].size(), 3u);
        ASSERT_EQ(lin.batches[2 * e + 1].size(), 1u);
        std::set<int> seen(lin.batches[2 * e].begin(), lin.batches[2 * e].end());
        seen.insert(lin.batches[2 * e + 1][0]);
        EXPECT_EQ(seen, (std::set<int>{0, 1, 2, 3}));
    }
    // The step uses the batch gradient: x₁ = x₀ − η ∇f_batch(x₀); the rows hold the full f and ∇f.
    TestLinreg fresh;
    Vector2d gBatch, gFull;
    fresh.valueGradBatch(Vector2d(0, 0), lin.batches[0].data(), 3, gBatch);
    EXPECT_EQ(t.x[1], Vector2d(-0.01 * gBatch));
    EXPECT_EQ(t.f[3], fresh.valueGrad(t.x[3], gFull));
    EXPECT_EQ(t.grad[3], gFull);
    EXPECT_NE(gFull, Vector2d::Zero());
}

TEST(Trajectory, MinibatchRunsAreReproducibleAndDependOnTheSeed) {
    TestLinreg lin;
    OptimizerConfig c = sgd(0.005);
    RunOptions o = from({0, 0}, 40);
    o.batchSize = 1;
    o.seed = 1;
    Trajectory a, b, other;
    runTrajectory(lin, c, o, a);
    runTrajectory(lin, c, o, b);
    o.seed = 2;
    runTrajectory(lin, c, o, other);
    EXPECT_EQ(a.x, b.x);
    EXPECT_NE(a.x, other.x);
    // A batch of all samples is the full batch.
    o.batchSize = 4;
    Trajectory full, plain;
    runTrajectory(lin, c, o, full);
    o.batchSize = 0;
    runTrajectory(lin, c, o, plain);
    EXPECT_EQ(full.x, plain.x);
}

TEST(Trajectory, MinibatchesNeedAFiniteSum) {
    Quadratic q(1, 0, 3);
    RunOptions o = from({1, 2}, 10);
    o.batchSize = 2;
    Trajectory t;
    EXPECT_THROW(runTrajectory(q, sgd(0.1), o, t), InputError);
    o.batchSize = -1;
    EXPECT_THROW(runTrajectory(TestLinreg(), sgd(0.1), o, t), InputError);
}

TEST(Trajectory, BadOptionsAreInputErrors) {
    Quadratic q(1, 0, 3);
    Trajectory t;
    RunOptions o = from({1, 2}, kMaxTrajectorySteps + 1);
    EXPECT_THROW(runTrajectory(q, sgd(0.1), o, t), InputError);
    o.steps = -1;
    EXPECT_THROW(runTrajectory(q, sgd(0.1), o, t), InputError);
    o.steps = 10;
    o.noiseSigma = -1;
    EXPECT_THROW(runTrajectory(q, sgd(0.1), o, t), InputError);
    o.noiseSigma = 0;
    EXPECT_THROW(runTrajectory(q, sgd(-0.1), o, t), InputError);
    o.schedule.kind = ScheduleKind::Step;
    o.schedule.stepSize = 0;
    EXPECT_THROW(runTrajectory(q, sgd(0.1), o, t), InputError);
    std::vector<ConfigProblem> p = validate(from({0, 0}, kMaxTrajectorySteps), q);
    EXPECT_TRUE(p.empty());
}

TEST(Trajectory, ScheduleSetsEachUpdatesRate) {
    Quadratic q(1, 0, 3);
    RunOptions o = from({1, 2}, 4);
    o.schedule.kind = ScheduleKind::Step;
    o.schedule.stepSize = 2;
    o.schedule.gamma = 0.5;
    Trajectory t;
    runTrajectory(q, sgd(0.1), o, t);
    EXPECT_EQ(t.lr[1], 0.1);
    EXPECT_EQ(t.lr[2], 0.1);
    EXPECT_EQ(t.lr[3], 0.05);
    EXPECT_EQ(t.lr[4], 0.05);
    // x ← (1 − 2γ) x: 0.8, 0.64, then 0.9 · 0.64
    EXPECT_DOUBLE_EQ(t.x[3][0], 0.64 * 0.9);
}

TEST(Trajectory, NewtonConvergesOnAConvexQuadraticAndFallsBackOnASaddle) {
    Quadratic bowl(1, 0.5, 2); // H = [[2, 0.5], [0.5, 4]]
    Trajectory t;
    runTrajectory(bowl, torchDefaults(OptimizerKind::Newton), from({1.5, -2}, 3), t);
    EXPECT_NEAR(t.x[1].norm(), 0, 1e-15);
    EXPECT_FALSE(t.newtonFallback[1]);

    Quadratic saddle(1, 0, -1); // x² − y²
    OptimizerConfig c = torchDefaults(OptimizerKind::Newton);
    c.lr = 0.1;
    runTrajectory(saddle, c, from({1, 0.5}, 2), t);
    EXPECT_FALSE(t.newtonFallback[0]);
    EXPECT_TRUE(t.newtonFallback[1]);
    EXPECT_TRUE(t.newtonFallback[2]);
    EXPECT_DOUBLE_EQ(t.x[1][0], 0.8);
    EXPECT_DOUBLE_EQ(t.x[1][1], 0.6);
}

TEST(Trajectory, OptimizerStateIsRecordedPerRow) {
    Quadratic q(1, 0, 3);
    OptimizerConfig c = torchDefaults(OptimizerKind::Adam);
    c.amsgrad = true;
    Trajectory t;
    runTrajectory(q, c, from({1, 2}, 2), t);
    ASSERT_EQ(t.stateCount, 3);
    EXPECT_EQ(t.state(0, 0), Vector2d::Zero());
    EXPECT_NEAR(t.state(1, 0)[0], 0.1 * 2, 1e-15);     // exp_avg after step 1
    EXPECT_NEAR(t.state(1, 1)[1], 0.001 * 144, 1e-15); // exp_avg_sq
    EXPECT_EQ(t.state(1, 2), t.state(1, 1));           // max_exp_avg_sq

    c = torchDefaults(OptimizerKind::AdagradNorm);
    runTrajectory(q, c, from({1, 2}, 1), t);
    ASSERT_EQ(t.scalarStateCount, 1);
    EXPECT_EQ(t.scalarState(0, 0), 0);
    EXPECT_EQ(t.scalarState(1, 0), 148);
}

TEST(Trajectory, ReusesItsStorageAndAllocatesNothingOnceSized) {
    Quadratic q(1, 0, 3);
    OptimizerConfig c = torchDefaults(OptimizerKind::Adam);
    c.lr = 0.01;
    RunOptions o = from({1, 2}, 1000);
    o.noiseSigma = 0.1;
    o.schedule.kind = ScheduleKind::Cosine;
    Trajectory t;
    runTrajectory(q, c, o, t);
    const Vector2d* data = t.x.data();
    const long before = g_allocations;
    runTrajectory(q, c, o, t);
    c.kind = OptimizerKind::Rmsprop; // another optimizer, fewer states
    runTrajectory(q, c, o, t);
    EXPECT_EQ(g_allocations, before);
    EXPECT_EQ(t.x.data(), data);
    EXPECT_EQ(t.size(), 1001);
}

TEST(TraceCsv, HeaderRowsAndSeventeenDigits) {
    Quadratic q(1, 0, 3);
    Trajectory t;
    runTrajectory(q, sgd(0.25), from({0.5, 2}, 1), t);
    // step 1: x = 0.5 − 0.25·1 = 0.25, y = 2 − 0.25·12 = −1; f = 0.0625 + 3; ∇f = (0.5, −6)
    EXPECT_EQ(traceCsv(t), "step,x,y,f,gx,gy\n"
                           "0,0.5,2,12.25,1,12\n"
                           "1,0.25,-1,3.0625,0.5,-6\n");
    t.x[1][0] = 0.1;
    t.f[1] = 1.0 / 3;
    EXPECT_EQ(traceCsv(t).substr(traceCsv(t).find("\n1,") + 1),
              "1,0.10000000000000001,-1,0.33333333333333331,0.5,-6\n");
}

TEST(TraceCsv, NonFiniteAsPrintfPrintsThem) {
    Trajectory t;
    t.x = {Vector2d(1, 2), Vector2d(std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity())};
    t.f = {5, std::numeric_limits<double>::quiet_NaN()};
    t.grad = {Vector2d(2, 4), Vector2d(1e300, -0.5)};
    t.lr = {0, 0.1};
    t.newtonFallback = {0, 0};
    t.divergedAt = 1;
    EXPECT_EQ(traceCsv(t), "step,x,y,f,gx,gy\n0,1,2,5,2,4\n1,inf,-inf,nan,1.0000000000000001e+300,-0.5\n");
}

TEST(TraceCsv, WideVariantAddsTheOptimizerState) {
    Quadratic q(1, 0, 3);
    OptimizerConfig c = torchDefaults(OptimizerKind::Nadam);
    Trajectory t;
    runTrajectory(q, c, from({1, 2}, 2), t);
    const std::string csv = traceCsv(t, TraceColumns::Wide);
    EXPECT_EQ(csv.substr(0, csv.find('\n')),
              "step,x,y,f,gx,gy,lr,exp_avg_x,exp_avg_y,exp_avg_sq_x,exp_avg_sq_y,mu_product");
    EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 4);
    const std::string row0 = csv.substr(csv.find('\n') + 1, csv.find('\n', csv.find('\n') + 1) - csv.find('\n') - 1);
    EXPECT_EQ(row0, "0,1,2,13,2,12,0,0,0,0,0,1");
    EXPECT_NE(csv.find("\n1,"), std::string::npos);
    EXPECT_NE(csv.find(",0.002,"), std::string::npos); // lr 2e-3 prints exactly with %.17g

    runTrajectory(q, torchDefaults(OptimizerKind::Newton), from({1, 2}, 1), t);
    const std::string newton = traceCsv(t, TraceColumns::Wide);
    EXPECT_EQ(newton.substr(0, newton.find('\n')), "step,x,y,f,gx,gy,lr,newton_fallback");
    EXPECT_EQ(newton.substr(newton.size() - 3), ",0\n");
}

} // namespace
} // namespace dh
