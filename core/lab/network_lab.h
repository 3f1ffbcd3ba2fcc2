// The network lab's model (no GL, no ImGui): the data, the training session and what the views are
// computed from. The app calls update() once per frame with the scene's settings; the panels read the
// results and send the user's commands; app/gfx/network_pictures.h turns its images into textures.
//
// Data flows one way: the scene's settings come in, nothing here writes the scene. The scene's
// trainSteps is the step a scene shows when it is opened: the lab trains to it when a scene is opened
// (a new sceneGeneration, or the first update) and otherwise leaves the session to the user's commands.
// shownStep() is the step the views show; the app writes it into the copy of the scene it saves
// (screenshots, files, the autosave), so a saved scene reopens at the picture it was saved with.
//
// What a change rebuilds (one definition: settingKeys in network_lab.cpp, which names every field):
//   the data's settings (dataset, file, points, noise, seeds, test split)  → the data and the network;
//     Fashion-MNIST is read from disk once per run of the program and kept;
//   the network's settings (layers, activation, loss, init, batch, regularization, shuffle seed)
//     → a new network at step 0 on the data already in memory;
//   η and the optimizer → applied to the running network (η keeps the optimizer's state, another
//     optimizer starts with fresh state); the views → only their pictures.
//
// Execution (Options::execution): WorkerThread trains on the session's worker and reads files and
// computes landscapes and predictions on threads of their own (BackgroundJob); update() only polls.
// Stepped has no threads: update() trains for frameBudgetMs and runs every job at once. Options::settle
// (headless renders) makes update() finish what it starts: the data, the training to the scene's step
// and the views' jobs, so `render` shows the same picture on every machine.
//
// Rates: while training, the views take a new snapshot at most 15 times a second (less when frames are
// slow), the class map is recomputed at most 20 times a second, the first-layer images 5 times, the
// landscape and the predictions once a second; the frames in between are unchanged and the frame cache
// only copies them.
#pragma once

#include "core/data/dataset.h"
#include "core/lab/background_job.h"
#include "core/lab/network_data.h"
#include "core/nn/session.h"
#include "core/scene/scene.h"

#include <Eigen/Core>
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

namespace dh {

struct LoadProgress; // network_lab.cpp

// A picture the lab computes for the GPU: width × height RGBA pixels packed like ImU32 (A in the high
// byte), row 0 first. `version` changes whenever the pixels do (0 = no picture yet).
struct LabImage {
    uint64_t version = 0;
    int width = 0, height = 0;
    std::vector<uint32_t> rgba;
};

// Where a load stands, for a progress bar: what is being done and, while a file is read, how much.
struct LoadStatus {
    std::string what;                      // "Reading Fashion-MNIST", "Building the network", ...
    int64_t itemsDone = 0, itemsTotal = 0; // images read (0 total = not counted)
    int64_t bytesDone = 0, bytesTotal = 0; // bytes of data read (0 total = not known yet)
    double fraction() const { return bytesTotal > 0 ? double(bytesDone) / double(bytesTotal) : -1; }
};

struct NetworkLabOptions {
    nn::Execution execution = nn::kDefaultExecution;
    bool settle = false;         // update() finishes the data, the training to the scene's step and the jobs
    double frameBudgetMs = 6;    // Stepped: training time per update()
    FashionMnistOptions fashion; // where Fashion-MNIST is read from (dir; the progress is the lab's)
};

class NetworkLab {
public:
    using Session = nn::TrainingSession<float>;
    using Snapshot = nn::TrainingSnapshot<float>;
    using Clock = std::chrono::steady_clock;

    using Options = NetworkLabOptions;

