// Captures: the current frame drawn again offscreen, into a framebuffer object, at 1×, 2× or 4× the
// window's resolution (the UI scale is multiplied too, so the picture is the same, only sharper), of
// the whole window or only the main view. Screenshots and GIF frames are made this way, and saved
// with the scene embedded so that the picture reopens itself.
#pragma once

#include <string>
#include <vector>

namespace dh {

struct AppState;
class Window;
struct Scene;

struct RgbImage {
    int width = 0, height = 0;
    std::vector<unsigned char> rgb; // tightly packed rows, top row first
};

struct CaptureOptions {
    int scale = 1;         // 1, 2 or 4 (clamped to what the GL implementation allows)
    bool plotOnly = false; // crop to the main view (surface, 3D, curve or network picture)
};

// Draws one extra frame of the app offscreen and returns it. Call between frames (after swap).
RgbImage captureFrame(AppState& state, Window& window, const CaptureOptions& options);
// Box-filters an image down so that it is at most maxWidth wide (unchanged when it already is).
RgbImage downscaleToWidth(const RgbImage& image, int maxWidth);
// Encodes a PNG with the scene in an iTXt chunk and writes it atomically. InputError names the path.
void writePngWithScene(const std::string& path, const RgbImage& image, const Scene& scene);
// "downhill-20261126-142501.png" in dir (local time).
std::string timestampedPath(const std::string& dir, const char* prefix, const char* extension);

} // namespace dh
