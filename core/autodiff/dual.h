// Forward-mode dual numbers: Dual<T, N> carries a value and N tangents (N = 2 for the gradient of
// f(x, y)). Templated scalar code `template <class T> T f(const T& x, const T& y)` runs unchanged on
// double (the value), Dual<double, 2> (value + gradient) and Dual<Dual<double, 2>, 2> (value,
// gradient and the exact Hessian). All of it is inline, plain structs, no heap.
//
// The math of the expression grammar (core/autodiff/expr_parser.h: + − * / pow sin cos tan exp log
// sqrt abs tanh sigmoid relu sign step min max) is provided as free functions found by
// argument-dependent lookup. Each operator writes its partial derivative next to its code, in the form
// torch autograd uses, so that derivatives agree with PyTorch float64 to rounding, including its
// conventions at kinks:
//   abs'(0) = 0 (sign(0) = 0);  relu'(0) = 0;  sign' = step' = 0 (step(0) = 0);
//   min/max at a tie split the derivative half and half;
//   pow(a, b): ∂/∂a is 0 where b == 0, ∂/∂b is 0 where a == 0 and b >= 0;  sqrt'(0) = inf.
//
// Templated code that must also run on double brings the std functions in with
// `using namespace dh::scalar_math;` (or individual `using std::sin;`), so that sin(x) picks
// std::sin for double and dh::sin for duals.
//
// Sections: ScalarOf and helpers · Dual · arithmetic · comparisons · elementary functions ·
// pow · abs/relu/sign/step/min/max · scalar_math · seeding helpers.
#pragma once

#include <array>
#include <cmath>
#include <type_traits>

// Everything here is force-inlined: these functions are tiny, and GCC's size heuristics otherwise
// leave some of them as calls inside larger functions (2-8x slower for the built-in surfaces).
#if defined(__GNUC__)
#define DH_DUAL_INLINE inline __attribute__((always_inline))
#else
#define DH_DUAL_INLINE inline
#endif

namespace dh {

template <class T, int N>
struct Dual;

// ---- ScalarOf: the innermost arithmetic type (double for Dual<Dual<double, 2>, 2>) ----

template <class T>
struct ScalarOf {
    using type = T;
};
template <class T, int N>
struct ScalarOf<Dual<T, N>> {
    using type = typename ScalarOf<T>::type;
};

// The innermost value of a (possibly nested) dual, used for branches and masks.
template <class T>
DH_DUAL_INLINE std::enable_if_t<std::is_arithmetic_v<T>, T> scalarValue(const T& x) {
    return x;
}
template <class T, int N>
DH_DUAL_INLINE typename ScalarOf<T>::type scalarValue(const Dual<T, N>& x) {
    return scalarValue(x.v);
}

// ---- Dual ----

template <class T, int N>
struct Dual {
    static_assert(N >= 1, "a dual number needs at least one tangent");
    using Scalar = typename ScalarOf<T>::type;
    using Value = T;
    static constexpr int size = N;

    T v{};                // value
    std::array<T, N> d{}; // tangents: d[i] = ∂v/∂(seed i)

    Dual() = default;
    // A constant (all tangents zero). Implicit, so that `T r = 0;` works in templated code.
    Dual(Scalar s) : v(s) {}
    Dual(const T& value, const std::array<T, N>& tangents) : v(value), d(tangents) {}
    // Constructs from a value of the inner type (a constant at this level). Explicit: only for
    // nested duals, where T is itself a Dual.
    template <class U = T, std::enable_if_t<!std::is_arithmetic_v<U>, int> = 0>
    explicit Dual(const T& value) : v(value) {}

    // The variable number i (0 ≤ i < N) with value x: tangent e_i.
    static Dual variable(const T& x, int i) {
        Dual r(x, {});
        r.d[i] = T(Scalar(1));
        return r;
    }

