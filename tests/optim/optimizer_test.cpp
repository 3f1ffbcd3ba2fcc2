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

// ---- value semantics, schedules' setLr, state access, VectorX ----

std::vector<OptimizerConfig> everyOption() {
    std::vector<OptimizerConfig> out;
    for (OptimizerKind k : allOptimizerKinds()) {
        if (k == OptimizerKind::Newton) continue;
        OptimizerConfig c = torchDefaults(k);
        c.lr = 0.05;
        out.push_back(c);
    }
    OptimizerConfig c = torchDefaults(OptimizerKind::Sgd);
    c.lr = 0.05, c.momentum = 0.9, c.nesterov = true, c.weightDecay = 0.1;
    out.push_back(c);
    c.nesterov = false, c.dampening = 0.3;
    out.push_back(c);
    c = torchDefaults(OptimizerKind::Rmsprop);
    c.centered = true, c.momentum = 0.5, c.weightDecay = 0.1;
    out.push_back(c);
    c = torchDefaults(OptimizerKind::Adam);
    c.amsgrad = true, c.lr = 0.05, c.weightDecay = 0.1;
    out.push_back(c);
    c = torchDefaults(OptimizerKind::Adamw);
    c.amsgrad = true, c.lr = 0.05;
    out.push_back(c);
    c = torchDefaults(OptimizerKind::Adagrad);
    c.lrDecay = 0.1, c.initialAccumulatorValue = 0.3;
    out.push_back(c);
    return out;
}

TEST(Optimizer, ResetStartsOverAndCopiesAreIndependent) {
    for (const OptimizerConfig& c : everyOption()) {
        SCOPED_TRACE(optimizerName(c.kind));
        Optimizer<Vector2d> a(c);
        Vector2d x(1, 2);
        for (int i = 0; i < 5; ++i) a.step(x, Vector2d(2 * x[0], 6 * x[1]));
        Optimizer<Vector2d> b = a; // branch
        Vector2d xb = x;
        a.step(x, Vector2d(2 * x[0], 6 * x[1]));
        b.step(xb, Vector2d(2 * xb[0], 6 * xb[1]));
        EXPECT_EQ(x, xb);
        a.reset();
        EXPECT_EQ(a.steps(), 0);
        Optimizer<Vector2d> fresh(c);
        Vector2d x1(1, 2), x2(1, 2);
        for (int i = 0; i < 3; ++i) {
            a.step(x1, Vector2d(2 * x1[0], 6 * x1[1]));
            fresh.step(x2, Vector2d(2 * x2[0], 6 * x2[1]));
        }
        EXPECT_EQ(x1, x2);
    }
}

TEST(Optimizer, SetLrTakesEffectOnTheNextStep) {
    OptimizerConfig c = make(OptimizerKind::Sgd);
    c.lr = 0.1;
    Optimizer<Vector2d> opt(c);
    Vector2d x(1, 2);
    opt.setLr(0.25);
    EXPECT_EQ(opt.lr(), 0.25);
    opt.step(x, Vector2d(2, 12));
    EXPECT_CLOSE(x[0], 0.5);
    EXPECT_CLOSE(x[1], -1.0);
    EXPECT_EQ(opt.config().lr, 0.25);
}

TEST(Optimizer, StateNamesFollowTheConfig) {
    OptimizerConfig c = make(OptimizerKind::Sgd);
    EXPECT_EQ(optimizerStateCount(c), 0);
    c.momentum = 0.9;
    EXPECT_EQ(optimizerStateCount(c), 1);
    EXPECT_STREQ(optimizerStateName(c, 0), "momentum_buffer");

    c = make(OptimizerKind::Rmsprop);
    c.centered = true, c.momentum = 0.5;
    ASSERT_EQ(optimizerStateCount(c), 3);
    EXPECT_STREQ(optimizerStateName(c, 0), "square_avg");
    EXPECT_STREQ(optimizerStateName(c, 1), "grad_avg");
    EXPECT_STREQ(optimizerStateName(c, 2), "momentum_buffer");

    c = make(OptimizerKind::Adam);
    c.amsgrad = true;
    ASSERT_EQ(optimizerStateCount(c), 3);
    EXPECT_STREQ(optimizerStateName(c, 2), "max_exp_avg_sq");
    c = make(OptimizerKind::Adadelta);
    EXPECT_STREQ(optimizerStateName(c, 1), "acc_delta");
    c = make(OptimizerKind::Adagrad);
    EXPECT_STREQ(optimizerStateName(c, 0), "sum");
}

