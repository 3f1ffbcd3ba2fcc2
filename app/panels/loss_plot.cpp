// The loss plot: f, or the distance to the nearest minimum, against step for every visible run (its
// first start), drawn with ImGui draw lists. Each curve is reduced to the min and max of every pixel
// column before it is drawn, so 8 runs × 20000 steps cost what the plot's width can show. The
// reduction works on the raw values: the log and the square root are monotone, so they are applied
// to two values per column, not to every step.
#include "app/app_state.h"
#include "app/gfx/draw_util.h"
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
    const Trajectory* tr = nullptr;
    ImU32 color = 0;
    std::vector<ImVec2> points; // (step, shown value) in data units, in time order
    int splitAt = 0;            // points before this index are at or before the shown step
};

std::string superscriptInt(int e) {
    static const char* digits[] = {"⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"};
    std::string s = e < 0 ? "⁻" : "";
    std::string n = std::to_string(std::abs(e));
    for (char c : n) s += digits[c - '0'];
    return s;
}

// Visible runs with data, in run order.
std::vector<Curve> visibleCurves(const AppState& state) {
    std::vector<Curve> out;
    const auto& specs = state.scene.playground.runs;
    for (size_t i = 0; i < specs.size() && i < state.runs.runs.size(); ++i) {
        const RunOutcome& o = state.runs.runs[i];
        if (!specs[i].visible || !o.error.empty() || o.trajectories.empty() || o.trajectories[0].size() == 0) continue;
        Curve c;
        c.tr = &o.trajectories[0];
        c.color = rgbToImU32(specs[i].color);
        out.push_back(std::move(c));
    }
    return out;
}

// Sets q.offset/minima and the axis label. Returns false when the mode has nothing to measure against.
bool describeQuantity(const AppState& state, const std::vector<Curve>& curves, Quantity& q) {
    const Surface& s = *state.surface;
    double known = kInf;
    for (const KnownMinimum& m : s.minima) {
        known = std::min(known, m.f);
        q.minima.push_back(m.at);
    }
    if (q.minima.empty())
        for (const CriticalPoint& c : state.criticalPoints)
            if (c.type == CriticalType::Min) {
                known = std::min(known, c.f);
                q.minima.push_back(c.at);
            }
    char buf[200];
    if (q.distance) {
        std::snprintf(buf, sizeof buf, "‖x − x*‖: distance to the nearest %s minimum%s",
                      s.minima.empty() ? "found" : "known", q.log ? " (log scale)" : "");
        q.label = buf;
        return !q.minima.empty();
    }
    if (!q.log) {
        q.label = "f(x) (linear scale)";
        return true;
    }
    double lowest = kInf; // below f*, a run left the region where f* was found: measure from its low
    for (const Curve& c : curves)
        for (double f : c.tr->f)
            if (std::isfinite(f)) lowest = std::min(lowest, f);
    if (known < kInf && lowest >= known - 1e-9 * std::max(1.0, std::abs(known))) {
        q.offset = known;
        std::snprintf(buf, sizeof buf, "f − f* (log scale), f* = %.5g: the lowest %s minimum", known,
                      s.minima.empty() ? "found" : "known");
    } else {
        q.offset = lowest < kInf ? lowest : 0;
        std::snprintf(buf, sizeof buf, "f − min f (log scale), min f = %.5g: the lowest value plotted", q.offset);
    }
    q.label = buf;
    return true;
}

