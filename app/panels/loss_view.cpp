// The loss lab's main view. Left: one bar per class score, dragged up or down with the mouse, with its
// softmax probability; the true class is filled in the highlight colour. Right: the classic plot of each
// loss against the true class's margin m (0-1, hinge, logistic, squared; core/nn/losses.h), with the
// current scores' margin marked on every curve.
#include "app/app_state.h"
#include "app/gfx/draw_util.h"
#include "app/gfx/widgets.h"
#include "app/panels/panels.h"
#include "core/common/error.h"
#include "core/nn/losses.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <imgui.h>
#include <string>

namespace dh {
namespace {

// Colours the render tests look for (tests/app/test_render_graph.cpp).
const ImU32 kTrueBar = IM_COL32(255, 140, 0, 255);
const ImU32 kOtherBar = IM_COL32(86, 180, 233, 255);
const ImU32 kText = IM_COL32(235, 235, 235, 255);
const ImU32 kAxis = IM_COL32(120, 120, 130, 255);
const ImU32 kMargin = IM_COL32(255, 80, 200, 255); // the current margin on the curves plot
const ImU32 kCurveColors[] = {IM_COL32(200, 200, 200, 255), IM_COL32(230, 159, 0, 255), IM_COL32(0, 158, 115, 255),
                              IM_COL32(204, 121, 167, 255)};

struct Rect {
    float x, y, w, h;
};

std::string className(const LossLabSettings& l, int j) {
    if (l.scores.size() == 3) return nn::courseClassNames()[size_t(j)];
    return "class " + std::to_string(j);
}

void scoreBars(AppState& state, ImDrawList* dl, Rect r, const Eigen::VectorXd& p) {
    LossLabSettings& l = state.scene.loss;
    const int n = int(l.scores.size());
    double range = 6;
    for (double s : l.scores) range = std::max(range, std::abs(s) * 1.15);
    const float top = r.y + 40, bottom = r.y + r.h - 60, zeroY = 0.5f * (top + bottom);
    const float half = 0.5f * (bottom - top);
    auto yOf = [&](double s) { return zeroY - float(s / range) * half; };
    dl->AddLine(ImVec2(r.x + 10, zeroY), ImVec2(r.x + r.w - 10, zeroY), kAxis, 1);
    const float slot = (r.w - 20) / float(n), barW = std::min(slot * 0.6f, 90.0f);
    int& dragging = state.ui.panels.lossView.dragging;
    if (!ImGui::IsMouseDown(ImGuiMouseButton_Left)) dragging = -1;
    for (int j = 0; j < n; ++j) {
        const float cx = r.x + 10 + slot * (float(j) + 0.5f);
        ImGui::SetCursorScreenPos(ImVec2(cx - slot * 0.5f, top));
        ImGui::PushID(j);
        ImGui::InvisibleButton("bar", ImVec2(slot, bottom - top));
        ImGui::PopID();
        if (ImGui::IsItemActivated()) dragging = j;
        if (dragging == j) {
            const double s = (zeroY - ImGui::GetIO().MousePos.y) / half * range;
            l.scores[size_t(j)] = std::round(std::clamp(s, -range, range) * 100) / 100;
        }
        const float y = yOf(l.scores[size_t(j)]);
        dl->AddRectFilled(ImVec2(cx - barW / 2, std::min(y, zeroY)), ImVec2(cx + barW / 2, std::max(y, zeroY)),
                          j == l.target ? kTrueBar : kOtherBar);
        char text[64];
        std::snprintf(text, sizeof text, "s = %.2f", l.scores[size_t(j)]);
        const float textY = l.scores[size_t(j)] >= 0 ? y - ImGui::GetFontSize() - 2 : y + 2;
        dl->AddText(ImVec2(cx - ImGui::CalcTextSize(text).x / 2, textY), kText, text);
        std::snprintf(text, sizeof text, "%s%s", className(l, j).c_str(), j == l.target ? " (true)" : "");
        dl->AddText(ImVec2(cx - ImGui::CalcTextSize(text).x / 2, bottom + 8), kText, text);
        std::snprintf(text, sizeof text, "p = %.3f", p[j]);
        dl->AddText(ImVec2(cx - ImGui::CalcTextSize(text).x / 2, bottom + 10 + ImGui::GetFontSize()), kText, text);
    }
    dl->AddText(ImVec2(r.x + 12, r.y + 10), kText, "class scores (drag a bar); p = softmax");
}

void marginCurves(ImDrawList* dl, Rect r, double margin) {
    const double m0 = -3, m1 = 3, v0 = 0, v1 = 4;
    const Rect plot{r.x + 50, r.y + 40, r.w - 70, r.h - 90};
    auto px = [&](double m, double v) {
        return ImVec2(plot.x + float((m - m0) / (m1 - m0)) * plot.w,
                      plot.y + plot.h - float((std::min(v, v1) - v0) / (v1 - v0)) * plot.h);
    };
    dl->AddRect(ImVec2(plot.x, plot.y), ImVec2(plot.x + plot.w, plot.y + plot.h), kAxis);
    for (int k = -3; k <= 3; ++k) {
        char t[8];
        std::snprintf(t, sizeof t, "%d", k);
        dl->AddText(ImVec2(px(k, 0).x - 4, plot.y + plot.h + 4), kText, t);
    }
    for (int k = 0; k <= 4; ++k) {
        char t[8];
        std::snprintf(t, sizeof t, "%d", k);
        dl->AddText(ImVec2(plot.x - 16, px(0, k).y - 8), kText, t);
    }
    dl->AddText(ImVec2(plot.x, plot.y + plot.h + 24), kText, "margin m = s_t − max_{j≠t} s_j");
    const std::vector<nn::MarginLoss>& kinds = nn::allMarginLosses();
    for (size_t k = 0; k < kinds.size(); ++k) {
        std::vector<ImVec2> pts;
        for (int i = 0; i <= 240; ++i) {
            const double m = m0 + (m1 - m0) * i / 240.0;
            pts.push_back(px(m, nn::marginLoss(kinds[k], m)));
        }
        dl->AddPolyline(pts.data(), int(pts.size()), kCurveColors[k], 0, 2);
        const ImVec2 legend(plot.x + plot.w - 150, plot.y + 8 + 20 * float(k));
        dl->AddLine(legend, ImVec2(legend.x + 24, legend.y + 8), kCurveColors[k], 2);
        dl->AddText(ImVec2(legend.x + 30, legend.y), kCurveColors[k], nn::marginLossName(kinds[k]));
    }
    if (margin >= m0 && margin <= m1) {
        dl->AddLine(px(margin, v0), px(margin, v1), kMargin, 2);
        for (size_t k = 0; k < kinds.size(); ++k)
            dl->AddCircleFilled(px(margin, nn::marginLoss(kinds[k], margin)), 5, kCurveColors[k]);
    }
    char text[96];
    std::snprintf(text, sizeof text, "each loss against the margin; now m = %.3g", margin);
    dl->AddText(ImVec2(r.x + 12, r.y + 10), kText, text);
}

} // namespace

void drawLossView(AppState& state) {
    const Layout& L = state.ui.layout;
    beginMainView("Loss view", L.x, L.y, L.width, L.height);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(ImVec2(L.x, L.y), ImVec2(L.x + L.width, L.y + L.height), IM_COL32(24, 24, 28, 255));
    const LossLabSettings& l = state.scene.loss;
    const Eigen::VectorXd s = Eigen::Map<const Eigen::VectorXd>(l.scores.data(), Eigen::Index(l.scores.size()));
    try {
        const Eigen::VectorXd p = nn::crossEntropy(s, l.target).probabilities;
        const float split = std::round(L.width * 0.5f);
        scoreBars(state, dl, Rect{L.x, L.y, split, L.height}, p);
        marginCurves(dl, Rect{L.x + split, L.y, L.width - split, L.height}, nn::trueClassMargin(s, l.target));
    } catch (const InputError& e) {
        haloText(dl, ImVec2(L.x + 20, L.y + 20), IM_COL32(255, 120, 120, 255), e.what());
    }
    ImGui::End();
}

} // namespace dh
