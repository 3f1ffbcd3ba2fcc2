// Critical points of a surface: Newton's method on ∇f = 0 from a grid of starts over a domain, then
// de-duplication and classification by the eigenvalues of the exact Hessian.
//
//   min         both eigenvalues > 0          max     both < 0
//   saddle      one > 0 and one < 0           degenerate   an eigenvalue is zero within a relative
//                                                          tolerance (the monkey saddle's origin)
//
// Newton finds minima, maxima and saddles alike (it solves ∇f = 0, it does not descend). A point is
// accepted when ‖∇f‖ falls to rounding level relative to the typical gradient on the grid. Points
// outside the domain are dropped. A known minimum of the surface where f is not differentiable (the
// Ackley origin, a cusp) is added as a `min` with `smooth = false` and NaN eigenvalues when sampling
// around it confirms it is a strict local minimum. A surface that depends on x alone (oneD) is solved
// in 1D along y = 0 (y reported as 0). Where critical points are not isolated (a valley floor of
// (x − y)², a constant), the degenerate points found are thinned to about one per grid cell and
// marked isolated = false.
#pragma once

#include "core/surfaces/surface.h"

#include <Eigen/Core>
#include <string>
#include <vector>

namespace dh {

enum class CriticalType { Min, Max, Saddle, Degenerate };

// "min", "max", "saddle", "degenerate".
const char* criticalTypeName(CriticalType type);

struct CriticalPoint {
    Eigen::Vector2d at;          // location
    double f = 0;                // value there
    Eigen::Vector2d eigenvalues; // of the (symmetrised) Hessian, ascending; NaN where not smooth
    CriticalType type = CriticalType::Degenerate;
    double gradNorm = 0;  // ‖∇f‖ at the reported location (NaN where not smooth)
    bool smooth = true;   // false: a non-differentiable minimum (see above)
    bool isolated = true; // false: on a curve or region of critical points (degenerate only)
};

struct CriticalOptions {
    int gridX = 64, gridY = 64;   // Newton starts: cell centres of a gridX × gridY grid over the domain
    int maxIterations = 100;      // per start
    double gradTolerance = 1e-9;  // accept when ‖∇f‖ ≤ gradTolerance × (typical ‖∇f‖ on the grid)
    double zeroEigenvalue = 1e-6; // |λ| ≤ this × (curvature scale) counts as zero → degenerate
    double mergeDistance = 1e-6;  // points closer than this × domain diagonal are one point
};

// Critical points in the domain, sorted by f (ties within 1e-9 relative by x, then y). Deterministic.
std::vector<CriticalPoint> findCriticalPoints(const Surface& surface, const Domain& domain,
                                              const CriticalOptions& options = {});
// Over the surface's own default domain.
std::vector<CriticalPoint> findCriticalPoints(const Surface& surface, const CriticalOptions& options = {});
// Why the search cannot work on this domain, "" when it can: wider or higher than
// kMaxCriticalDomainScale times the surface's default domain (the grid of starts and the tolerances,
// relative to the typical gradient on it, then miss or misjudge points: the camel on ±200 finds 6 of
// its 15), a width, height or diagonal that is not a finite number, or f or ∇f not finite at more than
// 15 of every 16 starting points. The command line refuses such a domain instead of answering wrongly.
inline constexpr double kMaxCriticalDomainScale = 10;
std::string criticalDomainProblem(const Surface& surface, const Domain& domain, const CriticalOptions& options = {});

// Classifies a symmetric Hessian's eigenvalues (ascending) with a zero threshold `zeroTolerance`
// (absolute). Exposed for tests and the UI.
CriticalType classifyEigenvalues(const Eigen::Vector2d& eigenvalues, double zeroTolerance);

} // namespace dh
