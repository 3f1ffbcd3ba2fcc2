// The trajectory runner: N optimizer steps on a 2D surface from a start point, with optional Gaussian
// gradient noise and real minibatches, recording every state for the plots, the UI's glyphs and the
// CSV export. Built to be rerun on every slider move: out's storage is reused, nothing is allocated
// per step once it is sized.
#pragma once

#include "core/optim/optimizer.h"
#include "core/optim/schedule.h"
#include "core/surfaces/surface.h"

#include <Eigen/Core>
#include <cstdint>
#include <random>
#include <vector>

namespace dh {

inline constexpr int kMaxTrajectorySteps = 100000; // the most updates one run may take
inline constexpr double kDivergenceBound = 1e6;    // |x| or |y| beyond this is divergence

struct RunOptions {
    Eigen::Vector2d start{0, 0}; // x₀
    int steps = 100;             // number of updates, 0..kMaxTrajectorySteps
    double noiseSigma = 0;       // σ: each update sees g̃ = g + σ·N(0, I), g the (minibatch) gradient
    uint64_t seed = 0;           // seeds the noise and the minibatch shuffles (two independent streams)
    int batchSize = 0;           // 0 = full batch; > 0 needs surface.sampleCount() > 0 (linreg);
                                 // >= sampleCount() is the full batch too
    Schedule schedule;           // the rate of update t is lrAt(schedule, config.lr, t)
};

// Problems with options for this surface (field names: steps, noise, batch-size, and the schedule's).
std::vector<ConfigProblem> validate(const RunOptions& options, const Surface& surface);

// One run. Per-state arrays have size() entries: index k is the state after k updates (0 = the start).
// f and grad are always the true, full-batch f and ∇f at x[k], never the noisy or minibatch gradient
// that the update used; the optimizer's state is recorded after the update into x[k].
struct Trajectory {
    OptimizerConfig config;                    // the optimizer that made it (gives the state names)
    std::vector<Eigen::Vector2d> x;            // x[k]
    std::vector<double> f;                     // f(x[k])
    std::vector<Eigen::Vector2d> grad;         // ∇f(x[k])
    std::vector<double> lr;                    // γ of the update into state k (lr[0] = 0: no update)
    std::vector<unsigned char> newtonFallback; // 1 where the update into k was newton's gradient step
    int stateCount = 0;                        // optimizer vector states per row (optimizerStateName(config, j))
    int scalarStateCount = 0;                  // optimizer scalar states per row (optimizerScalarStateName)
    std::vector<Eigen::Vector2d> states;       // row-major: states[k * stateCount + j]
    std::vector<double> scalarStates;          // row-major: scalarStates[k * scalarStateCount + j]
    int divergedAt = -1; // first k where x, y or f is not finite or |x| or |y| > kDivergenceBound; the
                         // arrays end with that state. -1: no divergence.

    int size() const { return int(x.size()); }
    const Eigen::Vector2d& state(int k, int j) const { return states[size_t(k) * stateCount + j]; }
    double scalarState(int k, int j) const { return scalarStates[size_t(k) * scalarStateCount + j]; }
};

// Runs options.steps updates of a fresh optimizer made from config, from options.start, into out
// (resized, reusing its storage). InputError for an invalid config or options (see validate).
// Divergence is not an error: it is recorded in out.divergedAt.
void runTrajectory(const Surface& surface, const OptimizerConfig& config, const RunOptions& options, Trajectory& out);

// Standard normal numbers that are the same on every platform: std::mt19937_64 (fully specified by
// the standard) and Box–Muller, u₁, u₂ ∈ (0, 1) from the top 53 bits; z = sqrt(−2 ln u₁)·(cos, sin)(2π u₂),
// the cosine first, the sine on the next call.
class GaussianRng {
public:
    explicit GaussianRng(uint64_t seed) : m_engine(seed) {}
    double next();

private:
    std::mt19937_64 m_engine;
    double m_spare = 0;
    bool m_hasSpare = false;
};

// A uniform integer in [0, n), n > 0, without modulo bias, from the engine's raw output (portable,
// unlike std::uniform_int_distribution). Used for the Fisher–Yates shuffles of the minibatches.
uint64_t uniformIndex(std::mt19937_64& engine, uint64_t n);

} // namespace dh
