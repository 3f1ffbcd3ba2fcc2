#include "app/shortcuts.h"

#include "app/app_state.h"
#include "app/gfx/gpu.h"

#include <GLFW/glfw3.h>
#include <algorithm>
#include <imgui.h>

namespace dh {

void handleShortcuts(AppState& state) {
    ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput) return;
    Playground& p = state.scene.playground;
    int last = std::max(0, state.derived.runs.longest - 1);
    if (ImGui::IsKeyPressed(GLFW_KEY_SPACE, false)) {
        if (!p.playing && shownStep(state) >= last) p.timeline = 0, state.ui.timelinePosition = 0;
        p.playing = !p.playing;
    }
    if (ImGui::IsKeyPressed(GLFW_KEY_RIGHT)) {
        p.playing = false;
        p.timeline = std::min(last, shownStep(state) + 1);
    }
    if (ImGui::IsKeyPressed(GLFW_KEY_LEFT)) {
        p.playing = false;
        p.timeline = std::max(0, shownStep(state) - 1);
    }
    if (ImGui::IsKeyPressed(GLFW_KEY_R, false)) {
        p.playing = false;
        p.timeline = 0;
        state.ui.timelinePosition = 0;
    }
    if (ImGui::IsKeyPressed(GLFW_KEY_S, false)) state.ui.exports.screenshot = true;
    if (ImGui::IsKeyPressed(GLFW_KEY_F, false) && state.gpu) state.gpu->window.toggleFullscreen();
    for (int k = 1; k <= 9; ++k)
        if (ImGui::IsKeyPressed(GLFW_KEY_0 + k, false) || ImGui::IsKeyPressed(GLFW_KEY_KP_0 + k, false))
            state.ui.presetRequest = k - 1;
    if (ImGui::IsKeyPressed(GLFW_KEY_0, false)) state.ui.presetRequest = 9;
    if (ImGui::IsKeyPressed(GLFW_KEY_H, false) || ImGui::IsKeyPressed(GLFW_KEY_SLASH, false))
        state.ui.showHelp = !state.ui.showHelp;
    if (ImGui::IsKeyPressed(GLFW_KEY_ESCAPE, false)) state.ui.showHelp = false;
}

} // namespace dh
