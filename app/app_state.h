// The state of the app: one struct owned by main (or by the render command), passed by reference to
// the panels, in four parts by concern:
//   scene    what is shown: saved, reproducible. Written only by the user's actions (panels, keys,
//            opened files, presets); what is derived from it never writes it back.
//   derived  rebuilt from the scene when its inputs change: the surface, the runs, the labs' models
//            (no GL).
//   ui       not saved: selection, mouse, status, exports asked for, presets, the layout, the panels'
//            drafts and caches.
//   gpu      the window and every GL resource (app/gfx/gpu.h); created by openWindow(), destroyed
//            first (it is the last member), so GL objects never outlive the context.
#pragma once

#include "app/exports.h"
#include "app/gfx/labels.h"
#include "app/panels/panel_state.h"
#include "app/platform/platform.h"
#include "core/lab/network_lab.h"
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

struct Gpu;
struct WindowOptions;
class RecentFiles;
class FittingLab; // app/fitting_lab.h
class GraphLab;   // core/lab/graph_lab.h

// Where the panels go (pixels). Computed each frame from the window size and the UI scale.
struct Layout {
    float sidebarWidth = 0;                    // controls on the left, full height
    float x = 0, y = 0, width = 0, height = 0; // the main view (surface, 3D or curve)
    float bottomY = 0, bottomHeight = 0;       // the strip under the main view
    float plotWidth = 0;                       // loss plot: [x, x + plotWidth) of the strip
    // the tabbed panel (update rules, α–β map) fills the rest of the strip
};

// Derived from the scene, rebuilt only when their inputs change (syncSurface, syncDerived, the labs'
// updates).
struct DerivedState {
    std::unique_ptr<Surface> surface; // by syncSurface()
    long surfaceVersion = 0;
    SurfaceSpec builtFrom;                     // the spec `surface` was built from
    std::string surfaceError;                  // why the last spec failed (the last good surface stays)
    RunSet runs;                               // by updateRuns(): every trajectory of every run
    std::vector<CriticalPoint> criticalPoints; // of the current surface over its domain
    long criticalVersion = -1;                 // surfaceVersion the points belong to
    std::unique_ptr<NetworkLab> network;       // the network lab's model, made on first use
    std::unique_ptr<FittingLab> fitting;       // the fitting lab's data and fits, made on first use
    std::unique_ptr<GraphLab> graph;           // the graph lab's model, made on first use

    DerivedState();
    ~DerivedState();
};

// Where the run legend goes in the main view, or whether it shows at all (the View tab).
struct LegendSettings {
    bool shown = true;
    enum class Corner { BottomLeft, TopLeft, TopRight, BottomRight } corner = Corner::BottomLeft;
};

// Not saved.
struct UiState {
    int selectedRun = 0;                  // the run the update-rule panel and the α–β map act on
    double timelinePosition = 0;          // fractional step while playing
    std::optional<Eigen::Vector2d> hover; // plane point under the mouse in the main view
    enum class Drag { None, Pan, SharedStart, RunStart, Orbit } drag = Drag::None; // what the mouse moves
    int dragRun = -1;                                                              // Drag::RunStart: which run's start
    bool showHelp = false;
    bool presentation = false; // P: no sidebar, the views fill the window
    bool blank = false;        // B or .: the screen is black until pressed again
    LegendSettings legend;
    bool galleryShown = false; // the Presets tab was shown last frame (PageUp/PageDown walk the presets)
    int currentPreset = -1;    // the preset last opened, -1 when the scene is not a preset
    // +1 whenever the scene, the lab or the surface changes (forgetStaleState): what a panel said about
    // the old one (a tuning report) is dropped when this moved.
    long contextVersion = 0;
    struct {
        long generation = -1, surfaceVersion = -1;
        LabMode mode = LabMode::Playground;
    } seen;                                        // the context of the last frame
    LabMode captionMode = LabMode::Playground;     // the lab the scene's caption was written for
    std::string statusMessage;                     // shown in the sidebar, e.g. "saved shot.png"
    bool headless = false;                         // render command: fixed frame time, no file dialogs
    double frameSeconds = 1.0 / 60;                // this frame's duration (fixed when headless)
    PendingExports exports;                        // screenshots, GIFs, CSVs asked for this frame
    RecentFiles* recent = nullptr;                 // recently opened/saved scenes (owned by main; null when headless)
    std::vector<Preset> presets;                   // the gallery (assets/scenes), loaded once
    std::vector<std::vector<uint32_t>> thumbnails; // per preset: kThumbW × kThumbH colours (gallery)
    bool openBackpropTab = false;                  // select the network lab's Backprop tab in the next frame
    int presetRequest = -1; // a preset to load at the start of the next frame (keys 1–9, 0, the gallery)
    Layout layout;
    PanelStates panels;                // drafts and caches, one per panel that has any
    platform::FetchProgress dataFetch; // the page fetching Fashion-MNIST for the network lab
    LabelRegistry labels;              // this frame's labels in the pictures (cleared at the start of drawFrame)
};

