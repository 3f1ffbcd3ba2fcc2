// makeExprSurface: typed expressions as Surfaces (the six-hump camel and Rosenbrock typed in,
// against their closed forms), metadata, 1D detection, clones, and parse errors.
#include "core/common/error.h"
#include "core/surfaces/surface.h"

#include <cmath>
#include <gtest/gtest.h>
#include <string>

namespace dh {
namespace {

const char* kCamel = "(4 - 2.1*x^2 + x^4/3)*x^2 + x*y + (-4 + 4*y^2)*y^2";

TEST(ExprSurface, TypedCamelMatchesTheLectureClosedForms) {
    std::unique_ptr<Surface> s = makeExprSurface(kCamel);
    for (const Eigen::Vector2d& p :
         {Eigen::Vector2d(0, 1), Eigen::Vector2d(0.0898, -0.7126), Eigen::Vector2d(-1.7, 0.8),
          Eigen::Vector2d(1.2, -0.3), Eigen::Vector2d(-2.5, -1.4)}) {
        const double x = p.x(), y = p.y();
        const double f = (4 - 2.1 * x * x + x * x * x * x / 3) * x * x + x * y + (-4 + 4 * y * y) * y * y;
        const Eigen::Vector2d grad(2 * std::pow(x, 5) - 8.4 * x * x * x + 8 * x + y, x + 16 * y * y * y - 8 * y);
        Eigen::Matrix2d H;
        H << 10 * std::pow(x, 4) - 25.2 * x * x + 8, 1, 1, 48 * y * y - 8;

        Eigen::Vector2d g;
        EXPECT_NEAR(s->value(p), f, 1e-12 * (1 + std::fabs(f)));
        EXPECT_NEAR(s->valueGrad(p, g), f, 1e-12 * (1 + std::fabs(f)));
        EXPECT_NEAR((g - grad).norm(), 0, 1e-12 * (1 + grad.norm()));
        EXPECT_NEAR((s->hessian(p) - H).norm(), 0, 1e-12 * (1 + H.norm()));
    }
    Eigen::Matrix2d H01;
    H01 << 8, 1, 1, 40;
    EXPECT_NEAR((s->hessian(Eigen::Vector2d(0, 1)) - H01).norm(), 0, 1e-13);
    // The known global minimum value, f = −1.0316 at ±(0.0898, −0.7126).
    EXPECT_NEAR(s->value(Eigen::Vector2d(0.0898, -0.7126)), -1.0316, 1e-4);
}

TEST(ExprSurface, TypedRosenbrock) {
    std::unique_ptr<Surface> s = makeExprSurface("(1 - x)^2 + 100*(y - x^2)^2");
    for (const Eigen::Vector2d& p : {Eigen::Vector2d(-1.2, 1.0), Eigen::Vector2d(1, 1), Eigen::Vector2d(0.3, -0.8)}) {
        const double x = p.x(), y = p.y();
        const Eigen::Vector2d grad(-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x));
        Eigen::Matrix2d H;
        H << 2 - 400 * (y - x * x) + 800 * x * x, -400 * x, -400 * x, 200;
        Eigen::Vector2d g;
        s->valueGrad(p, g);
        EXPECT_NEAR((g - grad).norm(), 0, 1e-12 * (1 + grad.norm()));
        EXPECT_NEAR((s->hessian(p) - H).norm(), 0, 1e-12 * (1 + H.norm()));
    }
}

TEST(ExprSurface, Metadata) {
    std::unique_ptr<Surface> s = makeExprSurface(kCamel);
    EXPECT_EQ(s->name, "expr");
    EXPECT_EQ(s->expression, kCamel);
    EXPECT_EQ(s->formula, kCamel);
    EXPECT_FALSE(s->oneD);
    EXPECT_EQ(s->domain.xMin, -3);
    EXPECT_EQ(s->domain.xMax, 3);
    EXPECT_EQ(s->domain.yMin, -3);
    EXPECT_EQ(s->domain.yMax, 3);
    EXPECT_EQ(s->defaultStart, Eigen::Vector2d(1.5, 1.0));
    EXPECT_TRUE(s->minima.empty());
    EXPECT_TRUE(s->params.empty());
    EXPECT_EQ(s->sampleCount(), 0);
}

TEST(ExprSurface, OneDimensional) {
    std::unique_ptr<Surface> s = makeExprSurface("x^2 - 2*x");
    EXPECT_TRUE(s->oneD);
    EXPECT_EQ(s->defaultStart, Eigen::Vector2d(1.5, 0.0));
    Eigen::Vector2d g;
    EXPECT_EQ(s->valueGrad(Eigen::Vector2d(3, 7), g), 3.0);
    EXPECT_EQ(g, Eigen::Vector2d(4, 0));
    Eigen::Matrix2d H = s->hessian(Eigen::Vector2d(3, 7));
    EXPECT_EQ(H(0, 0), 2.0);
    EXPECT_EQ(H(0, 1), 0.0);
    EXPECT_EQ(H(1, 1), 0.0);
}

TEST(ExprSurface, ClonesAreIndependent) {
    std::unique_ptr<Surface> a = makeExprSurface("sin(x)*y + x^3");
    std::unique_ptr<Surface> b = a->clone();
    EXPECT_EQ(b->expression, a->expression);
    const Eigen::Vector2d p(0.4, -1.1), q(-2.0, 0.5);
    Eigen::Vector2d ga, gb, ga2;
    const double fa = a->valueGrad(p, ga);
    const double fb = b->valueGrad(q, gb); // interleaved: b's workspace is not a's
    const double fa2 = a->valueGrad(p, ga2);
    EXPECT_EQ(fa, fa2);
    EXPECT_EQ(ga, ga2);
    EXPECT_DOUBLE_EQ(fb, std::sin(-2.0) * 0.5 - 8.0);
    EXPECT_DOUBLE_EQ(gb.y(), std::sin(-2.0));
}

TEST(ExprSurface, ParseErrorsAreInputErrorsWithTheColumn) {
    try {
        makeExprSurface("sin(x + y * 2");
        FAIL() << "no error";
    } catch (const InputError& e) {
        EXPECT_EQ(std::string(e.what()), "expected ')' at column 14");
    }
    EXPECT_THROW(makeExprSurface(""), InputError);
    EXPECT_THROW(makeExprSurface(std::string("x\0", 2)), InputError);
}

} // namespace
} // namespace dh
