#include "core/surfaces/field.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace dh {

void sampleSurface(const Surface& surface, const Domain& d, int nx, int ny, std::vector<float>& out) {
    out.resize(size_t(nx) * ny);
    double dx = (d.xMax - d.xMin) / nx, dy = (d.yMax - d.yMin) / ny;
    for (int j = 0; j < ny; ++j)
        for (int i = 0; i < nx; ++i) {
            double f = surface.value({d.xMin + (i + 0.5) * dx, d.yMin + (j + 0.5) * dy});
            out[size_t(j) * nx + i] =
                std::isfinite(f) && std::abs(f) < 3e38 ? float(f) : std::numeric_limits<float>::quiet_NaN();
        }
}

double FieldScale::toT(double f) const {
    if (std::isnan(f)) return f;
    double range = hi - lo;
    if (!(range > 0)) return 0.5;
    double t = log ? std::log1p(std::max(f - lo, 0.0) / shift) / std::log1p(range / shift) : (f - lo) / range;
    return std::clamp(t, 0.0, 1.0);
}

double FieldScale::fromT(double t) const {
    double range = hi - lo;
    if (!log) return lo + t * range;
    return lo + shift * std::expm1(t * std::log1p(range / shift));
}

FieldScale fitScale(const std::vector<float>& values, bool logScale) {
    std::vector<float> finite;
    finite.reserve(values.size());
    for (float v : values)
        if (std::isfinite(v)) finite.push_back(v);
    FieldScale s;
    s.log = logScale;
    if (finite.empty()) return s;
    auto quantile = [&](double q) {
        size_t k = std::min(finite.size() - 1, size_t(q * double(finite.size() - 1)));
        std::nth_element(finite.begin(), finite.begin() + k, finite.end());
        return double(finite[k]);
    };
    s.lo = *std::min_element(finite.begin(), finite.end());
    // Log: the whole range fits. Linear: the top 2% would squeeze everything else into a few colours.
    s.hi = logScale ? double(*std::max_element(finite.begin(), finite.end())) : quantile(0.98);
    if (!(s.hi > s.lo)) s.hi = s.lo + 1;
    // s: a fraction of the typical height above the minimum, so the lower half of the colours
    // covers the basins.
    double median = quantile(0.5);
    s.shift = std::max({(median - s.lo) * 0.05, (s.hi - s.lo) * 1e-9, 1e-300});
    return s;
}

} // namespace dh
