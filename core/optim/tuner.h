// "Tune η": a fair comparison of optimizers. For one optimizer, the learning rate whose run of N steps
// from a start reaches the lowest f (the lowest value at any of its iterates 0..N), by a log-spaced
// search over [lrMin, lrMax] followed by a finer log-spaced search around the best coarse value.
// The current η is tried first and ties keep it, so the result is never worse than the current η by
// this measure. Runs that diverge score +∞.
#pragma once

#include "core/optim/optimizer.h"
#include "core/optim/schedule.h"
#include "core/surfaces/surface.h"

#include <Eigen/Core>
#include <limits>

namespace dh {

struct TuneOptions {
    int steps = 200;     // N: the length of every trial run
    double lrMin = 1e-5; // search range for η
    double lrMax = 10;
    int coarse = 36; // log-spaced trials over [lrMin, lrMax]
    int refine = 16; // log-spaced trials between the best coarse value's neighbours
};

struct TuneResult {
    bool found = false;                                        // false: every trial diverged
    double lr = 0;                                             // the best η (config.lr when nothing beat it)
    double lowestF = std::numeric_limits<double>::infinity();  // its score: the lowest f its run reached
    double currentF = std::numeric_limits<double>::infinity(); // the score of config.lr (+∞: diverged)
    int evaluations = 0;                                       // trial runs made
};

// config.lr is the current η (tried first; ignored unless finite and > 0); every other hyperparameter
// is kept.
TuneResult tuneLearningRate(const Surface& surface, const OptimizerConfig& config, const Schedule& schedule,
                            const Eigen::Vector2d& start, const TuneOptions& options = {});

} // namespace dh
