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

} // namespace

void applyTheme(ImGuiStyle& style, bool dark) {
    if (dark) {
        ImGui::StyleColorsDark(&style);
        style.FrameBorderSize = 0.0f;
        return;
    }
    ImGui::StyleColorsLight(&style);
    lighten(style);
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
