// The View tab: in the playground 2D or 3D, overlays, colours and the run legend (the other labs have
// none of these); everywhere the classroom settings (UI scale, theme, presentation mode, blank).
#include "app/app_state.h"
#include "app/gfx/widgets.h"
#include "app/panels/panels.h"

#include <imgui.h>

namespace dh {

namespace {

void drawPlaygroundView(AppState& state) {
    Playground& p = state.scene.playground;
    int mode = p.viewMode == ViewMode::Mesh3D ? 1 : 0;
    ImGui::TextUnformatted("Show the surface as");
    ImGui::SameLine();
    if (ImGui::RadioButton("2D", mode == 0)) p.viewMode = ViewMode::Plane;
    ImGui::SameLine();
    if (ImGui::RadioButton("3D", mode == 1)) p.viewMode = ViewMode::Mesh3D;
    if (state.derived.surface && state.derived.surface->oneD)
        ImGui::TextDisabled("(f depends on x alone: shown as a curve)");

    sectionHeader("Overlays");
    ImGui::Checkbox("gradient field (−∇f)", &p.overlays.quiver);
    ImGui::Checkbox("critical points", &p.overlays.criticalPoints);
    ImGui::Checkbox("Hessian eigen-directions at the mouse", &p.overlays.hessian);
    ImGui::Checkbox("optimizer glyphs (∇f, momentum, Σg²)", &p.overlays.glyphs);

    sectionHeader("Colours");
    SurfaceStyle& st = state.scene.style;
    ImGui::Checkbox("log colour scale", &st.logScale);
    ImGui::SameLine();
    ImGui::Checkbox("contours", &st.contours);
    int cm = int(st.colormap);
    if (ImGui::Combo("colormap", &cm, "viridis\0cividis\0")) st.colormap = Colormap(cm);
    ImGui::SliderInt("contour levels", &st.contourLevels, 4, 60);
    if (ImGui::Button("reset view")) {
        state.scene.viewSet = false;
        p.camera = Camera3D{};
    }
}

// The UI scale applies when the slider is let go (or a typed value is entered): rebuilding the fonts
// while dragging would move the slider under the mouse.
void uiScaleSlider(AppState& state) {
    ViewPanelState& v = state.ui.panels.view;
    if (!v.scaleActive) v.scaleDraft = state.scene.ui.scale;
    ImGui::SliderFloat("UI scale", &v.scaleDraft, 0.75f, 2.5f, "%.2f×", ImGuiSliderFlags_AlwaysClamp);
    v.scaleActive = ImGui::IsItemActive();
    if (ImGui::IsItemDeactivatedAfterEdit() && v.scaleDraft != state.scene.ui.scale) {
        state.scene.ui.scale = v.scaleDraft;
        applyUiSettings(state);
    }
}

void classroom(AppState& state) {
    sectionHeader("Classroom");
    UiSettings& ui = state.scene.ui;
    uiScaleSlider(state);
    if (ImGui::Checkbox("dark theme", &ui.darkTheme)) applyUiSettings(state);
    ImGui::SameLine();
    if (ImGui::Button("keyboard shortcuts (H)")) state.ui.showHelp = !state.ui.showHelp;
    if (ImGui::Button("presentation mode (P)")) state.ui.presentation = true;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("hides this sidebar; P or Esc brings it back");
    ImGui::SameLine();
    if (ImGui::Button("blank (B)")) state.ui.blank = true;
}

void legend(AppState& state) {
    LegendSettings& l = state.ui.legend;
    ImGui::Checkbox("legend", &l.shown);
    ImGui::SameLine();
    int corner = int(l.corner);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
    if (ImGui::Combo("##corner", &corner, "bottom left\0top left\0top right\0bottom right\0"))
        l.corner = LegendSettings::Corner(corner);
}

} // namespace

void drawViewPanel(AppState& state) {
    if (state.scene.mode == LabMode::Playground) { // the other labs have their own views and legends
        drawPlaygroundView(state);
        sectionHeader("Legend");
        legend(state);
    }
    classroom(state);
}

} // namespace dh
