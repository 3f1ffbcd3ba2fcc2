// Small ImGui widgets shared by the panels.
#pragma once

#include <cstdint>
#include <imgui.h>

namespace dh {

// A titled separator (ImGui 1.86 has no SeparatorText).
void sectionHeader(const char* title);
// A slider over doubles; logarithmic when log is true. Returns true when the value changed.
bool sliderDouble(const char* label, double* value, double min, double max, const char* format = "%.4g",
                  bool log = false);
// 0xRRGGBB → ImU32 with the given alpha.
ImU32 rgbToImU32(uint32_t rgb, int alpha = 255);
// Red text for errors.
void errorText(const char* text);

} // namespace dh
