#include "app/gfx/overlays.h"

#include "app/app_state.h"
#include "app/gfx/draw_util.h"
#include "app/gfx/labels.h"
#include "app/gfx/widgets.h"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace dh {
namespace {

// Pixels of a path up to step upTo, stopping at the first non-finite state. Far-off points are kept
// far off (a diverging run's direction stays right) but within what floats hold precisely enough.
void pixelPath(const ViewTransform& vt, const std::vector<Eigen::Vector2d>& xs, int upTo, std::vector<ImVec2>& out) {
    out.clear();
    for (int k = 0; k <= upTo && k < int(xs.size()); ++k) {
        if (!xs[size_t(k)].allFinite()) break;
        Eigen::Vector2d p = vt.toPixel(xs[size_t(k)]);
        out.push_back(ImVec2(float(std::clamp(p.x(), -1e7, 1e7)), float(std::clamp(p.y(), -1e7, 1e7))));
    }
}

ImVec4 viewRect(const ViewTransform& vt) {
    const PixelRect& r = vt.rect();
    return ImVec4(float(r.x), float(r.y), float(r.x + r.width), float(r.y + r.height));
}

int stepIndex(const Trajectory& tr, int t) {
    return std::min(t, tr.size() - 1);
}

// The vector state that moves the iterate like a velocity (momentum buffer or first moment).
int velocityState(const Trajectory& tr) {
    for (int j = 0; j < tr.stateCount; ++j) {
        const char* n = optimizerStateName(tr.config, j);
        if (!std::strcmp(n, "momentum_buffer") || !std::strcmp(n, "exp_avg")) return j;
    }
    return -1;
}

// The per-coordinate accumulated squared gradient (AdaGrad's sum, RMSProp's and Adam's averages).
int accumulatorState(const Trajectory& tr) {
    for (int j = 0; j < tr.stateCount; ++j) {
        const char* n = optimizerStateName(tr.config, j);
        if (!std::strcmp(n, "sum") || !std::strcmp(n, "square_avg") || !std::strcmp(n, "exp_avg_sq")) return j;
    }
    return -1;
}

// An arrow of a length that grows with log(1 + ‖v‖), in the direction of v.
void logArrow(ImDrawList* dl, ImVec2 from, Eigen::Vector2d v, ImU32 color, float scale) {
    double n = v.norm();
    if (!(n > 0) || !std::isfinite(n)) return;
    double len = std::min(90.0, 22.0 + 18.0 * std::log10(1.0 + n)) * scale;
    Eigen::Vector2d d = v / n * len;
    arrow(dl, from, ImVec2(from.x + float(d.x()), from.y - float(d.y())), color, 2.2f * scale, 9 * scale);
}

} // namespace

PathGeometry runPathGeometry(const ViewTransform& vt, const Trajectory& tr, int t) {
    std::vector<ImVec2> pts;
    pixelPath(vt, tr.x, stepIndex(tr, t), pts);
    thinPixels(pts, 2.0f);
    return pathGeometry(pts, viewRect(vt));
}

namespace {

struct Iterate {
    ImVec2 at;
    ImU32 color;
};

// The iterates at step t. Runs that stand on (almost) the same pixel stay apart: the first is a ball,
// each further one a ring around it, one ring width larger than the last.
void drawIterates(ImDrawList* dl, const std::vector<Iterate>& its, float r, float scale, LabelRegistry& labels) {
    const float ring = lineWidth(3 * scale), step = ring + 2 * scale;
    std::vector<int> depth(its.size(), 0);
    for (size_t i = 0; i < its.size(); ++i)
        for (size_t j = 0; j < i; ++j) {
            const float dx = its[i].at.x - its[j].at.x, dy = its[i].at.y - its[j].at.y;
            if (dx * dx + dy * dy < (r + step * float(depth[j])) * (r + step * float(depth[j])))
                depth[i] = std::max(depth[i], depth[j] + 1);
        }
    for (size_t i = 0; i < its.size(); ++i) {
        const float extra = step * float(depth[i]);
        labels.avoid(ImVec2(its[i].at.x - r - extra, its[i].at.y - r - extra),
                     ImVec2(its[i].at.x + r + extra, its[i].at.y + r + extra));
        if (depth[i] == 0) {
            dl->AddCircleFilled(its[i].at, r + 1.5f * scale, IM_COL32(0, 0, 0, 200));
            dl->AddCircleFilled(its[i].at, r, its[i].color);
        } else {
            const float rr = r + extra - ring / 2;
            dl->AddCircle(its[i].at, rr, IM_COL32(0, 0, 0, 200), 0, ring + 2 * scale);
            dl->AddCircle(its[i].at, rr, its[i].color, 0, ring);
        }
    }
}

// Labels keep off the path: boxes along its segments, about every 12 px.
void avoidPath(LabelRegistry& labels, const PathGeometry& g, float half) {
    for (const PathGeometry::Segment& s : g.segments) {
        const float len = std::hypot(s.b.x - s.a.x, s.b.y - s.a.y);
        const int n = std::min(200, 1 + int(len / 12));
        for (int i = 0; i <= n; ++i) {
            const float u = float(i) / float(n);
            const ImVec2 p(s.a.x + u * (s.b.x - s.a.x), s.a.y + u * (s.b.y - s.a.y));
            labels.avoid(ImVec2(p.x - half, p.y - half), ImVec2(p.x + half, p.y + half));
        }
    }
}

} // namespace

