// The loss plot: f, or the distance to the nearest minimum, against step for every visible run (its
// first start), drawn with ImGui draw lists. Each curve is reduced to the min and max of every pixel
// column before it is drawn, so 8 runs × 20000 steps cost what the plot's width can show. The
// reduction works on the raw values: the log and the square root are monotone, so they are applied
// to two values per column, not to every step.
//
// Sections: the model (what is plotted: lossPlotModel and its steps); drawing (controls, axes, curves,
// off-chart markers, hover); drawLossPlot.
#include "app/panels/loss_plot.h"

#include "app/app_state.h"
#include "app/gfx/chart.h"
#include "app/gfx/draw_util.h"
#include "app/gfx/labels.h"
#include "app/gfx/theme.h"
#include "app/gfx/widgets.h"
#include "app/panels/panels.h"
#include "core/scene/view_transform.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

namespace dh {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
const ImU32 kRed = IM_COL32(235, 60, 45, 255);

} // namespace

// ---- the model ----

double LossPlotModel::raw(const Trajectory& tr, int k) const {
    if (!distance) return tr.f[size_t(k)];
    double best = kInf;
    for (const Eigen::Vector2d& m : minima) best = std::min(best, (tr.x[size_t(k)] - m).squaredNorm());
    return best;
}

double LossPlotModel::shown(double r) const {
    double v = distance ? std::sqrt(r) : r - offset;
    if (!log) return v;
    return v > 0 ? std::log10(v) : -kInf;
}

