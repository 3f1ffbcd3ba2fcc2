// The loss plot: f, or the distance to the nearest minimum, against step for every visible run (its
// first start), drawn with ImGui draw lists. Each curve is reduced to the min and max of every pixel
// column before it is drawn, so 8 runs × 20000 steps cost what the plot's width can show. The
// reduction works on the raw values: the log and the square root are monotone, so they are applied
// to two values per column, not to every step.
#include "app/app_state.h"
#include "app/gfx/draw_util.h"
#include "app/gfx/theme.h"
#include "app/gfx/widgets.h"
#include "app/panels/panels.h"
#include "core/scene/view_transform.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <imgui.h>
#include <limits>
#include <string>
#include <vector>

namespace dh {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
const ImU32 kRed = IM_COL32(235, 60, 45, 255);

// What is plotted: raw(k) per step, then shown(raw) on the axis.
struct Quantity {
    bool distance = false;               // ‖x − x*‖ instead of f
    bool log = false;                    // log10 axis
    double offset = 0;                   // f*: subtracted from f on a log axis
    std::vector<Eigen::Vector2d> minima; // distance mode: the candidates for x*
    std::string label;                   // what the y axis shows
    std::string shortLabel;              // the same in a few characters

    double raw(const Trajectory& tr, int k) const {
        if (!distance) return tr.f[size_t(k)];
        double best = kInf;
        for (const Eigen::Vector2d& m : minima) best = std::min(best, (tr.x[size_t(k)] - m).squaredNorm());
        return best;
    }
    // Monotone in raw; −∞ for values a log axis cannot show (≤ 0).
    double shown(double r) const {
        double v = distance ? std::sqrt(r) : r - offset;
        if (!log) return v;
        return v > 0 ? std::log10(v) : -kInf;
    }
};

struct Curve {
    const RunSpec* spec = nullptr;
    const Trajectory* tr = nullptr;
    ImU32 color = 0;
    std::vector<ImVec2> points; // (step, shown value) in data units, in time order
    int splitAt = 0;            // points before this index are at or before the shown step
};

// Visible runs with data, in run order.
std::vector<Curve> visibleCurves(const AppState& state) {
    std::vector<Curve> out;
    const auto& specs = state.scene.playground.runs;
    for (size_t i = 0; i < specs.size() && i < state.derived.runs.runs.size(); ++i) {
        const RunOutcome& o = state.derived.runs.runs[i];
        if (!specs[i].visible || !o.error.empty() || o.trajectories.empty() || o.trajectories[0].size() == 0) continue;
        out.push_back({&specs[i], &o.trajectories[0], rgbToImU32(specs[i].color), {}, 0});
    }
    return out;
}

// Sets q.offset/minima and the axis label. Returns false when the mode has nothing to measure against.
bool describeQuantity(const AppState& state, const std::vector<Curve>& curves, Quantity& q) {
    const Surface& s = *state.derived.surface;
    double known = kInf;
    for (const KnownMinimum& m : s.minima) {
        known = std::min(known, m.f);
        q.minima.push_back(m.at);
    }
    if (q.minima.empty())
        for (const CriticalPoint& c : state.derived.criticalPoints)
            if (c.type == CriticalType::Min) {
                known = std::min(known, c.f);
                q.minima.push_back(c.at);
            }
    char buf[200];
    if (q.distance) {
        std::snprintf(buf, sizeof buf, "‖x − x*‖, x* the nearest %s minimum", s.minima.empty() ? "found" : "known");
        q.label = buf;
        q.shortLabel = "‖x − x*‖";
        return !q.minima.empty();
    }
    if (!q.log) {
        q.label = q.shortLabel = "f(x)";
        return true;
    }
    double lowest = kInf; // below f*, a run left the region where f* was found: measure from its low
    for (const Curve& c : curves)
        for (double f : c.tr->f)
            if (std::isfinite(f)) lowest = std::min(lowest, f);
    if (known < kInf && lowest >= known - 1e-9 * std::max(1.0, std::abs(known))) {
        q.offset = known;
        q.shortLabel = "f − f*";
        std::snprintf(buf, sizeof buf, "f − f*, f* = %.5g (the lowest %s minimum)", known,
                      s.minima.empty() ? "found" : "known");
    } else {
        q.offset = lowest < kInf ? lowest : 0;
        q.shortLabel = "f − min f";
        std::snprintf(buf, sizeof buf, "f − min f, min f = %.5g (the lowest value plotted)", q.offset);
    }
    q.label = buf;
    return true;
}

// Reduces a trajectory to ≤ 2 points per pixel column (its min and max, in time order); splitAt is the
// first point of the column after the one holding the shown step.
void reduce(const Quantity& q, Curve& c, double stepsPerColumn, int shownStep) {
    const Trajectory& tr = *c.tr;
    c.points.clear();
    const int n = tr.size();
    auto emit = [&](int k, double r) {
        double v = q.shown(r);
        if (std::isnan(v)) return;
        c.points.push_back(ImVec2(float(k), float(std::clamp(v, -1e30, 1e30))));
    };
    stepsPerColumn = std::max(1.0, stepsPerColumn); // fewer steps than columns: every step is kept
    int k = 0;
    c.splitAt = -1;
    for (int col = 0; k < n; ++col) {
        int end = std::min(n, int(std::floor((col + 1) * stepsPerColumn)) + 1);
        double lo = kInf, hi = -kInf;
        int kLo = k, kHi = k;
        for (; k < end; ++k) {
            double r = q.raw(tr, k);
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

struct Axes {
    ImVec2 p0, p1;   // plot rectangle (pixels)
    double xMax = 1; // steps 0 … xMax
    double yLo = 0, yHi = 1;
    ImVec2 toPixel(double step, double v) const {
        double u = step / xMax, w = (v - yLo) / (yHi - yLo);
        float y = float(p1.y - w * (p1.y - p0.y));
        return ImVec2(float(p0.x + u * (p1.x - p0.x)), std::clamp(y, p0.y - 4.0f, p1.y + 4.0f));
    }
};

// The y range over the curves (runs that did not diverge decide it when there are any).
void yRange(const std::vector<Curve>& curves, bool log, double& lo, double& hi) {
    bool anyStable = false;
    for (const Curve& c : curves) anyStable |= c.tr->divergedAt < 0;
    lo = kInf, hi = -kInf;
    for (const Curve& c : curves) {
        if (anyStable && c.tr->divergedAt >= 0) continue;
        for (const ImVec2& p : c.points)
            if (std::isfinite(p.y) && std::abs(p.y) < 1e29f)
                lo = std::min(lo, double(p.y)), hi = std::max(hi, double(p.y));
    }
    if (!(lo <= hi)) lo = 0, hi = 1;
    if (log) lo = std::max(lo, hi - 32); // at most 32 decades: exact zeros would squash the rest
    double pad = (hi - lo) * 0.05;
    if (pad == 0) pad = log ? 0.5 : std::max(1e-12, std::abs(hi) * 0.1);
    lo -= pad, hi += pad;
}

void tickLabel(char* buf, size_t n, double v, bool log) {
    int e = int(std::lround(v));
    std::string s;
    if (log && std::abs(v - e) < 1e-6 && (e == 0 || e == 1)) {
        s = e == 0 ? "1" : "10";
    } else if (log && std::abs(v - e) < 1e-6) { // 10⁻³
        static const char* digits[] = {"⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"};
        s = e < 0 ? "10⁻" : "10";
        for (char c : std::to_string(std::abs(e))) s += digits[c - '0'];
    } else {
        char raw[32];
        std::snprintf(raw, sizeof raw, log ? "%.2g" : "%.3g", log ? std::pow(10.0, v) : v);
        for (const char* c = raw; *c; ++c) s += *c == '-' ? std::string("−") : std::string(1, *c);
    }
    std::snprintf(buf, n, "%s", s.c_str());
}

// Tick positions in axis units. On a log axis: whole decades when at least four fit, else 1, 2, 5 × 10^k,
// else evenly spaced values.
std::vector<double> yTicks(double lo, double hi, bool log, int target) {
    if (!log) return niceTicks(lo, hi, target);
    std::vector<double> out;
    const int k0 = int(std::ceil(lo)), k1 = int(std::floor(hi));
    if (k1 - k0 + 1 >= 4) {
        const int step = std::max(1, (k1 - k0 + target) / target);
        for (int k = int(std::ceil(double(k0) / step)) * step; k <= k1; k += step) out.push_back(k);
        return out;
    }
    for (int k = k0 - 1; k <= k1 + 1; ++k)
        for (double m : {1.0, 2.0, 5.0}) {
            double v = std::log10(m) + k;
            if (v >= lo && v <= hi) out.push_back(v);
        }
    if (out.size() >= 2) return out;
    out.clear();
    for (double v : niceTicks(std::pow(10.0, lo), std::pow(10.0, hi), target))
        if (v > 0) out.push_back(std::log10(v));
    return out;
}

void drawCross(ImDrawList* dl, ImVec2 p, float r, float scale) { // red on a dark outline
    for (auto [col, th] : {std::pair(IM_COL32(0, 0, 0, 200), 5.0f), std::pair(kRed, 2.8f)}) {
        dl->AddLine(ImVec2(p.x - r, p.y - r), ImVec2(p.x + r, p.y + r), col, th * scale);
        dl->AddLine(ImVec2(p.x - r, p.y + r), ImVec2(p.x + r, p.y - r), col, th * scale);
    }
}

void hoverTooltip(const std::vector<Curve>& curves, const Quantity& q, int k) {
    ImGui::BeginTooltip();
    ImGui::Text("step %d", k);
    ImGui::TextDisabled("%s", q.label.c_str());
    const float side = ImGui::GetTextLineHeight();
    for (const Curve& c : curves) {
        const Trajectory& tr = *c.tr;
        const char* name = c.spec->label.c_str();
        ImGui::ColorButton("##c", ImGui::ColorConvertU32ToFloat4(c.color), ImGuiColorEditFlags_NoTooltip,
                           ImVec2(side, side));
        ImGui::SameLine();
        if (k >= tr.size() && tr.divergedAt >= 0)
            ImGui::TextColored(ImVec4(1, 0.4f, 0.3f, 1), "%s: diverged at step %d", name, tr.divergedAt);
        else if (k >= tr.size())
            ImGui::Text("%s: ended at step %d", name, tr.size() - 1);
        else if (q.distance)
            ImGui::Text("%s:  ‖x − x*‖ = %.4g   f = %.6g", name, std::sqrt(q.raw(tr, k)), tr.f[size_t(k)]);
        else if (q.log)
            ImGui::Text("%s:  f = %.6g   %s = %.3g", name, tr.f[size_t(k)], q.shortLabel.c_str(),
                        tr.f[size_t(k)] - q.offset);
        else
            ImGui::Text("%s:  f = %.6g", name, tr.f[size_t(k)]);
    }
    ImGui::EndTooltip();
}

} // namespace

void drawLossPlot(AppState& state) {
    if (!state.derived.surface) return;
    Playground& p = state.scene.playground;
    const float scale = state.scene.ui.scale;
    // The mode is UI state of this window, kept in ImGui's per-window storage (not saved in scenes).
    bool* distanceMode = ImGui::GetStateStorage()->GetBoolRef(ImGui::GetID("distance mode"), false);

    ImGui::Checkbox("log scale", &p.lossLogScale);
    int mode = *distanceMode ? 1 : 0;
    const float comboW = ImGui::CalcTextSize("distance ‖x − x*‖").x + ImGui::GetFrameHeight() * 1.6f;
    ImGui::SameLine();
    if (ImGui::GetContentRegionAvail().x < comboW) ImGui::NewLine();
    ImGui::SetNextItemWidth(std::min(comboW, ImGui::GetContentRegionAvail().x));
    if (ImGui::Combo("##mode", &mode, "loss f\0distance ‖x − x*‖\0")) *distanceMode = mode == 1;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("the loss f, or the distance to the nearest minimum x*");

    std::vector<Curve> curves = visibleCurves(state);
    Quantity q;
    q.distance = *distanceMode;
    q.log = p.lossLogScale;
    bool measurable = describeQuantity(state, curves, q);
    // What is plotted: beside the controls, or under them while the plot keeps ~7 lines; else a short
    // title inside the plot (the full text is in the hover tooltip).
    const float font = ImGui::GetFontSize();
    bool described = true;
    ImGui::SameLine();
    if (ImGui::GetContentRegionAvail().x < ImGui::CalcTextSize(q.label.c_str()).x) {
        ImGui::NewLine();
        float h = ImGui::CalcTextSize(q.label.c_str(), nullptr, false, ImGui::GetContentRegionAvail().x).y;
        described = ImGui::GetContentRegionAvail().y - h >= 7 * font;
    }
    if (described) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]);
        ImGui::TextWrapped("%s", q.label.c_str());
        ImGui::PopStyleColor();
    }

    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 origin = ImGui::GetCursorScreenPos();
    ImVec2 avail = ImGui::GetContentRegionAvail();
    if (avail.x < 40 || avail.y < 40) return;
    ImGui::InvisibleButton("##plot", avail);
    bool hovered = ImGui::IsItemHovered();
    if (curves.empty() || !measurable) {
        ImGui::SetCursorScreenPos(origin);
        ImGui::TextWrapped("%s", curves.empty() ? "No visible run to plot."
                                                : "No minimum is known or was found on this surface: no distance.");
        return;
    }

