// One panel, one file, one free function taking the app state by reference (STYLE.md §3).
#pragma once

namespace dh {

struct AppState;

void drawSurfaceView(AppState& state); // app/panels/surface_view.cpp
void drawSidebar(AppState& state);     // app/panels/sidebar.cpp
void drawHelpOverlay(AppState& state); // app/panels/help_overlay.cpp

} // namespace dh