// Reduces a trajectory to ≤ 2 points per pixel column (its min and max, in time order).
void reduce(const Quantity& q, Curve& c, double stepsPerColumn, int shownStep) {
    const Trajectory& tr = *c.tr;
    c.points.clear();
    const int n = tr.size();
    auto emit = [&](int k, double r) {
        double v = q.shown(r);
        if (std::isnan(v)) return;
        c.points.push_back(ImVec2(float(k), float(std::clamp(v, -1e30, 1e30))));
    };
    if (stepsPerColumn <= 1) {
        for (int k = 0; k < n; ++k) {
            if (k == shownStep + 1) c.splitAt = int(c.points.size());
            emit(k, q.raw(tr, k));
        }
        if (shownStep + 1 >= n) c.splitAt = int(c.points.size());
        return;
    }
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
        if (c.splitAt < 0 && k > shownStep) c.splitAt = int(c.points.size());
        if (lo == kInf) continue;
        if (kLo <= kHi)
            emit(kLo, lo), emit(kHi, hi);
        else
            emit(kHi, hi), emit(kLo, lo);
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
    if (log && std::abs(v - e) < 1e-6) {
        s = e == 0 ? "1" : e == 1 ? "10" : "10" + superscriptInt(e);
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

void drawCross(ImDrawList* dl, ImVec2 p, float r, float scale) {
    for (int pass = 0; pass < 2; ++pass) {
        ImU32 col = pass == 0 ? IM_COL32(0, 0, 0, 200) : kRed;
        float th = (pass == 0 ? 5.0f : 2.8f) * scale;
        dl->AddLine(ImVec2(p.x - r, p.y - r), ImVec2(p.x + r, p.y + r), col, th);
        dl->AddLine(ImVec2(p.x - r, p.y + r), ImVec2(p.x + r, p.y - r), col, th);
    }
}

void hoverTooltip(const AppState& state, const Quantity& q, int k) {
    ImGui::BeginTooltip();
    ImGui::Text("step %d", k);
    const auto& specs = state.scene.playground.runs;
    float sq = ImGui::GetTextLineHeight() * 0.8f;
    for (size_t i = 0; i < specs.size() && i < state.runs.runs.size(); ++i) {
        const RunOutcome& o = state.runs.runs[i];
        if (!specs[i].visible || !o.error.empty() || o.trajectories.empty() || o.trajectories[0].size() == 0) continue;
        const Trajectory& tr = o.trajectories[0];
        ImVec2 p = ImGui::GetCursorScreenPos();
        float dy = (ImGui::GetTextLineHeight() - sq) / 2;
        ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + dy), ImVec2(p.x + sq, p.y + dy + sq),
                                                  rgbToImU32(specs[i].color));
        ImGui::Dummy(ImVec2(sq, sq));
        ImGui::SameLine();
        if (k >= tr.size()) {
            if (tr.divergedAt >= 0)
                ImGui::TextColored(ImVec4(1, 0.4f, 0.3f, 1), "%s: diverged at step %d", specs[i].label.c_str(),
                                   tr.divergedAt);
            else
                ImGui::Text("%s: ended at step %d", specs[i].label.c_str(), tr.size() - 1);
            continue;
        }
        double f = tr.f[size_t(k)];
        if (q.distance)
            ImGui::Text("%s:  ‖x − x*‖ = %.4g   f = %.6g", specs[i].label.c_str(), std::sqrt(q.raw(tr, k)), f);
        else if (q.log)
            ImGui::Text("%s:  f = %.6g   f − f* = %.3g", specs[i].label.c_str(), f, f - q.offset);
        else
            ImGui::Text("%s:  f = %.6g", specs[i].label.c_str(), f);
    }
    ImGui::EndTooltip();
}

} // namespace

