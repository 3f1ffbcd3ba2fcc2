#include "core/optim/trajectory.h"

#include "core/common/error.h"

#include <cmath>
#include <limits>
#include <numeric>
#include <optional>
#include <string>

namespace dh {

namespace {

constexpr double kTwoPi = 6.28318530717958647692;

// The shuffle stream's seed: a fixed bijective mix of the run's seed, so that turning noise on or off
// does not change the batches.
uint64_t shuffleSeed(uint64_t seed) {
    uint64_t z = seed + 0x9E3779B97F4A7C15ull; // splitmix64
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

// Not finite, or |x| or |y| > 1e6 (NaN fails every comparison, so one test covers it).
bool diverged(const Eigen::Vector2d& x, double f) {
    return !(std::abs(x[0]) <= kDivergenceBound && std::abs(x[1]) <= kDivergenceBound &&
             std::abs(f) <= std::numeric_limits<double>::max());
}

void fail(const std::vector<ConfigProblem>& problems, const char* what) {
    std::string msg = what;
    for (const ConfigProblem& p : problems) msg += " " + p.field + " " + p.message + ";";
    msg.pop_back();
    throw InputError(msg);
}

} // namespace

double GaussianRng::next() {
    if (m_hasSpare) {
        m_hasSpare = false;
        return m_spare;
    }
    // (k + 0.5) / 2⁵³ lies in (0, 1): log(u₁) is finite.
    const double u1 = (double(m_engine() >> 11) + 0.5) * 0x1.0p-53;
    const double u2 = (double(m_engine() >> 11) + 0.5) * 0x1.0p-53;
    const double r = std::sqrt(-2.0 * std::log(u1));
    m_spare = r * std::sin(kTwoPi * u2);
    m_hasSpare = true;
    return r * std::cos(kTwoPi * u2);
}

uint64_t uniformIndex(std::mt19937_64& engine, uint64_t n) {
    // Reject the lowest (2⁶⁴ mod n) raw values so that every residue is equally likely.
    const uint64_t threshold = (0 - n) % n;
    for (;;) {
        const uint64_t r = engine();
        if (r >= threshold) return r % n;
    }
}

std::vector<ConfigProblem> validate(const RunOptions& o, const Surface& surface) {
    std::vector<ConfigProblem> out;
    if (o.steps < 0 || o.steps > kMaxTrajectorySteps)
        out.push_back({"steps", "must be in [0, " + std::to_string(kMaxTrajectorySteps) + "] (got " +
                                    std::to_string(o.steps) + ")"});
    if (!(o.noiseSigma >= 0) || !std::isfinite(o.noiseSigma))
        out.push_back({"noise", "must be finite and >= 0 (got " + std::to_string(o.noiseSigma) + ")"});
    if (o.batchSize < 0)
        out.push_back({"batch-size", "must be >= 0 (got " + std::to_string(o.batchSize) + ")"});
    else if (o.batchSize > 0 && surface.sampleCount() <= 0)
        out.push_back(
            {"batch-size", "needs a surface that is a sum over samples (linreg); '" + surface.name + "' is not"});
    for (ConfigProblem& p : validate(o.schedule)) out.push_back(std::move(p));
    return out;
}

// ---- the steps of runTrajectory ----

namespace {

// Sizes every per-state array for `capacity` states (storage is reused across runs).
void sizeTrajectory(Trajectory& out, size_t capacity, int nStates, int nScalars) {
    out.stateCount = nStates;
    out.scalarStateCount = nScalars;
    out.divergedAt = -1;
    out.x.resize(capacity);
    out.f.resize(capacity);
    out.grad.resize(capacity);
    out.lr.resize(capacity);
    out.newtonFallback.resize(capacity);
    out.states.resize(capacity * nStates);
    out.scalarStates.resize(capacity * nScalars);
}

// The gradient an update sees: the full-batch one, or a minibatch's (a fresh Fisher–Yates order of the
// samples each epoch, a last partial batch as is), plus Gaussian noise when σ > 0.
class UpdateGradient {
public:
    UpdateGradient(const Surface& surface, const RunOptions& options)
        : m_surface(surface), m_batchSize(options.batchSize), m_samples(surface.sampleCount()),
          m_sigma(options.noiseSigma) {
        // Seeding a Mersenne twister costs ~1 µs: only when used.
        if (m_sigma > 0) m_noise.emplace(options.seed);
        if (batched()) {
            m_shuffler.emplace(shuffleSeed(options.seed));
            m_order.resize(m_samples);
            m_orderPos = m_samples; // shuffle before the first batch
        }
    }

