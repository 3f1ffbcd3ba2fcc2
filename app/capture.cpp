#include "app/capture.h"

#include "app/app_state.h"
#include "app/frame.h"
#include "app/gfx/gl_resources.h"
#include "app/window.h"
#include "core/common/error.h"
#include "core/common/file_io.h"
#include "core/scene/png_text.h"
#include "core/scene/scene_json.h"

#include <algorithm>
#include <ctime>
#include <glad/gl.h>
#include <imgui.h>
#include <stb_image_write.h>

namespace dh {
namespace {

void appendBytes(void* context, void* data, int size) {
    auto* out = static_cast<std::vector<unsigned char>*>(context);
    auto* bytes = static_cast<unsigned char*>(data);
    out->insert(out->end(), bytes, bytes + size);
}

RgbImage readFramebuffer(unsigned int fbo, int x, int y, int width, int height, int fullHeight) {
    RgbImage image;
    image.width = width;
    image.height = height;
    // RGBA: the one format WebGL 2 (OpenGL ES 3.0) always reads; the alpha byte is dropped below.
    std::vector<unsigned char> rows(size_t(width) * height * 4);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, fbo);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    // GL rows start at the bottom: the rectangle's top row y is row fullHeight − y − height from below.
    glReadPixels(x, fullHeight - y - height, width, height, GL_RGBA, GL_UNSIGNED_BYTE, rows.data());
    glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
    image.rgb.resize(size_t(width) * height * 3);
    for (int r = 0; r < height; ++r) {
        const unsigned char* src = rows.data() + size_t(height - 1 - r) * width * 4;
        unsigned char* dst = image.rgb.data() + size_t(r) * width * 3;
        for (int i = 0; i < width; ++i, src += 4, dst += 3) dst[0] = src[0], dst[1] = src[1], dst[2] = src[2];
    }
    return image;
}

// For the length of a capture frame: the UI scaled up by `factor` (the scene's scale and the window's)
// and a frame time of zero (the capture shows this moment; animations do not advance). The destructor
// puts both back, also when drawing throws, so a failed capture never leaves the UI scaled up.
class CaptureScope {
public:
    CaptureScope(AppState& state, Window& window, float factor)
        : m_state(state), m_window(window), m_uiScale(state.scene.ui.scale), m_frameSeconds(state.ui.frameSeconds) {
        state.scene.ui.scale = m_uiScale * factor;
        window.setUiScale(state.scene.ui.scale);
        state.ui.frameSeconds = 0;
    }
    ~CaptureScope() {
        m_state.scene.ui.scale = m_uiScale;
        m_window.setUiScale(m_uiScale);
        m_state.ui.frameSeconds = m_frameSeconds;
    }
    CaptureScope(const CaptureScope&) = delete;
    CaptureScope& operator=(const CaptureScope&) = delete;

private:
    AppState& m_state;
    Window& m_window;
    const float m_uiScale;
    const double m_frameSeconds;
};

} // namespace

RgbImage captureFrame(AppState& state, Window& window, const CaptureOptions& options) {
    int w = 0, h = 0;
    window.framebufferSize(w, h);
    int maxSize = 4096;
    glGetIntegerv(GL_MAX_TEXTURE_SIZE, &maxSize);
    int scale = std::clamp(options.scale, 1, 4);
    while (scale > 1 && (w * scale > maxSize || h * scale > maxSize)) scale /= 2;
    int cw = w * scale, ch = h * scale;
    ColorTarget target;
    target.resize(cw, ch);
    if (!target.complete())
        throw IoError("cannot create an offscreen framebuffer of " + std::to_string(cw) + "×" + std::to_string(ch) +
                      " pixels");

    Layout view;
    {
        CaptureScope scope(state, window, float(scale));
        window.beginFrame(float(cw), float(ch));
        drawFrame(state);
        window.renderImGuiTo(target.framebuffer(), cw, ch);
        glFinish();
        view = state.ui.layout; // the capture frame's layout, in capture pixels
    }

    if (!options.plotOnly) return readFramebuffer(target.framebuffer(), 0, 0, cw, ch, ch);
    int x = std::clamp(int(view.x), 0, cw - 1), y = std::clamp(int(view.y), 0, ch - 1);
    int vw = std::clamp(int(view.width), 1, cw - x), vh = std::clamp(int(view.height), 1, ch - y);
    return readFramebuffer(target.framebuffer(), x, y, vw, vh, ch);
}

RgbImage downscaleToWidth(const RgbImage& image, int maxWidth) {
    if (image.width <= maxWidth || maxWidth < 1) return image;
    int factor = (image.width + maxWidth - 1) / maxWidth;
    RgbImage out;
    out.width = image.width / factor;
    out.height = std::max(1, image.height / factor);
    out.rgb.resize(size_t(out.width) * out.height * 3);
    for (int y = 0; y < out.height; ++y)
        for (int x = 0; x < out.width; ++x)
            for (int c = 0; c < 3; ++c) {
                int sum = 0;
                for (int dy = 0; dy < factor; ++dy)
                    for (int dx = 0; dx < factor; ++dx)
                        sum += image.rgb[(size_t(y * factor + dy) * image.width + size_t(x * factor + dx)) * 3 + c];
                out.rgb[(size_t(y) * out.width + x) * 3 + c] = (unsigned char)(sum / (factor * factor));
            }
    return out;
}

void writePngWithScene(const std::string& path, const RgbImage& image, const Scene& scene) {
    std::vector<unsigned char> png;
    if (!stbi_write_png_to_func(appendBytes, &png, image.width, image.height, 3, image.rgb.data(), image.width * 3))
        throw IoError(path + ": cannot encode the PNG");
    png = addPngText(png, kScenePngKeyword, sceneToText(scene));
    writeOutput(path, png.data(), png.size()); // "-": standard output
}

std::string timestampedPath(const std::string& dir, const char* prefix, const char* extension) {
    std::time_t now = std::time(nullptr);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", std::localtime(&now));
    return (dir.empty() ? std::string(".") : dir) + "/" + prefix + "-" + stamp + extension;
}

} // namespace dh
