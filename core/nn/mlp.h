// A multilayer perceptron whose weights live in ONE flat parameter vector, so that one
// Optimizer<VectorX> steps all of them at once.
//
// Params layout (`init.params` in core/nn/train_spec.h, and `--dump-grad`): for each layer l = 1..L in order, W_l as
// out×in rows (row i holds the incoming weights of unit i: s = Wx + b), then b_l (out entries):
//   [W1 (row-major), b1, W2, b2, ...].
// Hidden layers apply the activation; the output layer is linear (logits) and the loss applies
// softmax (cross_entropy) or the sigmoid (bce) itself.
//
// Templated on the scalar: double for `train --spec` (agrees with float64 references), float for
// large data (Fashion-MNIST). Explicitly instantiated for float and double.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <string>
#include <vector>

namespace dh::nn {

enum class Activation { Tanh, Sigmoid, Relu, Linear };
enum class LossKind { Mse, CrossEntropy, Hinge, Bce };

// Names used by specs, scenes and the GUI: tanh sigmoid relu linear; mse cross_entropy hinge bce.
const char* activationName(Activation a);
Activation parseActivation(const std::string& name); // InputError listing the valid names
const std::vector<std::string>& activationNames();
const char* lossName(LossKind k);
LossKind parseLoss(const std::string& name); // also accepts binary_cross_entropy, multiclass_hinge
const std::vector<std::string>& lossNames();
// Losses whose targets are class indices (one column); mse and bce take one target per output.
inline bool lossTakesClassIndices(LossKind k) {
    return k == LossKind::CrossEntropy || k == LossKind::Hinge;
}

struct MlpConfig {
    std::vector<int> layers = {2, 8, 8, 1};   // sizes, input first; at least two entries, all >= 1
    Activation activation = Activation::Tanh; // of every hidden layer
    LossKind loss = LossKind::Mse;
};
// InputError naming "layers[i]" when a size is not >= 1, or "layers" when there are fewer than two.
void validate(const MlpConfig& config);

// Penalties added to the data loss, on the weight matrices only (biases are not penalized):
//   objective = loss + l1·Σ_l Σ|W_l| + l2·Σ_l Σ W_l²   (exactly what a torch reference adds by hand).
// Elastic net = both non-zero. Not the same as an optimizer's weight_decay (which also decays biases).
struct Regularization {
    double l1 = 0; // λ₁ >= 0
    double l2 = 0; // λ₂ >= 0
};

// Index ranges of each layer inside the flat vector.
struct LayerSlice {
    int in = 0, out = 0;
    Eigen::Index weightOffset = 0; // out*in entries, row-major
    Eigen::Index biasOffset = 0;   // out entries
};
std::vector<LayerSlice> layerSlices(const MlpConfig& config);
Eigen::Index paramCount(const MlpConfig& config);

template <class T>
class Mlp {
public:
    using Vector = Eigen::Matrix<T, Eigen::Dynamic, 1>;
    using RowMatrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    using WeightMap = Eigen::Map<RowMatrix>;
    using ConstWeightMap = Eigen::Map<const RowMatrix>;
    using BiasMap = Eigen::Map<Vector>;
    using ConstBiasMap = Eigen::Map<const Vector>;

    // Validates the config (InputError); parameters start at zero (see init.h).
    explicit Mlp(const MlpConfig& config);

    const MlpConfig& config() const { return m_config; }
    int layerCount() const { return static_cast<int>(m_slices.size()); } // weight layers
    const LayerSlice& slice(int l) const { return m_slices[static_cast<size_t>(l)]; }
    Eigen::Index paramCount() const { return m_params.size(); }
    int inputs() const { return m_config.layers.front(); }
    int outputs() const { return m_config.layers.back(); }

    Vector& params() { return m_params; }
    const Vector& params() const { return m_params; }
    // Replaces all parameters (InputError when the size differs).
    void setParams(const Eigen::Ref<const Vector>& params);

    // Views of layer l (0-based) into params().
    WeightMap weights(int l);
    ConstWeightMap weights(int l) const;
    BiasMap bias(int l);
    ConstBiasMap bias(int l) const;

    // Outputs (logits) for a batch, one sample per row. Plain Eigen, no tape: for decision boundaries
    // and predictions; const and thread-safe.
    RowMatrix forward(const Eigen::Ref<const RowMatrix>& X) const;

private:
    MlpConfig m_config;
    std::vector<LayerSlice> m_slices;
    Vector m_params;
};

// The regularization term on a flat parameter vector, and its gradient added into grad (if non-null).
template <class T>
T regularizationTerm(const MlpConfig& config, const Regularization& reg, const T* params, T* grad = nullptr);

extern template class Mlp<float>;
extern template class Mlp<double>;

} // namespace dh::nn
