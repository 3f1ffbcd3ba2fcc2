#include "app/gfx/colormap.h"

#include <algorithm>
#include <cmath>

namespace dh {
namespace {

// Ten evenly spaced samples of each map (matplotlib's definitions), interpolated linearly.
const uint32_t kViridis[] = {0x440154, 0x482878, 0x3e4989, 0x31688e, 0x26828e,
                             0x1f9e89, 0x35b779, 0x6ece58, 0xb5de2b, 0xfde725};
const uint32_t kCividis[] = {0x00224e, 0x123570, 0x3b496c, 0x575d6d, 0x707173,
                             0x8a8779, 0xa69d75, 0xc4b56c, 0xe4cf5b, 0xfee838};

ColorTable build(const uint32_t* anchors) {
    ColorTable table{};
    for (int i = 0; i < 256; ++i) {
        double x = i / 255.0 * 9.0;
        int k = std::min(int(x), 8);
        double f = x - k;
        for (int c = 0; c < 3; ++c) {
            int shift = 16 - 8 * c;
            double a = (anchors[k] >> shift) & 0xff, b = (anchors[k + 1] >> shift) & 0xff;
            table[i][c] = uint8_t(std::lround(a + (b - a) * f));
        }
        table[i][3] = 255;
    }
    return table;
}

const ColorTable kViridisTable = build(kViridis);
const ColorTable kCividisTable = build(kCividis);

} // namespace

const ColorTable& colorTable(Colormap map) {
    return map == Colormap::Cividis ? kCividisTable : kViridisTable;
}

uint32_t colormapColor(Colormap map, double t) {
    const auto& e = colorTable(map)[size_t(std::clamp(t, 0.0, 1.0) * 255.0 + 0.5)];
    return uint32_t(e[0]) | (uint32_t(e[1]) << 8) | (uint32_t(e[2]) << 16) | (uint32_t(e[3]) << 24);
}

} // namespace dh
