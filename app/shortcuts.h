// Keyboard shortcuts (listed in the help overlay): Space play/pause, → one step, R reset,
// S screenshot, F fullscreen, 1–9 presets, H or ? help, Esc closes help.
#pragma once

namespace dh {

struct AppState;

// Acts on the keys pressed this frame, unless a text field has the keyboard.
void handleShortcuts(AppState& state);

} // namespace dh
