// Colours in one place: the scene stores a run's colour as 0xRRGGBB; ImGui wants ImU32 (A in the high
// byte, then B, G, R) or ImVec4 (floats 0 … 1). Every conversion between them goes through here.
#pragma once

#include <cstdint>
#include <imgui.h>

namespace dh {

// 0xRRGGBB → ImU32 with the given alpha (0 … 255).
ImU32 rgbToImU32(uint32_t rgb, int alpha = 255);
// 0xRRGGBB → ImVec4 with the given alpha (0 … 1).
ImVec4 rgbToFloat4(uint32_t rgb, float alpha = 1);
// Red, green, blue as floats 0 … 1 (ImGui's colour editor) ↔ 0xRRGGBB, rounded to the nearest byte.
void rgbToFloat3(uint32_t rgb, float out[3]);
uint32_t float3ToRgb(const float rgb[3]);
// The same colour with another alpha (0 … 255).
ImU32 withAlpha(ImU32 color, int alpha);

} // namespace dh
