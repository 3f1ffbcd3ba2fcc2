// Optimizers as value types: step(x, grad) and reset(). Update rules follow the torch.optim
// documentation and its single-tensor implementation (names, defaults, order of operations,
// placement of ε, bias corrections), so a step agrees with PyTorch in float64 to rounding (checked with
// scripts/torch_reference.py: 50-step trajectories on the camel and Rosenbrock within 4e-10 relative).
// NAdam is the documented formula, as torch 2.x computes it; torch 1.13's code differs (it used
// Π_t·μ_t·μ_{t+1} in the momentum term). Torch's scalar state is float64 when its default dtype is.
// Vec is Eigen::Vector2d (the playground) or Eigen::VectorX{d,f} (the flattened weights of a network).
//
// Two kinds are not in torch.optim:
//   adagrad_norm  the lecture's scalar adaptive rate x ← x − γ g / sqrt(ε + Σ_{s≤t} ‖g_s‖²), one scalar
//                 accumulator over all steps including the current one; defaults lr = 1e-2, eps = 1e-10
//                 (as adagrad). weight_decay, when set, is added to g first as in the other kinds.
//   newton        damped Newton x ← x − γ H⁻¹∇f (default lr 1.0). When H is not positive definite it
//                 takes a gradient step x ← x − γ∇f instead and reports it (lastStepFellBack()).
//                 Vector2d only; it needs the Hessian: step(x, grad, hessian). Other fields ignored.
#pragma once

#include <Eigen/Core>
#include <array>
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

// torch.optim's defaults (torch 2.x): sgd lr 1e-3; adagrad lr 1e-2, eps 1e-10; rmsprop lr 1e-2,
// alpha 0.99, eps 1e-8; adam lr 1e-3; adamw lr 1e-3, weight_decay 1e-2; nadam lr 2e-3; adadelta lr 1.0,
// rho 0.9, eps 1e-6; adagrad_norm lr 1e-2, eps 1e-10; newton lr 1.0.
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
// What torch would reject (lr < 0, β outside [0, 1), eps < 0, nesterov without momentum, ...),
// checking only the fields the kind uses. Empty when the config is valid.
std::vector<ConfigProblem> validate(const OptimizerConfig& config);

// ---- Optimizer state, by name (for the UI's glyphs and the CSV export) ----
// Vector states (one value per coordinate), under torch's state names, in this order and only those
// the config uses: sgd [momentum_buffer if momentum ≠ 0]; adagrad [sum]; rmsprop [square_avg,
// grad_avg if centered, momentum_buffer if momentum > 0]; adam, adamw [exp_avg, exp_avg_sq,
// max_exp_avg_sq if amsgrad]; nadam [exp_avg, exp_avg_sq]; adadelta [square_avg, acc_delta];
// adagrad_norm, newton [].
// Scalar states: nadam [mu_product]; adagrad_norm [sum_sq_grad_norm] (Σ‖g‖²); others [].
inline constexpr int kMaxOptimizerStates = 3;
int optimizerStateCount(const OptimizerConfig& config);
const char* optimizerStateName(const OptimizerConfig& config, int i);
int optimizerScalarStateCount(const OptimizerConfig& config);
const char* optimizerScalarStateName(const OptimizerConfig& config, int i);

// One optimizer with its state. A value type: copy it to branch a run, reset() to start over.
// Hyperparameters are double and cast to Vec's scalar at use. Vector2d never allocates; VectorX
// allocates its state once, on the first step (and again only if the size changes).
// Explicitly instantiated for Eigen::Vector2d, Eigen::VectorXd and Eigen::VectorXf.
template <class Vec>
class Optimizer {
public:
    using Scalar = typename Vec::Scalar;

    // InputError when validate(config) finds a problem, or for newton with a Vec other than Vector2d.
    explicit Optimizer(const OptimizerConfig& config);

    // Forget the state (step count, moments, accumulators); keep the config and the current lr.
    void reset();
    // One update of x in place from the gradient ∇f(x). Newton needs the Hessian: use the overload (without
    // one it asserts, or in release builds takes a gradient step).
    void step(Vec& x, const Vec& grad) { update(x, grad, nullptr); }
    // The same with the Hessian ∇²f(x), which only newton reads (Vector2d only).
    void step(Vec& x, const Vec& grad, const Eigen::Matrix2d& hessian) { update(x, grad, &hessian); }

    // The learning rate γ of the next steps (schedules call this before each step).
    void setLr(double lr) { m_config.lr = lr; }
    double lr() const { return m_config.lr; }
    // Steps taken since construction or reset().
    int steps() const { return m_steps; }
    const OptimizerConfig& config() const { return m_config; }
    // newton: whether the last step was a gradient step because H was not positive definite.
    bool lastStepFellBack() const { return m_fellBack; }

    // State after the last step (see the list above). Before the first step: torch's initial values
    // (zeros; adagrad's sum = initial_accumulator_value; nadam's mu_product = 1); for VectorX the
    // vectors are empty until the first step.
    int stateCount() const { return m_stateCount; }
    const char* stateName(int i) const { return optimizerStateName(m_config, i); }
    const Vec& state(int i) const { return m_state[i]; }
    int scalarStateCount() const { return optimizerScalarStateCount(m_config); }
    const char* scalarStateName(int i) const { return optimizerScalarStateName(m_config, i); }
    double scalarState(int i) const { return m_scalar; }

private:
    void update(Vec& x, const Vec& grad, const Eigen::Matrix2d* hessian);
    void allocate(Eigen::Index n);
    void fillInitialState();

    OptimizerConfig m_config;
    int m_steps = 0;
    bool m_fellBack = false;
    int m_stateCount = 0;
    std::array<Vec, kMaxOptimizerStates> m_state; // in the public order above
    Vec m_scratch;                                // g + λθ when weight decay is on
    double m_scalar = 0;                          // nadam's μ-product or adagrad_norm's Σ‖g‖²
    double m_muNext = 0;                          // nadam's μ_{t+1} of the last step (saves one pow)
};

extern template class Optimizer<Eigen::Vector2d>;
extern template class Optimizer<Eigen::VectorXd>;
extern template class Optimizer<Eigen::VectorXf>;

} // namespace dh
