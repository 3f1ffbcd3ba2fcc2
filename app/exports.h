// Exports the user asks for during a frame (S key, the File tab), carried out between frames because
// they draw frames of their own: screenshots (PNG with the scene inside), animated GIFs of the runs,
// and CSVs of the trajectories.
#pragma once

#include "app/capture.h"

#include <string>

namespace dh {

struct AppState;
class Window;

struct PendingExports {
    bool screenshot = false;      // a PNG into `directory`
    CaptureOptions shot;          // scale 1/2/4, whole window or plot only
    bool gif = false;             // an animated GIF of the timeline into `directory`
    int gifFrames = 60;           // frames from step 0 to the end
    bool trajectoriesCsv = false; // one CSV per run into `directory`
    std::string directory = ".";  // where exports go
};

// Carries out and clears the pending requests; reports in state.ui.statusMessage.
void runPendingExports(AppState& state, Window& window);
// Plays the timeline from step 0 to its end over `frames` frames of the main view (downscaled to at
// most maxWidth pixels) into an animated GIF at `path`. InputError on failure (nothing left behind).
void recordGif(AppState& state, Window& window, const std::string& path, int frames, int maxWidth = 800);
// Each run's first trajectory with every optimizer state (TraceColumns::Wide), as
// <prefix>-<run number>-<label>.csv; returns the paths written.
std::vector<std::string> exportTrajectoriesCsv(const AppState& state, const std::string& prefix);

} // namespace dh
