// The convergence rate of momentum on a quadratic, after Distill's "Why Momentum Really Works" (Goh,
// 2017): the α–β map. Heavy-ball momentum (torch's sgd with momentum μ = β, lr γ = α, dampening 0)
//   z ← βz + ∇f(w),   w ← w − αz
// on f(w) = ½ wᵀAw with eigenvalues λᵢ of A decouples into one 2×2 linear map per eigen-direction:
//   (zᵢ, wᵢ) ← Rᵢ (zᵢ, wᵢ),   Rᵢ = [[β, λᵢ], [−αβ, 1 − αλᵢ]],
// and the error shrinks like rateᵗ with rate = maxᵢ ρ(Rᵢ), ρ the spectral radius. rate < 1 converges,
// rate ≥ 1 does not (it diverges, or for rate = 1 stalls). Nesterov's variant (torch's nesterov=True:
// w ← w − α(∇f + βz) with the updated z) has Rᵢ = [[β, λᵢ], [−αβ², 1 − αλᵢ(1 + β)]].
#pragma once

#include <cstddef>
#include <vector>

namespace dh {

enum class MomentumKind { HeavyBall, Nesterov };

// The spectral radius of the real 2×2 matrix [[a, b], [c, d]].
double spectralRadius2x2(double a, double b, double c, double d);

// maxᵢ ρ(Rᵢ) over the eigenvalues (α ≥ 0, β ∈ [0, 1), λᵢ > 0). β = 0 gives maxᵢ |1 − αλᵢ| (gradient
// descent). Empty eigenvalues: 0.
double momentumRate(double alpha, double beta, const std::vector<double>& eigenvalues,
                    MomentumKind kind = MomentumKind::HeavyBall);

// The heavy-ball optimum for eigenvalues in [λ_min, λ_max] (0 < λ_min ≤ λ_max), κ = λ_max/λ_min:
//   α* = (2 / (√λ_min + √λ_max))²,   β* = ((√κ − 1)/(√κ + 1))²,   rate* = (√κ − 1)/(√κ + 1).
struct MomentumOptimum {
    double alpha = 0;
    double beta = 0;
    double rate = 0;
};
MomentumOptimum optimalMomentum(double lambdaMin, double lambdaMax);

// The rate over a grid of α × β, for the map's image: cell (i, j) has α = alphaAt(i), β = betaAt(j)
// (cell centres). α runs linearly over (0, alphaMax] or log-spaced over [alphaMin, alphaMax].
struct RateGridOptions {
    int columns = 120;      // α cells
    int rows = 60;          // β cells, over [0, betaMax)
    double alphaMin = 1e-4; // log scale only: the smallest α
    double alphaMax = 1;    // the largest α
    bool logAlpha = false;  // log-spaced α
    double betaMax = 1;     // β runs over [0, betaMax)
    MomentumKind kind = MomentumKind::HeavyBall;
};

struct RateGrid {
    RateGridOptions options;
    std::vector<double> rate; // row-major: rate[j * columns + i], j = β row (0 = lowest β)

    double alphaAt(double i) const; // fractional cell index → α (i = 0.5: the first centre)
    double betaAt(double j) const;
    double alphaToCell(double alpha) const; // the inverse (fractional; may fall outside [0, columns])
    double betaToCell(double beta) const;
    double at(int i, int j) const { return rate[std::size_t(j) * options.columns + i]; }
};

RateGrid computeRateGrid(const std::vector<double>& eigenvalues, const RateGridOptions& options);

} // namespace dh
