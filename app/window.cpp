#include "app/window.h"

#include "app/gfx/frame_cache.h"
#include "app/platform/platform.h"

#include <glad/gl.h>
// glad first: it defines the GL types GLFW would otherwise pull from the system headers.
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <cfloat>
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
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    ImGui_ImplGlfw_InitForOpenGL(m_window, true);
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
    if (!offscreen) glfwPollEvents();
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
