// The graph lab's gradient panel: the graph's gradient (the inputs' adjoints) beside a central finite
// difference and, for an exercise, its hand formula; then the exercise's paper solution with numbers
// (the matrix chain's y, ∇f(y), Dg(u) and their product; the two paths; the network's loss).
#include "app/app_state.h"
#include "app/gfx/widgets.h"
#include "app/panels/panels.h"
#include "core/lab/graph_lab.h"

#include <cstdio>
#include <imgui.h>
#include <string>

namespace dh {
namespace {

void gradientTable(const GraphLab& lab) {
    const CompGraph& g = lab.graph();
    const std::vector<double> grad = g.gradient();
    const bool hand = lab.handFormula().has_value();
    if (!ImGui::BeginTable("gradient", hand ? 5 : 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) return;
    ImGui::TableSetupColumn("input");
    ImGui::TableSetupColumn("value");
    ImGui::TableSetupColumn("∂f/∂input (graph)");
    ImGui::TableSetupColumn("central difference");
    if (hand) ImGui::TableSetupColumn("hand formula");
    ImGui::TableHeadersRow();
    for (int i = 0; i < g.inputCount(); ++i) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(g.inputNames()[size_t(i)].c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%.6g", lab.point()[size_t(i)]);
        ImGui::TableNextColumn();
        ImGui::Text("%.10g", grad[size_t(i)]);
        ImGui::TableNextColumn();
        ImGui::Text("%.10g", lab.finiteDifference()[size_t(i)]);
        if (hand) {
            ImGui::TableNextColumn();
            ImGui::Text("%.10g", (*lab.handFormula())[size_t(i)]);
        }
    }
    ImGui::EndTable();
    ImGui::Text("f = %.10g", g.value());
}

void vectorRow(const char* name, const double* v, int n) {
    std::string text = std::string(name) + " (";
    for (int i = 0; i < n; ++i) {
        char b[32];
        std::snprintf(b, sizeof b, "%s%.5g", i ? ", " : "", v[i]);
        text += b;
    }
    ImGui::TextUnformatted((text + ")").c_str());
}

void matrixChain(const exercise::MatrixChain& e) {
    ImGui::TextWrapped("f(y) = Σ y_p², g_p(u) = Σ_q w_pq u_q², so ∇f(y) = 2y and Dg(u)_pq = 2 w_pq u_q:");
    const Eigen::Vector3d y = e.y(), gf = e.gradF();
    const Eigen::Matrix<double, 3, 2> J = e.jacobianG();
    const Eigen::Vector2d prod = e.chainProduct(), closed = e.closedForm();
    vectorRow("y = g(u) =", y.data(), 3);
    vectorRow("∇f(y) = 2y =", gf.data(), 3);
    ImGui::Text("Dg(u) = [[%.4g, %.4g], [%.4g, %.4g], [%.4g, %.4g]]", J(0, 0), J(0, 1), J(1, 0), J(1, 1), J(2, 0),
                J(2, 1));
    vectorRow("Dg(u)ᵀ ∇f(y) =", prod.data(), 2);
    vectorRow("4u ⊙ (WᵀW(u ⊙ u)) =", closed.data(), 2);
}

void twoPaths(const exercise::TwoPaths& e) {
    ImGui::TextWrapped("h(x) = g(f(x), f(x)), f = x·y, g(a, b) = a·sin b: Dh = ∂g/∂a·∇f + ∂g/∂b·∇f.");
    const Eigen::Vector2d gf = e.gradF(), dg = e.dg(), a = e.pathA(), b = e.pathB(), c = e.closedForm();
    ImGui::Text("f = %.5g, h = %.5g", e.f(), e.h());
    vectorRow("∇f =", gf.data(), 2);
    vectorRow("(∂g/∂a, ∂g/∂b) = (sin f, f cos f) =", dg.data(), 2);
    vectorRow("path through a:", a.data(), 2);
    vectorRow("path through b:", b.data(), 2);
    vectorRow("sum = (sin f + f cos f)∇f =", c.data(), 2);
}

void twoLayerLinear(const exercise::TwoLayerLinear& e) {
    ImGui::TextWrapped("f(x, w) = Σ_i w2_i Σ_j w1_ij x_j, E = (1/L) Σ_l (d_l − f(x_l))² on x = (2, 4, 6, 8), "
                       "d = (3, 4, 5, 6): ∂E/∂w2_i = −(2/L) Σ_l (d_l − f_l) Σ_j w1_ij x_lj, "
                       "∂E/∂w1_ij = −(2/L) Σ_l (d_l − f_l) w2_i x_lj.");
    const Eigen::VectorXd f = e.outputs();
    vectorRow("f(x_l) =", f.data(), int(f.size()));
    ImGui::Text("E = %.6g", e.loss());
}

} // namespace

void drawGraphGradient(AppState& state) {
    GraphLab& lab = graphLab(state);
    if (!lab.ready()) {
        errorText(lab.error().c_str());
        return;
    }
    gradientTable(lab);
    switch (state.scene.graph.source) {
    case GraphSource::MatrixChain:
        matrixChain(lab.matrixChain());
        break;
    case GraphSource::TwoPaths:
        twoPaths(lab.twoPaths());
        break;
    case GraphSource::TwoLayerLinear:
        twoLayerLinear(lab.twoLayerLinear());
        break;
    case GraphSource::Expression:
    case GraphSource::Surface:
        ImGui::TextDisabled("The central difference uses h = 1e-5·max(1, |input|); at a kink it can differ from the "
                            "graph, which uses torch's conventions (abs′(0) = 0, relu′(0) = 0).");
        break;
    }
}

} // namespace dh
