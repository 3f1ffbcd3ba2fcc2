// Sections: data and colours (pure) · LabPicture (GL) · building a session · sync and controls ·
// background jobs (landscape, predictions) · pictures (class map, images).
#include "app/network_lab.h"

#include "app/app_state.h"
#include "app/frame.h"
#include "core/common/error.h"
#include "core/nn/init.h"
#include "core/nn/landscape.h"

#include <GLFW/glfw3.h>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <glad/gl.h>
#include <imgui.h>

namespace dh {

// ---- data and colours ----

Dataset makeNetworkDataset(const NetworkSettings& s) {
    if (s.dataset == "fashion_mnist") return loadFashionMnist({});
    Dataset ds;
    if (s.dataset == "csv") {
        if (s.csvPath.empty())
            throw InputError("csv: type the path of a CSV file (a header line, numeric columns, the label last)");
        ds = loadCsv(s.csvPath);
    } else {
        SyntheticOptions o;
        o.n = s.samples;
        o.noise = s.noise;
        o.seed = s.dataSeed;
        ds = makeSynthetic(s.dataset, o);
    }
    if (ds.size() < 2) throw InputError(ds.name + ": needs at least two samples");
    if (s.testFraction > 0) ds = splitTrainTest(std::move(ds), s.testFraction, s.dataSeed);
    return ds;
}

nn::MlpConfig networkConfig(const NetworkSettings& s, const Dataset& data) {
    nn::MlpConfig c;
    c.activation = nn::parseActivation(s.activation);
    c.loss = nn::parseLoss(s.loss);
    if (data.numClasses < 2)
        throw InputError(data.name + ": the network lab classifies; the labels must name at least two classes");
    int outputs = data.numClasses;
    if (c.loss == nn::LossKind::Bce) {
        if (data.numClasses != 2)
            throw InputError("loss bce: needs two classes, " + data.name + " has " + std::to_string(data.numClasses) +
                             " (use cross_entropy)");
        outputs = 1;
    }
    c.layers = {int(data.numFeatures())};
    for (int w : s.hidden) c.layers.push_back(w);
    c.layers.push_back(outputs);
    nn::validate(c);
    return c;
}

Domain networkDataDomain(const Dataset& data) {
    if (data.size() == 0 || data.numFeatures() < 2) return Domain{-1.5, 1.5, -1.5, 1.5};
    Eigen::Vector2d lo = data.X.leftCols(2).colwise().minCoeff(), hi = data.X.leftCols(2).colwise().maxCoeff();
    double margin = 0.12 * std::max({hi.x() - lo.x(), hi.y() - lo.y(), 1e-9});
    return Domain{lo.x() - margin, hi.x() + margin, lo.y() - margin, hi.y() + margin};
}

ViewTransform networkViewTransform(const Layout& layout, const Domain& dataDomain) {
    return ViewTransform(dataDomain, PixelRect{layout.x, layout.y, layout.width, layout.height});
}

std::string architectureText(const nn::MlpConfig& config) {
    std::string s;
    for (size_t i = 0; i < config.layers.size(); ++i) s += (i ? " → " : "") + std::to_string(config.layers[i]);
    if (config.layers.size() > 2) s += std::string(" ") + nn::activationName(config.activation);
    return s;
}

std::vector<uint32_t> networkThumbnail(const NetworkSettings& s, int w, int h) {
    std::vector<uint32_t> px;
    if (s.dataset == "fashion_mnist" || s.dataset == "csv" || w < 2 || h < 2) return px;
    try {
        const Dataset d = makeNetworkDataset(s);
        const ViewTransform vt(networkDataDomain(d), PixelRect{0, 0, double(w), double(h)});
        px.assign(size_t(w) * size_t(h), classRegionColor(0, 0));
        for (Eigen::Index i = 0; i < d.size(); ++i) {
            Eigen::Vector2d p = vt.toPixel({d.X(i, 0), d.X(i, 1)});
            int x = int(p.x()), y = int(p.y());
            if (x < 0 || y < 0 || x >= w || y >= h) continue;
            uint32_t c = classColor(d.labels[i]);
            px[size_t(y) * size_t(w) + size_t(x)] = 0xff000000u | (c & 0xff) << 16 | (c & 0xff00) | (c >> 16 & 0xff);
        }
    } catch (const std::exception&) { // a CSV that cannot be read (IoError) or parsed: no thumbnail
        px.clear();
    }
    return px;
}

std::string trainingCurvesCsv(const std::vector<nn::HistoryPoint>& history) {
    std::string out = "step,train_loss,test_loss,train_accuracy,test_accuracy\n";
    char buf[32];
    auto field = [&](double v) {
        out += ',';
        if (!std::isfinite(v)) return;
        std::snprintf(buf, sizeof buf, "%.17g", v);
        out += buf;
    };
    for (const nn::HistoryPoint& p : history) {
        out += std::to_string(p.step);
        field(p.trainLoss);
        field(p.testLoss);
        field(p.trainAccuracy);
        field(p.testAccuracy);
        out += '\n';
    }
    return out;
}

uint32_t classColor(int k) {
    static const uint32_t palette[] = {0x0072b2, 0xe69f00, 0x009e73, 0xcc79a7, 0x56b4e9, 0xd55e00, 0xf0e442, 0xa0a0a0};
    return palette[size_t(std::max(k, 0)) % 8];
}

uint32_t classRegionColor(int k, double confidence) {
    const double neutral[3] = {38, 40, 46};
    uint32_t c = classColor(k);
    double rgb[3] = {double((c >> 16) & 0xff), double((c >> 8) & 0xff), double(c & 0xff)};
    const double c2 = std::clamp(confidence, 0.0, 1.0);
    const double s = 0.72 * c2 * (2 - c2); // rises fast from the boundary, flat near certainty
    uint32_t out = 0xff000000u;
    for (int i = 0; i < 3; ++i) {
        double v = neutral[i] + (0.75 * rgb[i] - neutral[i]) * s;
        out |= uint32_t(std::clamp(v, 0.0, 255.0) + 0.5) << (8 * i);
    }
    return out;
}

// ---- LabPicture ----

LabPicture::~LabPicture() {
    if (!m_texture || !glfwGetCurrentContext()) return; // the context is gone: so are its objects
    glDeleteFramebuffers(1, &m_framebuffer);
    glDeleteTextures(1, &m_texture);
}

void LabPicture::allocate(int w, int h, const void* pixels, bool smooth) {
    if (!m_texture) {
        glGenTextures(1, &m_texture);
        glGenFramebuffers(1, &m_framebuffer);
    }
    glBindTexture(GL_TEXTURE_2D, m_texture);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
    if (w != m_blit.width || h != m_blit.height) {
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, pixels);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
        glBindFramebuffer(GL_FRAMEBUFFER, m_framebuffer);
        glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, m_texture, 0);
        glBindFramebuffer(GL_FRAMEBUFFER, 0);
        m_blit.framebuffer = m_framebuffer;
        m_blit.width = w;
        m_blit.height = h;
    } else if (pixels) {
        glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, pixels);
    }
    GLint filter = smooth ? GL_LINEAR : GL_NEAREST;
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, filter);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, filter);
}

