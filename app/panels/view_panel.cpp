// The View tab: 2D or 3D, overlays, colours, and classroom settings (UI scale, theme).
#include "app/app_state.h"
#include "app/gfx/widgets.h"
#include "app/panels/panels.h"

#include <imgui.h>

namespace dh {

void drawViewPanel(AppState& state) {
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

    sectionHeader("Classroom");
    UiSettings& ui = state.scene.ui;
    if (ImGui::SliderFloat("UI scale", &ui.scale, 0.75f, 2.5f, "%.2f×")) applyUiSettings(state);
    if (ImGui::Checkbox("dark theme", &ui.darkTheme)) applyUiSettings(state);
    ImGui::SameLine();
    if (ImGui::Button("keyboard shortcuts (H)")) state.ui.showHelp = !state.ui.showHelp;
}

} // namespace dh
