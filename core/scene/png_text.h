// Text chunks in PNG files: Downhill embeds the scene JSON in every screenshot (an iTXt chunk with
// the keyword "downhill-scene") so that `downhill --scene shot.png` reopens the exact state.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace dh {

class InputFile;

// Returns png with an uncompressed iTXt chunk (keyword, UTF-8 text) inserted after IHDR. Throws
// InputError when png does not start with the signature and a well-formed IHDR chunk (length 13,
// correct CRC).
std::vector<unsigned char> addPngText(const std::vector<unsigned char>& png, const std::string& keyword,
                                      const std::string& text);
// The text of the first tEXt/iTXt chunk with this keyword; nullopt when absent. Throws InputError
// naming the problem when the bytes are not a well-formed PNG chunk stream (bad signature, a chunk
// running past the end, a bad CRC).
std::optional<std::string> findPngText(const std::vector<unsigned char>& png, const std::string& keyword);
// The same from an open file, reading only the text chunks (image data is skipped, so a large
// screenshot costs no memory): at most maxTextBytes a chunk (IoError naming the limit beyond). Only
// text chunks are CRC-checked.
std::optional<std::string> findPngText(InputFile& file, const std::string& keyword, size_t maxTextBytes);

} // namespace dh
