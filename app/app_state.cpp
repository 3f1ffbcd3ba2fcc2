#include "app/app_state.h"

#include "app/gfx/heatmap.h"
#include "app/window.h"
#include "core/common/error.h"

#include <algorithm>
#include <imgui.h>

namespace dh {

AppState::AppState() = default;
AppState::~AppState() = default;

namespace {

bool sameSpec(const SurfaceSpec& a, const SurfaceSpec& b) {
    return a.name == b.name && a.params == b.params && a.expr == b.expr;
}

} // namespace

bool syncSurface(AppState& state) {
    const SurfaceSpec& spec = state.scene.surface;
    if (state.surface && sameSpec(spec, state.builtFrom)) return false;
    try {
        std::unique_ptr<Surface> built =
            spec.expr.empty() ? makeBuiltinSurface(spec.name, spec.params) : makeExprSurface(spec.expr);
        state.surface = std::move(built);
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
