#include "core/optim/schedule.h"

#include "core/common/error.h"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace dh {

namespace {

struct ScheduleName {
    ScheduleKind kind;
    const char* name;
};
constexpr ScheduleName kScheduleNames[] = {
    {ScheduleKind::Constant, "constant"},
    {ScheduleKind::Step, "step"},
    {ScheduleKind::Cosine, "cosine"},
    {ScheduleKind::Warmup, "warmup"},
};

constexpr double kPi = 3.14159265358979323846;

} // namespace

double lrAt(const Schedule& s, double baseLr, int step) {
    switch (s.kind) {
    case ScheduleKind::Constant:
        return baseLr;
    case ScheduleKind::Step:
        return baseLr * std::pow(s.gamma, step / std::max(1, s.stepSize));
    case ScheduleKind::Cosine:
        return s.etaMin + (baseLr - s.etaMin) * (1 + std::cos(kPi * step / std::max(1, s.tMax))) / 2;
    case ScheduleKind::Warmup:
        return step < s.warmupSteps ? baseLr * step / s.warmupSteps : baseLr;
    }
    return baseLr;
}

const char* scheduleName(ScheduleKind kind) {
    for (const ScheduleName& k : kScheduleNames)
        if (k.kind == kind) return k.name;
    assert(false && "unknown ScheduleKind");
    return "?";
}

ScheduleKind parseScheduleKind(const std::string& name) {
    for (const ScheduleName& k : kScheduleNames)
        if (name == k.name) return k.kind;
    std::string valid;
    for (const ScheduleName& k : kScheduleNames) valid += std::string(valid.empty() ? "" : ", ") + k.name;
    throw InputError("unknown schedule '" + name + "' (valid: " + valid + ")");
}

const std::vector<ScheduleKind>& allScheduleKinds() {
    static const std::vector<ScheduleKind> kinds = {ScheduleKind::Constant, ScheduleKind::Step, ScheduleKind::Cosine,
                                                    ScheduleKind::Warmup};
    return kinds;
}

std::vector<ConfigProblem> validate(const Schedule& s) {
    std::vector<ConfigProblem> out;
    switch (s.kind) {
    case ScheduleKind::Constant:
        break;
    case ScheduleKind::Step:
        if (s.stepSize < 1) out.push_back({"step-size", "must be >= 1 (got " + std::to_string(s.stepSize) + ")"});
        if (!(s.gamma >= 0)) out.push_back({"gamma", "must be >= 0 (got " + std::to_string(s.gamma) + ")"});
        break;
    case ScheduleKind::Cosine:
        if (s.tMax < 1) out.push_back({"t-max", "must be >= 1 (got " + std::to_string(s.tMax) + ")"});
        if (!(s.etaMin >= 0)) out.push_back({"eta-min", "must be >= 0 (got " + std::to_string(s.etaMin) + ")"});
        break;
    case ScheduleKind::Warmup:
        if (s.warmupSteps < 1)
            out.push_back({"warmup-steps", "must be >= 1 (got " + std::to_string(s.warmupSteps) + ")"});
        break;
    }
    return out;
}

} // namespace dh
