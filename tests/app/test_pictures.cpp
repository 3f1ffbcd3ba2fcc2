// The pictures tell the truth and stay readable, checked on what the app computes (not on pixels):
// the loss plot of an unbounded surface keeps every run's curve readable, a path reaches its iterates
// however sharply it turns, a run that leaves the view gets a marker, runs on the same spot stay
// apart, and in every preset, at UI scales 1 and 2 and window sizes down to 1024 × 640, no two labels
// overlap and none is cut by its panel (the rectangles of app/gfx/labels.h). Runs in a real (hidden)
// window: the test process has its own X server (with_xvfb.sh).
#include "app/app_state.h"
#include "app/fitting_lab.h"
#include "app/frame.h"
#include "app/gfx/chart.h"
#include "app/gfx/draw_util.h"
#include "app/gfx/gpu.h"
#include "app/gfx/overlays.h"
#include "app/panels/curve_view.h"
#include "app/panels/loss_plot.h"
#include "core/scene/presets.h"
#include "core/scene/scene_json.h"

#include <algorithm>
#include <cmath>
#include <gtest/gtest.h>
#include <imgui.h>
#include <sstream>

using namespace dh;

namespace {

const Preset& preset(const std::vector<Preset>& all, const std::string& prefix) {
    for (const Preset& p : all)
        if (p.file.rfind(prefix, 0) == 0) return p;
    ADD_FAILURE() << "no preset " << prefix;
    return all.front();
}

// The scene's derived state (surface, runs, critical points) without a window.
void derive(AppState& state, const Scene& scene) {
    state.scene = scene;
    syncSurface(state);
    syncDerived(state);
}

double spread(const LossPlotModel& m, const LossPlotModel::Curve& c) {
    double lo = 1e300, hi = -1e300;
    for (const ImVec2& p : c.points)
        if (p.y >= m.yLo && p.y <= m.yHi) lo = std::min(lo, double(p.y)), hi = std::max(hi, double(p.y));
    return hi > lo ? (hi - lo) / (m.yHi - m.yLo) : 0;
}

} // namespace

// ---- geometry, without a window ----

TEST(LossPlot, TheSaddlesRunsAreEachReadableWhateverTheEscapedOneDoes) {
    std::vector<Preset> all = loadPresets();
    for (const char* name : {"03", "07"}) {
        AppState state;
        derive(state, preset(all, name).scene);
        for (bool log : {true, false}) {
            state.scene.playground.lossLogScale = log;
            LossPlotModel m = lossPlotModel(state, false, 500);
            ASSERT_FALSE(m.curves.empty()) << name;
            for (const LossPlotModel::Curve& c : m.curves)
                EXPECT_GT(spread(m, c), 0.2) << name << (log ? " log" : " linear") << ": run " << c.run
                                             << " is flat: y range " << m.yLo << " … " << m.yHi;
        }
    }
}

TEST(LossPlot, ALowerBoundIsNeededForALogAxis) {
    std::vector<Preset> all = loadPresets();
    AppState state;
    derive(state, preset(all, "03").scene); // x² − y²: the escaping runs go below every minimum found
    state.scene.playground.lossLogScale = true;
    LossPlotModel m = lossPlotModel(state, false, 500);
    EXPECT_FALSE(m.log);
    EXPECT_TRUE(m.logRefused);
    derive(state, preset(all, "08").scene); // the camel: bounded below by its known minimum
    state.scene.playground.lossLogScale = true;
    m = lossPlotModel(state, false, 500);
    EXPECT_TRUE(m.log);
    EXPECT_NEAR(m.offset, -1.0316, 1e-4);
}

