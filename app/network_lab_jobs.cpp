// NetworkLab, continued: what is computed from snapshots. Sections: decisions · background jobs
// (loss landscape, test-set predictions) · pictures (class map with its boundary, image atlases).
#include "app/app_state.h"
#include "app/network_lab.h"
#include "core/common/error.h"
#include "core/nn/landscape.h"

#include <algorithm>
#include <cmath>

namespace dh {

namespace {

using RowMatrixF = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

template <class F>
bool ready(const std::future<F>& f) {
    return f.valid() && f.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
}

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

} // namespace

// ---- decisions ----

Decision decide(const float* o, int outputs, nn::LossKind loss, int classes) {
    Decision d;
    if (outputs == 1) { // bce: the sigmoid of the one logit
        d.p1 = 1 / (1 + std::exp(-double(o[0])));
        d.predicted = d.p1 > 0.5 ? 1 : 0;
        d.probability = std::max(d.p1, 1 - d.p1);
        d.confidence = std::abs(2 * d.p1 - 1);
        return d;
    }
    int k = int(std::max_element(o, o + outputs) - o);
    d.predicted = k;
    if (loss == nn::LossKind::Mse) {
        if (outputs == 2) {
            d.p1 = std::clamp(0.5 + 0.5 * (double(o[1]) - o[0]), 0.0, 1.0);
            d.probability = std::max(d.p1, 1 - d.p1);
            d.confidence = std::abs(2 * d.p1 - 1);
        } else {
            d.probability = std::clamp(double(o[k]), 0.0, 1.0);
            d.confidence = d.probability;
        }
        return d;
    }
    double sum = 0;
    for (int i = 0; i < outputs; ++i) sum += std::exp(double(o[i]) - o[k]);
    d.probability = 1 / sum;
    if (outputs >= 2) d.p1 = std::exp(double(o[1]) - o[k]) / sum;
    double chance = 1.0 / std::max(2, std::min(outputs, std::max(classes, 2)));
    d.confidence = std::clamp((d.probability - chance) / (1 - chance), 0.0, 1.0);
    return d;
}

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
    return decide(out.data(), int(out.cols()), m_config.loss, m_data.numClasses);
}

// ---- background jobs ----

