// Files compiled into the binary by cmake/embed.cmake (shaders, preset scenes).
#pragma once

namespace dh {

struct EmbeddedFile {
    const char* name;     // file name without directory, e.g. "heatmap.frag"
    const char* contents; // whole file, NUL-terminated
};

} // namespace dh
