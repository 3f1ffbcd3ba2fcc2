// Scalar reverse-mode automatic differentiation on a flat tape that the caller holds.
//
// Record once with Var arithmetic, then replay for new inputs; replays allocate nothing:
//
//     dh::Tape tape;
//     dh::Var x = tape.input(), y = tape.input();   // inputs 0 and 1
//     dh::Var f = sin(x) * y + pow(x, 2.0);         // the output is the last recorded node
//     double g[2];
//     double v = tape.valueGrad(0.5, 2.0, g);       // f(0.5, 2) and ∇f there
//
// Storage: one contiguous array of instructions {opcode, argument indices, constant} plus flat value
// and adjoint arrays. forward() walks it front to back, gradient() back to front (micrograd/Stan);
// valueGradHessian() replays both sweeps on forward-mode dual numbers (forward-over-reverse), which
// gives the exact Hessian.
//
// Derivatives are those of torch.autograd (float64), written as it computes them:
//   d tanh = 1 − tanh², d sigmoid = σ(1 − σ), d x^c = c·x^(c−1) (0 when c = 0), d c^x = c^x·log c,
//   d/d(den) a/b = −g·((a/b)/b), d sqrt = 1/(2·sqrt) (inf at 0), d abs = sign (0 at 0),
//   min/max: the gradient goes to the selected argument; on a tie each gets half (torch.minimum/maximum),
//   d relu = [a > 0] (0 at 0), d sign = d step = 0 (step(a) = [a > 0], the Heaviside step with step(0) = 0).
// Powers with a constant exponent are their own opcode, so x^2 at x < 0 has a finite derivative and an
// exact Hessian; a constant base likewise.
//
// A Tape is not thread-safe (replays write its value and adjoint arrays); copy it per thread. A Var
// points at its tape: moving or copying the tape does not update existing Vars, and optimize()
// invalidates all Vars except the inputs.
#pragma once

#include "core/autodiff/tape_ops.h"

#include <cstdint>
#include <vector>

namespace dh {

// Opcodes: the arithmetic ones, then the functions callable by name (core/autodiff/tape_ops.h lists
// each with its meaning; the one-argument functions' formulas are there too).
// clang-format off
enum class Op : std::uint8_t {
#define DH_OP_ENUMERATOR(op, ...) op,
    DH_TAPE_ARITHMETIC(DH_OP_ENUMERATOR)
    DH_TAPE_BINARY_FUNCTIONS(DH_OP_ENUMERATOR)
    DH_TAPE_FUNCTIONS(DH_OP_ENUMERATOR)
#undef DH_OP_ENUMERATOR
};
// clang-format on

// Number of argument nodes an opcode reads (CPow reads a and its log(c) node b).
int opArity(Op op);
// A stable lowercase name: "add", "mul_c", ... for arithmetic, the function's name ("sin", "relu") for
// functions. Used by the computational graph and its JSON.
const char* opName(Op op);
// True for the functions callable by name in typed expressions (pow, min, max and DH_TAPE_FUNCTIONS).
bool isNamedFunction(Op op);

struct Instr {
    Op op = Op::Const;
    std::int32_t a = -1, b = -1; // argument node indices, −1 when unused
    double c = 0;                // the constant of Const, AddC, RSubC, MulC, DivC, RDivC, PowInt, PowC, CPow
};

class Tape;

// A handle to a node of a tape: 16 bytes, copied by value.
class Var {
public:
    Var() = default;
    Var(Tape* tape, int index) : m_tape(tape), m_index(index) {}

    Tape* tape() const { return m_tape; }
    int index() const { return m_index; }
    bool valid() const { return m_tape != nullptr && m_index >= 0; }
    // The node's value at recording time or after the last forward().
    double value() const;

    Var& operator+=(Var o);
    Var& operator-=(Var o);
    Var& operator*=(Var o);
    Var& operator/=(Var o);
    Var& operator+=(double c);
    Var& operator-=(double c);
    Var& operator*=(double c);
    Var& operator/=(double c);

private:
    Tape* m_tape = nullptr;
    int m_index = -1;
};

namespace detail {
// Forward-mode dual number with two tangents, for Hessians (defined in tape.cpp).
struct TapeDual {
    double v = 0, d0 = 0, d1 = 0;
};
} // namespace detail

class Tape {
public:
    // ---- recording ----

