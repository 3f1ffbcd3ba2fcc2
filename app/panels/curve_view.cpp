// The 1D view, shown instead of the surface whenever f depends on x alone: the curve f(x) with axes,
// each run's iterates as dots on the curve joined by its path, the current iterate as a ball with
// its tangent (slope f′(x), labelled), the start marker (dragged along x), the formula, the legend,
// and a readout under the mouse. Drag pans in x, the wheel zooms in x; f is fitted to the curve.
//
// Sections: the frame (CurveFrame, curveFrameFor: the f-range fit); drawing (axes, curve, critical
// points, label placement, runs with balls and tangents); the mouse (starts, pan, zoom, readout);
// layout (where the legend goes); drawCurveView.
#include "app/panels/curve_view.h"

#include "app/app_state.h"
#include "app/gfx/chart.h"
#include "app/gfx/draw_util.h"
#include "app/gfx/kink_overlay.h"
#include "app/gfx/labels.h"
#include "app/gfx/overlays.h"
#include "app/gfx/widgets.h"
#include "app/panels/panels.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <imgui.h>
#include <optional>
#include <utility>
#include <vector>

namespace dh {

Eigen::Vector2d CurveFrame::toPixel(double x, double f) const {
    return {plot.x + (x - xMin) * pixelsPerX(), plot.y + (fMax - f) * pixelsPerF()};
}

double CurveFrame::toX(double px) const {
    return xMin + (px - plot.x) / pixelsPerX();
}

CurveFrame curveFrameFor(const Surface& surface, double xMin, double xMax, const PixelRect& view, float scale,
                         const std::vector<double>& keep) {
    CurveFrame c;
    double left = 70.0 * scale, bottom = 36.0 * scale, top = 8.0 * scale, right = 16.0 * scale;
    c.plot = PixelRect{view.x + left, view.y + top, std::max(view.width - left - right, 10.0),
                       std::max(view.height - top - bottom, 10.0)};
    c.xMin = xMin;
    c.xMax = xMax > xMin ? xMax : xMin + 1;

    const int n = 512;
    std::vector<double> samples(n + 1), fs;
    fs.reserve(n + 1);
    for (int i = 0; i <= n; ++i) {
        samples[size_t(i)] = surface.value({c.xMin + (c.xMax - c.xMin) * i / n, 0.0});
        if (std::isfinite(samples[size_t(i)])) fs.push_back(samples[size_t(i)]);
    }
    if (fs.empty()) return c; // nothing finite to show: keep [0, 1]
    std::sort(fs.begin(), fs.end());
    auto q = [&](double p) { return fs[size_t(p * double(fs.size() - 1))]; };
    double lo = fs.front(), hi = fs.back();
    // Robust ends: the top (bottom) may reach at most 3 times the spread of the rest beyond the
    // 90th (10th) percentile.
    double q10 = q(0.1), q90 = q(0.9);
    hi = std::min(hi, q90 + 3 * (q90 - lo));
    lo = std::max(lo, q10 - 3 * (hi - q10));

    // The features: the local minima and maxima of the curve. When steep arms would squeeze them into
    // less than 35% of the height, the arms are cut off instead. The points in `keep` (the starts)
    // only ever widen the range, so that dragging a start inside the view does not rescale it.
    double flo = 1e300, fhi = -1e300;
    for (int i = 1; i < n; ++i) {
        double a = samples[size_t(i - 1)], m = samples[size_t(i)], b = samples[size_t(i + 1)];
        if (std::isfinite(m) && ((m <= a && m < b) || (m >= a && m > b))) {
            flo = std::min(flo, std::clamp(m, lo, hi));
            fhi = std::max(fhi, std::clamp(m, lo, hi));
        }
    }
    double span = fhi - flo;
    double fullLo = lo, fullHi = hi;
    if (span > 1e-12 * std::max(1.0, std::abs(fhi)) && span < 0.35 * (hi - lo)) {
        double want = span / 0.35, extra = want - span;
        double newLo = std::max(lo, flo - 0.15 * extra);
        hi = std::min(hi, newLo + want);
        lo = newLo;
    }
    for (double x : keep) {
        double f = x >= c.xMin && x <= c.xMax ? surface.value({x, 0.0}) : NAN;
        if (!std::isfinite(f)) continue;
        lo = std::min(lo, std::max(f, fullLo));
        hi = std::max(hi, std::min(f + 0.05 * (hi - lo), fullHi));
    }
    if (!(hi - lo > 1e-12 * std::max(1.0, std::abs(hi)))) {
        double pad = std::max(1.0, std::abs(hi) * 0.1);
        lo -= pad;
        hi += pad;
    }
    span = hi - lo;
    c.fMin = lo - 0.07 * span;
    c.fMax = hi + 0.1 * span;
    return c;
}

namespace {

struct Colors {
    ImU32 grid, axis, text, curve;
    bool darkHalo;
};

Colors colorsFor(bool dark) {
    if (dark)
        return {IM_COL32(255, 255, 255, 26), IM_COL32(200, 202, 210, 255), IM_COL32(255, 255, 255, 255),
                IM_COL32(235, 236, 240, 255), true};
    return {IM_COL32(0, 0, 0, 22), IM_COL32(70, 72, 80, 255), IM_COL32(20, 20, 25, 255), IM_COL32(30, 32, 40, 255),
            false};
}

ImVec2 px(const CurveFrame& c, double x, double f) {
    Eigen::Vector2d p = c.toPixel(x, f);
    return ImVec2(float(std::clamp(p.x(), -1e5, 1e5)), float(std::clamp(p.y(), -1e5, 1e5)));
}

ImVec4 plotRect(const CurveFrame& c) {
    return ImVec4(float(c.plot.x), float(c.plot.y), float(c.plot.x + c.plot.width), float(c.plot.y + c.plot.height));
}

void drawAxes(ImDrawList* dl, const CurveFrame& c, const Colors& col, float scale, LabelRegistry& labels) {
    const PixelRect& r = c.plot;
    float x0 = float(r.x), y0 = float(r.y), x1 = float(r.x + r.width), y1 = float(r.y + r.height);
    char buf[32];
    for (double x : niceTicks(c.xMin, c.xMax, int(r.width / (100 * scale)) + 1)) {
        float p = px(c, x, 0).x;
        dl->AddLine(ImVec2(p, y0), ImVec2(p, y1), x == 0 ? (col.grid | 0x50000000) : col.grid,
                    x == 0 ? 1.5f * scale : 1);
        dl->AddLine(ImVec2(p, y1), ImVec2(p, y1 + 5 * scale), col.axis, 1.5f * scale);
        std::snprintf(buf, sizeof buf, "%g", x);
        ImVec2 s = ImGui::CalcTextSize(buf);
        drawClaimedText(labels, dl, ImVec2(p - s.x / 2, y1 + 7 * scale), col.text, buf, false);
    }
    for (double f : niceTicks(c.fMin, c.fMax, int(r.height / (70 * scale)) + 1)) {
        float p = px(c, 0, f).y;
        dl->AddLine(ImVec2(x0, p), ImVec2(x1, p), f == 0 ? (col.grid | 0x50000000) : col.grid,
                    f == 0 ? 1.5f * scale : 1);
        dl->AddLine(ImVec2(x0 - 5 * scale, p), ImVec2(x0, p), col.axis, 1.5f * scale);
        std::snprintf(buf, sizeof buf, "%g", f);
        ImVec2 s = ImGui::CalcTextSize(buf);
        drawClaimedText(labels, dl, ImVec2(x0 - 8 * scale - s.x, p - s.y / 2), col.text, buf, false);
    }
    dl->AddLine(ImVec2(x0, y0), ImVec2(x0, y1), col.axis, 1.5f * scale);
    dl->AddLine(ImVec2(x0, y1), ImVec2(x1, y1), col.axis, 1.5f * scale);
    ImVec2 s = ImGui::CalcTextSize("x");
    dl->AddText(ImVec2(x1 - s.x - 4 * scale, y1 - s.y - 4 * scale), col.text, "x");
    labels.avoid(ImVec2(x1 - s.x - 4 * scale, y1 - s.y - 4 * scale), ImVec2(x1, y1));
}

// f sampled every other pixel; a non-finite value breaks the line.
void drawCurve(ImDrawList* dl, const Surface& surface, const CurveFrame& c, const Colors& col, float scale) {
    std::vector<ImVec2> pts;
    int n = std::max(2, int(c.plot.width / 2));
    auto flush = [&] {
        if (pts.size() >= 2) dl->AddPolyline(pts.data(), int(pts.size()), col.curve, 0, 3.0f * scale);
        pts.clear();
    };
    for (int i = 0; i <= n; ++i) {
        double x = c.xMin + (c.xMax - c.xMin) * i / n;
        double f = surface.value({x, 0.0});
        if (!std::isfinite(f)) {
            flush();
            continue;
        }
        pts.push_back(px(c, x, f));
    }
    flush();
}

// The path's pixels up to step upTo (points within 1.5 px of the last kept one skipped); true when it
// reached upTo with finite values.
bool curvePathPixels(const CurveFrame& c, const Trajectory& tr, int upTo, std::vector<ImVec2>& pts) {
    pts.clear();
    bool reached = false;
    for (int k = 0; k <= upTo; ++k) {
        if (!tr.x[size_t(k)].allFinite() || !std::isfinite(tr.f[size_t(k)])) break;
        ImVec2 q = px(c, tr.x[size_t(k)].x(), tr.f[size_t(k)]);
        reached = k == upTo;
        if (!pts.empty() && k != upTo) {
            float dx = q.x - pts.back().x, dy = q.y - pts.back().y;
            if (dx * dx + dy * dy < 1.5f * 1.5f) continue;
        }
        pts.push_back(q);
    }
    return reached;
}

void drawBall(ImDrawList* dl, ImVec2 p, ImU32 color, float r, float scale) {
    dl->AddCircleFilled(p, r + 2 * scale, IM_COL32(0, 0, 0, 220));
    dl->AddCircleFilled(p, r, color);
    dl->AddCircleFilled(ImVec2(p.x - 0.35f * r, p.y - 0.35f * r), 0.25f * r, IM_COL32(255, 255, 255, 150));
}

// Paths, iterates, and at step t each run's ball with its tangent and slope label.
void drawRuns(ImDrawList* dl, const CurveFrame& c, const AppState& state, int t, const Colors& col, float scale,
              LabelRegistry& labels) {
    const Playground& p = state.scene.playground;
    bool grid = p.startMode == StartMode::Grid;
    std::vector<ImVec2> pts;
    struct Ball {
        ImVec2 at;
        ImU32 color;
        double x, slope;
        int run;
    };
    std::vector<Ball> balls;
    for (size_t i = 0; i < p.runs.size() && i < state.derived.runs.runs.size(); ++i) {
        if (!p.runs[i].visible) continue;
        ImU32 color = rgbToImU32(p.runs[i].color), faded = rgbToImU32(p.runs[i].color, 170);
        for (const Trajectory& tr : state.derived.runs.runs[i].trajectories) {
            if (tr.size() == 0) continue;
            int upTo = std::min(t, tr.size() - 1);
            const bool reached = curvePathPixels(c, tr, upTo, pts);
            // Segments with round joins: a bounce (x → −x) turns by 180° at every step.
            drawPath(dl, pathGeometry(pts, plotRect(c)), faded, 2 * scale, 0);
            float dot = (grid ? 2.5f : 3.5f) * scale;
            ImVec2 last(-1e9f, -1e9f);
            for (const ImVec2& q : pts)
                if (std::abs(q.x - last.x) + std::abs(q.y - last.y) > 2 * dot) {
                    dl->AddCircleFilled(q, dot + 1.2f * scale, IM_COL32(0, 0, 0, 150));
                    dl->AddCircleFilled(q, dot, color);
                    last = q;
                }
            if (reached)
                balls.push_back({pts.back(), color, tr.x[size_t(upTo)].x(), tr.grad[size_t(upTo)].x(), int(i)});
        }
    }
    // Tangents under all balls, balls on top, labels last.
    float half = (balls.size() > 3 ? 70 : 110) * scale; // shorter when many would cross
    if (!grid)
        for (const Ball& b : balls) {
            if (!std::isfinite(b.slope)) continue;
            Eigen::Vector2d d(c.pixelsPerX(), -b.slope * c.pixelsPerF());
            d = d.normalized() * half;
            ImVec2 a(b.at.x - float(d.x()), b.at.y - float(d.y())), e(b.at.x + float(d.x()), b.at.y + float(d.y()));
            dl->AddLine(a, e, IM_COL32(0, 0, 0, 160), 5.0f * scale);
            dl->AddLine(a, e, b.color, 2.5f * scale);
        }
    // labels keep off the balls, each other and the critical points' labels (already in `placed`)
    char buf[96];
    const PixelRect& r = c.plot;
    float ballR = (grid ? 6.0f : 10.0f) * scale;
    for (const Ball& b : balls)
        labels.avoid(ImVec2(b.at.x - ballR, b.at.y - ballR), ImVec2(b.at.x + ballR, b.at.y + ballR));
    for (const Ball& b : balls) {
        bool inside = b.at.x >= r.x && b.at.x <= r.x + r.width && b.at.y >= r.y && b.at.y <= r.y + r.height;
        if (inside) {
            drawBall(dl, b.at, b.color, ballR, scale);
            continue;
        }
        // Off the chart (a diverging run): a pointer at the edge towards it, with where it is.
        float m = 22 * scale;
        ImVec2 e(std::clamp(b.at.x, float(r.x) + m, float(r.x + r.width) - m),
                 std::clamp(b.at.y, float(r.y) + m, float(r.y + r.height) - m));
        Eigen::Vector2d dir(b.at.x - e.x, b.at.y - e.y);
        dir.normalize();
        ImVec2 tip(e.x + float(dir.x()) * m, e.y + float(dir.y()) * m);
        arrow(dl, e, tip, IM_COL32(0, 0, 0, 200), 7 * scale, 18 * scale);
        arrow(dl, e, tip, b.color, 4 * scale, 15 * scale);
        if (grid) continue;
        std::snprintf(buf, sizeof buf, "off the chart: x = %s", formatNumber(b.x).c_str());
        if (std::optional<ImVec2> at = labels.place(e, ImGui::CalcTextSize(buf), 20 * scale, buf))
            haloText(dl, *at, b.color, buf, col.darkHalo);
    }
    if (grid) return;
    // The selected run's label first, so that it is the one that finds room.
    std::stable_partition(balls.begin(), balls.end(), [&](const Ball& b) { return b.run == state.ui.selectedRun; });
    for (const Ball& b : balls) {
        if (b.at.x < r.x || b.at.x > r.x + r.width || b.at.y < r.y || b.at.y > r.y + r.height) continue;
        // Rounding errors far below what the picture shows read as 0, not as 1.7e-19.
        double slope = std::abs(b.slope) < 1e-6 ? 0.0 : b.slope;
        std::snprintf(buf, sizeof buf, "f′(x) = %.3g", slope);
        if (std::optional<ImVec2> at = labels.place(b.at, ImGui::CalcTextSize(buf), 16 * scale, buf))
            haloText(dl, *at, b.color, buf, col.darkHalo);
    }
}

// The curve's minima and maxima (overlay "critical points"): a ring or a triangle, with type and f.
// The labels go to the registry first, so that the slope labels keep off them.
void drawCriticalPoints(ImDrawList* dl, const CurveFrame& c, const std::vector<CriticalPoint>& points,
                        const Colors& col, float scale, LabelRegistry& labels) {
    char label[48];
    for (const CriticalPoint& cp : points) {
        ImVec2 p = px(c, cp.at.x(), cp.f);
        float s = 7 * scale;
        if (cp.type == CriticalType::Max)
            dl->AddTriangle(ImVec2(p.x, p.y - s), ImVec2(p.x - s, p.y + s * 0.8f), ImVec2(p.x + s, p.y + s * 0.8f),
                            col.text, 2.2f * scale);
        else
            dl->AddCircle(p, s, col.text, 0, 2.2f * scale);
        labels.avoid(ImVec2(p.x - s, p.y - s), ImVec2(p.x + s, p.y + s));
    }
    for (const CriticalPoint& cp : points) {
        ImVec2 p = px(c, cp.at.x(), cp.f);
        float s = 7 * scale;
        std::snprintf(label, sizeof label, "%s %.3g", criticalTypeName(cp.type), cp.f);
        ImVec2 size = ImGui::CalcTextSize(label);
        float y = cp.type == CriticalType::Max ? p.y - s - size.y - 4 * scale : p.y + s + 4 * scale;
        if (labels.claim(ImVec2(p.x - size.x / 2, y), size, label))
            haloText(dl, ImVec2(p.x - size.x / 2, y), col.text, label, col.darkHalo);
        else if (std::optional<ImVec2> at = labels.place(p, size, s + 4 * scale, label))
            haloText(dl, *at, col.text, label, col.darkHalo);
    }
}

void drawStartMarker(ImDrawList* dl, ImVec2 p, float scale) {
    dl->AddCircle(p, 11 * scale, IM_COL32(0, 0, 0, 200), 0, 5 * scale);
    dl->AddCircle(p, 11 * scale, IM_COL32(255, 255, 255, 255), 0, 2.5f * scale);
}

// Starts: drawn, and dragged along x. Elsewhere a drag pans in x; the wheel zooms in x.
void handleMouse(AppState& state, const CurveFrame& c, bool hovered, ImDrawList* dl, float scale) {
    Playground& p = state.scene.playground;
    ImGuiIO& io = ImGui::GetIO();
    Eigen::Vector2d mouse = fromIm(io.MousePos);
    auto startPixel = [&](const Eigen::Vector2d& s) {
        return c.toPixel(s.x(), state.derived.surface->value({s.x(), 0.0}));
    };
    float grab = 16 * scale;
    if (p.startMode == StartMode::Shared) {
        Eigen::Vector2d s = startPixel(sharedStart(p, *state.derived.surface));
        if (s.allFinite()) drawStartMarker(dl, toIm(s), scale);
        if (hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left))
            state.ui.drag =
                s.allFinite() && (s - mouse).norm() < grab ? UiState::Drag::SharedStart : UiState::Drag::Pan;
    } else if (hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
        state.ui.drag = UiState::Drag::Pan;
    }
    if (p.startMode == StartMode::PerRun)
        for (int i = 0; i < int(p.runs.size()); ++i) {
            if (!p.runs[size_t(i)].visible) continue;
            Eigen::Vector2d s = startPixel(p.runs[size_t(i)].start);
            if (!s.allFinite()) continue;
            drawStartMarker(dl, toIm(s), scale);
            if (hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left) && (s - mouse).norm() < grab) {
                state.ui.drag = UiState::Drag::RunStart;
                state.ui.dragRun = i;
            }
        }
    if (!ImGui::IsMouseDown(ImGuiMouseButton_Left)) state.ui.drag = UiState::Drag::None;
    double x = c.toX(mouse.x());
    Domain view = currentView(state);
    switch (state.ui.drag) {
    case UiState::Drag::Pan:
        if (io.MouseDelta.x != 0) {
            double dx = -io.MouseDelta.x / c.pixelsPerX();
            view.xMin = c.xMin + dx;
            view.xMax = c.xMax + dx;
            state.scene.view = view;
            state.scene.viewSet = true;
        }
        break;
    case UiState::Drag::SharedStart:
        p.start = {x, 0.0};
        p.startSet = true;
        break;
    case UiState::Drag::RunStart:
        if (state.ui.dragRun >= 0 && state.ui.dragRun < int(p.runs.size()))
            p.runs[size_t(state.ui.dragRun)].start = {x, 0.0};
        break;
    default:
        break;
    }
    if (hovered && io.MouseWheel != 0.0f) {
        double factor = std::pow(1.15, io.MouseWheel);
        view.xMin = x + (c.xMin - x) / factor;
        view.xMax = x + (c.xMax - x) / factor;
        state.scene.view = view;
        state.scene.viewSet = true;
    }
}

