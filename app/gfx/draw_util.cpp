#include "app/gfx/draw_util.h"

#include <cmath>

namespace dh {

void haloText(ImDrawList* dl, ImVec2 pos, ImU32 color, const char* text, bool darkHalo) {
    // Two shadow copies, not eight: every glyph is two triangles, and triangles are what a frame costs
    // on a software rasteriser.
    ImU32 halo = darkHalo ? IM_COL32(0, 0, 0, 200) : IM_COL32(255, 255, 255, 220);
    dl->AddText(ImVec2(pos.x + 1, pos.y + 1), halo, text);
    dl->AddText(ImVec2(pos.x - 1, pos.y - 1), halo, text);
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
