// Headless render tests of the graph lab, the loss lab, the backprop tab and the presets of "where
// gradients come from": the real binary under Xvfb, the PNG checked at pixels found with the app's own
// geometry (computeLayout, core/lab/graph_lab.h's fitGraph and layout) and the core's numbers.
#include "app/frame.h"
#include "core/common/file_io.h"
#include "core/lab/graph_lab.h"
#include "core/scene/png_text.h"
#include "core/scene/scene_json.h"
#include "core/scene/view_transform.h"
#include "render_helpers.h"

#include <gtest/gtest.h>

using namespace dh;
using namespace dh::test;

namespace {

constexpr int kWidth = 1600, kHeight = 900;

Layout layout() {
    return computeLayout(float(kWidth), float(kHeight), 1.0f);
}

std::string writeScene(const std::string& name, const std::string& json) {
    std::string path = tempPath(name + ".json");
    writeFileAtomic(path, json);
    return path;
}

Image render(const std::string& scenePath, const std::string& name) {
    std::string out = tempPath(name + ".png");
    CommandResult r = runDownhill("render --frames 3 --scene " + scenePath + " --out " + out);
    EXPECT_EQ(r.exitCode, 0) << r.err;
    return loadPng(out);
}

// Pixels of a colour in a frame `inset` pixels wide just inside and outside a box's border.
int borderCount(const Image& img, const GraphFit& f, const LayoutBox& b, unsigned char r, unsigned char g,
                unsigned char bl) {
    const int x0 = int(f.x(b.x)), y0 = int(f.y(b.y)), x1 = int(f.x(b.x + b.w)), y1 = int(f.y(b.y + b.h));
    return img.countColor(x0 - 2, y0 - 2, x1 + 2, y0 + 2, r, g, bl, 30) +
           img.countColor(x0 - 2, y1 - 2, x1 + 2, y1 + 2, r, g, bl, 30);
}

// The colours of app/panels/graph_view.cpp.
constexpr unsigned char kOrange[3] = {255, 140, 0}, kGreen[3] = {0, 158, 115};

} // namespace

TEST(GraphLabRender, EveryNodeIsDrawnAndTheSweepsStepIsHighlighted) {
    // The two-paths exercise, stopped at the step that reaches f = x·y (two consumers, two terms).
    GraphLabSettings settings;
    settings.source = GraphSource::TwoPaths;
    GraphLab lab;
    lab.sync(settings, SurfaceSpec{});
    ASSERT_TRUE(lab.ready());
    const CompGraph& g = lab.graph();
    int sweep = -1;
    for (int k = 0; k < g.backwardStepCount(); ++k)
        if (g.backwardStep(k).terms.size() == 2) sweep = k + 1;
    ASSERT_GT(sweep, 0);
    const std::string path = writeScene("twopaths", R"({"mode": "graph", "graph": {"source": "two_paths", "sweep": )" +
                                                        std::to_string(sweep) + "}}");
    Image img = render(path, "twopaths");
    ASSERT_EQ(img.width, kWidth);

    const Layout L = layout();
    const GraphFit fit = fitGraph(lab.layout(), L.x, L.y, L.width, L.height, 24);
    const BackwardStep step = g.backwardStep(sweep - 1);
    for (const GraphNode& n : g.nodes()) {
        const LayoutBox& b = lab.layout().boxes[size_t(n.id)];
        // the box's fill just inside its top-left corner (away from the centred text)
        const int x = int(fit.x(b.x)) + 8, y = int(fit.y(b.y)) + 7;
        const unsigned char* p = img.at(x, y);
        if (n.kind == GraphNodeKind::Input)
            EXPECT_TRUE(p[0] < 60 && p[2] > 100) << "input box " << n.id << " not drawn at " << x << "," << y;
        else
            EXPECT_TRUE(std::abs(p[0] - 45) < 15 && std::abs(p[2] - 55) < 15)
                << "box " << n.id << " not drawn: " << int(p[0]) << "," << int(p[1]) << "," << int(p[2]);
        const int orange = borderCount(img, fit, b, kOrange[0], kOrange[1], kOrange[2]);
        const int green = borderCount(img, fit, b, kGreen[0], kGreen[1], kGreen[2]);
        if (n.id == step.node) {
            EXPECT_GT(orange, 100) << "the step's node " << n.id << " is not outlined";
        } else if (g.adjointKnown(n.id, sweep)) {
            EXPECT_GT(green, 50) << "node " << n.id << " has its adjoint but no green outline";
            EXPECT_LT(orange, 20) << "node " << n.id;
        } else {
            EXPECT_LT(green, 5) << "node " << n.id << " is outlined before the sweep reached it";
        }
    }
    // The step's two edges are orange along their routes; every other edge is not, away from the
    // boxes and crossings (the midpoint of each route's longest segment).
    std::vector<bool> highlighted(g.edges().size(), false);
    for (const ChainTerm& t : step.terms) highlighted[size_t(t.edge)] = true;
    for (size_t e = 0; e < g.edges().size(); ++e) {
        const std::vector<LayoutPoint>& route = lab.layout().routes[e];
        size_t best = 1;
        double longest = -1;
        for (size_t i = 1; i < route.size(); ++i) {
            const double len = std::hypot(route[i].x - route[i - 1].x, route[i].y - route[i - 1].y);
            if (len > longest) longest = len, best = i;
        }
        const int x = int(fit.x(0.5 * (route[best].x + route[best - 1].x)));
        const int y = int(fit.y(0.5 * (route[best].y + route[best - 1].y)));
        const int orange = img.countColor(x - 3, y - 3, x + 3, y + 3, kOrange[0], kOrange[1], kOrange[2], 30);
        if (highlighted[e])
            EXPECT_GT(orange, 6) << "edge " << e << " of the step is not highlighted";
        else
            EXPECT_EQ(orange, 0) << "edge " << e << " is highlighted but not part of the step";
    }
}

