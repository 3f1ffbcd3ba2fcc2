// The sidebar: surface picker (built-ins with their parameters, or a typed f(x, y) with inline
// parse errors), colour options, view reset and classroom settings.
#include "app/app_state.h"
#include "app/panels/panels.h"

#include <imgui.h>
#include <imgui_stdlib.h>

namespace dh {
namespace {

void surfacePicker(AppState& state) {
    SurfaceSpec& spec = state.scene.surface;
    const char* current = spec.expr.empty() ? spec.name.c_str() : "f(x, y) = …";
    if (ImGui::BeginCombo("surface", current)) {
        for (const std::string& name : builtinSurfaceNames()) {
            if (ImGui::Selectable(name.c_str(), spec.expr.empty() && name == spec.name)) {
                spec = SurfaceSpec{};
                spec.name = name;
                state.scene.viewSet = false;
            }
        }
        ImGui::EndCombo();
    }
    if (spec.expr.empty() && state.surface) {
        for (const SurfaceParam& p : state.surface->params) {
            float v = float(p.value);
            if (ImGui::DragFloat(p.name.c_str(), &v, 0.01f * std::max(1.0f, std::abs(v)))) spec.params[p.name] = v;
        }
    }
    ImGui::TextWrapped("f = %s", state.surface ? state.surface->formula.c_str() : "");

    ImGui::Spacing();
    ImGui::TextUnformatted("Type f(x, y):");
    ImGui::SetNextItemWidth(-1);
    if (ImGui::InputTextWithHint("##expr", "e.g. x^2 + 10*y^2", &state.exprDraft,
                                 ImGuiInputTextFlags_EnterReturnsTrue) ||
        ImGui::IsItemDeactivatedAfterEdit()) {
        if (!state.exprDraft.empty()) {
            spec.expr = state.exprDraft;
            state.scene.viewSet = false;
        }
    }
    if (!state.surfaceError.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(255, 110, 90, 255));
        ImGui::TextWrapped("%s", state.surfaceError.c_str());
        ImGui::PopStyleColor();
    }
}

void styleControls(AppState& state) {
    SurfaceStyle& st = state.scene.style;
    ImGui::Checkbox("log colour scale", &st.logScale);
    ImGui::SameLine();
    ImGui::Checkbox("contours", &st.contours);
    int cm = int(st.colormap);
    if (ImGui::Combo("colours", &cm, "viridis\0cividis\0")) st.colormap = Colormap(cm);
    if (ImGui::Button("reset view")) state.scene.viewSet = false;
}

void classroomControls(AppState& state) {
    UiSettings& ui = state.scene.ui;
    if (ImGui::SliderFloat("UI scale", &ui.scale, 0.75f, 2.5f, "%.2f×")) applyUiSettings(state);
    if (ImGui::Checkbox("dark theme", &ui.darkTheme)) applyUiSettings(state);
    ImGui::SameLine();
    if (ImGui::Button("help (?)")) state.showHelp = !state.showHelp;
}

} // namespace

void drawSidebar(AppState& state) {
    const Layout& L = state.layout;
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(L.sidebarWidth, ImGui::GetIO().DisplaySize.y));
    ImGui::Begin("Downhill", nullptr, ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                          ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings);
    ImGui::PushItemWidth(-ImGui::GetFontSize() * 6);
    if (!state.scene.caption.empty()) {
        ImGui::TextWrapped("%s", state.scene.caption.c_str());
        ImGui::Separator();
    }
    if (ImGui::CollapsingHeader("Surface", ImGuiTreeNodeFlags_DefaultOpen)) surfacePicker(state);
    if (ImGui::CollapsingHeader("Picture", ImGuiTreeNodeFlags_DefaultOpen)) styleControls(state);
    if (ImGui::CollapsingHeader("Classroom", ImGuiTreeNodeFlags_DefaultOpen)) classroomControls(state);
    ImGui::Separator();
    ImGui::TextWrapped("Gradient descent: x ← x − η ∇f(x)");
    ImGui::TextWrapped("Momentum: g ← β g + ∇f,  x ← x − η g");
    ImGui::TextWrapped("Adaptive: x ← x − η ∇f / √(ε + Σ‖∇f‖²)");
    if (!state.statusMessage.empty()) {
        ImGui::Separator();
        ImGui::TextWrapped("%s", state.statusMessage.c_str());
    }
    ImGui::PopItemWidth();
    ImGui::End();
}

} // namespace dh
