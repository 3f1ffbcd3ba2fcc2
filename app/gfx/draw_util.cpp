#include "app/gfx/draw_util.h"

#include <cmath>

namespace dh {

void haloText(ImDrawList* dl, ImVec2 pos, ImU32 color, const char* text, bool darkHalo) {
    ImU32 halo = darkHalo ? IM_COL32(0, 0, 0, 170) : IM_COL32(255, 255, 255, 200);
    for (int dx = -1; dx <= 1; ++dx)
        for (int dy = -1; dy <= 1; ++dy)
            if (dx || dy) dl->AddText(ImVec2(pos.x + dx, pos.y + dy), halo, text);
    dl->AddText(pos, color, text);
}

void arrow(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 color, float thickness, float head) {
    float dx = b.x - a.x, dy = b.y - a.y;
    float len = std::sqrt(dx * dx + dy * dy);
    if (len < 1e-3f) return;
    float ux = dx / len, uy = dy / len;
    head = std::min(head, 0.6f * len + 2.0f);
    ImVec2 base(b.x - ux * head, b.y - uy * head);
    dl->AddLine(a, base, color, thickness);
    dl->AddTriangleFilled(b, ImVec2(base.x - uy * head * 0.5f, base.y + ux * head * 0.5f),
                          ImVec2(base.x + uy * head * 0.5f, base.y - ux * head * 0.5f), color);
}

void labelBox(ImDrawList* dl, ImVec2 pos, const char* text, ImU32 textColor, ImU32 bgColor) {
    ImVec2 size = ImGui::CalcTextSize(text);
    float pad = ImGui::GetFontSize() * 0.3f;
    dl->AddRectFilled(pos, ImVec2(pos.x + size.x + 2 * pad, pos.y + size.y + 2 * pad), bgColor, pad);
    dl->AddText(ImVec2(pos.x + pad, pos.y + pad), textColor, text);
}

} // namespace dh