void drawTrajectories(ImDrawList* dl, const ViewTransform& vt, const AppState& state, int t, float scale,
                      LabelRegistry& labels) {
    const Playground& p = state.scene.playground;
    const bool grid = p.startMode == StartMode::Grid;
    std::vector<Iterate> iterates;
    struct Off {
        PathGeometry::Exit exit;
        ImU32 color;
        std::string text;
    };
    std::vector<Off> offs;
    for (size_t i = 0; i < p.runs.size() && i < state.derived.runs.runs.size(); ++i) {
        const RunSpec& run = p.runs[i];
        if (!run.visible) continue;
        const ImU32 color = rgbToImU32(run.color);
        const std::vector<Trajectory>& trs = state.derived.runs.runs[i].trajectories;
        for (size_t j = 0; j < trs.size(); ++j) {
            const Trajectory& tr = trs[j];
            if (tr.size() == 0) continue;
            PathGeometry g = runPathGeometry(vt, tr, t);
            drawPath(dl, g, color, (grid ? 1.0f : 3.0f) * scale, (grid ? 3.0f : 5.0f) * scale);
            if (!grid) avoidPath(labels, g, 3 * scale);
            const int k = stepIndex(tr, t);
            if (g.exit) {
                const Eigen::Vector2d& x = tr.x[size_t(g.exit->pointIndex)];
                char buf[160];
                std::snprintf(buf, sizeof buf, "%s: off view at (%.3g, %.3g)", run.label.c_str(), x.x(), x.y());
                offs.push_back({*g.exit, color, j == 0 && !grid ? buf : ""});
            } else if (tr.x[size_t(k)].allFinite()) {
                iterates.push_back({toIm(vt.toPixel(tr.x[size_t(k)])), color});
            }
        }
    }
    drawIterates(dl, iterates, (grid ? 3.5f : 6.5f) * scale, scale, labels);
    for (const Off& o : offs) {
        drawOffViewArrow(dl, o.exit.at, o.exit.toward, o.color, scale);
        if (o.text.empty()) continue;
        // In a dark box: the run's colour must read on any colour of the heatmap.
        const float pad = ImGui::GetFontSize() * 0.3f;
        const ImVec2 text = ImGui::CalcTextSize(o.text.c_str()), size(text.x + 2 * pad, text.y + 2 * pad);
        const ImVec2 base(o.exit.at.x - o.exit.toward.x * 30 * scale, o.exit.at.y - o.exit.toward.y * 30 * scale);
        if (std::optional<ImVec2> at = labels.place(base, size, 8 * scale, o.text.c_str()))
            labelBox(dl, *at, o.text.c_str(), o.color, IM_COL32(0, 0, 0, 190));
    }
}

