// What the network lab's Weights tab shows about the weight matrices (biases excluded, as the
// regularizers exclude them): per layer a histogram on one scale common to all layers, how many
// weights are within 10⁻³ of zero (L1 drives weights to exactly zero; L2 only shrinks them), ‖W‖₁ and
// ‖W‖₂² (the terms λ₁ and λ₂ multiply).
#pragma once

#include "core/nn/mlp.h"

#include <Eigen/Core>
#include <vector>

namespace dh {

struct LayerWeightStats {
    Eigen::Index count = 0;     // weights of the layer (out × in)
    Eigen::Index nearZero = 0;  // |w| < kNearZeroWeight
    double l1 = 0;              // Σ |w|
    double l2 = 0;              // Σ w²
    std::vector<int> histogram; // bins over [−range, range] (WeightStats::range)
};

struct WeightStats {
    double range = 0; // max |w| over every layer (the common scale); 0 when all weights are 0
    int bins = 0;
    std::vector<LayerWeightStats> layers;
};

inline constexpr double kNearZeroWeight = 1e-3;

// params in the layout of core/nn/mlp.h (size paramCount(config); asserted). bins >= 1.
WeightStats weightStats(const nn::MlpConfig& config, const Eigen::Ref<const Eigen::VectorXd>& params, int bins = 41);

} // namespace dh
