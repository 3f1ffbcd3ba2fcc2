// Scalar tape: recording, the two sweeps, forward-over-reverse Hessians.
//
// Sections:
//   1. (core/autodiff/tape_math.h) TapeDual arithmetic and the math overload set `ad::`;
//      (core/autodiff/tape_ops.h) the opcode table and the one-argument functions' formulas
//   2. evalNode / forwardSweep: one switch, templated on double or TapeDual
//   3. reverseNode / reverseSweep: the partial derivatives of every opcode, torch.autograd's formulas
//      (the one-argument functions' partials are in core/autodiff/tape_ops.h)
//   4. Tape: recording, constant folding, optimize(), replay, local partials
//   5. (core/autodiff/tape_var.cpp) Var operators and functions
//
// The sweeps are templates so that the Hessian replays exactly the same code on dual numbers:
// the reverse sweep run on duals seeded with e_i yields row i of ∇²f.
#include "core/autodiff/tape.h"

#include "core/autodiff/tape_math.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstring>
#include <unordered_map>

namespace dh {

namespace {

using namespace tape_math;

// ---- 2. forward ----

template <class T>
inline void evalNode(const Instr& in, T* v, int i) {
    switch (in.op) {
    case Op::Input:
    case Op::Const:
        break;
    case Op::Add:
        v[i] = v[in.a] + v[in.b];
        break;
    case Op::Sub:
        v[i] = v[in.a] - v[in.b];
        break;
    case Op::Mul:
        v[i] = v[in.a] * v[in.b];
        break;
    case Op::Div:
        v[i] = v[in.a] / v[in.b];
        break;
    case Op::Neg:
        v[i] = -v[in.a];
        break;
    case Op::AddC:
        v[i] = v[in.a] + in.c;
        break;
    case Op::RSubC:
        v[i] = in.c - v[in.a];
        break;
    case Op::MulC:
        v[i] = v[in.a] * in.c;
        break;
    case Op::DivC:
        v[i] = v[in.a] / in.c;
        break;
    case Op::RDivC:
        v[i] = in.c / v[in.a];
        break;
    case Op::Square:
        v[i] = v[in.a] * v[in.a];
        break;
    case Op::PowInt:
        v[i] = ipow(v[in.a], static_cast<int>(in.c));
        break;
    case Op::PowC:
        v[i] = powConst(v[in.a], in.c);
        break;
    case Op::CPow:
        v[i] = ad::cpow(in.c, v[in.a], v[in.b]);
        break;
    case Op::Pow:
        v[i] = ad::pow(v[in.a], v[in.b]);
        break;
#define DH_EVAL_FUNCTION(op, name)                                                                                     \
    case Op::op:                                                                                                       \
        v[i] = ad::applyFunction<tape_fn::op>(v[in.a]);                                                                \
        break;
        DH_TAPE_FUNCTIONS(DH_EVAL_FUNCTION)
#undef DH_EVAL_FUNCTION
    case Op::Min:
        v[i] = ad::minOf(v[in.a], v[in.b]);
        break;
    case Op::Max:
        v[i] = ad::maxOf(v[in.a], v[in.b]);
        break;
    }
}

// Nodes [begin, end): begin skips the leading inputs and constants, which have nothing to compute.
template <class T>
void forwardSweep(const Instr* ins, T* v, int begin, int end) {
    for (int i = begin; i < end; ++i) evalNode(ins[i], v, i);
}

// ---- 3. reverse ----
// g = ∂out/∂node i; each case adds g·∂node/∂arg to its arguments' adjoints. The products are
// grouped as torch.autograd groups them (e.g. g·(1 − y)·y for sigmoid, −g·((a/b)/b) for a divisor).

// One node: adds adj[i]·∂node/∂arg to the adjoints of its arguments.
template <class T>
inline void reverseNode(const Instr& in, const T* v, T* adj, int i) {
    const T g = adj[i];
    const int a = in.a, b = in.b;
    switch (in.op) {
    case Op::Input:
    case Op::Const:
        break;
    // ∂(a+b)/∂a = 1, ∂(a+b)/∂b = 1
    case Op::Add:
        adj[a] += g;
        adj[b] += g;
        break;
    // ∂(a−b)/∂a = 1, ∂(a−b)/∂b = −1
    case Op::Sub:
        adj[a] += g;
        adj[b] -= g;
        break;
    // ∂(ab)/∂a = b, ∂(ab)/∂b = a
    case Op::Mul:
        adj[a] += g * v[b];
        adj[b] += g * v[a];
        break;
    // ∂(a/b)/∂a = 1/b, ∂(a/b)/∂b = −(a/b)/b
    case Op::Div:
        adj[a] += g / v[b];
        adj[b] += -g * (v[i] / v[b]);
        break;
    // ∂(−a)/∂a = −1
    case Op::Neg:
        adj[a] -= g;
        break;
    // ∂(a+c)/∂a = 1
    case Op::AddC:
        adj[a] += g;
        break;
    // ∂(c−a)/∂a = −1
    case Op::RSubC:
        adj[a] -= g;
        break;
    // ∂(ac)/∂a = c
    case Op::MulC:
        adj[a] += g * in.c;
        break;
    // ∂(a/c)/∂a = 1/c
    case Op::DivC:
        adj[a] += g / in.c;
        break;
    // ∂(c/a)/∂a = −(c/a)/a
    case Op::RDivC:
        adj[a] += -g * (v[i] / v[a]);
        break;
    // ∂a²/∂a = 2a
    case Op::Square:
        adj[a] += g * (2.0 * v[a]);
        break;
    // ∂a^c/∂a = c·a^(c−1)   (c ≠ 0: x^0 is folded to the constant 1 when recorded)
    // ∂a^n/∂a = n·a^(n−1)   (n integer, 3 ≤ |n| ≤ 64 or n = −1, −2)
    case Op::PowInt:
        adj[a] += g * (in.c * ipow(v[a], static_cast<int>(in.c) - 1));
        break;
    case Op::PowC:
        adj[a] += g * (in.c * powConst(v[a], in.c - 1.0));
        break;
    // ∂c^a/∂a = c^a·log c   (0 where c = 0 and a ≥ 0); v[b] = log c
    case Op::CPow:
        if (!(in.c == 0 && ad::pv(v[a]) >= 0)) adj[a] += g * (v[i] * v[b]);
        break;
    // ∂a^b/∂a = b·a^(b−1) (0 where b = 0), ∂a^b/∂b = a^b·log a (0 where a = 0 and b ≥ 0)
    case Op::Pow:
        if (ad::pv(v[b]) != 0) adj[a] += g * (v[b] * ad::pow(v[a], v[b] - 1.0));
        if (!(ad::pv(v[a]) == 0 && ad::pv(v[b]) >= 0)) adj[b] += g * (v[i] * ad::log(v[a]));
        break;
        // the one-argument functions: their partials are in tape_ops.h
#define DH_REVERSE_FUNCTION(op, name)                                                                                  \
    case Op::op:                                                                                                       \
        tape_fn::op::backward(g, v[a], v[i], adj[a]);                                                                  \
        break;
        DH_TAPE_FUNCTIONS(DH_REVERSE_FUNCTION)
#undef DH_REVERSE_FUNCTION
    // ∂min(a,b)/∂a = [a < b], ∂/∂b = [b < a]; a tie gives each g/2 (torch.minimum)
    case Op::Min: {
        const double x = ad::pv(v[a]), y = ad::pv(v[b]);
        const T h = x == y ? g * 0.5 : g;
        if (!(x > y)) adj[a] += h;
        if (!(x < y)) adj[b] += h;
        break;
    }
    // ∂max(a,b)/∂a = [a > b], ∂/∂b = [b > a]; a tie gives each g/2 (torch.maximum)
    case Op::Max: {
        const double x = ad::pv(v[a]), y = ad::pv(v[b]);
        const T h = x == y ? g * 0.5 : g;
        if (!(x < y)) adj[a] += h;
        if (!(x > y)) adj[b] += h;
        break;
    }
    }
}

// Nodes out down to begin (the leading leaves propagate nothing).
template <class T>
void reverseSweep(const Instr* ins, const T* v, T* adj, int begin, int out) {
    for (int i = out; i >= begin; --i) reverseNode(ins[i], v, adj, i);
}

bool isCommutative(Op op) {
    return op == Op::Add || op == Op::Mul;
}

} // namespace

int opArity(Op op) {
    switch (op) {
#define DH_ARITY_ARITHMETIC(op, name, arity)                                                                           \
    case Op::op:                                                                                                       \
        return arity;
#define DH_ARITY_BINARY(op, name)                                                                                      \
    case Op::op:                                                                                                       \
        return 2;
        DH_TAPE_ARITHMETIC(DH_ARITY_ARITHMETIC)
        DH_TAPE_BINARY_FUNCTIONS(DH_ARITY_BINARY)
#undef DH_ARITY_ARITHMETIC
#undef DH_ARITY_BINARY
    default:
        return 1;
    }
}

const char* opName(Op op) {
    switch (op) {
#define DH_NAME_ARITHMETIC(op, name, arity)                                                                            \
    case Op::op:                                                                                                       \
        return name;
#define DH_NAME_FUNCTION(op, name)                                                                                     \
    case Op::op:                                                                                                       \
        return #name;
        DH_TAPE_ARITHMETIC(DH_NAME_ARITHMETIC)
        DH_TAPE_BINARY_FUNCTIONS(DH_NAME_FUNCTION)
        DH_TAPE_FUNCTIONS(DH_NAME_FUNCTION)
#undef DH_NAME_ARITHMETIC
#undef DH_NAME_FUNCTION
    }
    return "?";
}

bool isNamedFunction(Op op) {
    switch (op) {
#define DH_NAMED_CASE(op, name) case Op::op:
        DH_TAPE_BINARY_FUNCTIONS(DH_NAMED_CASE)
        DH_TAPE_FUNCTIONS(DH_NAMED_CASE)
#undef DH_NAMED_CASE
        return true;
    default:
        return false;
    }
}

// ---- 4. Tape ----

int Tape::push(Op op, int a, int b, double c) {
    if ((op == Op::Input || op == Op::Const) && m_leaves == size()) ++m_leaves;
    m_instr.push_back(Instr{op, a, b, c});
    m_val.push_back(op == Op::Const ? c : 0.0);
    m_adj.push_back(0.0);
    m_dval.clear(); // the Hessian workspace is rebuilt on its next use
    return size() - 1;
}

Var Tape::input(double value) {
    int i = push(Op::Input, -1, -1, 0);
    m_val[i] = value;
    m_inputs.push_back(i);
    return Var(this, i);
}

Var Tape::constant(double c) {
    return Var(this, push(Op::Const, -1, -1, c));
}

Var Tape::record(Op op, Var a, Var b, double c) {
    assert(op != Op::Input && op != Op::Const);
    const int arity = op == Op::CPow ? 1 : opArity(op); // CPow's second argument is made here
    assert(a.tape() == this && a.index() >= 0 && a.index() < size());
    assert(arity < 2 || (b.tape() == this && b.index() >= 0 && b.index() < size()));
    int ia = a.index(), ib = arity == 2 ? b.index() : -1;
    const bool ka = m_instr[ia].op == Op::Const;
    const bool kb = arity == 2 && m_instr[ib].op == Op::Const;

    // Constant folding: evaluate the same code the sweep would run.
    if (ka && (arity == 1 || kb)) {
        double tmp[3] = {m_val[ia], arity == 2 ? m_val[ib] : (op == Op::CPow ? std::log(c) : 0.0), 0.0};
        evalNode(Instr{op, 0, 1, c}, tmp, 2);
        return constant(tmp[2]);
    }
    // A constant operand selects the fused opcode (no Const node read per replay).
    switch (op) {
    case Op::Add:
        if (ka) return record(Op::AddC, b, {}, m_val[ia]);
        if (kb) return record(Op::AddC, a, {}, m_val[ib]);
        break;
    case Op::Sub:
        if (kb) return record(Op::AddC, a, {}, -m_val[ib]);
        if (ka) return record(Op::RSubC, b, {}, m_val[ia]);
        break;
    case Op::Mul:
        if (ka) return record(Op::MulC, b, {}, m_val[ia]);
        if (kb) return record(Op::MulC, a, {}, m_val[ib]);
        break;
    case Op::Div:
        if (kb) return record(Op::DivC, a, {}, m_val[ib]);
        if (ka) return record(Op::RDivC, b, {}, m_val[ia]);
        break;
    case Op::Pow:
        if (kb) return record(Op::PowC, a, {}, m_val[ib]);
        if (ka) return record(Op::CPow, b, {}, m_val[ia]);
        break;
    case Op::PowC:
        if (c == 0) return constant(1.0); // torch: x^0 = 1 with gradient 0
        if (c == 1) return a;
        if (c == 2)
            op = Op::Square;
        else if (isSmallInteger(c))
            op = Op::PowInt;
        break;
    case Op::CPow:
        ib = constant(std::log(c)).index();
        break;
    default:
        break;
    }
    int i = push(op, ia, ib, c);
    evalNode(m_instr[i], m_val.data(), i);
    return Var(this, i);
}

Var Tape::append(const Tape& other, const Var* inputs) {
    std::vector<Var> map(size_t(other.size()));
    for (int k = 0; k < other.inputCount(); ++k) map[size_t(other.m_inputs[size_t(k)])] = inputs[k];
    for (int i = 0; i < other.size(); ++i) {
        const Instr& in = other.m_instr[size_t(i)];
        if (in.op == Op::Input) continue;
        if (in.op == Op::Const)
            map[size_t(i)] = constant(in.c);
        else if (in.op == Op::CPow) // record() makes its own log(c) node
            map[size_t(i)] = record(Op::CPow, map[size_t(in.a)], {}, in.c);
        else
            map[size_t(i)] = record(in.op, map[size_t(in.a)], in.b >= 0 ? map[size_t(in.b)] : Var{}, in.c);
    }
    return map[size_t(other.outputIndex())];
}

void Tape::setOutput(Var v) {
    assert(v.tape() == this && v.index() >= 0 && v.index() < size());
    m_output = v.index();
}

void Tape::clear() {
    m_instr.clear();
    m_val.clear();
    m_adj.clear();
    m_inputs.clear();
    m_output = -1;
    m_leaves = 0;
    m_dval.clear();
    m_dadj.clear();
}

void Tape::reserve(int nodes) {
    m_instr.reserve(nodes);
    m_val.reserve(nodes);
    m_adj.reserve(nodes);
}

namespace {
struct InstrKey {
    Op op;
    int a, b;
    std::uint64_t c;
    bool operator==(const InstrKey& o) const { return op == o.op && a == o.a && b == o.b && c == o.c; }
};
struct InstrKeyHash {
    size_t operator()(const InstrKey& k) const {
        std::uint64_t h = static_cast<std::uint64_t>(k.op);
        h = h * 0x9E3779B97F4A7C15ull ^ static_cast<std::uint32_t>(k.a);
        h = h * 0x9E3779B97F4A7C15ull ^ static_cast<std::uint32_t>(k.b);
        h = h * 0x9E3779B97F4A7C15ull ^ k.c;
        return static_cast<size_t>(h ^ (h >> 29));
    }
};
} // namespace

void Tape::optimize() {
    const int n = size();
    if (n == 0) return;
    const int out = outputIndex();

    // Common subexpressions: rep[i] is the first node computing the same instruction.
    std::vector<int> rep(n);
    std::unordered_map<InstrKey, int, InstrKeyHash> seen;
    for (int i = 0; i < n; ++i) {
        Instr& in = m_instr[i];
        if (in.a >= 0) in.a = rep[in.a];
        if (in.b >= 0) in.b = rep[in.b];
        if (isCommutative(in.op) && in.a > in.b) std::swap(in.a, in.b);
        if (in.op == Op::Input) {
            rep[i] = i;
            continue;
        }
        InstrKey key{in.op, in.a, in.b, 0};
        std::memcpy(&key.c, &in.c, sizeof key.c);
        rep[i] = seen.emplace(key, i).first->second;
    }

    // Live nodes: what the output reads, plus every input.
    std::vector<char> live(n, 0);
    live[rep[out]] = 1;
    for (int k : m_inputs) live[k] = 1;
    for (int i = n - 1; i >= 0; --i) {
        if (!live[i]) continue;
        if (m_instr[i].a >= 0) live[m_instr[i].a] = 1;
        if (m_instr[i].b >= 0) live[m_instr[i].b] = 1;
    }

    // Compact: inputs (in their order), then constants, then operations in recording order, so that
    // the sweeps can skip the leaves. Arguments still precede their uses.
    std::vector<int> order(m_inputs);
    for (int i = 0; i < n; ++i)
        if (live[i] && m_instr[i].op == Op::Const) order.push_back(i);
    m_leaves = static_cast<int>(order.size());
    for (int i = 0; i < n; ++i)
        if (live[i] && opArity(m_instr[i].op) > 0) order.push_back(i);
    std::vector<int> newIndex(n, -1);
    std::vector<Instr> instr;
    std::vector<double> val;
    for (int i : order) {
        newIndex[i] = static_cast<int>(instr.size());
        Instr in = m_instr[i];
        if (in.a >= 0) in.a = newIndex[in.a];
        if (in.b >= 0) in.b = newIndex[in.b];
        instr.push_back(in);
        val.push_back(m_val[i]);
    }
    for (int& k : m_inputs) k = newIndex[k];
    m_output = newIndex[rep[out]];
    m_instr = std::move(instr);
    m_val = std::move(val);
    m_adj.assign(m_instr.size(), 0.0);
    m_dval.clear();
    m_dadj.clear();
}

double Tape::forward(const double* inputs) {
    assert(!m_instr.empty());
    const int nIn = inputCount();
    for (int k = 0; k < nIn; ++k) m_val[m_inputs[k]] = inputs[k];
    const int out = outputIndex();
    forwardSweep(m_instr.data(), m_val.data(), m_leaves, out + 1);
    return m_val[out];
}

void Tape::gradient(double* grad) {
    const int out = outputIndex();
    std::fill(m_adj.begin(), m_adj.end(), 0.0);
    m_adj[out] = 1.0;
    reverseSweep(m_instr.data(), m_val.data(), m_adj.data(), m_leaves, out);
    const int nIn = inputCount();
    for (int k = 0; k < nIn; ++k) grad[k] = m_adj[m_inputs[k]];
}

double Tape::valueGrad(const double* inputs, double* grad) {
    double f = forward(inputs);
    gradient(grad);
    return f;
}

double Tape::valueGrad(double x, double y, double* grad) {
    assert(inputCount() == 2);
    const double in[2] = {x, y};
    return valueGrad(in, grad);
}

void Tape::localPartials(int i, double partials[2]) const {
    assert(i >= 0 && i < size());
    const Instr& in = m_instr[i];
    partials[0] = partials[1] = 0;
    if (opArity(in.op) == 0) return;
    // Replay the node's reverse case on a private copy whose arguments are distinct slots 0 and 1, so
    // that a node reading one value twice (x·x) reports each edge.
    const Instr local{in.op, 0, in.b >= 0 ? 1 : -1, in.c};
    const double v[3] = {m_val[in.a], in.b >= 0 ? m_val[in.b] : 0.0, m_val[i]};
    double adj[3] = {0, 0, 1};
    reverseNode(local, v, adj, 2);
    partials[0] = adj[0];
    partials[1] = in.op == Op::CPow ? 0.0 : adj[1];
}

double Tape::valueGradHessian(const double* inputs, double* grad, double* hess) {
    assert(!m_instr.empty());
    const int n = size(), nIn = inputCount(), out = outputIndex();
    if (static_cast<int>(m_dval.size()) != n) {
        m_dval.assign(n, detail::TapeDual{});
        m_dadj.assign(n, detail::TapeDual{});
        for (int i = 0; i < n; ++i)
            if (m_instr[i].op == Op::Const) m_dval[i].v = m_instr[i].c;
    }
    if (nIn == 0) {
        if (grad == nullptr) return forward(inputs);
        double f = forward(inputs);
        gradient(grad);
        return f;
    }
    // Two Hessian columns per replay: tangents seeded with e_k0 and e_k0+1.
    double f = 0;
    for (int k0 = 0; k0 < nIn; k0 += 2) {
        for (int k = 0; k < nIn; ++k)
            m_dval[m_inputs[k]] = detail::TapeDual{inputs[k], k == k0 ? 1.0 : 0.0, k == k0 + 1 ? 1.0 : 0.0};
        forwardSweep(m_instr.data(), m_dval.data(), m_leaves, out + 1);
        std::fill(m_dadj.begin(), m_dadj.end(), detail::TapeDual{});
        m_dadj[out].v = 1.0;
        reverseSweep(m_instr.data(), m_dval.data(), m_dadj.data(), m_leaves, out);
        f = m_dval[out].v;
        for (int j = 0; j < nIn; ++j) {
            const detail::TapeDual& d = m_dadj[m_inputs[j]];
            if (grad) grad[j] = d.v;
            hess[j * nIn + k0] = d.d0;
            if (k0 + 1 < nIn) hess[j * nIn + k0 + 1] = d.d1;
        }
    }
    return f;
}

} // namespace dh
