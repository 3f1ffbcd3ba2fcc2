#include "app/gfx/network_pictures.h"

#include <algorithm>
#include <cmath>

namespace dh {

NetworkPictures::NetworkPictures(PictureVersion& version)
    : m_grid(version), m_classMap(version), m_markers(version), m_testImages(version), m_firstLayer(version) {}

BlitSource& NetworkPictures::classMap(const NetworkLab::ClassMap& map) {
    const bool newGrid = map.grid.version != m_gridVersion;
    if (newGrid) {
        m_grid.upload(map.grid.rgba, map.grid.width, map.grid.height, true);
        m_gridVersion = map.grid.version;
    }
    if (newGrid || m_classMap.width() != map.pixelW || m_classMap.height() != map.pixelH)
        m_classMap.scaleFrom(m_grid, map.pixelW, map.pixelH);
    return m_classMap.blit();
}

const Picture& NetworkPictures::markers(float r, int& cell) {
    if (m_markers.empty() || m_markerRadius != r) {
        const float k = r / 4.5f, outline = r + 1.2f * k; // k: the UI scale
        m_markerCell = 2 * int(std::ceil(std::max(outline, r + 2.5f * k) + 1.5f)) + 1;
        const int S = m_markerCell, W = S * kMarkerKinds;
        std::vector<uint32_t> px(size_t(W) * size_t(S));
        for (int y = 0; y < S; ++y)
            for (int x = 0; x < W; ++x) {
                const int kind = x / S;
                const float d = std::hypot(float(x % S) + 0.5f - S / 2.0f, float(y) + 0.5f - S / 2.0f);
                float a = kind == 0   ? outline + 0.5f - d
                          : kind == 1 ? r + 0.5f - d
                          : kind == 2 ? 2.5f * k + 0.5f - std::abs(d - r)
                                      : 1.4f * k + 0.5f - std::abs(d - r);
                px[size_t(y) * size_t(W) + size_t(x)] =
                    uint32_t(std::clamp(a, 0.0f, 1.0f) * 255 + 0.5f) << 24 | 0xffffffu;
            }
        m_markers.upload(px, W, S, false);
        m_markerRadius = r;
    }
    cell = m_markerCell;
    return m_markers;
}

const Picture& NetworkPictures::show(Picture& picture, uint64_t& shown, const LabImage& image) {
    if (image.version != shown && image.width > 0 && image.height > 0) {
        picture.upload(image.rgba, image.width, image.height, false);
        shown = image.version;
    }
    return picture;
}

} // namespace dh
