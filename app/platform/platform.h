// What differs between the desktop program and the page (the same app as WebAssembly in a browser),
// behind one small interface with two implementations: app/platform/platform_desktop.cpp (GLFW with
// OpenGL 3.3 core, the user's files, threads) and app/platform/platform_web.cpp with its JavaScript half
// app/platform/platform_web.js (WebGL 2, downloads, browser storage, the page's address). The build links
// one of them (CMakeLists.txt). Panels ask what the platform can do; they never ask which one it is.
#pragma once

#include <functional>
#include <string>
#include <vector>

struct GLFWwindow;

namespace dh {

class Window;

namespace platform {

// ---- what it can do ----

// Whether the user's files are reachable by path (the desktop: path boxes, a folder for exports, recent
// files). In the page, files come in through the file picker or drag-and-drop and go out as downloads.
bool hasUserFiles();

// ---- the window (app/window.cpp) ----

// The GLFW window hints for the GL context: OpenGL 3.3 core, or WebGL 2 (OpenGL ES 3.0).
void setContextHints();
// Makes the window's context current, asks for vsync and loads the GL functions; false when they
// cannot be loaded.
bool initContext(GLFWwindow* window);
// The GLSL version line for ImGui's OpenGL 3 backend ("#version 330 core" or "#version 300 es").
const char* glslVersion();
// Whether the window goes on showing the last frame presented when a frame draws nothing into it (the
// page's canvas does; a desktop window's back buffer is undefined after a swap). Unchanged frames are
// then not copied again (app/gfx/frame_cache.h), which leaves the CPU to training.
bool windowKeepsLastFrame();
// The last GLFW error, for messages ("" where GLFW cannot say).
std::string lastWindowError();
// Fullscreen on ⇄ off. `restore` keeps the window's position and size (x, y, w, h) to go back to.
void toggleFullscreen(GLFWwindow* window, int restore[4]);

// Calls frame() until the window closes or a signal asks the program to end (desktop;
// core/common/shutdown.h). The page hands frame() to the browser, which calls it
// once per display refresh; then this never returns, and the caller's locals stay alive (the stack is
// not unwound). In the page, an exception escaping frame() stops the loop and is shown on the page.
void runMainLoop(Window& window, const std::function<void()>& frame);

// ---- files ----

// Hands a file the app has just written (a screenshot, a scene, a CSV, a GIF) to the user and returns
// what to tell them: the desktop leaves it where it is ("Saved PATH"); the page offers it as a download
// named like the file and removes it from its in-memory file system ("Downloaded NAME").
std::string deliverFile(const std::string& path);
// A directory for files on their way to deliverFile (the page's in-memory file system), or "" where
// the user chooses (desktop).
std::string outboxDirectory();
// Opens the browser's file picker for scenes and Downhill PNGs (the page); the chosen files arrive like
// dropped ones (Window::takeDroppedFiles). Does nothing on the desktop (its File tab has a path box).
void pickFiles();
// Files the page must fetch from beside it before the app can read them (Fashion-MNIST: the build
// copies Debian's files to data/fashion-mnist/ next to index.html). The first call starts fetching each
// of `names` from `url` (relative to the page) into `dir` of the page's in-memory file system, e.g. the
// desktop's path, so that the same code reads them; later calls report how far it got. The desktop reads
// `dir` itself: its fetch is done at once.
struct FetchProgress {
    double bytes = 0, total = 0; // total is 0 until the server has said every file's size
    bool done = false;           // every file is in `dir` (or error says why not)
    std::string error;           // e.g. "data/fashion-mnist/t10k-labels-idx1-ubyte.gz: HTTP 404"; it stays
                                 // for the visit (reloading the page tries again)
};
FetchProgress fetchFiles(const std::string& url, const std::string& dir, const std::vector<std::string>& names);
// Makes what the app wrote into stateDirectory() (the autosave, core/scene/session_store.h) survive
// the session: the page copies it into the browser's IndexedDB; the desktop's files already do.
void persistState();

// ---- the page's address ----

// The page's address without its fragment, e.g. "https://example.org/downhill/" ("" on the desktop).
std::string pageAddress();
// The part of the address after '#', without the '#' ("" when none, and on the desktop).
std::string urlFragment();
// Shows `fragment` after the '#' of the address without reloading and without a history entry.
void setUrlFragment(const std::string& fragment);
// Puts text on the system clipboard; false when the platform refused (the page then says so).
bool copyToClipboard(const std::string& text);

} // namespace platform
} // namespace dh