namespace {

// Visible runs with data, in run order.
void addVisibleCurves(const AppState& state, LossPlotModel& m) {
    const auto& specs = state.scene.playground.runs;
    for (size_t i = 0; i < specs.size() && i < state.derived.runs.runs.size(); ++i) {
        const RunOutcome& o = state.derived.runs.runs[i];
        if (!specs[i].visible || !o.error.empty() || o.trajectories.empty() || o.trajectories[0].size() == 0) continue;
        LossPlotModel::Curve c;
        c.run = int(i);
        c.tr = &o.trajectories[0];
        m.curves.push_back(std::move(c));
    }
}

// Whether step k's iterate lies inside the view (x alone for a function of x).
struct ViewTest {
    Domain d;
    bool oneD = false;
    bool operator()(const Trajectory& tr, int k) const {
        const Eigen::Vector2d& x = tr.x[size_t(k)];
        if (!x.allFinite() || x.x() < d.xMin || x.x() > d.xMax) return false;
        return oneD || (x.y() >= d.yMin && x.y() <= d.yMax);
    }
};

// Sets the offset, the minima and the labels; refuses a log axis below every known minimum.
void describeQuantity(const AppState& state, LossPlotModel& m) {
    const Surface& s = *state.derived.surface;
    double known = kInf;
    for (const KnownMinimum& k : s.minima) {
        known = std::min(known, k.f);
        m.minima.push_back(k.at);
    }
    if (m.minima.empty())
        for (const CriticalPoint& c : state.derived.criticalPoints)
            if (c.type == CriticalType::Min) {
                known = std::min(known, c.f);
                m.minima.push_back(c.at);
            }
    const char* which = s.minima.empty() ? "found" : "known";
    char buf[200];
    if (m.distance) {
        std::snprintf(buf, sizeof buf, "‖x − x*‖, x* the nearest %s minimum", which);
        m.label = buf;
        m.shortLabel = "‖x − x*‖";
        m.measurable = !m.minima.empty();
        return;
    }
    double lowest = kInf; // every f a run reached, inside the view or not
    for (const LossPlotModel::Curve& c : m.curves)
        for (double f : c.tr->f)
            if (std::isfinite(f)) lowest = std::min(lowest, f);
    if (m.log && !(known < kInf && lowest >= known - 1e-9 * std::max(1.0, std::abs(known)))) {
        m.log = false; // below every minimum there is no f* to measure from
        m.logRefused = true;
    }
    if (!m.log) {
        m.label =
            m.logRefused ? "f (linear: a run went below every minimum found, so f − f* has no log scale)" : "f(x)";
        m.shortLabel = "f(x)";
        return;
    }
    m.offset = known;
    m.shortLabel = "f − f*";
    std::snprintf(buf, sizeof buf, "f − f*, f* = %s (the lowest %s minimum)", formatNumber(known, 5).c_str(), which);
    m.label = buf;
}

// Reduces a trajectory to ≤ 2 points per pixel column (its min and max, in time order); splitAt is the
// first point of the column after the one holding the shown step.
void reduce(const LossPlotModel& m, const ViewTest& inView, LossPlotModel::Curve& c, double stepsPerColumn,
            int shownStep) {
    const Trajectory& tr = *c.tr;
    const int n = tr.size();
    auto emit = [&](int k, double r) {
        double v = m.shown(r);
        if (std::isnan(v)) return;
        c.points.push_back(ImVec2(float(k), float(std::clamp(v, -1e30, 1e30))));
        c.inView.push_back(inView(tr, k) && std::isfinite(v));
    };
    stepsPerColumn = std::max(1.0, stepsPerColumn); // fewer steps than columns: every step is kept
    int k = 0;
    c.splitAt = -1;
    for (int col = 0; k < n; ++col) {
        int end = std::min(n, int(std::floor((col + 1) * stepsPerColumn)) + 1);
        double lo = kInf, hi = -kInf;
        int kLo = k, kHi = k;
        for (; k < end; ++k) {
            double r = m.raw(tr, k);
            if (!std::isfinite(r)) continue;
            if (r < lo) lo = r, kLo = k;
            if (r > hi) hi = r, kHi = k;
        }
        if (lo < kInf) emit(std::min(kLo, kHi), kLo < kHi ? lo : hi);
        if (lo < kInf && kLo != kHi) emit(std::max(kLo, kHi), kLo < kHi ? hi : lo);
        if (c.splitAt < 0 && k > shownStep) c.splitAt = int(c.points.size());
    }
    if (c.splitAt < 0) c.splitAt = int(c.points.size());
}

// The y range over the points inside the view of the runs that did not diverge (all runs when every
// one diverged; all points when none is inside the view).
void yRange(LossPlotModel& m) {
    bool anyStable = false;
    for (const LossPlotModel::Curve& c : m.curves) anyStable |= c.tr->divergedAt < 0;
    for (bool onlyInView : {true, false}) {
        double lo = kInf, hi = -kInf;
        for (const LossPlotModel::Curve& c : m.curves) {
            if (anyStable && c.tr->divergedAt >= 0) continue;
            for (size_t i = 0; i < c.points.size(); ++i)
                if ((!onlyInView || c.inView[i]) && std::abs(c.points[i].y) < 1e29f)
                    lo = std::min(lo, double(c.points[i].y)), hi = std::max(hi, double(c.points[i].y));
        }
        if (lo <= hi || !onlyInView) {
            m.yLo = lo, m.yHi = hi;
            if (lo <= hi) break;
        }
    }
    if (!(m.yLo <= m.yHi)) m.yLo = 0, m.yHi = 1;
    if (m.log) m.yLo = std::max(m.yLo, m.yHi - 32); // at most 32 decades: exact zeros would squash the rest
    double pad = (m.yHi - m.yLo) * 0.05;
    if (pad == 0) pad = m.log ? 0.5 : std::max(1e-12, std::abs(m.yHi) * 0.1);
    m.yLo -= pad, m.yHi += pad;
}

} // namespace

LossPlotModel lossPlotModel(const AppState& state, bool distance, double columns) {
    LossPlotModel m;
    m.distance = distance;
    m.log = state.scene.playground.lossLogScale;
    if (!state.derived.surface) return m;
    addVisibleCurves(state, m);
    const ViewTest inView{currentView(state), state.derived.surface->oneD};
    describeQuantity(state, m);
    if (m.curves.empty() || !m.measurable) return m;
    int longest = 1;
    for (const LossPlotModel::Curve& c : m.curves) longest = std::max(longest, c.tr->size());
    m.xMax = std::max(1, longest - 1);
    const double stepsPerColumn = m.xMax / std::max(1.0, columns);
    const int t = shownStep(state);
    for (LossPlotModel::Curve& c : m.curves) reduce(m, inView, c, stepsPerColumn, t);
    yRange(m);
    return m;
}

// ---- drawing ----

