// Headless render tests of the playground and of the reports: presets, screenshots that reopen
// themselves, divergence badges, trajectories ending where the math says, GIFs, 2×/plot-only PNGs.
#include "app/frame.h"
#include "core/common/file_io.h"
#include "core/scene/png_text.h"
#include "core/scene/scene_json.h"
#include "core/scene/view_transform.h"
#include "render_helpers.h"

#include <dirent.h>
#include <fstream>
#include <gtest/gtest.h>

using namespace dh;
using namespace dh::test;

namespace {

std::string writeScene(const std::string& name, const std::string& json) {
    std::string path = tempPath(name);
    std::ofstream(path) << json;
    return path;
}

// The surface view's plane → pixel map for a 1600×900 window (same code as the app).
ViewTransform surfaceView(const Domain& d) {
    Layout L = computeLayout(1600, 900, 1.0f);
    return ViewTransform(d, PixelRect{L.x, L.y, L.width, L.height});
}

std::vector<std::string> presetFiles() {
    std::vector<std::string> files;
    std::string dir = sourcePath("assets/scenes");
    if (DIR* d = opendir(dir.c_str())) {
        while (dirent* e = readdir(d)) {
            std::string n = e->d_name;
            if (n.size() > 5 && n.substr(n.size() - 5) == ".json") files.push_back(dir + "/" + n);
        }
        closedir(d);
    }
    std::sort(files.begin(), files.end());
    return files;
}

double luminanceSpread(const Image& img) {
    double lo = 255, hi = 0;
    for (int y = 0; y < img.height; y += 7)
        for (int x = 0; x < img.width; x += 7) {
            lo = std::min(lo, img.luminance(x, y));
            hi = std::max(hi, img.luminance(x, y));
        }
    return hi - lo;
}

} // namespace

TEST(RenderPlayground, EveryPresetRendersHeadless) {
    std::vector<std::string> files = presetFiles();
    ASSERT_EQ(files.size(), 19u);
    for (const std::string& f : files) {
        std::string out = tempPath("preset.png");
        CommandResult r = runDownhill("render --frames 3 --scene " + f + " --out " + out);
        ASSERT_EQ(r.exitCode, 0) << f << ": " << r.err;
        EXPECT_EQ(r.err.find("warning"), std::string::npos) << f << ": " << r.err;
        Image img = loadPng(out);
        ASSERT_EQ(img.width, 1600) << f;
        EXPECT_GT(luminanceSpread(img), 100) << f << " looks blank";
    }
}

TEST(RenderPlayground, AScreenshotReopensAsTheSamePicture) {
    std::string first = tempPath("first.png"), second = tempPath("second.png");
    ASSERT_EQ(
        runDownhill("render --scene " + sourcePath("assets/scenes/05_momentum.json") + " --out " + first).exitCode, 0);
    CommandResult r = runDownhill("render --scene " + first + " --out " + second);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    Image a = loadPng(first), b = loadPng(second);
    ASSERT_EQ(a.width, b.width);
    ASSERT_EQ(a.height, b.height);
    size_t differing = 0;
    for (size_t i = 0; i < a.rgb.size(); i += 3)
        if (a.rgb[i] != b.rgb[i] || a.rgb[i + 1] != b.rgb[i + 1] || a.rgb[i + 2] != b.rgb[i + 2]) ++differing;
    EXPECT_EQ(differing, 0u) << "pixels differ between a scene and its reopened screenshot";
    // And the embedded scene is the scene.
    Scene embedded = sceneFromText(*findPngText(readFileBytes(second), kScenePngKeyword), nullptr);
    EXPECT_EQ(embedded.title, "Momentum in a narrow valley");
}

TEST(RenderPlayground, AHugeLearningRateShowsADivergenceBadge) {
    // GD on ½(x² + 10y²) with η = 3: y ← (1 − 30)y, |y| = 29^k · 0.5 passes 1e6 at k = 5.
    std::string scene = writeScene("diverge.json", R"({"surface": {"name": "quadratic"},
        "playground": {"start": [1, 0.5], "steps": 50,
        "runs": [{"label": "GD", "optimizer": "sgd", "lr": 3, "color": "#ffffff"}]}})");
    std::string out = tempPath("diverge.png");
    CommandResult r = runDownhill("render --frames 3 --scene " + scene + " --out " + out);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    Image img = loadPng(out);
    Layout L = computeLayout(1600, 900, 1.0f);
    // The badge's red background (170, 30, 30) fills a strip at the bottom left of the view (the legend).
    int legendTop = int(L.y + L.height) - 160;
    int red = img.countColor(int(L.x), legendTop, int(L.x) + 600, int(L.y + L.height), 170, 30, 30, 12);
    EXPECT_GT(red, 1500) << "no divergence badge";
    // A converging run has no red badge.
    std::string calm = writeScene("calm.json", R"({"surface": {"name": "quadratic"},
        "playground": {"start": [1, 0.5], "steps": 50,
        "runs": [{"label": "GD", "optimizer": "sgd", "lr": 0.1, "color": "#ffffff"}]}})");
    ASSERT_EQ(runDownhill("render --frames 3 --scene " + calm + " --out " + out).exitCode, 0);
    EXPECT_LT(loadPng(out).countColor(int(L.x), legendTop, int(L.x) + 600, int(L.y + L.height), 170, 30, 30, 12), 50);
}

