// Downhill: the command line, or the window. Init in a straight line (GLFW → context → ImGui →
// fonts → GL resources), one loop (poll → NewFrame → panels → Render → swap), cleanup in reverse.
#include "app/app_state.h"
#include "app/cli.h"
#include "app/frame.h"
#include "app/gfx/heatmap.h"
#include "app/gfx/mesh.h"
#include "app/window.h"
#include "core/common/error.h"
#include "core/scene/scene_json.h"

#include <cstdio>
#include <stdexcept>

int main(int argc, char** argv) {
    bool runGui = false;
    dh::GuiOptions options;
    int code = dh::runCommandLine(argc, argv, runGui, options);
    if (!runGui) return code;

    dh::AppState state;
    if (!options.scenePath.empty()) {
        std::vector<std::string> warnings;
        try {
            state.scene = dh::loadScene(options.scenePath, &warnings);
        } catch (const dh::InputError& e) {
            std::fprintf(stderr, "downhill: %s\n", e.what());
            return 1;
        }
        for (const std::string& w : warnings) std::fprintf(stderr, "downhill: warning: %s\n", w.c_str());
    }

    try {
        dh::WindowOptions wo;
        wo.uiScale = state.scene.ui.scale;
        dh::Window window(wo);
        dh::HeatmapRenderer heatmap;
        state.window = &window;
        state.heatmap = &heatmap;
        dh::MeshRenderer mesh;
        state.mesh = &mesh;
        dh::applyUiSettings(state);

        while (!window.shouldClose()) {
            window.beginFrame();
            dh::drawFrame(state);
            window.renderImGui();
            window.swap();
        }
        state.heatmap = nullptr;
        state.window = nullptr;
    } catch (const std::runtime_error& e) {
        std::fprintf(stderr, "downhill: %s\n", e.what());
        return 1;
    }
    return 0;
}
