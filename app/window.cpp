#include "app/window.h"

#include "app/gfx/frame_cache.h"
#include "app/platform/platform.h"

#include <glad/gl.h>
// glad first: it defines the GL types GLFW would otherwise pull from the system headers.
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

namespace dh {
namespace {

const char* kFontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
const char* kMonoFontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf";

// Must outlive the font atlas build: Latin + Latin-1, Greek, general punctuation (– — ‖ …),
// phonetic extensions (the subscript ᵢ), super/subscripts (x² is Latin-1; ⁴ ₁ here), arrows, math operators (∇ √ ∑ ≤
// ≈), box drawing.
const ImWchar kGlyphRanges[] = {
    0x0020, 0x00FF, 0x0370, 0x03FF, 0x1D00, 0x1DBF, 0x2000, 0x206F, 0x2070,
    0x209F, 0x2190, 0x21FF, 0x2200, 0x22FF, 0x25A0, 0x25FF, 0,
};

void onDrop(GLFWwindow* handle, int count, const char** paths) {
    auto* window = static_cast<Window*>(glfwGetWindowUserPointer(handle));
    for (int i = 0; i < count; ++i) window->addDroppedFile(paths[i]);
}

} // namespace

bool isCommandKey(int key) {
    switch (key) {
    case GLFW_KEY_SPACE:
    case GLFW_KEY_LEFT:
    case GLFW_KEY_RIGHT:
    case GLFW_KEY_UP:
    case GLFW_KEY_DOWN:
    case GLFW_KEY_PAGE_UP:
    case GLFW_KEY_PAGE_DOWN:
    case GLFW_KEY_R:
    case GLFW_KEY_S:
    case GLFW_KEY_F:
    case GLFW_KEY_H:
    case GLFW_KEY_P:
    case GLFW_KEY_B:
    case GLFW_KEY_PERIOD:
    case GLFW_KEY_SLASH:
    case GLFW_KEY_ESCAPE:
    case GLFW_KEY_ENTER:
    case GLFW_KEY_KP_ENTER:
    case GLFW_KEY_TAB:
        return true;
    default:
        return (key >= GLFW_KEY_0 && key <= GLFW_KEY_9) || (key >= GLFW_KEY_KP_0 && key <= GLFW_KEY_KP_9);
    }
}

float monitorUiScale() {
    GLFWmonitor* monitor = glfwGetPrimaryMonitor();
    const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr;
    if (!mode) return 1.0f;
    float xs = 1, ys = 1;
#if GLFW_VERSION_MAJOR > 3 || (GLFW_VERSION_MAJOR == 3 && GLFW_VERSION_MINOR >= 3)
    glfwGetMonitorContentScale(monitor, &xs, &ys); // GLFW 3.3 (the page's GLFW 3.2 has none: size only)
#endif
    float scale = std::max(xs, 1.0f) * std::max(1.0f, mode->height / 1080.0f);
    return std::clamp(std::round(scale * 20) / 20, 1.0f, 2.5f);
}

// Command keys go to the queue, not to ImGui, unless a text field is being edited (then they type).
// Releases always reach ImGui, so no key stays down in its state.
void Window::keyCallback(GLFWwindow* handle, int key, int scancode, int action, int mods) {
    auto* self = static_cast<Window*>(glfwGetWindowUserPointer(handle));
    bool editing = ImGui::GetCurrentContext() && ImGui::GetIO().WantTextInput;
    if (action == GLFW_RELEASE || editing || !isCommandKey(key)) {
        // ImGui polls key state once a frame: a key pressed and released between two frames would never
        // be down for it (Enter in a text field lost). Such a release waits for the next frame.
        auto& pressed = self->m_pressedSincePoll;
        if (action == GLFW_PRESS) pressed.push_back(key);
        if (action == GLFW_RELEASE && std::find(pressed.begin(), pressed.end(), key) != pressed.end())
            self->m_lateReleases.push_back({key, scancode, mods});
        else
            ImGui_ImplGlfw_KeyCallback(handle, key, scancode, action, mods);
        return;
    }
    self->m_keys.push_back(KeyPress{key, mods, action == GLFW_REPEAT});
}

Window::Window(const WindowOptions& options) : m_uiScale(options.uiScale) {
    if (!glfwInit()) {
        const char* display = std::getenv("DISPLAY");
        std::string msg = "cannot open a window: " + platform::lastWindowError();
        if (!display || !*display)
            msg += "\nThere is no display (DISPLAY is not set). On a headless machine run under Xvfb, e.g.\n"
                   "  xvfb-run -a -s '-screen 0 1920x1080x24' downhill ...";
        throw std::runtime_error(msg);
    }
    platform::setContextHints();
    glfwWindowHint(GLFW_VISIBLE, options.visible ? GLFW_TRUE : GLFW_FALSE);
    glfwWindowHint(GLFW_SAMPLES, 0);
    m_window = glfwCreateWindow(options.width, options.height, options.title.c_str(), nullptr, nullptr);
    if (!m_window) {
        glfwTerminate();
        throw std::runtime_error("cannot create an OpenGL 3.3 core window: " + platform::lastWindowError());
    }
    if (!platform::initContext(m_window)) {
        glfwDestroyWindow(m_window);
        glfwTerminate();
        throw std::runtime_error("cannot load OpenGL 3.3 core functions");
    }
    glfwSetWindowUserPointer(m_window, this);
    glfwSetDropCallback(m_window, onDrop);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr; // layouts are computed, never restored: same scene, same picture
    // No keyboard navigation: keys are commands (app/shortcuts.h) and never move or activate a widget.
    io.ConfigFlags &= ~ImGuiConfigFlags_NavEnableKeyboard;
    ImGui_ImplGlfw_InitForOpenGL(m_window, true);
    glfwSetKeyCallback(m_window, keyCallback); // in front of ImGui's, which it calls for the other keys
    ImGui_ImplOpenGL3_Init(platform::glslVersion());
    buildFonts();
    m_cache = std::make_unique<FrameCache>();
}

Window::~Window() {
    m_cache.reset(); // GL objects go before the context
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(m_window);
    glfwTerminate();
}

void Window::buildFonts() {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    float size = 17.0f * m_uiScale;
    ImFontConfig config;
    config.OversampleH = 2;
    ImFont* font = io.Fonts->AddFontFromFileTTF(kFontPath, size, &config, kGlyphRanges);
    if (!font) {
        std::fprintf(stderr, "downhill: %s not found (install fonts-dejavu-core); Greek letters will not show\n",
                     kFontPath);
        io.Fonts->AddFontDefault();
    }
    m_mono = io.Fonts->AddFontFromFileTTF(kMonoFontPath, size, &config, kGlyphRanges);
    if (!m_mono) m_mono = io.Fonts->Fonts[0];
    io.Fonts->Build();
    ImGuiStyle fresh;
    ImGuiStyle& style = ImGui::GetStyle();
    fresh.FrameBorderSize = style.FrameBorderSize; // the theme's (app/gfx/theme.h)
    ImVec4 colors[ImGuiCol_COUNT];
    for (int i = 0; i < ImGuiCol_COUNT; ++i) colors[i] = style.Colors[i];
    style = fresh;
    for (int i = 0; i < ImGuiCol_COUNT; ++i) style.Colors[i] = colors[i];
    style.ScaleAllSizes(m_uiScale);
    style.WindowRounding = 0;
    m_builtScale = m_uiScale;
}

bool Window::shouldClose() const {
    return glfwWindowShouldClose(m_window);
}
void Window::requestClose() {
    glfwSetWindowShouldClose(m_window, GLFW_TRUE);
}

void Window::beginFrame(float displayWidth, float displayHeight) {
    bool offscreen = displayWidth > 0 && displayHeight > 0;
    if (!offscreen) {
        for (const LateRelease& r : m_lateReleases)
            ImGui_ImplGlfw_KeyCallback(m_window, r.key, r.scancode, GLFW_RELEASE, r.mods);
        m_lateReleases.clear();
        m_pressedSincePoll.clear();
        glfwPollEvents();
    }
    if (m_builtScale != m_uiScale) {
        ImGui_ImplOpenGL3_DestroyFontsTexture();
        buildFonts();
        ImGui_ImplOpenGL3_CreateFontsTexture();
    }
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    if (offscreen) {
        ImGuiIO& io = ImGui::GetIO();
        io.DisplaySize = ImVec2(displayWidth, displayHeight);
        io.DisplayFramebufferScale = ImVec2(1, 1);
        io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX); // no hover readouts in a capture
    }
    ImGui::NewFrame();
}

