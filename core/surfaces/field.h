// Sampling a surface on a grid for the heatmap, and the colour scale that maps f to t ∈ [0, 1].
// The scale is fitted to the samples: linear between the minimum and a high percentile, or
// logarithmic, t = log(1 + (f − lo)/s) / log(1 + (hi − lo)/s), which spreads the values near the
// minima that a linear scale would crush into one colour (Rosenbrock, the camel's corners).
#pragma once

#include "core/surfaces/surface.h"

#include <vector>

namespace dh {

// f at the centres of an nx × ny grid over domain; row 0 is the bottom (y = yMin) row, matching
// OpenGL texture order. Non-finite values are stored as NaN.
void sampleSurface(const Surface& surface, const Domain& domain, int nx, int ny, std::vector<float>& out);

struct FieldScale {
    double lo = 0, hi = 1; // f mapped to t = 0 and t = 1
    bool log = false;
    double shift = 1;             // s in the log formula
    double toT(double f) const;   // clamped to [0, 1]; NaN stays NaN
    double fromT(double t) const; // inverse, for the legend
};

FieldScale fitScale(const std::vector<float>& values, bool logScale);

} // namespace dh
