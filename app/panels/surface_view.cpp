// The 2D surface view: the cached heatmap with contours, axes and colour legend; the runs with their
// iterates, glyphs, legend and divergence badges; the overlays; pan (drag), zoom (wheel), dragging the
// start point; and a readout of x, y, f and ∇f under the mouse.
#include "app/app_state.h"
#include "app/gfx/colormap.h"
#include "app/gfx/draw_util.h"
#include "app/gfx/gpu.h"
#include "app/gfx/kink_overlay.h"
#include "app/gfx/overlays.h"
#include "app/gfx/widgets.h"
#include "app/panels/panels.h"
#include "core/scene/view_transform.h"

#include <cmath>
#include <cstdio>
#include <imgui.h>

namespace dh {
namespace {

void drawAxes(ImDrawList* dl, const ViewTransform& vt, float scale) {
    const PixelRect& r = vt.rect();
    const Domain& d = vt.shown();
    ImU32 tickColor = IM_COL32(255, 255, 255, 230);
    ImU32 gridColor = IM_COL32(255, 255, 255, 28);
    float tick = 6 * scale;
    char buf[32];
    float margin = 2.2f * ImGui::GetTextLineHeight(); // keep corner labels apart
    for (double x : niceTicks(d.xMin, d.xMax, int(r.width / (110 * scale)) + 1)) {
        float px = float(vt.toPixel({x, 0}).x());
        if (px < r.x + margin || px > r.x + r.width - margin) continue;
        dl->AddLine(ImVec2(px, float(r.y)), ImVec2(px, float(r.y + r.height)), gridColor);
        dl->AddLine(ImVec2(px, float(r.y + r.height) - tick), ImVec2(px, float(r.y + r.height)), tickColor, scale);
        std::snprintf(buf, sizeof buf, "%g", x);
        ImVec2 size = ImGui::CalcTextSize(buf);
        haloText(dl, ImVec2(px - size.x / 2, float(r.y + r.height) - tick - size.y - 2), tickColor, buf);
    }
    for (double y : niceTicks(d.yMin, d.yMax, int(r.height / (90 * scale)) + 1)) {
        float py = float(vt.toPixel({0, y}).y());
        if (py < r.y + margin || py > r.y + r.height - margin) continue;
        dl->AddLine(ImVec2(float(r.x), py), ImVec2(float(r.x + r.width), py), gridColor);
        dl->AddLine(ImVec2(float(r.x), py), ImVec2(float(r.x) + tick, py), tickColor, scale);
        std::snprintf(buf, sizeof buf, "%g", y);
        ImVec2 size = ImGui::CalcTextSize(buf);
        haloText(dl, ImVec2(float(r.x) + tick + 3, py - size.y / 2), tickColor, buf);
    }
    ImVec2 xs = ImGui::CalcTextSize("x");
    haloText(dl, ImVec2(float(r.x + r.width) - xs.x - 8 * scale, float(r.y + r.height) - 2.6f * xs.y - tick), tickColor,
             "x");
}

void drawColorLegend(ImDrawList* dl, const ViewTransform& vt, const FieldScale& fs, Colormap map, float scale) {
    const PixelRect& r = vt.rect();
    float w = 16 * scale, h = float(std::min(r.height * 0.5, 320.0 * scale));
    float x1 = float(r.x + r.width) - 12 * scale, x0 = x1 - w;
    float y0 = float(r.y) + 40 * scale, y1 = y0 + h;
    const int bands = 64;
    for (int i = 0; i < bands; ++i) {
        float a = y1 - h * (i + 1) / bands, b = y1 - h * i / bands;
        dl->AddRectFilled(ImVec2(x0, a), ImVec2(x1, b), colormapColor(map, (i + 0.5) / bands));
    }
    dl->AddRect(ImVec2(x0, y0), ImVec2(x1, y1), IM_COL32(255, 255, 255, 160));
    char buf[32];
    for (double t : {0.0, 0.25, 0.5, 0.75, 1.0}) {
        std::snprintf(buf, sizeof buf, "%.3g", fs.fromT(t));
        ImVec2 size = ImGui::CalcTextSize(buf);
        float y = y1 - float(t) * h;
        dl->AddLine(ImVec2(x0 - 4 * scale, y), ImVec2(x0, y), IM_COL32(255, 255, 255, 220));
        haloText(dl, ImVec2(x0 - 6 * scale - size.x, y - size.y / 2), IM_COL32(255, 255, 255, 255), buf);
    }
    const char* title = fs.log ? "f (log scale)" : "f";
    ImVec2 size = ImGui::CalcTextSize(title);
    haloText(dl, ImVec2(x1 - size.x, y0 - size.y - 4 * scale), IM_COL32(255, 255, 255, 255), title);
}

void drawStartMarker(ImDrawList* dl, ImVec2 p, float scale) {
    float r = 9 * scale;
    dl->AddCircle(p, r, IM_COL32(0, 0, 0, 200), 0, 5 * scale);
    dl->AddCircle(p, r, IM_COL32(255, 255, 255, 255), 0, 2.5f * scale);
}

// Start markers, and the mouse: press on a start to drag it, elsewhere to pan; the wheel zooms.
void handleMouse(AppState& state, const ViewTransform& vt, bool hovered, ImDrawList* dl, float scale) {
    Playground& p = state.scene.playground;
    ImGuiIO& io = ImGui::GetIO();
    Eigen::Vector2d mouse = fromIm(io.MousePos);
    float grab = 14 * scale;
    Eigen::Vector2d shared = sharedStart(p, *state.derived.surface);
    if (p.startMode == StartMode::Shared) drawStartMarker(dl, toIm(vt.toPixel(shared)), scale);
    if (p.startMode == StartMode::PerRun)
        for (const RunSpec& run : p.runs)
            if (run.visible) drawStartMarker(dl, toIm(vt.toPixel(run.start)), scale);

    if (hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
        state.ui.drag = UiState::Drag::Pan;
        if (p.startMode == StartMode::Shared && (vt.toPixel(shared) - mouse).norm() < grab)
            state.ui.drag = UiState::Drag::SharedStart;
        if (p.startMode == StartMode::PerRun)
            for (int i = 0; i < int(p.runs.size()); ++i)
                if (p.runs[size_t(i)].visible && (vt.toPixel(p.runs[size_t(i)].start) - mouse).norm() < grab) {
                    state.ui.drag = UiState::Drag::RunStart;
                    state.ui.dragRun = i;
                }
    }
    if (!ImGui::IsMouseDown(ImGuiMouseButton_Left)) state.ui.drag = UiState::Drag::None;
    Eigen::Vector2d at = vt.toPlane(mouse);
    switch (state.ui.drag) {
    case UiState::Drag::Pan:
        if (io.MouseDelta.x != 0 || io.MouseDelta.y != 0) {
            state.scene.view = vt.panned({io.MouseDelta.x, io.MouseDelta.y});
            state.scene.viewSet = true;
        }
        break;
    case UiState::Drag::SharedStart:
        p.start = at;
        p.startSet = true;
        break;
    case UiState::Drag::RunStart:
        if (state.ui.dragRun >= 0 && state.ui.dragRun < int(p.runs.size())) p.runs[size_t(state.ui.dragRun)].start = at;
        break;
    default:
        break;
    }
    if (hovered && io.MouseWheel != 0.0f) {
        state.scene.view = vt.zoomedAt(mouse, std::pow(1.15, io.MouseWheel));
        state.scene.viewSet = true;
    }
}

} // namespace

void drawSurfaceView(AppState& state) {
    const Layout& L = state.ui.layout;
    beginMainView("Surface", L.x, L.y, L.width, L.height);

    const Playground& p = state.scene.playground;
    float scale = state.scene.ui.scale;
    ImVec2 origin = ImGui::GetCursorScreenPos();
    ImVec2 avail = ImGui::GetContentRegionAvail();
    ViewTransform vt(currentView(state), PixelRect{origin.x, origin.y, avail.x, avail.y});
    ImVec2 fbScale = ImGui::GetIO().DisplayFramebufferScale;
    ScalarField field;
    field.surface = state.derived.surface.get();
    field.version = state.derived.surfaceVersion;
    unsigned int tex = state.gpu->heatmap.update(field, vt.shown(), int(avail.x * fbScale.x), int(avail.y * fbScale.y),
                                                 state.scene.style);
    ImGui::Image(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(tex)), avail, ImVec2(0, 1), ImVec2(1, 0));
    bool hovered = ImGui::IsItemHovered();

    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->PushClipRect(origin, ImVec2(origin.x + avail.x, origin.y + avail.y), true);
    drawAxes(dl, vt, scale);
    drawKinks2D(dl, state, vt, scale);
    if (p.overlays.quiver) drawQuiver(dl, vt, *state.derived.surface, scale);
    if (p.overlays.criticalPoints) drawCriticalPoints(dl, vt, state.derived.criticalPoints, scale);
    int t = shownStep(state);
    drawTrajectories(dl, vt, state, t, scale);
    if (p.overlays.glyphs) drawGlyphs(dl, vt, state, t, scale);
    handleMouse(state, vt, hovered, dl, scale);
    state.ui.hover.reset();
    if (hovered) state.ui.hover = vt.toPlane(fromIm(ImGui::GetIO().MousePos));
    if (state.ui.hover && p.overlays.hessian) drawHessianAt(dl, vt, *state.derived.surface, *state.ui.hover, scale);

    drawColorLegend(dl, vt, state.gpu->heatmap.scale(), state.scene.style.colormap, scale);
    std::string title = "f(x, y) = " + state.derived.surface->formula;
    haloText(dl, ImVec2(origin.x + 34 * scale, origin.y + 8 * scale), IM_COL32(255, 255, 255, 255), title.c_str());
    // The legend sits where the View tab puts it (bottom left by default, above the x-axis labels).
    float legendWidth = 0, legendHeight = drawRunLegend(nullptr, ImVec2(0, 0), state, t, scale, &legendWidth);
    if (state.ui.legend.shown)
        drawRunLegend(dl,
                      legendPosition(state.ui.legend,
                                     ImVec2(origin.x + 64 * scale, origin.y + 14 * scale + ImGui::GetTextLineHeight()),
                                     ImVec2(origin.x + avail.x - 150 * scale, // left of the colour bar and its labels
                                            origin.y + avail.y - 2.2f * ImGui::GetTextLineHeight()),
                                     ImVec2(legendWidth, legendHeight)),
                      state, t, scale);
    if (state.ui.hover) drawReadout(dl, *state.derived.surface, vt.rect(), *state.ui.hover);
    dl->PopClipRect();
    ImGui::End();
}

} // namespace dh
