// The computational graph: structure (one node per shared value, output last, topological), adjoints
// against central differences for every operation of the parser and torch's conventions at kinks,
// local partials against differences of the single operation, and the backward sweep's steps.
#include "core/autodiff/expr_parser.h"
#include "core/autodiff/graph.h"

#include <algorithm>
#include <cmath>
#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace dh {
namespace {

CompGraph graphOf(const std::string& text, double x, double y) {
    CompGraph g(parseExpr(text).tape, {"x", "y"});
    g.evaluate({x, y});
    return g;
}

double valueOf(const std::string& text, double x, double y) {
    Tape t = parseExpr(text).tape;
    const double in[2] = {x, y};
    return t.forward(in);
}

void expectTopological(const CompGraph& g) {
    for (const GraphNode& n : g.nodes()) {
        for (int a : n.inputs) EXPECT_LT(a, n.id) << n.label;
        if (n.id != g.outputId() && n.kind != GraphNodeKind::Input) {
            EXPECT_FALSE(n.outEdges.empty()) << "only the output (and unused inputs) feed nothing";
        }
    }
    EXPECT_TRUE(g.nodes().back().outEdges.empty());
}

TEST(Graph, AValueUsedTwiceIsOneNodeWithTwoOutgoingEdges) {
    CompGraph g = graphOf("x*y + sin(x*y)", 0.5, 2.0);
    ASSERT_EQ(g.size(), 5); // x, y, x·y, sin, +
    expectTopological(g);
    EXPECT_EQ(g.nodes()[0].label, "x");
    EXPECT_EQ(g.nodes()[1].label, "y");
    const GraphNode& xy = g.nodes()[2];
    EXPECT_EQ(xy.op, Op::Mul);
    EXPECT_EQ(xy.label, "×");
    EXPECT_EQ(xy.inputs, (std::vector<int>{0, 1}));
    EXPECT_EQ(xy.outEdges.size(), 2u);
    EXPECT_EQ(g.nodes().back().op, Op::Add);
    EXPECT_EQ(g.value(), 1.0 + std::sin(1.0));
    // ∂f/∂(xy) = 1 + cos(xy) = 1 + cos 1; ∂f/∂x = y(1 + cos 1), ∂f/∂y = x(1 + cos 1).
    EXPECT_DOUBLE_EQ(xy.adjoint, 1 + std::cos(1.0));
    EXPECT_DOUBLE_EQ(g.gradient()[0], 2.0 * (1 + std::cos(1.0)));
    EXPECT_DOUBLE_EQ(g.gradient()[1], 0.5 * (1 + std::cos(1.0)));
}

TEST(Graph, ANodeReadingOneValueTwiceHasTwoEdges) {
    CompGraph g = graphOf("x*x", 3.0, 0.0);
    const GraphNode& sq = g.nodes().back();
    ASSERT_EQ(sq.inputs, (std::vector<int>{0, 0}));
    EXPECT_EQ(g.edges()[size_t(sq.inEdges[0])].local, 3.0);
    EXPECT_EQ(g.edges()[size_t(sq.inEdges[1])].local, 3.0);
    EXPECT_EQ(g.nodes()[0].outEdges.size(), 2u);
    EXPECT_EQ(g.gradient()[0], 6.0);
    BackwardStep s = g.backwardStep(g.backwardStepCount() - 1); // x, the last in reverse order
    ASSERT_EQ(s.node, 0);
    ASSERT_EQ(s.terms.size(), 2u);
    EXPECT_EQ(s.terms[0].product + s.terms[1].product, 6.0);
}

TEST(Graph, LabelsCarryFoldedConstants) {
    CompGraph g = graphOf("2.5 - 3*x^3 / 4 + 2^y + min(x, 0.5) + x^2 - 1", 0.3, 0.7);
    std::vector<std::string> labels;
    for (const GraphNode& n : g.nodes()) labels.push_back(n.label);
    auto has = [&](const std::string& l) { return std::find(labels.begin(), labels.end(), l) != labels.end(); };
    EXPECT_TRUE(has("^3"));
    EXPECT_TRUE(has("× 3"));
    EXPECT_TRUE(has("÷ 4"));
    EXPECT_TRUE(has("2.5 −"));
    EXPECT_TRUE(has("2^"));
    EXPECT_TRUE(has("min"));
    EXPECT_TRUE(has("0.5")); // a constant operand of min stays a node
    EXPECT_TRUE(has("²"));
    EXPECT_TRUE(has("− 1"));
    EXPECT_FALSE(has(std::to_string(std::log(2.0)).substr(0, 5))) << "CPow's log(c) is not shown";
    expectTopological(g);
}

// Every operation the parser knows, in an expression whose argument is nonlinear in x and y, away from
// kinks: the graph's gradient (the adjoints of x and y) against central differences of f.
TEST(Graph, AdjointsMatchCentralDifferencesForEveryParserOperation) {
    const char* exprs[] = {"x + y*y",
                           "x*x - y",
                           "x*y",
                           "x/(y + 3)",
                           "-(x*y)",
                           "x^2*y",
                           "x^3 - y^-1",
                           "x^2.5 + y",
                           "2^(x*y)",
                           "x^y",
                           "pow(x, y)",
                           "x**3*y",
                           "sin(x*y)",
                           "cos(x + 2*y)",
                           "tan(0.3*x*y)",
                           "exp(x - 0.5*y)",
                           "log(x*x + y*y)",
                           "sqrt(x*x + y)",
                           "abs(x*y - 0.2)",
                           "tanh(x - y)",
                           "sigmoid(x*y)",
                           "relu(x*y - 0.1)*x",
                           "sign(x - y)*x*y",
                           "step(x*y - 0.1)*x*x",
                           "min(x*x, y)",
                           "max(x*x, y)",
                           "x*y + sin(x*y) + exp(-x*y)"};
    const double points[][2] = {{0.7, 1.3}, {1.4, 0.45}, {0.35, 2.1}, {1.9, 0.8}};
    for (const char* e : exprs)
        for (const auto& p : points) {
            SCOPED_TRACE(std::string(e) + " at (" + std::to_string(p[0]) + ", " + std::to_string(p[1]) + ")");
            CompGraph g = graphOf(e, p[0], p[1]);
            const double h = 1e-6;
            const double fdx = (valueOf(e, p[0] + h, p[1]) - valueOf(e, p[0] - h, p[1])) / (2 * h);
            const double fdy = (valueOf(e, p[0], p[1] + h) - valueOf(e, p[0], p[1] - h)) / (2 * h);
            EXPECT_NEAR(g.gradient()[0], fdx, 1e-6 * (1 + std::fabs(fdx)));
            EXPECT_NEAR(g.gradient()[1], fdy, 1e-6 * (1 + std::fabs(fdy)));
            EXPECT_NEAR(g.value(), valueOf(e, p[0], p[1]), 1e-15 * (1 + std::fabs(g.value())));
            expectTopological(g);
        }
}

// At a kink the derivative is torch's convention, not the mean of the one-sided slopes that a central
// difference would give.
TEST(Graph, KinksFollowTorch) {
    struct Case {
        const char* expr;
        double x, y, dfdx, dfdy;
    };
    const Case cases[] = {
        {"relu(x)", 0, 0, 0, 0},           // relu'(0) = 0
        {"relu(x - y)", 1, 1, 0, 0},       //
        {"abs(x)", 0, 0, 0, 0},            // abs'(0) = sign(0) = 0
        {"abs(x*y)", 0, 3, 0, 0},          //
        {"sign(x) + sign(y)", 0, 2, 0, 0}, // sign' = 0 everywhere
        {"step(x)*y", 0, 5, 0, 0},         // step' = 0, step(0) = 0
        {"step(x)*y", 1, 5, 0, 1},         //
        {"max(x, y)", 1, 1, 0.5, 0.5},     // a tie splits the gradient (torch.maximum)
        {"min(x, y)", 2, 2, 0.5, 0.5},     //
        {"relu(x)*relu(x)", 0, 0, 0, 0},   //
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.expr);
        CompGraph g = graphOf(c.expr, c.x, c.y);
        EXPECT_EQ(g.gradient()[0], c.dfdx);
        EXPECT_EQ(g.gradient()[1], c.dfdy);
    }
}

