// The optimizers as values and as an API: copies, reset, setLr, state names and values, dynamic
// vectors against the fixed-size one, names, torch's defaults, and what validate() rejects. (The
// hand-computed update rules are in optimizer_test.cpp.)
#include "core/common/error.h"
#include "core/optim/optimizer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace dh {
namespace {

using Eigen::Vector2d;

// a ≈ b to a relative 1e-13 (absolute near zero).
#define EXPECT_CLOSE(a, b) EXPECT_NEAR((a), (b), 1e-13 * std::max(1.0, std::abs(double(b))))

OptimizerConfig make(OptimizerKind kind) {
    return torchDefaults(kind);
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
        if (dyn.stateCount() > 0) {
            EXPECT_EQ(dyn.state(0).size(), 0); // allocated on the first step
        }
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
        if (pair) {
            EXPECT_NEAR(x[i + 1], p[1], 1e-13);
        }
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