void LabPicture::upload(const std::vector<uint32_t>& rgba, int w, int h, bool smooth) {
    allocate(w, h, rgba.data(), smooth);
}

void LabPicture::scaleFrom(const LabPicture& src, int w, int h) {
    allocate(w, h, nullptr, false);
    GLint read = 0, draw = 0;
    glGetIntegerv(GL_READ_FRAMEBUFFER_BINDING, &read);
    glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &draw);
    glDisable(GL_SCISSOR_TEST);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, src.m_framebuffer);
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, m_framebuffer);
    glBlitFramebuffer(0, 0, src.width(), src.height(), 0, 0, w, h, GL_COLOR_BUFFER_BIT, GL_LINEAR);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, GLuint(read));
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, GLuint(draw));
}

// ---- building a session ----

namespace {

// Whether two settings give the same session (η, the optimizer and the views are applied live).
bool sameBuild(const NetworkSettings& a, const NetworkSettings& b) {
    return a.dataset == b.dataset && a.csvPath == b.csvPath && a.samples == b.samples && a.noise == b.noise &&
           a.dataSeed == b.dataSeed && a.testFraction == b.testFraction && a.hidden == b.hidden &&
           a.activation == b.activation && a.loss == b.loss && a.init == b.init && a.initSeed == b.initSeed &&
           a.batchSize == b.batchSize && a.l1 == b.l1 && a.l2 == b.l2 && a.shuffleSeed == b.shuffleSeed;
}

bool sameOptimizerExceptLr(const OptimizerConfig& a, const OptimizerConfig& b) {
    return a.kind == b.kind && a.momentum == b.momentum && a.dampening == b.dampening && a.nesterov == b.nesterov &&
           a.weightDecay == b.weightDecay && a.alpha == b.alpha && a.eps == b.eps && a.centered == b.centered &&
           a.beta1 == b.beta1 && a.beta2 == b.beta2 && a.amsgrad == b.amsgrad && a.rho == b.rho &&
           a.momentumDecay == b.momentumDecay && a.lrDecay == b.lrDecay &&
           a.initialAccumulatorValue == b.initialAccumulatorValue;
}

template <class F>
bool ready(const std::future<F>& f) {
    return f.valid() && f.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
}

} // namespace

