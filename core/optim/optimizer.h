// Optimizers as value types: step(x, grad) and reset(). Update rules follow the torch.optim
// documentation and its single-tensor implementation (names, defaults, order of operations,
// placement of ε, bias corrections), so a trajectory agrees with PyTorch in float64 to ~1e-15.
// Vec is Eigen::Vector2d (the playground) or Eigen::VectorX{d,f} (the flattened weights of a network).
#pragma once

#include <Eigen/Core>
#include <string>
#include <vector>

namespace dh {

enum class OptimizerKind { Sgd, Adagrad, Rmsprop, Adam, Adamw, Nadam, Adadelta, AdagradNorm, Newton };

// Hyperparameters under torch.optim's names. Fields an optimizer does not use are ignored.
// Start from torchDefaults(kind): defaults differ per optimizer (lr, eps, weight_decay).
struct OptimizerConfig {
    OptimizerKind kind = OptimizerKind::Sgd;
    double lr = 1e-3;                   // γ
    double momentum = 0;                // μ: sgd, rmsprop
    double dampening = 0;               // τ: sgd
    bool nesterov = false;              // sgd
    double weightDecay = 0;             // λ (L2 added to the gradient; decoupled in adamw)
    double alpha = 0.99;                // rmsprop smoothing constant
    double eps = 1e-8;                  // ε
    bool centered = false;              // rmsprop
    double beta1 = 0.9, beta2 = 0.999;  // adam, adamw, nadam
    bool amsgrad = false;               // adam, adamw
    double rho = 0.9;                   // adadelta
    double momentumDecay = 4e-3;        // nadam ψ
    double lrDecay = 0;                 // adagrad
    double initialAccumulatorValue = 0; // adagrad
};

OptimizerConfig torchDefaults(OptimizerKind kind);
// Command-line / scene names: sgd adagrad rmsprop adam adamw nadam adadelta adagrad_norm newton.
const char* optimizerName(OptimizerKind kind);
// InputError listing the valid names when unknown.
OptimizerKind parseOptimizerKind(const std::string& name);
const std::vector<OptimizerKind>& allOptimizerKinds();

struct ConfigProblem {
    std::string field;   // hyphenated flag name without dashes, e.g. "lr", "beta1", "nesterov"
    std::string message; // e.g. "must be >= 0 (got -1)"
};
// What torch would reject (lr < 0, β outside [0, 1), eps < 0, nesterov without momentum, ...).
std::vector<ConfigProblem> validate(const OptimizerConfig& config);

} // namespace dh