void drawReadout(ImDrawList* dl, const AppState& state, const CurveFrame& c, double x, const Colors& col, float scale) {
    Eigen::Vector2d g;
    double f = state.derived.surface->valueGrad({x, 0.0}, g);
    if (!std::isfinite(f)) return;
    ImVec2 p = px(c, x, f);
    dl->AddLine(ImVec2(p.x, float(c.plot.y)), ImVec2(p.x, float(c.plot.y + c.plot.height)), col.grid | 0x40000000,
                1.0f);
    dl->AddCircleFilled(p, 4 * scale, col.curve);
    char buf[96];
    std::snprintf(buf, sizeof buf, "x = %.4g\nf = %.6g\nf′ = %.4g", x, f, g.x());
    ImVec2 size = ImGui::CalcTextSize(buf);
    float pad = ImGui::GetFontSize() * 0.3f;
    float bx = p.x + 14 * scale, by = p.y - size.y - 2 * pad - 14 * scale;
    if (bx + size.x + 2 * pad > c.plot.x + c.plot.width) bx = p.x - 14 * scale - size.x - 2 * pad;
    by = std::clamp(by, float(c.plot.y), float(c.plot.y + c.plot.height) - size.y - 2 * pad);
    labelBox(dl, ImVec2(bx, by), buf, IM_COL32(255, 255, 255, 255), IM_COL32(0, 0, 0, 180));
}

