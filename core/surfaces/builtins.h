// The 14 built-in surfaces (listed in README.md), each written once as templated scalar code
// `template <class T> T operator()(const T& x, const T& y) const` that runs on double (the value),
// Dual2 (the gradient), HyperDual2 (the exact Hessian) and Var (a tape, for the computational graph). ScalarSurface
// adapts such a functor to the Surface interface; makeBuiltinSurface (declared in surface.h) builds one by name with
// its parameters, formula, default domain, known minima and default start.
//
// Parameters (`--param k=v`): rosenbrock a = 1, b = 100; rastrigin A = 10; ackley a = 20, b = 0.2,
// c = 2π; quadratic kappa = 10. The others have none.
//
// The functors are public so that tests and benchmarks can call the same code directly.
#pragma once

#include "core/autodiff/dual.h"
#include "core/surfaces/surface.h"

#include <array>
#include <cmath>
#include <memory>

namespace dh {

namespace builtin {

inline constexpr double kPi = 3.14159265358979323846;
inline constexpr double kE = 2.71828182845904523536;

// (4 − 2.1x² + x⁴/3)x² + xy + (−4 + 4y²)y²
struct SixHumpCamel {
    template <class T>
    DH_DUAL_INLINE T operator()(const T& x, const T& y) const {
        T x2 = ipow<2>(x), y2 = ipow<2>(y);
        return (4 - 2.1 * x2 + ipow<4>(x) / 3) * x2 + x * y + (-4 + 4 * y2) * y2;
    }
};

// (a − x)² + b(y − x²)²
struct Rosenbrock {
    double a = 1, b = 100;
    template <class T>
    DH_DUAL_INLINE T operator()(const T& x, const T& y) const {
        return ipow<2>(a - x) + b * ipow<2>(y - ipow<2>(x));
    }
};

// (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²
struct Beale {
    template <class T>
    DH_DUAL_INLINE T operator()(const T& x, const T& y) const {
        return ipow<2>(1.5 - x + x * y) + ipow<2>(2.25 - x + x * ipow<2>(y)) + ipow<2>(2.625 - x + x * ipow<3>(y));
    }
};

// (x² + y − 11)² + (x + y² − 7)²
struct Himmelblau {
    template <class T>
    DH_DUAL_INLINE T operator()(const T& x, const T& y) const {
        return ipow<2>(ipow<2>(x) + y - 11) + ipow<2>(x + ipow<2>(y) - 7);
    }
};

// (x + 2y − 7)² + (2x + y − 5)²
struct Booth {
    template <class T>
    DH_DUAL_INLINE T operator()(const T& x, const T& y) const {
        return ipow<2>(x + 2 * y - 7) + ipow<2>(2 * x + y - 5);
    }
};

// 0.26(x² + y²) − 0.48xy
struct Matyas {
    template <class T>
    DH_DUAL_INLINE T operator()(const T& x, const T& y) const {
        return 0.26 * (ipow<2>(x) + ipow<2>(y)) - 0.48 * x * y;
    }
};

// 2A + (x² − A cos 2πx) + (y² − A cos 2πy)
struct Rastrigin {
    double A = 10;
    template <class T>
    DH_DUAL_INLINE T operator()(const T& x, const T& y) const {
        using namespace scalar_math;
        return 2 * A + (ipow<2>(x) - A * cos(2 * kPi * x)) + (ipow<2>(y) - A * cos(2 * kPi * y));
    }
};

// −a exp(−b √(½(x² + y²))) − exp(½(cos cx + cos cy)) + a + e.
// Not differentiable at the origin (its minimum): the gradient there is NaN, as in torch.
struct Ackley {
    double a = 20, b = 0.2, c = 2 * kPi;
    template <class T>
    DH_DUAL_INLINE T operator()(const T& x, const T& y) const {
        using namespace scalar_math;
        return -a * exp(-b * sqrt(0.5 * (ipow<2>(x) + ipow<2>(y)))) - exp(0.5 * (cos(c * x) + cos(c * y))) + a + kE;
    }
};

// [1 + (x + y + 1)²(19 − 14x + 3x² − 14y + 6xy + 3y²)]·[30 + (2x − 3y)²(18 − 32x + 12x² + 48y − 36xy + 27y²)]
struct GoldsteinPrice {
    template <class T>
    DH_DUAL_INLINE T operator()(const T& x, const T& y) const {
        T x2 = ipow<2>(x), y2 = ipow<2>(y), xy = x * y;
        T first = 1 + ipow<2>(x + y + 1) * (19 - 14 * x + 3 * x2 - 14 * y + 6 * xy + 3 * y2);
        T second = 30 + ipow<2>(2 * x - 3 * y) * (18 - 32 * x + 12 * x2 + 48 * y - 36 * xy + 27 * y2);
        return first * second;
    }
};

// x² − y²
struct Saddle {
    template <class T>
    DH_DUAL_INLINE T operator()(const T& x, const T& y) const {
        return ipow<2>(x) - ipow<2>(y);
    }
};

// x³ − 3xy²
struct MonkeySaddle {
    template <class T>
    DH_DUAL_INLINE T operator()(const T& x, const T& y) const {
        return ipow<3>(x) - 3 * x * ipow<2>(y);
    }
};

// ½(x² + κy²)
struct Quadratic {
    double kappa = 10;
    template <class T>
    DH_DUAL_INLINE T operator()(const T& x, const T& y) const {
        return 0.5 * (ipow<2>(x) + kappa * ipow<2>(y));
    }
};

// (x² − 1)² + y²
struct DoubleWell {
    template <class T>
    DH_DUAL_INLINE T operator()(const T& x, const T& y) const {
        return ipow<2>(ipow<2>(x) - 1) + ipow<2>(y);
    }
};

// The lecture's toy regression: the mean squared error (1/n) Σᵢ (w·xᵢ + b − yᵢ)² of the line
// w·x + b over x = (2, 4, 6, 8), y = (3, 4, 5, 6); plane coordinates x = w, y = b. Minimum (0.5, 2), f = 0.
struct LinReg {
    static constexpr int kCount = 4;
    static constexpr std::array<double, kCount> kX{2, 4, 6, 8};
    static constexpr std::array<double, kCount> kY{3, 4, 5, 6};

