#include "app/gif_writer.h"

#include "core/common/error.h"
#include "core/common/file_io.h"

#include <cerrno>
#include <cstring>
#include <gif_lib.h>
#include <unistd.h>
#include <vector>

namespace dh {

GifWriter::GifWriter(const std::string& path, int width, int height, int delayCentiseconds)
    : m_path(path), m_width(width), m_height(height), m_delay(delayCentiseconds) {
    int error = 0;
    // giflib closes the descriptor it is given: give it a duplicate, keep ours for fsync and rename.
    if (path != "-") m_out = std::make_unique<AtomicOutput>(path);
    const int fd = ::dup(m_out ? m_out->descriptor() : STDOUT_FILENO);
    if (fd < 0) throw IoError(path + ": cannot write (" + std::strerror(errno) + ")");
    m_gif = EGifOpenFileHandle(fd, &error);
    if (!m_gif) {
        ::close(fd);
        throw IoError(path + ": cannot write (" + GifErrorString(error) + ")");
    }
    EGifSetGifVersion(m_gif, true);
    if (EGifPutScreenDesc(m_gif, width, height, 8, 0, nullptr) == GIF_ERROR) fail("screen descriptor", m_gif->Error);
    // NETSCAPE2.0 application extension: loop forever.
    const unsigned char app[] = {'N', 'E', 'T', 'S', 'C', 'A', 'P', 'E', '2', '.', '0'};
    const unsigned char loop[] = {1, 0, 0};
    if (EGifPutExtensionLeader(m_gif, APPLICATION_EXT_FUNC_CODE) == GIF_ERROR ||
        EGifPutExtensionBlock(m_gif, sizeof app, app) == GIF_ERROR ||
        EGifPutExtensionBlock(m_gif, sizeof loop, loop) == GIF_ERROR || EGifPutExtensionTrailer(m_gif) == GIF_ERROR)
        fail("loop extension", m_gif->Error);
}

GifWriter::~GifWriter() { // an unfinished GIF: m_out removes its temporary file
    if (m_gif) {
        int error = 0;
        EGifCloseFile(m_gif, &error);
    }
}

void GifWriter::fail(const std::string& what, int code) {
    int error = 0;
    if (m_gif) EGifCloseFile(m_gif, &error);
    m_gif = nullptr;
    m_out.reset();
    throw IoError(m_path + ": GIF " + what + " failed (" + GifErrorString(code) + ")");
}

void GifWriter::addFrame(const RgbImage& frame) {
    if (!m_gif) throw IoError(m_path + ": GIF already finished");
    if (frame.width != m_width || frame.height != m_height)
        throw InputError(m_path + ": GIF frames must all be " + std::to_string(m_width) + "×" +
                         std::to_string(m_height));
    size_t n = size_t(m_width) * m_height;
    std::vector<GifByteType> r(n), g(n), b(n), indices(n);
    for (size_t i = 0; i < n; ++i) {
        r[i] = frame.rgb[3 * i];
        g[i] = frame.rgb[3 * i + 1];
        b[i] = frame.rgb[3 * i + 2];
    }
    int colors = 256;
    GifColorType palette[256];
    if (GifQuantizeBuffer(unsigned(m_width), unsigned(m_height), &colors, r.data(), g.data(), b.data(), indices.data(),
                          palette) == GIF_ERROR)
        fail("colour quantisation", E_GIF_ERR_NOT_ENOUGH_MEM);
    ColorMapObject* map = GifMakeMapObject(256, palette);
    // Graphic control extension: delay, no transparency, dispose "do not dispose".
    unsigned char gce[4] = {0, (unsigned char)(m_delay & 0xff), (unsigned char)(m_delay >> 8), 0};
    bool ok = EGifPutExtension(m_gif, GRAPHICS_EXT_FUNC_CODE, 4, gce) != GIF_ERROR &&
              EGifPutImageDesc(m_gif, 0, 0, m_width, m_height, false, map) != GIF_ERROR;
    for (int y = 0; ok && y < m_height; ++y)
        ok = EGifPutLine(m_gif, indices.data() + size_t(y) * m_width, m_width) != GIF_ERROR;
    GifFreeMapObject(map);
    if (!ok) fail("frame", m_gif->Error);
    ++m_frames;
}

void GifWriter::finish() {
    if (!m_gif) return;
    int error = 0;
    int result = EGifCloseFile(m_gif, &error);
    m_gif = nullptr;
    if (result == GIF_ERROR) {
        m_out.reset();
        throw IoError(m_path + ": GIF close failed (" + GifErrorString(error) + ")");
    }
    if (m_out) m_out->commit();
}

} // namespace dh
