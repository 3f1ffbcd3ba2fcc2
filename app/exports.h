// Exports the user asks for during a frame (S key, the File tab), carried out between frames because
// they draw frames of their own: screenshots (PNG with the scene inside), animated GIFs of the runs,
// and CSVs of the trajectories.
#pragma once

#include "app/capture.h"

#include <memory>
#include <string>

namespace dh {

struct AppState;
class Window;
class GifWriter;

// An animated GIF of the timeline from step 0 to its end, recorded a few frames at a time so that the
// window stays responsive between them (with a progress bar). Each frame sets the timeline, captures
// the main view and puts the user's timeline back; what changes during the recording shows in the
// frames after it.
class GifRecording {
public:
    GifRecording(std::string path, int frames, int maxWidth = 800);
    ~GifRecording(); // an unfinished recording leaves no file behind
    // Records frames for about `seconds` (at least one); true when the last one is written and the file
    // is in place. InputError or IoError on failure.
    bool step(AppState& state, Window& window, double seconds);
    double progress() const { return double(m_done) / m_frames; } // 0 … 1
    int framesDone() const { return m_done; }
    int frames() const { return m_frames; }
    const std::string& path() const { return m_path; }

private:
    std::string m_path;
    int m_frames, m_maxWidth, m_done = 0;
    std::unique_ptr<GifWriter> m_gif;
};

struct PendingExports {
    bool screenshot = false;                 // a PNG into `directory`
    CaptureOptions shot;                     // scale 1/2/4, whole window or plot only
    bool gif = false;                        // an animated GIF of the timeline into `directory`
    int gifFrames = 60;                      // frames from step 0 to the end
    std::shared_ptr<GifRecording> recording; // the GIF being recorded, if any (one step a frame)
    bool trajectoriesCsv = false;            // one CSV per run into `directory`
    std::string directory = ".";             // where exports go
};

// Carries out and clears the pending requests, and takes the next step of a GIF recording; reports in
// state.ui.statusMessage.
void runPendingExports(AppState& state, Window& window);
// Plays the timeline from step 0 to its end over `frames` frames of the main view (downscaled to at
// most maxWidth pixels) into an animated GIF at `path`, all at once (the render command).
// InputError on failure (nothing left behind).
void recordGif(AppState& state, Window& window, const std::string& path, int frames, int maxWidth = 800);
// Each run's first trajectory with every optimizer state (TraceColumns::Wide), as
// <prefix>-<run number>-<label>.csv; returns the paths written.
std::vector<std::string> exportTrajectoriesCsv(const AppState& state, const std::string& prefix);

} // namespace dh
