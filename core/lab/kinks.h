// Where a recorded function is not smooth: the points where the argument of abs, relu, sign or step
// crosses 0, or the two arguments of min or max tie. For the 1D and 2D views, which mark the kinks and
// the subgradient the tape (and so every optimizer) uses there (torch's conventions: abs′(0) = sign(0)
// = 0, relu′(0) = 0, sign′ = step′ = 0, min/max split a tie half and half).
#pragma once

#include "core/autodiff/graph.h"
#include "core/surfaces/surface.h"

#include <Eigen/Core>
#include <string>
#include <vector>

namespace dh {

// A kink of x ↦ f(x, y) on a line of fixed y.
struct Kink1D {
    double x = 0;
    std::string op;       // "abs", "relu", "sign", "step", "min", "max"
    double leftSlope = 0; // ∂f/∂x just left of x and just right of it (1e-7 relative away)
    double rightSlope = 0;
    double usedSlope = 0; // ∂f/∂x the tape gives at x itself (valid when exact)
    bool exact = false;   // x found exactly (the argument is 0 there), so usedSlope is the convention's
    double jump = 0;      // f(right) − f(left): nonzero at a step's jump
};

// Kinks with x in [x0, x1] at height y, from `samples` evenly spaced samples refined by bisection; at most
// 64, sorted by x. The graph is re-evaluated (its values afterwards are those at the last point tried).
std::vector<Kink1D> findKinks1D(CompGraph& graph, double x0, double x1, double y, int samples = 512);

// Points on the kink curves of f(x, y) over the domain: where a kink's argument changes sign between
// neighbours of an nx × ny grid (linearly interpolated between them). At most 20000 points.
std::vector<Eigen::Vector2d> findKinks2D(CompGraph& graph, const Domain& domain, int nx = 96, int ny = 96);

} // namespace dh
