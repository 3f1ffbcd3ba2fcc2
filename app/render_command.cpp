#include "app/render_command.h"

#include "app/app_state.h"
#include "app/capture.h"
#include "app/exports.h"
#include "app/frame.h"
#include "app/gfx/frame_cache.h"
#include "app/gfx/gpu.h"
#include "core/common/error.h"
#include "core/common/file_io.h"
#include "core/lab/network_data.h"
#include "core/scene/scene_json.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <glad/gl.h>
#include <imgui.h>
#include <iostream>
#include <vector>

namespace dh {
namespace {

double percentile(std::vector<double> v, double q) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    double pos = q * double(v.size() - 1);
    size_t i = size_t(pos);
    double frac = pos - double(i);
    return i + 1 < v.size() ? v[i] * (1 - frac) + v[i + 1] * frac : v[i];
}

// One frame, timed from the start of the frame until the GPU has finished it (glFinish).
// draw() returns the picture version (see pictureVersion in app_state.h) after drawing.
template <class Draw>
double timedFrame(Window& window, Draw&& draw) {
    auto t0 = std::chrono::steady_clock::now();
    window.beginFrame();
    uint64_t version = draw();
    window.renderImGui(version);
    glFinish();
    auto t1 = std::chrono::steady_clock::now();
    return std::chrono::duration<double, std::milli>(t1 - t0).count();
}

} // namespace

void checkRenderRequest(const RenderOptions& o) {
    if (o.outPath.empty() && o.gifPath.empty())
        throw InputError("render: give --out FILE.png, --gif FILE.gif, or both");
    if (o.outPath == "-" && o.gifPath == "-")
        throw InputError("--out - and --gif -: only one of them can go to standard output");
    if (o.stats && (o.outPath == "-" || o.gifPath == "-"))
        throw InputError("--stats prints to standard output: write the picture to a file");
    if (o.frames < 2 || o.frames > kMaxRenderFrames)
        throw InputError("--frames: " + std::to_string(o.frames) + " requested, expected 2 to " +
                         std::to_string(kMaxRenderFrames));
    if (!o.gifPath.empty() && o.frames > kMaxGifFrames)
        throw InputError("--frames: " + std::to_string(o.frames) + " GIF frames requested, the limit is " +
                         std::to_string(kMaxGifFrames));
    const long pixels = long(o.width) * o.height * o.scale * o.scale;
    if (pixels > kMaxRenderPixels)
        throw InputError("--size × --scale: " + std::to_string(pixels) + " pixels requested, the limit is " +
                         std::to_string(kMaxRenderPixels));
}

namespace {

void loadRenderScene(AppState& state, const std::string& path) {
    if (path.empty()) return;
    std::vector<std::string> warnings;
    state.scene = loadScene(path, &warnings);
    state.ui.openBackpropTab = state.scene.backprop.shown;
    for (const std::string& w : warnings)
        std::fprintf(stderr, "downhill render: %s: warning: %s\n", path.c_str(), w.c_str());
}

// A network scene's data is loaded before anything is drawn, so that a missing CSV or Fashion-MNIST
// (exit 1), a broken CSV or a network over the caps (exit 2) ends the command instead of showing
// the lab's error message in the picture.
void checkNetworkScene(const Scene& scene) {
    if (scene.mode != LabMode::Network) return;
    const Dataset data = makeNetworkDataset(scene.network);
    const nn::MlpConfig config = networkConfig(scene.network, data);
    checkNetworkWork(scene.network, config.layers, double(data.size() - data.numTest));
}

void printStats(const RenderOptions& options, const std::vector<double>& sceneMs, const std::vector<double>& baselineMs,
                const HeatmapRenderer& heatmap, const Window& window) {
    std::printf("{\"width\": %d, \"height\": %d, \"frames\": %d, \"frame_ms_median\": %.3f, "
                "\"frame_ms_p95\": %.3f, \"baseline_frame_ms_median\": %.3f, \"baseline_frame_ms_p95\": %.3f, "
                "\"heatmap_redraws\": %ld, \"frame_cache\": %s, \"rasterised_frames\": %ld, "
                "\"reused_frames\": %ld}\n",
                options.width, options.height, options.frames, percentile(sceneMs, 0.5), percentile(sceneMs, 0.95),
                percentile(baselineMs, 0.5), percentile(baselineMs, 0.95), heatmap.redraws(),
                options.frameCache ? "true" : "false", window.frameCache().rasterised(), window.frameCache().reused());
}

void drawAndWrite(AppState& state, const RenderOptions& options) {
    WindowOptions wo;
    wo.width = options.width;
    wo.height = options.height;
    wo.visible = false;
    wo.uiScale = state.scene.ui.scale;
    Gpu& gpu = openWindow(state, wo); // state.gpu: destroyed with the state, before nothing else needs it
    Window& window = gpu.window;
    window.setFrameCacheEnabled(options.frameCache);

    std::vector<double> sceneMs, baselineMs;
    // With --stats, blocks of baseline frames and scene frames alternate (kBlock each), so that
    // both see the same machine load, and each block shows what a steady stream of frames costs.
    const int kBlock = 8;
    for (int i = 0; i < options.frames; ++i) {
        if (options.stats && i % kBlock == 0)
            for (int b = 0; b < std::min(kBlock, options.frames - i); ++b) {
                baselineMs.push_back(timedFrame(window, [] {
                    drawBaselineFrame();
                    return uint64_t(0);
                }));
                window.swap();
            }
        sceneMs.push_back(timedFrame(window, [&] {
            drawFrame(state);
            return pictureVersion(state);
        }));
        if (i + 1 < options.frames) window.swap();
    }

    if (!options.outPath.empty()) {
        RgbImage image;
        if (options.scale > 1 || options.plotOnly) {
            window.swap();
            image = captureFrame(state, window, CaptureOptions{options.scale, options.plotOnly});
        } else {
            image.rgb = window.readPixels(image.width, image.height);
        }
        writePngWithScene(options.outPath, image, sceneToSave(state));
    }
    if (!options.gifPath.empty()) recordGif(state, window, options.gifPath, options.frames);
    if (options.stats) printStats(options, sceneMs, baselineMs, gpu.heatmap, window);
}

} // namespace

int runRender(const RenderOptions& options) {
    return runReportingErrors(std::cerr, "downhill render: ", [&] {
        checkRenderRequest(options);
        for (const std::string& out : {options.outPath, options.gifPath}) // refused before drawing, not after
            if (!out.empty() && out != "-") resolveOutputPath(out);
        AppState state;
        state.ui.headless = true;
        state.ui.frameSeconds = 1.0 / 60; // animations advance the same on every machine
        state.ui.presets = loadPresets();
        loadRenderScene(state, options.scenePath);
        checkNetworkScene(state.scene);
        drawAndWrite(state, options);
        checkStandardOutput();
        return kExitOk;
    });
}

} // namespace dh
