#include "core/scene/scene.h"

namespace dh {

std::unique_ptr<Surface> makeSurface(const SurfaceSpec& spec) {
    std::unique_ptr<Surface> base =
        spec.expr.empty() ? makeBuiltinSurface(spec.name, spec.params) : makeExprSurface(spec.expr);
    return regularizeSurface(std::move(base), spec.regularization);
}

const char* networkDatasetName(NetworkDataset d) {
    switch (d) {
    case NetworkDataset::Circle:
        return "circle";
    case NetworkDataset::Xor:
        return "xor";
    case NetworkDataset::Gaussians:
        return "gaussians";
    case NetworkDataset::Spirals:
        return "spirals";
    case NetworkDataset::Moons:
        return "moons";
    case NetworkDataset::FashionMnist:
        return "fashion_mnist";
    case NetworkDataset::Csv:
        return "csv";
    }
    return "spirals";
}

const char* landscapeDirectionsName(nn::LandscapeDirections d) {
    return d == nn::LandscapeDirections::Pca ? "pca" : "random";
}

const char* graphSourceName(GraphSource s) {
    switch (s) {
    case GraphSource::Expression:
        return "expression";
    case GraphSource::Surface:
        return "surface";
    case GraphSource::MatrixChain:
        return "matrix_chain";
    case GraphSource::TwoPaths:
        return "two_paths";
    case GraphSource::TwoLayerLinear:
        return "two_layer_linear";
    }
    return "expression";
}

uint32_t paletteColor(int i) {
    // Okabe & Ito (2008), without black: distinguishable with every common colour-vision deficiency.
    static constexpr uint32_t kPalette[] = {0xe69f00, 0x56b4e9, 0x009e73, 0xf0e442,
                                            0x0072b2, 0xd55e00, 0xcc79a7, 0xffffff};
    return kPalette[((i % 8) + 8) % 8];
}

std::vector<RunSpec> defaultRuns() {
    auto make = [](const char* label, OptimizerKind kind, double lr, int colorIndex) {
        RunSpec r;
        r.label = label;
        r.optimizer = torchDefaults(kind);
        r.optimizer.lr = lr;
        r.color = paletteColor(colorIndex);
        return r;
    };
    std::vector<RunSpec> runs;
    runs.push_back(make("GD", OptimizerKind::Sgd, 0.01, 7));
    RunSpec momentum = make("Momentum", OptimizerKind::Sgd, 0.01, 0);
    momentum.optimizer.momentum = 0.9;
    runs.push_back(momentum);
    RunSpec nesterov = make("Nesterov", OptimizerKind::Sgd, 0.01, 1);
    nesterov.optimizer.momentum = 0.9;
    nesterov.optimizer.nesterov = true;
    runs.push_back(nesterov);
    runs.push_back(make("AdaGrad", OptimizerKind::Adagrad, 0.5, 2));
    runs.push_back(make("RMSProp", OptimizerKind::Rmsprop, 0.01, 3));
    runs.push_back(make("Adam", OptimizerKind::Adam, 0.05, 5));
    return runs;
}

Scene::Scene() {
    playground.runs = defaultRuns();
}

} // namespace dh
