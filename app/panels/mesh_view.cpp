// The 3D view: the surface as a lit mesh from the cached MeshRenderer texture, with the box's front
// edges, tick labels and axis names, a vertical f axis, the runs lying on the surface (projected on
// the CPU through the same matrix as the mesh), the start marker, the formula and the run legend.
// Drag orbits the camera (yaw, pitch), dragging a start's ring moves it over the surface, the wheel
// zooms, a double click resets the camera; the camera lives in the scene. Hovering reads out x, y, f
// and ∇f at the surface point under the mouse. Critical points are marked when that overlay is on.
//
// Sections: palette and the texture's drawn rectangle; axes (floor edges, the f axis); overlays
// (critical points, runs clipped to the surface, start markers); the mouse (orbit, dragging starts
// over the surface, readout); drawMeshView.
#include "app/app_state.h"
#include "app/gfx/draw_util.h"
#include "app/gfx/gpu.h"
#include "app/gfx/overlays.h"
#include "app/gfx/widgets.h"
#include "app/panels/panels.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <imgui.h>
#include <vector>

namespace dh {
namespace {

constexpr double kLift = 0.012; // world units above the surface for paths and iterates

struct Palette {
    MeshOptions mesh;
    ImU32 text, axis;
    bool darkHalo;
};

// The texture's background is the colour the window is cleared to (the theme's window background),
// so that only the part of the texture with the box in it needs drawing.
Palette paletteFor(bool dark) {
    Palette p;
    ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    float base[3] = {bg.x, bg.y, bg.z};
    float towards = dark ? 1.0f : 0.0f; // the floor and its lines: a little and more towards white (black)
    for (int i = 0; i < 3; ++i) {
        p.mesh.background[i] = base[i];
        p.mesh.floor[i] = base[i] + (towards - base[i]) * 0.08f;
        p.mesh.floorLines[i] = base[i] + (towards - base[i]) * 0.22f;
    }
    p.text = dark ? IM_COL32(255, 255, 255, 255) : IM_COL32(20, 20, 25, 255);
    p.axis = dark ? IM_COL32(220, 222, 230, 255) : IM_COL32(60, 62, 70, 255);
    p.darkHalo = dark;
    return p;
}

// The pixels of the view that the box (floor to t = 1) can cover, rounded out to whole pixels and
// clipped to the view: [x0, x1) × [y0, y1).
ImVec4 boxPixels(const MeshProjection& proj) {
    const PixelRect& r = proj.rect();
    const Domain& d = proj.domain();
    double x0 = r.x + r.width, y0 = r.y + r.height, x1 = r.x, y1 = r.y;
    for (double x : {d.xMin, d.xMax})
        for (double y : {d.yMin, d.yMax})
            for (double z : {-kMeshHalfHeight - kMeshFloorGap, kMeshHalfHeight}) {
                Eigen::Vector3d w = proj.toWorld(x, y, 0);
                w.z() = z;
                std::optional<Eigen::Vector2d> p = proj.worldToPixel(w);
                if (!p) return ImVec4(float(r.x), float(r.y), float(r.x + r.width), float(r.y + r.height));
                x0 = std::min(x0, p->x());
                x1 = std::max(x1, p->x());
                y0 = std::min(y0, p->y());
                y1 = std::max(y1, p->y());
            }
    auto clampX = [&](double v) { return float(std::clamp(v, r.x, r.x + r.width)); };
    auto clampY = [&](double v) { return float(std::clamp(v, r.y, r.y + r.height)); };
    return ImVec4(clampX(std::floor(x0) - 2), clampY(std::floor(y0) - 2), clampX(std::ceil(x1) + 2),
                  clampY(std::ceil(y1) + 2));
}

std::optional<ImVec2> pixel(const MeshProjection& proj, const Eigen::Vector3d& world) {
    std::optional<Eigen::Vector2d> p = proj.worldToPixel(world);
    if (!p || !p->allFinite()) return std::nullopt;
    return ImVec2(float(std::clamp(p->x(), -1e5, 1e5)), float(std::clamp(p->y(), -1e5, 1e5)));
}

void centredText(ImDrawList* dl, ImVec2 at, const Palette& pal, const char* text) {
    ImVec2 size = ImGui::CalcTextSize(text);
    haloText(dl, ImVec2(at.x - size.x / 2, at.y - size.y / 2), pal.text, text, pal.darkHalo);
}

// One floor edge along x (alongX) or y at the fixed other coordinate, with ticks, numbers and the
// axis name placed outwards (away from the box centre).
void drawFloorEdge(ImDrawList* dl, const MeshProjection& proj, bool alongX, double fixed,
                   const std::vector<double>& ticks, const Palette& pal, float scale) {
    const Domain& d = proj.domain();
    double z = -kMeshHalfHeight - kMeshFloorGap;
    auto world = [&](double s, double out) {
        Eigen::Vector3d w = alongX ? proj.toWorld(s, fixed, 0) : proj.toWorld(fixed, s, 0);
        double sign = (alongX ? w.y() : w.x()) >= 0 ? 1 : -1;
        (alongX ? w.y() : w.x()) += sign * out;
        w.z() = z;
        return w;
    };
    double lo = alongX ? d.xMin : d.yMin, hi = alongX ? d.xMax : d.yMax;
    std::optional<ImVec2> a = pixel(proj, world(lo, 0)), b = pixel(proj, world(hi, 0));
    if (a && b) dl->AddLine(*a, *b, pal.axis, 1.8f * scale);
    char buf[32];
    for (double s : ticks) {
        std::optional<ImVec2> p0 = pixel(proj, world(s, 0)), p1 = pixel(proj, world(s, 0.04)),
                              label = pixel(proj, world(s, 0.13));
        if (!p0 || !p1 || !label) continue;
        dl->AddLine(*p0, *p1, pal.axis, 1.5f * scale);
        std::snprintf(buf, sizeof buf, "%g", s);
        centredText(dl, *label, pal, buf);
    }
    if (std::optional<ImVec2> name = pixel(proj, world(0.5 * (lo + hi), 0.27))) {
        // The axis name larger than the numbers, with a halo.
        const char* text = alongX ? "x" : "y";
        float size = ImGui::GetFontSize() * 1.4f;
        ImVec2 ext = ImGui::GetFont()->CalcTextSizeA(size, 1e9f, 0, text);
        ImVec2 at(name->x - ext.x / 2, name->y - ext.y / 2);
        ImU32 halo = pal.darkHalo ? IM_COL32(0, 0, 0, 170) : IM_COL32(255, 255, 255, 200);
        for (int dx = -1; dx <= 1; ++dx)
            for (int dy = -1; dy <= 1; ++dy)
                if (dx || dy) dl->AddText(ImGui::GetFont(), size, ImVec2(at.x + dx, at.y + dy), halo, text);
        dl->AddText(ImGui::GetFont(), size, at, pal.text, text);
    }
}

// The vertical f axis at the floor corner furthest left on the screen, labelled with f at five heights.
void drawHeightAxis(ImDrawList* dl, const MeshProjection& proj, const FieldScale& fs, const Palette& pal, float scale) {
    const Domain& d = proj.domain();
    double best = 1e300, cx = d.xMin, cy = d.yMin;
    for (double x : {d.xMin, d.xMax})
        for (double y : {d.yMin, d.yMax})
            if (std::optional<Eigen::Vector2d> p = proj.toPixel(x, y, 0); p && p->x() < best) {
                best = p->x();
                cx = x;
                cy = y;
            }
    Eigen::Vector3d base = proj.toWorld(cx, cy, 0);
    base.z() = -kMeshHalfHeight - kMeshFloorGap;
    std::optional<ImVec2> a = pixel(proj, base), b = pixel(proj, proj.toWorld(cx, cy, 1));
    if (!a || !b) return;
    dl->AddLine(*a, *b, pal.axis, 1.5f * scale);
    char buf[32];
    for (double t : {0.0, 0.25, 0.5, 0.75, 1.0}) {
        std::optional<ImVec2> p = pixel(proj, proj.toWorld(cx, cy, t));
        if (!p) continue;
        dl->AddLine(ImVec2(p->x - 5 * scale, p->y), *p, pal.axis, 1.5f * scale);
        std::snprintf(buf, sizeof buf, "%.3g", fs.fromT(t));
        ImVec2 size = ImGui::CalcTextSize(buf);
        haloText(dl, ImVec2(p->x - 8 * scale - size.x, p->y - size.y / 2), pal.text, buf, pal.darkHalo);
    }
    const char* title = fs.log ? "f (log scale)" : "f";
    ImVec2 size = ImGui::CalcTextSize(title);
    haloText(dl, ImVec2(b->x - size.x / 2, b->y - size.y - 6 * scale), pal.text, title, pal.darkHalo);
}

// The two floor edges nearer the eye carry the x and y ticks.
void drawAxes(ImDrawList* dl, const MeshProjection& proj, const FieldScale& fs, const std::vector<double>& ticksX,
              const std::vector<double>& ticksY, const Palette& pal, float scale) {
    const Domain& d = proj.domain();
    const Eigen::Vector3d& eye = proj.eye();
    double nearY =
        (proj.toWorld(0, d.yMin, 0) - eye).norm() < (proj.toWorld(0, d.yMax, 0) - eye).norm() ? d.yMin : d.yMax;
    double nearX =
        (proj.toWorld(d.xMin, 0, 0) - eye).norm() < (proj.toWorld(d.xMax, 0, 0) - eye).norm() ? d.xMin : d.xMax;
    drawFloorEdge(dl, proj, true, nearY, ticksX, pal, scale);
    drawFloorEdge(dl, proj, false, nearX, ticksY, pal, scale);
    drawHeightAxis(dl, proj, fs, pal, scale);
}

// Critical points on the surface (overlay "critical points"), marked as in the 2D view.
void drawCriticalPoints(ImDrawList* dl, const MeshProjection& proj, const FieldScale& fs,
                        const std::vector<CriticalPoint>& points, float scale) {
    char label[48];
    std::vector<ImVec4> placed;
    for (const CriticalPoint& cp : points) {
        Eigen::Vector3d w = proj.toWorld(cp.at.x(), cp.at.y(), fs.toT(cp.f));
        w.z() += kLift;
        std::optional<ImVec2> q = pixel(proj, w);
        if (!q) continue;
        ImVec2 p = *q;
        drawCriticalSymbol(dl, p, cp.type, scale);
        const float s = 7 * scale;
        const ImU32 c = IM_COL32(255, 255, 255, 240);
        // A label that would overprint another is left out (the camel has 15 points in a small area).
        std::snprintf(label, sizeof label, "%s %.3g", criticalTypeName(cp.type), cp.f);
        ImVec2 at(p.x + s + 3 * scale, p.y - s), size = ImGui::CalcTextSize(label);
        bool clash = false;
        for (const ImVec4& b : placed)
            clash = clash || (at.x < b.z && at.x + size.x > b.x && at.y < b.w && at.y + size.y > b.y);
        if (clash) continue;
        placed.push_back(ImVec4(at.x, at.y, at.x + size.x, at.y + size.y));
        haloText(dl, at, c, label);
    }
}

// Where the segment from a (inside the domain) to b leaves the domain.
Eigen::Vector2d exitPoint(const Domain& d, const Eigen::Vector2d& a, const Eigen::Vector2d& b) {
    double s = 1;
    Eigen::Vector2d v = b - a;
    if (v.x() > 0) s = std::min(s, (d.xMax - a.x()) / v.x());
    if (v.x() < 0) s = std::min(s, (d.xMin - a.x()) / v.x());
    if (v.y() > 0) s = std::min(s, (d.yMax - a.y()) / v.y());
    if (v.y() < 0) s = std::min(s, (d.yMin - a.y()) / v.y());
    return a + std::max(s, 0.0) * v;
}

// Each visible run's paths up to step t on the surface, and its iterate at t as a ball. A path that
// leaves the surface (a diverging run) ends where it crosses the edge, marked with a ring.
void drawRuns(ImDrawList* dl, const MeshProjection& proj, const FieldScale& fs, const AppState& state, int t,
              float scale) {
    const Playground& p = state.scene.playground;
    const Domain& d = proj.domain();
    bool grid = p.startMode == StartMode::Grid;
    std::vector<ImVec2> pts;
    auto onSurface = [&](const Eigen::Vector2d& x, double f) {
        Eigen::Vector3d w = proj.toWorld(x.x(), x.y(), fs.toT(f));
        w.z() += kLift;
        return pixel(proj, w);
    };
    for (size_t i = 0; i < p.runs.size() && i < state.derived.runs.runs.size(); ++i) {
        if (!p.runs[i].visible) continue;
        ImU32 color = rgbToImU32(p.runs[i].color);
        for (const Trajectory& tr : state.derived.runs.runs[i].trajectories) {
            if (tr.size() == 0) continue;
            int upTo = std::min(t, tr.size() - 1);
            pts.clear();
            bool reached = false, left = false;
            for (int k = 0; k <= upTo; ++k) {
                const Eigen::Vector2d& x = tr.x[size_t(k)];
                if (!x.allFinite() || !std::isfinite(tr.f[size_t(k)])) break;
                bool inside = x.x() >= d.xMin && x.x() <= d.xMax && x.y() >= d.yMin && x.y() <= d.yMax;
                if (!inside) {
                    if (k > 0) {
                        Eigen::Vector2d e = exitPoint(d, tr.x[size_t(k - 1)], x);
                        if (std::optional<ImVec2> q = onSurface(e, state.derived.surface->value(e))) pts.push_back(*q);
                    }
                    left = true;
                    break;
                }
                std::optional<ImVec2> q = onSurface(x, tr.f[size_t(k)]);
                if (!q) break;
                reached = k == upTo;
                if (!pts.empty() && k != upTo) {
                    float dx = q->x - pts.back().x, dy = q->y - pts.back().y;
                    if (dx * dx + dy * dy < 1.5f * 1.5f) continue;
                }
                pts.push_back(*q);
            }
            if (pts.size() >= 2) {
                dl->AddPolyline(pts.data(), int(pts.size()), IM_COL32(0, 0, 0, 130), 0, (grid ? 2.5f : 4.5f) * scale);
                dl->AddPolyline(pts.data(), int(pts.size()), color, 0, (grid ? 1.3f : 2.5f) * scale);
            }
            float r = (grid ? 3.5f : 7.0f) * scale;
            if (reached) {
                dl->AddCircleFilled(pts.back(), r + 1.5f * scale, IM_COL32(0, 0, 0, 210));
                dl->AddCircleFilled(pts.back(), r, color);
            } else if (left && !pts.empty()) {
                dl->AddCircle(pts.back(), r, IM_COL32(0, 0, 0, 210), 0, 4.5f * scale);
                dl->AddCircle(pts.back(), r, color, 0, 2.5f * scale);
            }
        }
    }
}

// The pixel of a start point on the surface (lifted like the paths).
std::optional<ImVec2> startPixel(const MeshProjection& proj, const FieldScale& fs, const Surface& surface,
                                 const Eigen::Vector2d& s) {
    Eigen::Vector3d w = proj.toWorld(s.x(), s.y(), fs.toT(surface.value(s)));
    w.z() += kLift;
    if (!w.allFinite()) return std::nullopt;
    return pixel(proj, w);
}

void drawStartMarkers(ImDrawList* dl, const MeshProjection& proj, const FieldScale& fs, const AppState& state,
                      float scale) {
    const Playground& p = state.scene.playground;
    auto marker = [&](const Eigen::Vector2d& s) {
        if (std::optional<ImVec2> q = startPixel(proj, fs, *state.derived.surface, s)) {
            dl->AddCircle(*q, 9 * scale, IM_COL32(0, 0, 0, 200), 0, 5 * scale);
            dl->AddCircle(*q, 9 * scale, IM_COL32(255, 255, 255, 255), 0, 2.5f * scale);
        }
    };
    if (p.startMode == StartMode::Shared) marker(sharedStart(p, *state.derived.surface));
    if (p.startMode == StartMode::PerRun)
        for (const RunSpec& run : p.runs)
            if (run.visible) marker(run.start);
}

// Press on a start marker to drag it over the surface; elsewhere a drag orbits (right: turn the
// surface left; up: look from higher). The wheel zooms, a double click resets the camera.
void handleMouse(AppState& state, const MeshProjection& proj, const FieldScale& fs, bool hovered,
                 const std::optional<Eigen::Vector2d>& picked, float scale) {
    Playground& p = state.scene.playground;
    Camera3D& cam = p.camera;
    ImGuiIO& io = ImGui::GetIO();
    if (hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
        cam = Camera3D{};
        state.ui.drag = UiState::Drag::None;
        return;
    }
    if (hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
        state.ui.drag = UiState::Drag::Orbit;
        auto near = [&](const Eigen::Vector2d& s) {
            std::optional<ImVec2> q = startPixel(proj, fs, *state.derived.surface, s);
            return q && std::hypot(q->x - io.MousePos.x, q->y - io.MousePos.y) < 14 * scale;
        };
        if (p.startMode == StartMode::Shared && near(sharedStart(p, *state.derived.surface)))
            state.ui.drag = UiState::Drag::SharedStart;
        if (p.startMode == StartMode::PerRun)
            for (int i = 0; i < int(p.runs.size()); ++i)
                if (p.runs[size_t(i)].visible && near(p.runs[size_t(i)].start)) {
                    state.ui.drag = UiState::Drag::RunStart;
                    state.ui.dragRun = i;
                }
    }
    if (!ImGui::IsMouseDown(ImGuiMouseButton_Left)) state.ui.drag = UiState::Drag::None;
    switch (state.ui.drag) {
    case UiState::Drag::Orbit:
        if (io.MouseDelta.x != 0 || io.MouseDelta.y != 0) {
            cam.yaw = std::remainder(cam.yaw - 0.008 * io.MouseDelta.x, 2 * M_PI);
            cam.pitch = std::clamp(cam.pitch + 0.008 * io.MouseDelta.y, 0.0, 1.55);
        }
        break;
    case UiState::Drag::SharedStart:
        if (picked) {
            p.start = *picked;
            p.startSet = true;
        }
        break;
    case UiState::Drag::RunStart:
        if (picked && state.ui.dragRun >= 0 && state.ui.dragRun < int(p.runs.size()))
            p.runs[size_t(state.ui.dragRun)].start = *picked;
        break;
    default:
        break;
    }
    if (hovered && io.MouseWheel != 0.0f) cam.zoom = std::clamp(cam.zoom * std::pow(1.12, io.MouseWheel), 0.3, 8.0);
}

} // namespace

void drawMeshView(AppState& state) {
    const Layout& L = state.ui.layout;
    beginMainView("Surface 3D", L.x, L.y, L.width, L.height);

    float scale = state.scene.ui.scale;
    ImVec2 origin = ImGui::GetCursorScreenPos();
    ImVec2 avail = ImGui::GetContentRegionAvail();
    Domain domain = currentView(state);
    MeshProjection proj(state.scene.playground.camera, domain, PixelRect{origin.x, origin.y, avail.x, avail.y});
    std::vector<double> ticksX = niceTicks(domain.xMin, domain.xMax, 5),
                        ticksY = niceTicks(domain.yMin, domain.yMax, 5);
    Palette pal = paletteFor(state.scene.ui.darkTheme);
    pal.mesh.antialias = state.ui.drag != UiState::Drag::Orbit; // smooth again once the drag ends
    ImVec2 fbScale = ImGui::GetIO().DisplayFramebufferScale;
    unsigned int tex =
        state.gpu->mesh.update(*state.derived.surface, state.derived.surfaceVersion, proj, int(avail.x * fbScale.x),
                               int(avail.y * fbScale.y), state.scene.style, pal.mesh, ticksX, ticksY);
    ImGui::InvisibleButton("mesh", ImVec2(std::max(avail.x, 1.0f), std::max(avail.y, 1.0f)));
    bool hovered = ImGui::IsItemHovered();
    // Only the part of the texture where the box is: on a software rasteriser every pixel drawn
    // costs, and the rest of the texture is the cleared window colour anyway.
    ImVec4 b = boxPixels(proj);
    if (b.z > b.x && b.w > b.y) {
        auto u = [&](float x) { return (x - origin.x) / avail.x; };
        auto v = [&](float y) { return 1.0f - (y - origin.y) / avail.y; };
        ImGui::GetWindowDrawList()->AddImage(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(tex)),
                                             ImVec2(b.x, b.y), ImVec2(b.z, b.w), ImVec2(u(b.x), v(b.y)),
                                             ImVec2(u(b.z), v(b.w)));
    }
    const FieldScale& fs = state.gpu->mesh.scale();
    std::optional<Eigen::Vector2d> picked;
    if (hovered) picked = pickMeshSurface(proj, *state.derived.surface, fs, fromIm(ImGui::GetIO().MousePos));
    handleMouse(state, proj, fs, hovered, picked, scale);
    state.ui.hover = picked;

    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->PushClipRect(origin, ImVec2(origin.x + avail.x, origin.y + avail.y), true);
    drawAxes(dl, proj, fs, ticksX, ticksY, pal, scale);
    int t = shownStep(state);
    if (state.scene.playground.overlays.criticalPoints)
        drawCriticalPoints(dl, proj, fs, state.derived.criticalPoints, scale);
    drawStartMarkers(dl, proj, fs, state, scale);
    drawRuns(dl, proj, fs, state, t, scale);

