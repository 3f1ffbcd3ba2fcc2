#include "app/gfx/kink_overlay.h"

#include "app/app_state.h"
#include "app/gfx/draw_util.h"

#include <cstdio>

namespace dh {
namespace {

const ImU32 kKink = IM_COL32(255, 80, 200, 255); // the render tests look for it

// Recomputes the cache when the surface or the shown domain changed.
KinkOverlayState& kinks(AppState& state, const Domain& shown, bool oneD) {
    KinkOverlayState& k = state.ui.panels.kinks;
    const bool same = k.surfaceVersion == state.derived.surfaceVersion && k.oneD == oneD &&
                      k.shown.xMin == shown.xMin && k.shown.xMax == shown.xMax && k.shown.yMin == shown.yMin &&
                      k.shown.yMax == shown.yMax;
    if (same) return k;
    k = KinkOverlayState{};
    k.surfaceVersion = state.derived.surfaceVersion;
    k.shown = shown;
    k.oneD = oneD;
    try {
        CompGraph g(recordSurface(*state.derived.surface), {"x", "y"});
        if (oneD)
            k.points1D = findKinks1D(g, shown.xMin, shown.xMax, 0);
        else
            k.points2D = findKinks2D(g, shown);
    } catch (const std::exception&) { // a surface that cannot be recorded has no marks
    }
    return k;
}

} // namespace

void drawKinks1D(ImDrawList* dl, AppState& state, const CurveFrame& c, float scale) {
    const KinkOverlayState& k = kinks(state, Domain{c.xMin, c.xMax, 0, 0}, true);
    const Surface& s = *state.derived.surface;
    float labelY = float(c.plot.y) + 4 * scale;
    for (const Kink1D& kink : k.points1D) {
        const Eigen::Vector2d p = c.toPixel(kink.x, s.value({kink.x, 0}));
        const float x = float(p.x());
        for (float y = float(c.plot.y); y < float(c.plot.y + c.plot.height); y += 10 * scale) // dotted
            dl->AddLine(ImVec2(x, y), ImVec2(x, y + 4 * scale), kKink, lineWidth(1.5f * scale));
        dl->AddCircleFilled(toIm(p), 5 * scale, kKink);
        char text[160];
        if (std::abs(kink.jump) > 1e-6 * std::max(1.0, std::abs(s.value({kink.x, 0}))))
            std::snprintf(text, sizeof text, "%s: jump %.3g, f′ = %.3g on both sides, GD uses %.3g", kink.op.c_str(),
                          kink.jump, kink.leftSlope, kink.usedSlope);
        else
            std::snprintf(text, sizeof text, "%s kink at x = %.4g: f′ = %.3g left, %.3g right; GD uses %.3g%s",
                          kink.op.c_str(), kink.x, kink.leftSlope, kink.rightSlope, kink.usedSlope,
                          kink.exact ? "" : " (near)");
        const float width = ImGui::CalcTextSize(text).x, right = float(c.plot.x + c.plot.width);
        haloText(dl, ImVec2(x + 6 * scale + width < right ? x + 6 * scale : x - 6 * scale - width, labelY), kKink,
                 text);
        labelY += ImGui::GetTextLineHeightWithSpacing();
    }
}

bool hasKinks2D(AppState& state, const ViewTransform& vt) {
    return !kinks(state, vt.shown(), false).points2D.empty();
}

ImU32 kinkColor() {
    return kKink;
}

void drawKinks2D(ImDrawList* dl, AppState& state, const ViewTransform& vt, float scale) {
    for (const Eigen::Vector2d& p : kinks(state, vt.shown(), false).points2D)
        dl->AddCircleFilled(toIm(vt.toPixel(p)), 1.6f * scale, kKink, 6);
}

} // namespace dh
