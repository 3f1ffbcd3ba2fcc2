#include "core/optim/tuner.h"

#include "core/optim/trajectory.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace dh {
namespace {

// Scores one trial run: the lowest f at any of its iterates; +∞ when it diverged.
class Scorer {
public:
    Scorer(const Surface& surface, const OptimizerConfig& config, const RunOptions& options)
        : m_surface(surface), m_config(config), m_options(options) {}

    double operator()(double lr) {
        ++evaluations;
        m_config.lr = lr;
        runTrajectory(m_surface, m_config, m_options, m_trajectory);
        if (m_trajectory.divergedAt >= 0 || m_trajectory.size() == 0) return kInf;
        double lowest = kInf;
        for (double f : m_trajectory.f)
            if (std::isfinite(f)) lowest = std::min(lowest, f);
        return lowest;
    }

    int evaluations = 0;

private:
    static constexpr double kInf = std::numeric_limits<double>::infinity();
    const Surface& m_surface;
    OptimizerConfig m_config;
    RunOptions m_options;
    Trajectory m_trajectory; // reused: its storage is sized once
};

// n log-spaced values from lo to hi, both included (n = 1: lo).
std::vector<double> logSpaced(double lo, double hi, int n) {
    std::vector<double> out;
    double a = std::log(lo), b = std::log(hi);
    for (int i = 0; i < n; ++i) out.push_back(std::exp(n == 1 ? a : a + (b - a) * i / (n - 1)));
    return out;
}

} // namespace

TuneResult tuneLearningRate(const Surface& surface, const OptimizerConfig& config, const Schedule& schedule,
                            const Eigen::Vector2d& start, const TuneOptions& options) {
    TuneResult result;
    RunOptions run;
    run.start = start;
    run.steps = std::clamp(options.steps, 0, kMaxTrajectorySteps);
    run.schedule = schedule;
    OptimizerConfig probe = config;
    probe.lr = 1;
    // Invalid settings fail for every η alike: report "not found" instead of throwing from a button.
    if (!validate(probe).empty() || !validate(run, surface).empty()) return result;
    if (!(options.lrMin > 0) || !(options.lrMax >= options.lrMin) || !std::isfinite(options.lrMax)) return result;

    Scorer score(surface, config, run);
    auto consider = [&](double lr) {
        double s = score(lr);
        if (s < result.lowestF) { // strictly better: ties keep the η tried first (the current one)
            result.lowestF = s;
            result.lr = lr;
            result.found = true;
        }
        return s;
    };
    if (std::isfinite(config.lr) && config.lr > 0) result.currentF = consider(config.lr);

    // Coarse: log-spaced over the whole range.
    std::vector<double> coarse = logSpaced(options.lrMin, options.lrMax, std::max(1, options.coarse));
    size_t bestCoarse = 0;
    double bestCoarseScore = std::numeric_limits<double>::infinity();
    for (size_t i = 0; i < coarse.size(); ++i) {
        double s = consider(coarse[i]);
        if (s < bestCoarseScore) bestCoarseScore = s, bestCoarse = i;
    }

    // Fine: log-spaced strictly between the best coarse value's neighbours (the ends were tried).
    if (std::isfinite(bestCoarseScore) && coarse.size() > 1 && options.refine > 0) {
        double lo = coarse[bestCoarse == 0 ? 0 : bestCoarse - 1];
        double hi = coarse[std::min(bestCoarse + 1, coarse.size() - 1)];
        std::vector<double> fine = logSpaced(lo, hi, options.refine + 2);
        for (size_t i = 1; i + 1 < fine.size(); ++i) consider(fine[i]);
    }
    result.evaluations = score.evaluations;
    return result;
}

} // namespace dh
