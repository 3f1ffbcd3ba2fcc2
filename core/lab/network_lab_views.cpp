// NetworkLab, continued: what the views show, computed from snapshots. Sections: the snapshot's network
// and its decisions · the class map · background jobs (loss landscape, test-set predictions) · image
// atlases.
#include "core/common/error.h"
#include "core/lab/network_lab.h"
#include "core/nn/landscape.h"

#include <algorithm>
#include <cmath>

namespace dh {

namespace {

using RowMatrixF = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

bool sameDomain(const Domain& a, const Domain& b) {
    return a.xMin == b.xMin && a.xMax == b.xMax && a.yMin == b.yMin && a.yMax == b.yMax;
}

int trueLabel(const RowMatrixF& Y, Eigen::Index i) {
    if (Y.cols() == 1) return int(Y(i, 0));
    Eigen::Index k = 0;
    Y.row(i).maxCoeff(&k);
    return int(k);
}

// The zero line of v (nx × ny samples at cell centres, row 0 at the bottom) as segments, by marching
// squares between neighbouring centres.
void zeroContour(const std::vector<float>& v, int nx, int ny, const Domain& d, std::vector<Eigen::Vector2d>& out) {
    out.clear();
    const double dx = (d.xMax - d.xMin) / nx, dy = (d.yMax - d.yMin) / ny;
    auto at = [&](double i, double j) { return Eigen::Vector2d(d.xMin + (i + 0.5) * dx, d.yMin + (j + 0.5) * dy); };
    for (int j = 0; j + 1 < ny; ++j)
        for (int i = 0; i + 1 < nx; ++i) {
            const int ci[4] = {i, i + 1, i + 1, i}, cj[4] = {j, j, j + 1, j + 1}; // corners counter-clockwise
            float c[4];
            for (int k = 0; k < 4; ++k) c[k] = v[size_t(cj[k]) * size_t(nx) + size_t(ci[k])];
            Eigen::Vector2d hits[4];
            int n = 0;
            for (int k = 0; k < 4; ++k) {
                float a = c[k], b = c[(k + 1) % 4];
                if ((a < 0) == (b < 0)) continue;
                double t = a / double(a - b);
                hits[n++] = at(ci[k] + t * (ci[(k + 1) % 4] - ci[k]), cj[k] + t * (cj[(k + 1) % 4] - cj[k]));
            }
            for (int k = 0; k + 1 < n; k += 2) {
                out.push_back(hits[k]);
                out.push_back(hits[k + 1]);
            }
        }
}

// Predictions of the network with `params` on `data`, stopping early when cancelled.
NetworkLab::Predictions predict(const nn::MlpConfig& config, const Eigen::VectorXf& params,
                                const nn::NetData<float>& data, int classes, const std::atomic<bool>& cancelled) {
    NetworkLab::Predictions p;
    p.confusion.assign(size_t(classes), std::vector<int>(size_t(classes), 0));
    nn::Mlp<float> net(config);
    net.setParams(params);
    const Eigen::Index n = data.size();
    long correct = 0;
    for (Eigen::Index start = 0; start < n && !cancelled; start += 1000) {
        const Eigen::Index rows = std::min<Eigen::Index>(1000, n - start);
        RowMatrixF out = net.forward(data.X.middleRows(start, rows));
        for (Eigen::Index r = 0; r < rows; ++r) {
            Decision d = decide(out.data() + r * out.cols(), int(out.cols()), config.loss, classes);
            int truth = trueLabel(data.Y, start + r);
            if (truth >= 0 && truth < classes && d.predicted < classes)
                ++p.confusion[size_t(truth)][size_t(d.predicted)];
            correct += truth == d.predicted;
            if (start + r < NetworkLab::kShownImages) {
                p.predicted.push_back(d.predicted);
                p.confidence.push_back(float(d.probability));
            }
        }
    }
    p.accuracy = n ? double(correct) / double(n) : 0;
    return p;
}

} // namespace

// ---- the snapshot's network and its decisions ----

nn::Mlp<float>& NetworkLab::net() {
    if (!m_net) m_net = std::make_unique<nn::Mlp<float>>(m_config);
    if (m_netVersion != m_snap->version) {
        m_net->setParams(m_snap->params);
        m_netVersion = m_snap->version;
    }
    return *m_net;
}

Decision NetworkLab::decisionAt(const Eigen::Vector2d& at) {
    if (!twoD() || !m_snap) return {};
    RowMatrixF x(1, 2);
    x << float(at.x()), float(at.y());
    RowMatrixF out = net().forward(x);
    return decide(out.data(), int(out.cols()), m_config.loss, data().numClasses);
}

// ---- the class map ----

const NetworkLab::ClassMap& NetworkLab::classMap(const Domain& shown, int pixelW, int pixelH) {
    ClassMap& m = m_classMap;
    if (!twoD() || !m_snap || pixelW < 2 || pixelH < 2) return m;
    // About 4 million multiply-adds per map: fine for small networks, coarser for wide ones.
    const double cells = std::clamp(2e6 / double(nn::paramCount(m_config)), 1500.0, 16000.0);
    const double aspect = double(pixelW) / pixelH;
    const int nx = std::clamp(int(std::sqrt(cells * aspect)), 16, std::max(16, pixelW / 3));
    const int ny = std::clamp(int(nx / aspect + 0.5), 16, std::max(16, pixelH / 3));
    const bool sameGrid = m.grid.width == nx && m.grid.height == ny && sameDomain(m.shown, shown);
    const bool sameSize = m.pixelW == pixelW && m.pixelH == pixelH;
    if (sameGrid && sameSize && m.snapshotVersion == m_snap->version) return m;
    // While training, at most 20 redraws a second: each one costs a view-sized copy on a software rasteriser.
    const auto now = Clock::now();
    if (sameGrid && sameSize && m.grid.version && m_snap->running && now - m.time < std::chrono::milliseconds(50))
        return m;
    if (!sameGrid || m_gridX.rows() != Eigen::Index(nx) * ny) {
        m_gridX.resize(Eigen::Index(nx) * ny, 2);
        const double dx = (shown.xMax - shown.xMin) / nx, dy = (shown.yMax - shown.yMin) / ny;
        for (int j = 0; j < ny; ++j)
            for (int i = 0; i < nx; ++i) {
                m_gridX(Eigen::Index(j) * nx + i, 0) = float(shown.xMin + (i + 0.5) * dx);
                m_gridX(Eigen::Index(j) * nx + i, 1) = float(shown.yMin + (j + 0.5) * dy);
            }
    }
    RowMatrixF out = net().forward(m_gridX);
    const int classes = data().numClasses;
    std::vector<float> margin(size_t(nx) * size_t(ny));
    m.grid.rgba.resize(margin.size());
    for (Eigen::Index r = 0; r < out.rows(); ++r) {
        Decision d = decide(out.data() + r * out.cols(), int(out.cols()), m_config.loss, classes);
        m.grid.rgba[size_t(r)] = classRegionColor(d.predicted, d.confidence);
        margin[size_t(r)] = float(d.p1 - 0.5);
    }
    if (classes == 2)
        zeroContour(margin, nx, ny, shown, m.boundary);
    else
        m.boundary.clear();
    m.grid.width = nx;
    m.grid.height = ny;
    m.grid.version = nextImageVersion();
    m.snapshotVersion = m_snap->version;
    m.time = now;
    m.shown = shown;
    m.pixelW = pixelW;
    m.pixelH = pixelH;
    return m;
}

// ---- background jobs ----

void NetworkLab::syncLandscape(const NetworkSettings& s) {
    if (m_landscapeJob.busy()) {
        if (!m_landscapeJob.ready()) return;
        m_landscape = m_landscapeJob.take();
        m_landscape.version = ++m_landscapeCount;
        m_landscapeTime = Clock::now();
    }
    const std::shared_ptr<const Snapshot> snap = m_snap;
    if (m_landscape.step == snap->step && m_landscape.directions == s.landscapeDirections &&
        m_landscape.range == s.landscapeRange)
        return;
    if (inThreads() && snap->running && Clock::now() - m_landscapeTime < std::chrono::seconds(1)) return;

    nn::LandscapeOptions o;
    const bool pca = s.landscapeDirections == nn::LandscapeDirections::Pca;
    o.directions = s.landscapeDirections;
    o.fitTrajectory = pca; // unit PCA directions: the path decides the extent
    o.aMin = o.bMin = -s.landscapeRange;
    o.aMax = o.bMax = s.landscapeRange;
    const double params = double(nn::paramCount(m_config));
    o.maxSamples = params > 20000 ? 256 : 2048;
    const double rows = double(std::min<Eigen::Index>(m_session->trainData().size(), o.maxSamples));
    o.resolution = std::clamp(int(std::sqrt(3e9 / std::max(1.0, rows * params))), 15, 51);
    // The job owns what it reads: the snapshot, the session's training data and its weight path.
    auto job = [config = m_config, reg = nn::Regularization{m_builtFrom.l1, m_builtFrom.l2},
                data = m_session->sharedTrainData(), path = m_session->weightPath(), snap, o,
                dirs = s.landscapeDirections, range = s.landscapeRange](const std::atomic<bool>& cancelled) mutable {
        Landscape l;
        l.step = snap->step;
        l.directions = dirs;
        l.range = range;
        o.cancel = &cancelled;
        try {
            // The path is copied here, not in the GUI thread: for Fashion-MNIST it is tens of megabytes.
            nn::LandscapeSlice<float> slice =
                nn::lossLandscape<float>(config, reg, *data, snap->params, path->copy(), o);
            const int n = slice.resolution;
            l.resolution = n;
            l.grid.resize(slice.loss.size());
            for (size_t k = 0; k < slice.loss.size(); ++k)
                l.grid[k] = std::isfinite(slice.loss[k]) ? float(slice.loss[k]) : NAN;
            double da = (slice.aMax - slice.aMin) / (n - 1), db = (slice.bMax - slice.bMin) / (n - 1);
            l.domain = Domain{slice.aMin - da / 2, slice.aMax + da / 2, slice.bMin - db / 2, slice.bMax + db / 2};
            l.path = slice.path;
            l.explained1 = slice.explained1;
            l.explained2 = slice.explained2;
        } catch (const InputError& e) {
            l.error = e.what();
        }
        return l;
    };
    m_landscapeJob.start(std::move(job), inThreads());
    if (!inThreads()) { // the picture must be there in this frame
        m_landscape = m_landscapeJob.take();
        m_landscape.version = ++m_landscapeCount;
        m_landscapeTime = Clock::now();
    }
}

void NetworkLab::syncPredictions() {
    if (m_predictionsJob.busy()) {
        if (!m_predictionsJob.ready()) return;
        m_predictions = m_predictionsJob.take();
        m_predictionsTime = Clock::now();
    }
    if (m_predictions.step == m_snap->step) return;
    if (inThreads() && m_snap->running && Clock::now() - m_predictionsTime < std::chrono::seconds(1)) return;
    // The job owns what it reads: the snapshot (its weights) and the session's test data.
    auto job = [config = m_config, snap = m_snap, data = m_session->sharedTestData(),
                classes = data().numClasses](const std::atomic<bool>& cancelled) {
        Predictions p = predict(config, snap->params, *data, classes, cancelled);
        p.step = snap->step;
        return p;
    };
    m_predictionsJob.start(std::move(job), inThreads());
    if (!inThreads()) {
        m_predictions = m_predictionsJob.take();
        m_predictionsTime = Clock::now();
    }
}

// ---- image atlases ----

const LabImage& NetworkLab::testImages() {
    LabImage& img = m_testImages;
    if (img.version || !images()) return img;
    const RowMatrixF& X = testData().X;
    const int R = data().imageRows, C = data().imageCols, perRow = 8;
    const int n = int(std::min<Eigen::Index>(kShownImages, X.rows()));
    img.width = perRow * C;
    img.height = ((kShownImages + perRow - 1) / perRow) * R;
    img.rgba.assign(size_t(img.width) * size_t(img.height), 0xff000000u);
    for (int i = 0; i < n; ++i)
        for (int r = 0; r < R; ++r)
            for (int c = 0; c < C; ++c) {
                uint32_t g = uint32_t(std::clamp(X(i, r * C + c), 0.0f, 1.0f) * 255 + 0.5f);
                img.rgba[size_t((i / perRow) * R + r) * size_t(img.width) + size_t((i % perRow) * C + c)] =
                    0xff000000u | g << 16 | g << 8 | g;
            }
    img.version = nextImageVersion();
    return img;
}

const LabImage& NetworkLab::firstLayerImages(int maxUnits, int& shown) {
    LabImage& img = m_weights;
    shown = 0;
    if (!images() || !m_snap) return img;
    const nn::LayerSlice first = nn::layerSlices(m_config)[0];
    const int R = data().imageRows, C = data().imageCols, perRow = 8;
    shown = std::min(maxUnits, first.out);
    const auto now = Clock::now();
    const bool due = m_weightsSnapshot != m_snap->version &&
                     (!m_snap->running || now - m_weightsTime > std::chrono::milliseconds(200));
    if (img.version && m_weightsUnits == shown && !due) return img;
    img.width = perRow * C;
    img.height = ((shown + perRow - 1) / perRow) * R;
    img.rgba.assign(size_t(img.width) * size_t(img.height), 0xff000000u);
    for (int u = 0; u < shown; ++u) {
        const float* w = m_snap->params.data() + first.weightOffset + Eigen::Index(u) * first.in;
        float top = 1e-12f;
        for (int k = 0; k < first.in; ++k) top = std::max(top, std::abs(w[k]));
        for (int r = 0; r < R; ++r)
            for (int c = 0; c < C; ++c) {
                const float v = w[r * C + c] / top;
                const uint32_t col = classColor(v > 0 ? 1 : 0);
                const float a = std::min(1.0f, std::abs(v));
                const uint32_t scaled = uint32_t(((col >> 16) & 0xff) * a) << 16 |
                                        uint32_t(((col >> 8) & 0xff) * a) << 8 | uint32_t((col & 0xff) * a);
                img.rgba[size_t((u / perRow) * R + r) * size_t(img.width) + size_t((u % perRow) * C + c)] =
                    opaquePixel(scaled);
            }
    }
    img.version = nextImageVersion();
    m_weightsSnapshot = m_snap->version;
    m_weightsUnits = shown;
    m_weightsTime = now;
    return img;
}

} // namespace dh
