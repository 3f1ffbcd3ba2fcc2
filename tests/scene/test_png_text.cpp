#include "core/common/error.h"
#include "core/common/file_io.h"
#include "core/scene/png_text.h"

#include <gtest/gtest.h>
#include <zlib.h>

using namespace dh;

namespace {

void appendU32(std::vector<unsigned char>& v, uint32_t x) {
    for (int s = 24; s >= 0; s -= 8) v.push_back((x >> s) & 0xff);
}

void appendChunk(std::vector<unsigned char>& png, const char* type, const std::vector<unsigned char>& data) {
    appendU32(png, uint32_t(data.size()));
    std::vector<unsigned char> body(type, type + 4);
    body.insert(body.end(), data.begin(), data.end());
    png.insert(png.end(), body.begin(), body.end());
    appendU32(png, uint32_t(crc32(0, body.data(), uInt(body.size()))));
}

// A minimal chunk stream: signature, IHDR (1×1 RGB), IEND. Enough for the chunk walker.
std::vector<unsigned char> tinyPng() {
    std::vector<unsigned char> png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    std::vector<unsigned char> ihdr;
    appendU32(ihdr, 1);
    appendU32(ihdr, 1);
    ihdr.insert(ihdr.end(), {8, 2, 0, 0, 0});
    appendChunk(png, "IHDR", ihdr);
    appendChunk(png, "IEND", {});
    return png;
}

} // namespace

TEST(PngText, RoundTripKeepsUtf8AndJson) {
    std::string text = "{\"caption\": \"η = 0.1, β = 0.9, ∇f\"}";
    std::vector<unsigned char> png = addPngText(tinyPng(), "downhill-scene", text);
    EXPECT_EQ(findPngText(png, "downhill-scene"), text);
    EXPECT_EQ(findPngText(png, "other"), std::nullopt);
    EXPECT_EQ(findPngText(tinyPng(), "downhill-scene"), std::nullopt);
}

TEST(PngText, ReadsPlainTextChunksToo) {
    std::vector<unsigned char> png = tinyPng();
    std::vector<unsigned char> data = {'k', 0, 'v', 'a', 'l'};
    std::vector<unsigned char> withText(png.begin(), png.begin() + 33);
    appendChunk(withText, "tEXt", data);
    withText.insert(withText.end(), png.begin() + 33, png.end());
    EXPECT_EQ(findPngText(withText, "k"), "val");
}

TEST(PngText, CorruptInputIsAnErrorNotACrash) {
    std::vector<unsigned char> png = addPngText(tinyPng(), "downhill-scene", "{}");
    EXPECT_THROW(findPngText({'n', 'o', 't'}, "x"), InputError);
    std::vector<unsigned char> badCrc = png;
    badCrc[40] ^= 0xff; // inside the iTXt chunk
    EXPECT_THROW(findPngText(badCrc, "downhill-scene"), InputError);
    for (size_t cut = 9; cut < png.size(); cut += 3) {
        std::vector<unsigned char> truncated(png.begin(), png.begin() + cut);
        try {
            findPngText(truncated, "downhill-scene"); // may find the text or not; must not crash
        } catch (const InputError&) {
        }
    }
    std::vector<unsigned char> hugeLength = tinyPng();
    hugeLength[8] = 0x7f; // IHDR length ≈ 2 GB
    EXPECT_THROW(findPngText(hugeLength, "x"), InputError);
}

TEST(FileIo, AtomicWriteReplacesAndReadBack) {
    std::string path = ::testing::TempDir() + "/atomic.txt";
    writeFileAtomic(path, std::string("first"));
    writeFileAtomic(path, std::string("second"));
    EXPECT_EQ(readFileText(path), "second");
    EXPECT_THROW(writeFileAtomic("/no/such/dir/file.txt", std::string("x")), IoError);
    try {
        readFileText("/no/such/file.json");
        FAIL();
    } catch (const IoError& e) {
        EXPECT_NE(std::string(e.what()).find("/no/such/file.json"), std::string::npos);
    }
}

// Issue 10, item 8: addPngText checks that the header chunk comes first instead of assuming it.
TEST(PngText, AddingNeedsAWellFormedHeaderFirst) {
    std::vector<unsigned char> png = tinyPng();
    EXPECT_NO_THROW(addPngText(png, "k", "v"));
    std::vector<unsigned char> textFirst(png.begin(), png.begin() + 8);
    appendChunk(textFirst, "tEXt", {'k', 0, 'v'});
    textFirst.insert(textFirst.end(), png.begin() + 8, png.end());
    EXPECT_THROW(addPngText(textFirst, "k", "v"), InputError);
    std::vector<unsigned char> badCrc = png;
    badCrc[30] ^= 1; // IHDR's CRC
    EXPECT_THROW(addPngText(badCrc, "k", "v"), InputError);
    std::vector<unsigned char> shortHeader = png;
    shortHeader[11] = 12; // IHDR length 12
    EXPECT_THROW(addPngText(shortHeader, "k", "v"), InputError);
}