TEST(RenderPlayground, TheIterateEndsAtTheMinimumTheMathPredicts) {
    // GD with η = 0.1 on ½(x² + 10y²) from (1.5, 1): x ← 0.9x → 1.5·0.9^200 ≈ 0; y ← 0 after one step.
    std::string scene = writeScene("converge.json", R"({"surface": {"name": "quadratic"}, "view": [-2, 2, -2, 2],
        "playground": {"start": [1.5, 1], "steps": 200, "overlays": {"glyphs": false},
        "runs": [{"label": "GD", "optimizer": "sgd", "lr": 0.1, "color": "#ff00ff"}]}})");
    std::string out = tempPath("converge.png");
    ASSERT_EQ(runDownhill("render --frames 3 --scene " + scene + " --out " + out).exitCode, 0);
    Image img = loadPng(out);
    ViewTransform vt = surfaceView(Domain{-2, 2, -2, 2});
    Eigen::Vector2d end = vt.toPixel({0, 0}), start = vt.toPixel({1.5, 1});
    int atEnd = img.countColor(int(end.x()) - 8, int(end.y()) - 8, int(end.x()) + 8, int(end.y()) + 8, 255, 0, 255, 40);
    EXPECT_GT(atEnd, 40) << "the magenta iterate is not at the minimum";
    // Away from the path (upper left of the view) there is no magenta.
    Eigen::Vector2d away = vt.toPixel({-1.5, 1.5});
    EXPECT_EQ(
        img.countColor(int(away.x()) - 20, int(away.y()) - 20, int(away.x()) + 20, int(away.y()) + 20, 255, 0, 255, 40),
        0);
    (void)start;
}

TEST(RenderPlayground, OverlaysDrawOnTheSurface) {
    std::string plain = writeScene("plain.json", R"({"surface": {"name": "himmelblau"}, "playground": {"runs": []}})");
    std::string overlays = writeScene("overlays.json", R"({"surface": {"name": "himmelblau"},
        "playground": {"runs": [], "overlays": {"quiver": true, "critical_points": true}}})");
    std::string a = tempPath("plain.png"), b = tempPath("overlays.png");
    ASSERT_EQ(runDownhill("render --frames 3 --scene " + plain + " --out " + a).exitCode, 0);
    ASSERT_EQ(runDownhill("render --frames 3 --scene " + overlays + " --out " + b).exitCode, 0);
    Image pa = loadPng(a), pb = loadPng(b);
    // Himmelblau's four minima are marked with white rings: near (3, 2) there is white only with overlays.
    ViewTransform vt = surfaceView(Domain{-5, 5, -5, 5});
    Eigen::Vector2d m = vt.toPixel({3, 2});
    int x0 = int(m.x()) - 10, y0 = int(m.y()) - 10, x1 = int(m.x()) + 10, y1 = int(m.y()) + 10;
    EXPECT_GT(pb.countColor(x0, y0, x1, y1, 255, 255, 255, 30), 20);
    EXPECT_EQ(pa.countColor(x0, y0, x1, y1, 255, 255, 255, 30), 0);
}

TEST(RenderPlayground, DoubleResolutionPlotOnlyAndGif) {
    std::string scene = sourcePath("assets/scenes/07_saddle_race.json");
    std::string png = tempPath("double.png"), gif = tempPath("race.gif");
    CommandResult r =
        runDownhill("render --frames 12 --scale 2 --plot-only --gif " + gif + " --scene " + scene + " --out " + png);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    Image img = loadPng(png);
    Layout L = computeLayout(1600, 900, 1.0f);
    EXPECT_NEAR(img.width, 2 * L.width, 2);
    EXPECT_NEAR(img.height, 2 * L.height, 2);
    std::vector<unsigned char> bytes = readFileBytes(gif);
    ASSERT_GT(bytes.size(), 1000u);
    EXPECT_EQ(std::string(bytes.begin(), bytes.begin() + 6), "GIF89a");
    // 12 frames: each starts with an image separator preceded by a graphic control extension.
    int frames = 0;
    for (size_t i = 0; i + 3 < bytes.size(); ++i)
        if (bytes[i] == 0x21 && bytes[i + 1] == 0xF9 && bytes[i + 2] == 0x04) ++frames;
    EXPECT_EQ(frames, 12);
}
