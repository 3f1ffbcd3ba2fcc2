// All the playground's trajectories, recomputed together whenever anything that shapes them changes
// (the surface, a run's hyperparameters, the start, steps, noise, batch size, seed) and never
// otherwise. The fingerprint is what decides: a text of exactly those inputs.
#pragma once

#include "core/optim/trajectory.h"
#include "core/scene/scene.h"

#include <string>
#include <vector>

namespace dh {

struct RunOutcome {
    std::vector<Eigen::Vector2d> starts;  // one, or gridSize² in Grid mode
    std::vector<Trajectory> trajectories; // one per start
    std::string error;                    // invalid hyperparameters: the run is not drawn
};

struct RunSet {
    std::vector<RunOutcome> runs; // parallel to playground.runs
    std::string fingerprint;      // of the inputs these were computed from
    long version = 0;             // bumped on every recomputation
    int longest = 0;              // the most states in any trajectory (the timeline's end)
    int stepsPerRun = 0;          // the steps each trajectory was given (see kMaxGuiWork)
};

// The most optimizer steps one recomputation may take in all (runs × starts × steps), so that dragging
// a slider stays smooth: about 20 ms. A grid of starts beyond it gets fewer steps, and says so.
inline constexpr long kMaxGuiWork = 400000;

// Where each run starts: the shared start, its own, or a grid over the surface's domain.
std::vector<Eigen::Vector2d> startsFor(const Playground& playground, int runIndex, const Surface& surface);
// The shared start point in effect (the scene's, or the surface's default).
Eigen::Vector2d sharedStart(const Playground& playground, const Surface& surface);

std::string runFingerprint(const Playground& playground, long surfaceVersion);
// Recomputes out if the fingerprint changed; returns true when it did.
bool updateRuns(const Surface& surface, long surfaceVersion, const Playground& playground, RunSet& out);

} // namespace dh