// Each edge's local partial against a central difference of its own operation, the other argument held.
double replayOp(const GraphNode& n, double a, double b) {
    Tape t;
    Var A = t.input(a), B = t.input(b);
    if (n.inputs.size() == 2) return t.record(n.op, A, B, n.constant).value();
    return t.record(n.op, A, {}, n.constant).value();
}

TEST(Graph, LocalPartialsMatchTheOperationsDifferences) {
    const char* exprs[] = {"x*y/(x + y) - sin(x)*y^3 + 2^x + x^y + sqrt(y) + log(x) + tanh(x*y) + x*x",
                           "sigmoid(x - y) * exp(y) / (1 + x*x) + min(x, y*y) + max(0.25, x*y) - 3/x + x^2.5",
                           "relu(x - y) + abs(y - x) * cos(x) - tan(y/4) + 1.5^y + x^-2 - (7 - x)"};
    for (const char* e : exprs) {
        SCOPED_TRACE(e);
        CompGraph g = graphOf(e, 0.8, 1.3);
        for (const GraphEdge& edge : g.edges()) {
            const GraphNode& to = g.nodes()[size_t(edge.to)];
            const double a = g.nodes()[size_t(to.inputs[0])].value;
            const double b = to.inputs.size() > 1 ? g.nodes()[size_t(to.inputs[1])].value : 0.0;
            const double h = 1e-6;
            const double fd = edge.slot == 0 ? (replayOp(to, a + h, b) - replayOp(to, a - h, b)) / (2 * h)
                                             : (replayOp(to, a, b + h) - replayOp(to, a, b - h)) / (2 * h);
            EXPECT_NEAR(edge.local, fd, 1e-6 * (1 + std::fabs(fd))) << to.label << " slot " << edge.slot;
            EXPECT_DOUBLE_EQ(replayOp(to, a, b), to.value) << to.label;
        }
        // The chain rule at every node: adj(n) = Σ adj(m)·∂m/∂n over its outgoing edges.
        for (int k = 1; k < g.backwardStepCount(); ++k) {
            BackwardStep s = g.backwardStep(k);
            double sum = 0;
            for (const ChainTerm& t : s.terms) sum += t.product;
            EXPECT_NEAR(sum, s.adjoint, 1e-13 * (1 + std::fabs(s.adjoint))) << g.nodes()[size_t(s.node)].label;
        }
    }
}

