// The GL objects several renderers share: a colour framebuffer (an RGBA8 texture, optional depth) that
// reallocates only when its size changes; the pictures a frame shows, with the one redraw rule; the
// colormap lookup textures. All hold GlHandles (gl_handle.h): create and destroy them while the GL
// context is current, i.e. inside the GPU owner (gpu.h) or the window.
#pragma once

#include "app/gfx/blit.h"
#include "app/gfx/gl_handle.h"
#include "core/scene/scene.h"

#include <cstdint>
#include <vector>

namespace dh {

class ColorTarget {
public:
    // Allocates for width × height pixels (nearest sampling: pictures are drawn 1:1) when the size
    // changed; returns true when it did. withDepth adds a 24-bit depth renderbuffer.
    bool resize(int width, int height, bool withDepth = false);
    bool complete() const; // the framebuffer is usable
    unsigned int framebuffer() const { return m_fbo.id(); }
    unsigned int texture() const { return m_color.id(); }
    int width() const { return m_width; }
    int height() const { return m_height; }

private:
    GlFramebuffer m_fbo;
    GlTexture m_color;
    GlRenderbuffer m_depth;
    int m_width = 0, m_height = 0;
};

// The redraw rule. Every change to the pixels of a texture that a frame may show (through drawBlit or
// ImGui::Image) bumps this one counter: Picture does it on every upload, copy and draw. The frame cache
// (frame_cache.h) re-rasterises a frame when the draw data or this counter changed and otherwise only
// copies the last frame, so a picture changed without a bump would not be seen until something else
// moved. One counter per GPU owner (gpu.h); its value is what the frame loop passes to the window.
class PictureVersion {
public:
    void bump() { ++m_value; }
    uint64_t value() const { return m_value; }

private:
    uint64_t m_value = 0;
};

// A picture a frame shows: an RGBA texture inside a framebuffer (for drawBlit and scaled copies).
// Every change of its pixels bumps the PictureVersion it was made with.
class Picture {
public:
    explicit Picture(PictureVersion& version) : m_version(&version) {}

    // w × h pixels (RGBA packed like ImU32). Texture row 0 is rgba's first row: the bottom when blitted,
    // the top in ImGui::Image with uv (0, 0). Filtered linearly when smooth, else nearest. In place
    // when the size stays.
    void upload(const std::vector<uint32_t>& rgba, int w, int h, bool smooth = true);
    // src scaled to w × h with bilinear filtering (glBlitFramebuffer).
    void scaleFrom(const Picture& src, int w, int h);
    // For a renderer that draws into the picture with GL: sizes it (withDepth: a depth buffer too) and
    // returns its framebuffer. Call drawn() when done.
    unsigned int beginDrawing(int w, int h, bool withDepth = false);
    void drawn() { m_version->bump(); }

    unsigned int texture() const { return m_target.texture(); }
    unsigned int framebuffer() const { return m_target.framebuffer(); }
    int width() const { return m_target.width(); }
    int height() const { return m_target.height(); }
    bool empty() const { return m_target.width() == 0; }
    // The whole picture as a drawBlit source.
    BlitSource& blit();

private:
    ColorTarget m_target;
    PictureVersion* m_version;
    BlitSource m_blit;
};

// The 256×1 RGBA lookup textures of every colormap.
class ColormapTextures {
public:
    ColormapTextures();
    unsigned int texture(Colormap map) const { return m_textures[map == Colormap::Cividis ? 1 : 0].id(); }

private:
    GlTexture m_textures[2];
};

} // namespace dh
