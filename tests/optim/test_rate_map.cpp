#include "core/optim/optimizer.h"
#include "core/optim/rate_map.h"

#include <gtest/gtest.h>

#include <Eigen/Core>
#include <cmath>

namespace dh {
namespace {

const std::vector<double> kQuadratic = {1, 10}; // ½(x² + κy²) with κ = 10

TEST(RateMap, SpectralRadiusOfKnownMatrices) {
    EXPECT_DOUBLE_EQ(spectralRadius2x2(2, 0, 0, -3), 3);                      // diagonal
    EXPECT_DOUBLE_EQ(spectralRadius2x2(0, -1, 1, 0), 1);                      // rotation by 90°: ±i
    EXPECT_DOUBLE_EQ(spectralRadius2x2(0.5, -0.5, 0.5, 0.5), std::sqrt(0.5)); // 0.5 ± 0.5i
    EXPECT_DOUBLE_EQ(spectralRadius2x2(1, 1, 0, 1), 1);                       // a Jordan block
}

TEST(RateMap, WithoutMomentumItIsGradientDescentsFactor) {
    for (double alpha : {0.01, 0.1, 0.15, 2.0 / 11, 0.19, 0.25})
        EXPECT_NEAR(momentumRate(alpha, 0, kQuadratic), std::max(std::abs(1 - alpha), std::abs(1 - 10 * alpha)), 1e-15)
            << "alpha " << alpha;
}

TEST(RateMap, TheOptimumReachesSqrtKappaMinusOneOverSqrtKappaPlusOne) {
    for (double kappa : {2.0, 10.0, 100.0, 1e4}) {
        MomentumOptimum o = optimalMomentum(1, kappa);
        double expected = (std::sqrt(kappa) - 1) / (std::sqrt(kappa) + 1);
        EXPECT_NEAR(o.rate, expected, 1e-15);
        EXPECT_NEAR(o.alpha, std::pow(2 / (1 + std::sqrt(kappa)), 2), 1e-15);
        EXPECT_NEAR(o.beta, expected * expected, 1e-15);
        // At the optimum both extreme eigenvalues are critically damped: the rate is √β* (the double
        // root makes the discriminant round to either side, hence the loose tolerance).
        EXPECT_NEAR(momentumRate(o.alpha, o.beta, {1, kappa}), expected, 1e-6) << "kappa " << kappa;
        // Eigenvalues in between only have complex pairs of modulus √β*.
        EXPECT_NEAR(momentumRate(o.alpha, o.beta, {1, std::sqrt(kappa), kappa}), expected, 1e-6);
        // And it is a minimum: nudging α or β makes it worse.
        for (double d : {-0.02, 0.02}) {
            EXPECT_GT(momentumRate(o.alpha * (1 + d), o.beta, {1, kappa}), expected);
            EXPECT_GT(momentumRate(o.alpha, std::clamp(o.beta * (1 + d), 0.0, 0.999), {1, kappa}), expected);
        }
    }
}

TEST(RateMap, MomentumBeatsTheBestGradientDescent) {
    // GD's best is (κ − 1)/(κ + 1) at α = 2/(1 + κ); momentum's is (√κ − 1)/(√κ + 1).
    double gd = momentumRate(2.0 / 11, 0, kQuadratic);
    EXPECT_NEAR(gd, 9.0 / 11, 1e-15);
    MomentumOptimum o = optimalMomentum(1, 10);
    EXPECT_LT(momentumRate(o.alpha, o.beta, kQuadratic), gd - 0.2);
}

TEST(RateMap, OutsideTheStableRegionTheRateIsAtLeastOne) {
    // Heavy ball is stable iff 0 < αλ < 2(1 + β) for every λ (and 0 ≤ β < 1).
    for (double beta : {0.0, 0.3, 0.9, 0.99}) {
        double edge = 2 * (1 + beta) / 10;
        EXPECT_LT(momentumRate(edge * 0.99, beta, kQuadratic), 1) << "beta " << beta;
        EXPECT_GE(momentumRate(edge * 1.01, beta, kQuadratic), 1) << "beta " << beta;
        EXPECT_GE(momentumRate(edge * 3, beta, kQuadratic), 1);
    }
    EXPECT_GE(momentumRate(0.1, 1.0, kQuadratic), 1);      // β = 1 never decays
    EXPECT_DOUBLE_EQ(momentumRate(0, 0.5, kQuadratic), 1); // α = 0 does not move
}

// The map's rate is what a real run of torch-style sgd does: late in the run the error shrinks by
// the rate per step.
TEST(RateMap, PredictsTheObservedRateOfSgdWithMomentum) {
    for (bool nesterov : {false, true}) {
        OptimizerConfig c = torchDefaults(OptimizerKind::Sgd);
        c.lr = 0.05; // the slowest mode has real eigenvalues: no oscillation in the measured ratio
        c.momentum = 0.3;
        c.nesterov = nesterov;
        Optimizer<Eigen::Vector2d> opt(c);
        Eigen::Vector2d x(1.0, 1.0);
        const int n1 = 300, n2 = 400;
        double e1 = 0;
        for (int k = 1; k <= n2; ++k) {
            Eigen::Vector2d g(x[0], 10 * x[1]); // ∇ of ½(x² + 10y²)
            opt.step(x, g);
            if (k == n1) e1 = x.norm();
        }
        double observed = std::pow(x.norm() / e1, 1.0 / (n2 - n1));
        double predicted =
            momentumRate(c.lr, c.momentum, kQuadratic, nesterov ? MomentumKind::Nesterov : MomentumKind::HeavyBall);
        EXPECT_NEAR(observed, predicted, 2e-3) << (nesterov ? "nesterov" : "heavy ball");
    }
}

TEST(RateMap, GridCellsAndTheirInverse) {
    RateGridOptions o;
    o.columns = 40;
    o.rows = 20;
    o.alphaMax = 0.4;
    RateGrid g = computeRateGrid(kQuadratic, o);
    ASSERT_EQ(g.rate.size(), 800u);
    EXPECT_DOUBLE_EQ(g.at(3, 7), momentumRate(g.alphaAt(3.5), g.betaAt(7.5), kQuadratic));
    EXPECT_NEAR(g.alphaToCell(g.alphaAt(12.25)), 12.25, 1e-12);
    EXPECT_NEAR(g.betaToCell(g.betaAt(4.5)), 4.5, 1e-12);
    o.logAlpha = true;
    o.alphaMin = 1e-3;
    RateGrid lg = computeRateGrid(kQuadratic, o);
    EXPECT_NEAR(lg.alphaAt(0), 1e-3, 1e-15);
    EXPECT_NEAR(lg.alphaAt(40), 0.4, 1e-12);
    EXPECT_NEAR(lg.alphaToCell(lg.alphaAt(17.5)), 17.5, 1e-9);
}

} // namespace
} // namespace dh
