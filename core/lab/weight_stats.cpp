#include "core/lab/weight_stats.h"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace dh {

WeightStats weightStats(const nn::MlpConfig& config, const Eigen::Ref<const Eigen::VectorXd>& params, int bins) {
    assert(params.size() == nn::paramCount(config) && bins >= 1);
    const std::vector<nn::LayerSlice> slices = nn::layerSlices(config);
    WeightStats s;
    s.bins = bins;
    for (const nn::LayerSlice& l : slices)
        s.range = std::max(s.range, params.segment(l.weightOffset, Eigen::Index(l.in) * l.out).cwiseAbs().maxCoeff());
    for (const nn::LayerSlice& l : slices) {
        LayerWeightStats ls;
        ls.count = Eigen::Index(l.in) * l.out;
        ls.histogram.assign(size_t(bins), 0);
        for (Eigen::Index i = 0; i < ls.count; ++i) {
            const double w = params[l.weightOffset + i];
            ls.l1 += std::abs(w);
            ls.l2 += w * w;
            ls.nearZero += std::abs(w) < kNearZeroWeight;
            const double t = s.range > 0 ? (w + s.range) / (2 * s.range) : 0.5;
            ++ls.histogram[size_t(std::clamp(int(t * bins), 0, bins - 1))];
        }
        s.layers.push_back(ls);
    }
    return s;
}

} // namespace dh