TEST(Optimizer, StateValuesAfterAStep) {
    OptimizerConfig c = make(OptimizerKind::Adam);
    Optimizer<Vector2d> opt(c);
    EXPECT_EQ(opt.state(0), Vector2d::Zero());
    Vector2d x(1, 2);
    opt.step(x, Vector2d(2, 12));
    EXPECT_CLOSE(opt.state(0)[1], 0.1 * 12);        // exp_avg
    EXPECT_CLOSE(opt.state(1)[1], 0.001 * 12 * 12); // exp_avg_sq

    OptimizerConfig a = make(OptimizerKind::Adagrad);
    a.initialAccumulatorValue = 0.5;
    Optimizer<Vector2d> ada(a);
    EXPECT_EQ(ada.state(0), Vector2d(0.5, 0.5));
}

// Vector2d, VectorXd of size 2 and VectorXf agree: one template, three instantiations.
TEST(Optimizer, DynamicVectorsMatchTheFixedSizeOne) {
    for (const OptimizerConfig& c : everyOption()) {
        SCOPED_TRACE(optimizerName(c.kind));
        Optimizer<Vector2d> fixed(c);
        Optimizer<Eigen::VectorXd> dyn(c);
        Optimizer<Eigen::VectorXf> flt(c);
        if (dyn.stateCount() > 0) EXPECT_EQ(dyn.state(0).size(), 0); // allocated on the first step
        Vector2d x(1, 2);
        Eigen::VectorXd xd = x;
        Eigen::VectorXf xf = x.cast<float>();
        for (int i = 0; i < 20; ++i) {
            fixed.step(x, Vector2d(2 * x[0], 6 * x[1]));
            Eigen::VectorXd gd(2);
            gd << 2 * xd[0], 6 * xd[1];
            dyn.step(xd, gd);
            Eigen::VectorXf gf(2);
            gf << 2 * xf[0], 6 * xf[1];
            flt.step(xf, gf);
        }
        // Equal up to rounding (the compiler may fuse a·b + c differently in the two loops).
        EXPECT_NEAR(xd[0], x[0], 1e-14);
        EXPECT_NEAR(xd[1], x[1], 1e-14);
        EXPECT_NEAR(xf[0], x[0], 1e-4);
        EXPECT_NEAR(xf[1], x[1], 1e-4);
        ASSERT_EQ(dyn.stateCount(), fixed.stateCount());
        for (int j = 0; j < dyn.stateCount(); ++j) {
            EXPECT_NEAR(dyn.state(j)[0], fixed.state(j)[0], 1e-12 * std::max(1.0, std::abs(fixed.state(j)[0])));
            EXPECT_NEAR(dyn.state(j)[1], fixed.state(j)[1], 1e-12 * std::max(1.0, std::abs(fixed.state(j)[1])));
        }
    }
}

