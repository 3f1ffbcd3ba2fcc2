// Training curves: the objective (loss + regularization) and the accuracy on the training and the test
// set against step, from the snapshot's evaluation history. Each series is reduced to one point per
// pixel column (the mean of its evaluations) once per snapshot, so a long run costs what the plot's
// width can show. Log scale for the loss; hover for the values.
#include "app/app_state.h"
#include "app/gfx/chart.h"
#include "app/gfx/draw_util.h"
#include "app/gfx/widgets.h"
#include "app/panels/panels.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <imgui.h>
#include <limits>
#include <vector>

namespace dh {
namespace {

const uint32_t kTrainColor = 0x56b4e9, kTestColor = 0xd55e00;

double value(const nn::HistoryPoint& p, int series) {
    switch (series) {
    case 0:
        return p.trainLoss;
    case 1:
        return p.testLoss;
    case 2:
        return p.trainAccuracy;
    default:
        return p.testAccuracy;
    }
}

void reduce(uint64_t networkId, const NetworkLab::Snapshot& snap, int columns, TrainingCurvesState& c) {
    if (c.networkId == networkId && c.snapshotVersion == snap.version && c.columns == columns) return;
    c.networkId = networkId;
    c.snapshotVersion = snap.version;
    c.columns = columns;
    const auto& h = snap.history;
    const double xMax = std::max(1.0, double(h.empty() ? 1 : h.back().step));
    for (int s = 0; s < 4; ++s) {
        auto& out = c.series[s];
        out.clear();
        int column = -1;
        double sumStep = 0, sum = 0;
        int n = 0;
        auto flush = [&] {
            if (n) out.emplace_back(sumStep / n, sum / n);
            sumStep = sum = 0;
            n = 0;
        };
        for (const nn::HistoryPoint& p : h) {
            const double v = value(p, s);
            if (!std::isfinite(v)) continue;
            const int col = int(double(p.step) / xMax * columns);
            if (col != column) flush(), column = col;
            sumStep += double(p.step);
            sum += v;
            ++n;
        }
        flush();
    }
}

void drawSeries(ImDrawList* dl, const ChartAxes& ax, const std::vector<Eigen::Vector2d>& pts, ImU32 color, float scale,
                std::vector<ImVec2>& buffer) {
    buffer.clear();
    for (const Eigen::Vector2d& p : pts) buffer.push_back(ax.toPixel(p.x(), p.y()));
    if (buffer.size() >= 2) dl->AddPolyline(buffer.data(), int(buffer.size()), color, 0, lineWidth(2 * scale));
    if (!buffer.empty()) dl->AddCircleFilled(buffer.back(), 3.5f * scale, color, 10);
}

// One chart (loss or accuracy) in [p0, p1); returns its axes for hovering.
ChartAxes chart(ImDrawList* dl, const TrainingCurvesState& curves, const NetworkLab::Snapshot& snap, ImVec2 p0,
                ImVec2 p1, bool loss, bool log, float scale, std::vector<ImVec2>& buffer) {
    const float font = ImGui::GetFontSize();
    ChartAxes ax;
    ax.logY = loss && log;
    ax.xMin = 0;
    ax.xMax = std::max(1.0, double(snap.history.empty() ? 1 : snap.history.back().step));
    std::vector<double> values;
    for (int s = loss ? 0 : 2; s < (loss ? 2 : 4); ++s)
        for (const Eigen::Vector2d& p : curves.series[s]) values.push_back(p.y());
    fitChartY(ax, values, 12);
    if (!loss) {
        ax.yMax = std::min(ax.yMax, 1.02);
        ax.yMin = std::max(ax.yMin, 0.0);
    }
    const int yTicks = std::max(2, int((p1.y - p0.y) / (2.4f * font)));
    ax.p0 = ImVec2(p0.x + chartLabelWidth(ax, yTicks) + 0.6f * font, p0.y + 1.4f * font);
    ax.p1 = ImVec2(p1.x - 0.6f * font, p1.y - 1.4f * font);
    drawChartAxes(dl, ax, "step", loss ? (log ? "loss (log scale)" : "loss") : "accuracy", true,
                  std::max(2, int((ax.p1.x - ax.p0.x) / (3.5f * font))), yTicks);
    dl->PushClipRect(ax.p0, ax.p1, true);
    drawSeries(dl, ax, curves.series[loss ? 0 : 2], rgbToImU32(kTrainColor), scale, buffer);
    drawSeries(dl, ax, curves.series[loss ? 1 : 3], rgbToImU32(kTestColor), scale, buffer);
    if (snap.diverged) {
        float x = ax.toPixel(double(snap.divergedAtStep), 1).x;
        dl->AddLine(ImVec2(x, ax.p0.y), ImVec2(x, ax.p1.y), IM_COL32(235, 60, 45, 255), lineWidth(2 * scale));
        dl->AddText(ImVec2(x - ImGui::CalcTextSize("diverged ").x, ax.p0.y + 0.2f * font), IM_COL32(235, 60, 45, 255),
                    "diverged");
    }
    dl->PopClipRect();
    return ax;
}

void hover(const NetworkLab::Snapshot& snap, const ChartAxes& ax, ImDrawList* dl) {
    ImVec2 m = ImGui::GetIO().MousePos;
    if (m.x < ax.p0.x || m.x > ax.p1.x || m.y < ax.p0.y || m.y > ax.p1.y || snap.history.empty()) return;
    const double step = ax.xAt(m.x);
    auto it = std::min_element(snap.history.begin(), snap.history.end(), [&](const auto& a, const auto& b) {
        return std::abs(double(a.step) - step) < std::abs(double(b.step) - step);
    });
    float x = ax.toPixel(double(it->step), 1).x;
    dl->AddLine(ImVec2(x, ax.p0.y), ImVec2(x, ax.p1.y), IM_COL32(255, 255, 255, 140));
    ImGui::SetTooltip("step %ld\ntrain: loss %.5g, accuracy %.2f%%\ntest:  loss %.5g, accuracy %.2f%%", it->step,
                      it->trainLoss, 100 * it->trainAccuracy, it->testLoss, 100 * it->testAccuracy);
}

} // namespace

void drawTrainingCurves(AppState& state) {
    NetworkLab& lab = networkLab(state);
    const NetworkLab::Snapshot* snap = lab.snapshot();
    if (!snap) {
        ImGui::TextDisabled("no training yet");
        return;
    }
    const float scale = state.scene.ui.scale, font = ImGui::GetFontSize();
    bool* log = ImGui::GetStateStorage()->GetBoolRef(ImGui::GetID("log loss"), true);
    ImGui::Checkbox("log scale", log);
    ImGui::SameLine(0, font * 1.5f);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (int k = 0; k < 2; ++k) {
        ImVec2 p = ImGui::GetCursorScreenPos();
        const float lh = ImGui::GetFrameHeight();
        dl->AddLine(ImVec2(p.x, p.y + lh / 2), ImVec2(p.x + 1.4f * font, p.y + lh / 2),
                    rgbToImU32(k ? kTestColor : kTrainColor), lineWidth(3 * scale));
        ImGui::Dummy(ImVec2(1.6f * font, lh));
        ImGui::SameLine();
        ImGui::AlignTextToFramePadding();
        bool noTest = k == 1 && !lab.testData().size();
        ImGui::TextUnformatted(k ? (noTest ? "test (no test split)" : "test set") : "training set");
        ImGui::SameLine(0, font * 1.5f);
    }
    ImGui::TextDisabled("evaluated every %ld steps", lab.evalEvery());

    ImVec2 origin = ImGui::GetCursorScreenPos(), avail = ImGui::GetContentRegionAvail();
    if (avail.x < 80 || avail.y < 50) return;
    ImGui::InvisibleButton("##curves", avail);
    const bool hovered = ImGui::IsItemHovered();
    const float split = std::round(avail.x * 0.55f);
    TrainingCurvesState& curves = state.ui.panels.trainingCurves;
    reduce(lab.networkId(), *snap, std::max(2, int(split)), curves);
    std::vector<ImVec2> buffer;
    ChartAxes loss =
        chart(dl, curves, *snap, origin, ImVec2(origin.x + split, origin.y + avail.y), true, *log, scale, buffer);
    ChartAxes acc = chart(dl, curves, *snap, ImVec2(origin.x + split, origin.y),
                          ImVec2(origin.x + avail.x, origin.y + avail.y), false, false, scale, buffer);
    if (hovered) {
        hover(*snap, loss, dl);
        hover(*snap, acc, dl);
    }
}

} // namespace dh
