// The two themes. Dark is ImGui's; light is ImGui's light theme made legible on a projector: every
// text, mark and outline has a contrast of at least 4.5:1 (WCAG) against what it is drawn on, frames
// have an outline (a white checkbox on a light grey window is otherwise invisible).
#pragma once

#include <imgui.h>
#include <string>
#include <vector>

namespace dh {

// Sets ImGui's colours (and frame outlines) for the theme.
void applyTheme(ImGuiStyle& style, bool dark);

// The colours of a chart drawn with the draw list (the loss plot): its background, grid, marker line
// and outline for light run colours, following the theme (a dark plot area in the dark theme, a white
// one in the light theme).
struct ChartPalette {
    ImU32 background, grid, marker, text;
    bool light = false; // a light background: a light run colour needs a dark outline to show
};
ChartPalette chartPalette(const ImGuiStyle& style);
// True when an 0xRRGGBB colour is too light to show on a white background without an outline.
bool needsOutlineOnLight(unsigned int rgb);

// WCAG 2 contrast ratio (1 … 21) of two opaque colours (alpha ignored).
double contrastRatio(const ImVec4& a, const ImVec4& b);
// `fg` drawn with its alpha over the opaque `bg`.
ImVec4 blendOver(const ImVec4& fg, const ImVec4& bg);

struct ThemePair {
    std::string what;   // e.g. "text on a button"
    ImVec4 fg, bg;      // both opaque (blended over the window background where translucent)
    double minimum = 0; // the contrast it needs
};
// What the theme draws on what: the pairs a test checks (text, disabled text, check marks, slider
// grabs, frame outlines, section titles on their backgrounds).
std::vector<ThemePair> themePairs(const ImGuiStyle& style);

} // namespace dh
