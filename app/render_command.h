// `downhill render`: draws a scene in a real (hidden) window for N frames, reads the last frame back
// and writes it as a PNG with the scene embedded; optionally frame-time statistics as JSON.
#pragma once

#include <string>

namespace dh {

struct RenderOptions {
    std::string scenePath; // .json or a PNG Downhill saved; empty = the default scene
    std::string outPath;   // the PNG to write (atomically); may be empty when gifPath is not
    int width = 1600;      // window size in pixels
    int height = 900;
    int frames = 5;         // frames drawn before the readback (≥ 2: auto-sized windows need one)
    bool stats = false;     // print frame_ms_median, frame_ms_p95, baseline_frame_ms_median as JSON
    int scale = 1;          // 2 or 4: the last frame drawn again offscreen at that resolution
    bool plotOnly = false;  // crop the PNG to the main view
    std::string gifPath;    // also record the timeline as an animated GIF over `frames` frames
    bool frameCache = true; // false: rasterise every frame, even unchanged ones (to measure the worst case)
};

// Returns the process exit code: 0, or 1 with a message on stderr.
int runRender(const RenderOptions& options);

} // namespace dh
