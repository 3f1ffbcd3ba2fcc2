// A surface plus a penalty on the plane coordinates, the playground's picture of regularization:
//   f(x, y) + λ₁(|x| + |y|) + λ₂(x² + y²)
// L1 = λ₁ only, L2 = λ₂ only, the elastic net = both (the same two coefficients as the network's
// regularization, core/nn/mlp.h). Gradients are exact: ∂/∂x = ∂f/∂x + λ₁ sign x + 2λ₂x with sign 0 = 0
// (torch's subgradient of |x| at 0); the Hessian adds 2λ₂ on the diagonal (|x|'' = 0).
#pragma once

#include "core/surfaces/surface.h"

#include <memory>
#include <string>

namespace dh {

struct SurfaceRegularization {
    double l1 = 0; // λ₁ >= 0, the weight of |x| + |y|
    double l2 = 0; // λ₂ >= 0, the weight of x² + y²
    bool active() const { return l1 != 0 || l2 != 0; }
    bool operator==(const SurfaceRegularization& o) const { return l1 == o.l1 && l2 == o.l2; }
    bool operator!=(const SurfaceRegularization& o) const { return !(*this == o); }
};

inline constexpr double kMaxSurfaceRegularization = 1e6;

// InputError naming `path` + ".l1" or ".l2" when a coefficient is negative, not finite or above
// kMaxSurfaceRegularization.
void validate(const SurfaceRegularization& reg, const std::string& path);

// The penalty and its gradient at p (grad may be null: then only the value).
double regularizationPenalty(const SurfaceRegularization& reg, const Eigen::Vector2d& p, Eigen::Vector2d* grad);

// base with the penalty added (validated; base itself when the penalty is off). Keeps the base's
// name, parameters, domain and start; the formula gains the penalty with its numbers; the known minima
// are dropped (the penalty moves them).
std::unique_ptr<Surface> regularizeSurface(std::unique_ptr<Surface> base, const SurfaceRegularization& reg);

} // namespace dh
