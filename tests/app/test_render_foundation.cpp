// Headless render tests of the foundation: the real binary, a real window under Xvfb, the PNG checked.
#include "app/frame.h"
#include "core/common/file_io.h"
#include "core/scene/png_text.h"
#include "core/scene/scene_json.h"
#include "core/scene/view_transform.h"
#include "core/surfaces/surface.h"
#include "render_helpers.h"

#include <dirent.h>
#include <fstream>
#include <gtest/gtest.h>

using namespace dh;
using namespace dh::test;

namespace {

// The plane → pixel map of the surface view in a window of this size (same code as the app).
ViewTransform viewTransformFor(int width, int height, const Domain& domain) {
    Layout L = computeLayout(float(width), float(height), 1.0f);
    return ViewTransform(domain, PixelRect{L.x, L.y, L.width, L.height});
}

} // namespace

TEST(RenderFoundation, DefaultSceneIsTheCamelHeatmap) {
    std::string out = tempPath("default-scene.png");
    CommandResult r = runDownhill("render --out " + out);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    Image img = loadPng(out);
    EXPECT_EQ(img.width, 1600);
    EXPECT_EQ(img.height, 900);
    Scene scene = sceneFromText(*findPngText(readFileBytes(out), kScenePngKeyword), nullptr);
    EXPECT_EQ(scene.surface.name, "six_hump_camel");
}

TEST(RenderFoundation, TheCamelsGlobalMinimaAreDarkerThanItsCorners) {
    // The heatmap alone (no runs drawn over it).
    std::string scene = tempPath("heatmap-only.json");
    std::ofstream(scene) << R"({"playground": {"runs": []}})";
    std::string out = tempPath("default.png");
    CommandResult r = runDownhill("render --scene " + scene + " --out " + out);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    Image img = loadPng(out);
    ASSERT_EQ(img.width, 1600);
    ASSERT_EQ(img.height, 900);

    // Not blank: the luminance varies a lot across the picture.
    double lo = 255, hi = 0;
    for (int y = 0; y < img.height; y += 10)
        for (int x = 0; x < img.width; x += 10) {
            lo = std::min(lo, img.luminance(x, y));
            hi = std::max(hi, img.luminance(x, y));
        }
    EXPECT_GT(hi - lo, 100);

    ViewTransform vt = viewTransformFor(1600, 900, makeBuiltinSurface("six_hump_camel")->domain);
    for (Eigen::Vector2d m : {Eigen::Vector2d(0.0898, -0.7126), Eigen::Vector2d(-0.0898, 0.7126)}) {
        Eigen::Vector2d px = vt.toPixel(m);
        double minimum = img.meanLuminance(int(px.x()), int(px.y()), 6);
        for (Eigen::Vector2d corner : {Eigen::Vector2d(-2.7, -1.8), Eigen::Vector2d(2.7, 1.8),
                                       Eigen::Vector2d(-2.7, 1.8), Eigen::Vector2d(2.7, -1.8)}) {
            Eigen::Vector2d pc = vt.toPixel(corner);
            EXPECT_LT(minimum + 60, img.meanLuminance(int(pc.x()), int(pc.y()), 6))
                << "minimum at " << m.transpose() << " vs corner " << corner.transpose();
        }
    }
}

TEST(RenderFoundation, SizeOptionAndEmbeddedScene) {
    std::string out = tempPath("small.png");
    CommandResult r = runDownhill("render --size 800x600 --frames 3 --out " + out);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    Image img = loadPng(out);
    EXPECT_EQ(img.width, 800);
    EXPECT_EQ(img.height, 600);
    std::optional<std::string> text = findPngText(readFileBytes(out), kScenePngKeyword);
    ASSERT_TRUE(text.has_value());
    Scene scene = sceneFromText(*text, nullptr);
    EXPECT_EQ(scene.surface.name, "six_hump_camel");
}

TEST(RenderFoundation, StatsPrintTheFrameTimeKeys) {
    CommandResult r = runDownhill("render --frames 4 --stats --out " + tempPath("stats.png"));
    ASSERT_EQ(r.exitCode, 0) << r.err;
    for (const char* key : {"frame_ms_median", "frame_ms_p95", "baseline_frame_ms_median"})
        EXPECT_NE(r.out.find(key), std::string::npos) << key << " missing in " << r.out;
    nlohmann::json j = nlohmann::json::parse(r.out);
    EXPECT_GT(j["frame_ms_median"].get<double>(), 0.0);
}

TEST(RenderFoundation, UsageErrorsExitTwo) {
    CommandResult r = runDownhill("frobnicate");
    EXPECT_EQ(r.exitCode, 2);
    r = runDownhill("render --out x.png --no-such-flag");
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("no-such-flag"), std::string::npos) << r.err;
    r = runDownhill("render --out x.png --size 12by7");
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("--size"), std::string::npos) << r.err;
}

TEST(RenderFoundation, MissingSceneFileIsNamed) {
    CommandResult r = runDownhill("render --scene /no/such/scene.json --out " + tempPath("never.png"));
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find("/no/such/scene.json"), std::string::npos) << r.err;
}

TEST(RenderFoundation, UnwritablePngIsNamedAndLeavesNothing) {
    CommandResult r = runDownhill("render --frames 2 --out /no/such/dir/x.png");
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find("/no/such/dir/x.png"), std::string::npos) << r.err;

    // The target is a directory: even root cannot replace it. Nothing may be left beside it.
    std::string parent = tempPath("unwritable");
    ASSERT_EQ(system(("mkdir -p " + parent + "/shot.png").c_str()), 0);
    r = runDownhill("render --frames 2 --out " + parent + "/shot.png");
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find(parent + "/shot.png"), std::string::npos) << r.err;
    DIR* d = opendir(parent.c_str());
    ASSERT_NE(d, nullptr);
    std::vector<std::string> entries;
    while (dirent* e = readdir(d))
        if (std::string(e->d_name) != "." && std::string(e->d_name) != "..") entries.push_back(e->d_name);
    closedir(d);
    EXPECT_EQ(entries, std::vector<std::string>{"shot.png"});
}

TEST(RenderFoundation, NoDisplaySaysToUseXvfb) {
    CommandResult r = runDownhill("render --frames 2 --out " + tempPath("nodisplay.png"), "env -u DISPLAY");
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find("xvfb-run"), std::string::npos) << r.err;
}
