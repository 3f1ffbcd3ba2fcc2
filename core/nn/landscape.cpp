#include "core/nn/landscape.h"

#include "core/common/error.h"
#include "core/data/random.h"
#include "core/nn/objective.h"

#include <Eigen/Eigenvalues>
#include <cmath>
#include <limits>

namespace dh::nn {

template <class T>
Eigen::Matrix<T, Eigen::Dynamic, 1> filterNormalizedDirection(const MlpConfig& config,
                                                              const Eigen::Matrix<T, Eigen::Dynamic, 1>& theta,
                                                              std::uint64_t seed, int index) {
    using Vector = Eigen::Matrix<T, Eigen::Dynamic, 1>;
    const Eigen::Index n = paramCount(config);
    if (theta.size() != n)
        throw InputError("landscape: expected " + std::to_string(n) + " weights, got " + std::to_string(theta.size()));
    Rng rng(seed);
    Vector d = Vector::Zero(n);
    for (int k = 0; k <= index; ++k) { // d1 first, then d2, from one generator
        d.setZero();
        for (const LayerSlice& s : layerSlices(config))
            for (Eigen::Index i = 0; i < Eigen::Index(s.in) * s.out; ++i) d[s.weightOffset + i] = T(rng.normal());
    }
    for (const LayerSlice& s : layerSlices(config)) {
        for (int r = 0; r < s.out; ++r) {
            auto dr = d.segment(s.weightOffset + Eigen::Index(r) * s.in, s.in);
            const auto tr = theta.segment(s.weightOffset + Eigen::Index(r) * s.in, s.in);
            const T dn = dr.norm();
            if (dn > T(0)) dr *= tr.norm() / dn; // a zero row of θ gives a zero row of d
        }
    }
    return d; // biases stay zero
}

template <class T>
void pcaDirections(const std::vector<Eigen::Matrix<T, Eigen::Dynamic, 1>>& trajectory,
                   const Eigen::Matrix<T, Eigen::Dynamic, 1>& origin, Eigen::Matrix<T, Eigen::Dynamic, 1>& d1,
                   Eigen::Matrix<T, Eigen::Dynamic, 1>& d2, double& explained1, double& explained2,
                   std::uint64_t seed) {
    const Eigen::Index m = Eigen::Index(trajectory.size()), n = origin.size();
    if (m < 2) throw InputError("landscape: PCA directions need at least two recorded weight vectors");
    // rows θ_i − θ, centred; the principal directions from the small m×m Gram matrix
    Eigen::MatrixXd M(m, n);
    for (Eigen::Index i = 0; i < m; ++i) {
        if (trajectory[size_t(i)].size() != n) throw InputError("landscape: trajectory vectors differ in size");
        M.row(i) = (trajectory[size_t(i)] - origin).template cast<double>().transpose();
    }
    M.rowwise() -= M.colwise().mean();
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(M * M.transpose());
    const Eigen::VectorXd& lambda = eig.eigenvalues(); // ascending
    const double total = std::max(lambda.sum(), 0.0);
    Eigen::VectorXd v1 = M.transpose() * eig.eigenvectors().col(m - 1);
    Eigen::VectorXd v2 = M.transpose() * eig.eigenvectors().col(m - 2);
    if (!(v1.norm() > 0)) throw InputError("landscape: the trajectory does not move; no PCA directions");
    v1.normalize();
    explained1 = total > 0 ? std::max(0.0, lambda[m - 1]) / total : 0;
    v2 -= v1.dot(v2) * v1;
    if (v2.norm() > 1e-12 * std::sqrt(std::max(lambda[m - 1], 0.0)) && lambda[m - 2] > 1e-14 * lambda[m - 1]) {
        explained2 = std::max(0.0, lambda[m - 2]) / total;
    } else { // a straight path: any direction orthogonal to d1 will do
        Rng rng(seed);
        for (Eigen::Index i = 0; i < n; ++i) v2[i] = rng.normal();
        v2 -= v1.dot(v2) * v1;
        explained2 = 0;
    }
    v2.normalize();
    d1 = v1.cast<T>();
    d2 = v2.cast<T>();
}

template <class T>
LandscapeSlice<T> lossLandscape(const MlpConfig& config, const Regularization& regularization, const NetData<T>& data,
                                const Eigen::Matrix<T, Eigen::Dynamic, 1>& theta,
                                const std::vector<Eigen::Matrix<T, Eigen::Dynamic, 1>>& trajectory,
                                const LandscapeOptions& options) {
    using Vector = Eigen::Matrix<T, Eigen::Dynamic, 1>;
    validate(config);
    if (options.resolution < 2) throw InputError("landscape: resolution must be >= 2");
    if (!(options.aMin < options.aMax) || !(options.bMin < options.bMax))
        throw InputError("landscape: the range must have aMin < aMax and bMin < bMax");
    if (data.empty()) throw InputError("landscape: no training data");
    checkNetData(config, data, "landscape data");
    if (theta.size() != paramCount(config))
        throw InputError("landscape: expected " + std::to_string(paramCount(config)) + " weights");

    LandscapeSlice<T> out;
    out.origin = theta;
    out.explained1 = out.explained2 = std::numeric_limits<double>::quiet_NaN();
    if (options.directions == LandscapeDirections::Pca) {
        pcaDirections<T>(trajectory, theta, out.d1, out.d2, out.explained1, out.explained2, options.seed);
    } else {
        out.d1 = filterNormalizedDirection<T>(config, theta, options.seed, 0);
        out.d2 = filterNormalizedDirection<T>(config, theta, options.seed, 1);
    }

    // projection by least squares on the 2×2 normal equations
    const double g11 = double(out.d1.squaredNorm()), g12 = double(out.d1.dot(out.d2)),
                 g22 = double(out.d2.squaredNorm());
    const double det = g11 * g22 - g12 * g12;
    for (const Vector& p : trajectory) {
        if (p.size() != theta.size()) continue;
        const Vector v = p - theta;
        const double r1 = double(out.d1.dot(v)), r2 = double(out.d2.dot(v));
        out.path.emplace_back(det > 0 ? (g22 * r1 - g12 * r2) / det : 0, det > 0 ? (g11 * r2 - g12 * r1) / det : 0);
    }

    out.resolution = options.resolution;
    out.aMin = options.aMin, out.aMax = options.aMax, out.bMin = options.bMin, out.bMax = options.bMax;
    if (options.fitTrajectory && !out.path.empty()) {
        Eigen::Vector2d lo = out.path.front(), hi = out.path.front();
        for (const Eigen::Vector2d& q : out.path) lo = lo.cwiseMin(q), hi = hi.cwiseMax(q);
        lo = lo.cwiseMin(Eigen::Vector2d::Zero()), hi = hi.cwiseMax(Eigen::Vector2d::Zero()); // include θ
        Eigen::Vector2d span = (hi - lo).cwiseMax(1e-3 * std::max(1.0, (hi - lo).maxCoeff()));
        out.aMin = lo.x() - 0.25 * span.x(), out.aMax = hi.x() + 0.25 * span.x();
        out.bMin = lo.y() - 0.25 * span.y(), out.bMax = hi.y() + 0.25 * span.y();
    }

    const Eigen::Index rows =
        options.maxSamples > 0 ? std::min<Eigen::Index>(options.maxSamples, data.size()) : data.size();
    ScopedFlushDenormals ftz(std::is_same<T, float>::value);
    Objective<T> objective(config, regularization);
    objective.resize(rows);
    objective.inputs() = data.X.topRows(rows);
    objective.targets() = data.Y.topRows(rows);
    Vector p(theta.size());
    objective.bind(p.data(), nullptr);
    const int res = out.resolution;
    out.loss.assign(size_t(res) * size_t(res), std::numeric_limits<double>::quiet_NaN());
    out.minLoss = std::numeric_limits<double>::infinity();
    out.maxLoss = -std::numeric_limits<double>::infinity();
    for (int j = 0; j < res; ++j) {
        if (options.cancel && options.cancel->load(std::memory_order_relaxed)) {
            out.cancelled = true;
            break;
        }
        for (int i = 0; i < res; ++i) {
            p = theta + T(out.a(i)) * out.d1 + T(out.b(j)) * out.d2;
            const double l = double(objective.evaluate(false));
            out.loss[size_t(j) * size_t(res) + size_t(i)] = l;
            if (std::isfinite(l)) out.minLoss = std::min(out.minLoss, l), out.maxLoss = std::max(out.maxLoss, l);
        }
    }
    if (!(out.minLoss <= out.maxLoss)) out.minLoss = out.maxLoss = std::numeric_limits<double>::quiet_NaN();
    return out;
}

#define DH_LANDSCAPE_INSTANTIATE(T)                                                                                    \
    template LandscapeSlice<T> lossLandscape<T>(                                                                       \
        const MlpConfig&, const Regularization&, const NetData<T>&, const Eigen::Matrix<T, Eigen::Dynamic, 1>&,        \
        const std::vector<Eigen::Matrix<T, Eigen::Dynamic, 1>>&, const LandscapeOptions&);                             \
    template Eigen::Matrix<T, Eigen::Dynamic, 1> filterNormalizedDirection<T>(                                         \
        const MlpConfig&, const Eigen::Matrix<T, Eigen::Dynamic, 1>&, std::uint64_t, int);                             \
    template void pcaDirections<T>(const std::vector<Eigen::Matrix<T, Eigen::Dynamic, 1>>&,                            \
                                   const Eigen::Matrix<T, Eigen::Dynamic, 1>&, Eigen::Matrix<T, Eigen::Dynamic, 1>&,   \
                                   Eigen::Matrix<T, Eigen::Dynamic, 1>&, double&, double&, std::uint64_t);
DH_LANDSCAPE_INSTANTIATE(float)
DH_LANDSCAPE_INSTANTIATE(double)

} // namespace dh::nn
