// The fitting lab's main view: the training points (filled), the test points (rings), the noise-free
// cubic (dashed) and the fitted polynomial of the chosen degree, with each training point's residual
// and a legend with both errors. The y range follows the points, so a wild degree-12 fit leaves the
// picture between the points instead of squashing them.
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

const uint32_t kTrain = 0x56b4e9, kTest = 0xd55e00, kFit = 0xf0e442;
// The lecture's three degrees, drawn thin beside the chosen one when compare is on.
struct Compared {
    int degree;
    uint32_t color;
};
constexpr Compared kCompared[] = {{1, 0xcc79a7}, {3, 0x009e73}, {12, 0xffffff}};

void dashed(ImDrawList* dl, const std::vector<ImVec2>& pts, ImU32 color, float width, float dash) {
    float run = 0;
    for (size_t i = 1; i < pts.size(); ++i) {
        ImVec2 a = pts[i - 1], b = pts[i];
        float len = std::hypot(b.x - a.x, b.y - a.y);
        if (std::fmod(run, 2 * dash) < dash) dl->AddLine(a, b, color, width);
        run += len;
    }
}

float legendRow(ImDrawList* dl, ImVec2 at, ImU32 color, int kind, const char* text, float scale) {
    const float h = ImGui::GetTextLineHeight();
    ImVec2 c(at.x + h * 0.6f, at.y + h * 0.5f);
    if (kind == 0) dl->AddCircleFilled(c, 5 * scale, color);
    if (kind == 1) dl->AddCircle(c, 5 * scale, color, 0, lineWidth(2 * scale));
    if (kind == 2) dl->AddLine(ImVec2(at.x, c.y), ImVec2(at.x + h * 1.2f, c.y), color, lineWidth(3 * scale));
    if (kind == 3)
        for (int k = 0; k < 3; ++k)
            dl->AddLine(ImVec2(at.x + k * h * 0.45f, c.y), ImVec2(at.x + k * h * 0.45f + h * 0.25f, c.y), color,
                        lineWidth(1.5f * scale));
    haloText(dl, ImVec2(at.x + h * 1.6f, at.y), IM_COL32(255, 255, 255, 255), text);
    return at.y + ImGui::GetTextLineHeightWithSpacing();
}

// The legend box: the points with their errors, the chosen fit, the compared fits, the truth. Its rows
// are labels of the frame (their rectangles go to the registry).
void drawLegend(ImDrawList* dl, AppState& state, const FittingLab& lab, ImVec2 at, float maxWidth, float maxHeight,
                float scale) {
    const FittingSettings& s = state.scene.fitting;
    const int degree = std::clamp(s.degree, 1, FittingLab::kMaxDegree);
    const Dataset& d = lab.data();
    struct Row {
        ImU32 color;
        int kind;
        std::string text;
    };
    std::vector<Row> rows;
    rows.push_back({rgbToImU32(kTrain), 0,
                    "training points (" + std::to_string(d.numTrain()) + ")" +
                        (s.compare ? "" : ": MSE " + formatNumber(lab.fit(degree).trainMse, 4))});
    rows.push_back({rgbToImU32(kTest), 1,
                    "test points (" + std::to_string(d.numTest) + ")" +
                        (s.compare ? "" : ": MSE " + formatNumber(lab.fit(degree).testMse, 4))});
    // The long form while the box fits in the chart; else the test error alone.
    const float room = maxWidth;
    auto fitRow = [&](int k) {
        std::string full = "degree " + std::to_string(k) + " fit: train MSE " + formatNumber(lab.fit(k).trainMse, 3) +
                           ", test MSE " + formatNumber(lab.fit(k).testMse, 3);
        if (ImGui::CalcTextSize(full.c_str()).x + 2 * ImGui::GetTextLineHeight() <= room) return full;
        return "degree " + std::to_string(k) + ": test MSE " + formatNumber(lab.fit(k).testMse, 3);
    };
    rows.push_back({rgbToImU32(kFit), 2, s.compare ? fitRow(degree) : "degree " + std::to_string(degree) + " fit"});
    if (s.compare)
        for (const Compared& cmp : kCompared)
            if (cmp.degree != degree) rows.push_back({rgbToImU32(cmp.color), 2, fitRow(cmp.degree)});
    std::string truth =
        std::string("noise-free f(x) = ") + lab.truthFormula() + " (noise σ = " + formatNumber(s.noise) + ")";
    if (ImGui::CalcTextSize(truth.c_str()).x + 2 * ImGui::GetTextLineHeight() > room)
        truth = std::string("f(x) = ") + lab.truthFormula() + ", σ = " + formatNumber(s.noise);
    rows.push_back({IM_COL32(200, 200, 200, 220), 3, truth});
    const float h = ImGui::GetTextLineHeight(), line = ImGui::GetTextLineHeightWithSpacing(),
                font = ImGui::GetFontSize();
    // Too tall for the chart: the fits first (the points and the truth explain themselves).
    while (rows.size() > 1 && float(rows.size()) * line + 0.3f * font > maxHeight) {
        auto extra = std::find_if(rows.begin(), rows.end(), [](const Row& r) { return r.kind != 2; });
        rows.erase(extra != rows.end() ? extra : rows.end() - 1);
    }
    float width = 0;
    for (const Row& r : rows) width = std::max(width, ImGui::CalcTextSize(r.text.c_str()).x + h * 1.6f);
    const ImVec2 p0(at.x - 0.4f * font, at.y - 0.3f * font), p1(at.x + width + 0.4f * font, at.y + rows.size() * line);
    if (p1.x - p0.x > maxWidth + 0.8f * font ||
        !state.ui.labels.claim(p0, ImVec2(p1.x - p0.x, p1.y - p0.y), "fitting legend"))
        return; // no room in the chart: the legend is left out (the sidebar has the numbers)
    dl->AddRectFilled(p0, p1, IM_COL32(0, 0, 0, 150), 4);
    for (const Row& r : rows) at.y = legendRow(dl, at, r.color, r.kind, r.text.c_str(), scale);
}

} // namespace

