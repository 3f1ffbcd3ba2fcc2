// The desktop: GLFW with an OpenGL 3.3 core context loaded by glad, threads, the user's files.
#include "app/platform/platform.h"

#include "app/window.h"
#include "core/common/shutdown.h"

#include <glad/gl.h>
// glad first: it defines the GL types GLFW would otherwise pull from the system headers.
#include <GLFW/glfw3.h>
#include <imgui.h>

namespace dh::platform {

bool hasUserFiles() {
    return true;
}

void setContextHints() {
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
}

bool initContext(GLFWwindow* window) {
    glfwMakeContextCurrent(window);
    glfwSwapInterval(1);
    return gladLoadGL(glfwGetProcAddress) != 0;
}

const char* glslVersion() {
    return "#version 330 core";
}

bool windowKeepsLastFrame() {
    return false;
}

std::string lastWindowError() {
    const char* description = nullptr;
    glfwGetError(&description);
    return description ? description : "unknown GLFW error";
}

void toggleFullscreen(GLFWwindow* window, int restore[4]) {
    GLFWmonitor* monitor = glfwGetPrimaryMonitor();
    if (!monitor) return;
    if (!glfwGetWindowMonitor(window)) {
        glfwGetWindowPos(window, &restore[0], &restore[1]);
        glfwGetWindowSize(window, &restore[2], &restore[3]);
        const GLFWvidmode* mode = glfwGetVideoMode(monitor);
        if (mode) glfwSetWindowMonitor(window, monitor, 0, 0, mode->width, mode->height, mode->refreshRate);
    } else {
        glfwSetWindowMonitor(window, nullptr, restore[0], restore[1], restore[2], restore[3], 0);
    }
}

void runMainLoop(Window& window, const std::function<void()>& frame) {
    while (!window.shouldClose() && !shutdownRequested()) frame();
}

std::string deliverFile(const std::string& path) {
    return "Saved " + path;
}
std::string outboxDirectory() {
    return "";
}
void pickFiles() {}
FetchProgress fetchFiles(const std::string&, const std::string&, const std::vector<std::string>&) {
    FetchProgress done;
    done.done = true;
    return done;
}
void persistState() {}

std::string pageAddress() {
    return "";
}
std::string urlFragment() {
    return "";
}
void setUrlFragment(const std::string&) {}

bool copyToClipboard(const std::string& text) {
    ImGui::SetClipboardText(text.c_str()); // GLFW's clipboard, through ImGui's backend
    return true;
}

} // namespace dh::platform
