// Kinks of recorded functions: their places, one-sided slopes, jumps and the subgradient the tape uses
// there (torch's conventions), against the functions' derivatives written by hand.
#include "core/autodiff/expr_parser.h"
#include "core/lab/kinks.h"

#include <cmath>
#include <gtest/gtest.h>

using namespace dh;

namespace {

CompGraph graphOf(const std::string& expr) {
    return CompGraph(parseExpr(expr).tape, {"x", "y"});
}

} // namespace

TEST(Kinks, AbsHasOneSidedSlopesAndUsesZeroAtTheKink) {
    CompGraph g = graphOf("abs(x - 1) + x^2");
    const std::vector<Kink1D> k = findKinks1D(g, -3, 3.3, 0);
    ASSERT_EQ(k.size(), 1u);
    EXPECT_TRUE(k[0].exact);
    EXPECT_EQ(k[0].x, 1.0);
    EXPECT_EQ(k[0].op, "abs");
    EXPECT_NEAR(k[0].leftSlope, -1 + 2, 1e-6);
    EXPECT_NEAR(k[0].rightSlope, 1 + 2, 1e-6);
    EXPECT_EQ(k[0].usedSlope, 2.0); // abs′(0) = 0
    EXPECT_NEAR(k[0].jump, 0, 1e-6);
}

TEST(Kinks, AStepJumpsWithSlopeZeroAndAMaxSplitsItsTie) {
    CompGraph step = graphOf("step(x - 1) + x^2/100");
    std::vector<Kink1D> k = findKinks1D(step, -2.9, 3.1, 0);
    ASSERT_EQ(k.size(), 1u);
    EXPECT_EQ(k[0].x, 1.0);
    EXPECT_NEAR(k[0].jump, 1, 1e-6);
    EXPECT_NEAR(k[0].usedSlope, 0.02, 1e-12); // step′ = 0: only the bowl
    EXPECT_NEAR(k[0].leftSlope, 0.02, 1e-6);

    CompGraph mx = graphOf("max(x, 0.5)");
    k = findKinks1D(mx, -2.05, 2, 0);
    ASSERT_EQ(k.size(), 1u);
    EXPECT_EQ(k[0].x, 0.5);
    EXPECT_EQ(k[0].usedSlope, 0.5); // a tie splits the gradient half and half
    EXPECT_NEAR(k[0].leftSlope, 0, 1e-9);
    EXPECT_NEAR(k[0].rightSlope, 1, 1e-9);
}

TEST(Kinks, SmoothFunctionsHaveNoneAndSeveralKinksAreSorted) {
    CompGraph smooth = graphOf("sin(x) * y + x^2");
    EXPECT_TRUE(findKinks1D(smooth, -3, 3, 1).empty());
    CompGraph two = graphOf("relu(x + 1) + abs(x - 2)");
    const std::vector<Kink1D> k = findKinks1D(two, -3, 3, 0);
    ASSERT_EQ(k.size(), 2u);
    EXPECT_NEAR(k[0].x, -1, 1e-12);
    EXPECT_NEAR(k[1].x, 2, 1e-12);
    EXPECT_EQ(k[0].op, "relu");
}

TEST(Kinks, TheKinkCurveOfAbsYIsTheXAxis) {
    CompGraph g = graphOf("x^2/2 + abs(y)");
    const std::vector<Eigen::Vector2d> pts = findKinks2D(g, Domain{-2, 2, -1.5, 1.3}, 40, 41);
    ASSERT_EQ(pts.size(), 40u); // one crossing per grid column
    for (const Eigen::Vector2d& p : pts) EXPECT_NEAR(p.y(), 0, 1e-12);
    CompGraph circle = graphOf("abs(x^2 + y^2 - 1)");
    for (const Eigen::Vector2d& p : findKinks2D(circle, Domain{-2, 2, -2, 2}, 64, 64)) EXPECT_NEAR(p.norm(), 1, 0.01);
}
