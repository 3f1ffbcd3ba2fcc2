#include "core/scene/run_set.h"

#include "core/common/error.h"
#include "core/scene/optimizer_json.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace dh {

Eigen::Vector2d sharedStart(const Playground& p, const Surface& surface) {
    return p.startSet ? p.start : surface.defaultStart;
}

std::vector<Eigen::Vector2d> startsFor(const Playground& p, int runIndex, const Surface& surface) {
    switch (p.startMode) {
    case StartMode::Shared:
        return {sharedStart(p, surface)};
    case StartMode::PerRun:
        return {p.runs[size_t(runIndex)].start};
    case StartMode::Grid:
        break;
    }
    std::vector<Eigen::Vector2d> starts;
    int n = std::clamp(p.gridSize, 1, kMaxGuiGrid);
    const Domain& d = surface.domain;
    for (int j = 0; j < n; ++j)
        for (int i = 0; i < n; ++i) {
            double x = d.xMin + (d.xMax - d.xMin) * (i + 0.5) / n;
            double y = surface.oneD ? 0.0 : d.yMin + (d.yMax - d.yMin) * (j + 0.5) / n;
            starts.emplace_back(x, y);
        }
    if (surface.oneD) starts.resize(size_t(n)); // a curve: one row of starts is enough
    return starts;
}

std::string runFingerprint(const Playground& p, long surfaceVersion) {
    nlohmann::json j;
    j["surface"] = surfaceVersion;
    for (const RunSpec& r : p.runs) {
        nlohmann::json run = optimizerToJson(r.optimizer);
        run["start"] = {r.start.x(), r.start.y()};
        run["batch"] = r.batchSize;
        run["noise"] = r.noiseSigma;
        run["schedule"] = {int(r.schedule.kind), r.schedule.stepSize, r.schedule.gamma,
                           r.schedule.tMax,      r.schedule.etaMin,   r.schedule.warmupSteps};
        j["runs"].push_back(run);
    }
    j["mode"] = int(p.startMode);
    j["start"] = {p.startSet, p.start.x(), p.start.y()};
    j["grid"] = p.gridSize;
    j["steps"] = p.steps;
    j["noise"] = p.noiseSigma;
    j["batch"] = p.batchSize;
    j["seed"] = p.seed;
    return j.dump();
}

bool updateRuns(const Surface& surface, long surfaceVersion, const Playground& p, RunSet& out) {
    std::string fp = runFingerprint(p, surfaceVersion);
    if (fp == out.fingerprint) return false;
    out.fingerprint = std::move(fp);
    ++out.version;
    out.runs.resize(p.runs.size());
    out.longest = 1;
    RunOptions options;
    options.steps = std::clamp(p.steps, 0, kMaxGuiSteps);
    long starts = 0;
    for (size_t i = 0; i < p.runs.size(); ++i) starts += long(startsFor(p, int(i), surface).size());
    if (starts > 0 && long(options.steps) * starts > kMaxGuiWork) options.steps = int(kMaxGuiWork / starts);
    out.stepsPerRun = options.steps;
    options.seed = p.seed;
    for (size_t i = 0; i < p.runs.size(); ++i) {
        RunOutcome& outcome = out.runs[i];
        outcome.error.clear();
        outcome.starts = startsFor(p, int(i), surface);
        outcome.trajectories.resize(outcome.starts.size());
        const RunSpec& spec = p.runs[i];
        options.schedule = spec.schedule;
        options.noiseSigma = spec.noiseSigma >= 0 ? spec.noiseSigma : p.noiseSigma;
        int batch = spec.batchSize >= 0 ? spec.batchSize : p.batchSize;
        options.batchSize = surface.sampleCount() > 0 ? batch : 0;
        for (size_t s = 0; s < outcome.starts.size(); ++s) {
            options.start = outcome.starts[s];
            try {
                runTrajectory(surface, p.runs[i].optimizer, options, outcome.trajectories[s]);
                out.longest = std::max(out.longest, outcome.trajectories[s].size());
            } catch (const InputError& e) {
                outcome.error = e.what();
                outcome.trajectories.clear();
                break;
            }
        }
    }
    return true;
}

} // namespace dh
