// The update rules, written as torch.optim's single-tensor implementations (torch 1.13 / 2.x) compute
// them, operation by operation: `a.mul_(β).add_(g, alpha=1 − β)` is `β·a + (1 − β)·g`, `addcmul_(g, g,
// value=c)` is `+ (c·g)·g`, `addcdiv_(m, d, value=−s)` is `− s·(m / d)`; scalar factors (bias
// corrections, step sizes) are computed in double with std::pow as Python does, then cast to the scalar.
#include "core/optim/optimizer.h"

#include "core/common/error.h"

#include <cassert>
#include <cmath>
#include <sstream>
#include <type_traits>

namespace dh {

namespace {

struct KindName {
    OptimizerKind kind;
    const char* name;
};
constexpr KindName kKindNames[] = {
    {OptimizerKind::Sgd, "sgd"},           {OptimizerKind::Adagrad, "adagrad"},
    {OptimizerKind::Rmsprop, "rmsprop"},   {OptimizerKind::Adam, "adam"},
    {OptimizerKind::Adamw, "adamw"},       {OptimizerKind::Nadam, "nadam"},
    {OptimizerKind::Adadelta, "adadelta"}, {OptimizerKind::AdagradNorm, "adagrad_norm"},
    {OptimizerKind::Newton, "newton"},
};

// Eigen's vectorised sqrt is an approximation (rsqrt + Newton steps) for float packets, and for AVX-512
// double packets under EIGEN_FAST_MATH; torch's is correctly rounded. A functor without a packet op makes
// Eigen call std::sqrt per coefficient, which is exact (and sqrt(inf) stays inf).
struct ExactSqrt {
    template <class T>
    T operator()(T v) const {
        return std::sqrt(v);
    }
};
template <class X>
auto sqrtOf(const Eigen::ArrayBase<X>& a) {
    return a.unaryExpr(ExactSqrt{});
}

std::string formatNumber(double v) {
    std::ostringstream s;
    s << v;
    return s.str();
}

// Adds a problem unless lo <= v (NaN fails every check, as it does in torch's `not 0.0 <= v`).
void requireAtLeast(std::vector<ConfigProblem>& out, const char* field, double v, double lo) {
    if (!(v >= lo)) out.push_back({field, "must be >= " + formatNumber(lo) + " (got " + formatNumber(v) + ")"});
}
// lo <= v < hi
void requireHalfOpen(std::vector<ConfigProblem>& out, const char* field, double v, double lo, double hi) {
    if (!(v >= lo && v < hi))
        out.push_back(
            {field, "must be in [" + formatNumber(lo) + ", " + formatNumber(hi) + ") (got " + formatNumber(v) + ")"});
}
// lo <= v <= hi
void requireClosed(std::vector<ConfigProblem>& out, const char* field, double v, double lo, double hi) {
    if (!(v >= lo && v <= hi))
        out.push_back(
            {field, "must be in [" + formatNumber(lo) + ", " + formatNumber(hi) + "] (got " + formatNumber(v) + ")"});
}

} // namespace

OptimizerConfig torchDefaults(OptimizerKind kind) {
    OptimizerConfig c;
    c.kind = kind;
    switch (kind) {
    case OptimizerKind::Sgd:
        c.lr = 1e-3;
        break;
    case OptimizerKind::Adagrad:
        c.lr = 1e-2, c.eps = 1e-10;
        break;
    case OptimizerKind::Rmsprop:
        c.lr = 1e-2, c.alpha = 0.99, c.eps = 1e-8;
        break;
    case OptimizerKind::Adam:
        c.lr = 1e-3, c.eps = 1e-8;
        break;
    case OptimizerKind::Adamw:
        c.lr = 1e-3, c.eps = 1e-8, c.weightDecay = 1e-2;
        break;
    case OptimizerKind::Nadam:
        c.lr = 2e-3, c.eps = 1e-8;
        break;
    case OptimizerKind::Adadelta:
        c.lr = 1.0, c.rho = 0.9, c.eps = 1e-6;
        break;
    case OptimizerKind::AdagradNorm:
        c.lr = 1e-2, c.eps = 1e-10;
        break;
    case OptimizerKind::Newton:
        c.lr = 1.0;
        break;
    }
    return c;
}

const char* optimizerName(OptimizerKind kind) {
    for (const KindName& k : kKindNames)
        if (k.kind == kind) return k.name;
    assert(false && "unknown OptimizerKind");
    return "?";
}

OptimizerKind parseOptimizerKind(const std::string& name) {
    for (const KindName& k : kKindNames)
        if (name == k.name) return k.kind;
    std::string valid;
    for (const KindName& k : kKindNames) valid += std::string(valid.empty() ? "" : ", ") + k.name;
    throw InputError("unknown optimizer '" + name + "' (valid: " + valid + ")");
}

const std::vector<OptimizerKind>& allOptimizerKinds() {
    static const std::vector<OptimizerKind> kinds = [] {
        std::vector<OptimizerKind> v;
        for (const KindName& k : kKindNames) v.push_back(k.kind);
        return v;
    }();
    return kinds;
}

std::vector<ConfigProblem> validate(const OptimizerConfig& c) {
    std::vector<ConfigProblem> out;
    requireAtLeast(out, "lr", c.lr, 0);
    switch (c.kind) {
    case OptimizerKind::Sgd:
        requireAtLeast(out, "momentum", c.momentum, 0);
        requireAtLeast(out, "weight-decay", c.weightDecay, 0);
        if (c.nesterov && (!(c.momentum > 0) || c.dampening != 0))
            out.push_back({"nesterov", "requires momentum > 0 and dampening = 0 (got momentum " +
                                           formatNumber(c.momentum) + ", dampening " + formatNumber(c.dampening) +
                                           ")"});
        break;
    case OptimizerKind::Adagrad:
        requireAtLeast(out, "lr-decay", c.lrDecay, 0);
        requireAtLeast(out, "weight-decay", c.weightDecay, 0);
        requireAtLeast(out, "initial-accumulator-value", c.initialAccumulatorValue, 0);
        requireAtLeast(out, "eps", c.eps, 0);
        break;
    case OptimizerKind::Rmsprop:
        requireAtLeast(out, "eps", c.eps, 0);
        requireAtLeast(out, "momentum", c.momentum, 0);
        requireAtLeast(out, "weight-decay", c.weightDecay, 0);
        requireAtLeast(out, "alpha", c.alpha, 0);
        break;
    case OptimizerKind::Adam:
    case OptimizerKind::Adamw:
    case OptimizerKind::Nadam:
        requireAtLeast(out, "eps", c.eps, 0);
        requireHalfOpen(out, "beta1", c.beta1, 0, 1);
        requireHalfOpen(out, "beta2", c.beta2, 0, 1);
        requireAtLeast(out, "weight-decay", c.weightDecay, 0);
        if (c.kind == OptimizerKind::Nadam) requireAtLeast(out, "momentum-decay", c.momentumDecay, 0);
        break;
    case OptimizerKind::Adadelta:
        requireClosed(out, "rho", c.rho, 0, 1);
        requireAtLeast(out, "eps", c.eps, 0);
        requireAtLeast(out, "weight-decay", c.weightDecay, 0);
        break;
    case OptimizerKind::AdagradNorm:
        requireAtLeast(out, "eps", c.eps, 0);
        requireAtLeast(out, "weight-decay", c.weightDecay, 0);
        break;
    case OptimizerKind::Newton:
        break;
    }
    return out;
}

// ---- state names ----

namespace {

// Fills names (up to kMaxOptimizerStates) and returns the count.
int vectorStateNames(const OptimizerConfig& c, const char** names) {
    int n = 0;
    switch (c.kind) {
    case OptimizerKind::Sgd:
        if (c.momentum != 0) names[n++] = "momentum_buffer";
        break;
    case OptimizerKind::Adagrad:
        names[n++] = "sum";
        break;
    case OptimizerKind::Rmsprop:
        names[n++] = "square_avg";
        if (c.centered) names[n++] = "grad_avg";
        if (c.momentum > 0) names[n++] = "momentum_buffer";
        break;
    case OptimizerKind::Adam:
    case OptimizerKind::Adamw:
        names[n++] = "exp_avg";
        names[n++] = "exp_avg_sq";
        if (c.amsgrad) names[n++] = "max_exp_avg_sq";
        break;
    case OptimizerKind::Nadam:
        names[n++] = "exp_avg";
        names[n++] = "exp_avg_sq";
        break;
    case OptimizerKind::Adadelta:
        names[n++] = "square_avg";
        names[n++] = "acc_delta";
        break;
    case OptimizerKind::AdagradNorm:
    case OptimizerKind::Newton:
        break;
    }
    return n;
}

} // namespace

int optimizerStateCount(const OptimizerConfig& config) {
    const char* names[kMaxOptimizerStates];
    return vectorStateNames(config, names);
}

const char* optimizerStateName(const OptimizerConfig& config, int i) {
    const char* names[kMaxOptimizerStates];
    int n = vectorStateNames(config, names);
    assert(i >= 0 && i < n);
    return i >= 0 && i < n ? names[i] : "";
}

int optimizerScalarStateCount(const OptimizerConfig& config) {
    return config.kind == OptimizerKind::Nadam || config.kind == OptimizerKind::AdagradNorm ? 1 : 0;
}

const char* optimizerScalarStateName(const OptimizerConfig& config, int i) {
    assert(i == 0 && optimizerScalarStateCount(config) == 1);
    if (config.kind == OptimizerKind::Nadam) return "mu_product";
    if (config.kind == OptimizerKind::AdagradNorm) return "sum_sq_grad_norm";
    return "";
}

// ---- Optimizer ----

template <class Vec>
Optimizer<Vec>::Optimizer(const OptimizerConfig& config) : m_config(config) {
    std::vector<ConfigProblem> problems = validate(config);
    if (!problems.empty()) {
        std::string msg = std::string(optimizerName(config.kind)) + ":";
        for (const ConfigProblem& p : problems) msg += " " + p.field + " " + p.message + ";";
        msg.pop_back();
        throw InputError(msg);
    }
    if (config.kind == OptimizerKind::Newton && !std::is_same<Vec, Eigen::Vector2d>::value)
        throw InputError("newton needs the Hessian of a 2D surface; it cannot train a network");
    m_stateCount = optimizerStateCount(config);
    reset();
}

template <class Vec>
void Optimizer<Vec>::reset() {
    m_steps = 0;
    m_fellBack = false;
    fillInitialState();
}

template <class Vec>
void Optimizer<Vec>::fillInitialState() {
    for (int i = 0; i < m_stateCount; ++i) m_state[i].setZero();
    if (m_config.kind == OptimizerKind::Adagrad && m_stateCount > 0)
        m_state[0].setConstant(Scalar(m_config.initialAccumulatorValue));
    m_scalar = m_config.kind == OptimizerKind::Nadam ? 1.0 : 0.0;
}

template <class Vec>
void Optimizer<Vec>::allocate(Eigen::Index n) {
    for (int i = 0; i < m_stateCount; ++i) m_state[i].resize(n);
    m_scratch.resize(n);
    fillInitialState();
}

template <class Vec>
void Optimizer<Vec>::update(Vec& x, const Vec& gradIn, const Eigen::Matrix2d* hessian) {
    using S = Scalar;
    const OptimizerConfig& c = m_config;
    if (m_scratch.size() != x.size()) allocate(x.size()); // VectorX: once; Vector2d: never true
    assert(gradIn.size() == x.size());
    ++m_steps;
    const double t = m_steps;
    const double lr = c.lr;

    // g ← ∇f + λθ (L2 weight decay; adamw decays θ instead, newton ignores it)
    const Vec* gp = &gradIn;
    if (c.weightDecay != 0 && c.kind != OptimizerKind::Adamw && c.kind != OptimizerKind::Newton) {
        m_scratch = gradIn + S(c.weightDecay) * x;
        gp = &m_scratch;
    }
    const auto g = gp->array();
    auto th = x.array();

    switch (c.kind) {
    case OptimizerKind::Sgd: {
        // b₁ = g, b_t = μ b_{t−1} + (1 − τ) g;   g ← g + μ b_t (nesterov) or g ← b_t;   θ ← θ − γ g
        if (c.momentum != 0) {
            auto b = m_state[0].array();
            if (m_steps == 1)
                b = g;
            else
                b = b * S(c.momentum) + S(1 - c.dampening) * g;
            if (c.nesterov)
                th = th - S(lr) * (g + S(c.momentum) * b);
            else
                th = th - S(lr) * b;
        } else {
            th = th - S(lr) * g;
        }
        break;
    }
    case OptimizerKind::Adagrad: {
        // γ̃ = γ / (1 + (t − 1) η_decay);   s_t = s_{t−1} + g²;   θ ← θ − γ̃ g / (sqrt(s_t) + ε)
        const double clr = lr / (1 + (t - 1) * c.lrDecay);
        auto s = m_state[0].array();
        s = s + g * g;
        th = th - S(clr) * (g / (sqrtOf(s) + S(c.eps)));
        break;
    }
    case OptimizerKind::Rmsprop: {
        // v = α v + (1 − α) g²;   centered: ḡ = α ḡ + (1 − α) g, a = sqrt(v − ḡ²) + ε;  else a = sqrt(v) + ε
        // μ > 0: b = μ b + g / a, θ ← θ − γ b;   else θ ← θ − γ g / a
        auto v = m_state[0].array();
        v = v * S(c.alpha) + (S(1 - c.alpha) * g) * g;
        const int iBuf = c.centered ? 2 : 1;
        if (c.centered) {
            auto ga = m_state[1].array();
            ga = ga * S(c.alpha) + S(1 - c.alpha) * g;
            if (c.momentum > 0) {
                auto b = m_state[iBuf].array();
                b = b * S(c.momentum) + g / (sqrtOf(v - ga * ga) + S(c.eps));
                th = th - S(lr) * b;
            } else {
                th = th - S(lr) * (g / (sqrtOf(v - ga * ga) + S(c.eps)));
            }
        } else if (c.momentum > 0) {
            auto b = m_state[iBuf].array();
            b = b * S(c.momentum) + g / (sqrtOf(v) + S(c.eps));
            th = th - S(lr) * b;
        } else {
            th = th - S(lr) * (g / (sqrtOf(v) + S(c.eps)));
        }
        break;
    }
    case OptimizerKind::Adam:
    case OptimizerKind::Adamw: {
        // adamw first: θ ← θ (1 − γλ)   (decoupled weight decay)
        // m = β₁ m + (1 − β₁) g;   v = β₂ v + (1 − β₂) g²;   amsgrad: v_max = max(v_max, v), used for v below
        // denom = sqrt(v) / sqrt(1 − β₂ᵗ) + ε;   θ ← θ − γ / (1 − β₁ᵗ) · m / denom
        if (c.kind == OptimizerKind::Adamw) th = th * S(1 - lr * c.weightDecay);
        auto m = m_state[0].array();
        auto v = m_state[1].array();
        m = m * S(c.beta1) + S(1 - c.beta1) * g;
        v = v * S(c.beta2) + (S(1 - c.beta2) * g) * g;
        const double bc1 = 1 - std::pow(c.beta1, t);
        const double bc2 = 1 - std::pow(c.beta2, t);
        const double stepSize = lr / bc1;
        const S bc2Sqrt = S(std::sqrt(bc2));
        if (c.amsgrad) {
            auto vMax = m_state[2].array();
            vMax = vMax.max(v);
            th = th - S(stepSize) * (m / (sqrtOf(vMax) / bc2Sqrt + S(c.eps)));
        } else {
            th = th - S(stepSize) * (m / (sqrtOf(v) / bc2Sqrt + S(c.eps)));
        }
        break;
    }
    case OptimizerKind::Nadam: {
        // μ_t = β₁ (1 − ½ · 0.96^(tψ)),  μ_{t+1} likewise;   Π_t = Π_{t−1} μ_t
        // m = β₁ m + (1 − β₁) g;   v = β₂ v + (1 − β₂) g²;   denom = sqrt(v / (1 − β₂ᵗ)) + ε
        // θ ← θ − γ (1 − μ_t) / (1 − Π_t) · g / denom − γ μ_{t+1} / (1 − Π_t μ_{t+1}) · m / denom
        // (the documented formula and torch 2.x; torch 1.13's code used Π_t μ_t μ_{t+1} in the last term.)
        const double bc2 = 1 - std::pow(c.beta2, t);
        // (μ_t is the previous step's μ_{t+1}: the same expression of the same double t, so the same bits.)
        const double mu = m_steps > 1 ? m_muNext : c.beta1 * (1. - 0.5 * std::pow(0.96, t * c.momentumDecay));
        const double muNext = c.beta1 * (1. - 0.5 * std::pow(0.96, (t + 1) * c.momentumDecay));
        m_muNext = muNext;
        m_scalar *= mu;
        const double muProductNext = m_scalar * muNext;
        auto m = m_state[0].array();
        auto v = m_state[1].array();
        m = m * S(c.beta1) + S(1 - c.beta1) * g;
        v = v * S(c.beta2) + (S(1 - c.beta2) * g) * g;
        const S gFactor = S(-lr * (1. - mu) / (1. - m_scalar));
        const S mFactor = S((-lr * muNext) / (1. - muProductNext));
        th = (th + gFactor * (g / (sqrtOf(v / S(bc2)) + S(c.eps)))) + mFactor * (m / (sqrtOf(v / S(bc2)) + S(c.eps)));
        break;
    }
    case OptimizerKind::Adadelta: {
        // v = ρ v + (1 − ρ) g²;   Δ = sqrt(u + ε) / sqrt(v + ε) · g;   u = ρ u + (1 − ρ) Δ²;   θ ← θ − γ Δ
        // (Δ is written out twice instead of stored: same arithmetic, no scratch vector.)
        auto v = m_state[0].array();
        auto u = m_state[1].array();
        v = v * S(c.rho) + (S(1 - c.rho) * g) * g;
        th = th - S(lr) * ((sqrtOf(u + S(c.eps)) / sqrtOf(v + S(c.eps))) * g);
        u = u * S(c.rho) + (S(1 - c.rho) * ((sqrtOf(u + S(c.eps)) / sqrtOf(v + S(c.eps))) * g)) *
                               ((sqrtOf(u + S(c.eps)) / sqrtOf(v + S(c.eps))) * g);
        break;
    }
    case OptimizerKind::AdagradNorm: {
        // G_t = G_{t−1} + ‖g‖²;   θ ← θ − γ g / sqrt(ε + G_t)
        m_scalar += double(gp->squaredNorm());
        th = th - S(lr / std::sqrt(c.eps + m_scalar)) * g;
        break;
    }
    case OptimizerKind::Newton: {
        // H ≻ 0: θ ← θ − γ H⁻¹ g;   otherwise θ ← θ − γ g (a gradient step, reported by lastStepFellBack)
        if constexpr (std::is_same<Vec, Eigen::Vector2d>::value) {
            assert(hessian && "newton needs step(x, grad, hessian)");
            const Eigen::Matrix2d& h = hessian ? *hessian : Eigen::Matrix2d::Zero().eval(); // zero: fall back
            const double a = h(0, 0), b = 0.5 * (h(0, 1) + h(1, 0)), d = h(1, 1);
            const double det = a * d - b * b;
            m_fellBack = !(a > 0 && det > 0 && std::isfinite(det));
            if (m_fellBack) {
                x -= lr * gradIn;
            } else {
                const Eigen::Vector2d newtonDir((d * gradIn[0] - b * gradIn[1]) / det,
                                                (a * gradIn[1] - b * gradIn[0]) / det);
                x -= lr * newtonDir;
            }
        } else {
            assert(false && "newton is Vector2d only (checked in the constructor)");
        }
        break;
    }
    }
}

template class Optimizer<Eigen::Vector2d>;
template class Optimizer<Eigen::VectorXd>;
template class Optimizer<Eigen::VectorXf>;

} // namespace dh
