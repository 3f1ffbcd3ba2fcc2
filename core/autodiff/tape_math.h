// The arithmetic the scalar tape replays on, for tape.cpp only: TapeDual's operators (forward mode,
// two tangents), the math overload set `ad::` on double and TapeDual for the binary functions and
// powers (each with the derivative torch.autograd uses), the one-argument functions of tape_ops.h on
// both, and constant powers (x^n by multiplication, x^c). Split out of tape.cpp so that file holds the
// sweeps and the recording.
#pragma once

#include "core/autodiff/tape.h"

#include <cmath>

namespace dh {

namespace detail {
using D = TapeDual;
static inline D operator+(const D& a, const D& b) {
    return {a.v + b.v, a.d0 + b.d0, a.d1 + b.d1};
}
static inline D operator-(const D& a, const D& b) {
    return {a.v - b.v, a.d0 - b.d0, a.d1 - b.d1};
}
static inline D operator-(const D& a) {
    return {-a.v, -a.d0, -a.d1};
}
static inline D operator*(const D& a, const D& b) {
    return {a.v * b.v, a.d0 * b.v + a.v * b.d0, a.d1 * b.v + a.v * b.d1};
}
static inline D operator/(const D& a, const D& b) {
    double q = a.v / b.v;
    return {q, (a.d0 - q * b.d0) / b.v, (a.d1 - q * b.d1) / b.v};
}
static inline D operator+(const D& a, double c) {
    return {a.v + c, a.d0, a.d1};
}
static inline D operator+(double c, const D& a) {
    return {c + a.v, a.d0, a.d1};
}
static inline D operator-(const D& a, double c) {
    return {a.v - c, a.d0, a.d1};
}
static inline D operator-(double c, const D& a) {
    return {c - a.v, -a.d0, -a.d1};
}
static inline D operator*(const D& a, double c) {
    return {a.v * c, a.d0 * c, a.d1 * c};
}
static inline D operator*(double c, const D& a) {
    return {c * a.v, c * a.d0, c * a.d1};
}
static inline D operator/(const D& a, double c) {
    return {a.v / c, a.d0 / c, a.d1 / c};
}
static inline D operator/(double c, const D& a) {
    double q = c / a.v;
    return {q, -q * a.d0 / a.v, -q * a.d1 / a.v};
}
static inline D& operator+=(D& a, const D& b) {
    return a = a + b;
}
static inline D& operator-=(D& a, const D& b) {
    return a = a - b;
}
// Found by argument-dependent lookup from the formulas in tape_ops.h (backward on duals).
inline double pv(const D& x) {
    return x.v;
}
inline D sin(const D& a) {
    const double c = std::cos(a.v);
    return {std::sin(a.v), c * a.d0, c * a.d1};
}
inline D cos(const D& a) {
    const double ms = -std::sin(a.v);
    return {std::cos(a.v), ms * a.d0, ms * a.d1};
}
} // namespace detail

namespace tape_math {

using detail::D;

// f(a) given f(a.v) and f'(a.v).
inline D chain(const D& a, double f, double df) {
    return {f, df * a.d0, df * a.d1};
}

// One overload set for both scalar types, so the sweeps read like the formulas.
namespace ad {
inline double pv(double x) {
    return x;
}
inline double pv(const D& x) {
    return x.v;
}

inline double sqrt(double x) {
    return std::sqrt(x);
}
inline double log(double x) {
    return std::log(x);
}
inline double pow(double x, double c) {
    return std::pow(x, c);
}

inline D sqrt(const D& a) {
    double s = std::sqrt(a.v);
    return chain(a, s, 1 / (2 * s));
}
inline D log(const D& a) {
    return chain(a, std::log(a.v), 1 / a.v);
}
inline D pow(const D& a, double c) {
    return chain(a, std::pow(a.v, c), c == 0 ? 0.0 : c * std::pow(a.v, c - 1));
}
// a^b with both varying; the log term only where b has a tangent (a < 0 would make it NaN).
inline D pow(const D& a, const D& b) {
    double p = std::pow(a.v, b.v);
    double da = b.v == 0 ? 0.0 : b.v * std::pow(a.v, b.v - 1);
    double db = (a.v == 0 && b.v >= 0) ? 0.0 : p * std::log(a.v);
    return {p, da * a.d0 + (b.d0 != 0 ? db * b.d0 : 0.0), da * a.d1 + (b.d1 != 0 ? db * b.d1 : 0.0)};
}

// A one-argument function of tape_ops.h on double, or on a dual (its slope times the tangents).
template <class F>
inline double applyFunction(double a) {
    return F::f(a);
}
template <class F>
inline D applyFunction(const D& a) {
    const double y = F::f(a.v);
    return chain(a, y, F::slope(a.v, y));
}

// c^x with lc = log c (a Const node, so that the dual replay needs no log per call).
inline double cpow(double c, double x, double) {
    return std::pow(c, x);
}
inline D cpow(double c, const D& x, const D& lc) {
    double p = std::pow(c, x.v);
    return chain(x, p, (c == 0 && x.v >= 0) ? 0.0 : p * lc.v);
}

// torch.minimum / torch.maximum: NaN-propagating; on a tie the tangent is the mean (torch's jvp).
inline double minOf(double a, double b) {
    return (a < b || a != a) ? a : b;
}
inline double maxOf(double a, double b) {
    return (a > b || a != a) ? a : b;
}
inline D tieMean(const D& a, const D& b) {
    return {b.v, 0.5 * (a.d0 + b.d0), 0.5 * (a.d1 + b.d1)};
}
inline D minOf(const D& a, const D& b) {
    return a.v == b.v ? tieMean(a, b) : (a.v < b.v || a.v != a.v) ? a : b;
}
inline D maxOf(const D& a, const D& b) {
    return a.v == b.v ? tieMean(a, b) : (a.v > b.v || a.v != a.v) ? a : b;
}
} // namespace ad

constexpr int kMaxIntExponent = 64; // |n| up to this is PowInt (multiplications), beyond std::pow

inline bool isSmallInteger(double c) {
    return c == std::trunc(c) && std::fabs(c) <= kMaxIntExponent;
}

// x^n by multiplication, with torch's exact forms for n = 2, 3, −1, −2 (x·x, x·x·x, 1/x, 1/(x·x)).
template <class T>
T ipow(const T& x, int n) {
    switch (n) {
    case 0:
        return T{1.0};
    case 1:
        return x;
    case 2:
        return x * x;
    case 3:
        return x * x * x;
    case 4: {
        const T x2 = x * x;
        return x2 * x2;
    }
    case -1:
        return 1.0 / x;
    case -2:
        return 1.0 / (x * x);
    default:
        break;
    }
    unsigned m = n < 0 ? -static_cast<unsigned>(n) : static_cast<unsigned>(n);
    T r{1.0}, p = x;
    for (; m != 0; m >>= 1) {
        if (m & 1u) r = r * p;
        if (m > 1) p = p * p;
    }
    return n < 0 ? 1.0 / r : r;
}

// x^c with a constant real exponent (torch's forms for ±0.5: sqrt, 1/sqrt).
template <class T>
T powConst(const T& x, double c) {
    if (isSmallInteger(c)) return ipow(x, static_cast<int>(c));
    if (c == 0.5) return ad::sqrt(x);
    if (c == -0.5) return 1.0 / ad::sqrt(x);
    return ad::pow(x, c);
}

} // namespace tape_math
} // namespace dh
