// The state of the app: one struct owned by main (or by the render command), passed by reference to
// the panels. It nests the scene (what is shown: saved, reproducible), what is derived from it
// (rebuilt only when its inputs change) and UI flags.
#pragma once

#include "core/scene/scene.h"
#include "core/surfaces/surface.h"

#include <memory>
#include <string>

namespace dh {

class Window;
class HeatmapRenderer;

struct Layout {
    float sidebarWidth = 0;  // controls on the left
    float x = 0, y = 0, width = 0, height = 0; // the surface view
};

struct AppState {
    Scene scene;

    // Derived from scene.surface by syncSurface(): rebuilt only when the spec changes.
    std::unique_ptr<Surface> surface;
    long surfaceVersion = 0;
    SurfaceSpec builtFrom;        // the spec `surface` was built from
    std::string surfaceError;     // why the last spec failed (the last good surface stays)
    std::string exprDraft;        // the expression text box, applied when it parses

    // UI flags
    bool showHelp = false;
    std::string statusMessage;    // shown in the sidebar, e.g. "saved shot.png"
    Layout layout;

    // GL resources, owned by the scope that owns the window (declared after it, so destroyed
    // before the context goes).
    Window* window = nullptr;
    HeatmapRenderer* heatmap = nullptr;

    AppState();
    ~AppState();
};

// Rebuilds state.surface if scene.surface changed. On a bad spec keeps the last good surface and
// sets surfaceError. Returns true when the surface changed.
bool syncSurface(AppState& state);
// The view to show: the scene's, or the surface's default domain.
Domain currentView(const AppState& state);
// Applies the scene's theme and UI scale to ImGui and the window.
void applyUiSettings(AppState& state);

} // namespace dh
