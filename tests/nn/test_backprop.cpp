// Backprop of one sample: every activation × loss against an independent computation written here
// (the network rebuilt as scalar tape arithmetic, whose adjoints give ∂E/∂z and ∂E/∂θ), the course's
// formulas (δ = y − t at a softmax output, Wᵀδ ⊙ y(1 − y) below), the mean over samples against the
// trainer's full-batch gradient, the optimizer's update, and the cursor a view steps with.
#include "core/autodiff/tape.h"
#include "core/common/error.h"
#include "core/nn/backprop.h"
#include "core/nn/trainer.h"

#include <cmath>
#include <gtest/gtest.h>
#include <random>

namespace dh::nn {
namespace {

// ---- the independent computation: the same network on the scalar tape ----

struct TapeNetwork {
    Tape tape;
    std::vector<Var> params;          // in the params layout
    std::vector<std::vector<Var>> zs; // per layer
    Var loss;
};

Var activation(Activation a, Var z) {
    switch (a) {
    case Activation::Tanh:
        return tanh(z);
    case Activation::Sigmoid:
        return sigmoid(z);
    case Activation::Relu:
        return relu(z);
    case Activation::Linear:
        return z;
    }
    return z;
}

// E written from the losses' definitions (not their code): −log softmax_t, Σ max(0, s_j − s_t + 1),
// mean (s − y)², mean of max(s, 0) − s·y + log(1 + e^{−|s|}).
Var lossOf(LossKind kind, const std::vector<Var>& s, const Eigen::VectorXd& target) {
    Tape& t = *s[0].tape();
    const int C = int(s.size());
    switch (kind) {
    case LossKind::CrossEntropy: {
        const int cls = int(target[0]);
        Var sum = exp(s[0]);
        for (int j = 1; j < C; ++j) sum = sum + exp(s[size_t(j)]);
        return log(sum) - s[size_t(cls)];
    }
    case LossKind::Hinge: {
        const int cls = int(target[0]);
        Var sum = t.constant(0);
        for (int j = 0; j < C; ++j)
            if (j != cls) sum = sum + relu(s[size_t(j)] - s[size_t(cls)] + 1.0);
        return sum;
    }
    case LossKind::Mse: {
        Var sum = t.constant(0);
        for (int j = 0; j < C; ++j) sum = sum + pow(s[size_t(j)] - target[j], 2.0);
        return sum / double(C);
    }
    case LossKind::Bce: {
        Var sum = t.constant(0);
        for (int j = 0; j < C; ++j)
            sum = sum + relu(s[size_t(j)]) - s[size_t(j)] * target[j] + log(1.0 + exp(-abs(s[size_t(j)])));
        return sum / double(C);
    }
    }
    return t.constant(0);
}

TapeNetwork tapeNetwork(const MlpConfig& c, const Eigen::VectorXd& params, const Eigen::VectorXd& x,
                        const Eigen::VectorXd& target) {
    TapeNetwork n;
    for (Eigen::Index i = 0; i < params.size(); ++i) n.params.push_back(n.tape.input(params[i]));
    std::vector<Var> below;
    for (Eigen::Index i = 0; i < x.size(); ++i) below.push_back(n.tape.constant(x[i]));
    Eigen::Index offset = 0;
    for (size_t l = 0; l + 1 < c.layers.size(); ++l) {
        const int in = c.layers[l], out = c.layers[l + 1];
        const Eigen::Index bias = offset + Eigen::Index(in) * out;
        std::vector<Var> z, y;
        for (int i = 0; i < out; ++i) {
            Var s = n.params[size_t(bias + i)];
            for (int j = 0; j < in; ++j) s = s + n.params[size_t(offset + i * in + j)] * below[size_t(j)];
            z.push_back(s); // an addition node used only as z: its adjoint is ∂E/∂z
        }
        n.zs.push_back(z);
        const bool last = l + 2 == c.layers.size();
        for (Var v : z) y.push_back(last ? v : activation(c.activation, v));
        below = y;
        offset = bias + out;
    }
    n.loss = lossOf(c.loss, below, target);
    n.tape.setOutput(n.loss);
    return n;
}

Eigen::VectorXd randomVector(Eigen::Index n, std::mt19937& rng, double scale = 1) {
    std::uniform_real_distribution<double> u(-scale, scale);
    Eigen::VectorXd v(n);
    for (Eigen::Index i = 0; i < n; ++i) v[i] = u(rng);
    return v;
}

Eigen::VectorXd targetFor(const MlpConfig& c, std::mt19937& rng) {
    if (lossTakesClassIndices(c.loss)) return Eigen::VectorXd::Constant(1, double(rng() % unsigned(c.layers.back())));
    return (randomVector(c.layers.back(), rng).array() + 1) / 2;
}

TEST(Backprop, EveryActivationAndLossAgainstTheTape) {
    std::mt19937 rng(7);
    for (const std::vector<int>& layers : {std::vector<int>{3, 4, 3}, std::vector<int>{2, 5, 3, 2}})
        for (Activation a : {Activation::Tanh, Activation::Sigmoid, Activation::Relu, Activation::Linear})
            for (LossKind k : {LossKind::CrossEntropy, LossKind::Hinge, LossKind::Mse, LossKind::Bce})
                for (int trial = 0; trial < 3; ++trial) {
                    MlpConfig c;
                    c.layers = layers;
                    c.activation = a;
                    c.loss = k;
                    SCOPED_TRACE(std::string(activationName(a)) + " + " + lossName(k) + ", " +
                                 std::to_string(layers.size() - 1) + " layers, trial " + std::to_string(trial));
                    const Eigen::VectorXd params = randomVector(paramCount(c), rng, 1.2);
                    const Eigen::VectorXd x = randomVector(layers.front(), rng, 2);
                    const Eigen::VectorXd target = targetFor(c, rng);
                    BackpropTrace bp = backpropSample(c, params, x, target);

                    TapeNetwork ref = tapeNetwork(c, params, x, target);
                    std::vector<double> g(size_t(params.size()));
                    const double E = ref.tape.valueGrad(params.data(), g.data());
                    EXPECT_NEAR(bp.loss, E, 1e-12 * (1 + std::fabs(E)));
                    for (Eigen::Index i = 0; i < params.size(); ++i)
                        EXPECT_NEAR(bp.gradient[i], g[size_t(i)], 1e-12 * (1 + std::fabs(g[size_t(i)]))) << i;
                    ASSERT_EQ(bp.layers.size(), layers.size() - 1);
                    for (size_t l = 0; l < bp.layers.size(); ++l) {
                        const LayerTrace& L = bp.layers[l];
                        for (size_t i = 0; i < ref.zs[l].size(); ++i) {
                            EXPECT_NEAR(L.z[Eigen::Index(i)], ref.zs[l][i].value(), 1e-13) << "z, layer " << l;
                            const double dz = ref.tape.adjoint(ref.zs[l][i].index());
                            EXPECT_NEAR(L.dE_dz[Eigen::Index(i)], dz, 1e-12 * (1 + std::fabs(dz))) << "δ, layer " << l;
                            EXPECT_EQ(L.dE_db[Eigen::Index(i)], L.dE_dz[Eigen::Index(i)]);
                        }
                        // ∂E/∂W = δ · (the layer below's y)ᵀ
                        for (Eigen::Index i = 0; i < L.dE_dW.rows(); ++i)
                            for (Eigen::Index j = 0; j < L.dE_dW.cols(); ++j)
                                EXPECT_DOUBLE_EQ(L.dE_dW(i, j), L.dE_dz[i] * L.input[j]);
                    }
                }
}

// The course's formulas for a sigmoid hidden layer and a softmax output with cross-entropy.
TEST(Backprop, TheCoursesFormulasOnTheExerciseNetwork) {
    ExerciseNetwork n = courseExerciseNetwork();
    BackpropTrace bp = backpropSample(n.config, n.params, n.x, n.target);
    ASSERT_EQ(bp.layers.size(), 2u);
    const LayerTrace &h = bp.layers[0], &o = bp.layers[1];
    // z⁽¹⁾ = W⁽¹⁾x + b⁽¹⁾ = (0.15·0.05 + 0.2·0.1 + 0.35, 0.25·0.05 + 0.3·0.1 + 0.35) = (0.3775, 0.3925)
    EXPECT_NEAR(h.z[0], 0.3775, 1e-15);
    EXPECT_NEAR(h.z[1], 0.3925, 1e-15);
    const Eigen::Vector2d y1(1 / (1 + std::exp(-0.3775)), 1 / (1 + std::exp(-0.3925)));
    EXPECT_NEAR((h.y - y1).norm(), 0, 1e-15);
    const Eigen::Vector2d z2(0.4 * y1[0] + 0.45 * y1[1] + 0.6, 0.5 * y1[0] + 0.55 * y1[1] + 0.6);
    const Eigen::Vector2d p = (z2.array() - z2.maxCoeff()).exp() / (z2.array() - z2.maxCoeff()).exp().sum();
    const Eigen::Vector2d t(1, 0);
    EXPECT_NEAR(bp.loss, -std::log(p[0]), 1e-14);
    // ∂E/∂z⁽²⁾ = y⁽²⁾ − t (y⁽²⁾ = softmax), ∂E/∂W⁽²⁾ = (y⁽²⁾ − t) y⁽¹⁾ᵀ
    EXPECT_NEAR((o.dE_dz - (p - t)).norm(), 0, 1e-15);
    EXPECT_NEAR((o.dE_dW - (p - t) * y1.transpose()).norm(), 0, 1e-15);
    // ∂E/∂y⁽¹⁾ = W⁽²⁾ᵀ(y⁽²⁾ − t); ∂E/∂z⁽¹⁾ = that ⊙ y⁽¹⁾(1 − y⁽¹⁾); ∂E/∂W⁽¹⁾ = ∂E/∂z⁽¹⁾ xᵀ
    Eigen::Matrix2d W2;
    W2 << 0.4, 0.45, 0.5, 0.55;
    const Eigen::Vector2d dy1 = W2.transpose() * (p - t);
    const Eigen::Vector2d dz1 = dy1.cwiseProduct(y1.cwiseProduct(Eigen::Vector2d::Ones() - y1));
    EXPECT_NEAR((h.dE_dy - dy1).norm(), 0, 1e-15);
    EXPECT_NEAR((h.slope - y1.cwiseProduct(Eigen::Vector2d::Ones() - y1)).norm(), 0, 1e-15);
    EXPECT_NEAR((h.dE_dz - dz1).norm(), 0, 1e-15);
    EXPECT_NEAR((h.dE_dW - dz1 * n.x.transpose()).norm(), 0, 1e-15);
    EXPECT_EQ(bp.probabilities.size(), 2);
    EXPECT_NEAR((bp.probabilities - p).norm(), 0, 1e-15);
}

// The trainer's objective is the mean of the per-sample losses: the mean of the per-sample gradients is
// its full-batch gradient (no regularization).
TEST(Backprop, MeanOverSamplesIsTheTrainersGradient) {
    std::mt19937 rng(11);
    for (Activation a : {Activation::Tanh, Activation::Sigmoid, Activation::Relu, Activation::Linear})
        for (LossKind k : {LossKind::CrossEntropy, LossKind::Hinge, LossKind::Mse, LossKind::Bce}) {
            MlpConfig c;
            c.layers = {2, 6, 3};
            c.activation = a;
            c.loss = k;
            SCOPED_TRACE(std::string(activationName(a)) + " + " + lossName(k));
            const int N = 9;
            NetData<double> data;
            data.X.resize(N, 2);
            data.Y.resize(N, lossTakesClassIndices(k) ? 1 : 3);
            for (int i = 0; i < N; ++i) { // element by element (GCC 12 misjudges a row assignment's size)
                const Eigen::VectorXd x = randomVector(2, rng, 2), t = targetFor(c, rng);
                for (Eigen::Index k = 0; k < x.size(); ++k) data.X(i, k) = x[k];
                for (Eigen::Index k = 0; k < t.size(); ++k) data.Y(i, k) = t[k];
            }
            data.classes = lossTakesClassIndices(k) ? 3 : 0;
            const Eigen::VectorXd params = randomVector(paramCount(c), rng, 1.0);
            Trainer<double> trainer(c, TrainOptions{}, data);
            trainer.restart(params);
            Eigen::VectorXd full;
            const double objective = trainer.fullGradient(full);

            Eigen::VectorXd sum = Eigen::VectorXd::Zero(params.size());
            double lossSum = 0;
            for (int i = 0; i < N; ++i) {
                BackpropTrace bp = backpropSample(c, params, data.X.row(i).transpose(), data.Y.row(i).transpose());
                sum += bp.gradient;
                lossSum += bp.loss;
            }
            EXPECT_NEAR(lossSum / N, objective, 1e-13 * (1 + std::fabs(objective)));
            for (Eigen::Index j = 0; j < params.size(); ++j)
                EXPECT_NEAR(sum[j] / N, full[j], 1e-13 * (1 + std::fabs(full[j]))) << j;
        }
}

TEST(Backprop, TheOptimizersUpdate) {
    ExerciseNetwork n = courseExerciseNetwork();
    OptimizerConfig sgd = torchDefaults(OptimizerKind::Sgd);
    sgd.lr = 0.5;
    BackpropTrace bp = backpropSample(n.config, n.params, n.x, n.target, sgd);
    // SGD: θ ← θ − η ∂E/∂θ, per layer W ← W − η ∂E/∂W
    for (Eigen::Index i = 0; i < n.params.size(); ++i) EXPECT_EQ(bp.paramsNext[i], n.params[i] - 0.5 * bp.gradient[i]);
    EXPECT_EQ(bp.layers[1].W_next(0, 1), 0.45 - 0.5 * bp.layers[1].dE_dW(0, 1));
    EXPECT_EQ(bp.layers[0].b_next(1), 0.35 - 0.5 * bp.layers[0].dE_db(1));
    // Adam's first step from a fresh state: m̂ = g, v̂ = g², so θ ← θ − η g/(|g| + ε).
    OptimizerConfig adam = torchDefaults(OptimizerKind::Adam);
    adam.lr = 0.01;
    BackpropTrace ba = backpropSample(n.config, n.params, n.x, n.target, adam);
    for (Eigen::Index i = 0; i < n.params.size(); ++i) {
        const double g = ba.gradient[i];
        EXPECT_NEAR(ba.paramsNext[i], n.params[i] - 0.01 * g / (std::fabs(g) + 1e-8), 1e-15) << i;
    }
}

TEST(Backprop, BadSizesNameTheInput) {
    ExerciseNetwork n = courseExerciseNetwork();
    auto message = [&](const Eigen::VectorXd& params, const Eigen::VectorXd& x, const Eigen::VectorXd& t) {
        try {
            backpropSample(n.config, params, x, t);
        } catch (const InputError& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    EXPECT_NE(message(n.params.head(5), n.x, n.target).find("params"), std::string::npos);
    EXPECT_NE(message(n.params, Eigen::Vector3d(1, 2, 3), n.target).find("x: expected 2"), std::string::npos);
    EXPECT_NE(message(n.params, n.x, Eigen::VectorXd::Constant(1, 2.0)).find("target"), std::string::npos);
}

TEST(Backprop, CursorWalksForwardThenBackwardThenTheUpdate) {
    BackpropCursor c{3, 0};
    EXPECT_EQ(c.stepCount(), 8);
    EXPECT_FALSE(c.forwardShown(0));
    c.forward();
    EXPECT_TRUE(c.forwardShown(0));
    EXPECT_FALSE(c.forwardShown(1));
    c.step = 3;
    EXPECT_TRUE(c.forwardShown(2));
    EXPECT_TRUE(c.lossShown());
    EXPECT_FALSE(c.backwardShown(2));
    c.forward();
    EXPECT_TRUE(c.backwardShown(2)); // the output layer's δ first
    EXPECT_FALSE(c.backwardShown(1));
    c.step = 6;
    EXPECT_TRUE(c.backwardShown(0));
    EXPECT_FALSE(c.updateShown());
    c.forward();
    EXPECT_TRUE(c.updateShown());
    c.forward();
    EXPECT_EQ(c.step, 7);
    c.step = 0;
    c.back();
    EXPECT_EQ(c.step, 0);
}

} // namespace
} // namespace dh::nn
