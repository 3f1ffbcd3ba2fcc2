// The 2D surface view: the cached heatmap with contours, axes and colour legend; the runs with their
// iterates, glyphs, legend and divergence badges; the overlays; pan (drag), zoom (wheel), dragging the
// start point; and a readout of x, y, f and ∇f under the mouse.
#include "app/app_state.h"
#include "app/gfx/colormap.h"
#include "app/gfx/draw_util.h"
#include "app/gfx/gpu.h"
#include "app/gfx/kink_overlay.h"
#include "app/gfx/labels.h"
#include "app/gfx/overlays.h"
#include "app/gfx/widgets.h"
#include "app/panels/panels.h"
#include "core/scene/view_transform.h"

#include <cmath>
#include <cstdio>
#include <imgui.h>
#include <string>
#include <utility>

namespace dh {
namespace {

// The names of the plane's axes: (w, b) on the regression's loss, else (x, y).
std::pair<const char*, const char*> axisNames(const Surface& surface) {
    if (surface.name == "linreg") return {"w", "b"};
    return {"x", "y"};
}

// Grid lines, ticks and their labels (a label with no room is left out), and the axes' names.
void drawAxes(ImDrawList* dl, const ViewTransform& vt, const Surface& surface, float scale, LabelRegistry& labels) {
    const PixelRect& r = vt.rect();
    const Domain& d = vt.shown();
    const ImU32 tickColor = IM_COL32(255, 255, 255, 230), gridColor = IM_COL32(255, 255, 255, 28);
    const float tick = 6 * scale, x0 = float(r.x), y1 = float(r.y + r.height);
    const auto [xName, yName] = axisNames(surface);
    // The names first: they are what must not be crowded out.
    const ImVec2 xs = ImGui::CalcTextSize(xName), ys = ImGui::CalcTextSize(yName);
    drawClaimedText(labels, dl, ImVec2(float(r.x + r.width) - xs.x - 8 * scale, y1 - 2.6f * xs.y - tick), tickColor,
                    xName);
    drawClaimedText(labels, dl, ImVec2(x0 + tick + 3, float(r.y) + 2.2f * ys.y), tickColor, yName);
    char buf[32];
    for (double x : niceTicks(d.xMin, d.xMax, int(r.width / (110 * scale)) + 1)) {
        const float px = float(vt.toPixel({x, 0}).x());
        dl->AddLine(ImVec2(px, float(r.y)), ImVec2(px, y1), gridColor);
        dl->AddLine(ImVec2(px, y1 - tick), ImVec2(px, y1), tickColor, scale);
        std::snprintf(buf, sizeof buf, "%g", x);
        const ImVec2 size = ImGui::CalcTextSize(buf);
        drawClaimedText(labels, dl, ImVec2(px - size.x / 2, y1 - tick - size.y - 2), tickColor, buf);
    }
    for (double y : niceTicks(d.yMin, d.yMax, int(r.height / (90 * scale)) + 1)) {
        const float py = float(vt.toPixel({0, y}).y());
        dl->AddLine(ImVec2(x0, py), ImVec2(float(r.x + r.width), py), gridColor);
        dl->AddLine(ImVec2(x0, py), ImVec2(x0 + tick, py), tickColor, scale);
        std::snprintf(buf, sizeof buf, "%g", y);
        const ImVec2 size = ImGui::CalcTextSize(buf);
        drawClaimedText(labels, dl, ImVec2(x0 + tick + 3, py - size.y / 2), tickColor, buf);
    }
}

constexpr double kColorTicks[] = {0.0, 0.25, 0.5, 0.75, 1.0};

// The left edge of the colour bar's column (its tick labels included).
float colorLegendLeft(const ViewTransform& vt, const FieldScale& fs, float scale) {
    char buf[32];
    float widest = ImGui::CalcTextSize(fs.log ? "f (log scale)" : "f").x - 16 * scale;
    for (double t : kColorTicks) {
        std::snprintf(buf, sizeof buf, "%.3g", fs.fromT(t));
        widest = std::max(widest, ImGui::CalcTextSize(buf).x);
    }
    const PixelRect& r = vt.rect();
    return float(r.x + r.width) - 12 * scale - 16 * scale - 6 * scale - widest;
}

// The colour bar at the top right: its title above it, clear of the top tick's label; it ends above
// `bottom` (the legend's top) and keeps only its end ticks when that leaves it short.
void drawColorLegend(ImDrawList* dl, const ViewTransform& vt, const FieldScale& fs, Colormap map, float scale,
                     float bottom, LabelRegistry& labels) {
    const PixelRect& r = vt.rect();
    const float font = ImGui::GetFontSize();
    const float w = 16 * scale, x1 = float(r.x + r.width) - 12 * scale, x0 = x1 - w;
    const float y0 = float(r.y) + 1.6f * font + 8 * scale;
    const float h = std::max(2.5f * font, std::min({float(r.height * 0.5), 320.0f * scale, bottom - font - y0}));
    const float y1 = y0 + h;
    const int bands = 64;
    for (int i = 0; i < bands; ++i) {
        float a = y1 - h * (i + 1) / bands, b = y1 - h * i / bands;
        dl->AddRectFilled(ImVec2(x0, a), ImVec2(x1, b), colormapColor(map, (i + 0.5) / bands));
    }
    dl->AddRect(ImVec2(x0, y0), ImVec2(x1, y1), IM_COL32(255, 255, 255, 160));
    labels.avoid(ImVec2(x0 - 4 * scale, y0), ImVec2(x1, y1));
    const char* title = fs.log ? "f (log scale)" : "f";
    const ImVec2 ts = ImGui::CalcTextSize(title);
    const ImVec2 tp(x1 - ts.x, y0 - ts.y - 0.5f * font - 2 * scale);
    labels.add(tp, ts, title);
    haloText(dl, tp, IM_COL32(255, 255, 255, 255), title);
    char buf[32];
    for (double t : kColorTicks) {
        std::snprintf(buf, sizeof buf, "%.3g", fs.fromT(t));
        const ImVec2 size = ImGui::CalcTextSize(buf);
        const float y = y1 - float(t) * h;
        const ImVec2 at(x0 - 6 * scale - size.x, y - size.y / 2);
        if (!labels.claim(at, size, buf)) continue; // the ends always fit; a middle tick may not
        dl->AddLine(ImVec2(x0 - 4 * scale, y), ImVec2(x0, y), IM_COL32(255, 255, 255, 220));
        haloText(dl, at, IM_COL32(255, 255, 255, 255), buf);
    }
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
    const Surface& surface = *state.derived.surface;
    float scale = state.scene.ui.scale;
    ImVec2 origin = ImGui::GetCursorScreenPos();
    ImVec2 avail = ImGui::GetContentRegionAvail();
    ViewTransform vt(currentView(state), PixelRect{origin.x, origin.y, avail.x, avail.y});
    ImVec2 fbScale = ImGui::GetIO().DisplayFramebufferScale;
    ScalarField field;
    field.surface = &surface;
    field.version = state.derived.surfaceVersion;
    unsigned int tex = state.gpu->heatmap.update(field, vt.shown(), int(avail.x * fbScale.x), int(avail.y * fbScale.y),
                                                 state.scene.style);
    ImGui::Image(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(tex)), avail, ImVec2(0, 1), ImVec2(1, 0));
    bool hovered = ImGui::IsItemHovered();

    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 end(origin.x + avail.x, origin.y + avail.y);
    dl->PushClipRect(origin, end, true);
    LabelRegistry& labels = state.ui.labels;
    labels.beginPanel("surface view", origin, end);
    // Two layers: what is fixed in the view (title, colour bar, legend) on top, drawn and claimed first
    // so that the ticks and the moving labels keep off it; the surface's contents under it.
    dl->ChannelsSplit(2);
    dl->ChannelsSetCurrent(1);
    // The title wraps left of the colour bar's column; the legend sits at the bottom left, above the
    // x-axis labels, as wide as that column leaves room for and as tall as the view below the title.
    const FieldScale& fs = state.gpu->heatmap.scale();
    const float columnLeft = colorLegendLeft(vt, fs, scale), line = ImGui::GetTextLineHeight();
    const std::string title =
        "f(" + std::string(axisNames(surface).first) + ", " + axisNames(surface).second + ") = " + surface.formula;
    ImVec2 titleAt(origin.x + 34 * scale, origin.y + 8 * scale);
    const auto titleBlock = [&](const char* paragraph, ImU32 color) {
        for (const std::string& text : wrapLines(paragraph, columnLeft - titleAt.x - 8 * scale)) {
            labels.add(titleAt, ImGui::CalcTextSize(text.c_str()), text.c_str());
            haloText(dl, titleAt, color, text.c_str());
            titleAt.y += line;
        }
    };
    titleBlock(title.c_str(), IM_COL32(255, 255, 255, 255));
    // The kinks' caption on one line, or not at all (a small view keeps its room for the legend).
    if (hasKinks2D(state, vt) && ImGui::CalcTextSize(kKinkCaption2D).x <= columnLeft - titleAt.x - 8 * scale)
        titleBlock(kKinkCaption2D, kinkColor());
    const int t = shownStep(state);
    const float rowH = ImGui::GetTextLineHeightWithSpacing() + 2 * scale, legendBottom = end.y - 2.2f * line;
    LegendFit fit;
    fit.maxRows = std::max(1, int((legendBottom - titleAt.y - 2 * line) / rowH));
    fit.maxWidth = columnLeft - 8 * scale - (origin.x + 64 * scale);
    // Where the View tab puts it (bottom left by default) inside that room.
    float legendWidth = 0;
    const float legendHeight = drawRunLegend(nullptr, ImVec2(0, 0), state, t, scale, nullptr, fit, &legendWidth);
    if (state.ui.legend.shown)
        drawRunLegend(dl,
                      legendPosition(state.ui.legend, ImVec2(origin.x + 64 * scale, titleAt.y + line),
                                     ImVec2(columnLeft - 8 * scale, legendBottom), ImVec2(legendWidth, legendHeight)),
                      state, t, scale, &labels, fit);
    drawColorLegend(dl, vt, fs, state.scene.style.colormap, scale, end.y - 2.2f * line, labels);

    dl->ChannelsSetCurrent(0);
    drawAxes(dl, vt, surface, scale, labels);
    drawKinks2D(dl, state, vt, scale);
    if (p.overlays.quiver) drawQuiver(dl, vt, surface, scale);
    if (p.overlays.criticalPoints) drawCriticalPoints(dl, vt, state.derived.criticalPoints, scale, labels);
    drawTrajectories(dl, vt, state, t, scale, labels);
    if (p.overlays.glyphs) drawGlyphs(dl, vt, state, t, scale);
    if (p.overlays.criticalPoints) drawCriticalLabels(dl, vt, state.derived.criticalPoints, scale, labels);
    handleMouse(state, vt, hovered, dl, scale);
    state.ui.hover.reset();
    if (hovered) state.ui.hover = vt.toPlane(fromIm(ImGui::GetIO().MousePos));
    if (state.ui.hover && p.overlays.hessian) drawHessianAt(dl, vt, surface, *state.ui.hover, scale);
    dl->ChannelsSetCurrent(1);
    if (state.ui.hover) drawReadout(dl, surface, vt.rect(), *state.ui.hover);
    dl->ChannelsMerge();
    dl->PopClipRect();
    ImGui::End();
}

} // namespace dh
