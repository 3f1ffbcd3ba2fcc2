// A loss-landscape slice: the training objective of a network on the plane θ + a·d1 + b·d2 through
// its weights θ, sampled on a grid, with the weight trajectory projected onto the plane. The GUI draws
// the grid with the playground's heatmap and contour renderer.
//
// Directions:
//   FilterNormalized  Li et al. 2018, "Visualizing the Loss Landscape of Neural Nets": d ~ N(0, I), then
//                     each filter of d is rescaled to the norm of the same filter of θ. For a dense layer
//                     a filter is one unit: a row of W (its incoming weights), so
//                     d_row ← d_row / ‖d_row‖ · ‖θ_row‖. Bias directions are zero, as in the paper's
//                     code (ignore='biasbn'): the plane moves the weights only. d1 and d2 are drawn from
//                     one seeded generator (dh::Rng), d1 first.
//   Pca               The top two principal components of the trajectory relative to θ, as in the
//                     paper: rows θ_i − θ, centred by their mean (sklearn's PCA does that), directions of
//                     unit length, explained-variance ratios reported. With a trajectory of rank 1 the
//                     second direction is a random one made orthogonal to the first.
// The projection of a trajectory point θ_i is the (a, b) minimising ‖θ + a d1 + b d2 − θ_i‖ (exact for
// the orthonormal PCA directions; a least-squares fit for the random ones, which are not orthogonal).
//
// The objective is the trained one, regularization included (objective.h), on at most maxSamples
// training rows (the first ones). Cost: resolution² forward passes over those rows.
#pragma once

#include "core/nn/mlp.h"
#include "core/nn/trainer.h"

#include <atomic>
#include <cstdint>
#include <vector>

namespace dh::nn {

enum class LandscapeDirections { FilterNormalized, Pca };

struct LandscapeOptions {
    LandscapeDirections directions = LandscapeDirections::FilterNormalized;
    std::uint64_t seed = 1;                    // the random directions
    int resolution = 41;                       // grid points per axis, >= 2
    double aMin = -1, aMax = 1;                // the grid, in units of d1 ...
    double bMin = -1, bMax = 1;                // ... and d2
    bool fitTrajectory = false;                // instead: the bounding box of the projected path plus 25% margin
    Eigen::Index maxSamples = 2048;            // rows of the training set used (0 = all)
    const std::atomic<bool>* cancel = nullptr; // set to true from another thread to stop early
};

template <class T>
struct LandscapeSlice {
    using Vector = Eigen::Matrix<T, Eigen::Dynamic, 1>;
    int resolution = 0;
    double aMin = 0, aMax = 0, bMin = 0, bMax = 0;
    std::vector<double> loss;              // resolution², row-major: loss[j·resolution + i] at (a_i, b_j)
    double minLoss = 0, maxLoss = 0;       // over the finite values (NaN/Inf cells are left as they are)
    Vector origin, d1, d2;                 // θ and the two directions (params layout)
    std::vector<Eigen::Vector2d> path;     // the trajectory projected onto the plane, (a, b) per point
    double explained1 = 0, explained2 = 0; // PCA: fractions of the trajectory's variance; NaN otherwise
    bool cancelled = false;
    double a(int i) const { return aMin + (aMax - aMin) * i / (resolution - 1); }
    double b(int j) const { return bMin + (bMax - bMin) * j / (resolution - 1); }
    double at(int i, int j) const { return loss[size_t(j) * size_t(resolution) + size_t(i)]; }
};

// InputError for a resolution < 2, an empty range, data that does not fit, or Pca with fewer than two
// trajectory vectors. Const inputs only: safe to run in a worker thread.
template <class T>
LandscapeSlice<T> lossLandscape(const MlpConfig& config, const Regularization& regularization, const NetData<T>& data,
                                const Eigen::Matrix<T, Eigen::Dynamic, 1>& theta,
                                const std::vector<Eigen::Matrix<T, Eigen::Dynamic, 1>>& trajectory,
                                const LandscapeOptions& options);

// The building blocks, exposed for tests and other views.
template <class T>
Eigen::Matrix<T, Eigen::Dynamic, 1> filterNormalizedDirection(const MlpConfig& config,
                                                              const Eigen::Matrix<T, Eigen::Dynamic, 1>& theta,
                                                              std::uint64_t seed, int index);
// Returns d1, d2 (unit, orthogonal) and the explained-variance ratios.
template <class T>
void pcaDirections(const std::vector<Eigen::Matrix<T, Eigen::Dynamic, 1>>& trajectory,
                   const Eigen::Matrix<T, Eigen::Dynamic, 1>& origin, Eigen::Matrix<T, Eigen::Dynamic, 1>& d1,
                   Eigen::Matrix<T, Eigen::Dynamic, 1>& d2, double& explained1, double& explained2,
                   std::uint64_t seed = 1);

} // namespace dh::nn
