// What reaches the app from outside its widgets, polled once per frame before the frame is drawn:
//   - files dropped onto the window (in the page: onto the page, or chosen in its file picker) open as
//     scenes (.json, or a PNG Downhill saved);
//   - in the page, the address and the scene follow each other (core/scene/scene_link.h): the scene of
//     a link opens at the start and whenever the fragment changes (a link pasted into the address bar),
//     and the fragment follows the scene, checked once a second, so that the address always links to
//     what is shown (as TensorFlow Playground's does).
#pragma once

#include <chrono>
#include <string>

namespace dh {

struct AppState;
class Window;

class PlatformInput {
public:
    void poll(AppState& state, Window& window);

private:
    void openLink(AppState& state, const std::string& fragment);

    bool m_started = false, m_hasAddress = false;
    std::string m_fragment;    // the fragment last seen in, or written to, the address
    std::string m_linkMessage; // what openLink said: cleared once the scene is no longer the link's
    std::string m_linkedScene; // the link's scene, as a fragment
    std::chrono::steady_clock::time_point m_checked;
};

} // namespace dh