TEST(GraphLabRender, TheMatrixChainPresetShowsTheWholeSweep) {
    const std::string path = sourcePath("assets/scenes/12_matrix_chain.json");
    Scene scene = loadScene(path, nullptr);
    ASSERT_EQ(scene.mode, LabMode::Graph);
    Image img = render(path, "matrixchain");
    GraphLab lab;
    lab.sync(scene.graph, scene.surface);
    ASSERT_TRUE(lab.ready());
    const int sweep = lab.sweep(scene.graph);
    EXPECT_EQ(sweep, lab.graph().backwardStepCount()) << "the preset shows every adjoint";
    const Layout L = layout();
    const GraphFit fit = fitGraph(lab.layout(), L.x, L.y, L.width, L.height, 24);
    // the last step is the input u2's: outlined orange; every other node green
    const int last = lab.graph().backwardOrder().back();
    for (const GraphNode& n : lab.graph().nodes()) {
        const LayoutBox& b = lab.layout().boxes[size_t(n.id)];
        if (n.id == last)
            EXPECT_GT(borderCount(img, fit, b, kOrange[0], kOrange[1], kOrange[2]), 100);
        else
            EXPECT_GT(borderCount(img, fit, b, kGreen[0], kGreen[1], kGreen[2]), 50) << "node " << n.id;
    }
}

TEST(GraphLabRender, ABadExpressionIsShownNotACrash) {
    const std::string path = writeScene("bad", R"({"mode": "graph", "graph": {"expr": "x + * y"}})");
    Image img = render(path, "bad");
    const Layout L = layout();
    // the message in red at the view's top-left
    EXPECT_GT(img.countColor(int(L.x), int(L.y), int(L.x) + 600, int(L.y) + 60, 255, 120, 120, 30), 20);
}

