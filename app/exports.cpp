#include "app/exports.h"

#include "app/app_state.h"
#include "app/gif_writer.h"
#include "core/common/error.h"
#include "core/common/file_io.h"
#include "core/common/paths.h"
#include "core/optim/trace_csv.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <memory>

namespace dh {

GifRecording::GifRecording(std::string path, int frames, int maxWidth)
    : m_path(std::move(path)), m_frames(std::clamp(frames, 2, 1000)), m_maxWidth(maxWidth) {}

GifRecording::~GifRecording() = default;

bool GifRecording::step(AppState& state, Window& window, double seconds) {
    Playground& p = state.scene.playground;
    const int savedTimeline = p.timeline;
    const bool savedPlaying = p.playing;
    const int last = std::max(0, state.derived.runs.longest - 1);
    const auto start = std::chrono::steady_clock::now();
    auto restore = [&] {
        p.timeline = savedTimeline;
        p.playing = savedPlaying;
    };
    try {
        p.playing = false;
        do {
            p.timeline = int(std::lround(double(m_done) * last / (m_frames - 1)));
            RgbImage image = downscaleToWidth(captureFrame(state, window, CaptureOptions{1, true}), m_maxWidth);
            if (!m_gif) m_gif = std::make_unique<GifWriter>(m_path, image.width, image.height, 5);
            m_gif->addFrame(image);
            ++m_done;
        } while (m_done < m_frames &&
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() < seconds);
        if (m_done == m_frames) m_gif->finish();
    } catch (...) {
        restore();
        throw;
    }
    restore();
    return m_done == m_frames;
}

void recordGif(AppState& state, Window& window, const std::string& path, int frames, int maxWidth) {
    GifRecording recording(path, frames, maxWidth);
    while (!recording.step(state, window, 1e9)) {
    }
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
    try {
        if (e.screenshot) {
            e.screenshot = false;
            std::string path = absolutePath(timestampedPath(e.directory, "downhill", ".png"));
            writePngWithScene(path, captureFrame(state, window, e.shot), sceneToSave(state));
            state.ui.statusMessage = "Saved " + path + " (reopen it with downhill --scene " + path + ")";
        }
        if (e.gif && !e.recording) {
            e.gif = false;
            std::string path = absolutePath(timestampedPath(e.directory, "downhill", ".gif"));
            e.recording = std::make_shared<GifRecording>(path, e.gifFrames);
        }
        if (e.recording) {
            std::shared_ptr<GifRecording> r = e.recording;
            e.recording.reset();              // a failure below ends the recording
            if (r->step(state, window, 0.03)) // ~30 ms of each frame: the window keeps answering
                state.ui.statusMessage = "Saved " + r->path();
            else
                e.recording = r;
        }
        if (e.trajectoriesCsv) {
            e.trajectoriesCsv = false;
            std::vector<std::string> files =
                exportTrajectoriesCsv(state, absolutePath(timestampedPath(e.directory, "downhill-trajectory", "")));
            state.ui.statusMessage = "Saved " + std::to_string(files.size()) + " CSV file(s)" +
                                     (files.empty() ? "" : ", e.g. " + files.front());
        }
    } catch (const std::exception& err) { // a file that cannot be written, the GPU, out of memory
        state.ui.statusMessage = "Export failed: " + messageFor(err);
    }
}

} // namespace dh
