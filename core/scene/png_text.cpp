#include "core/scene/png_text.h"

#include "core/common/error.h"
#include "core/common/file_io.h"

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

bool crcMatches(const unsigned char* typeAndData, uint32_t length, uint32_t crc) {
    return crc == uint32_t(crc32(0L, typeAndData, uInt(length + 4)));
}

bool isTextChunk(const unsigned char* type) {
    return std::memcmp(type, "tEXt", 4) == 0 || std::memcmp(type, "iTXt", 4) == 0;
}

// The text of a tEXt/iTXt chunk's data when its keyword is `keyword`, else nullopt.
std::optional<std::string> textOf(const unsigned char* type, const unsigned char* data, uint32_t length,
                                  const std::string& keyword) {
    const char* begin = reinterpret_cast<const char*>(data);
    const char* end = begin + length;
    const char* nul = static_cast<const char*>(std::memchr(begin, 0, length));
    if (!nul || std::string(begin, nul) != keyword) return std::nullopt;
    const char* p = nul + 1;
    if (std::memcmp(type, "iTXt", 4) == 0) {
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

} // namespace

std::vector<unsigned char> addPngText(const std::vector<unsigned char>& png, const std::string& keyword,
                                      const std::string& text) {
    // The header chunk must come first: 8 signature + 4 length + 4 type + 13 data + 4 CRC = 33 bytes.
    if (!hasSignature(png)) throw InputError("not a PNG image (bad signature)");
    if (png.size() < 33 || readU32(&png[8]) != 13 || std::memcmp(&png[12], "IHDR", 4) != 0)
        throw InputError("not a PNG image (the first chunk is not a 13-byte IHDR)");
    if (!crcMatches(&png[12], 13, readU32(&png[29]))) throw InputError("PNG IHDR chunk has a bad CRC");
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
        if (!crcMatches(type, length, readU32(data + length)))
            throw InputError("PNG chunk at byte " + std::to_string(pos) + " has a bad CRC");
        if (isTextChunk(type))
            if (std::optional<std::string> text = textOf(type, data, length, keyword)) return text;
        if (std::memcmp(type, "IEND", 4) == 0) break;
        pos += 12 + size_t(length);
    }
    return std::nullopt;
}

std::optional<std::string> findPngText(InputFile& file, const std::string& keyword, size_t maxTextBytes) {
    unsigned char head[8];
    file.seek(0);
    if (file.read(head, 8) != 8 || std::memcmp(head, kSignature, 8) != 0)
        throw InputError("not a PNG image (bad signature)");
    const size_t size = file.size();
    size_t pos = 8;
    std::vector<unsigned char> chunk; // type, data and CRC of a text chunk
    while (pos + 12 <= size) {
        file.seek(pos);
        if (file.read(head, 8) != 8) break; // the file shrank: treat as its end
        const uint32_t length = readU32(head);
        if (length > size - pos - 12)
            throw InputError("PNG chunk at byte " + std::to_string(pos) + " runs past the end of the file");
        const unsigned char* type = head + 4;
        if (std::memcmp(type, "IEND", 4) == 0) break;
        if (isTextChunk(type)) {
            if (length > maxTextBytes)
                throw IoError(file.path() + ": a PNG text chunk at byte " + std::to_string(pos) + " is larger than " +
                              formatBytes(maxTextBytes) + ", the limit for a scene");
            chunk.assign(type, type + 4);
            chunk.resize(size_t(length) + 8);
            if (file.read(chunk.data() + 4, size_t(length) + 4) != size_t(length) + 4)
                throw InputError("PNG chunk at byte " + std::to_string(pos) + " runs past the end of the file");
            if (!crcMatches(chunk.data(), length, readU32(chunk.data() + 4 + length)))
                throw InputError("PNG chunk at byte " + std::to_string(pos) + " has a bad CRC");
            if (std::optional<std::string> text = textOf(chunk.data(), chunk.data() + 4, length, keyword)) return text;
        }
        pos += 12 + size_t(length);
    }
    return std::nullopt;
}

} // namespace dh
