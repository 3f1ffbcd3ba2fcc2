// What panels remember between frames that is not the scene: text-box drafts (applied on Enter) and
// caches of drawing work. Each struct belongs to the panel file named beside it and is touched by no
// other code; AppState holds one of each (app_state.h).
#pragma once

#include "core/common/paths.h"
#include "core/lab/kinks.h"
#include "core/lab/weight_stats.h"
#include "core/nn/backprop.h"

#include <Eigen/Core>
#include <cstdint>
#include <string>
#include <vector>

namespace dh {

// surface_panel.cpp: the expression box, reset to the scene's expression when a scene is opened.
struct SurfacePanelState {
    std::string exprDraft;
    long generation = -1; // the scene generation the draft was reset for
};

// file_panel.cpp: the scene path box.
struct FilePanelState {
    std::string pathDraft;
};

// file_browser.cpp: the in-app browser for opening and saving scenes.
struct FileBrowserState {
    enum class Purpose { Open, Save } purpose = Purpose::Open;
    bool open = false;
    std::string directory; // absolute; empty: the working directory
    std::string name;      // the file name typed or clicked
    int filter = 0;        // 0 scenes (.json, .png), 1 .json, 2 .png, 3 every file
    DirectoryListing listing;
    bool stale = true; // list the directory again at the next frame
};

// network_panel.cpp: the CSV path box, applied on Enter; follows the scene's path when that changes.
struct NetworkPanelState {
    std::string csvDraft, csvSeen;
    double betaBeforeNesterov = -1; // HyperparameterMemory (app/gfx/widgets.h)
};

// training_curves.cpp: the snapshot's history reduced to one point per pixel column: (step, value) of
// the train loss, test loss, train accuracy, test accuracy, once per snapshot (of a network) and width.
struct TrainingCurvesState {
    uint64_t networkId = 0, snapshotVersion = 0;
    int columns = 0;
    std::vector<Eigen::Vector2d> series[4];
};

// graph_view.cpp: zoom and pan of the graph, reset when the graph's structure changes.
struct GraphViewState {
    double zoom = 1, panX = 0, panY = 0;
    long structureVersion = -1;
};

// graph_panel.cpp: the expression box (applied on Enter), reset when a scene is opened.
struct GraphPanelState {
    std::string exprDraft;
    long generation = -1;
};

// graph_controls.cpp: time carried over between the sweep's automatic steps.
struct GraphControlsState {
    double carry = 0;
};

// backprop_panel.cpp: the trace of the chosen sample, recomputed when the weights, the sample or the
// optimizer change.
struct BackpropPanelState {
    uint64_t networkId = 0, snapshotVersion = 0;
    int sample = -1;
    std::string optimizerKey; // the optimizer's settings as JSON text
    nn::BackpropTrace trace;
    std::string error;
};

// weights_panel.cpp: the weights' statistics, once per snapshot.
struct WeightsPanelState {
    uint64_t networkId = 0, snapshotVersion = 0;
    WeightStats stats;
};

// app/gfx/kink_overlay.cpp: the kinks of the surface over the shown domain.
struct KinkOverlayState {
    long surfaceVersion = -1;
    Domain shown;
    bool oneD = false;
    std::vector<Kink1D> points1D;
    std::vector<Eigen::Vector2d> points2D;
};

// loss_view.cpp: the score bar being dragged (-1: none).
struct LossViewState {
    int dragging = -1;
};

// runs_panel.cpp: an identity for each run (parallel to scene.playground.runs), so that what the panel
// remembers (open or closed, renamed by the user, β before Nesterov) follows the run, not its
// position; and the last "tune η" with its undo.
struct RunsPanelState {
    struct Run {
        int id = 0;
        bool named = false;             // the user typed a name: it no longer follows the optimizer
        double betaBeforeNesterov = -1; // see HyperparameterMemory (app/gfx/widgets.h)
    };
    std::vector<Run> runs;
    int nextId = 1;
    long generation = -1; // the scene generation `runs` was made for
    struct Tuned {
        int id = 0;
        std::string label;
        bool found = false;
        double before = 0, after = 0;   // η
        double beforeF = 0, afterF = 0; // the lowest f reached within the steps
    };
    std::vector<Tuned> tuned; // the last tuning, shown until the context changes or an η moves
    long tunedContext = -1;   // UiState::contextVersion when it was made
};

// view_panel.cpp: the UI scale while its slider is held (applied when it is let go).
struct ViewPanelState {
    float scaleDraft = 1;
    bool scaleActive = false;
};

struct PanelStates {
    ViewPanelState view;
    RunsPanelState runs;
    SurfacePanelState surface;
    FilePanelState file;
    FileBrowserState fileBrowser;
    NetworkPanelState network;
    TrainingCurvesState trainingCurves;
    GraphViewState graphView;
    GraphPanelState graphPanel;
    GraphControlsState graphControls;
    LossViewState lossView;
    BackpropPanelState backprop;
    KinkOverlayState kinks;
    WeightsPanelState weights;
};

} // namespace dh
