// The one window: GLFW + an OpenGL 3.3 core context (glad) + Dear ImGui with its GLFW/OpenGL3
// backends and a DejaVu font that covers Greek, super/subscripts and math symbols (η β ε ∇ √).
// Construction initialises in a straight line; the destructor tears down in reverse.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

struct GLFWwindow;
struct ImFont;

namespace dh {

class FrameCache;

struct WindowOptions {
    int width = 1600; // framebuffer size in pixels
    int height = 900;
    bool visible = true; // false for headless renders (reads back identically)
    std::string title = "Downhill";
    float uiScale = 1.0f; // font size and widget sizes; 1.5–2 for projectors
};

class Window {
public:
    // Throws std::runtime_error with a clear message when there is no display or no GL 3.3.
    explicit Window(const WindowOptions& options);
    ~Window();
    Window(const Window&) = delete;
    Window& operator=(const Window&) = delete;

    bool shouldClose() const;
    void requestClose();
    // Polls events and starts an ImGui frame; rebuilds the fonts first if the UI scale changed.
    // With a display size (pixels) the frame is laid out for that size instead of the window's, for
    // offscreen captures (see app/capture.h); events are not polled then.
    void beginFrame(float displayWidth = 0, float displayHeight = 0);
    // Renders ImGui's draw data into the back buffer (does not swap), through the frame cache
    // (app/gfx/frame_cache.h): pictureVersion must change whenever a picture drawn from a texture
    // changed without the draw data changing. Or into a framebuffer object of the given size.
    void renderImGui(uint64_t pictureVersion = 0);
    void renderImGuiTo(unsigned int framebuffer, int width, int height);
    void swap();
    // The back buffer as tightly packed RGB rows, top row first. Call before swap().
    std::vector<unsigned char> readPixels(int& width, int& height) const;

    void setUiScale(float scale); // takes effect at the next beginFrame()
    float uiScale() const { return m_uiScale; }
    void toggleFullscreen();
    // Files dropped onto the window (in the page: onto the page, or chosen in its file picker) since the
    // last call, as paths to read.
    std::vector<std::string> takeDroppedFiles();
    void addDroppedFile(const std::string& path); // GLFW's drop callback
    const FrameCache& frameCache() const { return *m_cache; }
    void setFrameCacheEnabled(bool enabled) { m_cacheEnabled = enabled; }
    void framebufferSize(int& width, int& height) const;
    GLFWwindow* handle() const { return m_window; }
    ImFont* monoFont() const { return m_mono; }

private:
    void buildFonts();

    GLFWwindow* m_window = nullptr;
    std::unique_ptr<FrameCache> m_cache;
    bool m_cacheEnabled = true;
    float m_uiScale = 1.0f;
    float m_builtScale = 0.0f;
    ImFont* m_mono = nullptr;
    int m_savedPos[4] = {0, 0, 0, 0}; // position and size before fullscreen
    std::vector<std::string> m_dropped;
};

} // namespace dh
