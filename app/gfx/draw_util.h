// Small helpers for drawing into ImGui draw lists in plane or pixel coordinates.
#pragma once

#include <Eigen/Core>
#include <imgui.h>
#include <optional>
#include <string>
#include <vector>

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
// Text wrapped to the window's width at spaces only (ImGui's TextWrapped also breaks after '.', ',' and
// '-', which splits numbers: "−1." / "0316"); '\n' starts a new line. A word wider than the window
// stays whole on its own line.
void textWrapped(const char* text);
// The lines of text wrapped at spaces to width pixels at the current font (as textWrapped).
std::vector<std::string> wrapLines(const char* text, float width);
// An arrow from a to b (pixels) with a head of the given size.
void arrow(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 color, float thickness, float head);
// A text box with a translucent background, anchored at pos (top-left).
void labelBox(ImDrawList* dl, ImVec2 pos, const char* text, ImU32 textColor, ImU32 bgColor);

// ---- paths: the polyline of a run's iterates ----

// What a path looks like in pixels: its segments clipped to the view (a segment wholly outside is
// dropped, one that crosses the edge is cut at it), the vertices where it turns sharply enough to need
// a round join, and, when its last point lies outside the view, where it left the view and in which
// direction it went (the off-view marker).
struct PathGeometry {
    struct Segment {
        ImVec2 a, b;
    };
    std::vector<Segment> segments;
    std::vector<ImVec2> joins; // inside the view, at turns of more than ~25°
    struct Exit {
        ImVec2 at;      // on the view's edge
        ImVec2 toward;  // unit direction (pixels) from the edge towards the last point
        int pointIndex; // the index (in the pixels given) of the last point
    };
    std::optional<Exit> exit; // the last point is outside the view
};

// pts in pixels (finite), view = (x0, y0, x1, y1). Every segment is kept, however short: thin the
// points first when there are many (they must keep the turning points: see thinPixels).
PathGeometry pathGeometry(const std::vector<ImVec2>& pts, const ImVec4& view);
// Points closer than minStep to the last kept one are dropped, except the first, the last and every
// local extreme of x or y (a bounce keeps its turning points).
void thinPixels(std::vector<ImVec2>& pts, float minStep);
// Draws the segments with round joins: a dark outline of width outline (0 = none), then the colour.
// Widths are whole pixels (lineWidth) so that every segment is two textured triangles.
void drawPath(ImDrawList* dl, const PathGeometry& g, ImU32 color, float width, float outline);
// The off-view marker: an arrow at the view's edge pointing where the run went, in its colour.
void drawOffViewArrow(ImDrawList* dl, ImVec2 at, ImVec2 toward, ImU32 color, float scale);

} // namespace dh
