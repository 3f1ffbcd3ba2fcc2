// Mlp layout, Objective gradients (every activation × loss, with regularization) against central
// differences, initialisation, the Trainer (minibatches, the lecture's linear regression, a run that
// lowers the loss, divergence) and the Dataset → NetData conversion.
#include "core/common/error.h"
#include "core/nn/init.h"
#include "core/nn/trainer.h"

#include <gtest/gtest.h>
#include <random>

namespace {

using namespace dh::nn;
using VectorD = Eigen::VectorXd;
using RowMatrixD = NetData<double>::RowMatrix;

RowMatrixD randomRows(Eigen::Index rows, Eigen::Index cols, std::mt19937& rng) {
    std::uniform_real_distribution<double> u(-1, 1);
    RowMatrixD m(rows, cols);
    for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = u(rng);
    return m;
}

// Targets that fit the loss: class indices or values in [0, 1].
RowMatrixD randomTargets(const MlpConfig& c, Eigen::Index rows, std::mt19937& rng) {
    if (lossTakesClassIndices(c.loss)) {
        RowMatrixD y(rows, 1);
        for (Eigen::Index i = 0; i < rows; ++i) y(i, 0) = double(rng() % unsigned(c.layers.back()));
        return y;
    }
    RowMatrixD y = randomRows(rows, c.layers.back(), rng);
    return (y.array() + 1) / 2;
}

TEST(Mlp, ParamsLayoutIsWRowsThenBiasPerLayer) {
    MlpConfig c;
    c.layers = {3, 2, 1};
    Mlp<double> net(c);
    ASSERT_EQ(net.paramCount(), 3 * 2 + 2 + 2 * 1 + 1);
    VectorD p(11);
    for (int i = 0; i < 11; ++i) p[i] = i;
    net.setParams(p);
    EXPECT_EQ(net.weights(0)(0, 0), 0);
    EXPECT_EQ(net.weights(0)(0, 2), 2); // row 0 = the weights of unit 0
    EXPECT_EQ(net.weights(0)(1, 0), 3);
    EXPECT_EQ(net.bias(0)(1), 7);
    EXPECT_EQ(net.weights(1)(0, 1), 9);
    EXPECT_EQ(net.bias(1)(0), 10);
    EXPECT_EQ(net.slice(1).weightOffset, 8);

    c.activation = Activation::Linear;
    Mlp<double> lin(c);
    lin.setParams(p);
    RowMatrixD x(1, 3);
    x << 1, -1, 2;
    // s = W x + b layer by layer
    Eigen::Vector2d h = lin.weights(0) * Eigen::Vector3d(1, -1, 2) + lin.bias(0);
    double expected = (lin.weights(1) * h)(0) + lin.bias(1)(0);
    EXPECT_DOUBLE_EQ(lin.forward(x)(0, 0), expected);
}

TEST(Mlp, BadLayersNameTheEntry) {
    MlpConfig c;
    c.layers = {2, 0, 1};
    try {
        Mlp<double> net(c);
        FAIL();
    } catch (const dh::InputError& e) {
        EXPECT_NE(std::string(e.what()).find("layers[1]: must be a positive integer"), std::string::npos) << e.what();
    }
    c.layers = {2};
    EXPECT_THROW(Mlp<double>{c}, dh::InputError);
}

TEST(Mlp, NamesRoundTrip) {
    for (const std::string& n : activationNames()) EXPECT_EQ(activationName(parseActivation(n)), n);
    for (const std::string& n : lossNames()) EXPECT_EQ(lossName(parseLoss(n)), n);
    for (const std::string& n : initSchemeNames()) EXPECT_EQ(initSchemeName(parseInitScheme(n)), n);
    EXPECT_THROW(parseActivation("softplus"), dh::InputError);
    EXPECT_EQ(parseLoss("binary_cross_entropy"), LossKind::Bce);
}

// Every activation with every loss, regularized, against central differences of the objective.
TEST(Objective, GradientOfEveryLayerMatchesCentralDifferences) {
    std::mt19937 rng(21);
    for (int act = 0; act < 4; ++act)
        for (int loss = 0; loss < 4; ++loss) {
            MlpConfig c;
            c.layers = {3, 5, 4, loss == int(LossKind::Bce) || loss == int(LossKind::Mse) ? 2 : 3};
            c.activation = Activation(act);
            c.loss = LossKind(loss);
            Regularization reg{0.01, 0.02};
            Objective<double> obj(c, reg);
            VectorD p;
            initializeParams(c, InitScheme::Xavier, 5, p);
            p += 0.1 * VectorD(randomRows(p.size(), 1, rng)); // non-zero biases too
            VectorD g(p.size());
            obj.resize(6);
            obj.inputs() = randomRows(6, 3, rng);
            obj.targets() = randomTargets(c, 6, rng);
            obj.bind(p.data(), g.data());
            obj.evaluate(true);
            const double h = 1e-6;
            for (Eigen::Index i = 0; i < p.size(); ++i) {
                double x0 = p[i];
                p[i] = x0 + h;
                double fp = obj.evaluate(false);
                p[i] = x0 - h;
                double fm = obj.evaluate(false);
                p[i] = x0;
                double numeric = (fp - fm) / (2 * h);
                ASSERT_NEAR(g[i], numeric, 1e-6 * std::max(1.0, std::abs(numeric)))
                    << activationName(c.activation) << " + " << lossName(c.loss) << ", param " << i;
            }
        }
}

TEST(Objective, RegularizationIsOnWeightsOnly) {
    MlpConfig c;
    c.layers = {2, 2, 1};
    c.activation = Activation::Linear;
    VectorD p(9);
    p << 1, -2, 3, 0, /*b1*/ 5, 5, /*W2*/ -1, 2, /*b2*/ 7;
    Regularization reg{0.5, 0.25};
    VectorD g = VectorD::Zero(9);
    double r = regularizationTerm<double>(c, reg, p.data(), g.data());
    EXPECT_DOUBLE_EQ(r, 0.5 * (1 + 2 + 3 + 0 + 1 + 2) + 0.25 * (1 + 4 + 9 + 0 + 1 + 4));
    EXPECT_DOUBLE_EQ(g[0], 0.5 + 2 * 0.25 * 1);
    EXPECT_DOUBLE_EQ(g[3], 0.0); // sign(0) = 0
    EXPECT_DOUBLE_EQ(g[4], 0.0); // biases are not penalized
    EXPECT_DOUBLE_EQ(g[8], 0.0);

    // the tape's regularized objective = data loss + the same term
    Objective<double> withReg(c, reg), without(c, reg, false);
    for (Objective<double>* o : {&withReg, &without}) {
        o->resize(2);
        o->inputs() << 1, 2, 3, 4;
        o->targets() << 0.5, -1;
        o->bind(p.data(), nullptr);
    }
    EXPECT_NEAR(withReg.evaluate(false), without.evaluate(false) + r, 1e-12);
}

TEST(Init, XavierAndHeBoundsAndDeterminism) {
    MlpConfig c;
    c.layers = {100, 50, 10};
    VectorD a, b;
    initializeParams(c, InitScheme::Xavier, 7, a);
    initializeParams(c, InitScheme::Xavier, 7, b);
    EXPECT_EQ(a, b);
    initializeParams(c, InitScheme::Xavier, 8, b);
    EXPECT_NE(a, b);
    Mlp<double> net(c);
    net.setParams(a);
    const double bound1 = std::sqrt(6.0 / 150);
    EXPECT_LE(net.weights(0).cwiseAbs().maxCoeff(), bound1);
    EXPECT_GT(net.weights(0).cwiseAbs().maxCoeff(), 0.9 * bound1);
    EXPECT_NEAR(net.weights(0).array().square().mean(), bound1 * bound1 / 3, 0.1 * bound1 * bound1 / 3);
    EXPECT_EQ(net.bias(0).cwiseAbs().maxCoeff(), 0);
    initializeParams(c, InitScheme::He, 7, a);
    net.setParams(a);
    EXPECT_LE(net.weights(0).cwiseAbs().maxCoeff(), std::sqrt(6.0 / 100));
    EXPECT_GT(net.weights(0).cwiseAbs().maxCoeff(), 0.9 * std::sqrt(6.0 / 100));
    initializeParams(c, InitScheme::HeNormal, 7, a);
    net.setParams(a);
    EXPECT_NEAR(net.weights(0).array().square().mean(), 2.0 / 100, 0.2 * 2.0 / 100);
    Eigen::VectorXf f;
    initializeParams(c, InitScheme::HeNormal, 7, f);
    EXPECT_EQ(f, a.cast<float>()); // float and double runs start from the same weights
}

NetData<double> lectureRegression() {
    NetData<double> d;
    d.X.resize(4, 1);
    d.X << 2, 4, 6, 8;
    d.Y.resize(4, 1);
    d.Y << 3, 4, 5, 6;
    return d;
}

TEST(Trainer, LinearRegressionOfTheLectureReachesHalfAndTwo) {
    MlpConfig c;
    c.layers = {1, 1};
    c.activation = Activation::Linear;
    c.loss = LossKind::Mse;
    TrainOptions o;
    o.optimizer = dh::torchDefaults(dh::OptimizerKind::Sgd);
    o.optimizer.lr = 0.02;
    o.optimizer.momentum = 0.9;
    Trainer<double> t(c, o, lectureRegression());
    double first = t.trainObjective();
    for (int i = 0; i < 3000; ++i) t.step();
    Mlp<double> net = t.network();
    EXPECT_NEAR(net.weights(0)(0, 0), 0.5, 1e-8);
    EXPECT_NEAR(net.bias(0)(0), 2.0, 1e-8);
    EXPECT_LT(t.trainObjective(), 1e-15);
    EXPECT_GT(first, 1);
    EXPECT_EQ(t.stepCount(), 3000);
}

TEST(Trainer, FullBatchStepLossIsTheObjectiveBeforeTheUpdate) {
    MlpConfig c;
    c.layers = {1, 1};
    c.activation = Activation::Linear;
    TrainOptions o;
    o.optimizer.lr = 0.01;
    o.regularization.l2 = 0.1;
    Trainer<double> t(c, o, lectureRegression());
    VectorD p(2);
    p << 0.3, -0.2;
    t.restart(p);
    VectorD g;
    double full = t.fullGradient(g);
    EXPECT_NEAR(full, t.trainObjective(), 1e-14);
    // hand-computed: mean((w x + b − y)²) + 0.1 w², gradient 2 mean(r x) + 0.2 w, 2 mean(r)
    Eigen::Array4d x(2, 4, 6, 8), y(3, 4, 5, 6);
    Eigen::Array4d r = 0.3 * x - 0.2 - y;
    EXPECT_NEAR(full, r.square().mean() + 0.1 * 0.09, 1e-13);
    EXPECT_NEAR(g[0], 2 * (r * x).mean() + 0.2 * 0.3, 1e-13);
    EXPECT_NEAR(g[1], 2 * r.mean(), 1e-13);
    StepResult s = t.step();
    EXPECT_EQ(s.step, 1);
    EXPECT_NEAR(s.loss, full, 1e-14);
    EXPECT_NEAR(t.params()[0], 0.3 - 0.01 * g[0], 1e-15); // plain SGD
}

// Two interleaved spirals-like classes that a 2→8→8→2 tanh network separates.
NetData<double> ringData(int n, std::uint64_t seed) {
    std::mt19937 rng{static_cast<unsigned>(seed)};
    std::uniform_real_distribution<double> u(-1, 1);
    NetData<double> d;
    d.X.resize(n, 2);
    d.Y.resize(n, 1);
    d.classes = 2;
    for (int i = 0; i < n; ++i) {
        double a = u(rng), b = u(rng);
        d.X.row(i) << a, b;
        d.Y(i, 0) = a * a + b * b < 0.4 ? 1 : 0;
    }
    return d;
}

TEST(Trainer, MinibatchTrainingLowersTheLossAndLearns) {
    MlpConfig c;
    c.layers = {2, 8, 8, 2};
    c.activation = Activation::Tanh;
    c.loss = LossKind::CrossEntropy;
    TrainOptions o;
    o.optimizer = dh::torchDefaults(dh::OptimizerKind::Adam);
    o.optimizer.lr = 0.02;
    o.batchSize = 32;
    o.shuffleSeed = 3;
    Trainer<double> t(c, o, ringData(200, 1), ringData(100, 2));
    VectorD p;
    initializeParams(c, InitScheme::Xavier, 1, p);
    t.restart(p);
    const double before = t.trainObjective();
    EXPECT_EQ(t.stepsPerEpoch(), 7); // 6 × 32 + 8
    for (int i = 0; i < 7 * 60; ++i) t.step();
    EXPECT_EQ(t.epoch(), 60);
    const double after = t.trainObjective();
    EXPECT_LT(after, 0.5 * before);
    EXPECT_GT(t.accuracy(t.trainData()), 0.9);
    EXPECT_GT(t.accuracy(t.testData()), 0.85);
    EXPECT_FALSE(t.diverged());
}

TEST(Trainer, ShuffleIsSeededAndFloatFollowsDouble) {
    MlpConfig c;
    c.layers = {2, 4, 2};
    c.loss = LossKind::Hinge;
    TrainOptions o;
    o.optimizer.lr = 0.05;
    o.batchSize = 10;
    auto run = [&](std::uint64_t seed) {
        o.shuffleSeed = seed;
        Trainer<double> t(c, o, ringData(45, 4));
        VectorD p;
        initializeParams(c, InitScheme::Xavier, 2, p);
        t.restart(p);
        for (int i = 0; i < 23; ++i) t.step();
        return VectorD(t.params());
    };
    EXPECT_EQ(run(1), run(1));
    EXPECT_NE(run(1), run(2));

    // the same run in float stays close to the double one
    o.shuffleSeed = 1;
    NetData<double> d = ringData(45, 4);
    NetData<float> df;
    df.X = d.X.cast<float>();
    df.Y = d.Y.cast<float>();
    df.classes = 2;
    Trainer<float> tf(c, o, df);
    Eigen::VectorXf pf;
    initializeParams(c, InitScheme::Xavier, 2, pf);
    tf.restart(pf);
    for (int i = 0; i < 23; ++i) tf.step();
    EXPECT_LT((tf.params().cast<double>() - run(1)).norm(), 1e-4);
}

TEST(Trainer, DivergenceStopsAndKeepsTheWeightsBeforeTheBlowUp) {
    MlpConfig c;
    c.layers = {1, 1};
    c.activation = Activation::Linear;
    TrainOptions o;
    o.optimizer.lr = 10; // far beyond 2/61.7: |error| grows ~600× per step
    Trainer<double> t(c, o, lectureRegression());
    std::vector<VectorD> history;
    long divergedAt = -1;
    for (int i = 0; i < 1000 && divergedAt < 0; ++i) {
        history.push_back(t.params());
        StepResult r = t.step();
        if (r.diverged) divergedAt = r.step;
    }
    ASSERT_GT(divergedAt, 5);
    EXPECT_TRUE(t.diverged());
    EXPECT_EQ(t.divergedAtStep(), divergedAt);
    EXPECT_EQ(t.stepCount(), divergedAt);
    // history[k] = θ_k; the loss at θ_N was not finite, θ_{N−1} is kept
    EXPECT_EQ(t.params(), history[size_t(divergedAt - 1)]);
    EXPECT_TRUE(t.params().allFinite());
    EXPECT_TRUE(std::isfinite(t.trainObjective()));
    EXPECT_TRUE(t.step().diverged); // stays stopped
    EXPECT_EQ(t.stepCount(), divergedAt);
    t.restart(VectorD::Zero(2));
    EXPECT_FALSE(t.diverged());
}

TEST(Trainer, AccuracyRules) {
    MlpConfig c;
    c.layers = {1, 2};
    c.activation = Activation::Linear;
    c.loss = LossKind::CrossEntropy;
    NetData<double> d;
    d.X.resize(4, 1);
    d.X << -2, -1, 1, 2;
    d.Y.resize(4, 1);
    d.Y << 0, 1, 1, 1;
    d.classes = 2;
    TrainOptions o;
    Trainer<double> t(c, o, d);
    VectorD p(4);
    p << -1, 1, 0, 0; // logits (−x, x): class 1 for x > 0
    t.restart(p);
    EXPECT_DOUBLE_EQ(t.accuracy(d), 0.75);
    EXPECT_DOUBLE_EQ(t.evaluate(d, true, 2).accuracy, 0.5); // the first two rows only
    EXPECT_DOUBLE_EQ(t.evaluate(d).objective, t.objective(d));
    NetData<double> regression = lectureRegression();
    regression.classes = 0;
    c.layers = {1, 1};
    c.loss = LossKind::Mse;
    Trainer<double> r(c, o, regression);
    EXPECT_TRUE(std::isnan(r.accuracy(regression)));
}

TEST(Trainer, BadDataIsAnInputError) {
    MlpConfig c;
    c.layers = {1, 3};
    c.loss = LossKind::CrossEntropy;
    NetData<double> d = lectureRegression(); // labels 3..6 do not fit 3 outputs
    TrainOptions o;
    try {
        Trainer<double> t(c, o, d);
        FAIL();
    } catch (const dh::InputError& e) {
        EXPECT_NE(std::string(e.what()).find("y[0]"), std::string::npos) << e.what();
    }
    c.layers = {2, 1};
    c.loss = LossKind::Mse;
    EXPECT_THROW((Trainer<double>(c, o, lectureRegression())), dh::InputError); // 1 feature, 2 inputs
    o.optimizer.lr = -1;
    c.layers = {1, 1};
    EXPECT_THROW((Trainer<double>(c, o, lectureRegression())), dh::InputError);
}

TEST(NetDataFromDataset, TargetsFollowTheLoss) {
    dh::Dataset ds;
    ds.X.resize(3, 2);
    ds.X << 1, 2, 3, 4, 5, 6;
    ds.labels.resize(3);
    ds.labels << 0, 2, 1;
    ds.numClasses = 3;
    ds.numTest = 1;
    MlpConfig c;
    c.layers = {2, 3};
    c.loss = LossKind::CrossEntropy;
    NetData<double> train = netData<double>(ds, false, c);
    NetData<double> test = netData<double>(ds, true, c);
    EXPECT_EQ(train.size(), 2);
    EXPECT_EQ(test.size(), 1);
    EXPECT_EQ(train.Y(1, 0), 2);
    EXPECT_EQ(test.X(0, 1), 6);
    c.loss = LossKind::Mse; // one-hot rows
    NetData<double> oneHot = netData<double>(ds, false, c);
    EXPECT_EQ(oneHot.Y.cols(), 3);
    EXPECT_EQ(oneHot.Y(1, 2), 1);
    EXPECT_EQ(oneHot.Y.sum(), 2);
    c.layers = {2, 2};
    c.loss = LossKind::CrossEntropy;
    EXPECT_THROW(netData<double>(ds, false, c), dh::InputError); // label 2 with 2 outputs
}

} // namespace
