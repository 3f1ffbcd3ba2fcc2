#include "app/gfx/overlays.h"

#include "app/app_state.h"
#include "app/gfx/draw_util.h"
#include "app/gfx/widgets.h"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <vector>

namespace dh {
namespace {

// Pixels of a path, skipping points closer than minStep to the last kept one.
void thinPath(const ViewTransform& vt, const std::vector<Eigen::Vector2d>& xs, int upTo, float minStep,
              std::vector<ImVec2>& out) {
    out.clear();
    for (int k = 0; k <= upTo && k < int(xs.size()); ++k) {
        if (!xs[size_t(k)].allFinite()) break;
        Eigen::Vector2d p = vt.toPixel(xs[size_t(k)]);
        // Keep the polyline inside what float pixels can hold (diverging runs fly off to 1e6).
        ImVec2 q(float(std::clamp(p.x(), -1e5, 1e5)), float(std::clamp(p.y(), -1e5, 1e5)));
        if (!out.empty() && k != upTo) {
            float dx = q.x - out.back().x, dy = q.y - out.back().y;
            if (dx * dx + dy * dy < minStep * minStep) continue;
        }
        out.push_back(q);
    }
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

void drawTrajectories(ImDrawList* dl, const ViewTransform& vt, const AppState& state, int t, float scale) {
    const Playground& p = state.scene.playground;
    std::vector<ImVec2> pts;
    bool grid = p.startMode == StartMode::Grid;
    for (size_t i = 0; i < p.runs.size() && i < state.derived.runs.runs.size(); ++i) {
        const RunSpec& run = p.runs[i];
        if (!run.visible) continue;
        ImU32 color = rgbToImU32(run.color);
        for (const Trajectory& tr : state.derived.runs.runs[i].trajectories) {
            if (tr.size() == 0) continue;
            int k = stepIndex(tr, t);
            thinPath(vt, tr.x, k, 2.0f, pts);
            if (pts.size() >= 2) {
                dl->AddPolyline(pts.data(), int(pts.size()), IM_COL32(0, 0, 0, 110), 0,
                                lineWidth((grid ? 3.0f : 5.0f) * scale));
                dl->AddPolyline(pts.data(), int(pts.size()), color, 0, lineWidth((grid ? 1.0f : 3.0f) * scale));
            }
            if (!pts.empty() && tr.x[size_t(k)].allFinite()) {
                float r = (grid ? 3.5f : 6.5f) * scale;
                dl->AddCircleFilled(pts.back(), r + 1.5f * scale, IM_COL32(0, 0, 0, 200));
                dl->AddCircleFilled(pts.back(), r, color);
            }
        }
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

void drawCriticalPoints(ImDrawList* dl, const ViewTransform& vt, const std::vector<CriticalPoint>& points,
                        float scale) {
    for (const CriticalPoint& c : points) {
        ImVec2 p = toIm(vt.toPixel(c.at));
        float s = 7 * scale;
        ImU32 col = IM_COL32(255, 255, 255, 240);
        drawCriticalSymbol(dl, p, c.type, scale);
        char label[48];
        std::snprintf(label, sizeof label, "%s %.3g", criticalTypeName(c.type), c.f);
        haloText(dl, ImVec2(p.x + s + 3 * scale, p.y - s), col, label);
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

float drawRunLegend(ImDrawList* dl, ImVec2 pos, const AppState& state, int t, float scale, float* width) {
    const Playground& p = state.scene.playground;
    if (width) *width = 0;
    float line = ImGui::GetTextLineHeightWithSpacing();
    float y = pos.y;
    char buf[160];
    for (size_t i = 0; i < p.runs.size() && i < state.derived.runs.runs.size(); ++i) {
        const RunSpec& run = p.runs[i];
        if (!run.visible) continue;
        const RunOutcome& out = state.derived.runs.runs[i];
        bool diverged = !out.trajectories.empty() && out.trajectories[0].divergedAt >= 0;
        if (!out.error.empty())
            std::snprintf(buf, sizeof buf, "%s: invalid settings", run.label.c_str());
        else if (diverged)
            std::snprintf(buf, sizeof buf, "%s η=%.3g: diverged at step %d", run.label.c_str(), run.optimizer.lr,
                          out.trajectories[0].divergedAt);
        else if (!out.trajectories.empty() && out.trajectories[0].size() > 0) {
            const Trajectory& tr = out.trajectories[0];
            char eta[32] = "";
            if (run.label.find("η") == std::string::npos) std::snprintf(eta, sizeof eta, " η=%.3g", run.optimizer.lr);
            std::snprintf(buf, sizeof buf, "%s%s   f = %.5g", run.label.c_str(), eta, tr.f[size_t(stepIndex(tr, t))]);
        } else
            std::snprintf(buf, sizeof buf, "%s", run.label.c_str());
        ImVec2 size = ImGui::CalcTextSize(buf);
        float pad = 4 * scale, sw = line * 0.7f;
        ImU32 bg = diverged || !out.error.empty() ? IM_COL32(170, 30, 30, 255) : IM_COL32(0, 0, 0, 150);
        if (width) *width = std::max(*width, sw + size.x + 4 * pad);
        if (!dl) {
            y += line + 2 * scale;
            continue;
        }
        dl->AddRectFilled(ImVec2(pos.x, y), ImVec2(pos.x + sw + size.x + 4 * pad, y + line), bg, 3 * scale);
        dl->AddRectFilled(ImVec2(pos.x + pad, y + (line - sw) / 2), ImVec2(pos.x + pad + sw, y + (line + sw) / 2),
                          rgbToImU32(run.color));
        dl->AddRect(ImVec2(pos.x + pad, y + (line - sw) / 2), ImVec2(pos.x + pad + sw, y + (line + sw) / 2),
                    IM_COL32(0, 0, 0, 255)); // a white swatch stays visible on a light background
        dl->AddText(ImVec2(pos.x + sw + 2.5f * pad, y + (line - size.y) / 2), IM_COL32(255, 255, 255, 255), buf);
        y += line + 2 * scale;
    }
    return y - pos.y;
}

} // namespace dh
