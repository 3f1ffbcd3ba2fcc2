// Helpers for the headless render tests: run the real downhill binary (the test process runs under
// xvfb-run, started by CTest) and inspect the PNG it wrote.
#pragma once

#include <string>
#include <vector>

namespace dh::test {

struct CommandResult {
    int exitCode = -1;
    std::string out; // stdout
    std::string err; // stderr
};

// Runs `downhill <args>` (args are passed to /bin/sh as written) and captures its output.
CommandResult runDownhill(const std::string& args, const std::string& envPrefix = "");

struct Image {
    int width = 0, height = 0;
    std::vector<unsigned char> rgb; // rows top to bottom
    bool empty() const { return rgb.empty(); }
    const unsigned char* at(int x, int y) const { return &rgb[(size_t(y) * width + x) * 3]; }
    double luminance(int x, int y) const; // 0..255
    // Mean luminance over a (2r+1)² box.
    double meanLuminance(int x, int y, int r) const;
    // How many pixels in the box are within tol (per channel) of the colour.
    int countColor(int x0, int y0, int x1, int y1, unsigned char r, unsigned char g, unsigned char b, int tol) const;
};

Image loadPng(const std::string& path);
std::string tempPath(const std::string& name); // a fresh path in a per-test temp directory
std::string sourcePath(const std::string& relative);

} // namespace dh::test
