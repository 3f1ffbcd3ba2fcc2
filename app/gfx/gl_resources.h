// Owners of the GL objects several renderers need: a colour framebuffer (RGBA8 texture, optional
// depth) that reallocates only when its size changes, and the colormap lookup textures. Create and
// destroy them while the GL context is current.
#pragma once

#include "core/scene/scene.h"

namespace dh {

class ColorTarget {
public:
    ColorTarget() = default;
    ~ColorTarget();
    ColorTarget(const ColorTarget&) = delete;
    ColorTarget& operator=(const ColorTarget&) = delete;

    // Allocates for width × height pixels (nearest sampling: pictures are drawn 1:1) when the size
    // changed; returns true when it did. withDepth adds a 24-bit depth renderbuffer.
    bool resize(int width, int height, bool withDepth = false);
    bool complete() const; // the framebuffer is usable
    unsigned int framebuffer() const { return m_fbo; }
    unsigned int texture() const { return m_color; }
    int width() const { return m_width; }
    int height() const { return m_height; }

private:
    unsigned int m_fbo = 0, m_color = 0, m_depth = 0;
    int m_width = 0, m_height = 0;
};

// The 256×1 RGBA lookup textures of every colormap.
class ColormapTextures {
public:
    ColormapTextures();
    ~ColormapTextures();
    ColormapTextures(const ColormapTextures&) = delete;
    ColormapTextures& operator=(const ColormapTextures&) = delete;
    unsigned int texture(Colormap map) const { return m_textures[map == Colormap::Cividis ? 1 : 0]; }

private:
    unsigned int m_textures[2] = {0, 0};
};

} // namespace dh
