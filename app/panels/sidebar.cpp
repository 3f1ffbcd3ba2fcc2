// The sidebar: the scene's caption, then tabs of controls (runs, surface, view).
#include "app/app_state.h"
#include "app/gfx/draw_util.h"
#include "app/panels/panels.h"

#include <imgui.h>

namespace dh {

void drawSidebar(AppState& state) {
    const Layout& L = state.ui.layout;
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(L.sidebarWidth, ImGui::GetIO().DisplaySize.y));
    ImGui::Begin("Downhill", nullptr,
                 ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus);
    if (!state.scene.caption.empty() && state.scene.mode == state.ui.captionMode) {
        textWrapped(state.scene.caption.c_str());
        ImGui::Separator();
    }
    ImGui::PushItemWidth(-ImGui::GetFontSize() * 5.5f);
    int mode = int(state.scene.mode);
    if (ImGui::RadioButton("Playground", mode == 0)) state.scene.mode = LabMode::Playground;
    ImGui::SameLine();
    if (ImGui::RadioButton("Network lab", mode == 1)) state.scene.mode = LabMode::Network;
    ImGui::SameLine();
    if (ImGui::RadioButton("Fitting lab", mode == 2)) state.scene.mode = LabMode::Fitting;
    if (ImGui::RadioButton("Graph lab", mode == 3)) state.scene.mode = LabMode::Graph;
    ImGui::SameLine();
    if (ImGui::RadioButton("Loss lab", mode == 4)) state.scene.mode = LabMode::Loss;
    if (ImGui::BeginTabBar("sidebar")) {
        if (state.scene.mode == LabMode::Playground) {
            if (ImGui::BeginTabItem("Runs")) {
                drawRunsPanel(state);
                ImGui::EndTabItem();
            }
            if (ImGui::BeginTabItem("Surface")) {
                drawSurfacePanel(state);
                ImGui::EndTabItem();
            }
        } else if (state.scene.mode == LabMode::Network) {
            if (ImGui::BeginTabItem("Network")) {
                drawNetworkPanel(state);
                ImGui::EndTabItem();
            }
        } else if (state.scene.mode == LabMode::Graph) {
            if (ImGui::BeginTabItem("Graph")) {
                drawGraphPanel(state);
                ImGui::EndTabItem();
            }
        } else if (state.scene.mode == LabMode::Loss) {
            if (ImGui::BeginTabItem("Loss")) {
                drawLossPanel(state);
                ImGui::EndTabItem();
            }
        } else if (ImGui::BeginTabItem("Fitting")) {
            drawFittingPanel(state);
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem("View")) {
            drawViewPanel(state);
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem("File")) {
            drawFilePanel(state);
            ImGui::EndTabItem();
        }
        state.ui.galleryShown = false;
        if (ImGui::BeginTabItem("Presets")) {
            state.ui.galleryShown = true;
            drawGalleryPanel(state);
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
    }
    ImGui::PopItemWidth();
    if (!state.ui.statusMessage.empty()) {
        ImGui::Separator();
        textWrapped(state.ui.statusMessage.c_str());
    }
    ImGui::End();
}

} // namespace dh
