// The network lab's derived state: the dataset, the training session (a worker thread, read through
// immutable snapshots) and what is drawn from the snapshots: the class map of 2D data, the loss
// landscape, the confusion matrix and predictions of image data. Everything is rebuilt only when its
// inputs change: the session when the scene's data, architecture or training settings change (η and
// the optimizer are applied to the running session instead), the pictures when a new snapshot arrives.
//
// The scene fully determines the lab: a session starts paused at step 0, or trains to
// scene.network.trainSteps (synchronously when headless, so `render` shows the same trained picture on
// every machine; in the background in the GUI). While the user trains, trainSteps follows the shown
// step, so a screenshot's embedded scene reproduces its picture.
//
// Threads: Fashion-MNIST (70k images, ~1 s) and CSV files load in the background in the GUI; loss
// landscapes and confusion matrices are computed in the background too. The GUI thread only polls, and
// while training takes a new snapshot at most 15 times a second (less when frames are slow), so that
// the frame cache can copy the frames in between.
//
// GL: the lab owns textures (LabPicture); AppState::network must be reset before the window goes.
#pragma once

#include "app/gfx/blit.h"
#include "core/data/dataset.h"
#include "core/nn/session.h"
#include "core/scene/scene.h"
#include "core/scene/view_transform.h"

#include <Eigen/Core>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <future>
#include <memory>
#include <string>
#include <vector>

namespace dh {

struct AppState;
struct Layout;

// ---- pure functions (the views use them, and so do the render tests) ----

// The lab's data: a synthetic set or a CSV file split into train and test by testFraction and dataSeed,
// or Fashion-MNIST with its own split. InputError with a message for the user (bad CSV: the line).
Dataset makeNetworkDataset(const NetworkSettings& s);
// Inputs = the data's features, the hidden widths, outputs = the classes (one for bce).
// InputError when the loss does not fit the data.
nn::MlpConfig networkConfig(const NetworkSettings& s, const Dataset& data);
// The plane region the 2D view asks for: the points' bounding box with a margin.
Domain networkDataDomain(const Dataset& data);
// Plane ↔ pixels of the network view (the whole main view of this layout).
ViewTransform networkViewTransform(const Layout& layout, const Domain& dataDomain);
// "2 → 8 → 8 → 2 tanh" (sizes, input first, and the hidden activation).
std::string architectureText(const nn::MlpConfig& config);
// The training curves as CSV: header step,train_loss,test_loss,train_accuracy,test_accuracy, one row per
// evaluation, 17 significant digits, empty fields where a value is not defined (no test split).
std::string trainingCurvesCsv(const std::vector<nn::HistoryPoint>& history);
// A w × h picture (RGBA like ImU32, top row first) of the scene's 2D data in class colours, for the
// preset gallery; empty for image data, CSV files or bad settings (no file is read).
std::vector<uint32_t> networkThumbnail(const NetworkSettings& s, int w, int h);
// Class k's colour, 0xRRGGBB (Okabe–Ito: blue, orange, bluish green, reddish purple, ...).
uint32_t classColor(int k);
// Class k's background in the class map at confidence c ∈ [0, 1] (0 = the neutral grey), as RGBA
// packed like ImU32 (A in the high byte).
uint32_t classRegionColor(int k, double confidence);

// What a network's outputs (one row of logits) say: the class, its confidence ∈ [0, 1] (0 = a tie,
// 1 = certain) and, for two classes, P(class 1). Probabilities are the softmax for cross_entropy (and,
// as a confidence only, for hinge scores), the sigmoid for bce, the clamped outputs for mse.
struct Decision {
    int predicted = 0;
    double probability = 0; // of the predicted class
    double confidence = 0;
    double p1 = 0.5;
};
Decision decide(const float* logits, int outputs, nn::LossKind loss, int classes);

// ---- GL pictures ----

// An RGBA texture inside a framebuffer (for drawBlit and scaled copies), created on first use and
// freed by the destructor (while the GL context is current: the lab goes before the window).
class LabPicture {
public:
    LabPicture() = default;
    ~LabPicture();
    LabPicture(const LabPicture&) = delete;
    LabPicture& operator=(const LabPicture&) = delete;