void NetworkLab::syncLandscape(const AppState& state) {
    const NetworkSettings& s = state.scene.network;
    if (m_landscapeJob.valid()) {
        if (!ready(m_landscapeJob)) return;
        m_landscape = m_landscapeJob.get();
        m_landscape.version = ++m_landscapeCount;
        m_landscapeTime = Clock::now();
    }
    const Snapshot& snap = *m_snap;
    if (m_landscape.step == snap.step && m_landscape.directions == s.landscapeDirections &&
        m_landscape.range == s.landscapeRange)
        return;
    if (!state.headless && snap.running && Clock::now() - m_landscapeTime < std::chrono::seconds(1)) return;

    nn::LandscapeOptions o;
    const bool pca = s.landscapeDirections == "pca";
    o.directions = pca ? nn::LandscapeDirections::Pca : nn::LandscapeDirections::FilterNormalized;
    o.fitTrajectory = pca; // unit PCA directions: the path decides the extent
    o.aMin = o.bMin = -s.landscapeRange;
    o.aMax = o.bMax = s.landscapeRange;
    const double params = double(nn::paramCount(m_config));
    o.maxSamples = params > 20000 ? 256 : 2048;
    const double rows = double(std::min<Eigen::Index>(m_session->trainData().size(), o.maxSamples));
    o.resolution = std::clamp(int(std::sqrt(3e9 / std::max(1.0, rows * params))), 15, 51);
    o.cancel = &m_cancel;
    auto job = [config = m_config, reg = nn::Regularization{m_builtFrom.l1, m_builtFrom.l2}, session = m_session.get(),
                theta = snap.params, o, step = snap.step, dirs = s.landscapeDirections, range = s.landscapeRange]() {
        Landscape l;
        l.step = step;
        l.directions = dirs;
        l.range = range;
        try {
            // The trajectory is copied here, not in the GUI thread: for Fashion-MNIST it is tens of megabytes.
            nn::LandscapeSlice<float> slice =
                nn::lossLandscape<float>(config, reg, session->trainData(), theta, session->trajectory(), o);
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
    if (state.headless) { // the picture must be there in the first frame
        m_landscape = job();
        m_landscape.version = ++m_landscapeCount;
        return;
    }
    m_landscapeJob = std::async(std::launch::async, std::move(job));
}

void NetworkLab::syncPredictions(const AppState& state) {
    if (m_predictionsJob.valid()) {
        if (!ready(m_predictionsJob)) return;
        m_predictions = m_predictionsJob.get();
        m_predictionsTime = Clock::now();
    }
    if (m_predictions.step == m_snap->step) return;
    if (!state.headless && m_snap->running && Clock::now() - m_predictionsTime < std::chrono::seconds(1)) return;
    auto job = [config = m_config, params = m_snap->params, data = &m_session->testData(), step = m_snap->step,
                classes = m_data.numClasses]() {
        Predictions p;
        p.step = step;
        p.confusion.assign(size_t(classes), std::vector<int>(size_t(classes), 0));
        nn::Mlp<float> net(config);
        net.setParams(params);
        const Eigen::Index n = data->size();
        long correct = 0;
        for (Eigen::Index start = 0; start < n; start += 1000) {
            const Eigen::Index rows = std::min<Eigen::Index>(1000, n - start);
            RowMatrixF out = net.forward(data->X.middleRows(start, rows));
            for (Eigen::Index r = 0; r < rows; ++r) {
                Decision d = decide(out.data() + r * out.cols(), int(out.cols()), config.loss, classes);
                int truth = trueLabel(data->Y, start + r);
                if (truth >= 0 && truth < classes && d.predicted < classes)
                    ++p.confusion[size_t(truth)][size_t(d.predicted)];
                correct += truth == d.predicted;
                if (start + r < kShownImages) {
                    p.predicted.push_back(d.predicted);
                    p.confidence.push_back(float(d.probability));
                }
            }
        }
        p.accuracy = n ? double(correct) / double(n) : 0;
        return p;
    };
    if (state.headless)
        m_predictions = job();
    else
        m_predictionsJob = std::async(std::launch::async, std::move(job));
}

// ---- pictures ----

NetworkLab::ClassMap& NetworkLab::classMap(const Domain& shown, int pixelW, int pixelH) {
    ClassMap& m = m_classMap;
    if (!twoD() || !m_snap || pixelW < 2 || pixelH < 2) return m;
    // About 4 million multiply-adds per map: fine for small networks, coarser for wide ones.
    const double cells = std::clamp(2e6 / double(nn::paramCount(m_config)), 1500.0, 16000.0);
    const double aspect = double(pixelW) / pixelH;
    const int nx = std::clamp(int(std::sqrt(cells * aspect)), 16, std::max(16, pixelW / 3));
    const int ny = std::clamp(int(nx / aspect + 0.5), 16, std::max(16, pixelH / 3));
    const bool sameGrid = m.nx == nx && m.ny == ny && sameDomain(m.shown, shown);
    const bool sameSize = m.pixelW == pixelW && m.pixelH == pixelH;
    if (sameGrid && sameSize && m.version == m_snap->version) return m;
    // While training, at most 20 redraws a second: each one costs a view-sized copy on a software rasteriser.
    const auto now = Clock::now();
    if (sameGrid && sameSize && m.version && m_snap->running && now - m.time < std::chrono::milliseconds(50)) return m;
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
    const int classes = m_data.numClasses;
    std::vector<float> margin(size_t(nx) * size_t(ny));
    m.rgba.resize(margin.size());
    for (Eigen::Index r = 0; r < out.rows(); ++r) {
        Decision d = decide(out.data() + r * out.cols(), int(out.cols()), m_config.loss, classes);
        m.rgba[size_t(r)] = classRegionColor(d.predicted, d.confidence);
        margin[size_t(r)] = float(d.p1 - 0.5);
    }
    if (classes == 2)
        zeroContour(margin, nx, ny, shown, m.boundary);
    else
        m.boundary.clear();
    m.small.upload(m.rgba, nx, ny, true);
    m.current ^= 1;
    m.big[m.current].scaleFrom(m.small, pixelW, pixelH);
    m.version = m_snap->version;
    m.time = now;
    m.shown = shown;
    m.nx = nx;
    m.ny = ny;
    m.pixelW = pixelW;
    m.pixelH = pixelH;
    return m;
}

LabPicture& NetworkLab::markers(float r, int& cell) {
    if (!m_markers || m_markerRadius != r) {
        const float k = r / 4.5f, outline = r + 1.2f * k; // k: the UI scale
        m_markerCell = 2 * int(std::ceil(std::max(outline, r + 2.5f * k) + 1.5f)) + 1;
        const int S = m_markerCell, W = S * kMarkerKinds;
        std::vector<uint32_t> px(size_t(W) * size_t(S));
        for (int y = 0; y < S; ++y)
            for (int x = 0; x < W; ++x) {
                const int kind = x / S;
                const float d = std::hypot(float(x % S) + 0.5f - S / 2.0f, float(y) + 0.5f - S / 2.0f);
                float a = kind == 0   ? outline + 0.5f - d
                          : kind == 1 ? r + 0.5f - d
                          : kind == 2 ? 2.5f * k + 0.5f - std::abs(d - r)
                                      : 1.4f * k + 0.5f - std::abs(d - r);
                px[size_t(y) * size_t(W) + size_t(x)] =
                    uint32_t(std::clamp(a, 0.0f, 1.0f) * 255 + 0.5f) << 24 | 0xffffffu;
            }
        if (!m_markers) m_markers = std::make_unique<LabPicture>();
        m_markers->upload(px, W, S, false);
        m_markerRadius = r;
    }
    cell = m_markerCell;
    return *m_markers;
}

LabPicture& NetworkLab::testImages() {
    if (m_testImages) return *m_testImages;
    m_testImages = std::make_unique<LabPicture>();
    const RowMatrixF& X = m_session->testData().X;
    const int R = m_data.imageRows, C = m_data.imageCols, perRow = 8;
    const int n = int(std::min<Eigen::Index>(kShownImages, X.rows()));
    const int W = perRow * C, H = ((kShownImages + perRow - 1) / perRow) * R;
    std::vector<uint32_t> px(size_t(W) * size_t(H), 0xff000000u);
    for (int i = 0; i < n; ++i)
        for (int r = 0; r < R; ++r)
            for (int c = 0; c < C; ++c) {
                uint32_t g = uint32_t(std::clamp(X(i, r * C + c), 0.0f, 1.0f) * 255 + 0.5f);
                px[size_t((i / perRow) * R + r) * size_t(W) + size_t((i % perRow) * C + c)] =
                    0xff000000u | g << 16 | g << 8 | g;
            }
    m_testImages->upload(px, W, H, false);
    return *m_testImages;
}

LabPicture& NetworkLab::firstLayerImages(int maxUnits, int& shown) {
    const nn::LayerSlice first = nn::layerSlices(m_config)[0];
    const int R = m_data.imageRows, C = m_data.imageCols, perRow = 8;
    shown = std::min(maxUnits, first.out);
    const auto now = Clock::now();
    const bool due = m_weightsVersion != m_snap->version &&
                     (!m_snap->running || now - m_weightsTime > std::chrono::milliseconds(200));
    if (m_weights[m_weightsCurrent] && m_weightsUnits == shown && !due) return *m_weights[m_weightsCurrent];
    const int rows = (shown + perRow - 1) / perRow, W = perRow * C, H = rows * R;
    std::vector<uint32_t> px(size_t(W) * size_t(H), 0xff000000u);
    for (int u = 0; u < shown; ++u) {
        const float* w = m_snap->params.data() + first.weightOffset + Eigen::Index(u) * first.in;
        float top = 1e-12f;
        for (int k = 0; k < first.in; ++k) top = std::max(top, std::abs(w[k]));
        for (int r = 0; r < R; ++r)
            for (int c = 0; c < C; ++c) {
                float v = w[r * C + c] / top;
                uint32_t col = classColor(v > 0 ? 1 : 0);
                float a = std::min(1.0f, std::abs(v));
                uint32_t rr = uint32_t(((col >> 16) & 0xff) * a), gg = uint32_t(((col >> 8) & 0xff) * a),
                         bb = uint32_t((col & 0xff) * a);
                px[size_t((u / perRow) * R + r) * size_t(W) + size_t((u % perRow) * C + c)] =
                    0xff000000u | bb << 16 | gg << 8 | rr;
            }
    }
    m_weightsCurrent ^= 1;
    if (!m_weights[m_weightsCurrent]) m_weights[m_weightsCurrent] = std::make_unique<LabPicture>();
    m_weights[m_weightsCurrent]->upload(px, W, H, false);
    m_weightsVersion = m_snap->version;
    m_weightsUnits = shown;
    m_weightsTime = now;
    return *m_weights[m_weightsCurrent];
}

} // namespace dh