TEST(Optimizer, LongVectorsAreUpdatedCoefficientWise) {
    // 37 coordinates (not a multiple of any packet size), each an independent scale·x², against the
    // same steps taken two coordinates at a time by Vector2d optimizers.
    OptimizerConfig c = make(OptimizerKind::Adam);
    c.lr = 0.01, c.amsgrad = true;
    const int n = 37;
    Eigen::ArrayXd scale(n);
    for (int i = 0; i < n; ++i) scale[i] = 1 + 4.0 * i / (n - 1);
    Optimizer<Eigen::VectorXd> big(c);
    Eigen::VectorXd x = Eigen::VectorXd::LinSpaced(n, -3, 3);
    const Eigen::VectorXd x0 = x;
    for (int s = 0; s < 10; ++s) {
        Eigen::VectorXd g = (2 * x.array() * scale).matrix();
        big.step(x, g);
    }
    EXPECT_EQ(big.state(0).size(), n);
    for (int i = 0; i < n; i += 2) {
        const bool pair = i + 1 < n;
        Optimizer<Vector2d> small(c);
        Vector2d p(x0[i], pair ? x0[i + 1] : 0.0);
        Vector2d k(scale[i], pair ? scale[i + 1] : 1.0);
        for (int s = 0; s < 10; ++s) small.step(p, Vector2d(2 * p[0] * k[0], 2 * p[1] * k[1]));
        EXPECT_NEAR(x[i], p[0], 1e-13);
        if (pair) EXPECT_NEAR(x[i + 1], p[1], 1e-13);
    }
}

// ---- names, defaults, validation ----

TEST(OptimizerNames, RoundTripAndUnknown) {
    EXPECT_EQ(allOptimizerKinds().size(), 9u);
    for (OptimizerKind k : allOptimizerKinds()) EXPECT_EQ(parseOptimizerKind(optimizerName(k)), k);
    EXPECT_STREQ(optimizerName(OptimizerKind::AdagradNorm), "adagrad_norm");
    try {
        parseOptimizerKind("adamax");
        FAIL() << "no InputError";
    } catch (const InputError& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find("adamax"), std::string::npos);
        for (OptimizerKind k : allOptimizerKinds()) EXPECT_NE(msg.find(optimizerName(k)), std::string::npos);
    }
}

TEST(OptimizerDefaults, TorchValues) {
    EXPECT_EQ(torchDefaults(OptimizerKind::Sgd).lr, 1e-3);
    EXPECT_EQ(torchDefaults(OptimizerKind::Adagrad).lr, 1e-2);
    EXPECT_EQ(torchDefaults(OptimizerKind::Adagrad).eps, 1e-10);
    EXPECT_EQ(torchDefaults(OptimizerKind::Rmsprop).lr, 1e-2);
    EXPECT_EQ(torchDefaults(OptimizerKind::Rmsprop).alpha, 0.99);
    EXPECT_EQ(torchDefaults(OptimizerKind::Adam).lr, 1e-3);
    EXPECT_EQ(torchDefaults(OptimizerKind::Adam).weightDecay, 0);
    EXPECT_EQ(torchDefaults(OptimizerKind::Adamw).weightDecay, 1e-2);
    EXPECT_EQ(torchDefaults(OptimizerKind::Nadam).lr, 2e-3);
    EXPECT_EQ(torchDefaults(OptimizerKind::Nadam).momentumDecay, 4e-3);
    EXPECT_EQ(torchDefaults(OptimizerKind::Adadelta).lr, 1.0);
    EXPECT_EQ(torchDefaults(OptimizerKind::Adadelta).eps, 1e-6);
    EXPECT_EQ(torchDefaults(OptimizerKind::Adadelta).rho, 0.9);
    for (OptimizerKind k : allOptimizerKinds()) EXPECT_TRUE(validate(torchDefaults(k)).empty()) << optimizerName(k);
}

// The single problem's field, or "" when there is not exactly one.
std::string onlyProblem(const OptimizerConfig& c) {
    std::vector<ConfigProblem> p = validate(c);
    return p.size() == 1 ? p[0].field : "";
}

