// The state of the app: one struct owned by main (or by the render command), passed by reference to
// the panels. It nests the scene (what is shown: saved, reproducible), what is derived from it
// (rebuilt only when its inputs change) and UI flags.
#pragma once

#include "app/exports.h"
#include "core/scene/presets.h"
#include "core/scene/run_set.h"
#include "core/scene/scene.h"
#include "core/surfaces/critical.h"
#include "core/surfaces/surface.h"

#include <Eigen/Core>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace dh {

class Window;
class HeatmapRenderer;
class MeshRenderer;
class RecentFiles;

class NetworkLab;   // app/network_lab.h
class FittingLab;   // app/fitting_lab.h
struct LabDeleter { // defined beside each lab, so that this header needs only the declarations
    void operator()(NetworkLab* lab) const;
    void operator()(FittingLab* lab) const;
};

// Where the panels go (pixels). Computed each frame from the window size and the UI scale.
struct Layout {
    float sidebarWidth = 0;                    // controls on the left, full height
    float x = 0, y = 0, width = 0, height = 0; // the main view (surface, 3D or curve)
    float bottomY = 0, bottomHeight = 0;       // the strip under the main view
    float plotWidth = 0;                       // loss plot: [x, x + plotWidth) of the strip
    // the tabbed panel (update rules, α–β map) fills the rest of the strip
};

struct AppState {
    Scene scene;

    // ---- derived from the scene, rebuilt only when their inputs change ----
    std::unique_ptr<Surface> surface; // by syncSurface()
    long surfaceVersion = 0;
    SurfaceSpec builtFrom;                     // the spec `surface` was built from
    std::string surfaceError;                  // why the last spec failed (the last good surface stays)
    std::string exprDraft;                     // the expression text box, applied when it parses
    RunSet runs;                               // by updateRuns(): every trajectory of every run
    std::vector<CriticalPoint> criticalPoints; // of the current surface over its domain
    long criticalVersion = -1;                 // surfaceVersion the points belong to

    // the labs, created by their panels
    std::unique_ptr<NetworkLab, LabDeleter> network; // data, session, pictures (GL: reset before the window)
    std::unique_ptr<FittingLab, LabDeleter> fitting; // the fitting lab's data and fits

    // ---- UI state (not saved) ----
    int selectedRun = 0;                  // the run the update-rule panel and the α–β map act on
    double timelinePosition = 0;          // fractional step while playing
    std::optional<Eigen::Vector2d> hover; // plane point under the mouse in the main view
    enum class Drag { None, Pan, SharedStart, RunStart, Orbit } drag = Drag::None; // what the mouse moves
    int dragRun = -1;                                                              // Drag::RunStart: which run's start
    bool showHelp = false;
    std::string statusMessage;                     // shown in the sidebar, e.g. "saved shot.png"
    bool headless = false;                         // render command: fixed frame time, no file dialogs
    double frameSeconds = 1.0 / 60;                // this frame's duration (fixed when headless)
    PendingExports exports;                        // screenshots, GIFs, CSVs asked for this frame
    RecentFiles* recent = nullptr;                 // recently opened/saved scenes (owned by main; null when headless)
    std::string scenePathDraft;                    // the File tab's path box
    std::vector<Preset> presets;                   // the gallery (assets/scenes), loaded once
    std::vector<std::vector<uint32_t>> thumbnails; // per preset: kThumbW × kThumbH colours (gallery)
    int presetRequest = -1;                        // a preset to load at the start of the next frame (keys 1–9)
    Layout layout;

    // ---- GL resources, owned by the scope that owns the window (declared after it, so destroyed
    // before the context goes) ----
    Window* window = nullptr;
    HeatmapRenderer* heatmap = nullptr;
    MeshRenderer* mesh = nullptr;

    AppState();
    ~AppState();
};

// Replaces the scene (a preset, an opened file, the autosave) and resets what belongs to the old one.
void setScene(AppState& state, Scene scene);
// Opens a scene file (.json or a PNG Downhill saved) into the state; on failure the message goes to
// statusMessage and the current scene stays. Returns true on success.
bool openSceneFile(AppState& state, const std::string& path);
// Rebuilds state.surface if scene.surface changed. On a bad spec keeps the last good surface and
// sets surfaceError. Returns true when the surface changed.
bool syncSurface(AppState& state);
// Recomputes the trajectories and critical points when their inputs changed.
void syncDerived(AppState& state);
// The view to show: the scene's, or the surface's default domain.
Domain currentView(const AppState& state);
// The step the views show: the timeline's, clamped to the longest trajectory.
int shownStep(const AppState& state);
// Changes whenever a picture drawn from a texture (heatmap, mesh, ...) was redrawn: the frame cache
// re-rasterises when it or the draw data changed.
uint64_t pictureVersion(const AppState& state);
// Applies the scene's theme and UI scale to ImGui and the window.
void applyUiSettings(AppState& state);

} // namespace dh