    std::string title = "f(x, y) = " + state.derived.surface->formula;
    haloText(dl, ImVec2(origin.x + 34 * scale, origin.y + 8 * scale), pal.text, title.c_str(), pal.darkHalo);
    if (state.ui.legend.shown)
        drawRunLegend(dl, ImVec2(origin.x + 34 * scale, origin.y + 14 * scale + ImGui::GetTextLineHeightWithSpacing()),
                      state, t, scale);
    if (picked && state.ui.drag != UiState::Drag::Orbit) {
        if (std::optional<ImVec2> q =
                pixel(proj, proj.toWorld(picked->x(), picked->y(), fs.toT(state.derived.surface->value(*picked)))))
            dl->AddCircleFilled(*q, 3.5f * scale, pal.text);
        drawReadout(dl, *state.derived.surface, proj.rect(), *picked, 20 * scale);
    }
    // The mouse hint, the long form if it fits, else the short one, else none.
    for (const char* hint : {"drag: orbit    drag the white ring: move the start    wheel: zoom    double-click: reset",
                             "drag: orbit   wheel: zoom"}) {
        ImVec2 hs = ImGui::CalcTextSize(hint);
        if (hs.x + 24 * scale > avail.x) continue;
        dl->AddText(ImVec2(origin.x + avail.x - hs.x - 12 * scale, origin.y + avail.y - hs.y - 8 * scale),
                    (pal.text & 0x00ffffff) | 0x99000000, hint);
        break;
    }
    dl->PopClipRect();
    ImGui::End();
}

} // namespace dh
