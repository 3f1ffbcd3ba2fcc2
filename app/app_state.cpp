#include "app/app_state.h"

#include "app/gfx/heatmap.h"
#include "app/gfx/mesh.h"
#include "app/window.h"
#include "core/common/error.h"
#include "core/scene/scene_json.h"
#include "core/scene/session_store.h"

#include <algorithm>
#include <imgui.h>

namespace dh {

AppState::AppState() = default;
AppState::~AppState() = default;

void setScene(AppState& state, Scene scene) {
    state.scene = std::move(scene);
    state.exprDraft = state.scene.surface.expr;
    state.selectedRun = 0;
    state.timelinePosition = 0;
    state.drag = AppState::Drag::None;
    applyUiSettings(state);
}

bool openSceneFile(AppState& state, const std::string& path) {
    std::vector<std::string> warnings;
    try {
        setScene(state, loadScene(path, &warnings));
    } catch (const std::exception& e) { // the file could not be read or is invalid: keep the current scene
        state.statusMessage = "Not opened: " + messageFor(e);
        return false;
    }
    state.statusMessage = "Opened " + path;
    for (const std::string& w : warnings) state.statusMessage += "\nwarning: " + w;
    if (state.recent) state.recent->add(path);
    return true;
}

bool syncSurface(AppState& state) {
    const SurfaceSpec& spec = state.scene.surface;
    if (state.surface && spec == state.builtFrom) return false;
    try {
        state.surface = makeSurface(spec);
        state.builtFrom = spec;
        state.surfaceError.clear();
        ++state.surfaceVersion;
        return true;
    } catch (const InputError& e) {
        state.surfaceError = e.what();
        if (!state.surface) { // nothing good yet: fall back to the default surface
            state.scene.surface = SurfaceSpec{};
            state.surface = makeBuiltinSurface(state.scene.surface.name);
            ++state.surfaceVersion;
        }
        state.scene.surface = state.builtFrom; // keep the last good spec in the scene
        return false;
    }
}

void syncDerived(AppState& state) {
    if (state.criticalVersion != state.surfaceVersion) {
        state.criticalPoints = findCriticalPoints(*state.surface);
        state.criticalVersion = state.surfaceVersion;
    }
    updateRuns(*state.surface, state.surfaceVersion, state.scene.playground, state.runs);
    if (state.selectedRun >= int(state.scene.playground.runs.size()))
        state.selectedRun = std::max(0, int(state.scene.playground.runs.size()) - 1);
}

int shownStep(const AppState& state) {
    int last = std::max(0, state.runs.longest - 1);
    int t = state.scene.playground.timeline;
    return t < 0 ? last : std::min(t, last);
}

uint64_t pictureVersion(const AppState& state) {
    uint64_t v = 0;
    if (state.heatmap) v += uint64_t(state.heatmap->redraws());
    if (state.mesh) v += uint64_t(state.mesh->redraws()) << 20;
    return v;
}

Domain currentView(const AppState& state) {
    if (state.scene.viewSet) return state.scene.view;
    return state.surface ? state.surface->domain : Domain{};
}

void applyUiSettings(AppState& state) {
    if (state.scene.ui.darkTheme)
        ImGui::StyleColorsDark();
    else
        ImGui::StyleColorsLight();
    if (state.window && state.window->uiScale() != state.scene.ui.scale) state.window->setUiScale(state.scene.ui.scale);
}

} // namespace dh