namespace {

void drawCross(ImDrawList* dl, ImVec2 p, float r, float scale) { // red on a dark outline
    for (auto [col, th] : {std::pair(IM_COL32(0, 0, 0, 200), 5.0f), std::pair(kRed, 2.8f)}) {
        dl->AddLine(ImVec2(p.x - r, p.y - r), ImVec2(p.x + r, p.y + r), col, th * scale);
        dl->AddLine(ImVec2(p.x - r, p.y + r), ImVec2(p.x + r, p.y - r), col, th * scale);
    }
}

void hoverTooltip(const AppState& state, const LossPlotModel& m, int k) {
    ImGui::BeginTooltip();
    ImGui::Text("step %d", k);
    ImGui::TextDisabled("%s", m.label.c_str());
    const float side = ImGui::GetTextLineHeight();
    for (const LossPlotModel::Curve& c : m.curves) {
        const Trajectory& tr = *c.tr;
        const RunSpec& spec = state.scene.playground.runs[size_t(c.run)];
        const char* name = spec.label.c_str();
        ImGui::ColorButton("##c", rgbToFloat4(spec.color), ImGuiColorEditFlags_NoTooltip, ImVec2(side, side));
        ImGui::SameLine();
        if (k >= tr.size() && tr.divergedAt >= 0)
            ImGui::TextColored(ImVec4(1, 0.4f, 0.3f, 1), "%s: diverged at step %d", name, tr.divergedAt);
        else if (k >= tr.size())
            ImGui::Text("%s: ended at step %d", name, tr.size() - 1);
        else if (m.distance)
            ImGui::Text("%s:  ‖x − x*‖ = %.4g   f = %.6g", name, std::sqrt(m.raw(tr, k)), tr.f[size_t(k)]);
        else if (m.log)
            ImGui::Text("%s:  f = %.6g   %s = %.3g", name, tr.f[size_t(k)], m.shortLabel.c_str(),
                        tr.f[size_t(k)] - m.offset);
        else
            ImGui::Text("%s:  f = %.6g", name, tr.f[size_t(k)]);
    }
    ImGui::EndTooltip();
}

// The log checkbox and the mode combo; returns the distance mode (UI state of this window, kept in
// ImGui's per-window storage, not saved in scenes).
bool drawControls(AppState& state) {
    Playground& p = state.scene.playground;
    bool* distanceMode = ImGui::GetStateStorage()->GetBoolRef(ImGui::GetID("distance mode"), false);
    ImGui::Checkbox("log scale", &p.lossLogScale);
    int mode = *distanceMode ? 1 : 0;
    const float comboW = ImGui::CalcTextSize("distance ‖x − x*‖").x + ImGui::GetFrameHeight() * 1.6f;
    ImGui::SameLine();
    if (ImGui::GetContentRegionAvail().x < comboW) ImGui::NewLine();
    ImGui::SetNextItemWidth(std::min(comboW, ImGui::GetContentRegionAvail().x));
    if (ImGui::Combo("##mode", &mode, "loss f\0distance ‖x − x*‖\0")) *distanceMode = mode == 1;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("the loss f, or the distance to the nearest minimum x*");
    return *distanceMode;
}

// What is plotted: beside the controls, or under them while the plot keeps ~7 lines. Returns false
// when there was no room (a short title goes inside the plot instead; the full text is in the tooltip).
bool drawDescription(const LossPlotModel& m) {
    const float font = ImGui::GetFontSize();
    ImGui::SameLine();
    if (ImGui::GetContentRegionAvail().x < ImGui::CalcTextSize(m.label.c_str()).x) {
        ImGui::NewLine();
        float h = ImGui::CalcTextSize(m.label.c_str(), nullptr, false, ImGui::GetContentRegionAvail().x).y;
        if (ImGui::GetContentRegionAvail().y - h < 7 * font) return false;
    }
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]);
    textWrapped(m.label.c_str());
    ImGui::PopStyleColor();
    return true;
}

// The plot rectangle and axes for the area at origin of size avail.
ChartAxes layoutAxes(const LossPlotModel& m, const ChartPalette& pal, ImVec2 origin, ImVec2 avail) {
    const float font = ImGui::GetFontSize();
    ChartAxes ax;
    ax.logY = m.log;
    ax.xMax = m.xMax;
    ax.yMin = m.yLo;
    ax.yMax = m.yHi;
    // The plot area follows the theme (app/gfx/theme.h); on a light one a light run colour (white GD)
    // gets a dark outline (drawCurve).
    ax.background = pal.background;
    ax.grid = pal.grid;
    ax.p1 = ImVec2(origin.x + avail.x - 0.6f * font, origin.y + avail.y - 1.5f * font);
    const int yTicks = std::max(2, int(avail.y / (2.6f * font)));
    ax.p0 = ImVec2(origin.x + chartLabelWidth(ax, yTicks) + 0.6f * font, origin.y + 0.4f * font);
    return ax;
}

