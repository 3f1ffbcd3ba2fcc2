// libFuzzer target: PNG text chunks. Reading any bytes finds a text, nothing, or an InputError; adding
// a text to bytes that pass as a PNG yields a PNG in which that text is found again.
#include "core/common/error.h"
#include "core/scene/png_text.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::vector<unsigned char> png(data, data + size);
    try {
        dh::findPngText(png, "downhill-scene");
    } catch (const dh::InputError&) {
    }
    std::vector<unsigned char> with;
    const std::string text = "{\"version\": 1}";
    try {
        with = dh::addPngText(png, "downhill-scene", text);
    } catch (const dh::InputError&) {
        return 0;
    }
    // The new chunk follows the (validated) header, so it is found before any later corrupt chunk.
    std::optional<std::string> found;
    try {
        found = dh::findPngText(with, "downhill-scene");
    } catch (const dh::InputError& e) {
        std::fprintf(stderr, "a PNG made by addPngText does not read: %s\n", e.what());
        std::abort();
    }
    if (found != text) {
        std::fprintf(stderr, "addPngText's text is not found again\n");
        std::abort();
    }
    return 0;
}