void drawLossPlot(AppState& state) {
    if (!state.surface) return;
    Playground& p = state.scene.playground;
    const float scale = state.scene.ui.scale;
    // The mode is UI state of this window, kept in ImGui's per-window storage (not saved in scenes).
    bool* distanceMode = ImGui::GetStateStorage()->GetBoolRef(ImGui::GetID("distance mode"), false);

    ImGui::Checkbox("log scale", &p.lossLogScale);
    ImGui::SameLine();
    int mode = *distanceMode ? 1 : 0;
    ImGui::SetNextItemWidth(ImGui::CalcTextSize("distance to nearest min").x + ImGui::GetFrameHeight() * 1.6f);
    if (ImGui::Combo("##mode", &mode, "loss f\0distance to nearest min\0")) *distanceMode = mode == 1;

    std::vector<Curve> curves = visibleCurves(state);
    Quantity q;
    q.distance = *distanceMode;
    q.log = p.lossLogScale;
    bool measurable = describeQuantity(state, curves, q);
    ImGui::TextDisabled("%s", q.label.c_str());

    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 origin = ImGui::GetCursorScreenPos();
    ImVec2 avail = ImGui::GetContentRegionAvail();
    if (avail.x < 40 || avail.y < 40) return;
    ImGui::InvisibleButton("##plot", avail);
    bool hovered = ImGui::IsItemHovered();
    if (curves.empty() || !measurable) {
        const char* msg = curves.empty() ? "no visible run to plot"
                                         : "no minimum known or found on this surface: no distance to show";
        ImGui::SetCursorScreenPos(ImVec2(origin.x + 8 * scale, origin.y + 8 * scale));
        ImGui::PushTextWrapPos(origin.x + avail.x - 8 * scale);
        ImGui::TextWrapped("%s", msg);
        ImGui::PopTextWrapPos();
        return;
    }

    const float font = ImGui::GetFontSize();
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

    const ImVec4 textV = ImGui::GetStyle().Colors[ImGuiCol_Text];
    const ImU32 text = ImGui::ColorConvertFloat4ToU32(textV);
    const ImU32 grid = ImGui::ColorConvertFloat4ToU32(ImVec4(textV.x, textV.y, textV.z, 0.12f));
    dl->AddRectFilled(ax.p0, ax.p1, ImGui::GetColorU32(ImGuiCol_FrameBg));
    for (double v : ticks) {
        float y = ax.toPixel(0, v).y;
        if (y < ax.p0.y - 1 || y > ax.p1.y + 1) continue;
        dl->AddLine(ImVec2(ax.p0.x, y), ImVec2(ax.p1.x, y), grid);
        tickLabel(buf, sizeof buf, v, q.log);
        ImVec2 s = ImGui::CalcTextSize(buf);
        dl->AddText(ImVec2(ax.p0.x - s.x - 0.3f * font, y - s.y / 2), text, buf);
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
    for (const Curve& c : curves) {
        px.clear();
        for (const ImVec2& d : c.points) px.push_back(ax.toPixel(d.x, d.y));
        ImU32 faded = (c.color & 0x00ffffff) | (70u << 24);
        int split = std::min(c.splitAt, int(px.size()));
        if (split >= 2) dl->AddPolyline(px.data(), split, c.color, 0, 2.2f * scale);
        if (int(px.size()) - split >= 1 && split >= 1) // the future part, faded, joined to the past
            dl->AddPolyline(px.data() + split - 1, int(px.size()) - split + 1, faded, 0, 1.6f * scale);
        int k = std::min(t, c.tr->size() - 1);
        double v = q.shown(q.raw(*c.tr, k));
        if (std::isfinite(v) && c.tr->divergedAt != k) {
            ImVec2 dot = ax.toPixel(k, v);
            dl->AddCircleFilled(dot, 4.5f * scale, IM_COL32(0, 0, 0, 200));
            dl->AddCircleFilled(dot, 3.2f * scale, c.color);
        }
    }
    float tx = ax.toPixel(t, ax.yLo).x;
    dl->AddLine(ImVec2(tx, ax.p0.y), ImVec2(tx, ax.p1.y),
                ImGui::ColorConvertFloat4ToU32(ImVec4(textV.x, textV.y, textV.z, 0.55f)), 1.5f * scale);
    dl->PopClipRect();
    dl->AddRect(ax.p0, ax.p1, grid);
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
        dl->AddLine(ImVec2(x, ax.p0.y), ImVec2(x, ax.p1.y), text, 1.0f * scale);
        hoverTooltip(state, q, k);
    }
}

} // namespace dh