struct AppState {
    Scene scene;
    long sceneGeneration = 0; // +1 each time setScene replaces the whole scene
    DerivedState derived;
    UiState ui;
    std::unique_ptr<Gpu> gpu; // last: destroyed first

    AppState();
    ~AppState();
};

// Creates the window and the GL resources (state.gpu) and applies the scene's UI settings.
// std::runtime_error when there is no display or no GL 3.3.
Gpu& openWindow(AppState& state, const WindowOptions& options);
// Replaces the scene (a preset, an opened file, the autosave) and resets what belongs to the old one.
void setScene(AppState& state, Scene scene);
// Opens preset `index` of ui.presets. The UI scale and theme stay as the lecturer set them (they belong
// to the room, not to the story).
void openPreset(AppState& state, int index);
// Opens a scene file (.json or a PNG Downhill saved) into the state; on failure the message goes to
// statusMessage and the current scene stays. Returns true on success.
bool openSceneFile(AppState& state, const std::string& path);
// The scene as it is to be saved (files, screenshots, the autosave): the scene with what the labs
// show now that the scene itself does not say (the network lab's step), so that it reopens at this
// picture.
Scene sceneToSave(const AppState& state);
// Once a frame after syncSurface: notes a new scene, lab or surface (ui.contextVersion). A surface
// changed by the user drops the scene's caption (it described the old one); a new lab clears the
// status line.
void forgetStaleState(AppState& state);
// Rebuilds state.derived.surface if scene.surface changed. On a bad spec keeps the last good surface
// and sets surfaceError. Returns true when the surface changed.
bool syncSurface(AppState& state);
// Recomputes the trajectories and critical points when their inputs changed.
void syncDerived(AppState& state);
// The network lab's model: made on first use (settled when headless; the environment variable
// DOWNHILL_LAB_EXECUTION=stepped or =threads overrides the build's default execution), updated once
// per frame by drawFrame through syncNetworkLab (which pauses it while another lab is shown, and, in the
// page, waits until Fashion-MNIST's files have been fetched: ui.dataFetch).
NetworkLab& networkLab(AppState& state);
void syncNetworkLab(AppState& state);
// The graph lab's model, made on first use and synced with scene.graph (cheap when nothing changed).
GraphLab& graphLab(AppState& state);
// The view to show: the scene's, or the surface's default domain.
Domain currentView(const AppState& state);
// The step the views show: the timeline's, clamped to the longest trajectory.
int shownStep(const AppState& state);
// The picture version for the frame cache (the redraw rule: PictureVersion in app/gfx/gl_resources.h).
uint64_t pictureVersion(const AppState& state);
// Applies the scene's theme and UI scale to ImGui and the window.
void applyUiSettings(AppState& state);

} // namespace dh