    // A new input; inputs are numbered 0, 1, ... in creation order. `value` is used while recording.
    Var input(double value = 0);
    Var constant(double c);
    // Records op on a (and b, c). Any opcode except Input and Const; for CPow pass the base as c.
    // Operations on constants are folded; a constant operand turns Add/Sub/Mul/Div/Pow into the
    // fused opcodes above; x^0 becomes the constant 1 and x^1 is x itself. The value is computed now.
    Var record(Op op, Var a, Var b = {}, double c = 0);
    // The node that forward() returns and gradient() differentiates (default: the last recorded node).
    void setOutput(Var v);
    // Common-subexpression elimination and removal of nodes the output does not need; moves inputs
    // (in their order) and constants to the front so that replays skip them. Invalidates every Var
    // except inputs created first. The parser calls it once after recording.
    void optimize();
    void clear();
    void reserve(int nodes);
    // Records `other`'s program on this tape with its input k replaced by inputs[k] (other.inputCount()
    // of them, nodes of this tape); returns the node of other's output. Constant folding and the fused
    // opcodes apply again, so the result computes exactly what `other` does.
    Var append(const Tape& other, const Var* inputs);

    // ---- replay (no allocation) ----

    // Sets the inputs (inputs[k] for input k, inputCount() values) and returns the output's value.
    double forward(const double* inputs);
    // ∂output/∂input_k into grad[k] for the inputs of the last forward() (inputCount() values).
    void gradient(double* grad);
    // forward() then gradient().
    double valueGrad(const double* inputs, double* grad);
    // Two-input convenience: f(x, y) with (∂f/∂x, ∂f/∂y) in grad[0..1]. Requires inputCount() == 2.
    double valueGrad(double x, double y, double* grad);
    // f, ∇f (may be null) and the exact Hessian, row-major n × n with n = inputCount():
    // hess[i·n + j] = ∂²f/∂input_i∂input_j. Allocates its dual workspace on first use only.
    double valueGradHessian(const double* inputs, double* grad, double* hess);

    // ---- inspection ----

    int size() const { return static_cast<int>(m_instr.size()); }
    int inputCount() const { return static_cast<int>(m_inputs.size()); }
    Var inputVar(int k) { return Var(this, m_inputs[k]); }
    int outputIndex() const { return m_output >= 0 ? m_output : size() - 1; }
    const std::vector<Instr>& instructions() const { return m_instr; }
    // Value of node i after the last forward() (or at recording); adjoint after the last gradient().
    double value(int i) const { return m_val[i]; }
    double adjoint(int i) const { return m_adj[i]; }
    // The local partial derivatives of node i with respect to its argument nodes at the current values:
    // partials[0] = ∂node/∂a, partials[1] = ∂node/∂b (0 when there is no b; CPow's b is its log(c) node,
    // reported 0). Each edge separately, also when a and b are the same node (x·x: x and x). Computed by
    // the reverse sweep's own code for that node with a unit adjoint.
    void localPartials(int i, double partials[2]) const;

private:
    int push(Op op, int a, int b, double c);

    std::vector<Instr> m_instr;                   // the program, in recording order (arguments precede their uses)
    std::vector<double> m_val;                    // node values
    std::vector<double> m_adj;                    // node adjoints, ∂output/∂node
    std::vector<int> m_inputs;                    // node index of input k
    int m_output = -1;                            // −1: the last node
    int m_leaves = 0;                             // nodes [0, m_leaves) are inputs and constants
    std::vector<detail::TapeDual> m_dval, m_dadj; // Hessian workspace, sized lazily
};

// Arithmetic and functions on Vars of one tape (they record on it).
Var operator+(Var a, Var b);
Var operator-(Var a, Var b);
Var operator*(Var a, Var b);
Var operator/(Var a, Var b);
Var operator-(Var a);
Var operator+(Var a, double c);
Var operator+(double c, Var a);
Var operator-(Var a, double c);
Var operator-(double c, Var a);
Var operator*(Var a, double c);
Var operator*(double c, Var a);
Var operator/(Var a, double c);
Var operator/(double c, Var a);

// One-argument functions: sin cos tan exp log sqrt abs tanh sigmoid relu sign step (DH_TAPE_FUNCTIONS).
#define DH_DECLARE_VAR_FUNCTION(op, name) Var name(Var a);
DH_TAPE_FUNCTIONS(DH_DECLARE_VAR_FUNCTION)
#undef DH_DECLARE_VAR_FUNCTION
Var min(Var a, Var b);
Var max(Var a, Var b);
Var pow(Var a, Var b);
Var pow(Var a, double c); // constant exponent (Square, PowInt or PowC)
Var pow(double c, Var a); // constant base (CPow)

} // namespace dh
