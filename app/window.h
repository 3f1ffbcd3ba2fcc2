// The one window: GLFW + an OpenGL 3.3 core context (glad) + Dear ImGui with its GLFW/OpenGL3
// backends and a DejaVu font that covers Greek, super/subscripts and math symbols (η β ε ∇ √).
// Construction initialises in a straight line; the destructor tears down in reverse.
#pragma once

#include <string>
#include <vector>

struct GLFWwindow;
struct ImFont;

namespace dh {

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
    void beginFrame();
    // Renders ImGui's draw data into the back buffer (does not swap).
    void renderImGui();
    void swap();
    // The back buffer as tightly packed RGB rows, top row first. Call before swap().
    std::vector<unsigned char> readPixels(int& width, int& height) const;

    void setUiScale(float scale); // takes effect at the next beginFrame()
    float uiScale() const { return m_uiScale; }
    void toggleFullscreen();
    void framebufferSize(int& width, int& height) const;
    GLFWwindow* handle() const { return m_window; }
    ImFont* monoFont() const { return m_mono; }

private:
    void buildFonts();

    GLFWwindow* m_window = nullptr;
    float m_uiScale = 1.0f;
    float m_builtScale = 0.0f;
    ImFont* m_mono = nullptr;
    bool m_fullscreen = false;
    int m_savedPos[4] = {0, 0, 0, 0};
};

} // namespace dh
