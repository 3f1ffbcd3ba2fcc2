#include "core/nn/backprop.h"

#include "core/common/error.h"

#include <cmath>

namespace dh::nn {

namespace {

// y = φ(z) and φ′(z) written through y where the course does: y(1 − y), 1 − y², [z > 0], 1.
void activate(Activation a, const Eigen::VectorXd& z, Eigen::VectorXd& y, Eigen::VectorXd& slope) {
    switch (a) {
    case Activation::Tanh:
        y = z.array().tanh();
        slope = 1.0 - y.array().square();
        break;
    case Activation::Sigmoid:
        y = 1.0 / (1.0 + (-z.array()).exp());
        slope = y.array() * (1.0 - y.array());
        break;
    case Activation::Relu:
        y = z.array().max(0.0);
        slope = (z.array() > 0.0).cast<double>();
        break;
    case Activation::Linear:
        y = z;
        slope = Eigen::VectorXd::Ones(z.size());
        break;
    }
}

void checkSizes(const MlpConfig& config, Eigen::Index params, Eigen::Index x, const Eigen::VectorXd& target) {
    validate(config);
    if (params != paramCount(config))
        throw InputError("params: expected " + std::to_string(paramCount(config)) +
                         " values for layers of these sizes, got " + std::to_string(params));
    if (x != config.layers.front())
        throw InputError("x: expected " + std::to_string(config.layers.front()) + " inputs, got " + std::to_string(x));
    if (lossTakesClassIndices(config.loss)) {
        if (target.size() != 1 || !(target[0] >= 0) || target[0] != std::floor(target[0]) ||
            target[0] >= config.layers.back())
            throw InputError("target: expected a class index from 0 to " + std::to_string(config.layers.back() - 1));
    } else if (target.size() != config.layers.back()) {
        throw InputError("target: expected " + std::to_string(config.layers.back()) + " values (one per output), got " +
                         std::to_string(target.size()));
    }
}

} // namespace

BackpropTrace backpropSample(const MlpConfig& config, const Eigen::Ref<const Eigen::VectorXd>& params,
                             const Eigen::Ref<const Eigen::VectorXd>& x,
                             const Eigen::Ref<const Eigen::VectorXd>& target, const OptimizerConfig& optimizer) {
    BackpropTrace t;
    t.target = target;
    checkSizes(config, params.size(), x.size(), t.target);
    Mlp<double> net(config);
    net.setParams(params);
    const int L = net.layerCount();

    // forward: z = W y_below + b, y = φ(z) (the output layer stays linear)
    Eigen::VectorXd below = x;
    for (int l = 0; l < L; ++l) {
        LayerTrace layer;
        layer.output = l + 1 == L;
        layer.W = net.weights(l);
        layer.b = net.bias(l);
        layer.input = below;
        layer.z = layer.W * below + layer.b;
        if (layer.output) {
            layer.y = layer.z;
            layer.slope = Eigen::VectorXd::Ones(layer.z.size());
        } else {
            activate(config.activation, layer.z, layer.y, layer.slope);
        }
        below = layer.y;
        t.layers.push_back(std::move(layer));
    }

    SampleLoss e = sampleLoss(config.loss, t.layers.back().y, t.target);
    t.loss = e.loss;
    t.probabilities = e.probabilities;

    // backward: δ = ∂E/∂y ⊙ φ′(z); ∂E/∂W = δ y_belowᵀ; ∂E/∂b = δ; ∂E/∂y_below = Wᵀ δ
    Eigen::VectorXd dE_dy = e.grad;
    for (int l = L - 1; l >= 0; --l) {
        LayerTrace& layer = t.layers[size_t(l)];
        layer.dE_dy = dE_dy;
        layer.dE_dz = dE_dy.cwiseProduct(layer.slope);
        layer.dE_dW = layer.dE_dz * layer.input.transpose();
        layer.dE_db = layer.dE_dz;
        dE_dy = layer.W.transpose() * layer.dE_dz;
    }

    t.gradient = Eigen::VectorXd::Zero(params.size());
    for (int l = 0; l < L; ++l) {
        const LayerSlice& s = net.slice(l);
        const LayerTrace& layer = t.layers[size_t(l)];
        for (int i = 0; i < s.out; ++i) {
            for (int j = 0; j < s.in; ++j) t.gradient[s.weightOffset + Eigen::Index(i) * s.in + j] = layer.dE_dW(i, j);
            t.gradient[s.biasOffset + i] = layer.dE_db[i];
        }
    }

    // update: one step of the optimizer from a fresh state, as training's first step would take it
    Optimizer<Eigen::VectorXd> opt(optimizer);
    t.paramsNext = params;
    opt.step(t.paramsNext, t.gradient);
    net.setParams(t.paramsNext);
    for (int l = 0; l < L; ++l) {
        t.layers[size_t(l)].W_next = net.weights(l);
        t.layers[size_t(l)].b_next = net.bias(l);
    }
    return t;
}

ExerciseNetwork courseExerciseNetwork() {
    ExerciseNetwork n;
    n.config.layers = {2, 2, 2};
    n.config.activation = Activation::Sigmoid;
    n.config.loss = LossKind::CrossEntropy;
    n.params.resize(12);
    n.params << 0.15, 0.2, 0.25, 0.3, 0.35, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.6;
    n.x.resize(2);
    n.x << 0.05, 0.1;
    n.target = Eigen::VectorXd::Zero(1);
    return n;
}

} // namespace dh::nn
