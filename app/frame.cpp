#include "app/frame.h"

#include "app/app_state.h"
#include "app/panels/panels.h"
#include "app/shortcuts.h"

#include <algorithm>
#include <imgui.h>

namespace dh {
Layout computeLayout(float displayWidth, float displayHeight, float uiScale) {
    Layout L;
    L.sidebarWidth = std::min(380.0f * uiScale, displayWidth * 0.45f);
    L.x = L.sidebarWidth;
    L.y = 0;
    L.width = std::max(displayWidth - L.sidebarWidth, 1.0f);
    L.height = std::max(displayHeight, 1.0f);
    return L;
}

void drawFrame(AppState& state) {
    handleShortcuts(state);
    syncSurface(state);
    ImVec2 display = ImGui::GetIO().DisplaySize;
    state.layout = computeLayout(display.x, display.y, state.scene.ui.scale);
    drawSurfaceView(state);
    drawSidebar(state);
    drawHelpOverlay(state);
}

void drawBaselineFrame() {
    ImGui::SetNextWindowPos(ImVec2(20, 20));
    ImGui::SetNextWindowSize(ImVec2(300, 200));
    ImGui::Begin("Baseline", nullptr, ImGuiWindowFlags_NoSavedSettings);
    ImGui::End();
}

} // namespace dh
