// Backpropagation of one sample through an MLP, layer by layer, with every quantity the course writes
// on paper, for the network lab's backprop panel and `downhill backprop`:
//
//   forward   z⁽ˡ⁾ = W⁽ˡ⁾ y⁽ˡ⁻¹⁾ + b⁽ˡ⁾ (y⁽⁰⁾ = x),  y⁽ˡ⁾ = φ(z⁽ˡ⁾) for hidden layers, y⁽ᴸ⁾ = z⁽ᴸ⁾ (the
//             logits; the loss applies softmax or σ itself)
//   loss      E = the sample's data loss (core/nn/losses.h), no regularization
//   backward  δ⁽ᴸ⁾ = ∂E/∂z⁽ᴸ⁾ = the loss's gradient (y − t after a softmax with cross-entropy);
//             ∂E/∂y⁽ˡ⁾ = W⁽ˡ⁺¹⁾ᵀ δ⁽ˡ⁺¹⁾;  δ⁽ˡ⁾ = ∂E/∂y⁽ˡ⁾ ⊙ φ′(z⁽ˡ⁾) with φ′ = y(1 − y) (sigmoid),
//             1 − y² (tanh), [z > 0] (relu, 0 at 0), 1 (linear);
//             ∂E/∂W⁽ˡ⁾ = δ⁽ˡ⁾ y⁽ˡ⁻¹⁾ᵀ ([out][in]),  ∂E/∂b⁽ˡ⁾ = δ⁽ˡ⁾
//   update    what the chosen optimizer does with this gradient from a fresh state (core/optim:
//             SGD: θ ← θ − η ∂E/∂θ; weight decay included as the optimizer applies it)
//
// The trainer's objective is the mean of these per-sample losses over the batch (mse and bce: also over
// the outputs, which E already averages), so the mean of the per-sample gradients is its gradient
// without regularization (`train --dump-grad`; tested).
//
// Stepping: a view walks BackpropCursor through 2L + 2 states: nothing, the forward pass of layers
// 1…L, the backward pass of layers L…1, then the update.
#pragma once

#include "core/nn/losses.h"
#include "core/nn/mlp.h"
#include "core/optim/optimizer.h"

#include <Eigen/Core>
#include <vector>

namespace dh::nn {

struct LayerTrace {
    Eigen::VectorXd input; // y⁽ˡ⁻¹⁾: the layer below's output (x for the first layer)
    Eigen::VectorXd z;     // W y⁽ˡ⁻¹⁾ + b
    Eigen::VectorXd y;     // φ(z) for a hidden layer, z for the output layer
    Eigen::VectorXd dE_dy; // ∂E/∂y: W⁽ˡ⁺¹⁾ᵀ δ⁽ˡ⁺¹⁾, or the loss's gradient at the output layer
    Eigen::VectorXd slope; // ∂y/∂z elementwise: φ′(z), ones at the output layer
    Eigen::VectorXd dE_dz; // δ = ∂E/∂y ⊙ slope
    Eigen::MatrixXd dE_dW; // δ y⁽ˡ⁻¹⁾ᵀ, out × in
    Eigen::VectorXd dE_db; // δ
    Eigen::MatrixXd W;     // the layer's weights (out × in) and bias, for the formulas' numbers
    Eigen::VectorXd b;
    Eigen::MatrixXd W_next; // W − the optimizer's step, and b likewise (see BackpropTrace::update)
    Eigen::VectorXd b_next;
    bool output = false;
};

struct BackpropTrace {
    double loss = 0;                // E for this sample (no regularization)
    Eigen::VectorXd target;         // as the trainer stores it: a class index, or one value per output
    Eigen::VectorXd probabilities;  // softmax (cross_entropy) or σ (bce) of the logits; empty otherwise
    std::vector<LayerTrace> layers; // forward order
    Eigen::VectorXd gradient;       // ∂E/∂θ in the params layout (core/nn/mlp.h)
    Eigen::VectorXd paramsNext;     // θ after one optimizer step on `gradient` from a fresh state
};

// One sample: x (inputs()) and its target as the trainer stores it (core/nn/trainer.h NetData: a class
// index for cross_entropy and hinge, one value per output for mse and bce). The optimizer's step is
// computed with `optimizer` (validated; InputError as core/optim reports it). InputError when sizes do
// not fit the network or a class is out of range.
BackpropTrace backpropSample(const MlpConfig& config, const Eigen::Ref<const Eigen::VectorXd>& params,
                             const Eigen::Ref<const Eigen::VectorXd>& x,
                             const Eigen::Ref<const Eigen::VectorXd>& target,
                             const OptimizerConfig& optimizer = torchDefaults(OptimizerKind::Sgd));

// A view's position in the walk through a trace of `layers` layers (0-based layer indices below).
struct BackpropCursor {
    int layers = 0;
    int step = 0; // 0 … stepCount() − 1

    int stepCount() const { return 2 * layers + 2; }
    bool forwardShown(int l) const { return step >= l + 1; }           // z, y of layer l
    bool backwardShown(int l) const { return step >= 2 * layers - l; } // ∂E/∂y, δ, ∂E/∂W, ∂E/∂b of layer l
    bool lossShown() const { return step >= layers; }                  // E, after the last forward step
    bool updateShown() const { return step == 2 * layers + 1; }        // W_next, b_next
    void forward() { step = step + 1 < stepCount() ? step + 1 : step; }
    void back() { step = step > 0 ? step - 1 : 0; }
};

// A network of the course's exercise shape: 2 inputs, a sigmoid hidden layer of 2 units, 2 outputs
// with softmax and cross-entropy; small fixed weights W⁽¹⁾ = [[0.15, 0.2], [0.25, 0.3]], b⁽¹⁾ = (0.35, 0.35),
// W⁽²⁾ = [[0.4, 0.45], [0.5, 0.55]], b⁽²⁾ = (0.6, 0.6); one sample x = (0.05, 0.1) of class 0. For the
// backprop preset (and its spec file for `downhill backprop`, assets/specs/backprop_exercise.json).
struct ExerciseNetwork {
    MlpConfig config;
    Eigen::VectorXd params;
    Eigen::VectorXd x, target;
};
ExerciseNetwork courseExerciseNetwork();

} // namespace dh::nn
