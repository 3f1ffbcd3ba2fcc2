#include "app/render_command.h"

#include "app/app_state.h"
#include "app/capture.h"
#include "app/exports.h"
#include "app/frame.h"
#include "app/gfx/frame_cache.h"
#include "app/gfx/gpu.h"
#include "core/common/error.h"
#include "core/scene/scene_json.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <glad/gl.h>
#include <imgui.h>
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

int runRender(const RenderOptions& options) {
    AppState state;
    state.ui.headless = true;
    state.ui.frameSeconds = 1.0 / 60; // animations advance the same on every machine
    state.ui.presets = loadPresets();
    if (!options.scenePath.empty()) {
        std::vector<std::string> warnings;
        try {
            state.scene = loadScene(options.scenePath, &warnings);
        } catch (const InputError& e) {
            std::fprintf(stderr, "downhill render: %s\n", e.what());
            return 1;
        }
        for (const std::string& w : warnings)
            std::fprintf(stderr, "downhill render: %s: warning: %s\n", options.scenePath.c_str(), w.c_str());
    }

    WindowOptions wo;
    wo.width = options.width;
    wo.height = options.height;
    wo.visible = false;
    wo.uiScale = state.scene.ui.scale;
    try {
        Gpu& gpu = openWindow(state, wo);
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

        if (options.stats) {
            std::printf("{\"width\": %d, \"height\": %d, \"frames\": %d, \"frame_ms_median\": %.3f, "
                        "\"frame_ms_p95\": %.3f, \"baseline_frame_ms_median\": %.3f, \"baseline_frame_ms_p95\": %.3f, "
                        "\"heatmap_redraws\": %ld, \"frame_cache\": %s, \"rasterised_frames\": %ld, "
                        "\"reused_frames\": %ld}\n",
                        options.width, options.height, options.frames, percentile(sceneMs, 0.5),
                        percentile(sceneMs, 0.95), percentile(baselineMs, 0.5), percentile(baselineMs, 0.95),
                        gpu.heatmap.redraws(), options.frameCache ? "true" : "false", window.frameCache().rasterised(),
                        window.frameCache().reused());
        }
    } catch (const std::runtime_error& e) { // InputError included
        std::fprintf(stderr, "downhill render: %s\n", e.what());
        return 1;
    }
    return 0;
}

} // namespace dh
