// Keyboard commands. They act on key presses queued by the window's key callback (app/window.h), so a
// tap of any length counts, and they never reach a widget: a key cannot change a setting behind the
// lecturer's back. Listed in the help overlay (H):
//   Space play/pause · → / ← or PageDown / PageUp one step (in the Presets tab: next / previous preset)
//   R reset · S screenshot · F fullscreen · P presentation mode (no sidebar) · B or . blank the screen
//   1–9, 0 presets 1–10 · H or ? help · Esc closes help, leaves presentation mode and unblanks.
// In the network lab Space plays/pauses training, → steps once and R resets the weights.
#pragma once

#include <vector>

namespace dh {

struct AppState;
struct KeyPress;

// Acts on the key presses the window queued since the last frame (none without a window).
void handleShortcuts(AppState& state);
// Acts on these presses, oldest first.
void handleShortcuts(AppState& state, const std::vector<KeyPress>& presses);

} // namespace dh