TEST(LossLabRender, TheTrueClassBarIsHighlightedAndFollowsTheTarget) {
    // Geometry of app/panels/loss_view.cpp: the bars fill the left half of the view, one slot per class,
    // the zero line halfway between top + 40 and bottom − 60.
    const Layout L = layout();
    const float split = std::round(L.width * 0.5f), slot = (split - 20) / 3;
    const float top = L.y + 40, bottom = L.y + L.height - 60, zeroY = 0.5f * (top + bottom);
    const double range = 6, half = 0.5 * (bottom - top);
    auto barPixel = [&](int j, double score) { // halfway up bar j of this score
        return std::pair<int, int>(int(L.x + 10 + slot * (j + 0.5f)), int(zeroY - 0.5 * score / range * half));
    };
    for (int target : {0, 1}) {
        const std::string path = writeScene("loss" + std::to_string(target),
                                            R"({"mode": "loss", "loss": {"scores": [3.2, 5.1, -1.7], "target": )" +
                                                std::to_string(target) + "}}");
        Image img = render(path, "loss" + std::to_string(target));
        const double scores[3] = {3.2, 5.1, -1.7};
        for (int j = 0; j < 3; ++j) {
            const auto [x, y] = barPixel(j, scores[j]);
            const unsigned char* p = img.at(x, y);
            if (j == target)
                EXPECT_TRUE(p[0] > 230 && p[1] > 120 && p[1] < 160 && p[2] < 30)
                    << "the true class " << j << " is not orange: " << int(p[0]) << "," << int(p[1]) << ","
                    << int(p[2]);
            else
                EXPECT_TRUE(p[2] > 200 && p[0] < 120) << "class " << j << " is not blue";
        }
        // nothing drawn beyond the tip of the frog's bar (−1.7): the bar's length is its score
        const auto [x, y] = barPixel(2, -1.7 * 2.6);
        EXPECT_FALSE(img.at(x, y)[2] > 200) << "the frog's bar is longer than its score";
    }
}

TEST(LossLabRender, TheMarginCurvesPlotMarksTheCurrentMargin) {
    // The cat's margin 3.2 − 5.1 = −1.9: a pink vertical line at m = −1.9 of the plot over m ∈ [−3, 3].
    const std::string path = sourcePath("assets/scenes/14_softmax_cross_entropy.json");
    Image img = render(path, "margins");
    const Layout L = layout();
    const float split = std::round(L.width * 0.5f);
    const float plotX = L.x + split + 50, plotW = L.width - split - 70, plotY = L.y + 40, plotH = L.height - 90;
    const int x = int(plotX + (-1.9 + 3) / 6 * plotW);
    EXPECT_GT(img.countColor(x - 2, int(plotY + 0.3 * plotH), x + 2, int(plotY + 0.7 * plotH), 255, 80, 200, 25), 20);
    const int elsewhere = int(plotX + (1.5 + 3) / 6 * plotW);
    EXPECT_EQ(img.countColor(elsewhere - 2, int(plotY + 0.05 * plotH), elsewhere + 2, int(plotY + 0.2 * plotH), 255, 80,
                             200, 25),
              0);
}

TEST(BackpropRender, TheExercisePresetOpensOnTheBackpropTabAndSavesIt) {
    const std::string out = tempPath("backprop.png");
    CommandResult r = runDownhill("render --frames 3 --scene " + sourcePath("assets/scenes/13_backprop_exercise.json") +
                                  " --out " + out);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    Scene shot = loadScene(out, nullptr);
    EXPECT_TRUE(shot.backprop.shown) << "the Backprop tab was not the one drawn";
    EXPECT_EQ(shot.backprop.sample, 0);
    // the tab shows the layers: its window has text rows (light pixels) down most of its height
    const Layout L = layout();
    Image img = loadPng(out);
    const int light =
        img.countColor(int(L.x + L.plotWidth), int(L.bottomY), int(L.x + L.width), kHeight, 220, 220, 220, 35);
    EXPECT_GT(light, 300);
}

TEST(RegularizationRender, L1EndsOnTheAxisAndL2InsideTheQuadrant) {
    struct Case {
        const char* file;
        Eigen::Vector2d end;
    };
    // the minima of (x − 1)² + (y − 0.3)² + λ₁(|x| + |y|) (λ₁ = 1) and + λ₂(x² + y²) (λ₂ = 1)
    for (const Case& c : {Case{"18_l1_ends_on_axis.json", {0.5, 0}}, Case{"19_l2_shrinks.json", {0.5, 0.15}}}) {
        const std::string path = sourcePath(std::string("assets/scenes/") + c.file);
        Scene scene = loadScene(path, nullptr);
        Image img = render(path, c.file);
        const Layout L = layout();
        const ViewTransform vt(scene.view, PixelRect{L.x, L.y, L.width, L.height});
        const Eigen::Vector2d end = vt.toPixel(c.end);
        const int atEnd =
            img.countColor(int(end.x()) - 6, int(end.y()) - 6, int(end.x()) + 6, int(end.y()) + 6, 230, 159, 0, 40);
        EXPECT_GT(atEnd, 20) << c.file << ": the run does not end at the penalized minimum";
    }
}