    // The class map of 2D data over the shown domain: `grid` is nx × ny cells (row 0 at the bottom)
    // coloured by the predicted class and its confidence; `boundary` the segments of the decision
    // boundary (two classes: P(class 1) = 0.5) in plane coordinates; drawn stretched to pixelW × pixelH.
    struct ClassMap {
        LabImage grid;
        Domain shown;
        std::vector<Eigen::Vector2d> boundary; // pairs of end points
        int pixelW = 0, pixelH = 0;
        uint64_t snapshotVersion = 0;
        Clock::time_point time; // of the last recomputation
    };
    // The loss on a plane through the weights (core/nn/landscape.h), as a float grid for the heatmap.
    struct Landscape {
        long version = 0; // increases with each new grid (the heatmap's cache key)
        long step = -1;   // of the weights it is centred on
        nn::LandscapeDirections directions = nn::LandscapeDirections::FilterNormalized;
        double range = 0;
        std::vector<float> grid; // resolution², row 0 at b = bMin
        int resolution = 0;
        Domain domain;                     // covered by the grid cells (half a cell beyond the samples)
        std::vector<Eigen::Vector2d> path; // the training path projected onto the plane (a, b)
        double explained1 = 0, explained2 = 0;
        std::string error;
    };
    // Image data: predictions on the test set.
    struct Predictions {
        long step = -1;
        std::vector<int> predicted;              // first kShownImages test images
        std::vector<float> confidence;           // their softmax probability
        std::vector<std::vector<int>> confusion; // [true][predicted] over the whole test set
        double accuracy = 0;
    };
    static constexpr int kShownImages = 32;
    // The speed limit toy data starts with (steps per second): slow enough to watch the boundary form;
    // the default network learns the default data within seconds at it (docs/network-lab.md).
    static constexpr double kToySpeedLimit = 100;
    struct Loaded; // the data as read: kept, and shared with the sessions and jobs that read it

    explicit NetworkLab(Options options = {});
    ~NetworkLab();
    NetworkLab(const NetworkLab&) = delete;
    NetworkLab& operator=(const NetworkLab&) = delete;

    // Once per frame: adopts a finished build, rebuilds what the settings' changes need, applies η and
    // the optimizer, trains a newly opened scene to its step, takes the latest snapshot (rate-limited by
    // frameSeconds, the frame time) and starts the jobs the shown views need.
    void update(const NetworkSettings& s, long sceneGeneration, double frameSeconds);

    // ---- state ----
    bool loading() const { return m_build.busy() && !m_session; } // the shown network is being built
    LoadStatus loadStatus() const;
    const std::string& error() const { return m_error; }   // why there is no network ("" = none)
    const std::string& notice() const { return m_notice; } // e.g. an optimizer change was refused
    bool hasNetwork() const { return m_session != nullptr; }
    // Changes with every new network (snapshot versions start again with each): a cache of what a
    // snapshot shows is keyed by both.
    uint64_t networkId() const { return m_networkId; }
    const Snapshot* snapshot() const { return m_snap.get(); }
    const Dataset& data() const; // 2D data: every point; images: names and sizes only
    const nn::MlpConfig& config() const { return m_config; }
    bool twoD() const { return m_session && data().numFeatures() == 2 && !data().isImage(); }
    bool images() const { return m_session && data().isImage(); }
    const Domain& dataDomain() const;
    long target() const { return m_target; } // > 0 while training to an opened scene's step
    double stepsPerSecond() const { return m_rate; }
    double speedLimit() const { return m_speed; } // steps per second (0 = as fast as possible)
    long shownStep() const;                       // the step the views show (what a saved scene records)
    long evalEvery() const;
    long batchSize() const;
    const nn::NetData<float>& trainData() const; // what the network trains on (precondition: hasNetwork())
    const nn::NetData<float>& testData() const;
    long fileLoads() const { return m_fileLoads; } // data sets read from files so far

    // ---- controls (the user's: they end a training to the scene's step) ----
    void setSpeedLimit(double stepsPerSecond);
    void play();
    void pause();
    void step(long n);
    void reset();
    // Pauses training while another lab is shown (the CPU is shared).
    void pauseHidden();
    // Reads the data again at the next update (e.g. after the CSV file was fixed).
    void reload() { m_forceReload = true; }