    // Squared residual of sample i.
    template <class T>
    DH_DUAL_INLINE static T sample(const T& w, const T& b, int i) {
        return ipow<2>(w * kX[i] + b - kY[i]);
    }
    // Mean over the n sample indices in idx (sum first, then divide, as torch's mean).
    template <class T>
    DH_DUAL_INLINE static T batch(const T& w, const T& b, const int* idx, int n) {
        T sum = sample(w, b, idx[0]);
        for (int k = 1; k < n; ++k) sum = sum + sample(w, b, idx[k]);
        return sum / double(n);
    }
    template <class T>
    DH_DUAL_INLINE T operator()(const T& w, const T& b) const {
        static constexpr int all[kCount] = {0, 1, 2, 3};
        return batch(w, b, all, kCount);
    }
};

} // namespace builtin

// Adapts a templated scalar functor F to Surface: value() on double, valueGrad() on Dual2,
// hessian() on nested duals. F is copied into the surface (its parameters live there); the public
// `params` list is informational: to change a parameter, build a new surface.
template <class F>
class ScalarSurface : public Surface {
public:
    explicit ScalarSurface(F f = F{}) : m_f(f) {}

    double value(const Eigen::Vector2d& p) const override { return m_f(p.x(), p.y()); }

    double valueGrad(const Eigen::Vector2d& p, Eigen::Vector2d& grad) const override {
        Dual2 r = m_f(gradVariable(p.x(), 0), gradVariable(p.y(), 1));
        grad = Eigen::Vector2d(r.d[0], r.d[1]);
        return r.v;
    }

    Eigen::Matrix2d hessian(const Eigen::Vector2d& p) const override {
        HyperDual2 r = m_f(hessianVariable(p.x(), 0), hessianVariable(p.y(), 1));
        Eigen::Matrix2d h;
        h(0, 0) = r.d[0].d[0];
        h(0, 1) = r.d[0].d[1];
        h(1, 0) = r.d[1].d[0];
        h(1, 1) = r.d[1].d[1];
        return h;
    }

    std::unique_ptr<Surface> clone() const override { return std::make_unique<ScalarSurface>(*this); }

    // The same templated code run on tape nodes (dh::Var).
    Var record(Tape& tape, Var x, Var y) const override { return m_f(x, y); }

    const F& function() const { return m_f; }

protected:
    F m_f;
};

} // namespace dh
