// The graph lab's model: the graph of each source, its gradient against central differences and the
// exercises' hand formulas (computed here, independently of core/autodiff/exercises.cpp), the rebuild
// rule, errors, the sweep's clamp and the view's fit.
#include "core/lab/graph_lab.h"

#include <cmath>
#include <gtest/gtest.h>

using namespace dh;

namespace {

GraphLabSettings settings(GraphSource source, std::vector<double> at = {}) {
    GraphLabSettings s;
    s.source = source;
    s.at = std::move(at);
    return s;
}

} // namespace

TEST(GraphLab, ATypedExpressionsGradientMatchesItsDerivative) {
    GraphLab lab;
    GraphLabSettings s = settings(GraphSource::Expression, {0.7, -1.3});
    s.expr = "x*y + sin(x*y)";
    lab.sync(s, SurfaceSpec{});
    ASSERT_TRUE(lab.ready()) << lab.error();
    const double x = 0.7, y = -1.3, c = 1 + std::cos(x * y);
    const std::vector<double> g = lab.graph().gradient();
    EXPECT_NEAR(g[0], y * c, 1e-12);
    EXPECT_NEAR(g[1], x * c, 1e-12);
    EXPECT_NEAR(lab.finiteDifference()[0], y * c, 1e-7);
    EXPECT_NEAR(lab.finiteDifference()[1], x * c, 1e-7);
    EXPECT_FALSE(lab.handFormula().has_value());
    EXPECT_EQ(lab.point(), s.at);
}

TEST(GraphLab, MatrixChainAgreesWithFourUTimesWtWuu) {
    GraphLab lab;
    GraphLabSettings s = settings(GraphSource::MatrixChain, {0.5, -1.5});
    s.matrix = {2, -1, 0.5, 1, -3, 0.25};
    lab.sync(s, SurfaceSpec{});
    ASSERT_TRUE(lab.ready()) << lab.error();
    Eigen::Matrix<double, 3, 2> W;
    W << 2, -1, 0.5, 1, -3, 0.25;
    const Eigen::Vector2d u(0.5, -1.5);
    const Eigen::Vector2d expected = 4 * u.cwiseProduct(W.transpose() * W * u.cwiseProduct(u));
    const std::vector<double> g = lab.graph().gradient();
    for (int i = 0; i < 2; ++i) {
        EXPECT_NEAR(g[size_t(i)], expected[i], 1e-10 * std::max(1.0, std::abs(expected[i])));
        EXPECT_NEAR((*lab.handFormula())[size_t(i)], expected[i], 1e-10 * std::max(1.0, std::abs(expected[i])));
        EXPECT_NEAR(lab.finiteDifference()[size_t(i)], expected[i], 1e-5 * std::max(1.0, std::abs(expected[i])));
    }
    EXPECT_NEAR(lab.graph().value(), (W * u.cwiseProduct(u)).squaredNorm(), 1e-12);
}

TEST(GraphLab, TwoPathsAddAndTheSharedNodeHasTwoTerms) {
    GraphLab lab;
    lab.sync(settings(GraphSource::TwoPaths), SurfaceSpec{});
    ASSERT_TRUE(lab.ready());
    EXPECT_EQ(lab.point(), (std::vector<double>{0.8, 1.5})); // the exercise's defaults
    const double f = 0.8 * 1.5, k = std::sin(f) + f * std::cos(f);
    EXPECT_NEAR(lab.graph().gradient()[0], k * 1.5, 1e-12);
    EXPECT_NEAR(lab.graph().gradient()[1], k * 0.8, 1e-12);
    EXPECT_NEAR((*lab.handFormula())[0], k * 1.5, 1e-12);
    // the node f = x·y is read by two consumers: its step writes out two terms that add to its adjoint
    const CompGraph& g = lab.graph();
    int twoTermSteps = 0;
    for (int k2 = 0; k2 < g.backwardStepCount(); ++k2) {
        const BackwardStep st = g.backwardStep(k2);
        if (st.terms.size() != 2) continue;
        ++twoTermSteps;
        EXPECT_NEAR(g.nodes()[size_t(st.node)].value, f, 1e-15);
        EXPECT_NEAR(st.terms[0].product + st.terms[1].product, k, 1e-12);
    }
    EXPECT_EQ(twoTermSteps, 1);
}

