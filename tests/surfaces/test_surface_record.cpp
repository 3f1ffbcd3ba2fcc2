// Every surface recorded on a tape (for the computational graph) computes what the surface computes.
#include "core/autodiff/graph.h"
#include "core/surfaces/builtins.h"

#include <cmath>
#include <gtest/gtest.h>

namespace dh {
namespace {

TEST(SurfaceRecord, EveryBuiltinRecordsTheSameFunction) {
    const Eigen::Vector2d points[] = {{0.3, -0.7}, {-1.2, 1.1}, {1.7, 0.4}, {-0.45, -1.6}};
    for (const std::string& name : builtinSurfaceNames()) {
        SCOPED_TRACE(name);
        auto s = makeBuiltinSurface(name);
        for (const Eigen::Vector2d& p : points) {
            Tape t = recordSurface(*s, p);
            EXPECT_EQ(t.inputCount(), 2);
            double g[2];
            const double f = t.valueGrad(p.x(), p.y(), g);
            Eigen::Vector2d gs;
            const double fs = s->valueGrad(p, gs);
            EXPECT_NEAR(f, fs, 1e-13 * (1 + std::fabs(fs)));
            EXPECT_NEAR(g[0], gs.x(), 1e-12 * (1 + std::fabs(gs.x())));
            EXPECT_NEAR(g[1], gs.y(), 1e-12 * (1 + std::fabs(gs.y())));
        }
    }
}

TEST(SurfaceRecord, ParametersAndExpressionsToo) {
    auto r = makeBuiltinSurface("rosenbrock", {{"a", 2}, {"b", 10}});
    Tape t = recordSurface(*r, {0.5, 1.5});
    const double in[2] = {0.5, 1.5};
    EXPECT_DOUBLE_EQ(t.forward(in), (2 - 0.5) * (2 - 0.5) + 10 * (1.5 - 0.25) * (1.5 - 0.25));
    auto e = makeExprSurface("sin(x)*y + relu(x - y)");
    Tape te = recordSurface(*e, {1.0, 0.5});
    double g[2];
    EXPECT_DOUBLE_EQ(te.valueGrad(1.0, 0.5, g), std::sin(1.0) * 0.5 + 0.5);
    EXPECT_DOUBLE_EQ(g[0], std::cos(1.0) * 0.5 + 1);
    EXPECT_DOUBLE_EQ(g[1], std::sin(1.0) - 1);
}

TEST(SurfaceRecord, TheCamelsGraphSharesXSquared) {
    auto s = makeBuiltinSurface("six_hump_camel");
    CompGraph g(recordSurface(*s, {0, 1}), {"x", "y"});
    // (4 − 2.1x² + x⁴/3)x² + xy + (−4 + 4y²)y²: x² = x·x is one node with four outgoing edges (to 2.1x²,
    // twice to x⁴ = x²·x², to (…)·x²), and the gradient is the lecture's (1, 8) at (0, 1).
    EXPECT_EQ(g.gradient(), (std::vector<double>{1.0, 8.0}));
    int xSquared = -1;
    for (const GraphNode& n : g.nodes())
        if (n.op == Op::Mul && n.inputs == std::vector<int>{g.inputNode(0), g.inputNode(0)}) xSquared = n.id;
    ASSERT_GE(xSquared, 0);
    EXPECT_EQ(g.nodes()[size_t(xSquared)].outEdges.size(), 4u);
}

} // namespace
} // namespace dh