void drawGlyphs(ImDrawList* dl, const ViewTransform& vt, const AppState& state, int t, float scale) {
    const Playground& p = state.scene.playground;
    if (p.startMode == StartMode::Grid) return;
    for (size_t i = 0; i < p.runs.size() && i < state.derived.runs.runs.size(); ++i) {
        if (!p.runs[i].visible || state.derived.runs.runs[i].trajectories.empty()) continue;
        const Trajectory& tr = state.derived.runs.runs[i].trajectories[0];
        if (tr.size() == 0) continue;
        int k = stepIndex(tr, t);
        if (!tr.x[size_t(k)].allFinite() || (tr.divergedAt >= 0 && k >= tr.divergedAt)) continue;
        ImVec2 at = toIm(vt.toPixel(tr.x[size_t(k)]));
        logArrow(dl, at, -tr.grad[size_t(k)], IM_COL32(255, 255, 255, 230), scale);
        int v = velocityState(tr);
        if (v >= 0 && k > 0) logArrow(dl, at, -tr.state(k, v), rgbToImU32(p.runs[i].color), scale);
        int a = accumulatorState(tr);
        if (a >= 0 && k > 0) {
            Eigen::Vector2d acc = tr.state(k, a).cwiseMax(0).cwiseSqrt();
            double m = acc.maxCoeff();
            if (m > 0 && std::isfinite(m)) {
                float side = 16 * scale;
                float sx = float(side * acc.x() / m), sy = float(side * acc.y() / m);
                ImU32 c = rgbToImU32(p.runs[i].color, 200);
                // x-axis square to the right of the iterate, y-axis square above it
                ImVec2 a0(at.x + 10 * scale, at.y + 4 * scale), b0(at.x - 4 * scale, at.y - 10 * scale);
                dl->AddRect(a0, ImVec2(a0.x + sx, a0.y + sx), c, 0, 0, 1.8f * scale);
                dl->AddRect(ImVec2(b0.x - sy, b0.y - sy), b0, c, 0, 0, 1.8f * scale);
            }
        }
    }
}

void drawQuiver(ImDrawList* dl, const ViewTransform& vt, const Surface& surface, float scale) {
    const PixelRect& r = vt.rect();
    float spacing = 44 * scale;
    int nx = std::max(2, int(r.width / spacing)), ny = std::max(2, int(r.height / spacing));
    for (int j = 0; j < ny; ++j)
        for (int i = 0; i < nx; ++i) {
            Eigen::Vector2d px(r.x + (i + 0.5) * r.width / nx, r.y + (j + 0.5) * r.height / ny);
            Eigen::Vector2d g;
            surface.valueGrad(vt.toPlane(px), g);
            double n = g.norm();
            if (!(n > 0) || !std::isfinite(n)) continue;
            double len = std::min(0.8 * spacing, (6.0 + 5.0 * std::log10(1.0 + n)) * scale);
            Eigen::Vector2d d = -g / n * len;
            ImVec2 a(float(px.x() - d.x() / 2), float(px.y() + d.y() / 2));
            ImVec2 b(float(px.x() + d.x() / 2), float(px.y() - d.y() / 2));
            arrow(dl, a, b, IM_COL32(255, 255, 255, 150), 1.3f * scale, 5 * scale);
        }
}

void drawReadout(ImDrawList* dl, const Surface& surface, const PixelRect& r, const Eigen::Vector2d& at, float lift) {
    Eigen::Vector2d g;
    double f = surface.valueGrad(at, g);
    char buf[160];
    std::snprintf(buf, sizeof buf, "x = %.4g   y = %.4g\nf = %.6g\n∇f = (%.4g, %.4g)", at.x(), at.y(), f, g.x(), g.y());
    ImVec2 size = ImGui::CalcTextSize(buf);
    float pad = ImGui::GetFontSize() * 0.5f;
    labelBox(dl, ImVec2(float(r.x + r.width) - size.x - 3 * pad, float(r.y + r.height) - size.y - 4.5f * pad - lift),
             buf, IM_COL32(255, 255, 255, 255), IM_COL32(0, 0, 0, 170));
}

