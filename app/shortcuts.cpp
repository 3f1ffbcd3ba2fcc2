#include "app/shortcuts.h"

#include "app/app_state.h"
#include "app/window.h"

#include <GLFW/glfw3.h>
#include <algorithm>
#include <imgui.h>

namespace dh {

void handleShortcuts(AppState& state) {
    ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput) return;
    Playground& p = state.scene.playground;
    int last = std::max(0, state.runs.longest - 1);
    if (ImGui::IsKeyPressed(GLFW_KEY_SPACE, false)) {
        if (!p.playing && shownStep(state) >= last) p.timeline = 0, state.timelinePosition = 0;
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
        state.timelinePosition = 0;
    }
    if (ImGui::IsKeyPressed(GLFW_KEY_S, false)) state.exports.screenshot = true;
    if (ImGui::IsKeyPressed(GLFW_KEY_F, false) && state.window) state.window->toggleFullscreen();
    for (int k = 1; k <= 9; ++k)
        if (ImGui::IsKeyPressed(GLFW_KEY_0 + k, false) || ImGui::IsKeyPressed(GLFW_KEY_KP_0 + k, false))
            state.presetRequest = k - 1;
    if (ImGui::IsKeyPressed(GLFW_KEY_0, false)) state.presetRequest = 9;
    if (ImGui::IsKeyPressed(GLFW_KEY_H, false) || ImGui::IsKeyPressed(GLFW_KEY_SLASH, false))
        state.showHelp = !state.showHelp;
    if (ImGui::IsKeyPressed(GLFW_KEY_ESCAPE, false)) state.showHelp = false;
}

} // namespace dh
