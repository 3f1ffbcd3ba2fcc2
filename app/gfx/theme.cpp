#include "app/gfx/theme.h"

#include <algorithm>
#include <cmath>

namespace dh {
namespace {

double channel(float c) {
    double v = std::clamp(double(c), 0.0, 1.0);
    return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
}

double luminance(const ImVec4& c) {
    return 0.2126 * channel(c.x) + 0.7152 * channel(c.y) + 0.0722 * channel(c.z);
}

// ImGui's light theme with darker marks, greys and accents, and outlined frames.
void lighten(ImGuiStyle& style) {
    ImVec4* c = style.Colors;
    const ImVec4 accent(0.05f, 0.30f, 0.65f, 1.00f); // a dark blue: 7:1 on white
    c[ImGuiCol_Text] = ImVec4(0.00f, 0.00f, 0.00f, 1.00f);
    c[ImGuiCol_TextDisabled] = ImVec4(0.33f, 0.33f, 0.33f, 1.00f);
    c[ImGuiCol_Border] = ImVec4(0.40f, 0.40f, 0.40f, 1.00f);
    c[ImGuiCol_CheckMark] = accent;
    c[ImGuiCol_SliderGrab] = accent;
    c[ImGuiCol_SliderGrabActive] = ImVec4(0.00f, 0.20f, 0.50f, 1.00f);
    c[ImGuiCol_PlotHistogram] = ImVec4(0.55f, 0.30f, 0.00f, 1.00f); // section titles (widgets.h)
    c[ImGuiCol_PlotLines] = ImVec4(0.25f, 0.25f, 0.25f, 1.00f);
    c[ImGuiCol_Separator] = ImVec4(0.45f, 0.45f, 0.45f, 1.00f);
    style.FrameBorderSize = 1.0f;
}

// ImGui's dark theme with brighter disabled text and slider grabs and darker hover/active blues (white
// text on ImGui's bright blue is 3:1).
void deepen(ImGuiStyle& style) {
    ImVec4* c = style.Colors;
    c[ImGuiCol_TextDisabled] = ImVec4(0.62f, 0.62f, 0.62f, 1.00f);
    c[ImGuiCol_SliderGrab] = ImVec4(0.45f, 0.70f, 1.00f, 1.00f);
    c[ImGuiCol_SliderGrabActive] = ImVec4(0.60f, 0.80f, 1.00f, 1.00f);
    c[ImGuiCol_ButtonHovered] = ImVec4(0.16f, 0.40f, 0.75f, 1.00f);
    c[ImGuiCol_ButtonActive] = ImVec4(0.10f, 0.33f, 0.65f, 1.00f);
    c[ImGuiCol_HeaderHovered] = ImVec4(0.16f, 0.40f, 0.75f, 0.80f);
    c[ImGuiCol_HeaderActive] = ImVec4(0.10f, 0.33f, 0.65f, 1.00f);
    c[ImGuiCol_TabHovered] = c[ImGuiCol_HeaderHovered];
    style.FrameBorderSize = 0.0f;
}

} // namespace

void applyTheme(ImGuiStyle& style, bool dark) {
    if (dark) {
        ImGui::StyleColorsDark(&style);
        deepen(style);
        return;
    }
    ImGui::StyleColorsLight(&style);
    lighten(style);
}

ChartPalette chartPalette(const ImGuiStyle& style) {
    ChartPalette p;
    p.light = luminance(style.Colors[ImGuiCol_WindowBg]) > 0.5;
    p.background = p.light ? IM_COL32(255, 255, 255, 255) : IM_COL32(24, 28, 36, 255);
    p.grid = p.light ? IM_COL32(0, 0, 0, 40) : IM_COL32(255, 255, 255, 32);
    p.marker = p.light ? IM_COL32(0, 0, 0, 170) : IM_COL32(255, 255, 255, 150);
    p.text = ImGui::ColorConvertFloat4ToU32(style.Colors[ImGuiCol_Text]);
    return p;
}

bool needsOutlineOnLight(unsigned int rgb) {
    ImVec4 c(((rgb >> 16) & 0xff) / 255.0f, ((rgb >> 8) & 0xff) / 255.0f, (rgb & 0xff) / 255.0f, 1.0f);
    return contrastRatio(c, ImVec4(1, 1, 1, 1)) < 3.0;
}

double contrastRatio(const ImVec4& a, const ImVec4& b) {
    double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

ImVec4 blendOver(const ImVec4& fg, const ImVec4& bg) {
    float a = fg.w;
    return ImVec4(fg.x * a + bg.x * (1 - a), fg.y * a + bg.y * (1 - a), fg.z * a + bg.z * (1 - a), 1.0f);
}

std::vector<ThemePair> themePairs(const ImGuiStyle& style) {
    const ImVec4* c = style.Colors;
    const ImVec4 window = blendOver(c[ImGuiCol_WindowBg], ImVec4(0, 0, 0, 1));
    auto on = [&](ImGuiCol col, const ImVec4& under) { return blendOver(c[col], under); };
    const ImVec4 frame = on(ImGuiCol_FrameBg, window);
    std::vector<ThemePair> pairs = {
        {"text on the window", on(ImGuiCol_Text, window), window, 4.5},
        {"disabled text on the window", on(ImGuiCol_TextDisabled, window), window, 4.5},
        {"text in a field", on(ImGuiCol_Text, frame), frame, 4.5},
        {"disabled text in a field", on(ImGuiCol_TextDisabled, frame), frame, 4.5},
        {"check mark in its box", on(ImGuiCol_CheckMark, frame), frame, 4.5},
        {"slider grab in its frame", on(ImGuiCol_SliderGrab, frame), frame, 4.5},
        {"section title on the window", on(ImGuiCol_PlotHistogram, window), window, 4.5},
        {"progress bar in its frame", on(ImGuiCol_PlotHistogram, frame), frame, 4.5},
        {"text on a popup", on(ImGuiCol_Text, on(ImGuiCol_PopupBg, window)), on(ImGuiCol_PopupBg, window), 4.5},
    };
    for (ImGuiCol bg : {ImGuiCol_Button, ImGuiCol_ButtonHovered, ImGuiCol_ButtonActive, ImGuiCol_Header,
                        ImGuiCol_HeaderHovered, ImGuiCol_HeaderActive, ImGuiCol_Tab, ImGuiCol_TabActive,
                        ImGuiCol_TabHovered, ImGuiCol_TitleBg, ImGuiCol_TitleBgActive, ImGuiCol_FrameBgHovered}) {
        ImVec4 under = on(bg, window);
        pairs.push_back({std::string("text on ") + ImGui::GetStyleColorName(bg), on(ImGuiCol_Text, under), under, 4.5});
    }
    // A frame's outline must show it on the window, or a checkbox is a white square on light grey.
    if (style.FrameBorderSize > 0)
        pairs.push_back({"frame outline on the window", on(ImGuiCol_Border, window), window, 4.5});
    else
        pairs.push_back({"field on the window (no outline)", frame, window, 1.2});
    return pairs;
}

} // namespace dh