// The x of every start shown: the curve's f range keeps them in view.
std::vector<double> startXs(const AppState& state) {
    const Playground& p = state.scene.playground;
    std::vector<double> xs;
    if (p.startMode == StartMode::Shared) xs.push_back(sharedStart(p, *state.derived.surface).x());
    if (p.startMode == StartMode::PerRun)
        for (const RunSpec& run : p.runs)
            if (run.visible) xs.push_back(run.start.x());
    return xs;
}

// The title and legend go to whichever top corner (or the middle) the curve crosses least.
ImVec2 legendCorner(const AppState& state, const CurveFrame& c, float scale) {
    float line = ImGui::GetTextLineHeightWithSpacing();
    int rows = 1;
    float width = ImGui::CalcTextSize(("f(x) = " + state.derived.surface->formula).c_str()).x;
    for (const RunSpec& run : state.scene.playground.runs)
        if (run.visible) {
            ++rows;
            width = std::max(width, ImGui::CalcTextSize((run.label + " η=0.001   f = -0.00001").c_str()).x + line);
        }
    float height = rows * (line + 2 * scale) + 8 * scale;
    float left = float(c.plot.x) + 14 * scale, right = float(c.plot.x + c.plot.width) - width - 14 * scale;
    float best = left, bestHits = 1e9f;
    for (float x0 : {left, 0.5f * (left + right), right}) {
        int hits = 0;
        for (int i = 0; i <= 200; ++i) {
            double x = c.xMin + (c.xMax - c.xMin) * i / 200;
            ImVec2 q = px(c, x, state.derived.surface->value({x, 0.0}));
            if (q.x >= x0 && q.x <= x0 + width && q.y >= c.plot.y && q.y <= c.plot.y + 8 * scale + height) ++hits;
        }
        if (hits < bestHits) {
            bestHits = float(hits);
            best = x0;
        }
    }
    return ImVec2(std::max(best, float(c.plot.x) + 4 * scale), float(c.plot.y) + 8 * scale);
}

} // namespace

