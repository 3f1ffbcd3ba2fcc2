// What panels remember between frames that is not the scene: text-box drafts (applied on Enter) and
// caches of drawing work. Each struct belongs to the panel file named beside it and is touched by no
// other code; AppState holds one of each (app_state.h).
#pragma once

#include "core/common/paths.h"

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
};

} // namespace dh
