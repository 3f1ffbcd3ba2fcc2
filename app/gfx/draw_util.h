// Small helpers for drawing into ImGui draw lists in plane or pixel coordinates.
#pragma once

#include <Eigen/Core>
#include <imgui.h>

namespace dh {

// A line width in whole pixels (at least 1). ImGui draws anti-aliased lines of integer width from its
// font texture with 2 triangles a segment; a fractional width takes the geometric path with 6, and on a
// software rasteriser triangles are what a frame costs. Use it for every polyline.
inline float lineWidth(float pixels) {
    return pixels < 1.5f ? 1.0f : float(int(pixels + 0.5f));
}

inline ImVec2 toIm(const Eigen::Vector2d& p) {
    return ImVec2(float(p.x()), float(p.y()));
}
inline Eigen::Vector2d fromIm(const ImVec2& p) {
    return {p.x, p.y};
}

// Text with a dark (or light) halo so it reads on any colour of the heatmap.
void haloText(ImDrawList* dl, ImVec2 pos, ImU32 color, const char* text, bool darkHalo = true);
// An arrow from a to b (pixels) with a head of the given size.
void arrow(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 color, float thickness, float head);
// A text box with a translucent background, anchored at pos (top-left).
void labelBox(ImDrawList* dl, ImVec2 pos, const char* text, ImU32 textColor, ImU32 bgColor);

} // namespace dh