    // w × h pixels (RGBA packed like ImU32). Texture row 0 is rgba's first row: the bottom when blitted,
    // the top in ImGui::Image with uv (0, 0). Filtered linearly when smooth, else nearest.
    void upload(const std::vector<uint32_t>& rgba, int w, int h, bool smooth = true);
    // src scaled to w × h with bilinear filtering (glBlitFramebuffer).
    void scaleFrom(const LabPicture& src, int w, int h);
    unsigned int texture() const { return m_texture; }
    BlitSource& blit() { return m_blit; }
    int width() const { return m_blit.width; }
    int height() const { return m_blit.height; }

private:
    void allocate(int w, int h, const void* pixels, bool smooth);
    unsigned int m_texture = 0, m_framebuffer = 0;
    BlitSource m_blit;
};

// ---- the lab ----

class NetworkLab {
public:
    using Session = nn::TrainingSession<float>;
    using Snapshot = nn::TrainingSnapshot<float>;

    // The class map of 2D data over the shown domain: nx × ny cells (row 0 at the bottom) coloured by
    // the predicted class and its confidence, and the segments of the decision boundary (two classes:
    // P(class 1) = 0.5) in plane coordinates.
    struct ClassMap {
        uint64_t version = 0; // the snapshot it shows
        Domain shown;
        int nx = 0, ny = 0;
        std::vector<uint32_t> rgba;
        std::vector<Eigen::Vector2d> boundary; // pairs of end points
        LabPicture small, big[2];              // big: view-sized, alternating so the frame cache sees a change
        int current = 0;
        int pixelW = 0, pixelH = 0;
        std::chrono::steady_clock::time_point time; // of the last redraw
    };
    // The loss on a plane through the weights (core/nn/landscape.h), as a float grid for the heatmap.
    struct Landscape {
        long version = 0;       // increases with each new grid (the heatmap's cache key)
        long step = -1;         // of the weights it is centred on
        std::string directions; // random or pca
        double range = 0;
        std::vector<float> grid; // resolution², row 0 at b = bMin
        int resolution = 0;
        Domain domain;                     // covered by the grid cells (half a cell beyond the samples)
        std::vector<Eigen::Vector2d> path; // the training path projected onto the plane (a, b)
        double explained1 = 0, explained2 = 0;
        std::string error;
    };
    // Image data: predictions on the test set (a background job, at most about once a second).
    struct Predictions {
        long step = -1;
        std::vector<int> predicted;              // first kShownImages test images
        std::vector<float> confidence;           // their softmax probability
        std::vector<std::vector<int>> confusion; // [true][predicted] over the whole test set
        double accuracy = 0;
    };
    static constexpr int kShownImages = 32;
    // The snapshot's history reduced to one point per pixel column: (step, value) of the train loss, test
    // loss, train accuracy, test accuracy (training_curves.cpp fills it, once per snapshot and width).
    struct Curves {
        uint64_t version = 0;
        int columns = 0;
        std::vector<Eigen::Vector2d> series[4];
    };
    Curves curves;
    std::vector<ImVec2> curvePixels; // scratch for drawing them
    std::string csvDraft, csvSeen;   // the Network tab's CSV path box (applied on Enter), the scene's path

    NetworkLab();
    ~NetworkLab();
    NetworkLab(const NetworkLab&) = delete;
    NetworkLab& operator=(const NetworkLab&) = delete;

    // Once per frame (later calls in the same frame return at once): adopts a finished background build,
    // rebuilds when the scene's data or network changed, applies η / optimizer changes, fetches the
    // latest snapshot and starts the background jobs the shown views need.
    void sync(AppState& state);

    // ---- what the panels read ----
    bool loading() const { return m_pending.valid() && !m_session; } // the shown network is being built
    const std::string& loadingWhat() const { return m_pendingWhat; }
    const std::string& error() const { return m_error; }   // why there is no session ("" = none)
    const std::string& notice() const { return m_notice; } // e.g. an optimizer change was refused
    Session* session() const { return m_session.get(); }
    const Snapshot* snapshot() const { return m_snap.get(); }
    std::shared_ptr<const Snapshot> snapshotPtr() const { return m_snap; }
    const Dataset& data() const { return m_data; } // 2D data: every point; images: names only
    const nn::MlpConfig& config() const { return m_config; }
    bool twoD() const { return m_session && m_data.numFeatures() == 2 && !m_data.isImage(); }
    bool images() const { return m_session && m_data.isImage(); }
    const Domain& dataDomain() const { return m_domain; }
    long target() const { return m_target; } // > 0 while training towards the scene's trainSteps
    double stepsPerSecond() const { return m_rate; }
    double speedLimit() const { return m_speed; } // steps per second (0 = as fast as possible)
    void setSpeedLimit(double stepsPerSecond);