TEST(OptimizerValidate, RejectsWhatTorchRejects) {
    auto with = [](OptimizerKind k, auto edit) {
        OptimizerConfig c = torchDefaults(k);
        edit(c);
        return onlyProblem(c);
    };
    using K = OptimizerKind;
    for (OptimizerKind k : allOptimizerKinds()) EXPECT_EQ(with(k, [](auto& c) { c.lr = -1e-3; }), "lr");
    EXPECT_EQ(with(K::Sgd, [](auto& c) { c.momentum = -0.1; }), "momentum");
    EXPECT_EQ(with(K::Sgd, [](auto& c) { c.weightDecay = -1; }), "weight-decay");
    EXPECT_EQ(with(K::Sgd, [](auto& c) { c.nesterov = true; }), "nesterov");
    EXPECT_EQ(with(K::Sgd, [](auto& c) { c.nesterov = true, c.momentum = 0.9, c.dampening = 0.1; }), "nesterov");
    EXPECT_EQ(with(K::Sgd, [](auto& c) { c.nesterov = true, c.momentum = 0.9; }), "");
    EXPECT_TRUE(validate([] {
                    OptimizerConfig c = torchDefaults(K::Sgd);
                    c.nesterov = true, c.momentum = 0.9;
                    return c;
                }())
                    .empty());
    EXPECT_EQ(with(K::Adagrad, [](auto& c) { c.lrDecay = -1; }), "lr-decay");
    EXPECT_EQ(with(K::Adagrad, [](auto& c) { c.initialAccumulatorValue = -1; }), "initial-accumulator-value");
    EXPECT_EQ(with(K::Adagrad, [](auto& c) { c.eps = -1; }), "eps");
    EXPECT_EQ(with(K::Rmsprop, [](auto& c) { c.alpha = -0.5; }), "alpha");
    EXPECT_EQ(with(K::Rmsprop, [](auto& c) { c.momentum = -0.5; }), "momentum");
    EXPECT_EQ(with(K::Rmsprop, [](auto& c) { c.eps = -1e-8; }), "eps");
    for (K k : {K::Adam, K::Adamw, K::Nadam}) {
        EXPECT_EQ(with(k, [](auto& c) { c.beta1 = 1.0; }), "beta1");
        EXPECT_EQ(with(k, [](auto& c) { c.beta1 = -0.1; }), "beta1");
        EXPECT_EQ(with(k, [](auto& c) { c.beta2 = 1.0; }), "beta2");
        EXPECT_EQ(with(k, [](auto& c) { c.eps = -1; }), "eps");
        EXPECT_EQ(with(k, [](auto& c) { c.weightDecay = -1; }), "weight-decay");
        EXPECT_EQ(with(k, [](auto& c) { c.beta1 = 0.0, c.beta2 = 0.0; }), "");
    }
    EXPECT_EQ(with(K::Nadam, [](auto& c) { c.momentumDecay = -1; }), "momentum-decay");
    EXPECT_EQ(with(K::Adadelta, [](auto& c) { c.rho = 1.5; }), "rho");
    EXPECT_EQ(with(K::Adadelta, [](auto& c) { c.rho = -0.1; }), "rho");
    EXPECT_EQ(with(K::Adadelta, [](auto& c) { c.rho = 1.0; }), ""); // torch allows 0 <= rho <= 1
    EXPECT_EQ(with(K::Adadelta, [](auto& c) { c.eps = -1; }), "eps");
    EXPECT_EQ(with(K::AdagradNorm, [](auto& c) { c.eps = -1; }), "eps");
    EXPECT_EQ(with(K::Adam, [](auto& c) { c.lr = std::nan(""); }), "lr");
    // Fields a kind does not use are not checked (torch has no such argument).
    EXPECT_EQ(with(K::Adam, [](auto& c) { c.rho = 7; }), "");
    // The message names the value.
    OptimizerConfig c = torchDefaults(K::Adam);
    c.beta2 = 1.5;
    ASSERT_EQ(validate(c).size(), 1u);
    EXPECT_NE(validate(c)[0].message.find("1.5"), std::string::npos);
    EXPECT_THROW(Optimizer<Vector2d>{c}, InputError);
}

} // namespace
} // namespace dh
