#include "core/optim/rate_map.h"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace dh {

double spectralRadius2x2(double a, double b, double c, double d) {
    // Eigenvalues (T ± √(T² − 4D))/2 with T the trace and D the determinant: real ones have the
    // larger modulus (|T| + √disc)/2; a complex pair has modulus √D.
    const double trace = a + d, det = a * d - b * c;
    const double disc = trace * trace - 4 * det;
    if (disc >= 0) return 0.5 * (std::abs(trace) + std::sqrt(disc));
    return std::sqrt(det);
}

double momentumRate(double alpha, double beta, const std::vector<double>& eigenvalues, MomentumKind kind) {
    double rate = 0;
    for (double lambda : eigenvalues) {
        double r = kind == MomentumKind::HeavyBall
                       ? spectralRadius2x2(beta, lambda, -alpha * beta, 1 - alpha * lambda)
                       : spectralRadius2x2(beta, lambda, -alpha * beta * beta, 1 - alpha * lambda * (1 + beta));
        if (std::isnan(r)) return r;
        rate = std::max(rate, r);
    }
    return rate;
}

MomentumOptimum optimalMomentum(double lambdaMin, double lambdaMax) {
    assert(lambdaMin > 0 && lambdaMax >= lambdaMin);
    MomentumOptimum o;
    const double s = std::sqrt(lambdaMin) + std::sqrt(lambdaMax);
    const double sqrtKappa = std::sqrt(lambdaMax / lambdaMin);
    o.alpha = (2 / s) * (2 / s);
    o.rate = (sqrtKappa - 1) / (sqrtKappa + 1);
    o.beta = o.rate * o.rate;
    return o;
}

double RateGrid::alphaAt(double i) const {
    const double u = i / options.columns;
    if (options.logAlpha) return options.alphaMin * std::pow(options.alphaMax / options.alphaMin, u);
    return options.alphaMax * u;
}

double RateGrid::betaAt(double j) const {
    return options.betaMax * j / options.rows;
}

double RateGrid::alphaToCell(double alpha) const {
    if (options.logAlpha)
        return options.columns * std::log(alpha / options.alphaMin) / std::log(options.alphaMax / options.alphaMin);
    return options.columns * alpha / options.alphaMax;
}

double RateGrid::betaToCell(double beta) const {
    return options.rows * beta / options.betaMax;
}

RateGrid computeRateGrid(const std::vector<double>& eigenvalues, const RateGridOptions& options) {
    RateGrid grid;
    grid.options = options;
    grid.options.columns = std::max(1, options.columns);
    grid.options.rows = std::max(1, options.rows);
    const int nc = grid.options.columns, nr = grid.options.rows;
    grid.rate.resize(size_t(nc) * nr);
    for (int j = 0; j < nr; ++j) {
        const double beta = grid.betaAt(j + 0.5);
        for (int i = 0; i < nc; ++i)
            grid.rate[size_t(j) * nc + i] = momentumRate(grid.alphaAt(i + 0.5), beta, eigenvalues, options.kind);
    }
    return grid;
}

} // namespace dh