// One curve: up to the shown step in full colour, after it faded and thin; the current value as a dot.
void drawCurve(ImDrawList* dl, const ChartAxes& ax, const ChartPalette& pal, const LossPlotModel& m,
               const LossPlotModel::Curve& c, uint32_t rgb, int t, float scale, std::vector<ImVec2>& px) {
    const ImU32 color = rgbToImU32(rgb);
    // Whole-pixel widths: ImGui draws those from its texture, with a third of the triangles.
    const float thick = std::max(2.0f, std::round(2 * scale)), thin = std::max(1.0f, std::round(1.5f * scale));
    // Pixels, skipping points within 1.5 px of the last kept one (spikes move further and stay): on
    // llvmpipe every segment of a thick line costs, whatever its length.
    px.clear();
    int split = 0;
    for (int i = 0; i < int(c.points.size()); ++i) {
        ImVec2 q = ax.toPixelAxis(c.points[size_t(i)].x, c.points[size_t(i)].y);
        bool keep = px.empty() || i + 1 == int(c.points.size()) || i == c.splitAt - 1 ||
                    std::abs(q.x - px.back().x) + std::abs(q.y - px.back().y) >= 1.5f;
        if (keep) px.push_back(q);
        if (i == c.splitAt - 1) split = int(px.size());
    }
    if (c.splitAt >= int(c.points.size())) split = int(px.size());
    const ImU32 faded = withAlpha(color, 70);
    if (split >= 2 && pal.light && needsOutlineOnLight(rgb))
        dl->AddPolyline(px.data(), split, IM_COL32(0, 0, 0, 255), 0, thick + 2);
    if (split >= 2) dl->AddPolyline(px.data(), split, color, 0, thick);
    if (int(px.size()) - split >= 1 && split >= 1) // the future part, faded, joined to the past
        dl->AddPolyline(px.data() + split - 1, int(px.size()) - split + 1, faded, 0, thin);
    const int k = std::min(t, c.tr->size() - 1);
    const double v = m.shown(m.raw(*c.tr, k));
    if (std::isfinite(v) && c.tr->divergedAt != k && ax.containsAxisY(v)) {
        ImVec2 dot = ax.toPixelAxis(k, v);
        dl->AddCircleFilled(dot, 4.5f * scale, IM_COL32(0, 0, 0, 200));
        dl->AddCircleFilled(dot, 3.2f * scale, color);
    }
}

// Runs whose value at the shown step is off the chart (escaped, or far below the others): a triangle
// at the edge, at that step, pointing out, and the run's value beside it. Divergence: a red × at the
// curve's end, kept inside the plot.
void drawOffChart(ImDrawList* dl, const AppState& state, const ChartAxes& ax, const LossPlotModel& m, int t,
                  float scale, LabelRegistry& labels) {
    const float r = 6 * scale;
    for (const LossPlotModel::Curve& c : m.curves) {
        const Trajectory& tr = *c.tr;
        if (tr.divergedAt >= 0) {
            if (c.points.empty()) continue;
            ImVec2 e = ax.toPixelAxis(c.points.back().x, c.points.back().y);
            drawCross(dl, ImVec2(std::clamp(e.x, ax.p0.x + r, ax.p1.x - r), std::clamp(e.y, ax.p0.y + r, ax.p1.y - r)),
                      r, scale);
            continue;
        }
        const int k = std::min(t, tr.size() - 1);
        const double v = m.shown(m.raw(tr, k));
        if (std::isnan(v) || ax.containsAxisY(v)) continue;
        const RunSpec& spec = state.scene.playground.runs[size_t(c.run)];
        const ImU32 color = rgbToImU32(spec.color);
        const bool up = v > ax.yMax;
        // At the step where the curve last left the chart: runs that escaped at different times stay apart.
        double leftAt = 0;
        for (size_t i = 0; i < c.points.size() && c.points[i].x <= k; ++i)
            if (ax.containsAxisY(c.points[i].y)) leftAt = c.points[i].x;
        const float x = std::clamp(ax.toPixelAxis(leftAt, 0).x, ax.p0.x + 8 * scale, ax.p1.x - 8 * scale);
        drawOffChartMarker(dl, ax, x, up, color, scale);
        labels.avoid(ImVec2(x - 7 * scale, up ? ax.p0.y : ax.p1.y - 11 * scale),
                     ImVec2(x + 7 * scale, up ? ax.p0.y + 11 * scale : ax.p1.y));
        const std::string text = spec.label + ": f = " + formatNumber(tr.f[size_t(k)], 4);
        const ImVec2 size = ImGui::CalcTextSize(text.c_str());
        const ImVec2 anchor(x, up ? ax.p0.y + 10 * scale : ax.p1.y - 10 * scale);
        if (std::optional<ImVec2> at = labels.place(anchor, size, 4 * scale, text.c_str()))
            haloText(dl, *at, color, text.c_str());
    }
}

} // namespace