    // ---- controls (the user's: they end a train-to-trainSteps) ----
    void play();
    void pause();
    void step(long n);
    void reset();
    // Pauses training while another lab is shown (the CPU is shared).
    void pauseHidden();
    // Forces a rebuild at the next sync (e.g. after the CSV file was fixed).
    void reload() { m_forceRebuild = true; }

    // The class map for this view, recomputed when the snapshot (at most 20 times a second while training),
    // the domain or the size (pixels of the picture, which drawBlit may stretch) changed.
    ClassMap& classMap(const Domain& shown, int pixelW, int pixelH);
    // The snapshot network's decision at a plane point (2D data).
    Decision decisionAt(const Eigen::Vector2d& at);
    const Landscape& landscape() const { return m_landscape; }
    bool landscapeBusy() const { return m_landscapeJob.valid(); }
    const Predictions& predictions() const { return m_predictions; }
    // Point markers for 2D data, kMarkerKinds square cells of `cell` pixels side by side (odd, drawn 1:1),
    // white with anti-aliased coverage in alpha, to be tinted: a disk of radius r + 1.2·scale (the
    // outline), a disk of radius r (the fill), a ring 5·scale px wide and one 2.8·scale px wide, of radius r.
    static constexpr int kMarkerKinds = 4;
    LabPicture& markers(float r, int& cell);
    // Image data: the first kShownImages test images as an atlas (8 per row), uploaded once.
    LabPicture& testImages();
    // The first layer's incoming weights of up to maxUnits units as 28 × 28 images (8 per row, each
    // scaled to its largest |w|: orange > 0, blue < 0), redrawn at most 5 times a second while training.
    LabPicture& firstLayerImages(int maxUnits, int& shown);

private:
    struct Built;
    static std::unique_ptr<Built> build(NetworkSettings settings);
    void adopt(std::unique_ptr<Built> built, AppState& state);
    void startTraining(AppState& state, long steps);
    void cancelJobs();
    void pollSnapshot(AppState& state);
    void syncLandscape(const AppState& state);
    void syncPredictions(const AppState& state);
    void userCommand() { m_target = 0; }
    nn::Mlp<float>& net(); // with the snapshot's weights

    using Clock = std::chrono::steady_clock;
    int m_frame = -1;
    NetworkSettings m_builtFrom; // what the session (or the error) was built from
    bool m_hasBuilt = false, m_forceRebuild = false;
    std::string m_error, m_notice;
    OptimizerConfig m_appliedOptimizer;
    long m_syncedSteps = -1; // the trainSteps this lab last wrote into (or adopted from) the scene
    long m_target = 0;
    double m_speed = 0, m_rate = 0;
    bool m_speedChosen = false;
    std::deque<std::pair<Clock::time_point, long>> m_rateSamples;

    Dataset m_data;
    nn::MlpConfig m_config;
    Domain m_domain;
    std::unique_ptr<Session> m_session;
    std::shared_ptr<const Snapshot> m_snap;
    Clock::time_point m_snapTime;     // when m_snap was taken
    double m_frameSeconds = 1.0 / 60; // frame time, smoothed

    ClassMap m_classMap;
    Landscape m_landscape;
    Predictions m_predictions;
    std::unique_ptr<LabPicture> m_testImages, m_weights[2], m_markers;
    float m_markerRadius = 0;
    int m_markerCell = 0;
    int m_weightsCurrent = 0;
    uint64_t m_weightsVersion = 0;
    int m_weightsUnits = 0;
    long m_landscapeCount = 0;
    std::unique_ptr<nn::Mlp<float>> m_net; // the snapshot's network, for the class map and the readout
    uint64_t m_netVersion = 0;
    Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> m_gridX; // class map inputs
    Clock::time_point m_weightsTime, m_landscapeTime, m_predictionsTime;

    // Background work, declared after the session it reads (destroyed first; cancelled in ~NetworkLab).
    std::future<std::unique_ptr<Built>> m_pending;
    NetworkSettings m_pendingFrom;
    std::string m_pendingWhat;
    std::atomic<bool> m_cancel{false};
    std::future<Landscape> m_landscapeJob;
    std::future<Predictions> m_predictionsJob;
};

// The lab of state.scene.network, created on first use and synced for this frame.
NetworkLab& networkLab(AppState& state);

} // namespace dh
