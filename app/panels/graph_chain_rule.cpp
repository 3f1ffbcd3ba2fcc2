// The graph lab's chain-rule panel: the backward step just taken, written out with numbers:
// ∂f/∂node = Σ over its consumers ∂f/∂consumer · ∂consumer/∂node, one term per outgoing edge (a value
// used twice has two terms that add), then every adjoint found so far in the sweep's order.
#include "app/app_state.h"
#include "app/gfx/widgets.h"
#include "app/panels/panels.h"
#include "core/lab/graph_lab.h"

#include <cstdio>
#include <imgui.h>
#include <string>

namespace dh {
namespace {

const ImVec4 kHighlightText(1.0f, 0.55f, 0.0f, 1.0f);

std::string nodeName(const CompGraph& g, int id) {
    return "[" + g.nodes()[size_t(id)].label + "]#" + std::to_string(id);
}

std::string number(double v) {
    char b[32];
    std::snprintf(b, sizeof b, "%.4g", v);
    return b;
}

void currentStep(const CompGraph& g, int sweep) {
    if (sweep == 0) {
        ImGui::TextWrapped("Backward sweep: press step → (or play). Step 1 starts at the output: ∂f/∂f = 1.");
        return;
    }
    const BackwardStep s = g.backwardStep(sweep - 1);
    const std::string name = nodeName(g, s.node);
    ImGui::TextColored(kHighlightText, "Step %d of %d: ∂f/∂%s", sweep, g.backwardStepCount(), name.c_str());
    if (s.terms.empty()) {
        ImGui::Text("∂f/∂%s = 1 (the output)", name.c_str());
        return;
    }
    std::string symbols = "= ", numbers = "= ";
    double sum = 0;
    for (size_t i = 0; i < s.terms.size(); ++i) {
        const ChainTerm& t = s.terms[i];
        const std::string c = nodeName(g, t.consumer);
        symbols += (i ? " + " : "") + std::string("∂f/∂") + c + " · ∂" + c + "/∂" + name;
        numbers += (i ? " + " : "") + number(t.consumerAdjoint) + " · " + number(t.local);
        sum += t.product;
    }
    ImGui::TextWrapped("%s", symbols.c_str());
    ImGui::TextWrapped("%s", numbers.c_str());
    ImGui::Text("= %s", number(sum).c_str());
    if (s.terms.size() > 1)
        ImGui::TextWrapped("%zu consumers: the value is used %zu times, so the gradients of all its paths add "
                           "(the multivariate chain rule).",
                           s.terms.size(), s.terms.size());
}

void history(const CompGraph& g, int sweep) {
    if (!ImGui::BeginTable("adjoints", 3,
                           ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingStretchProp))
        return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("step");
    ImGui::TableSetupColumn("node");
    ImGui::TableSetupColumn("∂f/∂node");
    ImGui::TableHeadersRow();
    for (int k = 0; k < sweep; ++k) {
        const int id = g.backwardOrder()[size_t(k)];
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::Text("%d", k + 1);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(nodeName(g, id).c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%.6g", g.nodes()[size_t(id)].adjoint);
    }
    ImGui::EndTable();
}

} // namespace

void drawGraphChainRule(AppState& state) {
    GraphLab& lab = graphLab(state);
    if (!lab.ready()) return;
    const int sweep = lab.sweep(state.scene.graph);
    currentStep(lab.graph(), sweep);
    ImGui::Separator();
    history(lab.graph(), sweep);
}

} // namespace dh