void drawFittingView(AppState& state) {
    const Layout& L = state.ui.layout;
    ImGui::SetNextWindowPos(ImVec2(L.x, L.y));
    ImGui::SetNextWindowSize(ImVec2(L.width, L.height));
    ImGui::Begin("Fitting", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoBringToFrontOnFocus |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoScrollWithMouse);
    FittingLab& lab = fittingLab(state);
    const FittingSettings& s = state.scene.fitting;
    const float scale = state.scene.ui.scale, font = ImGui::GetFontSize();
    if (!lab.ready()) {
        errorText(lab.error().c_str());
        ImGui::End();
        return;
    }
    const Dataset& d = lab.data();
    const int degree = std::clamp(s.degree, 1, FittingLab::kMaxDegree);
    const PolyFit& fit = lab.fit(degree);
    const std::string title = "Degree " + std::to_string(degree) + " polynomial fitted by least squares" +
                              (s.ridge > 0 ? " with a ridge penalty" : "") + " to " + std::to_string(d.numTrain()) +
                              " noisy points of f(x) = " + lab.truthFormula();
    textWrapped(title.c_str());

    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 origin = ImGui::GetCursorScreenPos(), avail = ImGui::GetContentRegionAvail();
    state.ui.labels.beginPanel("fitting view", origin, ImVec2(origin.x + avail.x, origin.y + avail.y));
    ChartAxes ax;
    ax.xMin = -1.08;
    ax.xMax = 1.08;
    std::vector<double> ys(d.values.data(), d.values.data() + d.values.rows());
    for (double x = -1; x <= 1; x += 0.05) ys.push_back(lab.truth(x));
    fitChartY(ax, ys);
    double pad = 0.12 * (ax.yMax - ax.yMin);
    ax.yMin -= pad;
    ax.yMax += pad;
    ax.p0 = ImVec2(origin.x + chartLabelWidth(ax, 8) + 0.8f * font, origin.y + 0.4f * font);
    ax.p1 = ImVec2(origin.x + avail.x - 0.8f * font, origin.y + avail.y - 1.6f * font);
    // The legend's box first (drawn on the top layer): the tick labels keep off it.
    dl->ChannelsSplit(2);
    dl->ChannelsSetCurrent(1);
    drawLegend(dl, state, lab, ImVec2(ax.p0.x + font, ax.p0.y + 0.6f * font), ax.p1.x - ax.p0.x - 2 * font,
               ax.p1.y - ax.p0.y - 1.2f * font, scale);
    dl->ChannelsSetCurrent(0);
    drawChartAxes(dl, ax, "x", "", false, int((ax.p1.x - ax.p0.x) / (6 * font)), int((ax.p1.y - ax.p0.y) / (3 * font)),
                  &state.ui.labels);

    dl->PushClipRect(ax.p0, ax.p1, true);
    const int columns = std::max(2, int((ax.p1.x - ax.p0.x) / 2));
    std::vector<ImVec2> truth, curve;
    for (int i = 0; i <= columns; ++i) {
        double x = ax.xMin + (ax.xMax - ax.xMin) * i / columns;
        truth.push_back(ax.toPixel(x, lab.truth(x)));
        curve.push_back(ax.toPixel(x, fit.predict(x)));
    }
    dashed(dl, truth, IM_COL32(200, 200, 200, 200), lineWidth(1.5f * scale), 8 * scale);
    for (Eigen::Index i = 0; i < d.numTrain(); ++i) { // residuals: what the training MSE averages
        double x = d.X(i, 0);
        dl->AddLine(ax.toPixel(x, d.values(i, 0)), ax.toPixel(x, fit.predict(x)), IM_COL32(255, 255, 255, 90));
    }
    const ImVec4 clip(ax.p0.x, ax.p0.y, ax.p1.x, ax.p1.y);
    if (s.compare)
        for (const Compared& cmp : kCompared) {
            if (cmp.degree == degree) continue;
            std::vector<ImVec2> other;
            for (int i = 0; i <= columns; ++i) {
                double x = ax.xMin + (ax.xMax - ax.xMin) * i / columns;
                other.push_back(ax.toPixel(x, lab.fit(cmp.degree).predict(x)));
            }
            drawPath(dl, pathGeometry(other, clip), rgbToImU32(cmp.color, 230), 2 * scale, 4 * scale);
        }
    drawPath(dl, pathGeometry(curve, clip), rgbToImU32(kFit), 3 * scale, 5 * scale);
    for (Eigen::Index i = d.numTrain(); i < d.size(); ++i)
        dl->AddCircle(ax.toPixel(d.X(i, 0), d.values(i, 0)), 4 * scale, rgbToImU32(kTest, 230), 12,
                      lineWidth(1.5f * scale));
    for (Eigen::Index i = 0; i < d.numTrain(); ++i) {
        ImVec2 p = ax.toPixel(d.X(i, 0), d.values(i, 0));
        dl->AddCircleFilled(p, 6.5f * scale, IM_COL32(255, 255, 255, 255), 16);
        dl->AddCircleFilled(p, 5 * scale, rgbToImU32(kTrain), 16);
    }
    dl->PopClipRect();

    dl->ChannelsMerge();
    ImGui::End();
}

} // namespace dh
