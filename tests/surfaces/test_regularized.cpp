// Surfaces plus λ₁(|x| + |y|) + λ₂(x² + y²): values, gradients (central differences away from the axes,
// torch's sign(0) = 0 on them), Hessians, minibatches, the tape recording, validation, and where the
// minimum of the penalized loss lies (L1: on an axis, L2: inside the quadrant).
#include "core/common/error.h"
#include "core/surfaces/regularized.h"

#include <cmath>
#include <gtest/gtest.h>

namespace dh {
namespace {

std::unique_ptr<Surface> penalized(const std::string& expr, double l1, double l2) {
    return regularizeSurface(makeExprSurface(expr), SurfaceRegularization{l1, l2});
}

TEST(Regularized, AddsThePenaltyToValueGradientAndHessian) {
    auto base = makeBuiltinSurface("rosenbrock");
    auto s = regularizeSurface(makeBuiltinSurface("rosenbrock"), {0.5, 0.25});
    for (const Eigen::Vector2d& p : {Eigen::Vector2d(0.3, -0.7), Eigen::Vector2d(-1.2, 1.1), Eigen::Vector2d(2, 0.4)}) {
        Eigen::Vector2d gb, g;
        const double fb = base->valueGrad(p, gb);
        const double f = s->valueGrad(p, g);
        const double penalty = 0.5 * (std::fabs(p.x()) + std::fabs(p.y())) + 0.25 * p.squaredNorm();
        EXPECT_DOUBLE_EQ(f, fb + penalty);
        EXPECT_DOUBLE_EQ(s->value(p), f);
        // ∂/∂x = ∂f/∂x + λ₁ sign x + 2λ₂ x
        EXPECT_DOUBLE_EQ(g.x(), gb.x() + 0.5 * (p.x() > 0 ? 1 : -1) + 0.5 * p.x());
        EXPECT_DOUBLE_EQ(g.y(), gb.y() + 0.5 * (p.y() > 0 ? 1 : -1) + 0.5 * p.y());
        const double h = 1e-6;
        const double fdx = (s->value(p + Eigen::Vector2d(h, 0)) - s->value(p - Eigen::Vector2d(h, 0))) / (2 * h);
        const double fdy = (s->value(p + Eigen::Vector2d(0, h)) - s->value(p - Eigen::Vector2d(0, h))) / (2 * h);
        EXPECT_NEAR(g.x(), fdx, 1e-5 * (1 + std::fabs(fdx)));
        EXPECT_NEAR(g.y(), fdy, 1e-5 * (1 + std::fabs(fdy)));
        Eigen::Matrix2d H = s->hessian(p), Hb = base->hessian(p);
        EXPECT_DOUBLE_EQ(H(0, 0), Hb(0, 0) + 0.5);
        EXPECT_DOUBLE_EQ(H(1, 1), Hb(1, 1) + 0.5);
        EXPECT_DOUBLE_EQ(H(0, 1), Hb(0, 1));
    }
}

TEST(Regularized, SubgradientZeroOnTheAxesLikeTorch) {
    auto s = penalized("x^2 + y^2", 1.0, 0.0);
    Eigen::Vector2d g;
    s->valueGrad({0.0, 0.0}, g);
    EXPECT_EQ(g, Eigen::Vector2d(0, 0)); // sign(0) = 0: the origin is a point where GD stops
    s->valueGrad({0.0, -2.0}, g);
    EXPECT_EQ(g, Eigen::Vector2d(0, -4 - 1));
}

TEST(Regularized, OffReturnsTheBaseUnchanged) {
    auto s = penalized("x^2 + y", 0, 0);
    EXPECT_EQ(s->formula, "x^2 + y");
    auto r = penalized("x^2 + y", 0.5, 0);
    EXPECT_EQ(r->formula, "x^2 + y + 0.5·(|x| + |y|)");
    auto b = regularizeSurface(makeBuiltinSurface("six_hump_camel"), {0, 2});
    EXPECT_TRUE(b->minima.empty()) << "the penalty moves the minima";
    EXPECT_EQ(b->name, "six_hump_camel");
    EXPECT_NE(b->formula.find("+ 2·(x² + y²)"), std::string::npos);
}

TEST(Regularized, ValidationNamesTheField) {
    for (double bad : {-1.0, std::nan(""), 1e7, double(INFINITY)}) {
        try {
            regularizeSurface(makeBuiltinSurface("booth"), {0, bad});
            ADD_FAILURE() << bad;
        } catch (const InputError& e) {
            EXPECT_NE(std::string(e.what()).find("regularization.l2"), std::string::npos) << e.what();
        }
    }
}

TEST(Regularized, MinibatchesGetThePenaltyToo) {
    auto base = makeBuiltinSurface("linreg");
    auto s = regularizeSurface(makeBuiltinSurface("linreg"), {0.1, 0.2});
    ASSERT_EQ(s->sampleCount(), 4);
    const int idx[2] = {1, 3};
    const Eigen::Vector2d p(0.3, -0.5);
    Eigen::Vector2d gb, g;
    const double fb = base->valueGradBatch(p, idx, 2, gb);
    const double f = s->valueGradBatch(p, idx, 2, g);
    EXPECT_DOUBLE_EQ(f, fb + 0.1 * 0.8 + 0.2 * 0.34);
    EXPECT_DOUBLE_EQ(g.x(), gb.x() + 0.1 + 0.4 * 0.3);
    EXPECT_DOUBLE_EQ(g.y(), gb.y() - 0.1 - 0.4 * 0.5);
    auto copy = s->clone();
    EXPECT_EQ(copy->value(p), s->value(p));
}

TEST(Regularized, RecordsOnATape) {
    auto s = regularizeSurface(makeBuiltinSurface("himmelblau"), {0.3, 0.7});
    for (const Eigen::Vector2d& p : {Eigen::Vector2d(0.4, -1.3), Eigen::Vector2d(-2.2, 0.9)}) {
        Tape t = recordSurface(*s, p);
        double g[2];
        const double f = t.valueGrad(p.x(), p.y(), g);
        Eigen::Vector2d gs;
        EXPECT_NEAR(f, s->valueGrad(p, gs), 1e-12 * std::fabs(f));
        EXPECT_NEAR(g[0], gs.x(), 1e-11 * (1 + std::fabs(gs.x())));
        EXPECT_NEAR(g[1], gs.y(), 1e-11 * (1 + std::fabs(gs.y())));
    }
}

// (x − 1)² + (y − 0.3)²: with λ₁ = 1 the minimum is the soft-threshold (1 − ½, max(0, 0.3 − ½)) =
// (0.5, 0), on the x axis: y is exactly 0. With λ₂ = 1 it is (1/2, 0.3/2) = (0.5, 0.15): shrunk, not zero.
TEST(Regularized, L1MinimumOnAnAxisL2Inside) {
    auto l1 = penalized("(x - 1)^2 + (y - 0.3)^2", 1, 0);
    auto l2 = penalized("(x - 1)^2 + (y - 0.3)^2", 0, 1);
    const Eigen::Vector2d m1(0.5, 0.0), m2(0.5, 0.15);
    for (double dx : {-1e-3, 0.0, 1e-3})
        for (double dy : {-1e-3, 0.0, 1e-3}) {
            if (dx == 0 && dy == 0) continue;
            EXPECT_GT(l1->value(m1 + Eigen::Vector2d(dx, dy)), l1->value(m1));
            EXPECT_GT(l2->value(m2 + Eigen::Vector2d(dx, dy)), l2->value(m2));
        }
    Eigen::Vector2d g;
    l2->valueGrad(m2, g);
    EXPECT_NEAR(g.norm(), 0, 1e-15);
    // At (0.5, 0) the L1 surface's gradient along x is 0 and along y it is the data term's −0.6 with the
    // subgradient sign(0) = 0: |−0.6| ≤ λ₁ = 1, so 0 is in the subdifferential (optimality).
    l1->valueGrad(m1, g);
    EXPECT_NEAR(g.x(), 0, 1e-15);
    EXPECT_NEAR(g.y(), -0.6, 1e-15);
}

} // namespace
} // namespace dh
