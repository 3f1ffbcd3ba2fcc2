// The course's exercises: each graph's gradient against the hand formula at several points, and the
// pieces of the paper solution (∇f = 2y, the Jacobian Dg, the two paths' terms) against their
// definitions.
#include "core/autodiff/exercises.h"

#include <cmath>
#include <gtest/gtest.h>
#include <random>

namespace dh::exercise {
namespace {

double nearTol(double v) {
    return 1e-12 * (1 + std::fabs(v));
}

TEST(Exercises, MatrixChainRuleAtSeveralPoints) {
    std::mt19937 rng(3);
    std::uniform_real_distribution<double> U(-2, 2);
    for (int trial = 0; trial < 8; ++trial) {
        MatrixChain m;
        if (trial > 0) {
            for (int i = 0; i < 6; ++i) m.W.data()[i] = U(rng);
            m.u = Eigen::Vector2d(U(rng), U(rng));
        }
        SCOPED_TRACE(trial);
        // y = g(u): y_p = Σ_q w_pq u_q²
        for (int p = 0; p < 3; ++p)
            EXPECT_NEAR(m.y()[p], m.W(p, 0) * m.u[0] * m.u[0] + m.W(p, 1) * m.u[1] * m.u[1], 1e-14);
        EXPECT_EQ(m.gradF(), 2 * m.y());
        // Dg(u) against central differences of g
        for (int q = 0; q < 2; ++q) {
            MatrixChain a = m, b = m;
            const double h = 1e-6;
            a.u[q] += h;
            b.u[q] -= h;
            const Eigen::Vector3d fd = (a.y() - b.y()) / (2 * h);
            for (int p = 0; p < 3; ++p) EXPECT_NEAR(m.jacobianG()(p, q), fd[p], 1e-7 * (1 + std::fabs(fd[p])));
        }
        // The product of the two and the closed form 4u ⊙ (WᵀW(u ⊙ u)), and the graph's adjoints.
        const Eigen::Vector2d closed = m.closedForm();
        CompGraph g = m.graph();
        EXPECT_NEAR(g.value(), m.f(), nearTol(m.f()));
        for (int q = 0; q < 2; ++q) {
            EXPECT_NEAR(m.chainProduct()[q], closed[q], nearTol(closed[q]));
            EXPECT_NEAR(g.gradient()[size_t(q)], closed[q], nearTol(closed[q]));
        }
    }
}

TEST(Exercises, MatrixChainGraphSharesEachSquaredInput) {
    MatrixChain m;
    CompGraph g = m.graph();
    EXPECT_EQ(g.inputNames(), (std::vector<std::string>{"u1", "u2"}));
    int shared = 0;
    for (const GraphNode& n : g.nodes())
        if (n.op == Op::Square && n.inputs.size() == 1 && g.nodes()[size_t(n.inputs[0])].kind == GraphNodeKind::Input) {
            EXPECT_EQ(n.outEdges.size(), 3u) << "u_q² feeds g_1, g_2 and g_3";
            ++shared;
        }
    EXPECT_EQ(shared, 2);
    // The default numbers: u = (1, 2), u ⊙ u = (1, 4), y = W(1, 4) = (−3, 4, 11).
    EXPECT_EQ(m.y(), Eigen::Vector3d(-3, 4, 11));
    EXPECT_EQ(m.f(), 9.0 + 16.0 + 121.0);
}

TEST(Exercises, TwoPathsAdd) {
    for (const Eigen::Vector2d& x : {Eigen::Vector2d(0.8, 1.5), Eigen::Vector2d(-1.2, 0.7), Eigen::Vector2d(2, 2)}) {
        TwoPaths e;
        e.x = x;
        CompGraph g = e.graph();
        const Eigen::Vector2d closed = e.closedForm();
        const double f = x[0] * x[1];
        EXPECT_NEAR(g.value(), f * std::sin(f), 1e-15);
        EXPECT_NEAR(e.h(), f * std::sin(f), 1e-15);
        for (int k = 0; k < 2; ++k) {
            EXPECT_NEAR(g.gradient()[size_t(k)], closed[k], nearTol(closed[k]));
            EXPECT_NEAR((e.pathA() + e.pathB())[k], closed[k], nearTol(closed[k]));
        }
        // The node f = x·y has two consumers; its backward step's two terms are ∂g/∂a and ∂g/∂b.
        int fNode = -1;
        for (const GraphNode& n : g.nodes())
            if (n.op == Op::Mul && n.inputs == std::vector<int>{g.inputNode(0), g.inputNode(1)}) fNode = n.id;
        ASSERT_GE(fNode, 0);
        EXPECT_EQ(g.nodes()[size_t(fNode)].outEdges.size(), 2u);
        for (int k = 0; k < g.backwardStepCount(); ++k) {
            BackwardStep s = g.backwardStep(k);
            if (s.node != fNode) continue;
            ASSERT_EQ(s.terms.size(), 2u);
            double a = 0, b = 0;
            for (const ChainTerm& t : s.terms) (g.nodes()[size_t(t.consumer)].op == Op::Sin ? b : a) = t.product;
            EXPECT_NEAR(a, std::sin(f), 1e-15);          // through g's first argument
            EXPECT_NEAR(b, f * std::cos(f), nearTol(b)); // through sin, the second
            EXPECT_NEAR(s.adjoint, e.dg().sum(), nearTol(s.adjoint));
        }
    }
}

TEST(Exercises, TwoLayerLinearNetworkGradients) {
    std::mt19937 rng(5);
    std::uniform_real_distribution<double> U(-1, 1);
    for (int trial = 0; trial < 5; ++trial) {
        TwoLayerLinear n;
        if (trial > 0) { // other sizes: D inputs, H hidden units, L samples
            const int D = 1 + trial % 3, H = 2 + trial, L = 3 + trial;
            n.W1 = Eigen::MatrixXd::NullaryExpr(H, D, [&] { return U(rng); });
            n.w2 = Eigen::VectorXd::NullaryExpr(H, [&] { return U(rng); });
            n.X = Eigen::MatrixXd::NullaryExpr(L, D, [&] { return 3 * U(rng); });
            n.d = Eigen::VectorXd::NullaryExpr(L, [&] { return 2 * U(rng); });
        }
        SCOPED_TRACE(trial);
        // f(x, w) = Σ_i Σ_j w2_i w1_ij x_j written out
        Eigen::VectorXd f(n.X.rows());
        for (Eigen::Index l = 0; l < n.X.rows(); ++l) {
            f[l] = 0;
            for (Eigen::Index i = 0; i < n.W1.rows(); ++i)
                for (Eigen::Index j = 0; j < n.W1.cols(); ++j) f[l] += n.w2[i] * n.W1(i, j) * n.X(l, j);
            EXPECT_NEAR(n.outputs()[l], f[l], 1e-13);
        }
        CompGraph g = n.graph();
        EXPECT_NEAR(g.value(), n.loss(), nearTol(n.loss()));
        EXPECT_NEAR(n.loss(), (n.d - f).squaredNorm() / double(n.d.size()), 1e-13);
        const std::vector<double> grad = g.gradient();
        ASSERT_EQ(grad.size(), size_t(n.W1.size() + n.w2.size()));
        size_t k = 0;
        for (Eigen::Index i = 0; i < n.W1.rows(); ++i)
            for (Eigen::Index j = 0; j < n.W1.cols(); ++j, ++k)
                EXPECT_NEAR(grad[k], n.gradW1()(i, j), nearTol(grad[k])) << "w1_" << i << j;
        for (Eigen::Index i = 0; i < n.w2.size(); ++i, ++k)
            EXPECT_NEAR(grad[k], n.gradW2()[i], nearTol(grad[k])) << "w2_" << i;
    }
    // The lecture's data: f = (0.5·1 − 0.25·0.5)x = 0.375x.
    TwoLayerLinear lecture;
    EXPECT_EQ(lecture.outputs(), Eigen::Vector4d(0.75, 1.5, 2.25, 3.0));
    EXPECT_EQ(lecture.graph().inputNames(), (std::vector<std::string>{"w1_11", "w1_21", "w2_1", "w2_2"}));
    EXPECT_LE(lecture.graph().size(), 80) << "readable in the graph lab";
}

} // namespace
} // namespace dh::exercise
