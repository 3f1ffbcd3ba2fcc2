// The fitting lab's error chart: the training and test mean squared errors of the polynomial fits of
// degree 1 … 12 (log scale), the noise variance σ² that no fit can beat on new points, and the chosen
// degree marked (click a degree to choose it). Training error only falls with the degree; test error
// falls, then rises: under-fitting on the left, over-fitting on the right.
#include "app/app_state.h"
#include "app/fitting_lab.h"
#include "app/gfx/draw_util.h"
#include "app/gfx/widgets.h"
#include "app/panels/panels.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <imgui.h>
#include <vector>

namespace dh {
namespace {

const uint32_t kTrain = 0x56b4e9, kTest = 0xd55e00, kMark = 0xf0e442;

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
    ImGui::SameLine(0, ImGui::GetFontSize() * 1.5f);
}

} // namespace

void drawFittingErrors(AppState& state) {
    FittingLab& lab = fittingLab(state);
    if (!lab.ready()) return;
    FittingSettings& s = state.scene.fitting;
    const float scale = state.scene.ui.scale, font = ImGui::GetFontSize();
    const int degree = std::clamp(s.degree, 1, FittingLab::kMaxDegree);
    const int n = FittingLab::kMaxDegree;

    char buf[160];
    std::snprintf(buf, sizeof buf, "train MSE (%lld points)", (long long)lab.data().numTrain());
    legendItem(rgbToImU32(kTrain), false, buf);
    std::snprintf(buf, sizeof buf, "test MSE (%lld new points)", (long long)lab.data().numTest);
    legendItem(rgbToImU32(kTest), true, buf);
    ImGui::TextDisabled("- - noise variance σ² = %.3g", lab.noise() * lab.noise());
    ImGui::SameLine(0, font * 1.5f);
    ImGui::Text("degree %d: train %.3g, test %.3g", degree, lab.fit(degree).trainMse, lab.fit(degree).testMse);
    ImGui::SameLine(0, font * 1.5f);
    ImGui::TextDisabled("(click a degree)");

    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 origin = ImGui::GetCursorScreenPos(), avail = ImGui::GetContentRegionAvail();
    if (avail.x < 60 || avail.y < 40) return;
    ImGui::InvisibleButton("##errors", avail);
    const bool hovered = ImGui::IsItemHovered();

    ChartAxes ax;
    ax.logY = true;
    ax.xMin = 0.5;
    ax.xMax = n + 0.5;
    // Test errors far above every training error (a wild high-degree fit between the points) would
    // squash the interesting decades: they are drawn at the top edge with their value instead.
    double cap = lab.noise() * lab.noise();
    for (int k = 1; k <= n; ++k) cap = std::max(cap, lab.fit(k).trainMse);
    cap *= 100;
    std::vector<double> values;
    for (int k = 1; k <= n; ++k) {
        values.push_back(lab.fit(k).trainMse);
        values.push_back(std::min(lab.fit(k).testMse, cap));
    }
    if (lab.noise() > 0) values.push_back(lab.noise() * lab.noise());
    fitChartY(ax, values, 14);
    const int yTicks = std::max(2, int(avail.y / (2.4f * font)));
    ax.p0 = ImVec2(origin.x + chartLabelWidth(ax, yTicks) + 0.8f * font, origin.y + 1.2f * font);
    ax.p1 = ImVec2(origin.x + avail.x - 0.8f * font, origin.y + avail.y - 1.5f * font);
    drawChartAxes(dl, ax, "", "", true, n, yTicks);

    const float colW = (ax.p1.x - ax.p0.x) / n;
    const float cx = ax.toPixel(degree, 1).x;
    dl->AddRectFilled(ImVec2(cx - colW * 0.42f, ax.p0.y), ImVec2(cx + colW * 0.42f, ax.p1.y), rgbToImU32(kMark, 60));
    dl->AddRect(ImVec2(cx - colW * 0.42f, ax.p0.y), ImVec2(cx + colW * 0.42f, ax.p1.y), rgbToImU32(kMark, 200), 0, 0,
                lineWidth(1.5f * scale));

    dl->PushClipRect(ax.p0, ax.p1, true);
    if (lab.noise() > 0) {
        float y = ax.toPixel(1, lab.noise() * lab.noise()).y;
        for (float x = ax.p0.x; x < ax.p1.x; x += 14 * scale)
            dl->AddLine(ImVec2(x, y), ImVec2(std::min(x + 7 * scale, ax.p1.x), y), IM_COL32(200, 200, 200, 170));
    }
    std::vector<ImVec2> train, test;
    for (int k = 1; k <= n; ++k) {
        train.push_back(ax.toPixel(k, lab.fit(k).trainMse));
        test.push_back(ax.toPixel(k, std::min(lab.fit(k).testMse, cap)));
    }
    dl->AddPolyline(train.data(), n, rgbToImU32(kTrain), 0, lineWidth(2 * scale));
    dl->AddPolyline(test.data(), n, rgbToImU32(kTest), 0, lineWidth(2 * scale));
    for (int k = 0; k < n; ++k) {
        dl->AddCircleFilled(train[size_t(k)], 5.5f * scale, rgbToImU32(kTrain), 12);
        dl->AddCircleFilled(test[size_t(k)], 5.5f * scale, rgbToImU32(kTest), 12);
        dl->AddCircleFilled(test[size_t(k)], 2.5f * scale, ImGui::GetColorU32(ImGuiCol_FrameBg), 8);
    }
    dl->PopClipRect();
    for (int k = 1; k <= n; ++k) { // off the chart: an arrow up and the value
        if (lab.fit(k).testMse <= cap) continue;
        ImVec2 p = test[size_t(k - 1)];
        dl->AddTriangleFilled(ImVec2(p.x - 5 * scale, p.y - 8 * scale), ImVec2(p.x + 5 * scale, p.y - 8 * scale),
                              ImVec2(p.x, p.y - 15 * scale), rgbToImU32(kTest));
        std::snprintf(buf, sizeof buf, "%.2g", lab.fit(k).testMse);
        const float w = ImGui::CalcTextSize(buf).x;
        const float x = p.x + 8 * scale + w < ax.p1.x ? p.x + 8 * scale : p.x - 8 * scale - w;
        dl->AddText(ImVec2(x, p.y - 2 * scale), rgbToImU32(kTest), buf);
    }

    ImVec2 mouse = ImGui::GetIO().MousePos;
    if (hovered && mouse.x >= ax.p0.x && mouse.x <= ax.p1.x) {
        int k = std::clamp(int(std::lround(ax.xAt(mouse.x))), 1, n);
        ImGui::SetTooltip("degree %d\ntrain MSE %.4g\ntest MSE %.4g\nclick to fit this degree", k, lab.fit(k).trainMse,
                          lab.fit(k).testMse);
        if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) s.degree = k;
    }
}

} // namespace dh
