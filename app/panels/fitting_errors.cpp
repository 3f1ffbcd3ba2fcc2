// The fitting lab's error chart: the training and test mean squared errors of the polynomial fits of
// degree 1 … 12 (log scale), the noise variance σ² that no fit can beat on new points, and the chosen
// degree marked (click a degree to choose it). Training error only falls with the degree; test error
// falls, then rises: under-fitting on the left, over-fitting on the right.
#include "app/app_state.h"
#include "app/fitting_lab.h"
#include "app/gfx/chart.h"
#include "app/gfx/draw_util.h"
#include "app/gfx/labels.h"
#include "app/gfx/widgets.h"
#include "app/panels/panels.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <imgui.h>
#include <string>
#include <vector>

namespace dh {
namespace {

const uint32_t kTrain = 0x56b4e9, kTest = 0xd55e00, kMark = 0xf0e442;
constexpr int kDegrees = FittingLab::kMaxDegree;

void legendItem(ImU32 color, bool ring, const char* text) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 p = ImGui::GetCursorScreenPos();
    const float h = ImGui::GetTextLineHeight();
    ImVec2 c(p.x + h * 0.5f, p.y + h * 0.5f);
    if (ring)
        dl->AddCircle(c, h * 0.3f, color, 12, 2.0f);
    else
        dl->AddCircleFilled(c, h * 0.3f, color, 12);
    ImGui::Dummy(ImVec2(h, h));
    ImGui::SameLine();
    ImGui::TextUnformatted(text);
}

// Items on one line while they fit, else on the next (never cut at the window's edge).
void sameLineIfFits(const char* next, float extra = 0) {
    const float gap = ImGui::GetFontSize() * 1.5f;
    ImGui::SameLine(0, gap);
    if (ImGui::GetContentRegionAvail().x < ImGui::CalcTextSize(next).x + extra) ImGui::NewLine();
}

void drawLegend(const FittingLab& lab, int degree) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "train MSE (%lld points)", (long long)lab.data().numTrain());
    legendItem(rgbToImU32(kTrain), false, buf);
    std::snprintf(buf, sizeof buf, "test MSE (%lld new points)", (long long)lab.data().numTest);
    sameLineIfFits(buf, ImGui::GetTextLineHeight() * 2);
    legendItem(rgbToImU32(kTest), true, buf);
    std::string noise = "- - noise variance σ² = " + formatNumber(lab.noise() * lab.noise());
    sameLineIfFits(noise.c_str());
    ImGui::TextDisabled("%s", noise.c_str());
    std::string chosen = "degree " + std::to_string(degree) + ": train " + formatNumber(lab.fit(degree).trainMse) +
                         ", test " + formatNumber(lab.fit(degree).testMse) + "   (click a degree)";
    sameLineIfFits(chosen.c_str());
    textWrapped(chosen.c_str());
}

// Test errors far above every training error (a wild high-degree fit between the points) would squash
// the interesting decades: they are drawn at the top edge with their value instead.
double errorCap(const FittingLab& lab) {
    double cap = lab.noise() * lab.noise();
    for (int k = 1; k <= kDegrees; ++k) cap = std::max(cap, lab.fit(k).trainMse);
    return cap * 100;
}

ChartAxes errorAxes(const FittingLab& lab, double cap, ImVec2 origin, ImVec2 avail, int yTicks) {
    const float font = ImGui::GetFontSize();
    ChartAxes ax;
    ax.logY = true;
    ax.xMin = 0.5;
    ax.xMax = kDegrees + 0.5;
    std::vector<double> values;
    for (int k = 1; k <= kDegrees; ++k) {
        values.push_back(lab.fit(k).trainMse);
        values.push_back(std::min(lab.fit(k).testMse, cap));
    }
    if (lab.noise() > 0) values.push_back(lab.noise() * lab.noise());
    fitChartY(ax, values, 14);
    ax.p0 = ImVec2(origin.x + chartLabelWidth(ax, yTicks) + 0.8f * font, origin.y + 1.2f * font);
    ax.p1 = ImVec2(origin.x + avail.x - 0.8f * font, origin.y + avail.y - 1.5f * font);
    return ax;
}

void drawChosenDegree(ImDrawList* dl, const ChartAxes& ax, int degree, float scale) {
    const float colW = (ax.p1.x - ax.p0.x) / kDegrees, cx = ax.toPixel(degree, 1).x;
    dl->AddRectFilled(ImVec2(cx - colW * 0.42f, ax.p0.y), ImVec2(cx + colW * 0.42f, ax.p1.y), rgbToImU32(kMark, 60));
    dl->AddRect(ImVec2(cx - colW * 0.42f, ax.p0.y), ImVec2(cx + colW * 0.42f, ax.p1.y), rgbToImU32(kMark, 200), 0, 0,
                lineWidth(1.5f * scale));
}

