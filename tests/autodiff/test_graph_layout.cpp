// The layered layout: no two boxes overlap, every edge runs left to right through lanes that miss the
// boxes, layers are respected (inputs left, output alone on the right), crossings are reduced, and a
// graph of ~80 nodes stays within a readable size.
#include "core/autodiff/expr_parser.h"
#include "core/autodiff/graph_layout.h"

#include <cmath>
#include <gtest/gtest.h>
#include <string>

namespace dh {
namespace {

CompGraph graphOf(const std::string& text) {
    return CompGraph(parseExpr(text).tape, {"x", "y"});
}

// ~80 nodes: a sum of terms that share subexpressions across layers of different depths.
std::string bigExpression() {
    std::string e = "x*y";
    for (int k = 1; k <= 7; ++k) {
        const std::string c = std::to_string(k);
        e += " + sin(" + c + "*x - y/" + c + ")*exp(-x*y/" + c + ")";
        if (k % 3 == 0) e += " + relu(x - " + c + ")^2 + max(x*y, " + c + "*y)";
    }
    return e;
}

bool overlap(const LayoutBox& a, const LayoutBox& b) {
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

void checkLayout(const CompGraph& g, const GraphLayout& L, const GraphLayoutOptions& o) {
    ASSERT_EQ(L.boxes.size(), size_t(g.size()));
    ASSERT_EQ(L.routes.size(), g.edges().size());
    for (size_t i = 0; i < L.boxes.size(); ++i) {
        const LayoutBox& b = L.boxes[i];
        EXPECT_GE(b.x, 0);
        EXPECT_GE(b.y, -1e-9);
        EXPECT_LE(b.x + b.w, L.width + 1e-9);
        EXPECT_LE(b.y + b.h, L.height + 1e-9);
        EXPECT_DOUBLE_EQ(b.x, b.layer * (o.nodeWidth + o.layerGap)) << "one column per layer";
        for (size_t j = i + 1; j < L.boxes.size(); ++j) {
            EXPECT_FALSE(overlap(b, L.boxes[j])) << g.nodes()[i].label << " and " << g.nodes()[j].label;
            if (b.layer == L.boxes[j].layer) { // kept apart by at least the gap
                EXPECT_GE(std::fabs(b.centerY() - L.boxes[j].centerY()), o.nodeHeight + o.nodeGap - 1e-9);
            }
        }
    }
    // Layers: inputs on the left, the output alone on the right, every edge to a higher layer.
    for (int k = 0; k < g.inputCount(); ++k) EXPECT_EQ(L.boxes[size_t(g.inputNode(k))].layer, 0);
    const int last = L.boxes[size_t(g.outputId())].layer;
    EXPECT_EQ(last, L.layerCount - 1);
    if (g.nodes().back().kind == GraphNodeKind::Operation) {
        for (int i = 0; i < g.outputId(); ++i) EXPECT_LT(L.boxes[size_t(i)].layer, last);
    }
    for (size_t e = 0; e < g.edges().size(); ++e) {
        const GraphEdge& edge = g.edges()[e];
        const LayoutBox &from = L.boxes[size_t(edge.from)], &to = L.boxes[size_t(edge.to)];
        EXPECT_LT(from.layer, to.layer);
        const std::vector<LayoutPoint>& r = L.routes[e];
        ASSERT_GE(r.size(), 2u);
        EXPECT_DOUBLE_EQ(r.front().x, from.x + from.w);
        EXPECT_DOUBLE_EQ(r.front().y, from.centerY());
        EXPECT_DOUBLE_EQ(r.back().x, to.x);
        EXPECT_GT(r.back().y, to.y);
        EXPECT_LT(r.back().y, to.y + to.h);
        for (size_t k = 1; k < r.size(); ++k) EXPECT_GT(r[k].x, r[k - 1].x) << "edge " << e << " runs left to right";
        // A lane (the horizontal segments inside a layer's column) misses every box of that column.
        for (size_t k = 1; k + 1 < r.size(); k += 2) {
            for (const LayoutBox& b : L.boxes)
                if (b.x == r[k].x) {
                    EXPECT_FALSE(r[k].y > b.y && r[k].y < b.y + b.h)
                        << "edge " << e << " crosses a box in layer " << b.layer;
                }
        }
    }
}

TEST(GraphLayout, SmallGraphsAreValid) {
    GraphLayoutOptions o;
    for (const char* e : {"x*y + sin(x*y)", "x*x", "x", "(4 - 2.1*x^2 + x^4/3)*x^2 + x*y + (-4 + 4*y^2)*y^2",
                          "min(x, 0.5) + 2^y", "exp(sin(cos(tan(x)))) + y"}) {
        SCOPED_TRACE(e);
        CompGraph g = graphOf(e);
        checkLayout(g, layoutGraph(g, o), o);
    }
}

TEST(GraphLayout, EightyNodesStayReadable) {
    CompGraph g = graphOf(bigExpression());
    EXPECT_GE(g.size(), 70);
    EXPECT_LE(g.size(), 110);
    GraphLayoutOptions o;
    GraphLayout L = layoutGraph(g, o);
    checkLayout(g, L, o);
    // Readable: at most ~20 boxes tall in its tallest column, not a single tall stack.
    EXPECT_LE(L.height, 22 * (o.nodeHeight + o.nodeGap)) << g.size() << " nodes, " << L.layerCount << " layers";
}

TEST(GraphLayout, BarycentricSweepsRemoveAvoidableCrossings) {
    // Recorded as cos(y) then sin(x): in recording order the edges x → sin and y → cos cross.
    Tape t;
    Var x = t.input(0.3), y = t.input(0.4);
    Var c = cos(y), s = sin(x);
    t.setOutput(c * s + c);
    CompGraph g(t, {"x", "y"});
    GraphLayout L = layoutGraph(g);
    EXPECT_EQ(L.crossings, 0);
    const LayoutBox& bx = L.boxes[size_t(g.inputNode(0))];
    const LayoutBox& by = L.boxes[size_t(g.inputNode(1))];
    EXPECT_LT(bx.y, by.y) << "x stays above y";
    int sinId = -1, cosId = -1;
    for (const GraphNode& n : g.nodes()) {
        if (n.op == Op::Sin) sinId = n.id;
        if (n.op == Op::Cos) cosId = n.id;
    }
    EXPECT_LT(L.boxes[size_t(sinId)].y, L.boxes[size_t(cosId)].y) << "sin(x) moved above cos(y)";
}

TEST(GraphLayout, CountCrossings) {
    // Layer 0: a b; layer 1: c d. a–d and b–c cross once; a–c, b–d do not.
    EXPECT_EQ(countCrossings({{0, 1}, {2, 3}}, {{{0, 3}, {1, 2}}}), 1);
    EXPECT_EQ(countCrossings({{0, 1}, {2, 3}}, {{{0, 2}, {1, 3}}}), 0);
    EXPECT_EQ(countCrossings({{0, 1}, {2, 3}}, {{{0, 2}, {0, 3}, {1, 2}}}), 1); // shared ends do not cross
}

TEST(GraphLayout, LongEdgesGetLanes) {
    // x feeds the last node directly: its edge passes every layer in between through a lane.
    CompGraph g = graphOf("exp(sin(cos(y))) * x");
    GraphLayout L = layoutGraph(g);
    for (size_t e = 0; e < g.edges().size(); ++e)
        if (g.edges()[e].from == g.inputNode(0)) {
            EXPECT_EQ(L.routes[e].size(), 2u + 2u * 3u); // three layers passed, two points each
        }
    checkLayout(g, L, GraphLayoutOptions{});
}

} // namespace
} // namespace dh
