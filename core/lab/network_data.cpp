// Sections: data and network · texts · colours · decisions.
#include "core/lab/network_data.h"

#include "core/common/error.h"
#include "core/scene/view_transform.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace dh {

// ---- data and network ----

namespace {

SyntheticKind syntheticKind(NetworkDataset d) {
    switch (d) {
    case NetworkDataset::Circle:
        return SyntheticKind::Circle;
    case NetworkDataset::Xor:
        return SyntheticKind::Xor;
    case NetworkDataset::Gaussians:
        return SyntheticKind::Gaussians;
    case NetworkDataset::Moons:
        return SyntheticKind::Moons;
    default:
        return SyntheticKind::Spirals;
    }
}

} // namespace

Dataset makeNetworkDataset(const NetworkSettings& s, const FashionMnistOptions& fashion) {
    if (s.dataset == NetworkDataset::FashionMnist) return loadFashionMnist(fashion);
    Dataset ds;
    if (s.dataset == NetworkDataset::Csv) {
        if (s.csvPath.empty())
            throw InputError("csv: type the path of a CSV file (a header line, numeric columns, the label last)");
        ds = loadCsv(s.csvPath);
    } else {
        SyntheticOptions o;
        o.n = s.samples;
        o.noise = s.noise;
        o.seed = s.dataSeed;
        ds = makeSynthetic(syntheticKind(s.dataset), o);
    }
    if (ds.size() < 2) throw InputError(ds.name + ": needs at least two samples");
    if (s.testFraction > 0) ds = splitTrainTest(std::move(ds), s.testFraction, s.dataSeed);
    return ds;
}

nn::MlpConfig networkConfig(const NetworkSettings& s, const Dataset& data) {
    nn::MlpConfig c;
    c.activation = s.activation;
    c.loss = s.loss;
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

// ---- texts ----

std::string architectureText(const nn::MlpConfig& config) {
    std::string s;
    for (size_t i = 0; i < config.layers.size(); ++i) s += (i ? " → " : "") + std::to_string(config.layers[i]);
    if (config.layers.size() > 2) s += std::string(" ") + nn::activationName(config.activation);
    return s;
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

// ---- colours ----

std::vector<uint32_t> networkThumbnail(const NetworkSettings& s, int w, int h) {
    std::vector<uint32_t> px;
    if (!isSynthetic(s.dataset) || w < 2 || h < 2) return px;
    try {
        const Dataset d = makeNetworkDataset(s);
        const ViewTransform vt(networkDataDomain(d), PixelRect{0, 0, double(w), double(h)});
        px.assign(size_t(w) * size_t(h), classRegionColor(0, 0));
        for (Eigen::Index i = 0; i < d.size(); ++i) {
            Eigen::Vector2d p = vt.toPixel({d.X(i, 0), d.X(i, 1)});
            int x = int(p.x()), y = int(p.y());
            if (x < 0 || y < 0 || x >= w || y >= h) continue;
            px[size_t(y) * size_t(w) + size_t(x)] = opaquePixel(classColor(d.labels[i]));
        }
    } catch (const std::exception&) { // a CSV that cannot be read (IoError) or parsed: no thumbnail
        px.clear();
    }
    return px;
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

} // namespace dh
