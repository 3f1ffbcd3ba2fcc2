// Text chunks in PNG files: Downhill embeds the scene JSON in every screenshot (an iTXt chunk with
// the keyword "downhill-scene") so that `downhill --scene shot.png` reopens the exact state.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace dh {

// Returns png with an uncompressed iTXt chunk (keyword, UTF-8 text) inserted after IHDR.
// Throws InputError when png is not a PNG.
std::vector<unsigned char> addPngText(const std::vector<unsigned char>& png, const std::string& keyword,
                                      const std::string& text);
// The text of the first tEXt/iTXt chunk with this keyword; nullopt when absent. Throws InputError
// naming the problem when the bytes are not a well-formed PNG chunk stream (bad signature, a chunk
// running past the end, a bad CRC).
std::optional<std::string> findPngText(const std::vector<unsigned char>& png, const std::string& keyword);

} // namespace dh
