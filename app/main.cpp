// Downhill: the command line, or the window. Init in a straight line (scene → GLFW → context → ImGui
// → fonts → GL resources), one loop (poll → NewFrame → panels → Render → swap → exports → autosave),
// cleanup in reverse. The scene is autosaved every few seconds and on exit, and restored at start.
#include "app/app_state.h"
#include "app/cli.h"
#include "app/exports.h"
#include "app/frame.h"
#include "app/gfx/gpu.h"
#include "core/common/error.h"
#include "core/scene/scene_json.h"
#include "core/scene/session_store.h"

#include <GLFW/glfw3.h>
#include <cstdio>
#include <stdexcept>

int main(int argc, char** argv) {
    bool runGui = false;
    dh::GuiOptions options;
    int code = dh::runCommandLine(argc, argv, runGui, options);
    if (!runGui) return code;

    const std::string stateDir = dh::stateDirectory();
    dh::SceneAutosave autosave(stateDir.empty() ? "" : stateDir + "/autosave.json");
    dh::RecentFiles recent(stateDir.empty() ? "" : stateDir + "/recent.json");
    dh::AppState state;
    state.ui.recent = &recent;
    state.ui.presets = dh::loadPresets();
    std::vector<std::string> warnings;
    if (!options.scenePath.empty()) {
        try {
            state.scene = dh::loadScene(options.scenePath, &warnings);
            recent.add(options.scenePath);
        } catch (const dh::InputError& e) {
            std::fprintf(stderr, "downhill: %s\n", e.what());
            return 1;
        }
    } else if (std::optional<dh::Scene> restored = autosave.restore(&warnings)) {
        state.scene = *restored;
        state.ui.statusMessage = "Restored the last session (" + autosave.path() + ")";
    }
    for (const std::string& w : warnings) std::fprintf(stderr, "downhill: warning: %s\n", w.c_str());

    try {
        dh::WindowOptions wo;
        wo.uiScale = state.scene.ui.scale;
        dh::Window& window = dh::openWindow(state, wo).window;
        while (!window.shouldClose()) {
            window.beginFrame();
            dh::drawFrame(state);
            window.renderImGui(dh::pictureVersion(state));
            window.swap();
            dh::runPendingExports(state, window);
            autosave.maybeSave(dh::sceneToSave(state), glfwGetTime());
        }
        autosave.save(dh::sceneToSave(state));
    } catch (const std::runtime_error& e) {
        autosave.save(dh::sceneToSave(state));
        std::fprintf(stderr, "downhill: %s\n", e.what());
        return 1;
    }
    return 0;
}