void drawCriticalSymbol(ImDrawList* dl, ImVec2 p, CriticalType type, float scale) {
    float s = 7 * scale, w = lineWidth(2.0f * scale);
    ImU32 col = IM_COL32(255, 255, 255, 240);
    switch (type) {
    case CriticalType::Min:
        dl->AddCircle(p, s, col, 0, w);
        break;
    case CriticalType::Max:
        dl->AddTriangle(ImVec2(p.x, p.y - s), ImVec2(p.x - s, p.y + s * 0.8f), ImVec2(p.x + s, p.y + s * 0.8f), col, w);
        break;
    case CriticalType::Saddle:
        dl->AddLine(ImVec2(p.x - s, p.y - s), ImVec2(p.x + s, p.y + s), col, w);
        dl->AddLine(ImVec2(p.x - s, p.y + s), ImVec2(p.x + s, p.y - s), col, w);
        break;
    case CriticalType::Degenerate:
        dl->AddQuad(ImVec2(p.x, p.y - s), ImVec2(p.x + s, p.y), ImVec2(p.x, p.y + s), ImVec2(p.x - s, p.y), col, w);
        break;
    }
}

void drawCriticalPoints(ImDrawList* dl, const ViewTransform& vt, const std::vector<CriticalPoint>& points, float scale,
                        LabelRegistry& labels) {
    const float s = 9 * scale;
    for (const CriticalPoint& c : points) {
        ImVec2 p = toIm(vt.toPixel(c.at));
        drawCriticalSymbol(dl, p, c.type, scale);
        labels.avoid(ImVec2(p.x - s, p.y - s), ImVec2(p.x + s, p.y + s));
    }
}

void drawCriticalLabels(ImDrawList* dl, const ViewTransform& vt, const std::vector<CriticalPoint>& points, float scale,
                        LabelRegistry& labels) {
    // Few points: each label says where it is too (the best line w = 0.5, b = 2 of the regression).
    const bool where = points.size() <= 3;
    char label[96];
    // Minima first: they are what a run is after, so they get the first choice of place.
    std::vector<const CriticalPoint*> order;
    for (const CriticalPoint& c : points) order.push_back(&c);
    std::stable_partition(order.begin(), order.end(),
                          [](const CriticalPoint* c) { return c->type == CriticalType::Min; });
    for (const CriticalPoint* c : order) {
        ImVec2 p = toIm(vt.toPixel(c->at));
        if (where)
            std::snprintf(label, sizeof label, "%s f = %.3g at (%.3g, %.3g)", criticalTypeName(c->type), c->f,
                          c->at.x(), c->at.y());
        else
            std::snprintf(label, sizeof label, "%s %.3g", criticalTypeName(c->type), c->f);
        if (std::optional<ImVec2> at = labels.place(p, ImGui::CalcTextSize(label), 10 * scale, label))
            haloText(dl, *at, IM_COL32(255, 255, 255, 240), label);
    }
}

void drawHessianAt(ImDrawList* dl, const ViewTransform& vt, const Surface& surface, const Eigen::Vector2d& at,
                   float scale) {
    Eigen::Matrix2d h = surface.hessian(at);
    if (!h.allFinite()) return;
    Eigen::SelfAdjointEigenSolver<Eigen::Matrix2d> eig(0.5 * (h + h.transpose()));
    ImVec2 c = toIm(vt.toPixel(at));
    for (int i = 0; i < 2; ++i) {
        double lambda = eig.eigenvalues()(i);
        Eigen::Vector2d v = eig.eigenvectors().col(i);
        double len = (18.0 + 22.0 * std::log10(1.0 + std::abs(lambda))) * scale;
        ImVec2 a(c.x - float(v.x() * len), c.y + float(v.y() * len)),
            b(c.x + float(v.x() * len), c.y - float(v.y() * len));
        ImU32 col = lambda >= 0 ? IM_COL32(90, 170, 255, 255) : IM_COL32(255, 90, 80, 255);
        dl->AddLine(a, b, IM_COL32(0, 0, 0, 160), lineWidth(5 * scale));
        dl->AddLine(a, b, col, lineWidth(3 * scale));
        char label[32];
        std::snprintf(label, sizeof label, "λ%s = %.3g", i == 0 ? "₁" : "₂", lambda);
        haloText(dl, ImVec2(b.x + 4 * scale, b.y - 8 * scale), col, label);
    }
}