void Window::renderImGui(uint64_t pictureVersion) {
    int w, h;
    framebufferSize(w, h);
    if (!m_cacheEnabled) {
        renderImGuiTo(0, w, h);
        return;
    }
    ImGui::Render();
    m_cache->present(ImGui::GetDrawData(), w, h, pictureVersion, ImGui::GetStyle().Colors[ImGuiCol_WindowBg],
                     platform::windowKeepsLastFrame());
}

void Window::renderImGuiTo(unsigned int framebuffer, int w, int h) {
    ImGui::Render();
    glBindFramebuffer(GL_FRAMEBUFFER, framebuffer);
    glViewport(0, 0, w, h);
    ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    glClearColor(bg.x, bg.y, bg.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

void Window::swap() {
    glfwSwapBuffers(m_window);
}

std::vector<KeyPress> Window::takeKeyPresses() {
    std::vector<KeyPress> keys;
    keys.swap(m_keys);
    return keys;
}

std::vector<unsigned char> Window::readPixels(int& width, int& height) const {
    framebufferSize(width, height);
    std::vector<unsigned char> rows(size_t(width) * height * 3);
    glFinish();
    glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
    glReadBuffer(GL_BACK);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, rows.data());
    // GL's first row is the bottom one.
    std::vector<unsigned char> flipped(rows.size());
    size_t stride = size_t(width) * 3;
    for (int y = 0; y < height; ++y)
        std::copy(rows.begin() + (height - 1 - y) * stride, rows.begin() + (height - y) * stride,
                  flipped.begin() + y * stride);
    return flipped;
}

void Window::setUiScale(float scale) {
    m_uiScale = scale;
}

void Window::toggleFullscreen() {
    platform::toggleFullscreen(m_window, m_savedPos);
}

std::vector<std::string> Window::takeDroppedFiles() {
    std::vector<std::string> files;
    files.swap(m_dropped);
    return files;
}

void Window::addDroppedFile(const std::string& path) {
    m_dropped.push_back(path);
}

void Window::framebufferSize(int& width, int& height) const {
    glfwGetFramebufferSize(m_window, &width, &height);
}

} // namespace dh
