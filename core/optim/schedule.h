// Learning-rate schedules: the rate γ_t used for update t (t = 0 for the first update), from the
// optimizer's base rate γ. Closed forms of torch.optim.lr_scheduler's StepLR and CosineAnnealingLR,
// called as torch does (scheduler.step() after each optimizer.step()), plus a linear warmup.
#pragma once

#include "core/optim/optimizer.h"

#include <string>
#include <vector>

namespace dh {

enum class ScheduleKind {
    Constant, // γ_t = γ
    Step,     // StepLR: γ_t = γ · gamma^⌊t / stepSize⌋
    Cosine,   // CosineAnnealingLR: γ_t = η_min + (γ − η_min)(1 + cos(π t / T_max)) / 2
    Warmup,   // γ_t = γ · t / warmupSteps for t < warmupSteps (from 0), then γ
};

struct Schedule {
    ScheduleKind kind = ScheduleKind::Constant;
    int stepSize = 30;    // step: StepLR's step_size, updates between decays (>= 1)
    double gamma = 0.1;   // step: StepLR's gamma, factor per decay (>= 0)
    int tMax = 100;       // cosine: T_max, updates to reach η_min (>= 1); the cosine continues past it
    double etaMin = 0;    // cosine: η_min, the lowest rate (>= 0)
    int warmupSteps = 10; // warmup: updates to ramp from 0 to γ (>= 1)
};

// γ_t for update `step` (0-based) of a run whose optimizer has base rate baseLr.
double lrAt(const Schedule& schedule, double baseLr, int step);

// UI / scene names: constant step cosine warmup.
const char* scheduleName(ScheduleKind kind);
// InputError listing the valid names when unknown.
ScheduleKind parseScheduleKind(const std::string& name);
const std::vector<ScheduleKind>& allScheduleKinds();
// Problems with the fields the kind uses (field names: step-size, gamma, t-max, eta-min, warmup-steps).
std::vector<ConfigProblem> validate(const Schedule& schedule);

} // namespace dh