void drawSeries(ImDrawList* dl, const ChartAxes& ax, const FittingLab& lab, double cap, float scale) {
    if (lab.noise() > 0) {
        float y = ax.toPixel(1, lab.noise() * lab.noise()).y;
        for (float x = ax.p0.x; x < ax.p1.x; x += 14 * scale)
            dl->AddLine(ImVec2(x, y), ImVec2(std::min(x + 7 * scale, ax.p1.x), y), IM_COL32(200, 200, 200, 170));
    }
    std::vector<ImVec2> train, test;
    for (int k = 1; k <= kDegrees; ++k) {
        train.push_back(ax.toPixel(k, lab.fit(k).trainMse));
        test.push_back(ax.toPixel(k, std::min(lab.fit(k).testMse, cap)));
    }
    const ImVec4 clip(ax.p0.x, ax.p0.y, ax.p1.x, ax.p1.y);
    drawPath(dl, pathGeometry(train, clip), rgbToImU32(kTrain), 2 * scale, 0);
    drawPath(dl, pathGeometry(test, clip), rgbToImU32(kTest), 2 * scale, 0);
    for (int k = 0; k < kDegrees; ++k) {
        dl->AddCircleFilled(train[size_t(k)], 5.5f * scale, rgbToImU32(kTrain), 12);
        dl->AddCircleFilled(test[size_t(k)], 5.5f * scale, rgbToImU32(kTest), 12);
        dl->AddCircleFilled(test[size_t(k)], 2.5f * scale, ImGui::GetColorU32(ImGuiCol_FrameBg), 8);
    }
}

// Off the chart: an arrow up at the top edge and the value, placed where it overlaps no other label.
void drawOffChartValues(ImDrawList* dl, const ChartAxes& ax, const FittingLab& lab, double cap, float scale,
                        LabelRegistry& labels) {
    for (int k = 1; k <= kDegrees; ++k) {
        if (lab.fit(k).testMse <= cap) continue;
        const float x = ax.toPixel(k, 1).x;
        drawOffChartMarker(dl, ax, x, true, rgbToImU32(kTest), scale);
        labels.avoid(ImVec2(x - 7 * scale, ax.p0.y), ImVec2(x + 7 * scale, ax.p0.y + 11 * scale));
    }
    for (int k = 1; k <= kDegrees; ++k) {
        if (lab.fit(k).testMse <= cap) continue;
        const std::string text = formatNumber(lab.fit(k).testMse, 2);
        const ImVec2 anchor(ax.toPixel(k, 1).x, ax.p0.y + 6 * scale);
        if (std::optional<ImVec2> at = labels.place(anchor, ImGui::CalcTextSize(text.c_str()), 8 * scale, text.c_str()))
            haloText(dl, *at, IM_COL32(255, 255, 255, 255), text.c_str()); // white: orange on blue reads poorly
    }
}

} // namespace

void drawFittingErrors(AppState& state) {
    FittingLab& lab = fittingLab(state);
    if (!lab.ready()) return;
    FittingSettings& s = state.scene.fitting;
    const float scale = state.scene.ui.scale, font = ImGui::GetFontSize();
    const int degree = std::clamp(s.degree, 1, kDegrees);
    drawLegend(lab, degree);

    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 origin = ImGui::GetCursorScreenPos(), avail = ImGui::GetContentRegionAvail();
    if (avail.x < 60 || avail.y < 40) return;
    ImGui::InvisibleButton("##errors", avail);
    const bool hovered = ImGui::IsItemHovered();
    LabelRegistry& labels = state.ui.labels;
    labels.beginPanel("fitting errors", origin, ImVec2(origin.x + avail.x, origin.y + avail.y));

    const double cap = errorCap(lab);
    const int yTicks = std::max(2, int(avail.y / (2.4f * font)));
    const ChartAxes ax = errorAxes(lab, cap, origin, avail, yTicks);
    drawChartAxes(dl, ax, "", "", true, kDegrees, yTicks, &labels);
    drawChosenDegree(dl, ax, degree, scale);
    dl->PushClipRect(ax.p0, ax.p1, true);
    drawSeries(dl, ax, lab, cap, scale);
    dl->PopClipRect();
    labels.beginPanel("fitting errors chart", ax.p0, ax.p1); // the values off the chart stay inside it
    drawOffChartValues(dl, ax, lab, cap, scale, labels);

    ImVec2 mouse = ImGui::GetIO().MousePos;
    if (hovered && mouse.x >= ax.p0.x && mouse.x <= ax.p1.x) {
        int k = std::clamp(int(std::lround(ax.xAt(mouse.x))), 1, kDegrees);
        ImGui::SetTooltip("degree %d\ntrain MSE %.4g\ntest MSE %.4g\nclick to fit this degree", k, lab.fit(k).trainMse,
                          lab.fit(k).testMse);
        if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) s.degree = k;
    }
}

} // namespace dh
