// The help overlay: keyboard shortcuts and mouse controls, toggled with H or ?.
#include "app/app_state.h"
#include "app/panels/panels.h"

#include <imgui.h>

namespace dh {

void drawHelpOverlay(AppState& state) {
    if (!state.ui.showHelp) return;
    ImGuiIO& io = ImGui::GetIO();
    ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, io.DisplaySize.y * 0.5f), ImGuiCond_Always,
                            ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowBgAlpha(0.92f);
    ImGui::Begin("Help", &state.ui.showHelp,
                 ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings);
    const char* rows[][2] = {
        {"Space", "play / pause"},
        {"→", "one step"},
        {"R", "reset the runs"},
        {"S", "screenshot (PNG with the scene inside)"},
        {"F", "fullscreen"},
        {"1 – 9, 0", "preset scenes 1–10"},
        {"H or ?", "this help"},
        {"drag", "pan (or move the start point)"},
        {"wheel", "zoom about the mouse"},
        {"Esc", "close this help"},
    };
    if (ImGui::BeginTable("keys", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit)) {
        for (auto& row : rows) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(row[0]);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(row[1]);
        }
        ImGui::EndTable();
    }
    ImGui::End();
}

} // namespace dh
