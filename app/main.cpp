// Downhill: the command line, or the window. Init in a straight line (scene → GLFW → context → ImGui
// → fonts → GL resources), one loop (poll → NewFrame → panels → Render → swap → exports → autosave),
// cleanup in reverse. The scene is autosaved every few seconds, on exit and on SIGTERM/SIGINT/SIGHUP,
// and restored at start. Exit codes as in core/common/error.h.
#include "app/app_state.h"
#include "app/cli.h"
#include "app/exports.h"
#include "app/frame.h"
#include "app/gfx/gpu.h"
#include "core/common/error.h"
#include "core/common/paths.h"
#include "core/common/shutdown.h"
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
    dh::installShutdownHandlers();
    std::vector<std::string> warnings;
    std::string notice; // an autosave that could not be loaded and was moved aside
    bool sceneGiven = true;
    if (!options.scenePath.empty()) {
        try {
            state.scene = dh::loadScene(options.scenePath, &warnings);
            recent.add(dh::absolutePath(options.scenePath));
        } catch (const std::exception& e) {
            std::fprintf(stderr, "downhill: %s\n", dh::messageFor(e).c_str());
            return dh::exitCodeFor(e);
        }
    } else if (std::optional<dh::Scene> restored = autosave.restore(&warnings, &notice)) {
        state.scene = *restored;
        state.ui.statusMessage = "Restored the last session (" + autosave.path() + ")";
    } else {
        sceneGiven = false;
    }
    if (!notice.empty()) std::fprintf(stderr, "downhill: %s\n", (state.ui.statusMessage = notice).c_str());
    for (const std::string& w : warnings) std::fprintf(stderr, "downhill: warning: %s\n", w.c_str());

    try {
        dh::WindowOptions wo;
        wo.uiScale = state.scene.ui.scale;
        dh::Window& window = dh::openWindow(state, wo).window;
        if (!sceneGiven) { // a first start: readable on this monitor (a projector's 1440 rows: 1.35)
            state.scene.ui.scale = dh::monitorUiScale();
            dh::applyUiSettings(state);
        }
        while (!window.shouldClose() && !dh::shutdownRequested()) {
            window.beginFrame();
            dh::drawFrame(state);
            window.renderImGui(dh::pictureVersion(state));
            window.swap();
            dh::runPendingExports(state, window);
            autosave.maybeSave(dh::sceneToSave(state), glfwGetTime());
            if (std::optional<std::string> error = autosave.takeNewError()) state.ui.statusMessage = *error;
        }
        autosave.save(dh::sceneToSave(state));
    } catch (const std::exception& e) { // out of memory, no display, ...: save, say why, exit 1
        autosave.save(dh::sceneToSave(state));
        std::fprintf(stderr, "downhill: %s\n", dh::messageFor(e).c_str());
        return dh::exitCodeFor(e);
    } catch (...) { // not a std::exception: still save first
        autosave.save(dh::sceneToSave(state));
        std::fprintf(stderr, "downhill: internal error: an unknown exception\n");
        return dh::kExitIo;
    }
    if (!autosave.lastError().empty()) std::fprintf(stderr, "downhill: %s\n", autosave.lastError().c_str());
    dh::raiseShutdownSignal(); // ended by a signal: the scene is saved, now end as that signal would
    return 0;
}