TEST(Paths, TheBounceOfPresetOneReachesMinusOnePointFive) {
    std::vector<Preset> all = loadPresets();
    AppState state;
    derive(state, preset(all, "01").scene);
    const Playground& p = state.scene.playground;
    int bounce = -1;
    for (size_t i = 0; i < p.runs.size(); ++i)
        if (p.runs[i].optimizer.lr == 1.0) bounce = int(i);
    ASSERT_GE(bounce, 0);
    const Trajectory& tr = state.derived.runs.runs[size_t(bounce)].trajectories[0];
    Layout L = computeLayout(1600, 900, 1.0f);
    Domain view = currentView(state);
    CurveFrame c =
        curveFrameFor(*state.derived.surface, view.xMin, view.xMax, PixelRect{L.x, L.y, L.width, L.height}, 1.0f);
    PathGeometry g = curvePathGeometry(c, tr, tr.size() - 1);
    ASSERT_FALSE(g.segments.empty());
    float left = 1e30f, right = -1e30f;
    for (const PathGeometry::Segment& s : g.segments) {
        left = std::min({left, s.a.x, s.b.x});
        right = std::max({right, s.a.x, s.b.x});
    }
    EXPECT_NEAR(left, c.toPixel(-1.5, 2.25).x(), 1.0) << "the path must reach x = −1.5";
    EXPECT_NEAR(right, c.toPixel(1.5, 2.25).x(), 1.0);
    EXPECT_GE(g.joins.size(), size_t(tr.size() - 3)) << "every 180° turn gets a round join";
}

TEST(Paths, SegmentsAreClippedAtTheViewAndALeavingRunGetsAnExit) {
    const ImVec4 view(0, 0, 100, 100);
    PathGeometry g = pathGeometry({ImVec2(50, 50), ImVec2(90, 50), ImVec2(150, 50)}, view);
    ASSERT_EQ(g.segments.size(), 2u);
    EXPECT_FLOAT_EQ(g.segments[1].b.x, 100); // cut at the edge
    ASSERT_TRUE(g.exit.has_value());
    EXPECT_FLOAT_EQ(g.exit->at.x, 100);
    EXPECT_FLOAT_EQ(g.exit->at.y, 50);
    EXPECT_NEAR(g.exit->toward.x, 1, 1e-6);
    // A path that comes back ends inside: no marker.
    g = pathGeometry({ImVec2(50, 50), ImVec2(150, 50), ImVec2(60, 60)}, view);
    EXPECT_FALSE(g.exit.has_value());
    // Thinning keeps the turning points of a bounce however close the steps are.
    std::vector<ImVec2> pts = {ImVec2(0, 0), ImVec2(1, 0), ImVec2(0.2f, 0), ImVec2(1, 0), ImVec2(0, 0)};
    thinPixels(pts, 2.0f);
    EXPECT_EQ(pts.size(), 5u);
}

TEST(Paths, ADivergingRunGetsAnOffViewMarkerPointingWhereItWent) {
    AppState state;
    Scene scene = sceneFromText(R"({"surface": {"name": "quadratic"}, "view": [-2, 2, -2, 2],
        "playground": {"steps": 30, "start": [1, 1], "runs": [
          {"label": "GD η = 0.3", "optimizer": "sgd", "lr": 0.3, "color": "#ffffff"},
          {"label": "GD η = 0.25", "optimizer": "sgd", "lr": 0.25, "color": "#ff0000"}]}})",
                                nullptr);
    derive(state, scene);
    ViewTransform vt(currentView(state), PixelRect{0, 0, 800, 600});
    // κ = 10: η = 0.3 gives 1 − 3 = −2 along y, so |y| doubles every step; η = 0.25 gives −1.5.
    const Trajectory& a = state.derived.runs.runs[0].trajectories[0];
    PathGeometry g = runPathGeometry(vt, a, a.size() - 1);
    ASSERT_TRUE(g.exit.has_value()) << "the run left the view";
    EXPECT_TRUE(g.exit->at.y <= 0.5f || g.exit->at.y >= 599.5f) << "the marker sits on the top or bottom edge";
    for (const PathGeometry::Segment& s : g.segments)
        for (ImVec2 q : {s.a, s.b}) {
            EXPECT_GE(q.y, -0.01f);
            EXPECT_LE(q.y, 600.01f);
        }
    // Early on, both are inside: no marker.
    EXPECT_FALSE(runPathGeometry(vt, a, 1).exit.has_value());
}

TEST(Charts, NumbersReadAsOneNumber) {
    EXPECT_EQ(formatNumber(2e6, 2), "2×10⁶");
    EXPECT_EQ(formatNumber(-6.023e4, 4), "−6.023×10⁴");
    EXPECT_EQ(formatNumber(0.077, 2), "0.077");
    EXPECT_EQ(formatNumber(1.5e-5, 2), "1.5×10⁻⁵");
}

