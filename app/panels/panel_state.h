// What panels remember between frames that is not the scene: text-box drafts (applied on Enter) and
// caches of drawing work. Each struct belongs to the panel file named beside it and is touched by no
// other code; AppState holds one of each (app_state.h).
#pragma once

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

// network_panel.cpp: the CSV path box, applied on Enter; follows the scene's path when that changes.
struct NetworkPanelState {
    std::string csvDraft, csvSeen;
};

// training_curves.cpp: the snapshot's history reduced to one point per pixel column: (step, value) of
// the train loss, test loss, train accuracy, test accuracy, once per snapshot (of a network) and width.
struct TrainingCurvesState {
    uint64_t networkId = 0, snapshotVersion = 0;
    int columns = 0;
    std::vector<Eigen::Vector2d> series[4];
};

struct PanelStates {
    SurfacePanelState surface;
    FilePanelState file;
    NetworkPanelState network;
    TrainingCurvesState trainingCurves;
};

} // namespace dh
