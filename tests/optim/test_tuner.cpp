#include "core/optim/trajectory.h"
#include "core/optim/tuner.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

namespace dh {
namespace {

using Eigen::Vector2d;

double distanceToGlobal(const Surface& surface, const OptimizerConfig& config, const Vector2d& start, int steps) {
    RunOptions o;
    o.start = start;
    o.steps = steps;
    Trajectory t;
    runTrajectory(surface, config, o, t);
    if (t.divergedAt >= 0) return std::numeric_limits<double>::infinity();
    double best = std::numeric_limits<double>::infinity();
    for (const KnownMinimum& m : surface.minima)
        if (m.global) best = std::min(best, (t.x.back() - m.at).norm());
    return best;
}

// GD on ½(x² + κy²) multiplies the coordinates by (1 − η) and (1 − κη) each step, so after N steps
//   ρ(η)^N · min|x₀ᵢ| ≤ ‖x_N‖ ≤ ρ(η)^N · ‖x₀‖,   ρ(η) = max(|1 − η|, |1 − κη|),
// minimised at η* = 2/(1 + κ). The tuner's best trial beats the trial just below η* (within one
// refine spacing r), so ρ(η_tuned) ≤ ρ(η*/r) · (‖x₀‖ / min|x₀ᵢ|)^(1/N) =: B, i.e. 1 − B ≤ η ≤ (1 + B)/κ.
TEST(Tuner, GradientDescentOnTheQuadraticFindsTwoOverOnePlusKappa) {
    const double kappa = 10;
    auto surface = makeBuiltinSurface("quadratic", {{"kappa", kappa}});
    const Vector2d start(-1.8, 1.0);
    TuneOptions options;
    options.steps = 50;
    TuneResult r = tuneLearningRate(*surface, torchDefaults(OptimizerKind::Sgd), Schedule{}, start, options);
    ASSERT_TRUE(r.found);

    const double best = 2 / (1 + kappa);
    const double coarseRatio = std::pow(options.lrMax / options.lrMin, 1.0 / (options.coarse - 1));
    const double refineRatio = std::pow(coarseRatio, 2.0 / (options.refine - 1)); // spacing at most this
    auto rho = [&](double eta) { return std::max(std::abs(1 - eta), std::abs(1 - kappa * eta)); };
    const double bound =
        rho(best / refineRatio) * std::pow(start.norm() / start.cwiseAbs().minCoeff(), 1.0 / options.steps);
    EXPECT_LE(rho(r.lr), bound);
    EXPECT_GE(r.lr, 1 - bound);
    EXPECT_LE(r.lr, (1 + bound) / kappa);
    EXPECT_NEAR(r.lr, best, 0.02);
    EXPECT_GT(r.evaluations, options.coarse);
    OptimizerConfig tuned = torchDefaults(OptimizerKind::Sgd);
    tuned.lr = r.lr;
    EXPECT_DOUBLE_EQ(r.distance, distanceToGlobal(*surface, tuned, start, options.steps));
}

TEST(Tuner, TunedAdamEndsNearerTheCamelsGlobalMinimumThanATinyRate) {
    auto camel = makeBuiltinSurface("six_hump_camel");
    const Vector2d start = camel->defaultStart;
    OptimizerConfig adam = torchDefaults(OptimizerKind::Adam);
    TuneResult r = tuneLearningRate(*camel, adam, Schedule{}, start);
    ASSERT_TRUE(r.found);
    adam.lr = 1e-5;
    double tiny = distanceToGlobal(*camel, adam, start, TuneOptions{}.steps);
    adam.lr = r.lr;
    double tuned = distanceToGlobal(*camel, adam, start, TuneOptions{}.steps);
    EXPECT_LT(tuned, tiny);
    EXPECT_LT(tuned, 0.05) << "Adam with a tuned η should reach a global minimum in 200 steps";
}

TEST(Tuner, EveryTrialDivergingIsNotFound) {
    auto saddle = makeBuiltinSurface("saddle"); // x² − y²: unbounded below, no minimum
    TuneOptions options;
    options.steps = 2000;
    options.lrMin = 1;
    options.lrMax = 10;
    options.coarse = 4;
    TuneResult r = tuneLearningRate(*saddle, torchDefaults(OptimizerKind::Sgd), Schedule{}, {0.5, 0.5}, options);
    EXPECT_FALSE(r.found);
    EXPECT_TRUE(std::isinf(r.distance));
}

TEST(Tuner, WithoutAKnownMinimumTheFinalValueIsTheScore) {
    auto saddle = makeBuiltinSurface("saddle");
    ASSERT_TRUE(saddle->minima.empty());
    TuneOptions options;
    options.steps = 20;
    TuneResult r = tuneLearningRate(*saddle, torchDefaults(OptimizerKind::Sgd), Schedule{}, {0.5, 0.5}, options);
    ASSERT_TRUE(r.found);
    // Going down the −y² side as fast as possible without leaving the bound is best: f < 0.
    EXPECT_LT(r.distance, 0);
}

TEST(Tuner, InvalidSettingsAreNotFoundRatherThanThrown) {
    auto camel = makeBuiltinSurface("six_hump_camel");
    OptimizerConfig c = torchDefaults(OptimizerKind::Sgd);
    c.nesterov = true; // without momentum: torch rejects it
    TuneResult r = tuneLearningRate(*camel, c, Schedule{}, {0, 0});
    EXPECT_FALSE(r.found);
    EXPECT_EQ(r.evaluations, 0);
}

// Reports (does not assert) how long "tune η for every run" takes for 8 optimizers × 200 steps.
// The tuner runs exactly coarse + refine trials for each optimizer and finds an η inside its search
// range for every optimizer of the camel race (timing: tests/bench, never asserted here).
TEST(Tuner, EveryOptimizerOfTheRaceIsTunedWithinTheSearchRange) {
    auto camel = makeBuiltinSurface("six_hump_camel");
    using K = OptimizerKind;
    std::vector<OptimizerConfig> configs;
    for (K k : {K::Sgd, K::Sgd, K::Sgd, K::Adagrad, K::Rmsprop, K::Adam, K::Adamw, K::Nadam})
        configs.push_back(torchDefaults(k));
    configs[1].momentum = 0.9;
    configs[2].momentum = 0.9;
    configs[2].nesterov = true;
    const TuneOptions options;
    for (const OptimizerConfig& c : configs) {
        TuneResult r = tuneLearningRate(*camel, c, Schedule{}, camel->defaultStart);
        EXPECT_EQ(r.evaluations, options.coarse + options.refine) << optimizerName(c.kind);
        ASSERT_TRUE(r.found) << optimizerName(c.kind);
        EXPECT_GE(r.lr, options.lrMin) << optimizerName(c.kind);
        EXPECT_LE(r.lr, options.lrMax) << optimizerName(c.kind);
    }
}

} // namespace
} // namespace dh
