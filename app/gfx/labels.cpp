#include "app/gfx/labels.h"

#include "app/gfx/draw_util.h"

namespace dh {
namespace {

constexpr float kGap = 2; // pixels kept between two labels

bool overlaps(ImVec2 a0, ImVec2 a1, ImVec2 b0, ImVec2 b1, float gap) {
    return a0.x < b1.x + gap && a1.x + gap > b0.x && a0.y < b1.y + gap && a1.y + gap > b0.y;
}

} // namespace

void LabelRegistry::clear() {
    m_labels.clear();
    m_panels.clear();
    m_obstacles.clear();
}

void LabelRegistry::beginPanel(const char* name, ImVec2 min, ImVec2 max) {
    m_panels.push_back({name, min, max});
    m_obstacles.clear();
}

void LabelRegistry::add(ImVec2 pos, ImVec2 size, const char* text) {
    m_labels.push_back({pos, ImVec2(pos.x + size.x, pos.y + size.y), text, int(m_panels.size()) - 1});
}

bool LabelRegistry::isFree(ImVec2 pos, ImVec2 size) const {
    const ImVec2 end(pos.x + size.x, pos.y + size.y);
    const int panel = int(m_panels.size()) - 1;
    if (panel >= 0) {
        const LabelPanel& p = m_panels[size_t(panel)];
        if (pos.x < p.min.x || pos.y < p.min.y || end.x > p.max.x || end.y > p.max.y) return false;
    }
    for (const LabelRect& l : m_labels)
        if (l.panel == panel && overlaps(pos, end, l.min, l.max, kGap)) return false;
    for (const ImVec4& o : m_obstacles)
        if (overlaps(pos, end, ImVec2(o.x, o.y), ImVec2(o.z, o.w), kGap)) return false;
    return true;
}

bool LabelRegistry::claim(ImVec2 pos, ImVec2 size, const char* text) {
    if (!isFree(pos, size)) return false;
    add(pos, size, text);
    return true;
}

std::optional<ImVec2> LabelRegistry::place(ImVec2 anchor, ImVec2 size, float gap, const char* text) {
    const float h = size.y + 2 * kGap;
    const ImVec2 spots[] = {{anchor.x + gap, anchor.y + 0.3f * gap},
                            {anchor.x + gap, anchor.y - 0.3f * gap - size.y},
                            {anchor.x - gap - size.x, anchor.y + 0.3f * gap},
                            {anchor.x - gap - size.x, anchor.y - 0.3f * gap - size.y},
                            {anchor.x + gap, anchor.y + 0.3f * gap + h},
                            {anchor.x + gap, anchor.y - 0.3f * gap - size.y - h},
                            {anchor.x - gap - size.x, anchor.y + 0.3f * gap + h},
                            {anchor.x - gap - size.x, anchor.y - 0.3f * gap - size.y - h},
                            {anchor.x - size.x / 2, anchor.y + gap + h},
                            {anchor.x - size.x / 2, anchor.y - gap - size.y - h}};
    for (const ImVec2& s : spots)
        if (claim(s, size, text)) return s;
    return std::nullopt;
}

void LabelRegistry::avoid(ImVec2 min, ImVec2 max) {
    m_obstacles.push_back(ImVec4(min.x, min.y, max.x, max.y));
}

bool drawClaimedText(LabelRegistry& labels, ImDrawList* dl, ImVec2 pos, ImU32 color, const char* text, bool halo) {
    if (!labels.claim(pos, ImGui::CalcTextSize(text), text)) return false;
    if (halo)
        haloText(dl, pos, color, text);
    else
        dl->AddText(pos, color, text);
    return true;
}

} // namespace dh