    Axes ax;
    ax.p1 = ImVec2(origin.x + avail.x - 0.6f * font, origin.y + avail.y - 1.5f * font);
    int longest = 1;
    for (const Curve& c : curves) longest = std::max(longest, c.tr->size());
    ax.xMax = std::max(1, longest - 1);
    const int t = shownStep(state);
    // Columns are laid out on a provisional width; the left margin only narrows it slightly.
    double stepsPerColumn = ax.xMax / std::max(1.0, double(avail.x - 4 * font));
    for (Curve& c : curves) reduce(q, c, stepsPerColumn, t);
    yRange(curves, q.log, ax.yLo, ax.yHi);

    std::vector<double> ticks = yTicks(ax.yLo, ax.yHi, q.log, std::max(2, int(avail.y / (2.6f * font))));
    char buf[64];
    float margin = 0;
    for (double v : ticks) {
        tickLabel(buf, sizeof buf, v, q.log);
        margin = std::max(margin, ImGui::CalcTextSize(buf).x);
    }
    ax.p0 = ImVec2(origin.x + margin + 0.6f * font, origin.y + 0.4f * font);

    // The plot area follows the theme (app/gfx/theme.h); on a light one a light run colour (white GD)
    // gets a dark outline.
    const ChartPalette pal = chartPalette(ImGui::GetStyle());
    const ImU32 text = pal.text, grid = pal.grid, marker = pal.marker;
    dl->AddRectFilled(ax.p0, ax.p1, pal.background);
    float lastLabelY = 1e30f; // ticks run upwards; a label too close to the last one is left out
    for (double v : ticks) {
        float y = ax.toPixel(0, v).y;
        if (y < ax.p0.y - 1 || y > ax.p1.y + 1) continue;
        dl->AddLine(ImVec2(ax.p0.x, y), ImVec2(ax.p1.x, y), grid);
        if (lastLabelY - y < 1.1f * font) continue;
        tickLabel(buf, sizeof buf, v, q.log);
        ImVec2 s = ImGui::CalcTextSize(buf);
        dl->AddText(ImVec2(ax.p0.x - s.x - 0.3f * font, y - s.y / 2), text, buf);
        lastLabelY = y;
    }
    // Step ticks; the axis name takes the right end of the label row.
    const float stepX = ax.p1.x - ImGui::CalcTextSize("step").x;
    dl->AddText(ImVec2(stepX, ax.p1.y + 0.15f * font), text, "step");
    std::vector<double> xt = niceTicks(0, ax.xMax, std::max(2, int((ax.p1.x - ax.p0.x) / (5 * font))));
    for (double v : xt) {
        if (v != std::floor(v)) continue;
        float x = ax.toPixel(v, ax.yLo).x;
        dl->AddLine(ImVec2(x, ax.p0.y), ImVec2(x, ax.p1.y), grid);
        std::snprintf(buf, sizeof buf, "%.0f", v);
        ImVec2 s = ImGui::CalcTextSize(buf);
        float lx = std::max(x - s.x / 2, ax.p0.x);
        if (lx + s.x < stepX - 0.6f * font) dl->AddText(ImVec2(lx, ax.p1.y + 0.15f * font), text, buf);
    }

