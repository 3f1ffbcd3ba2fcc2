// The scalar tape's operation table: every opcode once. The one-argument functions also carry their
// formulas here (value, slope, reverse-mode partial), so that adding one is a single entry:
//
//   To add a function foo(a), callable as foo(x) in typed expressions:
//     1. add X(Foo, foo) to DH_TAPE_FUNCTIONS below;
//     2. write struct Foo in namespace tape_fn below (f, slope, backward; partial in the comment);
//     3. test it: tests/autodiff/test_tape.cpp (UnaryFunctions: central differences and the Hessian;
//        a convention at a kink goes in TorchConventionsAtSpecialPoints) and test_expr_parser.cpp
//        (the function list);
//     4. list it in README.md's command-line section.
//   Generated from the list: the Op enumerator, opArity, opName, dh::foo(Var), the parser's function
//   table (exprFunctionNames), both sweeps, the Hessian replay and the graph's node label.
//   Built-in surfaces use dual numbers instead: add foo to core/autodiff/dual.h only if one needs it.
//
// Binary functions (pow, min, max) and the arithmetic opcodes have hand-written cases in the sweeps
// (core/autodiff/tape.cpp), because their arguments and constants differ from op to op.
#pragma once

#include <cmath>

namespace dh {

// X(Op, "name", arity): the arithmetic opcodes. "a", "b" are argument nodes, "c" the constant.
#define DH_TAPE_ARITHMETIC(X)                                                                                            \
    X(Input, "input", 0)   /* a value set by forward() */                                                                \
    X(Const, "const", 0)   /* c */                                                                                       \
    X(Add, "add", 2)       /* a + b */                                                                                   \
    X(Sub, "sub", 2)       /* a − b */                                                                                 \
    X(Mul, "mul", 2)       /* a · b */                                                                                  \
    X(Div, "div", 2)       /* a / b */                                                                                   \
    X(Neg, "neg", 1)       /* −a */                                                                                    \
    X(AddC, "add_c", 1)    /* a + c   (a − c is recorded as a + (−c), which is exact) */                             \
    X(RSubC, "rsub_c", 1)  /* c − a */                                                                                 \
    X(MulC, "mul_c", 1)    /* a · c */                                                                                  \
    X(DivC, "div_c", 1)    /* a / c */                                                                                   \
    X(RDivC, "rdiv_c", 1)  /* c / a */                                                                                   \
    X(Square, "square", 1) /* a²  (a^c with c = 2) */                                                                   \
    X(PowInt, "pow_int", 1) /* a^c, c a small integer (|c| ≤ 64; x·x·x, 1/x, 1/(x·x) as torch for 3, −1, −2) */ \
    X(PowC, "pow_c", 1)     /* a^c, other constant exponents (sqrt and 1/sqrt for ±0.5, as torch; else std::pow) */     \
    X(CPow, "c_pow", 2)     /* c^a, constant base; b is a Const node holding log(c) */

// X(Op, name): functions of two arguments, callable by name (a^b is pow too).
#define DH_TAPE_BINARY_FUNCTIONS(X)                                                                                    \
    X(Pow, pow) /* a^b, both variable */                                                                               \
    X(Min, min) /* min(a, b), NaN-propagating like torch.minimum */                                                    \
    X(Max, max) /* max(a, b), NaN-propagating like torch.maximum */

// X(Op, name): functions of one argument, callable by name; their formulas are the structs below.
#define DH_TAPE_FUNCTIONS(X)                                                                                           \
    X(Sin, sin)                                                                                                        \
    X(Cos, cos)                                                                                                        \
    X(Tan, tan)                                                                                                        \
    X(Exp, exp)                                                                                                        \
    X(Log, log)                                                                                                        \
    X(Sqrt, sqrt)                                                                                                      \
    X(Abs, abs)                                                                                                        \
    X(Tanh, tanh)                                                                                                      \
    X(Sigmoid, sigmoid)                                                                                                \
    X(Relu, relu)                                                                                                      \
    X(Sign, sign)                                                                                                      \
    X(Step, step)

// The formulas of the one-argument functions, one struct each:
//   f(a)                    the value, on double;
//   slope(a, y)             ∂y/∂a at a with y = f(a), on double (the forward-mode tangent of the Hessian replay);
//   backward(g, a, y, da)   da += g·∂y/∂a, templated on double and the tape's forward-mode dual (Hessians),
//                           grouped as torch.autograd groups the product, so gradients agree to the bit.
// Inside backward, unqualified math (cos, pv) finds std:: or these helpers for double and the dual's
// overloads (core/autodiff/tape_math.h) by argument-dependent lookup.
// Kinks follow torch: ∂|a|/∂a = sign a with sign 0 = 0, relu'(0) = 0; sign and step have derivative 0.
// NaN propagates through every value (torch.sign and torch.heaviside give 0 for NaN; a divergence
// must stay visible).
namespace tape_fn {

inline double pv(double x) { // the primal value (the dual's overload returns its value part)
    return x;
}
inline double sgn(double x) {
    return (x > 0) - (x < 0);
}

// ∂ sin a/∂a = cos a
struct Sin {
    static double f(double a) { return std::sin(a); }
    static double slope(double a, double) { return std::cos(a); }
    template <class T>
    static void backward(const T& g, const T& a, const T&, T& da) {
        using std::cos;
        da += g * cos(a);
    }
};

// ∂ cos a/∂a = −sin a
struct Cos {
    static double f(double a) { return std::cos(a); }
    static double slope(double a, double) { return -std::sin(a); }
    template <class T>
    static void backward(const T& g, const T& a, const T&, T& da) {
        using std::sin;
        da += g * -sin(a);
    }
};

// ∂ tan a/∂a = 1 + tan² a
struct Tan {
    static double f(double a) { return std::tan(a); }
    static double slope(double, double y) { return 1 + y * y; }
    template <class T>
    static void backward(const T& g, const T&, const T& y, T& da) {
        da += g * (1.0 + y * y);
    }
};

// ∂ exp a/∂a = exp a
struct Exp {
    static double f(double a) { return std::exp(a); }
    static double slope(double, double y) { return y; }
    template <class T>
    static void backward(const T& g, const T&, const T& y, T& da) {
        da += g * y;
    }
};

// ∂ log a/∂a = 1/a
struct Log {
    static double f(double a) { return std::log(a); }
    static double slope(double a, double) { return 1 / a; }
    template <class T>
    static void backward(const T& g, const T& a, const T&, T& da) {
        da += g / a;
    }
};

// ∂ sqrt a/∂a = 1/(2 sqrt a)   (inf at 0)
struct Sqrt {
    static double f(double a) { return std::sqrt(a); }
    static double slope(double, double y) { return 1 / (2 * y); }
    template <class T>
    static void backward(const T& g, const T&, const T& y, T& da) {
        da += g / (2.0 * y);
    }
};

// ∂|a|/∂a = sign a   (0 at 0)
struct Abs {
    static double f(double a) { return std::fabs(a); }
    static double slope(double a, double) { return sgn(a); }
    template <class T>
    static void backward(const T& g, const T& a, const T&, T& da) {
        da += g * sgn(pv(a));
    }
};

// ∂ tanh a/∂a = 1 − tanh² a
struct Tanh {
    static double f(double a) { return std::tanh(a); }
    static double slope(double, double y) { return 1 - y * y; }
    template <class T>
    static void backward(const T& g, const T&, const T& y, T& da) {
        da += g * (1.0 - y * y);
    }
};

// σ(a) = 1/(1 + exp(−a)) as torch's CPU kernel;  ∂σ/∂a = σ(1 − σ)
struct Sigmoid {
    static double f(double a) { return 1.0 / (1.0 + std::exp(-a)); }
    static double slope(double, double y) { return y * (1 - y); }
    template <class T>
    static void backward(const T& g, const T&, const T& y, T& da) {
        da += g * (1.0 - y) * y;
    }
};

// relu a = max(a, 0);  ∂/∂a = [a > 0]   (0 at 0: torch's threshold_backward passes g only where a > 0)
struct Relu {
    static double f(double a) { return a > 0 || a != a ? a : 0.0; }
    static double slope(double a, double) { return a > 0 ? 1.0 : 0.0; }
    template <class T>
    static void backward(const T& g, const T& a, const T&, T& da) {
        if (pv(a) > 0) da += g;
    }
};

// sign a ∈ {−1, 0, 1};  ∂/∂a = 0 everywhere (torch: sign's gradient is zeros)
struct Sign {
    static double f(double a) { return a != a ? a : sgn(a); }
    static double slope(double, double) { return 0; }
    template <class T>
    static void backward(const T&, const T&, const T&, T&) {}
};

// step a = [a > 0], the Heaviside step with step(0) = 0 (torch.heaviside(a, 0); so relu' = step);
// ∂/∂a = 0 everywhere
struct Step {
    static double f(double a) { return a != a ? a : (a > 0 ? 1.0 : 0.0); }
    static double slope(double, double) { return 0; }
    template <class T>
    static void backward(const T&, const T&, const T&, T&) {}
};

} // namespace tape_fn
} // namespace dh
