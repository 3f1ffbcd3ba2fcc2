#include "app/shortcuts.h"

#include "app/app_state.h"
#include "app/window.h"

#include <GLFW/glfw3.h>
#include <imgui.h>

namespace dh {

void handleShortcuts(AppState& state) {
    ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput) return;
    if (ImGui::IsKeyPressed(GLFW_KEY_H) || ImGui::IsKeyPressed(GLFW_KEY_SLASH)) state.showHelp = !state.showHelp;
    if (ImGui::IsKeyPressed(GLFW_KEY_ESCAPE)) state.showHelp = false;
    if (ImGui::IsKeyPressed(GLFW_KEY_F) && state.window) state.window->toggleFullscreen();
}

} // namespace dh
