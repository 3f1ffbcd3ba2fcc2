// The network lab's textures: the class map (a small grid uploaded, then stretched to the view), the
// point markers, the test-image atlas and the first-layer weights. The model (core/lab/network_lab.h)
// computes the pixels; this uploads them when their version changed, through Pictures, so every upload
// bumps the frame's picture version (gl_resources.h).
#pragma once

#include "app/gfx/gl_resources.h"
#include "core/lab/network_lab.h"

namespace dh {

class NetworkPictures {
public:
    explicit NetworkPictures(PictureVersion& version);

    // The class map stretched to its pixel size (map.pixelW × map.pixelH), for drawBlit.
    BlitSource& classMap(const NetworkLab::ClassMap& map);
    // Point markers for 2D data, kMarkerKinds square cells of `cell` pixels side by side (odd, drawn 1:1),
    // white with anti-aliased coverage in alpha, to be tinted: a disk of radius r + 1.2·scale (the
    // outline), a disk of radius r (the fill), a ring 5·scale px wide and one 2.8·scale px wide, of radius r.
    static constexpr int kMarkerKinds = 4;
    const Picture& markers(float r, int& cell);
    // The lab's image atlases, uploaded when their version changed (nearest sampling).
    const Picture& testImages(const LabImage& image) { return show(m_testImages, m_testImagesVersion, image); }
    const Picture& firstLayer(const LabImage& image) { return show(m_firstLayer, m_firstLayerVersion, image); }

private:
    const Picture& show(Picture& picture, uint64_t& shown, const LabImage& image);

    Picture m_grid, m_classMap, m_markers, m_testImages, m_firstLayer;
    uint64_t m_gridVersion = 0, m_testImagesVersion = 0, m_firstLayerVersion = 0;
    float m_markerRadius = 0;
    int m_markerCell = 0;
};

} // namespace dh
