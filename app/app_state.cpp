#include "app/app_state.h"

#include "app/gfx/heatmap.h"
#include "app/window.h"
#include "core/common/error.h"

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

Domain currentView(const AppState& state) {
    if (state.scene.viewSet) return state.scene.view;
    return state.surface ? state.surface->domain : Domain{};
}

void applyUiSettings(AppState& state) {
    if (state.scene.ui.darkTheme) ImGui::StyleColorsDark();
    else ImGui::StyleColorsLight();
    if (state.window && state.window->uiScale() != state.scene.ui.scale) state.window->setUiScale(state.scene.ui.scale);
}

} // namespace dh
