#include "app/render_command.h"

#include "app/app_state.h"
#include "app/frame.h"
#include "app/gfx/heatmap.h"
#include "app/gfx/mesh.h"
#include "app/window.h"
#include "core/common/error.h"
#include "core/common/file_io.h"
#include "core/scene/png_text.h"
#include "core/scene/scene_json.h"

#include <glad/gl.h>
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <stb_image_write.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
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

void appendBytes(void* context, void* data, int size) {
    auto* out = static_cast<std::vector<unsigned char>*>(context);
    auto* bytes = static_cast<unsigned char*>(data);
    out->insert(out->end(), bytes, bytes + size);
}

// One frame, timed from the start of the frame until the GPU has finished it (glFinish).
template <class Draw>
double timedFrame(Window& window, Draw&& draw) {
    auto t0 = std::chrono::steady_clock::now();
    window.beginFrame();
    draw();
    window.renderImGui();
    glFinish();
    auto t1 = std::chrono::steady_clock::now();
    return std::chrono::duration<double, std::milli>(t1 - t0).count();
}

} // namespace

int runRender(const RenderOptions& options) {
    AppState state;
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
        Window window(wo);
        state.window = &window;
        HeatmapRenderer heatmap;
        state.heatmap = &heatmap;
        MeshRenderer mesh;
        state.mesh = &mesh;
        applyUiSettings(state);

        std::vector<double> sceneMs, baselineMs;
        for (int i = 0; i < options.frames; ++i) {
            bool last = i + 1 == options.frames;
            if (options.stats) {
                baselineMs.push_back(timedFrame(window, [] { drawBaselineFrame(); }));
                window.swap();
            }
            sceneMs.push_back(timedFrame(window, [&] { drawFrame(state); }));
            if (!last) window.swap();
        }

        int w = 0, h = 0;
        std::vector<unsigned char> pixels = window.readPixels(w, h);
        std::vector<unsigned char> png;
        if (!stbi_write_png_to_func(appendBytes, &png, w, h, 3, pixels.data(), w * 3)) {
            std::fprintf(stderr, "downhill render: cannot encode the PNG\n");
            return 1;
        }
        png = addPngText(png, kScenePngKeyword, sceneToText(state.scene));
        writeFileAtomic(options.outPath, png.data(), png.size());

        if (options.stats) {
            std::printf("{\"width\": %d, \"height\": %d, \"frames\": %d, \"frame_ms_median\": %.3f, "
                        "\"frame_ms_p95\": %.3f, \"baseline_frame_ms_median\": %.3f, \"baseline_frame_ms_p95\": %.3f, "
                        "\"heatmap_redraws\": %ld}\n",
                        w, h, options.frames, percentile(sceneMs, 0.5), percentile(sceneMs, 0.95),
                        percentile(baselineMs, 0.5), percentile(baselineMs, 0.95), heatmap.redraws());
        }
    } catch (const InputError& e) {
        std::fprintf(stderr, "downhill render: %s\n", e.what());
        return 1;
    } catch (const std::runtime_error& e) {
        std::fprintf(stderr, "downhill render: %s\n", e.what());
        return 1;
    }
    return 0;
}

} // namespace dh
