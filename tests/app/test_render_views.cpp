// Headless render tests of the 3D view and the 1D curve view: the real binary under Xvfb, the PNG
// checked at pixels found with the same geometry code as the app (MeshProjection, curveFrameFor).
#include "app/frame.h"
#include "app/gfx/mesh.h"
#include "app/panels/curve_view.h"
#include "core/common/file_io.h"
#include "core/surfaces/surface.h"
#include "render_helpers.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <imgui.h>
#include <set>
#include <tuple>

using namespace dh;
using namespace dh::test;

namespace {

constexpr int kWidth = 1600, kHeight = 900;

PixelRect viewRect() {
    Layout L = computeLayout(float(kWidth), float(kHeight), 1.0f);
    return PixelRect{L.x, L.y, L.width, L.height};
}

Image renderScene(const std::string& name, const std::string& json, int frames = 3) {
    std::string scene = tempPath(name + ".json"), out = tempPath(name + ".png");
    writeFileAtomic(scene, json.data(), json.size());
    CommandResult r = runDownhill("render --frames " + std::to_string(frames) + " --scene " + scene + " --out " + out);
    EXPECT_EQ(r.exitCode, 0) << r.err;
    return loadPng(out);
}

int redNear(const Image& img, const Eigen::Vector2d& p, int r) {
    return img.countColor(int(p.x()) - r, int(p.y()) - r, int(p.x()) + r + 1, int(p.y()) + r + 1, 255, 0, 0, 40);
}

const char* kParabola = R"({"surface": {"expr": "x^2"},
  "playground": {"runs": [{"optimizer": "sgd", "lr": 0.1, "color": "#ff0000"}], "start": [2, 0]TIMELINE}})";

std::string parabolaScene(int timeline) {
    std::string s = kParabola;
    std::string t = timeline < 0 ? "" : ", \"timeline\": " + std::to_string(timeline);
    return s.replace(s.find("TIMELINE"), 8, t);
}

} // namespace

// ---- geometry ----

TEST(CurveFrame, FitsTheParabolaAndInvertsItsMap) {
    std::unique_ptr<Surface> s = makeExprSurface("x^2");
    CurveFrame c = curveFrameFor(*s, -3, 3, viewRect(), 1.0f);
    EXPECT_LT(c.fMin, 0.0);
    EXPECT_GT(c.fMax, 9.0);
    EXPECT_LT(c.fMax, 11.0); // the whole curve, not much more
    Eigen::Vector2d p = c.toPixel(1.5, 2.25);
    EXPECT_NEAR(c.toX(p.x()), 1.5, 1e-12);
    EXPECT_GT(c.toPixel(0, 0).y(), c.toPixel(0, 9).y()); // f grows upwards
    EXPECT_NEAR(c.toPixel(-3, 0).x(), c.plot.x, 1e-9);
    EXPECT_NEAR(c.toPixel(3, 0).x(), c.plot.x + c.plot.width, 1e-9);
}

TEST(CurveFrame, APoleDoesNotFlattenTheCurve) {
    std::unique_ptr<Surface> s = makeExprSurface("1/x^2");
    CurveFrame c = curveFrameFor(*s, -3, 3, viewRect(), 1.0f);
    EXPECT_GT(c.fMax, 1.0);
    EXPECT_LT(c.fMax, 1000.0) << "the values near x = 0 must be cut off";
}

TEST(CurveFrame, SteepArmsAreCutSoTheWellsShowAndStartsWidenTheRange) {
    std::unique_ptr<Surface> s = makeExprSurface("x^4 - 3*x^2 + x"); // f(±3) ≈ 57, wells at −3.51 and −1.07
    CurveFrame c = curveFrameFor(*s, -3, 3, viewRect(), 1.0f);
    EXPECT_LT(c.fMin, -3.51);
    EXPECT_LT(c.fMax, 15.0) << "the arms up to 57 would squeeze the wells into a few pixels";
    EXPECT_GT(c.fMax, 0.2) << "the local maximum near x = 0.17 stays in view";
    // A start inside the range leaves it alone (no rescaling while it is dragged); one outside widens it.
    CurveFrame inside = curveFrameFor(*s, -3, 3, viewRect(), 1.0f, {1.0});
    EXPECT_EQ(inside.fMin, c.fMin);
    EXPECT_EQ(inside.fMax, c.fMax);
    CurveFrame high = curveFrameFor(*s, -3, 3, viewRect(), 1.0f, {2.5});
    EXPECT_GT(high.fMax, s->value({2.5, 0}));
}

