// The scalar tape: every opcode against central differences (gradient, and the Hessian against
// differences of the gradient), torch's conventions at special points, the lecture's examples,
// replay versus fresh recording, and no allocation per replay.
#include "core/autodiff/tape.h"

#include <Eigen/Dense>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <gtest/gtest.h>
#include <limits>
#include <new>
#include <string>
#include <vector>

// Counts heap allocations so that the replay test can assert there are none. Weak, so that another
// test file in this binary may define its own operator new (ours then counts nothing and the
// allocation test skips itself rather than failing to link).
namespace {
std::atomic<long> g_allocations{0};
}
__attribute__((weak)) void* operator new(std::size_t n) {
    ++g_allocations;
    if (void* p = std::malloc(n ? n : 1)) return p;
    throw std::bad_alloc();
}
// The nothrow form too (std::stable_sort's buffer uses it): its memory comes back through the sized
// delete below, which must match the allocator.
__attribute__((weak)) void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
    ++g_allocations;
    return std::malloc(n ? n : 1);
}
__attribute__((weak)) void operator delete(void* p) noexcept {
    std::free(p);
}
__attribute__((weak)) void operator delete(void* p, std::size_t) noexcept {
    std::free(p);
}

namespace dh {
namespace {

using Build = std::function<Var(Var, Var)>;

struct Point {
    double x, y;
};

// f and derivatives by central differences of tape replays.
double fAt(Tape& t, double x, double y) {
    const double in[2] = {x, y};
    return t.forward(in);
}

void gradAt(Tape& t, double x, double y, double g[2]) {
    const double in[2] = {x, y};
    t.valueGrad(in, g);
}

void checkDerivatives(const std::string& what, const Build& build, const std::vector<Point>& points) {
    for (const Point& p : points) {
        SCOPED_TRACE(what + " at (" + std::to_string(p.x) + ", " + std::to_string(p.y) + ")");
        Tape t;
        Var x = t.input(p.x), y = t.input(p.y);
        Var f = build(x, y);
        const double recorded = f.value();

        double g[2], gh[2], H[4];
        const double in[2] = {p.x, p.y};
        const double v = t.valueGrad(in, g);
        const double vh = t.valueGradHessian(in, gh, H);
        EXPECT_EQ(v, recorded);
        EXPECT_NEAR(vh, v, 1e-15 * (1 + std::fabs(v)));
        for (int k = 0; k < 2; ++k) EXPECT_NEAR(gh[k], g[k], 1e-14 * (1 + std::fabs(g[k])));

        // ∇f against central differences of f.
        const double h = 1e-6;
        const double fdx = (fAt(t, p.x + h, p.y) - fAt(t, p.x - h, p.y)) / (2 * h);
        const double fdy = (fAt(t, p.x, p.y + h) - fAt(t, p.x, p.y - h)) / (2 * h);
        EXPECT_NEAR(g[0], fdx, 1e-6 * (1 + std::fabs(fdx)));
        EXPECT_NEAR(g[1], fdy, 1e-6 * (1 + std::fabs(fdy)));

        // ∇²f against central differences of the tape gradient: column j = (∇f(p + h e_j) − ∇f(p − h e_j)) / 2h.
        const double hh = 1e-5;
        double gp[2], gm[2];
        gradAt(t, p.x + hh, p.y, gp);
        gradAt(t, p.x - hh, p.y, gm);
        for (int i = 0; i < 2; ++i) {
            const double fd = (gp[i] - gm[i]) / (2 * hh);
            EXPECT_NEAR(H[i * 2 + 0], fd, 1e-5 * (1 + std::fabs(fd))) << "H(" << i << ",0)";
        }
        gradAt(t, p.x, p.y + hh, gp);
        gradAt(t, p.x, p.y - hh, gm);
        for (int i = 0; i < 2; ++i) {
            const double fd = (gp[i] - gm[i]) / (2 * hh);
            EXPECT_NEAR(H[i * 2 + 1], fd, 1e-5 * (1 + std::fabs(fd))) << "H(" << i << ",1)";
        }
    }
}

const std::vector<Point> kPoints = {{0.7, -1.3}, {-0.4, 0.9}, {1.9, 0.35}, {-1.2, -0.6}, {0.15, 2.1}};

// A smooth mix of both inputs, so unary operators see a nonlinear argument (exercises the chain rule
// and the second-order terms of the Hessian).
Var mix(Var x, Var y) {
    return 0.6 * x - 0.3 * y + 0.2 * x * y;
}
// Positive everywhere, for log and sqrt.
Var positive(Var x, Var y) {
    return 1.0 + x * x + 0.5 * y * y;
}

// Value, gradient and Hessian at one point (2 inputs).
struct Derivs {
    double f, g[2], H[4];
};
Derivs derivs(Tape& t, double x, double y) {
    Derivs d;
    const double in[2] = {x, y};
    d.f = t.valueGradHessian(in, d.g, d.H);
    return d;
}

TEST(Tape, BinaryOperators) {
    checkDerivatives(
        "a+b", [](Var x, Var y) { return x + y * y; }, kPoints);
    checkDerivatives(
        "a-b", [](Var x, Var y) { return x * x - y; }, kPoints);
    checkDerivatives(
        "a*b", [](Var x, Var y) { return x * y; }, kPoints);
    checkDerivatives(
        "a*a", [](Var x, Var y) { return x * x * y; }, kPoints);
    checkDerivatives(
        "a/b", [](Var x, Var y) { return x / (y + 3.0); }, kPoints);
    checkDerivatives(
        "a/b (b varies)", [](Var x, Var y) { return (x * y) / (x * x + 1.0); }, kPoints);
    checkDerivatives(
        "-a", [](Var x, Var y) { return -(x * y); }, kPoints);
}

TEST(Tape, ConstantOperators) {
    checkDerivatives(
        "a+c", [](Var x, Var y) { return x * y + 2.5; }, kPoints);
    checkDerivatives(
        "c+a", [](Var x, Var y) { return 2.5 + x * y; }, kPoints);
    checkDerivatives(
        "a-c", [](Var x, Var y) { return x * y - 2.5; }, kPoints);
    checkDerivatives(
        "c-a", [](Var x, Var y) { return 2.5 - x * y; }, kPoints);
    checkDerivatives(
        "a*c", [](Var x, Var y) { return (x * y) * 3.0; }, kPoints);
    checkDerivatives(
        "a/c", [](Var x, Var y) { return (x * y) / 3.0; }, kPoints);
    checkDerivatives(
        "c/a", [](Var x, Var y) { return 3.0 / positive(x, y); }, kPoints);
}

TEST(Tape, UnaryFunctions) {
    checkDerivatives(
        "sin", [](Var x, Var y) { return sin(mix(x, y)); }, kPoints);
    checkDerivatives(
        "cos", [](Var x, Var y) { return cos(mix(x, y)); }, kPoints);
    checkDerivatives(
        "tan", [](Var x, Var y) { return tan(0.5 * mix(x, y)); }, kPoints);
    checkDerivatives(
        "exp", [](Var x, Var y) { return exp(mix(x, y)); }, kPoints);
    checkDerivatives(
        "log", [](Var x, Var y) { return log(positive(x, y)); }, kPoints);
    checkDerivatives(
        "sqrt", [](Var x, Var y) { return sqrt(positive(x, y)); }, kPoints);
    checkDerivatives(
        "abs", [](Var x, Var y) { return abs(mix(x, y)) * x; }, kPoints);
    checkDerivatives(
        "tanh", [](Var x, Var y) { return tanh(mix(x, y)); }, kPoints);
    checkDerivatives(
        "sigmoid", [](Var x, Var y) { return sigmoid(mix(x, y)); }, kPoints);
    // Piecewise functions, at points away from their kink (mix = 0): relu is x there or 0, sign and step
    // are constants, so the differences see their derivative (1, 0 or 0) times the chain.
    checkDerivatives(
        "relu", [](Var x, Var y) { return relu(mix(x, y)) * x + relu(-mix(x, y)) * y; }, kPoints);
    checkDerivatives(
        "sign", [](Var x, Var y) { return sign(mix(x, y)) * x * y + sign(-y) * x; }, kPoints);
    checkDerivatives(
        "step", [](Var x, Var y) { return step(mix(x, y)) * x * x + step(y) * y; }, kPoints);
}

TEST(Tape, KinksFollowTorch) {
    // At the kink a = 0 (and on either side): relu'(0) = 0, abs'(0) = sign(0) = 0, sign' = step' = 0.
    auto grad = [](Var (*fn)(Var), double a) {
        Tape t;
        Var x = t.input(a), y = t.input(0);
        (void)y;
        Var f = fn(x);
        double g[2];
        const double v = t.valueGrad(a, 0, g);
        EXPECT_EQ(v, f.value());
        return std::pair<double, double>(v, g[0]);
    };
    using P = std::pair<double, double>;
    Var (*reluFn)(Var) = relu;
    Var (*signFn)(Var) = sign;
    Var (*stepFn)(Var) = step;
    Var (*absFn)(Var) = abs;
    EXPECT_EQ(grad(reluFn, 0.0), P(0.0, 0.0));
    EXPECT_EQ(grad(reluFn, -0.5), P(0.0, 0.0));
    EXPECT_EQ(grad(reluFn, 0.5), P(0.5, 1.0));
    EXPECT_EQ(grad(signFn, 0.0), P(0.0, 0.0));
    EXPECT_EQ(grad(signFn, -3.0), P(-1.0, 0.0));
    EXPECT_EQ(grad(signFn, 3.0), P(1.0, 0.0));
    EXPECT_EQ(grad(stepFn, 0.0), P(0.0, 0.0)); // step(0) = 0 = relu'(0)
    EXPECT_EQ(grad(stepFn, -1e-300), P(0.0, 0.0));
    EXPECT_EQ(grad(stepFn, 1e-300), P(1.0, 0.0));
    EXPECT_EQ(grad(absFn, 0.0), P(0.0, 0.0));
    EXPECT_EQ(grad(absFn, -2.0), P(2.0, -1.0));
    // Second derivatives of the piecewise-linear functions are 0; NaN propagates through the values.
    Tape t;
    Var x = t.input(), y = t.input();
    relu(x) * relu(x) + sign(y) + step(x * y);
    Derivs d = derivs(t, 1.5, -2.0);
    EXPECT_EQ(d.f, 2.25 - 1.0 + 0.0);
    EXPECT_EQ(d.g[0], 3.0);
    EXPECT_EQ(d.g[1], 0.0);
    EXPECT_EQ(d.H[0], 2.0);
    EXPECT_EQ(d.H[1], 0.0);
    EXPECT_EQ(d.H[3], 0.0);
    double g[2];
    for (Var (*fn)(Var) : {reluFn, signFn, stepFn}) {
        Tape n;
        Var a = n.input(), b = n.input();
        (void)b;
        fn(a);
        EXPECT_TRUE(std::isnan(n.valueGrad(std::nan(""), 0, g)));
    }
}

TEST(Tape, LocalPartialsPerEdge) {
    Tape t;
    Var x = t.input(3.0), y = t.input(-2.0);
    Var sq = x * x;          // two edges from x: ∂/∂a = x, ∂/∂b = x
    Var q = sq / y;          // ∂/∂a = 1/y, ∂/∂b = −(a/b)/b
    Var s = sin(q);          // cos q
    Var m = max(s, y);       // the selected argument gets 1
    Var c = pow(2.0, y);     // CPow: ∂/∂a = 2^y log 2, the log-c edge reports 0
    Var r = relu(y) + c + m; // relu at y < 0: 0
    double p[2];
    t.localPartials(sq.index(), p);
    EXPECT_EQ(p[0], 3.0);
    EXPECT_EQ(p[1], 3.0);
    t.localPartials(q.index(), p);
    EXPECT_DOUBLE_EQ(p[0], -0.5);
    EXPECT_DOUBLE_EQ(p[1], -(9.0 / -2.0) / -2.0);
    t.localPartials(s.index(), p);
    EXPECT_DOUBLE_EQ(p[0], std::cos(-4.5));
    EXPECT_EQ(p[1], 0.0);
    t.localPartials(m.index(), p);
    EXPECT_EQ(p[0], 1.0); // sin(−4.5) ≈ 0.98 > −2
    EXPECT_EQ(p[1], 0.0);
    t.localPartials(c.index(), p);
    EXPECT_DOUBLE_EQ(p[0], 0.25 * std::log(2.0));
    EXPECT_EQ(p[1], 0.0);
    t.localPartials(t.instructions()[r.index()].a, p); // relu(y) + c
    EXPECT_EQ(p[0], 1.0);
    EXPECT_EQ(p[1], 1.0);
    t.localPartials(x.index(), p); // an input has no arguments
    EXPECT_EQ(p[0], 0.0);
    EXPECT_EQ(p[1], 0.0);
}

TEST(Tape, OpNamesAndArity) {
    EXPECT_STREQ(opName(Op::Add), "add");
    EXPECT_STREQ(opName(Op::MulC), "mul_c");
    EXPECT_STREQ(opName(Op::Relu), "relu");
    EXPECT_STREQ(opName(Op::Pow), "pow");
    EXPECT_EQ(opArity(Op::Input), 0);
    EXPECT_EQ(opArity(Op::Mul), 2);
    EXPECT_EQ(opArity(Op::CPow), 2);
    EXPECT_EQ(opArity(Op::Step), 1);
    EXPECT_EQ(opArity(Op::Max), 2);
    EXPECT_TRUE(isNamedFunction(Op::Sign));
    EXPECT_TRUE(isNamedFunction(Op::Min));
    EXPECT_FALSE(isNamedFunction(Op::AddC));
}

TEST(Tape, MinMax) {
    checkDerivatives(
        "min", [](Var x, Var y) { return min(x * x, y * x); }, kPoints);
    checkDerivatives(
        "max", [](Var x, Var y) { return max(x * x, y * x); }, kPoints);
}

TEST(Tape, Powers) {
    for (double c : {2.0, 3.0, 4.0, 5.0, 7.0, 13.0, -1.0, -2.0, -3.0, -6.0, 0.5, -0.5, 2.5, 1.0 / 3.0, 70.0}) {
        checkDerivatives(
            "a^" + std::to_string(c), [c](Var x, Var y) { return pow(positive(x, y), c); }, kPoints);
    }
    for (double c : {2.0, 3.0, 4.0, 5.0, 11.0, -1.0, -2.0, -5.0}) { // integer exponents at negative bases too
        checkDerivatives(
            "(neg)^" + std::to_string(c), [c](Var x, Var y) { return pow(mix(x, y) - 2.0, c); }, kPoints);
    }
    for (double c : {2.0, 0.5, 2.718281828459045, 10.0})
        checkDerivatives(
            std::to_string(c) + "^a", [c](Var x, Var y) { return pow(c, mix(x, y)); }, kPoints);
    checkDerivatives(
        "a^b", [](Var x, Var y) { return pow(positive(x, y), mix(x, y)); }, kPoints);
    checkDerivatives(
        "a^b with a Var constant exponent", [](Var x, Var y) { return pow(positive(x, y), x.tape()->constant(3.0)); },
        kPoints);
}

TEST(Tape, CompoundAssignment) {
    checkDerivatives(
        "+= -= *= /=",
        [](Var x, Var y) {
            Var s = x;
            s += y;
            s *= x;
            s -= 2.0;
            s /= y + 4.0;
            s *= 3.0;
            s += 1.0;
            s -= x;
            s /= 2.0;
            return s;
        },
        kPoints);
}

TEST(Tape, PowerOfNegativeBaseIsFinite) {
    Tape t;
    Var x = t.input(), y = t.input();
    (void)y;
    pow(x, 2.0);
    Derivs d = derivs(t, -1.5, 0);
    EXPECT_EQ(d.f, 2.25);
    EXPECT_EQ(d.g[0], -3.0); // torch: 2·x^1
    EXPECT_EQ(d.H[0], 2.0);  // exact, no log of a negative number

    Tape t3;
    Var x3 = t3.input(), y3 = t3.input();
    (void)y3;
    pow(x3, 3.0);
    Derivs d3 = derivs(t3, -2.0, 0);
    EXPECT_EQ(d3.f, -8.0);
    EXPECT_EQ(d3.g[0], 12.0);
    EXPECT_EQ(d3.H[0], -12.0);
}

TEST(Tape, TorchConventionsAtSpecialPoints) {
    {
        Tape t; // abs: derivative sign(x), 0 at 0
        Var x = t.input(), y = t.input();
        (void)y;
        abs(x);
        EXPECT_EQ(derivs(t, 0, 0).g[0], 0.0);
        EXPECT_EQ(derivs(t, -2, 0).g[0], -1.0);
        EXPECT_EQ(derivs(t, 2, 0).g[0], 1.0);
    }
    {
        Tape t; // sqrt at 0: derivative +inf
        Var x = t.input(), y = t.input();
        (void)y;
        sqrt(x);
        double g[2];
        t.valueGrad(0.0, 0.0, g);
        EXPECT_EQ(g[0], std::numeric_limits<double>::infinity());
    }
    {
        Tape t; // x^0 = 1 with gradient 0, even at x = 0
        Var x = t.input(), y = t.input();
        pow(x, 0.0) * y;
        Derivs d = derivs(t, 0, 3);
        EXPECT_EQ(d.f, 3.0);
        EXPECT_EQ(d.g[0], 0.0);
        EXPECT_EQ(d.g[1], 1.0);
    }
    {
        Tape t; // 0^y: gradient 0 for y ≥ 0 (torch), value 0 for y > 0
        Var x = t.input(), y = t.input();
        (void)x;
        pow(0.0, y);
        Derivs d = derivs(t, 0, 2);
        EXPECT_EQ(d.f, 0.0);
        EXPECT_EQ(d.g[1], 0.0);
    }
    {
        Tape t; // a^b: ∂/∂b = 0 where a = 0 and b ≥ 0; ∂/∂a = 0 where b = 0
        Var x = t.input(), y = t.input();
        pow(x, y);
        Derivs d = derivs(t, 0, 2);
        EXPECT_EQ(d.g[1], 0.0);
        EXPECT_EQ(d.g[0], 0.0); // 2·0^1
        d = derivs(t, 0, 0);
        EXPECT_EQ(d.f, 1.0);
        EXPECT_EQ(d.g[0], 0.0);
        EXPECT_EQ(d.g[1], 0.0);
    }
    {
        Tape t; // tanh and sigmoid from their results, as torch
        Var x = t.input(), y = t.input();
        tanh(x) + sigmoid(y);
        double g[2];
        const double xv = 0.8, yv = -1.7;
        t.valueGrad(xv, yv, g);
        const double th = std::tanh(xv), s = 1.0 / (1.0 + std::exp(-yv));
        EXPECT_DOUBLE_EQ(g[0], 1.0 - th * th); // (the compiler may fuse a multiply-add differently here)
        EXPECT_DOUBLE_EQ(g[1], (1.0 - s) * s);
    }
}

TEST(Tape, MinMaxRouteTheGradientAndSplitTies) {
    Tape t;
    Var x = t.input(), y = t.input();
    Var m = min(x, y);
    Var M = max(x, y);
    m + 10.0 * M;
    double g[2];
    t.valueGrad(1.0, 2.0, g); // min = x, max = y
    EXPECT_EQ(g[0], 1.0);
    EXPECT_EQ(g[1], 10.0);
    t.valueGrad(3.0, 2.0, g); // min = y, max = x
    EXPECT_EQ(g[0], 10.0);
    EXPECT_EQ(g[1], 1.0);
    t.valueGrad(2.0, 2.0, g); // tie: half each (torch.minimum / torch.maximum)
    EXPECT_EQ(g[0], 5.5);
    EXPECT_EQ(g[1], 5.5);
    // NaN propagates like torch.maximum.
    EXPECT_TRUE(std::isnan(t.valueGrad(std::nan(""), 2.0, g)));
}

// The six-hump camel f = (4 − 2.1x² + x⁴/3)x² + xy + (−4 + 4y²)y² and the lecture's closed forms.
Var camel(Var x, Var y) {
    return (4.0 - 2.1 * pow(x, 2.0) + pow(x, 4.0) / 3.0) * pow(x, 2.0) + x * y +
           (-4.0 + 4.0 * pow(y, 2.0)) * pow(y, 2.0);
}

TEST(Tape, SixHumpCamelMatchesTheLectureClosedForms) {
    Tape t;
    Var x = t.input(), y = t.input();
    camel(x, y);
    for (const Point& p : {Point{0, 1}, Point{0.0898, -0.7126}, Point{-1.7, 0.8}, Point{1.2, -0.3}, Point{2.5, 1.4}}) {
        Derivs d = derivs(t, p.x, p.y);
        const double X = p.x, Y = p.y;
        const double f = (4 - 2.1 * X * X + X * X * X * X / 3) * X * X + X * Y + (-4 + 4 * Y * Y) * Y * Y;
        const double gx = 2 * std::pow(X, 5) - 8.4 * X * X * X + 8 * X + Y;
        const double gy = X + 16 * Y * Y * Y - 8 * Y;
        const double hxx = 10 * std::pow(X, 4) - 25.2 * X * X + 8, hyy = 48 * Y * Y - 8;
        EXPECT_NEAR(d.f, f, 1e-12 * (1 + std::fabs(f)));
        EXPECT_NEAR(d.g[0], gx, 1e-12 * (1 + std::fabs(gx)));
        EXPECT_NEAR(d.g[1], gy, 1e-12 * (1 + std::fabs(gy)));
        EXPECT_NEAR(d.H[0], hxx, 1e-12 * (1 + std::fabs(hxx)));
        EXPECT_NEAR(d.H[1], 1.0, 1e-12);
        EXPECT_NEAR(d.H[2], 1.0, 1e-12);
        EXPECT_NEAR(d.H[3], hyy, 1e-12 * (1 + std::fabs(hyy)));
    }
    Derivs d = derivs(t, 0, 1);
    EXPECT_DOUBLE_EQ(d.H[0], 8.0);
    EXPECT_DOUBLE_EQ(d.H[1], 1.0);
    EXPECT_DOUBLE_EQ(d.H[2], 1.0);
    EXPECT_DOUBLE_EQ(d.H[3], 40.0);
}

// The lecture's chain rule: f(y) = Σ_p y_p², g_p(x) = Σ_q w_pq x_q², ∇(f∘g)(u) = 4u ∘ (WᵀW(u∘u)).
// Three inputs, so the Hessian takes a two-column and a one-column replay.
TEST(Tape, LectureChainRuleExample) {
    Eigen::Matrix<double, 2, 3> W;
    W << 0.5, -1.0, 2.0, 1.5, 0.25, -0.75;
    const Eigen::Vector3d u(0.8, -1.1, 0.6);

    Tape t;
    std::vector<Var> in;
    for (int q = 0; q < 3; ++q) in.push_back(t.input(u[q]));
    Var f = t.constant(0.0);
    for (int p = 0; p < 2; ++p) {
        Var gp = t.constant(0.0);
        for (int q = 0; q < 3; ++q) gp = gp + W(p, q) * (in[q] * in[q]);
        f = f + gp * gp;
    }

    const Eigen::Vector3d uu = u.cwiseProduct(u);
    const Eigen::Matrix3d WtW = W.transpose() * W;
    const Eigen::Vector3d expected = 4 * u.cwiseProduct(WtW * uu);
    // ∇²(f∘g) = 4 diag(WᵀW(u∘u)) + 8 diag(u) WᵀW diag(u)
    const Eigen::Matrix3d expectedH =
        Eigen::Matrix3d((4 * (WtW * uu)).asDiagonal()) + 8 * u.asDiagonal() * WtW * u.asDiagonal();

    double g[3], H[9], gh[3];
    const double fv = t.valueGrad(u.data(), g);
    EXPECT_NEAR(fv, (W * uu).squaredNorm(), 1e-13);
    t.valueGradHessian(u.data(), gh, H);
    for (int q = 0; q < 3; ++q) {
        EXPECT_NEAR(g[q], expected[q], 1e-12) << q;
        EXPECT_NEAR(gh[q], expected[q], 1e-12) << q;
        for (int r = 0; r < 3; ++r) EXPECT_NEAR(H[q * 3 + r], expectedH(q, r), 1e-12) << q << "," << r;
    }
}

TEST(Tape, ReplayEqualsFreshRecording) {
    auto build = [](Var x, Var y) {
        return sin(x * y) + exp(-0.5 * pow(x, 2.0)) * sqrt(1.0 + y * y) - max(x, y) / (2.0 + tanh(x)) +
               pow(2.0, y) * abs(x - 0.3) + sigmoid(x - y) + log(1.0 + x * x) * cos(y) + min(x, 0.5 * y);
    };
    Tape replayed;
    Var x0 = replayed.input(0.1), y0 = replayed.input(0.2);
    build(x0, y0);
    for (const Point& p : kPoints) {
        Tape fresh;
        Var x = fresh.input(p.x), y = fresh.input(p.y);
        Var f = build(x, y);
        double gr[2], gf[2];
        const double vr = replayed.valueGrad(p.x, p.y, gr);
        const double vf = fresh.valueGrad(p.x, p.y, gf);
        EXPECT_EQ(vr, f.value());
        EXPECT_EQ(vr, vf);
        EXPECT_EQ(gr[0], gf[0]);
        EXPECT_EQ(gr[1], gf[1]);
    }
}

TEST(Tape, ConstantFoldingAndFusedOpcodes) {
    Tape t;
    Var x = t.input(), y = t.input();
    Var c = t.constant(2.0) * t.constant(3.0) + t.constant(1.0); // folded to 7
    EXPECT_EQ(t.instructions()[c.index()].op, Op::Const);
    EXPECT_EQ(c.value(), 7.0);
    EXPECT_EQ(t.instructions()[(x * c).index()].op, Op::MulC);
    EXPECT_EQ(t.instructions()[(c - x).index()].op, Op::RSubC);
    EXPECT_EQ(t.instructions()[pow(x, t.constant(2.0)).index()].op, Op::Square);
    EXPECT_EQ(t.instructions()[pow(t.constant(2.0), y).index()].op, Op::CPow);
    EXPECT_EQ(t.instructions()[pow(x, 4.0).index()].op, Op::PowInt);
    EXPECT_EQ(t.instructions()[pow(x, -1.0).index()].op, Op::PowInt);
    EXPECT_EQ(t.instructions()[pow(x, 2.5).index()].op, Op::PowC);
    EXPECT_EQ(t.instructions()[pow(x, 100.0).index()].op, Op::PowC);
    EXPECT_EQ(pow(x, 1.0).index(), x.index());
}

TEST(Tape, OptimizeSharesSubexpressionsAndDropsDeadNodes) {
    Tape t;
    Var x = t.input(), y = t.input();
    t.constant(42.0);                        // dead
    sin(y);                                  // dead
    Var f = x * x + sin(x) + x * x + sin(x); // x*x and sin(x) twice
    t.setOutput(f);
    const double in[2] = {0.7, -0.2};
    double g0[2];
    const double v0 = t.valueGrad(in, g0);
    t.optimize();
    // x, y, x*x, sin x, and the three additions collapse to: x*x + sin x, (x*x + sin x) + x*x, ... + sin x
    EXPECT_EQ(t.inputCount(), 2);
    EXPECT_EQ(t.size(), 2 + 2 + 3);
    double g1[2];
    EXPECT_EQ(t.valueGrad(in, g1), v0);
    EXPECT_NEAR(g1[0], g0[0], 1e-15);
    EXPECT_EQ(g1[1], 0.0);
}

TEST(Tape, OptimizeMovesLeavesFirstAndKeepsInputOrder) {
    Tape t;
    Var c = t.constant(3.0);
    Var a = t.input(1.0);
    Var s = sin(a);
    Var b = t.input(2.0); // recorded after an operation
    s* b + c;
    double before[2], after[2];
    const double in[2] = {0.4, -1.5};
    const double v = t.valueGrad(in, before);
    t.optimize();
    EXPECT_EQ(t.instructions()[0].op, Op::Input);
    EXPECT_EQ(t.instructions()[1].op, Op::Input);
    EXPECT_EQ(t.valueGrad(in, after), v);
    EXPECT_EQ(after[0], before[0]);
    EXPECT_EQ(after[1], before[1]);
    double H[4];
    t.valueGradHessian(in, after, H);
    EXPECT_NEAR(H[0], 1.5 * std::sin(0.4), 1e-15);
    EXPECT_NEAR(H[1], std::cos(0.4), 1e-15);
    EXPECT_EQ(H[3], 0.0);
}

TEST(Tape, ReplayDoesNotAllocate) {
    const long probe = g_allocations.load();
    delete new std::vector<double>(100);
    if (g_allocations.load() == probe) GTEST_SKIP() << "another operator new replaced the counting one";
    Tape t;
    Var x = t.input(), y = t.input();
    camel(x, y) + sin(x * y) + pow(2.0, y) + max(x, y);
    const double in[2] = {0.3, -0.4};
    double g[2], H[4];
    t.valueGradHessian(in, g, H); // the first Hessian sizes its workspace
    const long before = g_allocations.load();
    double sum = 0;
    for (int i = 0; i < 100; ++i) {
        const double p[2] = {0.01 * i, -0.02 * i};
        sum += t.forward(p);
        t.gradient(g);
        sum += t.valueGrad(p[0], p[1], g);
        sum += t.valueGradHessian(p, g, H);
    }
    EXPECT_EQ(g_allocations.load() - before, 0);
    EXPECT_TRUE(std::isfinite(sum));
}

TEST(Tape, CopiesAreIndependent) {
    Tape a;
    Var x = a.input(), y = a.input();
    x* y + sin(x);
    Tape b = a;
    double ga[2], gb[2];
    const double va = a.valueGrad(1.0, 2.0, ga);
    const double vb = b.valueGrad(-0.5, 3.0, gb);
    EXPECT_EQ(a.value(a.outputIndex()), va);
    EXPECT_EQ(b.value(b.outputIndex()), vb);
    EXPECT_EQ(ga[1], 1.0);
    EXPECT_EQ(gb[1], -0.5);
}

} // namespace
} // namespace dh
