// The Loss tab: the number of classes (2–10), each score, the true class, the hinge loss's Δ, and the
// course's three images (cat, car, frog) as one-click examples.
#include "app/app_state.h"
#include "app/gfx/widgets.h"
#include "app/panels/panels.h"
#include "core/nn/losses.h"

#include <algorithm>
#include <imgui.h>
#include <string>

namespace dh {

void drawLossPanel(AppState& state) {
    LossLabSettings& l = state.scene.loss;
    sectionHeader("The course's examples");
    const std::vector<nn::ScoreExample>& examples = nn::courseScoreExamples();
    for (size_t i = 0; i < examples.size(); ++i) {
        if (i) ImGui::SameLine();
        if (ImGui::Button(examples[i].name.c_str())) {
            const Eigen::VectorXd& s = examples[i].scores;
            l.scores.assign(s.data(), s.data() + s.size());
            l.target = examples[i].target;
        }
    }
    sectionHeader("Scores");
    int classes = int(l.scores.size());
    if (ImGui::SliderInt("classes", &classes, 2, kMaxLossClasses)) {
        l.scores.resize(size_t(classes), 0.0);
        l.target = std::min(l.target, classes - 1);
    }
    for (size_t j = 0; j < l.scores.size(); ++j) {
        const std::string label = "s" + std::to_string(j) + (int(j) == l.target ? " (true)" : "");
        ImGui::DragScalar(label.c_str(), ImGuiDataType_Double, &l.scores[j], 0.02f, nullptr, nullptr, "%.3g");
    }
    ImGui::SliderInt("true class", &l.target, 0, int(l.scores.size()) - 1);
    sliderDouble("Δ (hinge margin)", &l.margin, 0.0, 5.0, "%.3g");
    ImGui::TextWrapped("Drag the bars in the view, or the numbers here. The plot on the right puts the true class's "
                       "margin m = s_t − max_{j≠t} s_j on the classic curves of each loss.");
}

} // namespace dh