    Dual& operator+=(const Dual& b) { return *this = *this + b; }
    Dual& operator-=(const Dual& b) { return *this = *this - b; }
    Dual& operator*=(const Dual& b) { return *this = *this * b; }
    Dual& operator/=(const Dual& b) { return *this = *this / b; }
    Dual& operator+=(Scalar b) { return *this = *this + b; }
    Dual& operator-=(Scalar b) { return *this = *this - b; }
    Dual& operator*=(Scalar b) { return *this = *this * b; }
    Dual& operator/=(Scalar b) { return *this = *this / b; }
};

// ---- arithmetic ----
// In each operator: value first, then the tangent rule d = ∂r/∂a · a.d + ∂r/∂b · b.d.

template <class T, int N>
DH_DUAL_INLINE Dual<T, N> operator+(const Dual<T, N>& a) {
    return a;
}
template <class T, int N>
DH_DUAL_INLINE Dual<T, N> operator-(const Dual<T, N>& a) { // ∂(−a)/∂a = −1
    Dual<T, N> out;
    out.v = -a.v;
    for (int i = 0; i < N; ++i) out.d[i] = -a.d[i];
    return out;
}

template <class T, int N>
DH_DUAL_INLINE Dual<T, N> operator+(const Dual<T, N>& a, const Dual<T, N>& b) { // ∂/∂a = 1, ∂/∂b = 1
    Dual<T, N> out;
    out.v = a.v + b.v;
    for (int i = 0; i < N; ++i) out.d[i] = a.d[i] + b.d[i];
    return out;
}
template <class T, int N>
DH_DUAL_INLINE Dual<T, N> operator+(const Dual<T, N>& a, typename Dual<T, N>::Scalar b) {
    return Dual<T, N>(a.v + b, a.d);
}
template <class T, int N>
DH_DUAL_INLINE Dual<T, N> operator+(typename Dual<T, N>::Scalar a, const Dual<T, N>& b) {
    return Dual<T, N>(a + b.v, b.d);
}

template <class T, int N>
DH_DUAL_INLINE Dual<T, N> operator-(const Dual<T, N>& a, const Dual<T, N>& b) { // ∂/∂a = 1, ∂/∂b = −1
    Dual<T, N> out;
    out.v = a.v - b.v;
    for (int i = 0; i < N; ++i) out.d[i] = a.d[i] - b.d[i];
    return out;
}
template <class T, int N>
DH_DUAL_INLINE Dual<T, N> operator-(const Dual<T, N>& a, typename Dual<T, N>::Scalar b) {
    return Dual<T, N>(a.v - b, a.d);
}
template <class T, int N>
DH_DUAL_INLINE Dual<T, N> operator-(typename Dual<T, N>::Scalar a, const Dual<T, N>& b) {
    Dual<T, N> out;
    out.v = a - b.v;
    for (int i = 0; i < N; ++i) out.d[i] = -b.d[i];
    return out;
}

template <class T, int N>
DH_DUAL_INLINE Dual<T, N> operator*(const Dual<T, N>& a, const Dual<T, N>& b) { // ∂/∂a = b, ∂/∂b = a
    Dual<T, N> out;
    out.v = a.v * b.v;
    for (int i = 0; i < N; ++i) out.d[i] = a.d[i] * b.v + a.v * b.d[i];
    return out;
}
template <class T, int N>
DH_DUAL_INLINE Dual<T, N> operator*(const Dual<T, N>& a, typename Dual<T, N>::Scalar b) {
    Dual<T, N> out;
    out.v = a.v * b;
    for (int i = 0; i < N; ++i) out.d[i] = a.d[i] * b;
    return out;
}
template <class T, int N>
DH_DUAL_INLINE Dual<T, N> operator*(typename Dual<T, N>::Scalar a, const Dual<T, N>& b) {
    Dual<T, N> out;
    out.v = a * b.v;
    for (int i = 0; i < N; ++i) out.d[i] = a * b.d[i];
    return out;
}

template <class T, int N>
DH_DUAL_INLINE Dual<T, N> operator/(const Dual<T, N>& a, const Dual<T, N>& b) {
    // ∂(a/b)/∂a = 1/b, ∂(a/b)/∂b = −(a/b)/b (torch: -grad * ((self / other) / other))
    T q = a.v / b.v;
    T qb = q / b.v;
    Dual<T, N> out;
    out.v = q;
    for (int i = 0; i < N; ++i) out.d[i] = a.d[i] / b.v - b.d[i] * qb;
    return out;
}
template <class T, int N>
DH_DUAL_INLINE Dual<T, N> operator/(const Dual<T, N>& a, typename Dual<T, N>::Scalar b) { // ∂/∂a = 1/b
    Dual<T, N> out;
    out.v = a.v / b;
    for (int i = 0; i < N; ++i) out.d[i] = a.d[i] / b;
    return out;
}
template <class T, int N>
DH_DUAL_INLINE Dual<T, N> operator/(typename Dual<T, N>::Scalar a, const Dual<T, N>& b) { // ∂/∂b = −(a/b)/b
    T q = a / b.v;
    T qb = q / b.v;
    Dual<T, N> out;
    out.v = q;
    for (int i = 0; i < N; ++i) out.d[i] = -(b.d[i] * qb);
    return out;
}

// ---- comparisons: on values only (tangents are ignored) ----

#define DH_DUAL_COMPARISON(op)                                                                                         \
    template <class T, int N>                                                                                          \
    DH_DUAL_INLINE bool operator op(const Dual<T, N>& a, const Dual<T, N>& b) {                                        \
        return a.v op b.v;                                                                                             \
    }                                                                                                                  \
    template <class T, int N>                                                                                          \
    DH_DUAL_INLINE bool operator op(const Dual<T, N>& a, typename Dual<T, N>::Scalar b) {                              \
        return a.v op b;                                                                                               \
    }                                                                                                                  \
    template <class T, int N>                                                                                          \
    DH_DUAL_INLINE bool operator op(typename Dual<T, N>::Scalar a, const Dual<T, N>& b) {                              \
        return a op b.v;                                                                                               \
    }
DH_DUAL_COMPARISON(<)
DH_DUAL_COMPARISON(<=)
DH_DUAL_COMPARISON(>)
DH_DUAL_COMPARISON(>=)
DH_DUAL_COMPARISON(==)
DH_DUAL_COMPARISON(!=)
#undef DH_DUAL_COMPARISON

// ---- elementary functions ----
// Inside these, `using std::f;` makes f(a.v) pick std::f for double and dh::f (this file) for a
// nested dual.

namespace dual_detail {
// Scalar sigmoid as torch computes it for double: 1 / (1 + exp(−x)).
template <class T>
DH_DUAL_INLINE T sigmoidValue(const T& x) {
    using std::exp;
    return T(1) / (T(1) + exp(-x));
}
} // namespace dual_detail

template <class T, int N>
DH_DUAL_INLINE Dual<T, N> sin(const Dual<T, N>& a) { // sin' = cos
    using std::cos;
    using std::sin;
    T c = cos(a.v);
    Dual<T, N> out;
    out.v = sin(a.v);
    for (int i = 0; i < N; ++i) out.d[i] = a.d[i] * c;
    return out;
}
template <class T, int N>
DH_DUAL_INLINE Dual<T, N> cos(const Dual<T, N>& a) { // cos' = −sin
    using std::cos;
    using std::sin;
    T ms = -sin(a.v);
    Dual<T, N> out;
    out.v = cos(a.v);
    for (int i = 0; i < N; ++i) out.d[i] = a.d[i] * ms;
    return out;
}
template <class T, int N>
DH_DUAL_INLINE Dual<T, N> tan(const Dual<T, N>& a) { // tan' = 1 + tan² (torch: grad * (1 + result²))
    using std::tan;
    T t = tan(a.v);
    T s = 1 + t * t;
    Dual<T, N> out;
    out.v = t;
    for (int i = 0; i < N; ++i) out.d[i] = a.d[i] * s;
    return out;
}
template <class T, int N>
DH_DUAL_INLINE Dual<T, N> exp(const Dual<T, N>& a) { // exp' = exp
    using std::exp;
    T e = exp(a.v);
    Dual<T, N> out;
    out.v = e;
    for (int i = 0; i < N; ++i) out.d[i] = a.d[i] * e;
    return out;
}
template <class T, int N>
DH_DUAL_INLINE Dual<T, N> log(const Dual<T, N>& a) { // log' = 1/a
    using std::log;
    Dual<T, N> out;
    out.v = log(a.v);
    for (int i = 0; i < N; ++i) out.d[i] = a.d[i] / a.v;
    return out;
}
template <class T, int N>
DH_DUAL_INLINE Dual<T, N> sqrt(const Dual<T, N>& a) { // sqrt' = 1/(2 sqrt(a)); inf at 0, as in torch
    using std::sqrt;
    T s = sqrt(a.v);
    T twoS = 2 * s;
    Dual<T, N> out;
    out.v = s;
    for (int i = 0; i < N; ++i) out.d[i] = a.d[i] / twoS;
    return out;
}
template <class T, int N>
DH_DUAL_INLINE Dual<T, N> tanh(const Dual<T, N>& a) { // tanh' = 1 − tanh² (torch: grad * (1 - y²))
    using std::tanh;
    T t = tanh(a.v);
    T s = 1 - t * t;
    Dual<T, N> out;
    out.v = t;
    for (int i = 0; i < N; ++i) out.d[i] = a.d[i] * s;
    return out;
}
template <class T, int N>
DH_DUAL_INLINE Dual<T, N> sigmoid(const Dual<T, N>& a) { // σ' = (1 − σ)σ (torch: grad * (1 - y) * y)
    T y = dual_detail::sigmoidValue(a.v);
    T oneMinusY = 1 - y;
    Dual<T, N> out;
    out.v = y;
    for (int i = 0; i < N; ++i) out.d[i] = a.d[i] * oneMinusY * y;
    return out;
}

// ---- powers ----

// x^K for a small integer K ≥ 0 by repeated multiplication (fast; no std::pow).
template <int K, class T>
DH_DUAL_INLINE T ipow(const T& x) {
    static_assert(K >= 0, "ipow takes a non-negative exponent");
    if constexpr (K == 0) {
        return T(1);
    } else if constexpr (K == 1) {
        return x;
    } else if constexpr (K % 2 == 0) {
        T h = ipow<K / 2>(x);
        return h * h;
    } else {
        return ipow<K - 1>(x) * x;
    }
}
template <int K, class T, int N>
DH_DUAL_INLINE Dual<T, N> ipow(const Dual<T, N>& a) { // (a^K)' = K a^(K−1) (torch: grad * (K * a^(K−1)))
    static_assert(K >= 0, "ipow takes a non-negative exponent");
    if constexpr (K == 0) {
        return Dual<T, N>(1); // torch: exponent 0 gives a zero gradient
    } else {
        T pkm1 = ipow<K - 1>(a.v);
        T slope = typename Dual<T, N>::Scalar(K) * pkm1;
        Dual<T, N> out;
        out.v = pkm1 * a.v;
        for (int i = 0; i < N; ++i) out.d[i] = a.d[i] * slope;
        return out;
    }
}

template <class T, int N>
DH_DUAL_INLINE Dual<T, N> pow(const Dual<T, N>& a, typename Dual<T, N>::Scalar b) {
    // ∂(a^b)/∂a = b a^(b−1), and 0 where b == 0 (torch's pow_backward)
    using std::pow;
    if (b == 0) return Dual<T, N>(pow(a.v, b), {});
    T slope = b * pow(a.v, b - 1);
    Dual<T, N> out;
    out.v = pow(a.v, b);
    for (int i = 0; i < N; ++i) out.d[i] = a.d[i] * slope;
    return out;
}
template <class T, int N>
DH_DUAL_INLINE Dual<T, N> pow(typename Dual<T, N>::Scalar a, const Dual<T, N>& b) {
    // ∂(a^b)/∂b = a^b log a, and 0 where a == 0 and b ≥ 0 (torch's pow_backward_exponent)
    using std::log;
    using std::pow;
    T r = pow(a, b.v);
    if (a == 0 && scalarValue(b) >= 0) return Dual<T, N>(r, {});
    T slope = r * T(log(a));
    Dual<T, N> out;
    out.v = r;
    for (int i = 0; i < N; ++i) out.d[i] = b.d[i] * slope;
    return out;
}
template <class T, int N>
DH_DUAL_INLINE Dual<T, N> pow(const Dual<T, N>& a, const Dual<T, N>& b) {
    // ∂/∂a = b a^(b−1) (0 where b == 0);  ∂/∂b = a^b log a (0 where a == 0 and b ≥ 0)
    using std::log;
    using std::pow;
    using Scalar = typename Dual<T, N>::Scalar;
    T r = pow(a.v, b.v);
    bool aSide = scalarValue(b) != 0;
    bool bSide = !(scalarValue(a) == 0 && scalarValue(b) >= 0);
    T slopeA = aSide ? T(b.v * pow(a.v, b.v - Scalar(1))) : T(Scalar(0));
    T slopeB = bSide ? T(r * log(a.v)) : T(Scalar(0));
    Dual<T, N> out;
    out.v = r;
    for (int i = 0; i < N; ++i) {
        if (aSide) out.d[i] = a.d[i] * slopeA;
        if (bSide) out.d[i] = out.d[i] + b.d[i] * slopeB;
    }
    return out;
}

// ---- abs, relu, sign, step, min, max ----

template <class T, int N>
DH_DUAL_INLINE Dual<T, N> abs(const Dual<T, N>& a) { // abs' = sign(a), with sign(0) = 0 (torch)
    using std::abs;
    using Scalar = typename Dual<T, N>::Scalar;
    Scalar s = scalarValue(a);
    Scalar sign = s > 0 ? Scalar(1) : (s < 0 ? Scalar(-1) : Scalar(0));
    Dual<T, N> out;
    out.v = abs(a.v);
    for (int i = 0; i < N; ++i) out.d[i] = sign * a.d[i];
    return out;
}

// relu' = [a > 0] (0 at 0, torch's threshold_backward); NaN propagates.
template <class T, int N>
DH_DUAL_INLINE Dual<T, N> relu(const Dual<T, N>& a) {
    using Scalar = typename Dual<T, N>::Scalar;
    Scalar s = scalarValue(a);
    if (s > 0 || s != s) return a;
    return Dual<T, N>(Scalar(0));
}
// sign ∈ {−1, 0, 1} (NaN propagates); sign' = 0 everywhere (torch: zeros)
template <class T, int N>
DH_DUAL_INLINE Dual<T, N> sign(const Dual<T, N>& a) {
    using Scalar = typename Dual<T, N>::Scalar;
    Scalar s = scalarValue(a);
    return Dual<T, N>(s != s ? s : Scalar((s > 0) - (s < 0)));
}
// step = [a > 0], the Heaviside step with step(0) = 0 (NaN propagates); step' = 0 everywhere
template <class T, int N>
DH_DUAL_INLINE Dual<T, N> step(const Dual<T, N>& a) {
    using Scalar = typename Dual<T, N>::Scalar;
    Scalar s = scalarValue(a);
    return Dual<T, N>(s != s ? s : Scalar(s > 0 ? 1 : 0));
}

template <class T, int N>
DH_DUAL_INLINE Dual<T, N> min(const Dual<T, N>& a, const Dual<T, N>& b) {
    // ∂/∂a = 1 where a < b, ½ at a tie, else 0 (torch.minimum splits the gradient at ties)
    using Scalar = typename Dual<T, N>::Scalar;
    Scalar av = scalarValue(a), bv = scalarValue(b);
    if (av < bv) return a;
    if (bv < av) return b;
    if (av != av || bv != bv) return Dual<T, N>(av != av ? a.v : b.v, {}); // NaN propagates
    Dual<T, N> out;
    out.v = a.v;
    for (int i = 0; i < N; ++i) out.d[i] = Scalar(0.5) * (a.d[i] + b.d[i]);
    return out;
}
template <class T, int N>
DH_DUAL_INLINE Dual<T, N> max(const Dual<T, N>& a, const Dual<T, N>& b) {
    // ∂/∂a = 1 where a > b, ½ at a tie, else 0 (torch.maximum splits the gradient at ties)
    using Scalar = typename Dual<T, N>::Scalar;
    Scalar av = scalarValue(a), bv = scalarValue(b);
    if (av > bv) return a;
    if (bv > av) return b;
    if (av != av || bv != bv) return Dual<T, N>(av != av ? a.v : b.v, {}); // NaN propagates
    Dual<T, N> out;
    out.v = a.v;
    for (int i = 0; i < N; ++i) out.d[i] = Scalar(0.5) * (a.d[i] + b.d[i]);
    return out;
}
template <class T, int N>
DH_DUAL_INLINE Dual<T, N> min(const Dual<T, N>& a, typename Dual<T, N>::Scalar b) {
    return min(a, Dual<T, N>(b));
}
template <class T, int N>
DH_DUAL_INLINE Dual<T, N> min(typename Dual<T, N>::Scalar a, const Dual<T, N>& b) {
    return min(Dual<T, N>(a), b);
}
template <class T, int N>
DH_DUAL_INLINE Dual<T, N> max(const Dual<T, N>& a, typename Dual<T, N>::Scalar b) {
    return max(a, Dual<T, N>(b));
}
template <class T, int N>
DH_DUAL_INLINE Dual<T, N> max(typename Dual<T, N>::Scalar a, const Dual<T, N>& b) {
    return max(Dual<T, N>(a), b);
}

// ---- scalar_math: the double versions, for templated code (`using namespace dh::scalar_math;`) ----

namespace scalar_math {
using std::abs;
using std::cos;
using std::exp;
using std::log;
using std::pow;
using std::sin;
using std::sqrt;
using std::tan;
using std::tanh;
DH_DUAL_INLINE double sigmoid(double x) {
    return dual_detail::sigmoidValue(x);
}
DH_DUAL_INLINE float sigmoid(float x) {
    return dual_detail::sigmoidValue(x);
}
DH_DUAL_INLINE double relu(double x) {
    return x > 0 || x != x ? x : 0.0;
}
DH_DUAL_INLINE double sign(double x) {
    return x != x ? x : double((x > 0) - (x < 0));
}
DH_DUAL_INLINE double step(double x) {
    return x != x ? x : (x > 0 ? 1.0 : 0.0);
}
// min/max with torch's value semantics (NaN propagates), for double.
DH_DUAL_INLINE double min(double a, double b) {
    return (a != a || b != b) ? (a != a ? a : b) : (b < a ? b : a);
}
DH_DUAL_INLINE double max(double a, double b) {
    return (a != a || b != b) ? (a != a ? a : b) : (a < b ? b : a);
}
} // namespace scalar_math

// ---- seeding helpers for f(x, y) ----

using Dual2 = Dual<double, 2>;               // value + gradient of f(x, y)
using HyperDual2 = Dual<Dual<double, 2>, 2>; // value + gradient + Hessian of f(x, y)

// The variables x, y as gradient duals: x = (x; 1, 0), y = (y; 0, 1).
DH_DUAL_INLINE Dual2 gradVariable(double value, int i) {
    return Dual2::variable(value, i);
}
// The variables x, y as nested duals: the inner and the outer tangent both seeded with e_i.
DH_DUAL_INLINE HyperDual2 hessianVariable(double value, int i) {
    return HyperDual2::variable(Dual2::variable(value, i), i);
}
// From a nested-dual result r: ∂²f/∂xᵢ∂xⱼ = r.d[i].d[j], ∂f/∂xᵢ = r.d[i].v = r.v.d[i], f = r.v.v.

} // namespace dh
