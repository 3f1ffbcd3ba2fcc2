#include "app/exports.h"

#include "app/app_state.h"
#include "app/gif_writer.h"
#include "app/platform/platform.h"
#include "core/common/error.h"
#include "core/common/file_io.h"
#include "core/optim/trace_csv.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <memory>

namespace dh {

void recordGif(AppState& state, Window& window, const std::string& path, int frames, int maxWidth) {
    Playground& p = state.scene.playground;
    int savedTimeline = p.timeline;
    bool savedPlaying = p.playing;
    p.playing = false;
    frames = std::clamp(frames, 2, 1000);
    int last = std::max(0, state.derived.runs.longest - 1);
    try {
        std::unique_ptr<GifWriter> gif;
        for (int i = 0; i < frames; ++i) {
            p.timeline = int(std::lround(double(i) * last / (frames - 1)));
            RgbImage image = downscaleToWidth(captureFrame(state, window, CaptureOptions{1, true}), maxWidth);
            if (!gif) gif = std::make_unique<GifWriter>(path, image.width, image.height, 5);
            gif->addFrame(image);
        }
        gif->finish();
    } catch (...) {
        p.timeline = savedTimeline;
        p.playing = savedPlaying;
        throw;
    }
    p.timeline = savedTimeline;
    p.playing = savedPlaying;
}

std::vector<std::string> exportTrajectoriesCsv(const AppState& state, const std::string& prefix) {
    std::vector<std::string> written;
    const Playground& p = state.scene.playground;
    for (size_t i = 0; i < p.runs.size() && i < state.derived.runs.runs.size(); ++i) {
        const RunOutcome& out = state.derived.runs.runs[i];
        if (out.trajectories.empty()) continue;
        std::string label = p.runs[i].label;
        for (char& c : label)
            if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
        std::string path = prefix + "-" + std::to_string(i + 1) + "-" + label + ".csv";
        writeFileAtomic(path, traceCsv(out.trajectories[0], TraceColumns::Wide));
        written.push_back(path);
    }
    return written;
}

void runPendingExports(AppState& state, Window& window) {
    PendingExports& e = state.ui.exports;
    // The desktop writes into the chosen folder; the page into its outbox, from where files download.
    const bool userFiles = platform::hasUserFiles();
    const std::string dir = userFiles ? e.directory : platform::outboxDirectory();
    try {
        if (e.screenshot) {
            e.screenshot = false;
            std::string path = timestampedPath(dir, "downhill", ".png");
            writePngWithScene(path, captureFrame(state, window, e.shot), sceneToSave(state));
            state.ui.statusMessage =
                platform::deliverFile(path) + (userFiles ? " (reopen it with downhill --scene " + path + ")"
                                                         : " (drop it onto the page to reopen its scene)");
        }
        if (e.gif) {
            e.gif = false;
            std::string path = timestampedPath(dir, "downhill", ".gif");
            recordGif(state, window, path, e.gifFrames);
            state.ui.statusMessage = platform::deliverFile(path);
        }
        if (e.trajectoriesCsv) {
            e.trajectoriesCsv = false;
            std::vector<std::string> files =
                exportTrajectoriesCsv(state, timestampedPath(dir, "downhill-trajectory", ""));
            std::vector<std::string> delivered;
            for (const std::string& f : files) delivered.push_back(platform::deliverFile(f));
            state.ui.statusMessage = delivered.empty() ? "No trajectories to save"
                                                       : delivered.front() + " (" + std::to_string(files.size()) +
                                                             " CSV file(s), one per run)";
        }
    } catch (const std::exception& err) { // a file that cannot be written, the GPU, out of memory
        state.ui.statusMessage = "Export failed: " + messageFor(err);
    }
}

} // namespace dh
