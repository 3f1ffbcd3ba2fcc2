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

// A key press (or auto-repeat) as GLFW reported it, in order: a tap of any length is one press,
// however short (a press and release between two frames is not lost, as polled key state would lose it).
struct KeyPress {
    int key = 0;  // GLFW_KEY_*
    int mods = 0; // GLFW_MOD_* bits
    bool repeat = false;
};

// The keys that are commands (app/shortcuts.h). They never reach ImGui's widgets unless a text field is
// being edited, so a key never moves or activates a focused widget.
bool isCommandKey(int glfwKey);

struct WindowOptions {
    int width = 1600; // framebuffer size in pixels
    int height = 900;
    bool visible = true; // false for headless renders (reads back identically)
    std::string title = "Downhill";
    float uiScale = 1.0f; // font size and widget sizes; 1.5–2 for projectors
};

// A UI scale that reads well on the primary monitor: its content scale (DPI) times its height over
// 1080 pixels (a 2560×1440 projector starts at 1.35), clamped to [1, 2.5], in steps of 0.05. Needs
// glfwInit(); 1 when there is no monitor.
float monitorUiScale();

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
    // The command-key presses since the last call (see isCommandKey), oldest first.
    std::vector<KeyPress> takeKeyPresses();
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
    static void keyCallback(GLFWwindow* window, int key, int scancode, int action, int mods);

    GLFWwindow* m_window = nullptr;
    std::unique_ptr<FrameCache> m_cache;
    bool m_cacheEnabled = true;
    float m_uiScale = 1.0f;
    float m_builtScale = 0.0f;
    ImFont* m_mono = nullptr;
    int m_savedPos[4] = {0, 0, 0, 0}; // position and size before fullscreen
    std::vector<KeyPress> m_keys;
    struct LateRelease {
        int key, scancode, mods;
    };
    std::vector<int> m_pressedSincePoll;     // keys ImGui saw pressed in this poll
    std::vector<LateRelease> m_lateReleases; // given to ImGui before the next poll
    std::vector<std::string> m_dropped;
};

} // namespace dh