PathGeometry curvePathGeometry(const CurveFrame& c, const Trajectory& tr, int t) {
    std::vector<ImVec2> pts;
    curvePathPixels(c, tr, std::min(t, tr.size() - 1), pts);
    return pathGeometry(pts, plotRect(c));
}

void drawCurveView(AppState& state) {
    const Layout& L = state.ui.layout;
    beginMainView("Curve", L.x, L.y, L.width, L.height);

    float scale = state.scene.ui.scale;
    ImVec2 origin = ImGui::GetCursorScreenPos();
    ImVec2 avail = ImGui::GetContentRegionAvail();
    Domain view = currentView(state);
    CurveFrame c = curveFrameFor(*state.derived.surface, view.xMin, view.xMax,
                                 PixelRect{origin.x, origin.y, avail.x, avail.y}, scale, startXs(state));
    ImGui::InvisibleButton("curve", ImVec2(std::max(avail.x, 1.0f), std::max(avail.y, 1.0f)));
    bool hovered = ImGui::IsItemHovered();
    Colors col = colorsFor(state.scene.ui.darkTheme);

    ImDrawList* dl = ImGui::GetWindowDrawList();
    LabelRegistry& labels = state.ui.labels;
    labels.beginPanel("curve view", origin, ImVec2(origin.x + avail.x, origin.y + avail.y));
    // No background fill: the window is cleared to the theme's background (one full-view fill less).
    drawAxes(dl, c, col, scale, labels);
    ImVec2 plot0(float(c.plot.x), float(c.plot.y)),
        plot1(float(c.plot.x + c.plot.width), float(c.plot.y + c.plot.height));
    dl->PushClipRect(plot0, plot1, true);
    labels.beginPanel("curve plot", plot0, plot1);
    // Two layers: the title and legend on top, claimed first so that the moving labels keep off them.
    dl->ChannelsSplit(2);
    dl->ChannelsSetCurrent(1);
    int t = shownStep(state);
    ImVec2 corner = legendCorner(state, c, scale);
    const std::string title = "f(x) = " + state.derived.surface->formula;
    ImVec2 titleAt = corner; // wrapped at spaces to the room right of the corner
    for (const std::string& line : wrapLines(title.c_str(), plot1.x - corner.x - 4 * scale)) {
        labels.add(titleAt, ImGui::CalcTextSize(line.c_str()), line.c_str());
        haloText(dl, titleAt, col.text, line.c_str(), col.darkHalo);
        titleAt.y += ImGui::GetTextLineHeight();
    }
    LegendFit fit; // as many rows as the plot holds below the title, as wide as the plot
    const float legendTop = titleAt.y + 6 * scale + ImGui::GetStyle().ItemSpacing.y;
    fit.maxRows = int((plot1.y - legendTop) / (ImGui::GetTextLineHeightWithSpacing() + 2 * scale));
    fit.maxWidth = plot1.x - corner.x - 4 * scale;
    if (fit.maxRows >= 1 && state.ui.legend.shown)
        drawRunLegend(dl, ImVec2(corner.x, legendTop), state, t, scale, &labels, fit);
    dl->ChannelsSetCurrent(0);
    drawCurve(dl, *state.derived.surface, c, col, scale);
    if (state.scene.playground.overlays.criticalPoints)
        drawCriticalPoints(dl, c, state.derived.criticalPoints, col, scale, labels);
    drawRuns(dl, c, state, t, col, scale, labels);
    handleMouse(state, c, hovered, dl, scale);
    state.ui.hover.reset();
    double mx = c.toX(ImGui::GetIO().MousePos.x);
    if (hovered && ImGui::GetIO().MousePos.x >= plot0.x) state.ui.hover = Eigen::Vector2d(mx, 0.0);
    dl->ChannelsSetCurrent(1);
    if (state.ui.hover && state.ui.drag == UiState::Drag::None) drawReadout(dl, state, c, mx, col, scale);
    dl->ChannelsMerge();
    dl->PopClipRect();
    ImGui::End();
}

} // namespace dh
