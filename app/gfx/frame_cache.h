// Re-rasterising an unchanged frame is wasted work, and on a software rasteriser (llvmpipe, the
// lecture-hall laptop without a driver) it is most of a frame's cost. The cache renders ImGui's draw
// data into an offscreen framebuffer and copies that to the window; when the next frame's draw data
// (vertices, indices, commands, textures, clip rectangles) and the app's picture version (bumped
// whenever a cached picture such as the heatmap is redrawn) are the same, it only copies again.
#pragma once

#include "app/gfx/gl_resources.h"

#include <cstdint>
#include <imgui.h>

namespace dh {

class FrameCache {
public:
    FrameCache() = default;
    FrameCache(const FrameCache&) = delete;
    FrameCache& operator=(const FrameCache&) = delete;

    // Draws `data` into the default framebuffer (width × height pixels), cleared with `clear`.
    // Returns true when it had to rasterise, false when the cached frame was reused. windowKeepsFrame:
    // the window still shows the frame presented last (a browser's canvas that is not drawn into keeps
    // its picture); then the window itself is the cache: a changed frame is drawn straight into it and
    // an unchanged one not at all.
    bool present(ImDrawData* data, int width, int height, uint64_t pictureVersion, const ImVec4& clear,
                 bool windowKeepsFrame = false);
    long rasterised() const { return m_rasterised; }
    long reused() const { return m_reused; }

private:
    ColorTarget m_target;
    uint64_t m_hash = 0;
    bool m_valid = false;
    int m_width = 0, m_height = 0; // of the frame in the window (windowKeepsFrame)
    long m_rasterised = 0, m_reused = 0;
};

// A 64-bit hash of everything that decides how draw data looks.
uint64_t hashDrawData(const ImDrawData* data);

} // namespace dh
