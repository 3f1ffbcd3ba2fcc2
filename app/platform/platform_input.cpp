#include "app/platform/platform_input.h"

#include "app/app_state.h"
#include "app/platform/platform.h"
#include "app/window.h"
#include "core/common/error.h"
#include "core/scene/scene_link.h"

namespace dh {
namespace {

// The scene the address links to: as it would be saved (with the network lab's shown step), except while
// the lab is still getting to an opened scene's step (the address then keeps that scene's, e.g. #preset=9).
Scene linkedScene(const AppState& state) {
    const NetworkLab* lab = state.derived.network.get();
    if (state.scene.mode == LabMode::Network && lab && (lab->target() > 0 || !lab->hasNetwork())) return state.scene;
    return sceneToSave(state);
}

} // namespace

void PlatformInput::poll(AppState& state, Window& window) {
    for (const std::string& path : window.takeDroppedFiles()) openSceneFile(state, path);
    if (!m_started) {
        m_started = true;
        m_hasAddress = !platform::pageAddress().empty();
        m_checked = std::chrono::steady_clock::now();
    }
    if (!m_hasAddress) return;
    std::string fragment = platform::urlFragment();
    if (fragment != m_fragment) { // the start, or the user changed the address
        m_fragment = fragment;
        openLink(state, fragment);
        return;
    }
    const auto now = std::chrono::steady_clock::now();
    if (now - m_checked < std::chrono::seconds(1)) return;
    m_checked = now;
    fragment = sceneLinkFragment(linkedScene(state), state.ui.presets);
    if (fragment != m_fragment) {
        m_fragment = fragment;
        platform::setUrlFragment(fragment);
    }
    if (fragment != m_linkedScene && state.ui.statusMessage == m_linkMessage) state.ui.statusMessage.clear(); // stale
}

void PlatformInput::openLink(AppState& state, const std::string& fragment) {
    std::vector<std::string> warnings;
    try {
        LinkedScene linked = sceneFromLinkFragment(fragment, state.ui.presets, &warnings);
        if (!linked.found) return;
        setScene(state, std::move(linked.scene));
        state.ui.statusMessage =
            linked.preset >= 0 ? "Opened preset " + state.ui.presets[size_t(linked.preset)].file + " from the link"
                               : "Opened the scene in the link";
    } catch (const std::exception& e) { // a bad link (InputError), or out of memory: the scene stays
        state.ui.statusMessage = "The link does not open: " + messageFor(e);
    }
    for (const std::string& w : warnings) state.ui.statusMessage += "\nwarning: " + w;
    m_linkMessage = state.ui.statusMessage;
    m_linkedScene = sceneLinkFragment(state.scene, state.ui.presets);
}

} // namespace dh
