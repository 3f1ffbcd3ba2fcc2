// Dual numbers: every operator against central differences (first derivatives on Dual2, second
// derivatives on nested duals), and torch's conventions at kinks and special values.
#include "core/autodiff/dual.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace dh {
namespace {

// Checks gradient and Hessian of f at (x, y) against central differences of f and of its gradient.
template <class F>
void checkAgainstDifferences(const F& f, double x, double y, const char* what) {
    SCOPED_TRACE(what);
    SCOPED_TRACE(::testing::Message() << "at (" << x << ", " << y << ")");
    Dual2 g = f(gradVariable(x, 0), gradVariable(y, 1));
    EXPECT_NEAR(g.v, f(x, y), 1e-14 * (1 + std::abs(g.v)));

    const double h = 1e-5;
    double fd[2] = {(f(x + h, y) - f(x - h, y)) / (2 * h), (f(x, y + h) - f(x, y - h)) / (2 * h)};
    for (int i = 0; i < 2; ++i)
        EXPECT_NEAR(g.d[i], fd[i], 1e-7 * (1 + std::abs(fd[i]))) << "d/d"
                                                                 << "xy"[i];

    HyperDual2 r = f(hessianVariable(x, 0), hessianVariable(y, 1));
    // The nested evaluation gives the same value and gradient, up to rounding.
    EXPECT_NEAR(r.v.v, g.v, 1e-14 * (1 + std::abs(g.v)));
    for (int i = 0; i < 2; ++i) {
        EXPECT_NEAR(r.d[i].v, g.d[i], 1e-13 * (1 + std::abs(g.d[i]))); // outer tangent = gradient
        EXPECT_NEAR(r.v.d[i], g.d[i], 1e-13 * (1 + std::abs(g.d[i]))); // inner tangent = gradient
    }
    // Hessian row j: central differences of the gradient along j.
    for (int j = 0; j < 2; ++j) {
        double dx = j == 0 ? h : 0, dy = j == 1 ? h : 0;
        Dual2 gp = f(gradVariable(x + dx, 0), gradVariable(y + dy, 1));
        Dual2 gm = f(gradVariable(x - dx, 0), gradVariable(y - dy, 1));
        for (int i = 0; i < 2; ++i) {
            double fdh = (gp.d[i] - gm.d[i]) / (2 * h);
            EXPECT_NEAR(r.d[i].d[j], fdh, 1e-6 * (1 + std::abs(fdh))) << "H(" << i << ", " << j << ")";
        }
    }
    EXPECT_NEAR(r.d[0].d[1], r.d[1].d[0], 1e-12 * (1 + std::abs(r.d[0].d[1])));
}

const double kPoints[][2] = {{0.3, 0.7}, {-0.8, 1.3}, {1.7, -0.45}, {-1.2, -2.1}};

#define CHECK_OP(name, expr)                                                                                           \
    TEST(Dual, name) {                                                                                                 \
        auto f = [](const auto& x, const auto& y) {                                                                    \
            using namespace scalar_math;                                                                               \
            return expr;                                                                                               \
        };                                                                                                             \
        for (const auto& p : kPoints) checkAgainstDifferences(f, p[0], p[1], #expr);                                   \
    }

CHECK_OP(Add, x + y)
CHECK_OP(AddScalar, (x + 2.5) * (1.5 + y))
CHECK_OP(Sub, x - y * y)
CHECK_OP(SubScalar, (x - 2.5) * (1.5 - y))
CHECK_OP(Neg, -(x* y))
CHECK_OP(Mul, x* y* x)
CHECK_OP(MulScalar, 3.0 * x * y * 0.5)
CHECK_OP(Div, x / (y * y + 1.0))
CHECK_OP(DivScalar, (x * y) / 3.0 + 2.0 / (x * x + 0.5))
CHECK_OP(Sin, sin(x* y))
CHECK_OP(Cos, cos(x + 2.0 * y))
CHECK_OP(Tan, tan(0.3 * x * y))
CHECK_OP(Exp, exp(x - 0.5 * y))
CHECK_OP(Log, log(x* x + y * y + 0.1))
CHECK_OP(Sqrt, sqrt(x* x + y * y + 0.1))
CHECK_OP(Abs, abs(x* y - 0.2))
CHECK_OP(Tanh, tanh(x - y))
CHECK_OP(Sigmoid, sigmoid(x* y))
// Piecewise: at the test points no argument is at its kink (x·y − 0.1 and x + 0.2 are never 0 there).
CHECK_OP(Relu, relu(x* y - 0.1) * x + relu(x + 0.2) * y)
CHECK_OP(Sign, sign(x* y - 0.1) * x * y + sign(x + 0.2))
CHECK_OP(Step, step(x* y - 0.1) * x * x + step(x + 0.2) * y)
CHECK_OP(PowScalarExponent, pow(x* x + 1.0, 1.7) + pow(y * y + 0.5, -0.5))
CHECK_OP(PowScalarBase, pow(2.5, x* y))
CHECK_OP(PowBoth, pow(x* x + 0.5, y))
CHECK_OP(Ipow, ipow<3>(x) * ipow<4>(y) + ipow<2>(x - y) + ipow<1>(x) + ipow<0>(y))
CHECK_OP(Min, min(x, y) + min(x * y, 0.25) + min(-0.5, y))
CHECK_OP(Max, max(x, y) + max(x * y, 0.25) + max(-0.5, y))
CHECK_OP(CompoundAssign, [&] {
    auto r = x;
    r += y;
    r *= x;
    r -= 0.5;
    r /= y + 3.0;
    r *= 2.0;
    return r;
}())

TEST(Dual, HessianMatchesClosedForm) {
    // f = sin(x)·exp(y): H = [[−sin x eʸ, cos x eʸ], [cos x eʸ, sin x eʸ]].
    double x = 0.7, y = -0.3;
    HyperDual2 r = sin(hessianVariable(x, 0)) * exp(hessianVariable(y, 1));
    EXPECT_DOUBLE_EQ(r.v.v, std::sin(x) * std::exp(y));
    EXPECT_DOUBLE_EQ(r.d[0].d[0], -std::sin(x) * std::exp(y));
    EXPECT_DOUBLE_EQ(r.d[0].d[1], std::cos(x) * std::exp(y));
    EXPECT_DOUBLE_EQ(r.d[1].d[0], std::cos(x) * std::exp(y));
    EXPECT_DOUBLE_EQ(r.d[1].d[1], std::sin(x) * std::exp(y));
}

TEST(Dual, ScalarValueAndComparisons) {
    HyperDual2 a = hessianVariable(1.5, 0), b = hessianVariable(-2.0, 1);
    EXPECT_EQ(scalarValue(a), 1.5);
    EXPECT_TRUE(b < a);
    EXPECT_TRUE(a > 1.0);
    EXPECT_TRUE(-3.0 < b);
    EXPECT_TRUE(a == 1.5);
    EXPECT_TRUE(a != b);
    EXPECT_TRUE(a >= a && a <= a);
}

// ---- torch conventions ----

TEST(Dual, AbsHasZeroDerivativeAtZero) {
    Dual2 r = abs(gradVariable(0.0, 0));
    EXPECT_EQ(r.v, 0);
    EXPECT_EQ(r.d[0], 0);
    EXPECT_EQ(abs(gradVariable(-2.0, 0)).d[0], -1);
}

TEST(Dual, ReluSignStepAtTheirKinkFollowTorch) {
    // relu'(0) = 0 (threshold_backward), sign' = step' = 0; step(0) = 0.
    Dual2 z = gradVariable(0.0, 0);
    EXPECT_EQ(relu(z).v, 0);
    EXPECT_EQ(relu(z).d[0], 0);
    EXPECT_EQ(relu(gradVariable(2.0, 0)).d[0], 1);
    EXPECT_EQ(relu(gradVariable(-2.0, 0)).d[0], 0);
    EXPECT_EQ(sign(z).v, 0);
    EXPECT_EQ(sign(gradVariable(-2.0, 0)).v, -1);
    EXPECT_EQ(sign(gradVariable(-2.0, 0)).d[0], 0);
    EXPECT_EQ(step(z).v, 0);
    EXPECT_EQ(step(gradVariable(1e-300, 0)).v, 1);
    EXPECT_EQ(step(gradVariable(1e-300, 0)).d[0], 0);
    HyperDual2 h = relu(hessianVariable(1.5, 0)) * relu(hessianVariable(1.5, 0));
    EXPECT_EQ(h.d[0].d[0], 2); // (x²)'' on the positive side
    EXPECT_EQ(scalar_math::relu(-1.0), 0);
    EXPECT_EQ(scalar_math::sign(-1.0), -1);
    EXPECT_EQ(scalar_math::step(0.0), 0);
    EXPECT_TRUE(std::isnan(scalar_math::sign(std::nan(""))));
    EXPECT_TRUE(std::isnan(step(gradVariable(std::nan(""), 0)).v));
}

TEST(Dual, MinMaxSplitTheDerivativeAtATie) {
    Dual2 x = gradVariable(1.0, 0), y = gradVariable(1.0, 1);
    Dual2 mn = min(x, y), mx = max(x, y);
    EXPECT_EQ(mn.v, 1);
    EXPECT_EQ(mn.d[0], 0.5);
    EXPECT_EQ(mn.d[1], 0.5);
    EXPECT_EQ(mx.d[0], 0.5);
    EXPECT_EQ(mx.d[1], 0.5);
    // Against a constant: half of the variable's derivative.
    EXPECT_EQ(max(x, 1.0).d[0], 0.5);
    // NaN propagates, as torch.minimum/maximum.
    Dual2 nan = gradVariable(std::numeric_limits<double>::quiet_NaN(), 0);
    EXPECT_TRUE(std::isnan(min(nan, y).v));
    EXPECT_TRUE(std::isnan(max(y, nan).v));
    EXPECT_TRUE(std::isnan(scalar_math::min(1.0, std::nan(""))));
    EXPECT_TRUE(std::isnan(scalar_math::max(std::nan(""), 1.0)));
    EXPECT_EQ(scalar_math::min(1.0, 2.0), 1.0);
    EXPECT_EQ(scalar_math::max(1.0, 2.0), 2.0);
}

TEST(Dual, PowSpecialCases) {
    Dual2 x = gradVariable(0.0, 0), y = gradVariable(2.0, 1);
    // d/dx x^0 = 0 even at 0 (torch masks exponent == 0).
    EXPECT_EQ(pow(x, 0.0).d[0], 0);
    EXPECT_EQ(pow(x, 0.0).v, 1);
    // d/db 0^b = 0 for b ≥ 0 (torch masks base == 0 and exponent >= 0), not 0·log 0 = NaN.
    Dual2 r = pow(x, y);
    EXPECT_EQ(r.v, 0);
    EXPECT_EQ(r.d[1], 0);
    EXPECT_EQ(r.d[0], 0); // 2·0^1
    EXPECT_EQ(pow(0.0, y).d[1], 0);
    // x^2 at x < 0: finite derivative 2x.
    EXPECT_EQ(pow(gradVariable(-3.0, 0), 2.0).d[0], -6);
    // 2^y: derivative 2^y·log 2.
    EXPECT_DOUBLE_EQ(pow(2.0, y).d[1], 4 * std::log(2.0));
}

TEST(Dual, SqrtAtZeroIsInfiniteLikeTorch) {
    Dual2 r = sqrt(gradVariable(0.0, 0));
    EXPECT_EQ(r.v, 0);
    EXPECT_TRUE(std::isinf(r.d[0]));
    // sqrt(x² + y²) at the origin: inf·0 = NaN, as torch autograd gives.
    Dual2 x = gradVariable(0.0, 0), y = gradVariable(0.0, 1);
    EXPECT_TRUE(std::isnan(sqrt(x * x + y * y).d[0]));
}

TEST(Dual, SigmoidAndTanhLimits) {
    EXPECT_EQ(scalar_math::sigmoid(0.0), 0.5);
    EXPECT_EQ(sigmoid(gradVariable(0.0, 0)).d[0], 0.25);
    EXPECT_EQ(sigmoid(gradVariable(-1000.0, 0)).v, 0);
    EXPECT_EQ(sigmoid(gradVariable(1000.0, 0)).v, 1);
    EXPECT_EQ(sigmoid(gradVariable(1000.0, 0)).d[0], 0);
    EXPECT_EQ(tanh(gradVariable(0.0, 0)).d[0], 1);
}

TEST(Dual, ConstantsHaveZeroTangents) {
    Dual2 c = 3.0;
    EXPECT_EQ(c.v, 3);
    EXPECT_EQ(c.d[0], 0);
    EXPECT_EQ(c.d[1], 0);
    HyperDual2 h = 2.0;
    EXPECT_EQ(h.v.v, 2);
    EXPECT_EQ(h.d[1].v, 0);
    EXPECT_EQ(h.v.d[0], 0);
}

} // namespace
} // namespace dh