TEST(Presets, TheFittingCaptionSaysWhatTheProgramComputes) {
    std::vector<Preset> all = loadPresets();
    const Scene& s = preset(all, "10").scene;
    ASSERT_TRUE(s.fitting.compare) << "the caption names degrees 1, 3 and 12: all three are drawn";
    FittingLab lab;
    lab.sync(s.fitting);
    ASSERT_TRUE(lab.ready());
    for (int degree : {1, 3, 12}) {
        const std::string test = formatNumber(lab.fit(degree).testMse, 2);
        EXPECT_NE(s.caption.find(test), std::string::npos)
            << "degree " << degree << ": test MSE " << test << " is not in the caption: " << s.caption;
    }
}

TEST(Presets, MomentumIsComparedAtTheSameStepSize) {
    std::vector<Preset> all = loadPresets();
    const Scene& s = preset(all, "05").scene;
    for (const RunSpec& r : s.playground.runs) EXPECT_EQ(r.optimizer.lr, s.playground.runs[0].optimizer.lr) << r.label;
}

TEST(Presets, GdAgainstSgdReachesAndMarksTheBestLine) {
    std::vector<Preset> all = loadPresets();
    AppState state;
    derive(state, preset(all, "04").scene);
    EXPECT_TRUE(state.scene.playground.overlays.criticalPoints);
    const Trajectory& gd = state.derived.runs.runs[0].trajectories[0];
    const Eigen::Vector2d end = gd.x.back();
    EXPECT_NEAR(end.x(), 0.5, 0.01);
    EXPECT_NEAR(end.y(), 2.0, 0.02);
}

// ---- labels, in a real window ----

namespace {

// Draws `frames` frames of the state's scene and returns the problems with its labels.
std::vector<std::string> labelProblems(AppState& state, int frames) {
    Window& w = state.gpu->window;
    for (int i = 0; i < frames; ++i) {
        w.beginFrame();
        drawFrame(state);
        w.renderImGui(pictureVersion(state));
        w.swap();
    }
    std::vector<std::string> out;
    const LabelRegistry& reg = state.ui.labels;
    const auto& L = reg.labels();
    for (size_t i = 0; i < L.size(); ++i) {
        const LabelPanel& p = reg.panels()[size_t(L[i].panel)];
        const float tol = 0.5f;
        if (L[i].min.x < p.min.x - tol || L[i].min.y < p.min.y - tol || L[i].max.x > p.max.x + tol ||
            L[i].max.y > p.max.y + tol)
            out.push_back("\"" + L[i].text + "\" is cut by " + p.name);
        for (size_t j = i + 1; j < L.size(); ++j) {
            if (L[i].panel != L[j].panel) continue;
            const float ox = std::min(L[i].max.x, L[j].max.x) - std::max(L[i].min.x, L[j].min.x);
            const float oy = std::min(L[i].max.y, L[j].max.y) - std::max(L[i].min.y, L[j].min.y);
            if (ox > 0.5f && oy > 0.5f)
                out.push_back("\"" + L[i].text + "\" overlaps \"" + L[j].text + "\" in " + p.name);
        }
    }
    return out;
}

} // namespace

TEST(Labels, NoneOverlapOrIsCutInAnyPresetAtScalesOneAndTwo) {
    struct Size {
        int w, h;
    };
    for (Size size : {Size{1024, 640}, Size{1600, 900}})
        for (float scale : {1.0f, 2.0f}) {
            AppState state;
            state.ui.headless = true;
            state.ui.presets = loadPresets();
            WindowOptions wo;
            wo.width = size.w;
            wo.height = size.h;
            wo.visible = false;
            wo.uiScale = scale;
            openWindow(state, wo);
            for (const Preset& p : state.ui.presets) {
                setScene(state, p.scene);
                state.scene.ui.scale = scale;
                applyUiSettings(state);
                std::vector<std::string> problems = labelProblems(state, 3);
                std::ostringstream msg;
                for (const std::string& s : problems) msg << "\n  " << s;
                EXPECT_TRUE(problems.empty())
                    << p.file << " at " << size.w << "×" << size.h << ", scale " << scale << ":" << msg.str();
                // The graph and loss labs and the Backprop tab draw their text without the registry
                // (README, known limits); their other pictures are still checked above.
                const bool registers =
                    p.scene.mode != LabMode::Graph && p.scene.mode != LabMode::Loss && !p.scene.backprop.shown;
                if (registers) {
                    EXPECT_FALSE(state.ui.labels.labels().empty()) << p.file << ": no label was recorded";
                }
            }
        }
}
