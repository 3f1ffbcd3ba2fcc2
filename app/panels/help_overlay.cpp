// The help overlay: every key (app/shortcuts.h) and the mouse controls, toggled with H or ?.
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
    // Every key of app/shortcuts.h, then the mouse.
    const char* rows[][2] = {
        {"Space", "play / pause (network lab: train / pause)"},
        {"→  ←", "one step forward / back"},
        {"PageDown  PageUp", "one step (a presenter remote); in the Presets tab: next / previous preset"},
        {"R", "reset the timeline (network lab: the weights)"},
        {"S", "screenshot (PNG with the scene inside)"},
        {"F", "fullscreen"},
        {"P", "presentation mode: hide the sidebar"},
        {"B or .", "blank the screen (again: show it)"},
        {"1 – 9, 0", "preset scenes 1–10"},
        {"H or ?", "this help"},
        {"Esc", "close help, leave presentation mode, unblank"},
        {"", ""},
        {"drag", "pan (or move a start point: the white ring)"},
        {"wheel", "zoom about the mouse"},
        {"3D: drag", "orbit the camera (right: turn the surface left; up: look from higher)"},
        {"3D: wheel, double-click", "zoom; reset the camera"},
        {"Ctrl+click a slider", "type a value (Enter applies, Esc cancels)"},
        {"η field", "drag 1 % a pixel, Shift 0.1 %, Alt 0.01 %; double-click to type"},
        {"", "keys never change a setting: they act only while no text field is being edited"},
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
