// Animated GIFs with giflib: frames of the same size, each quantised to its own 256-colour palette,
// looping forever. Written to a temporary file and renamed into place when finished (AtomicOutput,
// core/common/file_io.h: directories and devices are refused, a symbolic link's target is replaced),
// so a failed recording never leaves a half-written GIF behind. The path "-" writes to standard output.
#pragma once

#include "app/capture.h"

#include <memory>
#include <string>

struct GifFileType;

namespace dh {

class AtomicOutput;

class GifWriter {
public:
    // delayCentiseconds: time each frame is shown. IoError names the path when it cannot be written.
    GifWriter(const std::string& path, int width, int height, int delayCentiseconds);
    ~GifWriter(); // abandons an unfinished file (removes the temporary)
    GifWriter(const GifWriter&) = delete;
    GifWriter& operator=(const GifWriter&) = delete;

    void addFrame(const RgbImage& frame); // must have the size given at construction
    void finish();                        // closes and renames into place
    int frames() const { return m_frames; }

private:
    void fail(const std::string& what, int code);

    std::string m_path;
    std::unique_ptr<AtomicOutput> m_out; // null when writing to standard output
    GifFileType* m_gif = nullptr;
    int m_width, m_height, m_delay, m_frames = 0;
};

} // namespace dh
