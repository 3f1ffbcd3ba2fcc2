// The labels a frame draws into its pictures (ticks, legends, critical points, markers), each with the
// rectangle it covers and the panel it belongs to. Drawing code asks the registry for room before it
// draws a label that may move or be left out (claim, place), and records the ones it must draw (add);
// obstacles (balls, markers, the colour bar) are rectangles labels keep off without being labels.
// Rebuilt every frame (clear() at its start, in drawFrame). The record is what the label test checks:
// no two labels overlap and none is cut by its panel.
#pragma once

#include <imgui.h>
#include <optional>
#include <string>
#include <vector>

namespace dh {

struct LabelRect {
    ImVec2 min, max;  // pixels
    std::string text; // what it says (for messages)
    int panel = -1;   // index into LabelRegistry::panels()
};

struct LabelPanel {
    std::string name;
    ImVec2 min, max; // the labels of this panel must lie inside
};

class LabelRegistry {
public:
    void clear();
    // Labels after this call belong to the panel (name, rectangle) until the next beginPanel.
    void beginPanel(const char* name, ImVec2 min, ImVec2 max);
    // Records a label that is drawn whatever (its overlaps are what the test reports).
    void add(ImVec2 pos, ImVec2 size, const char* text);
    // True, and recorded, when the rectangle lies in the panel and is clear of every label and obstacle
    // of the panel (with a small gap); false otherwise (the caller leaves the label out).
    bool claim(ImVec2 pos, ImVec2 size, const char* text);
    // The first free spot of a few around the anchor (right-below, right-above, left-below, left-above,
    // then further out), recorded; empty when none is free.
    std::optional<ImVec2> place(ImVec2 anchor, ImVec2 size, float gap, const char* text);
    // A rectangle labels keep off (not a label).
    void avoid(ImVec2 min, ImVec2 max);
    bool isFree(ImVec2 pos, ImVec2 size) const;

    const std::vector<LabelRect>& labels() const { return m_labels; }
    const std::vector<LabelPanel>& panels() const { return m_panels; }

private:
    std::vector<LabelRect> m_labels;
    std::vector<LabelPanel> m_panels;
    std::vector<ImVec4> m_obstacles; // of the current panel
};

// ImGui-facing helpers: the text's size at the current font, and claim + draw with a halo.
// Draws the text where the registry has room; returns whether it was drawn.
bool drawClaimedText(LabelRegistry& labels, ImDrawList* dl, ImVec2 pos, ImU32 color, const char* text,
                     bool halo = true);

} // namespace dh
