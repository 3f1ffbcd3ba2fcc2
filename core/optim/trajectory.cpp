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

void runTrajectory(const Surface& surface, const OptimizerConfig& config, const RunOptions& options, Trajectory& out) {
    std::vector<ConfigProblem> problems = validate(config);
    if (!problems.empty()) fail(problems, optimizerName(config.kind));
    problems = validate(options, surface);
    if (!problems.empty()) fail(problems, "run:");

    Optimizer<Eigen::Vector2d> opt(config);
    const int nStates = opt.stateCount();
    const int nScalars = opt.scalarStateCount();
    const size_t capacity = size_t(options.steps) + 1;
    out.config = config;
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

    const bool newton = config.kind == OptimizerKind::Newton;
    const bool noisy = options.noiseSigma > 0;
    const bool constantLr = options.schedule.kind == ScheduleKind::Constant;
    const int nSamples = surface.sampleCount();
    const bool batched = options.batchSize > 0 && options.batchSize < nSamples;
    // Seeding a Mersenne twister costs ~1 µs: only when used.
    std::optional<GaussianRng> noise;
    std::optional<std::mt19937_64> shuffler;
    if (noisy) noise.emplace(options.seed);
    if (batched) shuffler.emplace(shuffleSeed(options.seed));
    std::vector<int> order; // the current epoch's sample order (minibatch runs only)
    int orderPos = 0;
    if (batched) {
        order.resize(nSamples);
        orderPos = nSamples; // shuffle before the first batch
    }

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
            Eigen::Vector2d g = grads[k];
            if (batched) {
                if (orderPos >= nSamples) { // a new epoch: Fisher–Yates shuffle of 0..n−1
                    std::iota(order.begin(), order.end(), 0);
                    for (int i = nSamples - 1; i > 0; --i)
                        std::swap(order[i], order[uniformIndex(*shuffler, uint64_t(i) + 1)]);
                    orderPos = 0;
                }
                const int n = std::min(options.batchSize, nSamples - orderPos); // a last partial batch as is
                surface.valueGradBatch(x, order.data() + orderPos, n, g);
                orderPos += n;
            }
            if (noisy) {
                g[0] += options.noiseSigma * noise->next();
                g[1] += options.noiseSigma * noise->next();
            }
            if (newton)
                opt.step(x, g, surface.hessian(x));
            else
                opt.step(x, g);
            if (!record(k + 1, lr)) {
                last = k + 1;
                out.divergedAt = last;
                break;
            }
        }
    }

    const size_t size = size_t(last) + 1;
    out.x.resize(size);
    out.f.resize(size);
    out.grad.resize(size);
    out.lr.resize(size);
    out.newtonFallback.resize(size);
    out.states.resize(size * nStates);
    out.scalarStates.resize(size * nScalars);
}

} // namespace dh
