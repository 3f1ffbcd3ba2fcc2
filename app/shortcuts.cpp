#include "app/shortcuts.h"

#include "app/app_state.h"
#include "app/gfx/gpu.h"
#include "app/window.h"

#include <GLFW/glfw3.h>
#include <algorithm>

namespace dh {
namespace {

void playPause(AppState& state) {
    if (state.scene.mode == LabMode::Network) {
        NetworkLab& lab = networkLab(state);
        const NetworkLab::Snapshot* snap = lab.snapshot();
        if (snap && snap->running)
            lab.pause();
        else
            lab.play();
        return;
    }
    Playground& p = state.scene.playground;
    int last = std::max(0, state.derived.runs.longest - 1);
    if (!p.playing && shownStep(state) >= last) p.timeline = 0, state.ui.timelinePosition = 0;
    p.playing = !p.playing;
}

void stepBy(AppState& state, int delta) {
    if (state.scene.mode == LabMode::Network) {
        if (delta > 0) networkLab(state).step(delta);
        return;
    }
    Playground& p = state.scene.playground;
    int last = std::max(0, state.derived.runs.longest - 1);
    p.playing = false;
    p.timeline = std::clamp(shownStep(state) + delta, 0, last);
    state.ui.timelinePosition = p.timeline;
}

void reset(AppState& state) {
    if (state.scene.mode == LabMode::Network) {
        networkLab(state).reset();
        return;
    }
    Playground& p = state.scene.playground;
    p.playing = false;
    p.timeline = 0;
    state.ui.timelinePosition = 0;
}

// PageUp / PageDown: a presentation remote's buttons. In the Presets tab they walk the presets.
void remoteStep(AppState& state, int delta) {
    int n = int(state.ui.presets.size());
    if (!state.ui.galleryShown || n == 0) {
        stepBy(state, delta);
        return;
    }
    int current = state.ui.currentPreset;
    state.ui.presetRequest = current < 0 ? (delta > 0 ? 0 : n - 1) : (current + delta + n) % n;
}

void command(AppState& state, const KeyPress& k) {
    switch (k.key) {
    case GLFW_KEY_SPACE:
        if (!k.repeat) playPause(state);
        return;
    case GLFW_KEY_RIGHT:
        return stepBy(state, 1);
    case GLFW_KEY_LEFT:
        return stepBy(state, -1);
    case GLFW_KEY_PAGE_DOWN:
        return remoteStep(state, 1);
    case GLFW_KEY_PAGE_UP:
        return remoteStep(state, -1);
    }
    if (k.repeat) return;
    switch (k.key) {
    case GLFW_KEY_R:
        return reset(state);
    case GLFW_KEY_S:
        state.ui.exports.screenshot = true;
        return;
    case GLFW_KEY_F:
        if (state.gpu) state.gpu->window.toggleFullscreen();
        return;
    case GLFW_KEY_P:
        state.ui.presentation = !state.ui.presentation;
        return;
    case GLFW_KEY_B:
    case GLFW_KEY_PERIOD:
        state.ui.blank = !state.ui.blank;
        return;
    case GLFW_KEY_H:
    case GLFW_KEY_SLASH:
        state.ui.showHelp = !state.ui.showHelp;
        return;
    case GLFW_KEY_ESCAPE:
        state.ui.showHelp = state.ui.blank = state.ui.presentation = false;
        return;
    case GLFW_KEY_0:
    case GLFW_KEY_KP_0:
        state.ui.presetRequest = 9;
        return;
    }
    if (k.key >= GLFW_KEY_1 && k.key <= GLFW_KEY_9) state.ui.presetRequest = k.key - GLFW_KEY_1;
    if (k.key >= GLFW_KEY_KP_1 && k.key <= GLFW_KEY_KP_9) state.ui.presetRequest = k.key - GLFW_KEY_KP_1;
}

} // namespace

void handleShortcuts(AppState& state, const std::vector<KeyPress>& presses) {
    for (const KeyPress& k : presses) {
        if (k.mods & (GLFW_MOD_CONTROL | GLFW_MOD_ALT | GLFW_MOD_SUPER)) continue; // not ours
        // A blank screen wakes with its own keys or Esc only: nothing changes unseen.
        if (state.ui.blank && k.key != GLFW_KEY_B && k.key != GLFW_KEY_PERIOD && k.key != GLFW_KEY_ESCAPE) continue;
        command(state, k);
    }
}

void handleShortcuts(AppState& state) {
    if (state.gpu) handleShortcuts(state, state.gpu->window.takeKeyPresses());
}

} // namespace dh
