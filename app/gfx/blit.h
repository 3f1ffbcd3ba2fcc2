// Drawing a cached picture (the heatmap, the 3D mesh) opaquely, in draw order, from inside an ImGui
// draw list. ImGui::Image would draw it as a blended textured quad; on a software rasteriser
// (llvmpipe) blending a view-sized quad costs more than the rest of the frame, so instead a draw
// callback copies the picture's framebuffer into the target with glBlitFramebuffer (no blending).
#pragma once

#include <imgui.h>

namespace dh {

struct BlitSource {
    unsigned int framebuffer = 0; // holds the picture as its colour attachment 0
    int width = 0, height = 0;    // picture size in pixels
    ImVec2 min, max;              // where it goes, in ImGui coordinates (set by drawBlit)
};

// Queues the copy of source into [min, max) of the current window's draw list. `source` must live
// until the frame is rendered (keep it in the renderer that owns the framebuffer). Also reserves the
// rectangle as an ImGui item (like ImGui::Image), so IsItemHovered() works after it.
void drawBlit(BlitSource& source, ImVec2 min, ImVec2 max);

} // namespace dh