TEST(Graph, BackwardStepsGoFromTheOutputToTheInputs) {
    CompGraph g = graphOf("x*y + sin(x*y)", 0.5, 2.0);
    ASSERT_EQ(g.backwardStepCount(), 5);
    BackwardStep first = g.backwardStep(0);
    EXPECT_EQ(first.node, g.outputId());
    EXPECT_EQ(first.adjoint, 1.0);
    EXPECT_TRUE(first.terms.empty());
    for (int k = 0; k < g.backwardStepCount(); ++k) {
        BackwardStep s = g.backwardStep(k);
        EXPECT_FALSE(g.adjointKnown(s.node, k));
        EXPECT_TRUE(g.adjointKnown(s.node, k + 1));
        for (const ChainTerm& t : s.terms) EXPECT_TRUE(g.adjointKnown(t.consumer, k)) << "consumers come first";
    }
    // The shared node x·y: two terms, adj(+)·1 and adj(sin)·cos(xy), with the numbers.
    int xyStep = -1;
    for (int k = 0; k < g.backwardStepCount(); ++k)
        if (g.backwardStep(k).node == 2) xyStep = k;
    BackwardStep s = g.backwardStep(xyStep);
    ASSERT_EQ(s.terms.size(), 2u);
    double fromSum = 0, fromSin = 0;
    for (const ChainTerm& t : s.terms) {
        if (g.nodes()[size_t(t.consumer)].op == Op::Add) fromSum = t.product;
        if (g.nodes()[size_t(t.consumer)].op == Op::Sin) {
            fromSin = t.product;
            EXPECT_DOUBLE_EQ(t.consumerAdjoint, 1.0);
            EXPECT_DOUBLE_EQ(t.local, std::cos(1.0));
        }
    }
    EXPECT_EQ(fromSum, 1.0);
    EXPECT_DOUBLE_EQ(fromSin, std::cos(1.0));
    EXPECT_TRUE(g.adjointKnown(0, 5));
    EXPECT_FALSE(g.adjointKnown(0, 0));
}

TEST(Graph, EvaluateMovesThePointAndKeepsTheStructure) {
    CompGraph g = graphOf("x^2 + 3*x*y", 1.0, 1.0);
    const int size = g.size();
    const size_t edges = g.edges().size();
    g.evaluate({2.0, -1.0});
    EXPECT_EQ(g.size(), size);
    EXPECT_EQ(g.edges().size(), edges);
    EXPECT_EQ(g.value(), 4.0 - 6.0);
    EXPECT_EQ(g.gradient()[0], 4.0 - 3.0);
    EXPECT_EQ(g.gradient()[1], 6.0);
}

TEST(Graph, OutputThatIsAnInputOrAConstant) {
    CompGraph g = graphOf("x", 4.0, 5.0);
    EXPECT_EQ(g.nodes().back().label, "x");
    EXPECT_EQ(g.inputNode(0), g.outputId());
    EXPECT_EQ(g.gradient(), (std::vector<double>{1.0, 0.0}));
    CompGraph c = graphOf("2*3", 4.0, 5.0);
    EXPECT_EQ(c.value(), 6.0);
    EXPECT_EQ(c.gradient(), (std::vector<double>{0.0, 0.0}));
    EXPECT_EQ(c.nodes().back().kind, GraphNodeKind::Constant);
}

} // namespace
} // namespace dh