void drawLossPlot(AppState& state) {
    if (!state.derived.surface) return;
    const float scale = state.scene.ui.scale, font = ImGui::GetFontSize();
    const bool distance = drawControls(state);
    ImVec2 avail = ImGui::GetContentRegionAvail();
    LossPlotModel m = lossPlotModel(state, distance, std::max(1.0, double(avail.x - 4 * font)));
    const bool described = drawDescription(m);

    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    avail = ImGui::GetContentRegionAvail();
    if (avail.x < 40 || avail.y < 40) return;
    ImGui::InvisibleButton("##plot", avail);
    const bool hovered = ImGui::IsItemHovered();
    if (m.curves.empty() || !m.measurable) {
        ImGui::SetCursorScreenPos(origin);
        ImGui::TextWrapped("%s", m.curves.empty() ? "No visible run to plot."
                                                  : "No minimum is known or was found on this surface: no distance.");
        return;
    }
    LabelRegistry& labels = state.ui.labels;
    labels.beginPanel("loss plot", origin, ImVec2(origin.x + avail.x, origin.y + avail.y));
    const ChartPalette pal = chartPalette(ImGui::GetStyle());
    ChartAxes ax = layoutAxes(m, pal, origin, avail);
    bool shortTitle = false; // when the description had no room: a short title inside the plot, if it fits
    if (!described) {        // first, so that the ticks keep off it
        ImVec2 sz = ImGui::CalcTextSize(m.shortLabel.c_str());
        const float pad = font * 0.3f;
        const ImVec2 at(ax.p1.x - sz.x - 0.9f * font, ax.p0.y + 0.2f * font);
        shortTitle = labels.claim(at, ImVec2(sz.x + 2 * pad, sz.y + 2 * pad), m.shortLabel.c_str());
    }
    const int yTicks = std::max(2, int(avail.y / (2.6f * font)));
    drawChartAxes(dl, ax, "step", "", true, std::max(2, int((ax.p1.x - ax.p0.x) / (5 * font))), yTicks, &labels);

    const int t = shownStep(state);
    dl->PushClipRect(ax.p0, ax.p1, true);
    std::vector<ImVec2> px;
    for (const LossPlotModel::Curve& c : m.curves)
        drawCurve(dl, ax, pal, m, c, state.scene.playground.runs[size_t(c.run)].color, t, scale, px);
    const float tx = ax.toPixelAxis(t, ax.yMin).x;
    dl->AddLine(ImVec2(tx, ax.p0.y), ImVec2(tx, ax.p1.y), pal.marker, 1.5f * scale);
    dl->PopClipRect();
    if (shortTitle)
        labelBox(dl, ImVec2(ax.p1.x - ImGui::CalcTextSize(m.shortLabel.c_str()).x - 0.9f * font, ax.p0.y + 0.2f * font),
                 m.shortLabel.c_str(), IM_COL32(255, 255, 255, 255), IM_COL32(0, 0, 0, 160));
    drawOffChart(dl, state, ax, m, t, scale, labels);

    const ImVec2 mouse = ImGui::GetIO().MousePos;
    if (hovered && mouse.x >= ax.p0.x && mouse.x <= ax.p1.x && mouse.y >= ax.p0.y && mouse.y <= ax.p1.y) {
        const int k = int(std::lround(ax.xAt(mouse.x)));
        const float x = ax.toPixelAxis(k, ax.yMin).x;
        dl->AddLine(ImVec2(x, ax.p0.y), ImVec2(x, ax.p1.y), pal.marker, 1.0f * scale);
        hoverTooltip(state, m, k);
    }
}

} // namespace dh