struct NetworkLab::Built {
    NetworkSettings from;
    std::string error;
    Dataset data; // 2D and CSV data: every row; images: the names only (the pixels live in the session)
    nn::MlpConfig config;
    Domain domain;
    std::unique_ptr<Session> session;
};

std::unique_ptr<NetworkLab::Built> NetworkLab::build(NetworkSettings s) {
    auto b = std::make_unique<Built>();
    b->from = s;
    try {
        Dataset ds = makeNetworkDataset(s);
        b->config = networkConfig(s, ds);
        nn::SessionConfig sc;
        sc.net = b->config;
        sc.train.optimizer = s.optimizer;
        sc.train.regularization = nn::Regularization{s.l1, s.l2};
        sc.train.batchSize = s.batchSize;
        sc.train.shuffleSeed = s.shuffleSeed;
        sc.init = nn::parseInitScheme(s.init);
        sc.initSeed = s.initSeed;
        // An evaluation passes over all the data: keep it to about a third of the training work.
        double batch = double(s.batchSize > 0 ? std::min<Eigen::Index>(s.batchSize, ds.numTrain()) : ds.numTrain());
        sc.evalEvery = std::max(10L, long(std::ceil(2.0 * double(ds.size()) / (3.0 * batch))));
        nn::NetData<float> train = nn::netData<float>(ds, false, b->config);
        nn::NetData<float> test = nn::netData<float>(ds, true, b->config);
        if (ds.isImage()) {
            Dataset names;
            names.name = ds.name;
            names.numClasses = ds.numClasses;
            names.classNames = ds.classNames;
            names.imageRows = ds.imageRows;
            names.imageCols = ds.imageCols;
            b->data = std::move(names); // frees the 70k double images
        } else {
            b->domain = networkDataDomain(ds);
            b->data = std::move(ds);
        }
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

NetworkLab::NetworkLab() = default;

NetworkLab::~NetworkLab() {
    cancelJobs();
}

void NetworkLab::cancelJobs() {
    m_cancel = true;
    if (m_landscapeJob.valid()) m_landscapeJob.wait();
    if (m_predictionsJob.valid()) m_predictionsJob.wait();
    m_landscapeJob = {};
    m_predictionsJob = {};
    m_cancel = false;
}

void NetworkLab::adopt(std::unique_ptr<Built> b, AppState& state) {
    cancelJobs();
    m_session.reset(); // joins the old worker before the new one starts training
    m_snap.reset();
    m_builtFrom = b->from;
    m_hasBuilt = true;
    m_error = b->error;
    m_notice.clear();
    m_data = std::move(b->data);
    m_config = b->config;
    m_domain = b->domain;
    m_session = std::move(b->session);
    m_classMap.version = 0;
    curves = Curves{};
    m_net.reset();
    m_netVersion = 0;
    m_landscape = Landscape();
    m_predictions = Predictions{};
    m_testImages.reset();
    m_weightsVersion = 0;
    m_rateSamples.clear();
    m_rate = 0;
    m_appliedOptimizer = b->from.optimizer;
    if (state.headless && !m_error.empty()) std::fprintf(stderr, "downhill: network lab: %s\n", m_error.c_str());
    if (!m_session) return;
    if (!m_speedChosen) m_speed = state.headless || m_data.isImage() ? 0 : 300; // toy data: watchable
    startTraining(state, state.scene.network.trainSteps);
}

void NetworkLab::startTraining(AppState& state, long steps) {
    m_syncedSteps = steps;
    m_target = 0;
    m_session->setStepsPerSecond(state.headless ? 0 : m_speed);
    if (steps <= 0) return;
    m_target = steps;
    m_session->setStepsPerSecond(0); // the scene's state as fast as possible; the limit is for watching
    m_session->step(steps);
    if (state.headless) m_session->waitUntilIdle();
}

// ---- sync and controls ----

NetworkLab& networkLab(AppState& state) {
    if (!state.network) state.network.reset(new NetworkLab());
    state.network->sync(state);
    return *state.network;
}

void LabDeleter::operator()(NetworkLab* lab) const {
    delete lab;
}

void NetworkLab::sync(AppState& state) {
    if (ImGui::GetFrameCount() == m_frame) return;
    m_frame = ImGui::GetFrameCount();
    NetworkSettings& s = state.scene.network;
    if (m_pending.valid() && (state.headless || ready(m_pending))) {
        std::unique_ptr<Built> b = m_pending.get();
        m_pendingWhat.clear();
        if (sameBuild(b->from, s) && !m_session) adopt(std::move(b), state);
    }
    if (!m_hasBuilt || m_forceRebuild || !sameBuild(m_builtFrom, s)) {
        m_forceRebuild = false;
        // Files are read in the background (Fashion-MNIST takes a second, a CSV may be large); the
        // synthetic sets take milliseconds and are built in this frame, so the picture never flickers.
        const bool fromFile = s.dataset == "fashion_mnist" || s.dataset == "csv";
        if (state.headless || !fromFile) {
            adopt(build(s), state); // a running background load finishes and is dropped
        } else if (m_hasBuilt || !m_pending.valid()) {
            cancelJobs();
            m_session.reset(); // stop training the old network while the new one loads
            m_snap.reset();
            m_hasBuilt = false;
            m_error.clear();
            if (!m_pending.valid()) {
                m_pending = std::async(std::launch::async, &NetworkLab::build, s);
                m_pendingFrom = s;
                m_pendingWhat = s.dataset == "csv" ? "Reading " + s.csvPath + "…"
                                                   : "Loading Fashion-MNIST (70,000 images of 28 × 28 pixels)…";
            }
        }
    }
    if (!m_session) return;
    if (!sameOptimizerExceptLr(s.optimizer, m_appliedOptimizer)) {
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
    if (s.trainSteps != m_syncedSteps) { // another scene with the same network: train to its step
        m_session->reset();
        startTraining(state, s.trainSteps);
    }
    pollSnapshot(state);
    if (s.showLandscape) syncLandscape(state);
    if (images()) syncPredictions(state);
}

void NetworkLab::pollSnapshot(AppState& state) {
    std::shared_ptr<const Snapshot> snap = m_session->snapshot();
    const auto now = Clock::now();
    // While training, the views take a new snapshot at most 15 times a second, and less often when frames
    // are slow: the frames in between are unchanged and the frame cache only copies them (a redrawn frame
    // costs 20–45 ms on llvmpipe, a copied one 3–8 ms), so the window stays responsive.
    m_frameSeconds = 0.9 * m_frameSeconds + 0.1 * std::clamp(state.frameSeconds, 0.0, 0.5);
    const double interval = std::clamp(2.5 * m_frameSeconds, 0.066, 0.25);
    const bool due = !m_snap || !snap->running || !m_snap->running || state.headless ||
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
    if (m_target == 0) { // the scene records the step shown, so that it reproduces this picture
        state.scene.network.trainSteps = m_snap->step;
        m_syncedSteps = m_snap->step;
    }
}

void NetworkLab::setSpeedLimit(double stepsPerSecond) {
    m_speed = std::max(0.0, stepsPerSecond);
    m_speedChosen = true;
    if (m_session && m_target == 0) m_session->setStepsPerSecond(m_speed);
}

void NetworkLab::play() {
    if (!m_session) return;
    userCommand();
    m_session->setStepsPerSecond(m_speed);
    m_session->play();
}
void NetworkLab::pause() {
    if (!m_session) return;
    userCommand();
    m_session->setStepsPerSecond(m_speed);
    m_session->pause();
}
void NetworkLab::step(long n) {
    if (!m_session) return;
    userCommand();
    m_session->setStepsPerSecond(0); // a step is a step, not a slow-motion
    m_session->step(n);
}
void NetworkLab::pauseHidden() {
    if (!m_session || !m_session->snapshot()->running) return;
    m_target = 0;
    m_session->pause();
}

void NetworkLab::reset() {
    if (!m_session) return;
    userCommand();
    m_session->setStepsPerSecond(m_speed);
    m_session->reset();
}

} // namespace dh
