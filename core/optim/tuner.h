// "Tune η": a fair comparison of optimizers. For one optimizer, the learning rate whose run of N steps
// from a start ends closest to a global minimum of the surface, by a log-spaced search over
// [lrMin, lrMax] followed by a finer log-spaced search around the best coarse value. Runs that
// diverge score +∞. Surfaces without a known global minimum are scored by the final f instead.
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
    double lr = 0;                                             // the best η
    double distance = std::numeric_limits<double>::infinity(); // its score: distance to the nearest
                                                               // global minimum (or final f, see above)
    int evaluations = 0;                                       // trial runs made
};

// config.lr is ignored (it is what is searched); every other hyperparameter is kept.
TuneResult tuneLearningRate(const Surface& surface, const OptimizerConfig& config, const Schedule& schedule,
                            const Eigen::Vector2d& start, const TuneOptions& options = {});

} // namespace dh
