// `downhill render`: draws a scene in a real (hidden) window for N frames, reads the last frame back
// and writes it as a PNG with the scene embedded; optionally frame-time statistics as JSON.
#pragma once

#include <string>

namespace dh {

struct RenderOptions {
    std::string scenePath; // .json or a PNG Downhill saved; empty = the default scene
    std::string outPath;   // the PNG to write (atomically), "-" = stdout; may be empty when gifPath is not
    int width = 1600;      // window size in pixels
    int height = 900;
    int frames = 5;         // frames drawn before the readback (≥ 2: auto-sized windows need one)
    bool stats = false;     // print frame_ms_median, frame_ms_p95, baseline_frame_ms_median as JSON
    int scale = 1;          // 2 or 4: the last frame drawn again offscreen at that resolution
    bool plotOnly = false;  // crop the PNG to the main view
    std::string gifPath;    // also record the timeline as an animated GIF over `frames` frames ("-" = stdout)
    bool frameCache = true; // false: rasterise every frame, even unchanged ones (to measure the worst case)
};

inline constexpr int kMaxRenderFrames = 10000;         // --frames (about 3 minutes of frames on llvmpipe)
inline constexpr int kMaxGifFrames = 1000;             // --frames with --gif
inline constexpr long kMaxRenderPixels = 8192L * 8192; // width × height × scale²

// The request itself, before anything is loaded: an output named (--out, --gif or both), standard
// output ("-") used once and not with --stats, the caps above. InputError naming the flag.
void checkRenderRequest(const RenderOptions& options);
// Returns the process exit code of core/common/error.h with a message on stderr: 0; 1 when a file,
// the display or an output cannot be used (the scene file, a network scene's CSV or Fashion-MNIST,
// --out, --gif); 2 when the scene is invalid or asks for more work than the caps allow (core/nn/limits.h).
int runRender(const RenderOptions& options);

} // namespace dh