    dl->PushClipRect(ax.p0, ax.p1, true);
    std::vector<ImVec2> px;
    // Whole-pixel widths: ImGui draws those from its texture, with a third of the triangles.
    const float thick = std::max(2.0f, std::round(2 * scale)), thin = std::max(1.0f, std::round(1.5f * scale));
    for (const Curve& c : curves) {
        // Pixels, skipping points within 1.5 px of the last kept one (spikes move further and stay): on
        // llvmpipe every segment of a thick line costs, whatever its length.
        px.clear();
        int split = 0;
        for (int i = 0; i < int(c.points.size()); ++i) {
            ImVec2 q = ax.toPixel(c.points[size_t(i)].x, c.points[size_t(i)].y);
            bool keep = px.empty() || i + 1 == int(c.points.size()) || i == c.splitAt - 1 ||
                        std::abs(q.x - px.back().x) + std::abs(q.y - px.back().y) >= 1.5f;
            if (keep) px.push_back(q);
            if (i == c.splitAt - 1) split = int(px.size());
        }
        if (c.splitAt >= int(c.points.size())) split = int(px.size());
        ImU32 faded = (c.color & 0x00ffffff) | (70u << 24);
        if (split >= 2 && pal.light && needsOutlineOnLight(c.spec->color))
            dl->AddPolyline(px.data(), split, IM_COL32(0, 0, 0, 255), 0, thick + 2);
        if (split >= 2) dl->AddPolyline(px.data(), split, c.color, 0, thick);
        if (int(px.size()) - split >= 1 && split >= 1) // the future part, faded, joined to the past
            dl->AddPolyline(px.data() + split - 1, int(px.size()) - split + 1, faded, 0, thin);
        int k = std::min(t, c.tr->size() - 1);
        double v = q.shown(q.raw(*c.tr, k));
        if (std::isfinite(v) && c.tr->divergedAt != k) {
            ImVec2 dot = ax.toPixel(k, v);
            dl->AddCircleFilled(dot, 4.5f * scale, IM_COL32(0, 0, 0, 200));
            dl->AddCircleFilled(dot, 3.2f * scale, c.color);
        }
    }
    float tx = ax.toPixel(t, ax.yLo).x;
    dl->AddLine(ImVec2(tx, ax.p0.y), ImVec2(tx, ax.p1.y), marker, 1.5f * scale);
    dl->PopClipRect();
    dl->AddRect(ax.p0, ax.p1, grid);
    if (!described) {
        ImVec2 sz = ImGui::CalcTextSize(q.shortLabel.c_str());
        labelBox(dl, ImVec2(ax.p1.x - sz.x - 0.9f * font, ax.p0.y + 0.2f * font), q.shortLabel.c_str(),
                 IM_COL32(255, 255, 255, 255), IM_COL32(0, 0, 0, 160));
    }
    // Divergence: the curve ends with a red ×, kept wholly inside the plot when the value flew off it.
    const float r = 6 * scale;
    for (const Curve& c : curves)
        if (c.tr->divergedAt >= 0 && !c.points.empty()) {
            ImVec2 e = ax.toPixel(c.points.back().x, c.points.back().y);
            drawCross(dl, ImVec2(std::clamp(e.x, ax.p0.x + r, ax.p1.x - r), std::clamp(e.y, ax.p0.y + r, ax.p1.y - r)),
                      r, scale);
        }

    ImVec2 mouse = ImGui::GetIO().MousePos;
    if (hovered && mouse.x >= ax.p0.x && mouse.x <= ax.p1.x && mouse.y >= ax.p0.y && mouse.y <= ax.p1.y) {
        int k = int(std::lround((mouse.x - ax.p0.x) / (ax.p1.x - ax.p0.x) * ax.xMax));
        float x = ax.toPixel(k, ax.yLo).x;
        dl->AddLine(ImVec2(x, ax.p0.y), ImVec2(x, ax.p1.y), marker, 1.0f * scale);
        hoverTooltip(curves, q, k);
    }
}

} // namespace dh