TEST(GraphLab, TwoLayerLinearGradientIsTheHandFormula) {
    GraphLab lab;
    const std::vector<double> w = {0.3, -0.7, 1.2, 0.4}; // w1_11, w1_21, w2_1, w2_2
    lab.sync(settings(GraphSource::TwoLayerLinear, w), SurfaceSpec{});
    ASSERT_TRUE(lab.ready());
    ASSERT_EQ(lab.graph().inputCount(), 4);
    // E = (1/4) Σ (d − a x)², a = w2_1 w1_11 + w2_2 w1_21, on x = (2, 4, 6, 8), d = (3, 4, 5, 6)
    const double xs[4] = {2, 4, 6, 8}, ds[4] = {3, 4, 5, 6};
    const double a = w[2] * w[0] + w[3] * w[1];
    double dEda = 0;
    for (int l = 0; l < 4; ++l) dEda += -2.0 / 4 * (ds[l] - a * xs[l]) * xs[l];
    const double expected[4] = {dEda * w[2], dEda * w[3], dEda * w[0], dEda * w[1]};
    for (int i = 0; i < 4; ++i) {
        EXPECT_NEAR(lab.graph().gradient()[size_t(i)], expected[i], 1e-10);
        EXPECT_NEAR((*lab.handFormula())[size_t(i)], expected[i], 1e-10);
    }
}

TEST(GraphLab, TheSurfaceSourceFollowsTheSurfaceSpecWithItsRegularization) {
    GraphLab lab;
    SurfaceSpec spec;
    spec.expr = "(x-1)^2 + (y-0.3)^2";
    spec.regularization.l1 = 1;
    lab.sync(settings(GraphSource::Surface, {0.5, 0.2}), spec);
    ASSERT_TRUE(lab.ready()) << lab.error();
    EXPECT_NEAR(lab.graph().gradient()[0], 2 * (0.5 - 1) + 1, 1e-12);
    EXPECT_NEAR(lab.graph().gradient()[1], 2 * (0.2 - 0.3) + 1, 1e-12);
    const long version = lab.structureVersion();
    spec.regularization.l1 = 0;
    lab.sync(settings(GraphSource::Surface, {0.5, 0.2}), spec);
    EXPECT_GT(lab.structureVersion(), version);
    EXPECT_NEAR(lab.graph().gradient()[0], 2 * (0.5 - 1), 1e-12);
}

TEST(GraphLab, MovingThePointKeepsTheStructureAndABadExpressionIsAnError) {
    GraphLab lab;
    GraphLabSettings s = settings(GraphSource::Expression, {1, 2});
    s.expr = "relu(x) * abs(y)";
    lab.sync(s, SurfaceSpec{});
    ASSERT_TRUE(lab.ready());
    const long version = lab.structureVersion();
    s.at = {-1, 2};
    lab.sync(s, SurfaceSpec{});
    EXPECT_EQ(lab.structureVersion(), version);
    EXPECT_EQ(lab.graph().gradient()[0], 0.0); // relu′(−1) = 0
    EXPECT_EQ(lab.graph().gradient()[1], 0.0);
    s.at = {1, 2, 3}; // another count than the inputs: the defaults
    lab.sync(s, SurfaceSpec{});
    EXPECT_EQ(lab.point(), (std::vector<double>{0.5, 2.0}));

    s.expr = "x + * y";
    lab.sync(s, SurfaceSpec{});
    EXPECT_FALSE(lab.ready());
    EXPECT_NE(lab.error().find("column"), std::string::npos) << lab.error();
    EXPECT_EQ(lab.sweep(s), 0);
}

TEST(GraphLab, TheSweepIsClampedAndMinusOneIsAll) {
    GraphLab lab;
    GraphLabSettings s = settings(GraphSource::TwoPaths);
    lab.sync(s, SurfaceSpec{});
    const int n = lab.graph().backwardStepCount();
    s.sweep = -1;
    EXPECT_EQ(lab.sweep(s), n);
    s.sweep = n + 5;
    EXPECT_EQ(lab.sweep(s), n);
    s.sweep = 2;
    EXPECT_EQ(lab.sweep(s), 2);
}

TEST(GraphFit, TheLayoutFitsInsideTheRectangleAndZoomsAboutItsCentre) {
    GraphLab lab;
    GraphLabSettings s = settings(GraphSource::MatrixChain);
    lab.sync(s, SurfaceSpec{});
    const GraphLayout& L = lab.layout();
    const GraphFit f = fitGraph(L, 100, 50, 800, 400, 20);
    EXPECT_GE(f.x(0), 120 - 1e-9);
    EXPECT_LE(f.x(L.width), 880 + 1e-9);
    EXPECT_GE(f.y(0), 70 - 1e-9);
    EXPECT_LE(f.y(L.height), 430 + 1e-9);
    // one side touches the margins (the largest fit), and the picture is centred
    EXPECT_TRUE(std::abs(f.x(L.width) - f.x(0) - 760) < 1e-9 || std::abs(f.y(L.height) - f.y(0) - 360) < 1e-9);
    EXPECT_NEAR(0.5 * (f.x(0) + f.x(L.width)), 500, 1e-9);
    const GraphFit z = fitGraph(L, 100, 50, 800, 400, 20, 2.0, 10, -5);
    EXPECT_NEAR(z.scale, 2 * f.scale, 1e-12);
    EXPECT_NEAR(0.5 * (z.x(0) + z.x(L.width)), 510, 1e-9);
    EXPECT_NEAR(0.5 * (z.y(0) + z.y(L.height)), 245, 1e-9);
}
