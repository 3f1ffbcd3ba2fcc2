#include "app/gfx/color.h"

#include <algorithm>

namespace dh {

ImU32 rgbToImU32(uint32_t rgb, int alpha) {
    return IM_COL32((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff, std::clamp(alpha, 0, 255));
}

ImVec4 rgbToFloat4(uint32_t rgb, float alpha) {
    float c[3];
    rgbToFloat3(rgb, c);
    return ImVec4(c[0], c[1], c[2], alpha);
}

void rgbToFloat3(uint32_t rgb, float out[3]) {
    out[0] = float((rgb >> 16) & 0xff) / 255.0f;
    out[1] = float((rgb >> 8) & 0xff) / 255.0f;
    out[2] = float(rgb & 0xff) / 255.0f;
}

uint32_t float3ToRgb(const float rgb[3]) {
    auto byte = [](float v) { return uint32_t(std::clamp(v, 0.0f, 1.0f) * 255 + 0.5f); };
    return byte(rgb[0]) << 16 | byte(rgb[1]) << 8 | byte(rgb[2]);
}

ImU32 withAlpha(ImU32 color, int alpha) {
    return (color & ~IM_COL32_A_MASK) | (ImU32(std::clamp(alpha, 0, 255)) << IM_COL32_A_SHIFT);
}

} // namespace dh
