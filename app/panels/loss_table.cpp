// The course's three images (CS231n: cat, car, frog) as a table: their scores, each hinge term, the
// hinge loss of each (2.9, 0, 12.9) and their mean (5.27), and the cross-entropy of each. A click on a
// row loads its scores into the loss lab.
#include "app/app_state.h"
#include "app/panels/panels.h"
#include "core/nn/losses.h"

#include <cstdio>
#include <imgui.h>
#include <string>

namespace dh {

void drawLossTable(AppState& state) {
    const std::vector<nn::ScoreExample>& examples = nn::courseScoreExamples();
    const std::vector<std::string>& classes = nn::courseClassNames();
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders | ImGuiTableFlags_SizingStretchProp;
    double sum = 0;
    if (ImGui::BeginTable("course", 5, flags)) {
        const char* names[] = {"image", "scores (cat, car, frog)", "hinge terms", "hinge", "CE"};
        const float weights[] = {0.6f, 1.6f, 1.8f, 0.6f, 0.6f};
        for (int c = 0; c < 5; ++c) ImGui::TableSetupColumn(names[c], ImGuiTableColumnFlags_WidthStretch, weights[c]);
        ImGui::TableHeadersRow();
        for (size_t i = 0; i < examples.size(); ++i) {
            const nn::ScoreExample& e = examples[i];
            const nn::HingeResult h = nn::multiclassHinge(e.scores, e.target);
            const nn::CrossEntropyResult ce = nn::crossEntropy(e.scores, e.target);
            sum += h.loss;
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            if (ImGui::Selectable(e.name.c_str(), false, ImGuiSelectableFlags_SpanAllColumns)) {
                state.scene.loss.scores.assign(e.scores.data(), e.scores.data() + e.scores.size());
                state.scene.loss.target = e.target;
            }
            ImGui::TableNextColumn();
            ImGui::Text("%.1f, %.1f, %.1f", e.scores[0], e.scores[1], e.scores[2]);
            ImGui::TableNextColumn();
            std::string terms;
            for (const nn::HingeTerm& t : h.terms) {
                char b[64];
                std::snprintf(b, sizeof b, "%s%s %.1f", terms.empty() ? "" : ", ", classes[size_t(t.cls)].c_str(),
                              t.loss);
                terms += b;
            }
            ImGui::TextUnformatted(terms.c_str());
            ImGui::TableNextColumn();
            ImGui::Text("%.1f", h.loss);
            ImGui::TableNextColumn();
            ImGui::Text("%.2f", ce.loss);
        }
        ImGui::EndTable();
    }
    ImGui::Text("mean hinge loss over the three: %.2f", sum / double(examples.size()));
    ImGui::TextDisabled("A term is max(0, s_j − s_t + 1). Click a row to load its scores; CE in nats.");
}

} // namespace dh
