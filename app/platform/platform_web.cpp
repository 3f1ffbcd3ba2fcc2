// The page: emscripten's GLFW with a WebGL 2 context, no threads, files through the browser, the page's
// address. The JavaScript half is app/platform/platform_web.js (functions named dh_web_*); the page
// itself (canvas, loading bar, storage mount, error box) is web/index.html.
#include "app/platform/platform.h"

#include "app/cli.h"
#include "app/gfx/frame_cache.h"
#include "app/window.h"
#include "core/common/error.h"

#include <GLFW/glfw3.h>
#include <cstdio>
#include <cstdlib>
#include <emscripten.h>
#include <exception>
#include <filesystem>
#include <imgui.h>

extern "C" {
// app/platform/platform_web.js
void dh_web_download(const char* path);
void dh_web_pick_files();
void dh_web_persist();
// Starts fetching url/name for each '\n'-separated name into dir (once per dir); fills in the progress.
// Returns 1 when done, 0 while fetching; *error is a malloc'd message or null.
int dh_web_fetch(const char* url, const char* dir, const char* names, double* bytes, double* total, char** error);
char* dh_web_page_address(); // malloc'd UTF-8
char* dh_web_url_fragment(); // malloc'd UTF-8
void dh_web_set_url_fragment(const char* fragment);
int dh_web_copy_to_clipboard(const char* text);
void dh_web_toggle_fullscreen();
void dh_web_fit_canvas();
void dh_web_frame_done(double milliseconds, double drawn);
void dh_web_fail(const char* message);
}

namespace dh {

// The page has no command line: it opens the GUI (its scene comes from the address or the autosave).
int runCommandLine(int, char**, bool& runGui, GuiOptions&) {
    runGui = true;
    return 0;
}

namespace platform {
namespace {

std::string takeString(char* text) {
    std::string s = text ? text : "";
    std::free(text);
    return s;
}

struct MainLoop {
    Window* window;
    std::function<void()> frame;
};

void runFrame(void* arg) {
    auto* loop = static_cast<MainLoop*>(arg);
    try {
        const double start = emscripten_get_now();
        dh_web_fit_canvas(); // the canvas follows the page's size (CSS pixels, one pixel each)
        loop->frame();
        dh_web_frame_done(emscripten_get_now() - start, double(loop->window->frameCache().rasterised()));
    } catch (const std::exception& e) {
        emscripten_cancel_main_loop();
        dh_web_fail(e.what());
    } catch (...) {
        emscripten_cancel_main_loop();
        dh_web_fail("an unknown error");
    }
}

} // namespace

bool hasUserFiles() {
    return false;
}

void setContextHints() {
    glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    glfwWindowHint(GLFW_ALPHA_BITS, 0); // an opaque canvas: the page never shows through
    glfwWindowHint(GLFW_DEPTH_BITS, 0); // the 3D view draws into its own framebuffer
    glfwWindowHint(GLFW_STENCIL_BITS, 0);
}

bool initContext(GLFWwindow* window) {
    glfwMakeContextCurrent(window); // the browser paces frames; WebGL needs no loader
    return true;
}

const char* glslVersion() {
    return "#version 300 es";
}

bool windowKeepsLastFrame() {
    return true;
}

std::string lastWindowError() {
    return "the browser could not create a WebGL 2 context";
}

void toggleFullscreen(GLFWwindow*, int*) {
    dh_web_toggle_fullscreen();
}

void runMainLoop(Window& window, const std::function<void()>& frame) {
    // Lives as long as the page: the loop never ends, and the caller's stack is never unwound.
    emscripten_set_main_loop_arg(runFrame, new MainLoop{&window, frame}, 0, 1);
}

std::string deliverFile(const std::string& path) {
    dh_web_download(path.c_str());
    return "Downloaded " + std::filesystem::path(path).filename().string();
}
std::string outboxDirectory() {
    const char* dir = "/tmp/downloads";
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    return dir;
}
void pickFiles() {
    dh_web_pick_files();
}
FetchProgress fetchFiles(const std::string& url, const std::string& dir, const std::vector<std::string>& names) {
    std::string list;
    for (const std::string& n : names) list += (list.empty() ? "" : "\n") + n;
    FetchProgress p;
    char* error = nullptr;
    p.done = dh_web_fetch(url.c_str(), dir.c_str(), list.c_str(), &p.bytes, &p.total, &error) != 0;
    p.error = takeString(error);
    return p;
}
void persistState() {
    dh_web_persist();
}

std::string pageAddress() {
    return takeString(dh_web_page_address());
}
std::string urlFragment() {
    return takeString(dh_web_url_fragment());
}
void setUrlFragment(const std::string& fragment) {
    dh_web_set_url_fragment(fragment.c_str());
}
bool copyToClipboard(const std::string& text) {
    return dh_web_copy_to_clipboard(text.c_str()) != 0;
}

} // namespace platform
} // namespace dh
