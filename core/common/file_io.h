// Whole-file reads and atomic writes: nothing a user saves is ever left half-written.
#pragma once

#include <string>
#include <vector>

namespace dh {

// Whole-file helpers. readFileBytes throws InputError naming the path and the reason.
std::vector<unsigned char> readFileBytes(const std::string& path);
// Writes atomically: a temporary file beside path, then rename. On failure nothing is left behind
// and InputError names the path and the reason.
void writeFileAtomic(const std::string& path, const void* data, size_t size);
inline void writeFileAtomic(const std::string& path, const std::string& text) {
    writeFileAtomic(path, text.data(), text.size());
}

std::string readFileText(const std::string& path);

} // namespace dh