    Eigen::Vector2d at(const Eigen::Vector2d& x, const Eigen::Vector2d& fullBatch) {
        Eigen::Vector2d g = fullBatch;
        if (batched()) {
            if (m_orderPos >= m_samples) { // a new epoch: Fisher–Yates shuffle of 0..n−1
                std::iota(m_order.begin(), m_order.end(), 0);
                for (int i = m_samples - 1; i > 0; --i)
                    std::swap(m_order[i], m_order[uniformIndex(*m_shuffler, uint64_t(i) + 1)]);
                m_orderPos = 0;
            }
            const int n = std::min(m_batchSize, m_samples - m_orderPos); // a last partial batch as is
            m_surface.valueGradBatch(x, m_order.data() + m_orderPos, n, g);
            m_orderPos += n;
        }
        if (m_noise) {
            g[0] += m_sigma * m_noise->next();
            g[1] += m_sigma * m_noise->next();
        }
        return g;
    }

private:
    bool batched() const { return m_batchSize > 0 && m_batchSize < m_samples; }

    const Surface& m_surface;
    int m_batchSize, m_samples;
    double m_sigma;
    std::optional<GaussianRng> m_noise;
    std::optional<std::mt19937_64> m_shuffler;
    std::vector<int> m_order; // the current epoch's sample order (minibatch runs only)
    int m_orderPos = 0;
};

// The Hessian Newton uses. A function of x alone has a zero y row, so its 2D Hessian is never positive
// definite: use its 1D Hessian f''(x) for x (the y entry 1 only keeps the y gradient step as it was).
Eigen::Matrix2d newtonHessian(const Surface& surface, const Eigen::Vector2d& x) {
    Eigen::Matrix2d h = surface.hessian(x);
    if (surface.oneD) {
        h(0, 1) = h(1, 0) = 0;
        h(1, 1) = 1;
    }
    return h;
}

void trimTrajectory(Trajectory& out, size_t size) {
    out.x.resize(size);
    out.f.resize(size);
    out.grad.resize(size);
    out.lr.resize(size);
    out.newtonFallback.resize(size);
    out.states.resize(size * out.stateCount);
    out.scalarStates.resize(size * out.scalarStateCount);
}

} // namespace

void runTrajectory(const Surface& surface, const OptimizerConfig& config, const RunOptions& options, Trajectory& out) {
    std::vector<ConfigProblem> problems = validate(config);
    if (!problems.empty()) fail(problems, optimizerName(config.kind));
    problems = validate(options, surface);
    if (!problems.empty()) fail(problems, "run:");

    Optimizer<Eigen::Vector2d> opt(config);
    const int nStates = opt.stateCount();
    const int nScalars = opt.scalarStateCount();
    out.config = config;
    sizeTrajectory(out, size_t(options.steps) + 1, nStates, nScalars);
    const bool newton = config.kind == OptimizerKind::Newton;
    const bool constantLr = options.schedule.kind == ScheduleKind::Constant;
    UpdateGradient updateGradient(surface, options);

    // Records state k from the current x, the optimizer and the update's rate; false once diverged.
    // (Raw pointers: the virtual calls would otherwise make the compiler reload every vector's data.)
    Eigen::Vector2d* const xs = out.x.data();
    double* const fs = out.f.data();
    Eigen::Vector2d* const grads = out.grad.data();
    double* const lrs = out.lr.data();
    unsigned char* const fellBack = out.newtonFallback.data();
    Eigen::Vector2d* const states = out.states.data();
    double* const scalars = out.scalarStates.data();
    Eigen::Vector2d x = options.start;
    auto record = [&](int k, double lr) {
        xs[k] = x;
        fs[k] = surface.valueGrad(x, grads[k]);
        lrs[k] = lr;
        fellBack[k] = k > 0 && opt.lastStepFellBack();
        for (int j = 0; j < nStates; ++j) states[size_t(k) * nStates + j] = opt.state(j);
        for (int j = 0; j < nScalars; ++j) scalars[size_t(k) * nScalars + j] = opt.scalarState(j);
        return !diverged(x, fs[k]);
    };

    int last = options.steps;
    if (!record(0, 0)) {
        last = 0;
        out.divergedAt = 0;
    } else {
        for (int k = 0; k < options.steps; ++k) {
            const double lr = constantLr ? config.lr : lrAt(options.schedule, config.lr, k);
            if (!constantLr) opt.setLr(lr);
            const Eigen::Vector2d g = updateGradient.at(x, grads[k]);
            if (newton)
                opt.step(x, g, newtonHessian(surface, x));
            else
                opt.step(x, g);
            if (!record(k + 1, lr)) {
                last = k + 1;
                out.divergedAt = last;
                break;
            }
        }
    }
    trimTrajectory(out, size_t(last) + 1);
}

} // namespace dh
