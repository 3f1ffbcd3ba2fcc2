// Perceptually uniform, colour-blind-safe colormaps (viridis, cividis) as 256-entry tables.
#pragma once

#include "core/scene/scene.h"

#include <array>
#include <cstdint>

namespace dh {

using ColorTable = std::array<std::array<uint8_t, 4>, 256>; // RGBA

const ColorTable& colorTable(Colormap map);
// RGBA packed as ImGui's ImU32 (A in the high byte) for t ∈ [0, 1].
uint32_t colormapColor(Colormap map, double t);

} // namespace dh
