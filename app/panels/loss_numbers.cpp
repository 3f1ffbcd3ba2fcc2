// The loss lab's numbers: softmax p, cross-entropy in nats and in log₁₀ (which one the course's 0.89
// is), the multiclass hinge loss with each of its terms, the squared error against the one-hot target,
// and each loss's gradient with respect to the scores (core/nn/losses.h computes all of them).
#include "app/app_state.h"
#include "app/gfx/widgets.h"
#include "app/panels/panels.h"
#include "core/common/error.h"
#include "core/nn/losses.h"

#include <imgui.h>

namespace dh {
namespace {

void classTable(const Eigen::VectorXd& s, int t, const nn::CrossEntropyResult& ce, const nn::HingeResult& h,
                const nn::SquaredErrorResult& se) {
    if (!ImGui::BeginTable("classes", 7, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) return;
    for (const char* c : {"class", "score s", "softmax p", "∂CE/∂s = p − t", "hinge term", "∂hinge/∂s", "∂MSE/∂s"})
        ImGui::TableSetupColumn(c);
    ImGui::TableHeadersRow();
    for (int j = 0; j < int(s.size()); ++j) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::Text(j == t ? "%d (true)" : "%d", j);
        ImGui::TableNextColumn();
        ImGui::Text("%.4g", s[j]);
        ImGui::TableNextColumn();
        ImGui::Text("%.4f", ce.probabilities[j]);
        ImGui::TableNextColumn();
        ImGui::Text("%.4f", ce.grad[j]);
        ImGui::TableNextColumn();
        if (j == t) {
            ImGui::TextDisabled("—");
        } else {
            const nn::HingeTerm& term = h.terms[size_t(j < t ? j : j - 1)];
            ImGui::Text("max(0, %.3g) = %.4g", term.margin, term.loss);
        }
        ImGui::TableNextColumn();
        ImGui::Text("%.4g", h.grad[j]);
        ImGui::TableNextColumn();
        ImGui::Text("%.4g", se.grad[j]);
    }
    ImGui::EndTable();
}

} // namespace

void drawLossNumbers(AppState& state) {
    const LossLabSettings& l = state.scene.loss;
    const Eigen::VectorXd s = Eigen::Map<const Eigen::VectorXd>(l.scores.data(), Eigen::Index(l.scores.size()));
    try {
        const nn::CrossEntropyResult ce = nn::crossEntropy(s, l.target);
        const nn::HingeResult h = nn::multiclassHinge(s, l.target, l.margin);
        const nn::SquaredErrorResult se = nn::squaredErrorOneHot(s, l.target);
        ImGui::Text("cross-entropy −ln p_t = %.4f nats;  −log₁₀ p_t = %.4f", ce.loss, ce.lossLog10);
        ImGui::TextDisabled("(the course writes 0.89 for p = 0.13: that is log₁₀; in nats it is 2.04)");
        ImGui::Text("hinge Σ_{j≠t} max(0, s_j − s_t + %.3g) = %.4g", l.margin, h.loss);
        ImGui::Text("squared error (1/C) Σ (s_j − onehot_j)² = %.4g", se.loss);
        classTable(s, l.target, ce, h, se);
    } catch (const InputError& e) {
        errorText(e.what());
    }
}

} // namespace dh
