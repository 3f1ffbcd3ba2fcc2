// The Surface tab: every built-in with its parameters, or a typed f(x, y) whose parse errors show
// inline while the last good surface stays on screen.
#include "app/app_state.h"
#include "app/gfx/widgets.h"
#include "app/panels/panels.h"
#include "core/autodiff/expr_parser.h"

#include <algorithm>
#include <cmath>
#include <imgui.h>
#include <imgui_stdlib.h>

namespace dh {
namespace {

// λ₁(|x| + |y|) + λ₂(x² + y²) added to the surface (core/surfaces/regularized.h): L1, L2, or both (the
// elastic net).
void regularizationSliders(SurfaceRegularization& reg) {
    sectionHeader("Regularization of (x, y)");
    sliderDouble("λ₁ (L1)", &reg.l1, 0.0, 5.0, "%.3g");
    sliderDouble("λ₂ (L2)", &reg.l2, 0.0, 5.0, "%.3g");
    ImGui::TextDisabled("+ λ₁(|x| + |y|) + λ₂(x² + y²); both: the elastic net. L1 pulls a coordinate to exactly 0 "
                        "(its subgradient at 0 is 0), L2 only shrinks.");
}

} // namespace

void drawSurfacePanel(AppState& state) {
    SurfaceSpec& spec = state.scene.surface;
    ImGui::TextUnformatted("Built-in surfaces");
    ImGui::BeginChild("builtins", ImVec2(0, ImGui::GetTextLineHeightWithSpacing() * 7.5f), true);
    for (const std::string& name : builtinSurfaceNames()) {
        if (ImGui::Selectable(name.c_str(), spec.expr.empty() && name == spec.name) &&
            !(spec.expr.empty() && name == spec.name)) {
            spec = SurfaceSpec{};
            spec.name = name;
            state.scene.viewSet = false;
            state.scene.playground.startSet = false;
        }
    }
    ImGui::EndChild();
    if (spec.expr.empty() && state.derived.surface) {
        for (const SurfaceParam& p : state.derived.surface->params) {
            double v = p.value;
            double step = 0.01 * std::max(1.0, std::abs(v));
            if (ImGui::DragScalar(p.name.c_str(), ImGuiDataType_Double, &v, float(step), nullptr, nullptr, "%.4g"))
                spec.params[p.name] = v;
        }
    }
    if (state.derived.surface) ImGui::TextWrapped("f = %s", state.derived.surface->formula.c_str());
    regularizationSliders(spec.regularization);

    ImGui::Spacing();
    ImGui::TextUnformatted("Or type f(x, y) and press Enter:");
    ImGui::SetNextItemWidth(-1);
    SurfacePanelState& ps = state.ui.panels.surface;
    if (ps.generation != state.sceneGeneration) { // an opened scene: its expression
        ps.exprDraft = spec.expr;
        ps.generation = state.sceneGeneration;
    }
    bool entered = ImGui::InputTextWithHint("##expr", "e.g. x^2 + 10*y^2, or x^4 - 3*x^2 + x", &ps.exprDraft,
                                            ImGuiInputTextFlags_EnterReturnsTrue);
    if ((entered || ImGui::IsItemDeactivatedAfterEdit()) && !ps.exprDraft.empty() && ps.exprDraft != spec.expr) {
        spec.expr = ps.exprDraft;
        state.scene.viewSet = false;
        state.scene.playground.startSet = false;
    }
    if (!state.derived.surfaceError.empty()) {
        errorText(state.derived.surfaceError.c_str());
        ImGui::TextDisabled("(still showing the last good surface)");
    }
    static const std::string functions = [] {
        std::string s;
        for (const std::string& f : exprFunctionNames()) s += (s.empty() ? "" : " ") + f;
        return s;
    }();
    ImGui::TextDisabled("numbers, x, y, + − * / ^, ( ), pi, e, %s. An expression in x alone is drawn as a curve.",
                        functions.c_str());
}

} // namespace dh
