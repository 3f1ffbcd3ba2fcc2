// Sections: what a change rebuilds · loading and building (data, network) · update · the snapshot ·
// controls. The views' computations (class map, jobs, images) are in network_lab_views.cpp.
#include "core/lab/network_lab.h"

#include "core/common/error.h"
#include "core/nn/init.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <tuple>

namespace dh {

// ---- what a change rebuilds ----

namespace {

// NetworkSettings split by what a change of each field does (network_lab.h). The structured binding
// names every field: a field added to NetworkSettings does not compile until it is placed in a list.
auto settingKeys(const NetworkSettings& s) {
    const auto& [dataset, csvPath, samples, noise, dataSeed, testFraction, hidden, activation, loss, init, initSeed,
                 optimizer, batchSize, l1, l2, shuffleSeed, trainSteps, showLandscape, landscapeDirections,
                 landscapeRange] = s;
    return std::make_tuple(std::tie(dataset, csvPath, samples, noise, dataSeed, testFraction), // the data
                           std::tie(hidden, activation, loss, init, initSeed, batchSize, l1, l2, shuffleSeed),
                           std::tie(optimizer),                                           // applied live
                           std::tie(trainSteps),                                          // opened scenes
                           std::tie(showLandscape, landscapeDirections, landscapeRange)); // the views
}

bool sameData(const NetworkSettings& a, const NetworkSettings& b) {
    return std::get<0>(settingKeys(a)) == std::get<0>(settingKeys(b));
}

bool sameNetwork(const NetworkSettings& a, const NetworkSettings& b) {
    return sameData(a, b) && std::get<1>(settingKeys(a)) == std::get<1>(settingKeys(b));
}

// Every field but lr (which is applied keeping the optimizer's state); the binding names all of them.
auto optimizerKeyExceptLr(const OptimizerConfig& c) {
    const auto& [kind, lr, momentum, dampening, nesterov, weightDecay, alpha, eps, centered, beta1, beta2, amsgrad, rho,
                 momentumDecay, lrDecay, initialAccumulatorValue] = c;
    (void)lr;
    return std::tie(kind, momentum, dampening, nesterov, weightDecay, alpha, eps, centered, beta1, beta2, amsgrad, rho,
                    momentumDecay, lrDecay, initialAccumulatorValue);
}

} // namespace

// ---- loading and building ----

// Progress of the running build, written by its thread, read by the GUI.
struct LoadProgress {
    enum Phase { Reading, Preparing, Building };
    std::atomic<int> phase{Reading};
    ReadProgress read;
};

struct NetworkLab::Loaded {
    NetworkSettings from; // its data settings (settingKeys' first list)
    Dataset meta;         // 2D and CSV data: every row; images: names, sizes and labels, no pixels (X has no rows)
    Domain domain;        // 2D data: the plane the view shows
    std::shared_ptr<const nn::NetData<float>> train, test; // float features, class-index targets
};

struct NetworkLab::Built {
    NetworkSettings from;
    std::string error;
    std::shared_ptr<const Loaded> data; // kept even when the network could not be made
    bool fromFile = false;              // the data was read from a file by this build
    nn::MlpConfig config;
    std::unique_ptr<Session> session;
};

namespace {

void requireClasses(const Dataset& d) {
    if (d.numClasses < 2)
        throw InputError(d.name + ": the network lab classifies; the labels must name at least two classes");
}

// The data read (or made) and kept as float samples with class-index targets.
std::shared_ptr<const NetworkLab::Loaded> loadData(const NetworkSettings& s, FashionMnistOptions fashion,
                                                   LoadProgress& progress) {
    fashion.progress = &progress.read;
    Dataset ds = makeNetworkDataset(s, fashion);
    progress.phase = LoadProgress::Preparing;
    requireClasses(ds);
    auto out = std::make_shared<NetworkLab::Loaded>();
    out->from = s;
    nn::MlpConfig classes;
    classes.layers = {int(ds.numFeatures()), ds.numClasses};
    classes.loss = nn::LossKind::CrossEntropy;
    out->train = std::make_shared<const nn::NetData<float>>(nn::netData<float>(ds, false, classes));
    out->test = std::make_shared<const nn::NetData<float>>(nn::netData<float>(ds, true, classes));
    if (ds.isImage()) {
        ds.X.resize(0, ds.X.cols()); // 70k double images: the float copy above is what trains
    } else {
        out->domain = networkDataDomain(ds);
    }
    out->meta = std::move(ds);
    return out;
}

// The samples with the targets config's loss needs: shared as they are for class indices, else a copy.
std::shared_ptr<const nn::NetData<float>> withTargets(const std::shared_ptr<const nn::NetData<float>>& data,
                                                      const Eigen::Ref<const Eigen::VectorXi>& labels,
                                                      const nn::MlpConfig& config, const char* what) {
    if (nn::lossTakesClassIndices(config.loss)) return data;
    auto out = std::make_shared<nn::NetData<float>>();
    out->X = data->X;
    out->Y = nn::labelTargets<float>(labels, config, what);
    out->classes = data->classes;
    nn::checkNetData(config, *out, what);
    return out;
}

} // namespace

std::unique_ptr<NetworkLab::Built> NetworkLab::build(const NetworkSettings& s, std::shared_ptr<const Loaded> cached,
                                                     const Options& options, LoadProgress& progress) {
    auto b = std::make_unique<Built>();
    b->from = s;
    try {
        b->data = cached ? cached : loadData(s, options.fashion, progress);
        b->fromFile = !cached && !isSynthetic(s.dataset);
        progress.phase = LoadProgress::Building;
        const Loaded& d = *b->data;
        b->config = networkConfig(s, d.meta);
        nn::SessionConfig sc;
        sc.net = b->config;
        sc.execution = options.execution;
        sc.train.optimizer = s.optimizer;
        sc.train.regularization = nn::Regularization{s.l1, s.l2};
        sc.train.batchSize = s.batchSize;
        sc.train.shuffleSeed = s.shuffleSeed;
        sc.init = s.init;
        sc.initSeed = s.initSeed;
        // An evaluation passes over all the data: keep it to about a third of the training work.
        const Eigen::Index rows = d.train->size(), all = rows + d.test->size();
        const double batch = double(s.batchSize > 0 ? std::min<Eigen::Index>(s.batchSize, rows) : rows);
        sc.evalEvery = std::max(10L, long(std::ceil(2.0 * double(all) / (3.0 * batch))));
        const Eigen::Index split = d.train->size();
        auto train = withTargets(d.train, d.meta.labels.head(split), b->config, "data");
        auto test = withTargets(d.test, d.meta.labels.tail(d.meta.labels.size() - split), b->config, "test data");
        b->session = std::make_unique<Session>(sc, std::move(train), std::move(test));
    } catch (const std::bad_alloc&) {
        b->error = "not enough memory for this data and network";
        b->session.reset();
    } catch (const std::exception& e) { // InputError, and IoError for a CSV or dataset that cannot be read
        b->error = e.what();
        b->session.reset();
    }
    return b;
}

NetworkLab::NetworkLab(Options options) : m_options(std::move(options)) {}

NetworkLab::~NetworkLab() = default;

void NetworkLab::startBuild(const NetworkSettings& s) {
    dropSession();
    m_builtFrom = s;
    m_hasBuilt = true;
    m_error.clear();
    std::shared_ptr<const Loaded> cached;
    if (s.dataset == NetworkDataset::FashionMnist)
        cached = m_fashion;
    else if (m_recent && sameData(m_recent->from, s) && !m_forceReload)
        cached = m_recent;
    m_forceReload = false;
    // Files are read, and big data is prepared, in the background; the synthetic sets take milliseconds
    // and are built in this frame, so the picture never flickers.
    const bool slow = !cached ? !isSynthetic(s.dataset) : cached->meta.isImage();
    auto progress = std::make_shared<LoadProgress>();
    m_progress = progress;
    m_build.start(
        [s, cached, options = m_options, progress](const std::atomic<bool>& cancelled) {
            progress->read.cancel = &cancelled;
            return build(s, cached, options, *progress);
        },
        slow && inThreads());
}

void NetworkLab::adopt(std::unique_ptr<Built> b) {
    if (b->data) {
        if (b->data->meta.isImage())
            m_fashion = b->data;
        else
            m_recent = b->data;
    }
    m_fileLoads += b->fromFile;
    m_error = b->error;
    m_notice.clear();
    m_data = b->data;
    m_config = b->config;
    m_session = std::move(b->session);
    ++m_networkId;
    m_appliedOptimizer = b->from.optimizer;
    if (m_options.settle && !m_error.empty()) std::fprintf(stderr, "downhill: network lab: %s\n", m_error.c_str());
    if (!m_session) return;
    if (!m_speedChosen) m_speed = m_options.settle || data().isImage() ? 0 : kToySpeedLimit;
    trainToScene(m_pendingSteps);
    m_pendingSteps = 0;
}

void NetworkLab::dropSession() {
    m_landscapeJob.cancel();
    m_predictionsJob.cancel();
    m_session.reset(); // joins its worker
    m_snap.reset();
    m_target = 0;
    m_classMap = ClassMap{};
    m_net.reset();
    m_netVersion = 0;
    m_landscape = Landscape{};
    m_predictions = Predictions{};
    m_testImages = LabImage{};
    m_weights = LabImage{};
    m_rateSamples.clear();
    m_rate = 0;
}

// ---- update ----

void NetworkLab::update(const NetworkSettings& s, long sceneGeneration, double frameSeconds) {
    const bool opened = sceneGeneration != m_generation;
    m_generation = sceneGeneration;
    if (m_build.busy() && (m_options.settle || m_build.ready())) {
        std::unique_ptr<Built> b = m_build.take();
        m_progress.reset();
        if (sameNetwork(b->from, s) && !m_forceReload)
            adopt(std::move(b));
        else if (b->data) // another network is wanted now; keep the data that was read
            (b->data->meta.isImage() ? m_fashion : m_recent) = b->data;
    }
    const bool rebuild = !m_hasBuilt || m_forceReload || !sameNetwork(m_builtFrom, s);
    if (opened)
        m_pendingSteps = s.trainSteps;
    else if (rebuild)
        m_pendingSteps = 0; // the user changed the network: it starts untrained
    if (rebuild && !m_build.busy()) {
        startBuild(s);
        if (m_build.ready()) { // built in this frame
            adopt(m_build.take());
            m_progress.reset();
        }
    } else if (opened && m_session) {
        m_session->reset(); // the same network, another scene: train to its step
        trainToScene(std::exchange(m_pendingSteps, 0));
    }
    if (!m_session) return;
    applyOptimizer(s);
    m_session->advance(m_options.frameBudgetMs);
    pollSnapshot(frameSeconds);
    if (s.showLandscape) syncLandscape(s);
    if (images()) syncPredictions();
}

void NetworkLab::applyOptimizer(const NetworkSettings& s) {
    if (optimizerKeyExceptLr(s.optimizer) != optimizerKeyExceptLr(m_appliedOptimizer)) {
        try {
            m_session->setOptimizer(s.optimizer);
            m_notice.clear();
        } catch (const InputError& e) {
            m_notice = std::string("optimizer not changed: ") + e.what();
        }
        m_appliedOptimizer = s.optimizer;
    } else if (s.optimizer.lr != m_appliedOptimizer.lr) {
        m_session->setLearningRate(s.optimizer.lr);
        m_appliedOptimizer.lr = s.optimizer.lr;
    }
}

void NetworkLab::trainToScene(long steps) {
    m_target = 0;
    m_session->setStepsPerSecond(m_options.settle ? 0 : m_speed);
    if (steps <= 0) return;
    m_target = steps;
    m_session->setStepsPerSecond(0); // the scene's state as fast as possible; the limit is for watching
    m_session->step(steps);
    if (m_options.settle) m_session->waitUntilIdle();
}

// ---- the snapshot ----

void NetworkLab::pollSnapshot(double frameSeconds) {
    std::shared_ptr<const Snapshot> snap = m_session->snapshot();
    const auto now = Clock::now();
    // While training, the views take a new snapshot at most 15 times a second, and less often when frames
    // are slow: the frames in between are unchanged and the frame cache only copies them (a redrawn frame
    // costs 20–45 ms on llvmpipe, a copied one 3–8 ms), so the window stays responsive.
    m_frameSeconds = 0.9 * m_frameSeconds + 0.1 * std::clamp(frameSeconds, 0.0, 0.5);
    const double interval = std::clamp(2.5 * m_frameSeconds, 0.066, 0.25);
    const bool due = !m_snap || !snap->running || !m_snap->running || m_options.settle ||
                     std::chrono::duration<double>(now - m_snapTime).count() >= interval;
    if (snap != m_snap && due) {
        m_snap = snap;
        m_snapTime = now;
        m_rateSamples.emplace_back(now, snap->step);
    }
    while (m_rateSamples.size() > 2 && now - m_rateSamples.front().first > std::chrono::milliseconds(1500))
        m_rateSamples.pop_front();
    if (!m_snap->running) {
        m_rate = 0;
        m_rateSamples.clear();
    } else if (m_rateSamples.size() >= 2) {
        double dt = std::chrono::duration<double>(m_rateSamples.back().first - m_rateSamples.front().first).count();
        if (dt > 0.2) m_rate = double(m_rateSamples.back().second - m_rateSamples.front().second) / dt;
    }
    if (m_target > 0 && (m_snap->step >= m_target || m_snap->diverged)) {
        m_target = 0;
        m_session->setStepsPerSecond(m_speed);
    }
}

long NetworkLab::shownStep() const {
    if (m_snap) return m_snap->step;
    return m_build.busy() ? m_pendingSteps : 0;
}

const Dataset& NetworkLab::data() const {
    static const Dataset none;
    return m_data ? m_data->meta : none;
}

const Domain& NetworkLab::dataDomain() const {
    static const Domain none;
    return m_data ? m_data->domain : none;
}

long NetworkLab::evalEvery() const {
    return m_session ? m_session->config().evalEvery : 0;
}
long NetworkLab::batchSize() const {
    return m_session ? long(m_session->config().train.batchSize) : 0;
}
const nn::NetData<float>& NetworkLab::trainData() const {
    return m_session->trainData();
}
const nn::NetData<float>& NetworkLab::testData() const {
    return m_session->testData();
}

LoadStatus NetworkLab::loadStatus() const {
    LoadStatus st;
    if (!m_progress) return st;
    const LoadProgress& p = *m_progress;
    switch (p.phase.load()) {
    case LoadProgress::Reading:
        st.what = m_builtFrom.dataset == NetworkDataset::FashionMnist ? "Reading Fashion-MNIST"
                  : m_builtFrom.dataset == NetworkDataset::Csv        ? "Reading " + m_builtFrom.csvPath
                                                                      : "Making the data";
        break;
    case LoadProgress::Preparing:
        st.what = "Preparing the data";
        break;
    default:
        st.what = "Building the network";
    }
    st.itemsDone = p.read.itemsRead;
    st.itemsTotal = p.read.itemsTotal;
    st.bytesDone = p.read.bytesRead;
    st.bytesTotal = p.read.bytesTotal;
    return st;
}

// ---- controls ----

void NetworkLab::setSpeedLimit(double stepsPerSecond) {
    m_speed = std::max(0.0, stepsPerSecond);
    m_speedChosen = true;
    if (m_session && m_target == 0) m_session->setStepsPerSecond(m_speed);
}

void NetworkLab::play() {
    if (!m_session) return;
    m_target = 0;
    m_session->setStepsPerSecond(m_speed);
    m_session->play();
}

void NetworkLab::pause() {
    if (!m_session) return;
    m_target = 0;
    m_session->setStepsPerSecond(m_speed);
    m_session->pause();
}

void NetworkLab::step(long n) {
    if (!m_session) return;
    m_target = 0;
    m_session->setStepsPerSecond(0); // a step is a step, not a slow-motion
    m_session->step(n);
}

void NetworkLab::reset() {
    if (!m_session) return;
    m_target = 0;
    m_session->setStepsPerSecond(m_speed);
    m_session->reset();
}

void NetworkLab::pauseHidden() {
    if (!m_session || !m_session->snapshot()->running) return;
    m_target = 0;
    m_session->pause();
}

} // namespace dh
