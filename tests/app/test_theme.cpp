// The themes' contrast: every text, mark and outline the theme draws against what it is drawn on has a
// WCAG contrast ratio of at least 4.5:1 (app/gfx/theme.h), computed from the colours themselves.
#include "app/gfx/theme.h"

#include <gtest/gtest.h>

using namespace dh;

namespace {

// WCAG's own examples: black on white is 21:1, a colour on itself 1:1; #767676 on white is the
// lightest grey that passes 4.5:1 (4.54).
TEST(Theme, ContrastRatioMatchesWcagExamples) {
    EXPECT_NEAR(contrastRatio(ImVec4(0, 0, 0, 1), ImVec4(1, 1, 1, 1)), 21.0, 1e-9);
    EXPECT_NEAR(contrastRatio(ImVec4(0.3f, 0.5f, 0.7f, 1), ImVec4(0.3f, 0.5f, 0.7f, 1)), 1.0, 1e-9);
    const float g = 0x76 / 255.0f;
    EXPECT_NEAR(contrastRatio(ImVec4(g, g, g, 1), ImVec4(1, 1, 1, 1)), 4.54, 0.01);
    ImVec4 half = blendOver(ImVec4(1, 1, 1, 0.5f), ImVec4(0, 0, 0, 1));
    EXPECT_FLOAT_EQ(half.x, 0.5f);
}

void expectLegible(bool dark) {
    ImGui::CreateContext();
    ImGuiStyle style;
    applyTheme(style, dark);
    std::vector<ThemePair> pairs = themePairs(style);
    EXPECT_GE(pairs.size(), 20u);
    for (const ThemePair& p : pairs)
        EXPECT_GE(contrastRatio(p.fg, p.bg), p.minimum) << (dark ? "dark: " : "light: ") << p.what;
    ImGui::DestroyContext();
}

TEST(Theme, EveryElementOfTheLightThemeHasAContrastOfAtLeastFourAndAHalf) {
    expectLegible(false);
}

TEST(Theme, EveryElementOfTheDarkThemeHasAContrastOfAtLeastFourAndAHalf) {
    expectLegible(true);
}

// ImGui's own light theme fails: its disabled text and check marks are too pale (what was seen).
TEST(Theme, ImGuisPlainLightThemeWouldFail) {
    ImGui::CreateContext();
    ImGuiStyle style;
    ImGui::StyleColorsLight(&style);
    int failures = 0;
    for (const ThemePair& p : themePairs(style)) failures += contrastRatio(p.fg, p.bg) < p.minimum;
    EXPECT_GT(failures, 0);
    ImGui::DestroyContext();
}

} // namespace

namespace {

// The loss plot follows the theme: its tick labels (the theme's text) read on its background, and a
// white run (GD's colour) is outlined on the light one.
TEST(Theme, TheChartFollowsTheThemeAndOutlinesLightRuns) {
    ImGui::CreateContext();
    for (bool dark : {false, true}) {
        ImGuiStyle style;
        applyTheme(style, dark);
        ChartPalette p = chartPalette(style);
        EXPECT_EQ(p.light, !dark);
        ImVec4 bg = ImGui::ColorConvertU32ToFloat4(p.background), text = ImGui::ColorConvertU32ToFloat4(p.text);
        EXPECT_GE(contrastRatio(text, bg), 4.5) << (dark ? "dark" : "light");
        ImVec4 marker = blendOver(ImGui::ColorConvertU32ToFloat4(p.marker), bg);
        EXPECT_GE(contrastRatio(marker, bg), 3.0) << "the shown step's line";
    }
    ImGui::DestroyContext();
    EXPECT_TRUE(needsOutlineOnLight(0xffffff));
    EXPECT_TRUE(needsOutlineOnLight(0xf0e442)); // the palette's yellow
    EXPECT_FALSE(needsOutlineOnLight(0x0072b2));
    EXPECT_FALSE(needsOutlineOnLight(0x000000));
}

} // namespace