namespace {

// A legend row's text: the full form, or, when it is wider than maxWidth, the name and f (or the
// divergence) alone, the name shortened with "…" if it must.
std::string legendText(const RunSpec& run, const RunOutcome& out, int t, float maxWidth) {
    const bool diverged = !out.trajectories.empty() && out.trajectories[0].divergedAt >= 0;
    const bool hasF = !out.trajectories.empty() && out.trajectories[0].size() > 0;
    char eta[32] = ""; // the label may say η already ("η = 100")
    if (run.label.find("η") == std::string::npos) std::snprintf(eta, sizeof eta, " η=%.3g", run.optimizer.lr);
    char tail[64] = "";
    if (!out.error.empty())
        std::snprintf(tail, sizeof tail, ": invalid settings");
    else if (diverged)
        std::snprintf(tail, sizeof tail, ": diverged at step %d", out.trajectories[0].divergedAt);
    else if (hasF)
        std::snprintf(tail, sizeof tail, "   f = %.5g",
                      out.trajectories[0].f[size_t(stepIndex(out.trajectories[0], t))]);
    std::string text = run.label + (out.error.empty() ? eta : "") + tail;
    if (ImGui::CalcTextSize(text.c_str()).x <= maxWidth) return text;
    if (!out.error.empty())
        std::snprintf(tail, sizeof tail, ": invalid");
    else if (diverged)
        std::snprintf(tail, sizeof tail, ": diverged");
    else if (hasF)
        std::snprintf(tail, sizeof tail, " f = %.3g", out.trajectories[0].f[size_t(stepIndex(out.trajectories[0], t))]);
    std::string name = run.label;
    text = name + tail;
    while (ImGui::CalcTextSize(text.c_str()).x > maxWidth && name.size() > 1) {
        do name.pop_back();
        while (!name.empty() && (name.back() & 0xc0) == 0x80); // whole UTF-8 characters
        text = name + "…" + tail;
    }
    return text;
}

} // namespace

float drawRunLegend(ImDrawList* dl, ImVec2 pos, const AppState& state, int t, float scale, LabelRegistry* labels,
                    LegendFit fit, float* width) {
    const Playground& p = state.scene.playground;
    const float line = ImGui::GetTextLineHeightWithSpacing(), pad = 4 * scale, sw = line * 0.7f;
    const float textWidth = fit.maxWidth - sw - 4 * pad;
    int visible = 0;
    for (size_t i = 0; i < p.runs.size() && i < state.derived.runs.runs.size(); ++i) visible += p.runs[i].visible;
    const int rows = std::max(1, fit.maxRows), shown = visible > rows ? rows - 1 : visible;
    float y = pos.y;
    if (width) *width = 0;
    auto row = [&](const std::string& text, ImU32 bg, const ImU32* swatch) {
        const ImVec2 size = ImGui::CalcTextSize(text.c_str());
        if (width) *width = std::max(*width, sw + size.x + 4 * pad);
        if (dl) {
            if (labels) labels->add(ImVec2(pos.x, y), ImVec2(sw + size.x + 4 * pad, line), text.c_str());
            dl->AddRectFilled(ImVec2(pos.x, y), ImVec2(pos.x + sw + size.x + 4 * pad, y + line), bg, 3 * scale);
            if (swatch) { // outlined: a white swatch stays visible on a light background
                const ImVec2 s0(pos.x + pad, y + (line - sw) / 2), s1(pos.x + pad + sw, y + (line + sw) / 2);
                dl->AddRectFilled(s0, s1, *swatch);
                dl->AddRect(s0, s1, IM_COL32(0, 0, 0, 255));
            }
            dl->AddText(ImVec2(pos.x + sw + 2.5f * pad, y + (line - size.y) / 2), IM_COL32(255, 255, 255, 255),
                        text.c_str());
        }
        y += line + 2 * scale;
    };
    int drawn = 0;
    for (size_t i = 0; i < p.runs.size() && i < state.derived.runs.runs.size() && drawn < shown; ++i) {
        const RunSpec& run = p.runs[i];
        if (!run.visible) continue;
        const RunOutcome& out = state.derived.runs.runs[i];
        const bool bad = !out.error.empty() || (!out.trajectories.empty() && out.trajectories[0].divergedAt >= 0);
        const ImU32 swatch = rgbToImU32(run.color);
        row(legendText(run, out, t, textWidth), bad ? IM_COL32(170, 30, 30, 255) : IM_COL32(0, 0, 0, 150), &swatch);
        ++drawn;
    }
    if (visible > shown)
        row("+" + std::to_string(visible - shown) + " more (Runs tab)", IM_COL32(0, 0, 0, 150), nullptr);
    return y - pos.y;
}

} // namespace dh