TEST(MeshProjection, DomainCentreIsInTheViewAndHigherTIsHigherOnScreen) {
    PixelRect r = viewRect();
    MeshProjection proj(Camera3D{}, Domain{-3, 3, -2, 2}, r);
    std::optional<Eigen::Vector2d> low = proj.toPixel(0, 0, 0), high = proj.toPixel(0, 0, 1);
    ASSERT_TRUE(low && high);
    EXPECT_GT(low->x(), r.x);
    EXPECT_LT(low->x(), r.x + r.width);
    EXPECT_LT(high->y(), low->y() - 50);
    // Every corner of the box is inside the view at the default camera.
    for (double x : {-3.0, 3.0})
        for (double y : {-2.0, 2.0})
            for (double t : {0.0, 1.0}) {
                std::optional<Eigen::Vector2d> p = proj.toPixel(x, y, t);
                ASSERT_TRUE(p);
                EXPECT_TRUE(p->x() > r.x && p->x() < r.x + r.width && p->y() > r.y && p->y() < r.y + r.height)
                    << x << " " << y << " " << t << " → " << p->transpose();
            }
}

TEST(MeshProjection, PickingAPixelFindsThePointDrawnThere) {
    std::unique_ptr<Surface> bowl = makeExprSurface("x^2 + y^2");
    FieldScale fs;
    fs.lo = 0;
    fs.hi = 18;
    // Points in plain view of each camera pick back to themselves; any pixel's pick projects back to
    // that pixel (the first surface along the ray, which may be the underside of a near wall).
    Camera3D turned{0.85, 0.43, 1.25}; // after an orbit and two wheel clicks
    std::vector<std::pair<Camera3D, std::vector<Eigen::Vector2d>>> cases = {
        {Camera3D{}, {{1, 0.5}, {-2, 1}, {0.3, -2.5}}}, {turned, {{-1.5, 1.5}, {-2, 0.5}, {-0.5, 2.5}}}};
    for (const auto& [cam, points] : cases) {
        MeshProjection proj(cam, Domain{-3, 3, -3, 3}, viewRect());
        for (const Eigen::Vector2d& p : points) {
            std::optional<Eigen::Vector2d> px = proj.toPixel(p.x(), p.y(), fs.toT(bowl->value(p)));
            ASSERT_TRUE(px);
            std::optional<Eigen::Vector2d> picked = pickMeshSurface(proj, *bowl, fs, *px);
            ASSERT_TRUE(picked) << p.transpose() << " yaw " << cam.yaw;
            EXPECT_NEAR((*picked - p).norm(), 0, 0.02)
                << p.transpose() << " picked as " << picked->transpose() << " yaw " << cam.yaw;
        }
        const PixelRect& r = proj.rect();
        for (double fx : {0.3, 0.45, 0.6})
            for (double fy : {0.3, 0.5, 0.7}) {
                Eigen::Vector2d px(r.x + fx * r.width, r.y + fy * r.height);
                if (std::optional<Eigen::Vector2d> picked = pickMeshSurface(proj, *bowl, fs, px)) {
                    Eigen::Vector2d back = *proj.toPixel(picked->x(), picked->y(), fs.toT(bowl->value(*picked)));
                    EXPECT_NEAR((back - px).norm(), 0, 1.0) << "pixel " << px.transpose() << " yaw " << cam.yaw;
                }
            }
    }
    MeshProjection proj(Camera3D{}, Domain{-3, 3, -3, 3}, viewRect());
    EXPECT_FALSE(pickMeshSurface(proj, *bowl, fs, Eigen::Vector2d(viewRect().x + 3, viewRect().y + 3)))
        << "the top-left corner of the view is background";
}

// ---- renders ----