    // ---- views ----
    // The class map for a view of pixelW × pixelH pixels, recomputed when the snapshot (at most 20
    // times a second while training), the domain or the size changed.
    const ClassMap& classMap(const Domain& shown, int pixelW, int pixelH);
    // The snapshot network's decision at a plane point (2D data).
    Decision decisionAt(const Eigen::Vector2d& at);
    const Landscape& landscape() const { return m_landscape; }
    bool landscapeBusy() const { return m_landscapeJob.busy(); }
    const Predictions& predictions() const { return m_predictions; }
    // Image data: the first kShownImages test images as an atlas (8 per row), made once per network.
    const LabImage& testImages();
    // The first layer's incoming weights of up to maxUnits units as image-sized tiles (8 per row, each
    // scaled to its largest |w|: orange > 0, blue < 0), redrawn at most 5 times a second while training.
    const LabImage& firstLayerImages(int maxUnits, int& shown);

private:
    struct Built; // the result of a build: data and session, or an error
    static std::unique_ptr<Built> build(const NetworkSettings& s, std::shared_ptr<const Loaded> cached,
                                        const Options& options, LoadProgress& progress);
    void startBuild(const NetworkSettings& s);
    void adopt(std::unique_ptr<Built> built);
    void dropSession();
    void applyOptimizer(const NetworkSettings& s);
    void trainToScene(long steps);
    void pollSnapshot(double frameSeconds);
    void syncLandscape(const NetworkSettings& s);
    void syncPredictions();
    bool inThreads() const { return m_options.execution == nn::Execution::WorkerThread && !m_options.settle; }
    uint64_t nextImageVersion() { return ++m_imageVersions; }
    nn::Mlp<float>& net(); // with the snapshot's weights

    Options m_options;
    NetworkSettings m_builtFrom; // what the session (or the error) was built from
    bool m_hasBuilt = false, m_forceReload = false;
    long m_generation = -1;  // the scene generation last seen
    long m_pendingSteps = 0; // an opened scene's trainSteps, applied when its network is there
    std::string m_error, m_notice;
    OptimizerConfig m_appliedOptimizer;
    long m_target = 0;
    double m_speed = 0, m_rate = 0;
    bool m_speedChosen = false;
    std::deque<std::pair<Clock::time_point, long>> m_rateSamples;
    long m_fileLoads = 0;
    uint64_t m_networkId = 0;

    std::shared_ptr<const Loaded> m_data;     // the data of the shown network
    std::shared_ptr<const Loaded> m_recent;   // the last synthetic or CSV data made (reused while its settings stay)
    std::shared_ptr<const Loaded> m_fashion;  // Fashion-MNIST once read: kept for the program's run
    std::shared_ptr<LoadProgress> m_progress; // the running build's
    nn::MlpConfig m_config;
    std::unique_ptr<Session> m_session;
    std::shared_ptr<const Snapshot> m_snap;
    Clock::time_point m_snapTime;     // when m_snap was taken
    double m_frameSeconds = 1.0 / 60; // frame time, smoothed

    uint64_t m_imageVersions = 0;
    ClassMap m_classMap;
    Landscape m_landscape;
    long m_landscapeCount = 0;
    Predictions m_predictions;
    LabImage m_testImages, m_weights;
    int m_weightsUnits = 0;
    uint64_t m_weightsSnapshot = 0;
    std::unique_ptr<nn::Mlp<float>> m_net; // the snapshot's network, for the class map and the readout
    uint64_t m_netVersion = 0;
    Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> m_gridX; // class map inputs
    Clock::time_point m_weightsTime, m_landscapeTime, m_predictionsTime;

    // Jobs last: destroyed (cancelled and joined) first. They own what they read.
    BackgroundJob<std::unique_ptr<Built>> m_build; // for m_builtFrom
    BackgroundJob<Landscape> m_landscapeJob;
    BackgroundJob<Predictions> m_predictionsJob;
};

} // namespace dh
