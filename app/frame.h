// One frame of the app: layout, shortcuts, derived state, then every panel in one line each.
#pragma once

#include "app/app_state.h"

namespace dh {

// Where the panels go for a window of this size (pixels) and UI scale; in presentation mode there is no
// sidebar and the views take the whole width.
Layout computeLayout(float displayWidth, float displayHeight, float uiScale, bool presentation = false);

// Call between Window::beginFrame() and Window::renderImGui().
void drawFrame(AppState& state);
// The baseline for frame statistics: an empty ImGui window and nothing else.
void drawBaselineFrame();

} // namespace dh