TEST(RenderViews, ThreeDSceneShowsAColouredMesh) {
    Image img = renderScene("mesh", R"({"playground": {"view": "3d"}})");
    ASSERT_FALSE(img.empty());
    PixelRect r = viewRect();
    ImGuiStyle dark; // the default theme: its window background is the clear colour behind the mesh
    ImGui::StyleColorsDark(&dark);
    ImVec4 c = dark.Colors[ImGuiCol_WindowBg];
    int bg[3] = {int(c.x * 255 + 0.5f), int(c.y * 255 + 0.5f), int(c.z * 255 + 0.5f)};
    int total = 0, background_ = 0, coloured = 0;
    std::set<std::tuple<int, int, int>> colours;
    for (int y = int(r.y); y < int(r.y + r.height); y += 3)
        for (int x = int(r.x); x < int(r.x + r.width); x += 3) {
            const unsigned char* p = img.at(x, y);
            ++total;
            if (std::abs(p[0] - bg[0]) <= 6 && std::abs(p[1] - bg[1]) <= 6 && std::abs(p[2] - bg[2]) <= 6)
                ++background_;
            // The colormap is saturated; background, floor, axes and text are grey or white.
            if (std::max({p[0], p[1], p[2]}) - std::min({p[0], p[1], p[2]}) > 40) ++coloured;
            colours.insert({p[0] / 16, p[1] / 16, p[2] / 16});
        }
    EXPECT_GT(coloured, total / 12) << "the colour-mapped mesh should cover a good part of the view";
    EXPECT_GT(background_, total / 5) << "the background should show around the mesh";
    EXPECT_GT(colours.size(), 60u) << "a lit, colour-mapped mesh has many colours";

    // The mesh is where the projection says: the column above the domain centre is not background.
    MeshProjection proj(Camera3D{}, makeBuiltinSurface("six_hump_camel")->domain, r);
    Eigen::Vector2d centre = *proj.toPixel(0, 0, 0.5);
    EXPECT_GT(
        std::abs(img.luminance(int(centre.x()), int(centre.y())) - 0.2126 * bg[0] - 0.7152 * bg[1] - 0.0722 * bg[2]),
        15);
}

TEST(RenderViews, ThreeDCameraComesFromTheScene) {
    Image a = renderScene("yaw0", R"({"playground": {"view": "3d", "camera": {"yaw": 0, "pitch": 0.6}}})");
    Image b = renderScene("yaw1", R"({"playground": {"view": "3d", "camera": {"yaw": 1.3, "pitch": 0.6}}})");
    ASSERT_FALSE(a.empty() || b.empty());
    PixelRect r = viewRect();
    int differ = 0, total = 0;
    for (int y = int(r.y); y < int(r.y + r.height); y += 4)
        for (int x = int(r.x); x < int(r.x + r.width); x += 4, ++total)
            if (std::abs(a.luminance(x, y) - b.luminance(x, y)) > 20) ++differ;
    EXPECT_GT(differ, total / 10);
}

TEST(RenderViews, ThreeDRunEndsAtTheBottomOfTheBowl) {
    const char* scene = R"({"surface": {"expr": "x^2 + y^2"}, "playground": {"view": "3d",
        "runs": [{"optimizer": "sgd", "lr": 0.1, "color": "#ff0000"}], "start": [2, 1.5]TIMELINE}})";
    auto withTimeline = [&](const std::string& t) {
        std::string s = scene;
        return s.replace(s.find("TIMELINE"), 8, t);
    };
    MeshProjection proj(Camera3D{}, Domain{-3, 3, -3, 3}, viewRect());
    Eigen::Vector2d bottom = *proj.toPixel(0, 0, 0);

    Image end = renderScene("bowl_end", withTimeline(""));
    ASSERT_FALSE(end.empty());
    EXPECT_GT(redNear(end, bottom, 14), 80) << "the red iterate should rest at the projected minimum";

    Image first = renderScene("bowl_start", withTimeline(", \"timeline\": 0"));
    ASSERT_FALSE(first.empty());
    EXPECT_LT(redNear(first, bottom, 14), 20) << "at step 0 nothing red is at the minimum yet";
}

TEST(RenderViews, OneDBallRollsToTheBottomOfTheParabola) {
    std::unique_ptr<Surface> s = makeExprSurface("x^2");
    CurveFrame c = curveFrameFor(*s, s->domain.xMin, s->domain.xMax, viewRect(), 1.0f, {2.0}); // the start, as the app
    Eigen::Vector2d bottom = c.toPixel(0, 0), start = c.toPixel(2, 4);

    Image end = renderScene("parabola_end", parabolaScene(-1));
    ASSERT_FALSE(end.empty());
    // After 200 steps of η = 0.1, x = 2·0.8²⁰⁰ ≈ 0: a whole red ball (r = 10 px) sits at (0, 0).
    EXPECT_GT(redNear(end, bottom, 12), 150);

    Image first = renderScene("parabola_start", parabolaScene(0));
    ASSERT_FALSE(first.empty());
    EXPECT_GT(redNear(first, start, 12), 150) << "at step 0 the ball is at the start (2, 4)";
    EXPECT_LT(redNear(first, bottom, 12), 20) << "and not at the bottom";

    // The curve itself: light pixels on the parabola at x = -2 (f = 4), where no run goes.
    Eigen::Vector2d left = c.toPixel(-2, 4);
    EXPECT_GT(end.meanLuminance(int(left.x()), int(left.y()), 2), 120);
}
