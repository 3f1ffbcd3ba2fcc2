// The Graph tab: which function the graph lab shows (a typed f(x, y), the playground's surface, or one of
// the course's exercises), the point (each input as a slider-like drag field), and an exercise's
// editable W. Every edit updates the graph's values in the same frame.
#include "app/app_state.h"
#include "app/gfx/widgets.h"
#include "app/panels/panels.h"
#include "core/lab/graph_lab.h"

#include <algorithm>
#include <cmath>
#include <imgui.h>
#include <imgui_stdlib.h>

namespace dh {
namespace {

const char* sourceTitle(GraphSource s) {
    switch (s) {
    case GraphSource::Expression:
        return "a typed f(x, y)";
    case GraphSource::Surface:
        return "the playground's surface";
    case GraphSource::MatrixChain:
        return "exercise: f(g(u)), W 3×2";
    case GraphSource::TwoPaths:
        return "exercise: two paths add";
    case GraphSource::TwoLayerLinear:
        return "exercise: two-layer linear network";
    }
    return "";
}

void sourcePicker(AppState& state) {
    GraphLabSettings& g = state.scene.graph;
    if (ImGui::BeginCombo("function", sourceTitle(g.source))) {
        for (GraphSource s : kGraphSources)
            if (ImGui::Selectable(sourceTitle(s), s == g.source) && s != g.source) {
                g.source = s;
                g.at.clear(); // the new source's defaults
                g.sweep = -1;
                g.playing = false;
            }
        ImGui::EndCombo();
    }
    if (g.source != GraphSource::Expression) return;
    GraphPanelState& ps = state.ui.panels.graphPanel;
    if (ps.generation != state.sceneGeneration) {
        ps.exprDraft = g.expr;
        ps.generation = state.sceneGeneration;
    }
    ImGui::SetNextItemWidth(-1);
    const bool entered = ImGui::InputTextWithHint("##graphexpr", "f(x, y), Enter to apply", &ps.exprDraft,
                                                  ImGuiInputTextFlags_EnterReturnsTrue);
    if ((entered || ImGui::IsItemDeactivatedAfterEdit()) && !ps.exprDraft.empty() && ps.exprDraft != g.expr) {
        g.expr = ps.exprDraft;
        g.sweep = -1;
    }
}

void pointEditor(AppState& state, const GraphLab& lab) {
    GraphLabSettings& g = state.scene.graph;
    std::vector<double> at = lab.point();
    bool changed = false;
    for (size_t i = 0; i < at.size(); ++i) {
        const double step = 0.01 * std::max(1.0, std::abs(at[i]));
        changed |= ImGui::DragScalar(lab.graph().inputNames()[i].c_str(), ImGuiDataType_Double, &at[i], float(step),
                                     nullptr, nullptr, "%.4g");
    }
    if (changed) g.at = at;
    if (ImGui::Button("reset the point")) g.at.clear();
}

void matrixEditor(AppState& state, const GraphLab& lab) {
    GraphLabSettings& g = state.scene.graph;
    ImGui::TextUnformatted("W (rows p = 1..3, columns q = 1..2)");
    const Eigen::Matrix<double, 3, 2>& W = lab.matrixChain().W;
    bool changed = false;
    std::vector<double> m(6);
    for (int k = 0; k < 6; ++k) m[size_t(k)] = W(k / 2, k % 2);
    for (int p = 0; p < 3; ++p) {
        ImGui::PushID(p);
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
        changed |=
            ImGui::DragScalarN("##row", ImGuiDataType_Double, &m[size_t(2 * p)], 2, 0.01f, nullptr, nullptr, "%.3g");
        ImGui::SameLine();
        ImGui::Text("w%d·", p + 1);
        ImGui::PopID();
    }
    if (changed) g.matrix = m;
}

} // namespace

void drawGraphPanel(AppState& state) {
    sourcePicker(state);
    GraphLab& lab = graphLab(state);
    if (!lab.ready()) {
        errorText(lab.error().c_str());
        return;
    }
    sectionHeader("The point");
    pointEditor(state, lab);
    if (state.scene.graph.source == GraphSource::MatrixChain) matrixEditor(state, lab);
    if (state.scene.graph.source == GraphSource::Surface && state.derived.surface)
        ImGui::TextWrapped("f = %s (pick it in the playground's Surface tab)", state.derived.surface->formula.c_str());
    sectionHeader("Reading the graph");
    ImGui::TextWrapped("Each box: the operation, its forward value, and ∂f/∂node once the backward sweep has reached "
                       "it. Each edge: the local partial ∂consumer/∂argument. A value used twice is one box with two "
                       "outgoing edges; its adjoint is the sum over both (the multivariate chain rule).");
}

} // namespace dh
