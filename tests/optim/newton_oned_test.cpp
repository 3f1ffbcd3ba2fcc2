// Issue 10, item 8: Newton on a function of x alone (its own file: trajectory_test.cpp replaces
// operator new to count allocations).
#include "core/optim/trajectory.h"
#include "core/surfaces/surface.h"

#include <gtest/gtest.h>

// Issue 10, item 8: Newton on a function of x alone takes Newton steps with f''(x), not gradient steps
// (the y row of the 2D Hessian is zero, so the 2D Hessian is never positive definite).
TEST(Trajectory, NewtonOnAFunctionOfXAloneUsesTheOneDimensionalHessian) {
    auto s = dh::makeExprSurface("x^4 - 3*x^2 + x"); // f' = 4x³ − 6x + 1, f'' = 12x² − 6
    ASSERT_TRUE(s->oneD);
    dh::OptimizerConfig newton = dh::torchDefaults(dh::OptimizerKind::Newton);
    dh::RunOptions run;
    run.start = Eigen::Vector2d(2, 0);
    run.steps = 3;
    dh::Trajectory t;
    dh::runTrajectory(*s, newton, run, t);
    double x = 2;
    for (int k = 1; k <= 3; ++k) {
        x -= (4 * x * x * x - 6 * x + 1) / (12 * x * x - 6); // f'' > 0 along this path (x > 1/√2)
        EXPECT_DOUBLE_EQ(t.x[size_t(k)].x(), x) << k;
        EXPECT_EQ(t.x[size_t(k)].y(), 0.0);
        EXPECT_EQ(t.newtonFallback[size_t(k)], 0) << k;
    }
}
