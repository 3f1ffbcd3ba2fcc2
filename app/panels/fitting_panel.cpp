// The Fitting tab: the polynomial's degree (with the lecture's 1st, 3rd and 12th order one click away),
// the points (how many, how noisy, which seed) and a ridge penalty that tames the high degrees.
#include "app/app_state.h"
#include "app/fitting_lab.h"
#include "app/gfx/chart.h"
#include "app/gfx/draw_util.h"
#include "app/gfx/widgets.h"
#include "app/panels/panels.h"

#include <algorithm>
#include <cstdio>
#include <imgui.h>
#include <string>

namespace dh {

void drawFittingPanel(AppState& state) {
    FittingSettings& s = state.scene.fitting;
    FittingLab& lab = fittingLab(state);
    sectionHeader("Model");
    ImGui::SliderInt("degree", &s.degree, 1, FittingLab::kMaxDegree);
    for (int d : {1, 3, 12}) {
        char label[32];
        std::snprintf(label, sizeof label, "degree %d", d);
        if (ImGui::RadioButton(label, s.degree == d)) s.degree = d;
        ImGui::SameLine();
    }
    ImGui::NewLine();
    ImGui::Checkbox("compare degrees 1, 3 and 12", &s.compare);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Draws the lecture's three fits together, thin, beside the chosen one.");
    sliderDouble("ridge λ", &s.ridge, 0.0, 10.0, "%.3g", true);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Minimises ‖Aw − y‖² + λ‖w‖² (the intercept is free): a penalty on large\n"
                          "coefficients, which keeps a degree-12 fit from chasing the noise.");

    sectionHeader("Points");
    ImGui::SliderInt("points", &s.samples, 2, 100);
    sliderDouble("noise σ", &s.noise, 0.0, 1.0, "%.3g");
    int seed = int(s.seed);
    if (ImGui::InputInt("seed", &seed)) s.seed = uint64_t(std::max(0, seed));
    ImGui::TextDisabled("x uniform in [−1, 1], y = %s + N(0, σ²);\n%d test points from the same distribution.",
                        lab.truthFormula(), FittingLab::kTestPoints);
    if (!lab.error().empty()) errorText(lab.error().c_str());

    if (lab.ready()) {
        sectionHeader("What to look for");
        const int degree = std::clamp(s.degree, 1, FittingLab::kMaxDegree);
        const PolyFit& f = lab.fit(degree);
        const std::string line = "degree " + std::to_string(degree) + ": train MSE " + formatNumber(f.trainMse, 4) +
                                 ", test MSE " + formatNumber(f.testMse, 4);
        textWrapped(line.c_str());
        const std::string look = "Degree 1 under-fits: both errors are high. Degree 3 matches the cubic: the test "
                                 "error is close to the noise variance σ² = " +
                                 formatNumber(s.noise * s.noise) +
                                 ". Higher degrees keep lowering the training error by bending towards the noise, "
                                 "and the test error rises: over-fitting.";
        textWrapped(look.c_str());
    }
}

} // namespace dh
