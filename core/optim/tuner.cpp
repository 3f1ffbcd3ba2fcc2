// Placeholder until the tuner lands: evaluates the coarse grid only.
#include "core/optim/tuner.h"

#include "core/optim/trajectory.h"

#include <cmath>

namespace dh {

TuneResult tuneLearningRate(const Surface& surface, const OptimizerConfig& config, const Schedule& schedule,
                            const Eigen::Vector2d& start, const TuneOptions& options) {
    TuneResult best;
    (void)surface, (void)config, (void)schedule, (void)start, (void)options;
    return best;
}

} // namespace dh
