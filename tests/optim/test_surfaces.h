// Small surfaces for the optimizer tests, so that they do not depend on core/surfaces' built-ins.
#pragma once

#include "core/surfaces/surface.h"

#include <cmath>
#include <memory>
#include <vector>

namespace dh::test {

// f = a x² + b xy + c y²: ∇f = (2a x + b y, b x + 2c y), H = [[2a, b], [b, 2c]].
class Quadratic : public Surface {
public:
    Quadratic(double a, double b, double c) : m_a(a), m_b(b), m_c(c) { name = "test_quadratic"; }
    double value(const Eigen::Vector2d& p) const override {
        return m_a * p[0] * p[0] + m_b * p[0] * p[1] + m_c * p[1] * p[1];
    }
    double valueGrad(const Eigen::Vector2d& p, Eigen::Vector2d& g) const override {
        g = Eigen::Vector2d(2 * m_a * p[0] + m_b * p[1], m_b * p[0] + 2 * m_c * p[1]);
        return value(p);
    }
    Eigen::Matrix2d hessian(const Eigen::Vector2d&) const override {
        Eigen::Matrix2d h;
        h << 2 * m_a, m_b, m_b, 2 * m_c;
        return h;
    }
    std::unique_ptr<Surface> clone() const override { return std::make_unique<Quadratic>(*this); }

private:
    double m_a, m_b, m_c;
};

// The lecture's regression as a finite sum: fᵢ(w, b) = (w xᵢ + b − yᵢ)², f = mean of fᵢ over
// x = (2, 4, 6, 8), y = (3, 4, 5, 6). Records every batch it is asked for.
class TestLinreg : public Surface {
public:
    TestLinreg() { name = "test_linreg"; }
    double value(const Eigen::Vector2d& p) const override {
        Eigen::Vector2d g;
        return valueGrad(p, g);
    }
    double valueGrad(const Eigen::Vector2d& p, Eigen::Vector2d& g) const override {
        const int all[4] = {0, 1, 2, 3};
        return mean(p, all, 4, g);
    }
    Eigen::Matrix2d hessian(const Eigen::Vector2d&) const override {
        Eigen::Matrix2d h; // mean of 2 [[x², x], [x, 1]]
        h << 2 * (4 + 16 + 36 + 64) / 4.0, 2 * 20 / 4.0, 2 * 20 / 4.0, 2;
        return h;
    }
    std::unique_ptr<Surface> clone() const override { return std::make_unique<TestLinreg>(*this); }
    int sampleCount() const override { return 4; }
    double valueGradBatch(const Eigen::Vector2d& p, const int* idx, int n, Eigen::Vector2d& g) const override {
        batches.emplace_back(idx, idx + n);
        return mean(p, idx, n, g);
    }

    mutable std::vector<std::vector<int>> batches;

private:
    static double mean(const Eigen::Vector2d& p, const int* idx, int n, Eigen::Vector2d& g) {
        static const double xs[4] = {2, 4, 6, 8}, ys[4] = {3, 4, 5, 6};
        double f = 0;
        g.setZero();
        for (int i = 0; i < n; ++i) {
            const double r = p[0] * xs[idx[i]] + p[1] - ys[idx[i]];
            f += r * r;
            g += Eigen::Vector2d(2 * r * xs[idx[i]], 2 * r);
        }
        g /= n;
        return f / n;
    }
};

} // namespace dh::test
