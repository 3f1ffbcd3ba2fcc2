// Hand-computed first and second steps of every optimizer on f = x² + 3y² (∇f = (2x, 6y)) from (1, 2),
// with non-default hyperparameters. The expected numbers are the update rules written out per
// coordinate in plain arithmetic, with the torch.optim formulas, never by calling the code under test.
#include "core/common/error.h"
#include "core/optim/optimizer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <utility>

namespace dh {
namespace {

using Eigen::Vector2d;

// a ≈ b to a relative 1e-13 (absolute near zero).
#define EXPECT_CLOSE(a, b) EXPECT_NEAR((a), (b), 1e-13 * std::max(1.0, std::abs(double(b))))

// Per coordinate: the start value and the derivative factor of f = x² + 3y² (∂f/∂x = 2x, ∂f/∂y = 6y).
constexpr double kStart[2] = {1, 2};
constexpr double kFactor[2] = {2, 6};

struct TwoSteps {
    Vector2d x1, x2;
};

TwoSteps runTwoSteps(const OptimizerConfig& c) {
    Optimizer<Vector2d> opt(c);
    Vector2d x(1, 2);
    opt.step(x, Vector2d(2 * x[0], 6 * x[1]));
    TwoSteps r;
    r.x1 = x;
    opt.step(x, Vector2d(2 * x[0], 6 * x[1]));
    r.x2 = x;
    EXPECT_EQ(opt.steps(), 2);
    return r;
}

// Checks run against expected(i) → {x1[i], x2[i]} for both coordinates.
template <class F>
void expectTwoSteps(const OptimizerConfig& c, F expected) {
    TwoSteps r = runTwoSteps(c);
    for (int i = 0; i < 2; ++i) {
        std::pair<double, double> e = expected(kStart[i], kFactor[i]);
        SCOPED_TRACE(i == 0 ? "x" : "y");
        EXPECT_CLOSE(r.x1[i], e.first);
        EXPECT_CLOSE(r.x2[i], e.second);
    }
}

OptimizerConfig make(OptimizerKind kind) {
    return torchDefaults(kind);
}

// ---- sgd ----

TEST(Sgd, PlainGradientDescent) {
    OptimizerConfig c = make(OptimizerKind::Sgd);
    c.lr = 0.1;
    TwoSteps r = runTwoSteps(c);
    // x1 = (1 − 0.1·2, 2 − 0.1·12) = (0.8, 0.8); x2 = (0.8 − 0.1·1.6, 0.8 − 0.1·4.8)
    EXPECT_CLOSE(r.x1[0], 0.8);
    EXPECT_CLOSE(r.x1[1], 0.8);
    EXPECT_CLOSE(r.x2[0], 0.64);
    EXPECT_CLOSE(r.x2[1], 0.32);
}

TEST(Sgd, MomentumDampeningWeightDecay) {
    OptimizerConfig c = make(OptimizerKind::Sgd);
    c.lr = 0.1, c.momentum = 0.9, c.dampening = 0.5, c.weightDecay = 0.1;
    TwoSteps r = runTwoSteps(c);
    // step 1: d = g + 0.1x = (2.1, 12.2); b = d (the first step is not dampened); x1 = x − 0.1 b
    EXPECT_CLOSE(r.x1[0], 1 - 0.21);
    EXPECT_CLOSE(r.x1[1], 2 - 1.22);
    // step 2: x1 = (0.79, 0.78), d = (1.58 + 0.079, 4.68 + 0.078); b = 0.9 b + 0.5 d = (2.7195, 13.359)
    EXPECT_CLOSE(r.x2[0], 0.79 - 0.27195);
    EXPECT_CLOSE(r.x2[1], 0.78 - 1.3359);
}

TEST(Sgd, Nesterov) {
    OptimizerConfig c = make(OptimizerKind::Sgd);
    c.lr = 0.1, c.momentum = 0.9, c.nesterov = true;
    TwoSteps r = runTwoSteps(c);
    // step 1: b = g = (2, 12); d = g + 0.9 b = (3.8, 22.8); x1 = (0.62, −0.28)
    EXPECT_CLOSE(r.x1[0], 0.62);
    EXPECT_CLOSE(r.x1[1], -0.28);
    // step 2: g = (1.24, −1.68); b = 0.9 (2, 12) + g = (3.04, 9.12); d = g + 0.9 b = (3.976, 6.528)
    EXPECT_CLOSE(r.x2[0], 0.62 - 0.3976);
    EXPECT_CLOSE(r.x2[1], -0.28 - 0.6528);
}

TEST(Sgd, MomentumWithoutDampeningIsHeavyBall) {
    OptimizerConfig c = make(OptimizerKind::Sgd);
    c.lr = 0.1, c.momentum = 0.5;
    TwoSteps r = runTwoSteps(c);
    // b1 = (2, 12) → x1 = (0.8, 0.8); g = (1.6, 4.8), b2 = (1 + 1.6, 6 + 4.8) → x2 = (0.54, −0.28)
    EXPECT_CLOSE(r.x2[0], 0.54);
    EXPECT_CLOSE(r.x2[1], -0.28);
}

// ---- adagrad ----

TEST(Adagrad, LrDecayInitialAccumulatorWeightDecay) {
    OptimizerConfig c = make(OptimizerKind::Adagrad);
    c.lr = 0.5, c.lrDecay = 0.1, c.initialAccumulatorValue = 0.5, c.weightDecay = 0.1, c.eps = 1e-3;
    expectTwoSteps(c, [](double x, double k) {
        double g = k * x + 0.1 * x;                      // L2 weight decay
        double s = 0.5 + g * g;                          // sum starts at initial_accumulator_value
        double x1 = x - 0.5 * g / (std::sqrt(s) + 1e-3); // clr = 0.5 / (1 + 0·0.1)
        g = k * x1 + 0.1 * x1;
        s = s + g * g;
        double x2 = x1 - (0.5 / 1.1) * g / (std::sqrt(s) + 1e-3); // clr = 0.5 / (1 + 1·0.1)
        return std::make_pair(x1, x2);
    });
}

TEST(Adagrad, DefaultsFirstStepIsSignDescent) {
    // s = g² → θ − lr·g/(|g| + 1e−10): a step of almost exactly lr per coordinate
    OptimizerConfig c = make(OptimizerKind::Adagrad);
    TwoSteps r = runTwoSteps(c);
    EXPECT_CLOSE(r.x1[0], 1 - 0.01 * 2 / (2 + 1e-10));
    EXPECT_CLOSE(r.x1[1], 2 - 0.01 * 12 / (12 + 1e-10));
}

// ---- rmsprop ----

TEST(Rmsprop, Plain) {
    OptimizerConfig c = make(OptimizerKind::Rmsprop);
    c.lr = 0.01, c.alpha = 0.9, c.eps = 1e-3;
    expectTwoSteps(c, [](double x, double k) {
        double g = k * x;
        double v = 0.1 * g * g;
        double x1 = x - 0.01 * g / (std::sqrt(v) + 1e-3); // ε outside the root
        g = k * x1;
        v = 0.9 * v + 0.1 * g * g;
        double x2 = x1 - 0.01 * g / (std::sqrt(v) + 1e-3);
        return std::make_pair(x1, x2);
    });
}

TEST(Rmsprop, CenteredMomentumWeightDecay) {
    OptimizerConfig c = make(OptimizerKind::Rmsprop);
    c.lr = 0.01, c.alpha = 0.9, c.eps = 1e-3, c.centered = true, c.momentum = 0.5, c.weightDecay = 0.2;
    expectTwoSteps(c, [](double x, double k) {
        double g = k * x + 0.2 * x;
        double v = 0.1 * g * g;
        double gAvg = 0.1 * g;
        double b = g / (std::sqrt(v - gAvg * gAvg) + 1e-3); // buffer starts at 0
        double x1 = x - 0.01 * b;
        g = k * x1 + 0.2 * x1;
        v = 0.9 * v + 0.1 * g * g;
        gAvg = 0.9 * gAvg + 0.1 * g;
        b = 0.5 * b + g / (std::sqrt(v - gAvg * gAvg) + 1e-3);
        double x2 = x1 - 0.01 * b;
        return std::make_pair(x1, x2);
    });
}

TEST(Rmsprop, CenteredOnly) {
    OptimizerConfig c = make(OptimizerKind::Rmsprop);
    c.lr = 0.01, c.alpha = 0.5, c.centered = true;
    expectTwoSteps(c, [](double x, double k) {
        double g = k * x;
        double v = 0.5 * g * g, gAvg = 0.5 * g;
        double x1 = x - 0.01 * g / (std::sqrt(v - gAvg * gAvg) + 1e-8);
        g = k * x1;
        v = 0.5 * v + 0.5 * g * g, gAvg = 0.5 * gAvg + 0.5 * g;
        double x2 = x1 - 0.01 * g / (std::sqrt(v - gAvg * gAvg) + 1e-8);
        return std::make_pair(x1, x2);
    });
}

TEST(Rmsprop, MomentumOnly) {
    OptimizerConfig c = make(OptimizerKind::Rmsprop);
    c.lr = 0.01, c.alpha = 0.9, c.momentum = 0.9;
    expectTwoSteps(c, [](double x, double k) {
        double g = k * x;
        double v = 0.1 * g * g;
        double b = g / (std::sqrt(v) + 1e-8);
        double x1 = x - 0.01 * b;
        g = k * x1;
        v = 0.9 * v + 0.1 * g * g;
        b = 0.9 * b + g / (std::sqrt(v) + 1e-8);
        return std::make_pair(x1, x1 - 0.01 * b);
    });
}

// ---- adam, adamw ----

TEST(Adam, BetasEpsWeightDecay) {
    OptimizerConfig c = make(OptimizerKind::Adam);
    c.lr = 0.1, c.beta1 = 0.8, c.beta2 = 0.9, c.eps = 1e-3, c.weightDecay = 0.1;
    expectTwoSteps(c, [](double x, double k) {
        double g = k * x + 0.1 * x;
        double m = 0.2 * g, v = 0.1 * g * g;
        // denom = sqrt(v)/sqrt(1 − β₂) + ε; step_size = lr/(1 − β₁)
        double x1 = x - 0.1 / 0.2 * m / (std::sqrt(v) / std::sqrt(0.1) + 1e-3);
        g = k * x1 + 0.1 * x1;
        m = 0.8 * m + 0.2 * g, v = 0.9 * v + 0.1 * g * g;
        double x2 = x1 - 0.1 / (1 - 0.64) * m / (std::sqrt(v) / std::sqrt(1 - 0.81) + 1e-3);
        return std::make_pair(x1, x2);
    });
}

TEST(Adam, AmsgradKeepsTheMaxOfTheRawSecondMoment) {
    // A big first step makes the gradient shrink, so that v₂ < v₁ and the running max matters.
    OptimizerConfig c = make(OptimizerKind::Adam);
    c.lr = 0.9, c.beta2 = 0.5, c.amsgrad = true;
    expectTwoSteps(c, [](double x, double k) {
        double g = k * x;
        double m = 0.1 * g, v = 0.5 * g * g, vMax = v;
        double x1 = x - 0.9 / 0.1 * m / (std::sqrt(vMax) / std::sqrt(0.5) + 1e-8);
        g = k * x1;
        m = 0.9 * m + 0.1 * g, v = 0.5 * v + 0.5 * g * g;
        EXPECT_LT(v, vMax);
        vMax = std::max(vMax, v); // the raw moment; the bias correction 1 − 0.25 is applied after
        double x2 = x1 - 0.9 / (1 - 0.81) * m / (std::sqrt(vMax) / std::sqrt(1 - 0.25) + 1e-8);
        return std::make_pair(x1, x2);
    });
    OptimizerConfig plain = c;
    plain.amsgrad = false;
    EXPECT_GT(std::abs(runTwoSteps(plain).x2[0] - runTwoSteps(c).x2[0]), 1e-3);
}

TEST(Adamw, DecoupledWeightDecayFirst) {
    OptimizerConfig c = make(OptimizerKind::Adamw);
    c.lr = 0.1, c.beta1 = 0.8, c.beta2 = 0.9, c.weightDecay = 0.5;
    expectTwoSteps(c, [](double x, double k) {
        double g = k * x; // the gradient at the point before the decay
        double th = x * (1 - 0.1 * 0.5);
        double m = 0.2 * g, v = 0.1 * g * g;
        double x1 = th - 0.1 / 0.2 * m / (std::sqrt(v) / std::sqrt(0.1) + 1e-8);
        g = k * x1;
        th = x1 * (1 - 0.05);
        m = 0.8 * m + 0.2 * g, v = 0.9 * v + 0.1 * g * g;
        double x2 = th - 0.1 / (1 - 0.64) * m / (std::sqrt(v) / std::sqrt(0.19) + 1e-8);
        return std::make_pair(x1, x2);
    });
}

TEST(Adamw, AmsgradAndDefaultDecay) {
    OptimizerConfig c = make(OptimizerKind::Adamw);
    EXPECT_EQ(c.weightDecay, 1e-2);
    c.lr = 0.9, c.beta2 = 0.5, c.amsgrad = true;
    expectTwoSteps(c, [](double x, double k) {
        double g = k * x;
        double m = 0.1 * g, v = 0.5 * g * g, vMax = v;
        double x1 = x * (1 - 0.9 * 0.01) - 0.9 / 0.1 * m / (std::sqrt(vMax) / std::sqrt(0.5) + 1e-8);
        g = k * x1;
        m = 0.9 * m + 0.1 * g, v = 0.5 * v + 0.5 * g * g, vMax = std::max(vMax, v);
        double x2 = x1 * (1 - 0.9 * 0.01) - 0.9 / 0.19 * m / (std::sqrt(vMax) / std::sqrt(0.75) + 1e-8);
        return std::make_pair(x1, x2);
    });
}

// ---- nadam ----

TEST(Nadam, MomentumDecayAndMuProduct) {
    OptimizerConfig c = make(OptimizerKind::Nadam);
    c.lr = 0.1, c.beta1 = 0.8, c.beta2 = 0.9, c.eps = 1e-3, c.momentumDecay = 0.1, c.weightDecay = 0.1;
    expectTwoSteps(c, [](double x, double k) {
        // μ_t = β₁(1 − ½·0.96^(tψ))
        const double mu1 = 0.8 * (1 - 0.5 * std::pow(0.96, 0.1));
        const double mu2 = 0.8 * (1 - 0.5 * std::pow(0.96, 0.2));
        const double mu3 = 0.8 * (1 - 0.5 * std::pow(0.96, 0.3));
        double g = k * x + 0.1 * x;
        double m = 0.2 * g, v = 0.1 * g * g;
        double d = std::sqrt(v / 0.1) + 1e-3; // ε outside sqrt(v / (1 − β₂ᵗ))
        double x1 = x - 0.1 * (1 - mu1) / (1 - mu1) * g / d - 0.1 * mu2 / (1 - mu1 * mu2) * m / d;
        g = k * x1 + 0.1 * x1;
        m = 0.8 * m + 0.2 * g, v = 0.9 * v + 0.1 * g * g;
        d = std::sqrt(v / 0.19) + 1e-3;
        double x2 = x1 - 0.1 * (1 - mu2) / (1 - mu1 * mu2) * g / d - 0.1 * mu3 / (1 - mu1 * mu2 * mu3) * m / d;
        return std::make_pair(x1, x2);
    });
}

TEST(Nadam, MuProductIsExposed) {
    OptimizerConfig c = make(OptimizerKind::Nadam);
    Optimizer<Vector2d> opt(c);
    ASSERT_EQ(opt.scalarStateCount(), 1);
    EXPECT_STREQ(opt.scalarStateName(0), "mu_product");
    EXPECT_EQ(opt.scalarState(0), 1.0);
    Vector2d x(1, 2);
    opt.step(x, Vector2d(2, 12));
    opt.step(x, Vector2d(2, 12));
    const double mu1 = 0.9 * (1 - 0.5 * std::pow(0.96, 0.004));
    const double mu2 = 0.9 * (1 - 0.5 * std::pow(0.96, 0.008));
    EXPECT_CLOSE(opt.scalarState(0), mu1 * mu2);
}

// ---- adadelta ----

TEST(Adadelta, RhoEpsInsideBothRoots) {
    OptimizerConfig c = make(OptimizerKind::Adadelta);
    c.lr = 0.5, c.rho = 0.8, c.eps = 1e-2, c.weightDecay = 0.1;
    expectTwoSteps(c, [](double x, double k) {
        double g = k * x + 0.1 * x;
        double v = 0.2 * g * g, u = 0;
        double delta = std::sqrt(u + 1e-2) / std::sqrt(v + 1e-2) * g;
        u = 0.2 * delta * delta;
        double x1 = x - 0.5 * delta;
        g = k * x1 + 0.1 * x1;
        v = 0.8 * v + 0.2 * g * g;
        delta = std::sqrt(u + 1e-2) / std::sqrt(v + 1e-2) * g;
        return std::make_pair(x1, x1 - 0.5 * delta);
    });
}

// ---- adagrad_norm ----

TEST(AdagradNorm, OneScalarAccumulatorIncludingTheCurrentStep) {
    OptimizerConfig c = make(OptimizerKind::AdagradNorm);
    c.lr = 0.5;
    TwoSteps r = runTwoSteps(c);
    // G1 = ‖(2, 12)‖² = 148; x1 = x − 0.5 g / sqrt(1e−10 + 148)
    const double x1 = 1 - 0.5 * 2 / std::sqrt(1e-10 + 148), y1 = 2 - 0.5 * 12 / std::sqrt(1e-10 + 148);
    EXPECT_CLOSE(r.x1[0], x1);
    EXPECT_CLOSE(r.x1[1], y1);
    const double g2 = 4 * x1 * x1 + 36 * y1 * y1; // ‖(2 x1, 6 y1)‖²
    EXPECT_CLOSE(r.x2[0], x1 - 0.5 * 2 * x1 / std::sqrt(1e-10 + 148 + g2));
    EXPECT_CLOSE(r.x2[1], y1 - 0.5 * 6 * y1 / std::sqrt(1e-10 + 148 + g2));
}

TEST(AdagradNorm, Defaults) {
    OptimizerConfig c = make(OptimizerKind::AdagradNorm);
    EXPECT_EQ(c.lr, 1e-2);
    EXPECT_EQ(c.eps, 1e-10);
    Optimizer<Vector2d> opt(c);
    Vector2d x(1, 2);
    opt.step(x, Vector2d(3, 4));
    EXPECT_STREQ(opt.scalarStateName(0), "sum_sq_grad_norm");
    EXPECT_EQ(opt.scalarState(0), 25.0);
    EXPECT_CLOSE(x[0], 1 - 0.01 * 3 / std::sqrt(1e-10 + 25));
}

// ---- newton ----

TEST(Newton, ConvexQuadraticInOneStep) {
    OptimizerConfig c = make(OptimizerKind::Newton);
    EXPECT_EQ(c.lr, 1.0);
    Optimizer<Vector2d> opt(c);
    // f = x² + xy + 2y²: H = [[2, 1], [1, 4]], ∇f = (2x + y, x + 4y)
    Eigen::Matrix2d h;
    h << 2, 1, 1, 4;
    Vector2d x(1.5, -2);
    opt.step(x, Vector2d(2 * 1.5 - 2, 1.5 - 8), h);
    EXPECT_FALSE(opt.lastStepFellBack());
    EXPECT_NEAR(x[0], 0, 1e-15);
    EXPECT_NEAR(x[1], 0, 1e-15);
}

TEST(Newton, DampedStep) {
    OptimizerConfig c = make(OptimizerKind::Newton);
    c.lr = 0.5;
    Optimizer<Vector2d> opt(c);
    Vector2d x(1, 2);
    opt.step(x, Vector2d(2, 12), Eigen::Vector2d(2, 6).asDiagonal().toDenseMatrix());
    EXPECT_CLOSE(x[0], 0.5); // half of the way to the minimum
    EXPECT_CLOSE(x[1], 1.0);
}

TEST(Newton, FallsBackToAGradientStepOnASaddle) {
    OptimizerConfig c = make(OptimizerKind::Newton);
    c.lr = 0.1;
    Optimizer<Vector2d> opt(c);
    // f = x² − y²: H = diag(2, −2) is indefinite
    Vector2d x(1, 2);
    opt.step(x, Vector2d(2, -4), Eigen::Vector2d(2, -2).asDiagonal().toDenseMatrix());
    EXPECT_TRUE(opt.lastStepFellBack());
    EXPECT_CLOSE(x[0], 0.8);
    EXPECT_CLOSE(x[1], 2.4);
    // and back on a convex patch it is newton again
    opt.step(x, Vector2d(2 * 0.8, 0), Eigen::Vector2d(2, 2).asDiagonal().toDenseMatrix());
    EXPECT_FALSE(opt.lastStepFellBack());
    EXPECT_CLOSE(x[0], 0.8 - 0.1 * 0.8);
}

TEST(Newton, SingularHessianFallsBack) {
    Optimizer<Vector2d> opt(make(OptimizerKind::Newton));
    Vector2d x(1, 1);
    opt.step(x, Vector2d(2, 0), Eigen::Vector2d(2, 0).asDiagonal().toDenseMatrix());
    EXPECT_TRUE(opt.lastStepFellBack());
    EXPECT_CLOSE(x[0], -1.0);
}

TEST(Newton, RejectedForNetworks) {
    EXPECT_THROW(Optimizer<Eigen::VectorXd>(make(OptimizerKind::Newton)), InputError);
    EXPECT_THROW(Optimizer<Eigen::VectorXf>(make(OptimizerKind::Newton)), InputError);
}

} // namespace
} // namespace dh
