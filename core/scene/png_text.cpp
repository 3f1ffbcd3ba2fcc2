#include "core/scene/png_text.h"

#include "core/common/error.h"

#include <cstring>
#include <zlib.h>

namespace dh {
namespace {

const unsigned char kSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

uint32_t readU32(const unsigned char* p) {
    return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | uint32_t(p[3]);
}

void appendU32(std::vector<unsigned char>& out, uint32_t v) {
    for (int s = 24; s >= 0; s -= 8) out.push_back((v >> s) & 0xff);
}

bool hasSignature(const std::vector<unsigned char>& png) {
    return png.size() >= 8 && std::memcmp(png.data(), kSignature, 8) == 0;
}

} // namespace

std::vector<unsigned char> addPngText(const std::vector<unsigned char>& png, const std::string& keyword,
                                      const std::string& text) {
    if (!hasSignature(png) || png.size() < 33) throw InputError("not a PNG image (bad signature)");
    // IHDR is always first: 8 signature + 4 length + 4 type + 13 data + 4 CRC = 33 bytes.
    std::vector<unsigned char> body; // chunk type + data, the part the CRC covers
    const char* type = "iTXt";
    body.insert(body.end(), type, type + 4);
    body.insert(body.end(), keyword.begin(), keyword.end());
    body.push_back(0); // keyword terminator
    body.push_back(0); // compression flag: uncompressed
    body.push_back(0); // compression method
    body.push_back(0); // empty language tag
    body.push_back(0); // empty translated keyword
    body.insert(body.end(), text.begin(), text.end());

    std::vector<unsigned char> out(png.begin(), png.begin() + 33);
    appendU32(out, uint32_t(body.size() - 4));
    out.insert(out.end(), body.begin(), body.end());
    appendU32(out, uint32_t(crc32(0L, body.data(), uInt(body.size()))));
    out.insert(out.end(), png.begin() + 33, png.end());
    return out;
}

std::optional<std::string> findPngText(const std::vector<unsigned char>& png, const std::string& keyword) {
    if (!hasSignature(png)) throw InputError("not a PNG image (bad signature)");
    size_t pos = 8;
    while (pos + 12 <= png.size()) {
        uint32_t length = readU32(&png[pos]);
        if (length > png.size() - pos - 12)
            throw InputError("PNG chunk at byte " + std::to_string(pos) + " runs past the end of the file");
        const unsigned char* type = &png[pos + 4];
        const unsigned char* data = &png[pos + 8];
        uint32_t crc = readU32(data + length);
        if (crc != uint32_t(crc32(0L, type, uInt(length + 4))))
            throw InputError("PNG chunk at byte " + std::to_string(pos) + " has a bad CRC");
        bool isText = std::memcmp(type, "tEXt", 4) == 0;
        bool isIText = std::memcmp(type, "iTXt", 4) == 0;
        if (isText || isIText) {
            const char* begin = reinterpret_cast<const char*>(data);
            const char* end = begin + length;
            const char* nul = static_cast<const char*>(std::memchr(begin, 0, length));
            if (nul && std::string(begin, nul) == keyword) {
                const char* p = nul + 1;
                if (isIText) {
                    // compression flag, method, then language tag and translated keyword (NUL-terminated)
                    if (end - p < 2) throw InputError("PNG iTXt chunk '" + keyword + "' is truncated");
                    if (p[0] != 0) throw InputError("PNG iTXt chunk '" + keyword + "' is compressed (unsupported)");
                    p += 2;
                    for (int field = 0; field < 2; ++field) {
                        const char* z = static_cast<const char*>(std::memchr(p, 0, size_t(end - p)));
                        if (!z) throw InputError("PNG iTXt chunk '" + keyword + "' is truncated");
                        p = z + 1;
                    }
                }
                return std::string(p, end);
            }
        }
        if (std::memcmp(type, "IEND", 4) == 0) break;
        pos += 12 + size_t(length);
    }
    return std::nullopt;
}

} // namespace dh
