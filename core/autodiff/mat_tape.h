// Reverse-mode automatic differentiation over Eigen matrices, for the network lab.
//
// A MatTape<T> records a fixed graph of matrix operations once and replays it for every batch:
// forward() recomputes every value from the current inputs and parameters, backward(root) walks the
// nodes in reverse and writes ∂root/∂(every node). Nodes live in one std::vector; their values and
// gradients live in two contiguous arenas that grow only when a shape grows, so replaying with the same
// sizes (or smaller ones) allocates nothing.
//
// Layout: batch-major, every matrix row-major with one sample per row (rows = samples). Parameters
// are views into caller-owned storage (the flat parameter vector of a network); backward() *sets* their
// gradients in the caller's gradient storage (a parameter that does not reach the root gets zeros).
// Data inputs have values owned by the tape and no gradient.
//
// Sections: types and leaves · operations (each with its partials) · replay · accessors · private.
//
// Partials are written as dX = ∂root/∂X given dY = ∂root/∂Y for Y = op(X); g is dY for a 1×1 output.
// Losses reduce to 1×1 and take their targets as another node (class indices stored as T, exact for
// any realistic class count).
//
// Not thread-safe: one tape per thread. Misuse (shapes that do not fit, an invalid Var, a root that is
// not 1×1, a class index out of range) is a broken invariant of the caller: a failed assert, with the
// shapes named on stderr; release builds (NDEBUG) do not check.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <vector>

namespace dh {

template <class T>
class MatTape {
public:
    using Index = Eigen::Index;
    using Matrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    using Map = Eigen::Map<Matrix>;
    using ConstMap = Eigen::Map<const Matrix>;

    // A handle to a node. Plain index; valid only for the tape that made it.
    struct Var {
        int id = -1;
        bool valid() const { return id >= 0; }
    };

    // ---- leaves ----

    // A data input rows×cols, no gradient. Write it through value(v) after any resizeInput().
    Var input(Index rows, Index cols) {
        Node n;
        n.op = Op::Input;
        n.rows = rows;
        n.cols = cols;
        return push(n);
    }
    // A parameter: a rows×cols row-major view of caller memory `value`; backward() writes its gradient
    // (same layout) to `grad` (may be null: then it is treated as a constant).
    Var param(const T* value, T* grad, Index rows, Index cols) {
        Node n;
        n.op = Op::Param;
        n.rows = rows;
        n.cols = cols;
        n.ext = value;
        n.extGrad = grad;
        n.needsGrad = grad != nullptr;
        return push(n);
    }
    // New sizes for an input (e.g. the last, shorter minibatch). Values of every input must be
    // written again afterwards: arena offsets may move.
    void resizeInput(Var v, Index rows, Index cols) {
        Node& n = node(v, Op::Input);
        if (n.rows != rows || n.cols != cols) {
            n.rows = rows;
            n.cols = cols;
            m_layoutDirty = true;
        }
    }
    void resizeInput(Var v, Index rows) { resizeInput(v, rows, m_nodes[check(v)].cols); }
    // Points a parameter at new storage (same shape), e.g. another copy of the weights.
    void rebindParam(Var v, const T* value, T* grad) {
        Node& n = node(v, Op::Param);
        n.ext = value;
        if ((grad != nullptr) != n.needsGrad) {
            m_layoutDirty = true;
            m_gradFlagsDirty = true;
        }
        n.extGrad = grad;
        n.needsGrad = grad != nullptr;
    }

    // ---- operations ----

    // C = A·B.  dA += dC·Bᵀ,  dB += Aᵀ·dC.
    Var matmul(Var a, Var b) { return binary(Op::Matmul, a, b); }
    // Y = Z + 1·bᵀ (b a row or column vector with one entry per column of Z), by an explicit loop over
    // rows.  dZ += dY,  db += Σ_rows dY.
    Var addBias(Var z, Var b) { return binary(Op::AddBias, z, b); }
    // A layer, fused: Z = X·Wᵀ + 1·bᵀ with W out×in (row i holds the weights of unit i: s = Wx + b)
    // and b of size out.  dX += dZ·W,  dW += dZᵀ·X,  db += Σ_rows dZ.
    Var affine(Var x, Var w, Var b) {
        Var v = binary(Op::Affine, x, w);
        m_nodes[v.id].c = check(b);
        m_nodes[v.id].needsGrad = m_nodes[v.id].needsGrad || m_nodes[b.id].needsGrad;
        return v;
    }
    // Y = tanh X.  dX += dY ⊙ (1 − Y²).
    Var tanh(Var x) { return unary(Op::Tanh, x); }
    // Y = σ(X) = 1/(1 + e^−X).  dX += dY ⊙ Y ⊙ (1 − Y).
    Var sigmoid(Var x) { return unary(Op::Sigmoid, x); }
    // Y = max(X, 0).  dX += dY ⊙ [X > 0].
    Var relu(Var x) { return unary(Op::Relu, x); }
    // The identity activation: returns x itself and records nothing (∂ = 1).
    Var linear(Var x) const { return x; }

    // Cross-entropy of softmax(Z) against class indices y (N×1), mean over the N rows:
    //   L = (1/N) Σ_i [log Σ_j e^{Z_ij} − Z_{i,y_i}]  (computed with the row maximum subtracted).
    //   dZ = g·(P − onehot(y))/N with P = softmax(Z) row by row.
    Var softmaxCrossEntropy(Var logits, Var labels) { return binary(Op::SoftmaxCe, logits, labels); }
    // Mean squared error over all N·C elements, no ½ (torch's MSELoss 'mean'):
    //   L = (1/NC) Σ (P − Y)².  dP = g·2(P − Y)/NC,  dY = −dP.
    Var mse(Var pred, Var target) { return binary(Op::Mse, pred, target); }
    // Multiclass hinge (the CS231n SVM loss), mean over rows, margin 1, class indices y (N×1):
    //   L = (1/N) Σ_i Σ_{j≠y_i} max(0, S_ij − S_{i,y_i} + 1).
    //   dS_ij = g/N·[margin_ij > 0] for j ≠ y_i,  dS_{i,y_i} = −g/N·#{j ≠ y_i: margin_ij > 0}.
    // torch's MultiMarginLoss (p=1, margin=1) divides each row by C as well: it is this loss / C.
    Var hinge(Var scores, Var labels) { return binary(Op::Hinge, scores, labels); }
    // Binary cross-entropy on logits Z against targets Y in [0, 1], mean over all N·C elements,
    // in the stable form of torch's binary_cross_entropy_with_logits:
    //   L = (1/NC) Σ [max(Z, 0) − Z·Y + log(1 + e^{−|Z|})].  dZ = g·(σ(Z) − Y)/NC,  dY = −g·Z/NC.
    Var bceWithLogits(Var logits, Var target) { return binary(Op::Bce, logits, target); }
    // s = Σ X.  dX += g.
    Var sum(Var x) { return unary(Op::Sum, x); }
    // s = Σ X / (rows·cols).  dX += g/(rows·cols).
    Var mean(Var x) { return unary(Op::Mean, x); }
    // s = Σ |X|.  dX += g·sign(X) (0 at 0, as torch).
    Var l1(Var x) { return unary(Op::L1, x); }
    // s = Σ X².  dX += 2g·X.
    Var l2(Var x) { return unary(Op::L2, x); }
    // Y = A + B (same shape).  dA += dY,  dB += dY.
    Var add(Var a, Var b) { return binary(Op::Add, a, b); }
    // Y = k·X.  dX += k·dY.
    Var scale(Var x, T k) {
        Var v = unary(Op::Scale, x);
        m_nodes[v.id].k = k;
        return v;
    }

    // ---- replay ----

    // Recomputes every node from the current inputs and parameters, in recording order.
    void forward() {
        layout();
        for (size_t i = 0; i < m_nodes.size(); ++i) forwardNode(static_cast<int>(i));
    }
    // ∂root/∂(node) for every node that depends on a parameter; root must be 1×1. Parameter gradients
    // are written to their caller storage. Call after forward().
    void backward(Var root) {
        int r = check(root);
        assert(m_nodes[r].rows == 1 && m_nodes[r].cols == 1 && "MatTape::backward: the root is not 1x1");
        layout();
        std::fill(m_written.begin(), m_written.end(), char(0));
        if (!m_nodes[r].needsGrad) {
            zeroUnwrittenParams();
            return;
        }
        gradOf(r)(0, 0) = T(1);
        m_written[r] = 1;
        for (int i = r; i >= 0; --i)
            if (m_written[i] && m_nodes[i].needsGrad) backwardNode(i);
        zeroUnwrittenParams();
    }

    // ---- accessors ----

    Map value(Var v) {
        layout();
        return valueOf(check(v));
    }
    T scalar(Var v) {
        layout();
        return valueOf(check(v))(0, 0);
    }
    // The gradient of a non-parameter node after backward() (parameters: read the caller's storage).
    Map grad(Var v) {
        layout();
        int i = check(v);
        assert(m_nodes[i].op != Op::Param && "MatTape::grad: read a parameter's gradient from its storage");
        return gradOf(i);
    }
    Index rows(Var v) {
        layout();
        return m_nodes[check(v)].rows;
    }
    Index cols(Var v) {
        layout();
        return m_nodes[check(v)].cols;
    }
    size_t size() const { return m_nodes.size(); }
    // Scalars held in the value and gradient arenas (their capacity: they never shrink).
    size_t arenaCapacity() const { return m_values.capacity() + m_grads.capacity(); }
    void clear() {
        m_nodes.clear();
        m_layoutDirty = true;
    }

private:
    enum class Op : std::uint8_t {
        Input,
        Param,
        Matmul,
        AddBias,
        Affine,
        Tanh,
        Sigmoid,
        Relu,
        SoftmaxCe,
        Mse,
        Hinge,
        Bce,
        Sum,
        Mean,
        L1,
        L2,
        Add,
        Scale
    };

    struct Node {
        Op op = Op::Input;
        bool needsGrad = false;
        int a = -1, b = -1, c = -1; // inputs
        Index rows = 0, cols = 0;
        Index valOff = 0, gradOff = 0, auxOff = 0; // offsets in the arenas
        const T* ext = nullptr;                    // Param: caller's values
        T* extGrad = nullptr;                      // Param: caller's gradient
        T k = T(0);                                // Scale: the constant
    };

    int check(Var v) const {
        assert(v.id >= 0 && v.id < static_cast<int>(m_nodes.size()) && "MatTape: invalid Var");
        return v.id;
    }
    Node& node(Var v, Op expected) {
        Node& n = m_nodes[check(v)];
        assert(n.op == expected && "MatTape: wrong kind of node");
        (void)expected;
        return n;
    }
    Var push(const Node& n) {
        m_nodes.push_back(n);
        m_layoutDirty = true;
        return Var{static_cast<int>(m_nodes.size()) - 1};
    }
    Var unary(Op op, Var x) {
        Node n;
        n.op = op;
        n.a = check(x);
        n.needsGrad = m_nodes[n.a].needsGrad;
        return push(n);
    }
    Var binary(Op op, Var a, Var b) {
        Node n;
        n.op = op;
        n.a = check(a);
        n.b = check(b);
        n.needsGrad = m_nodes[n.a].needsGrad || m_nodes[n.b].needsGrad;
        return push(n);
    }

    static Index roundUp(Index n) { return (n + 15) / 16 * 16; } // 64-byte steps for float

    // Shapes from the leaves' shapes, then arena offsets; grows the arenas only when needed.
    void layout() {
        if (!m_layoutDirty) return;
        Index val = 0, grd = 0;
        for (Node& n : m_nodes) {
            if (m_gradFlagsDirty && n.op != Op::Input && n.op != Op::Param) {
                n.needsGrad = m_nodes[n.a].needsGrad || (n.b >= 0 && m_nodes[n.b].needsGrad) ||
                              (n.c >= 0 && m_nodes[n.c].needsGrad);
            }
            inferShape(n);
            Index sz = n.rows * n.cols;
            if (n.op != Op::Param) {
                n.valOff = val;
                val += roundUp(sz);
            }
            if (n.op == Op::SoftmaxCe) { // P = softmax(Z), kept for the backward pass
                n.auxOff = val;
                val += roundUp(m_nodes[n.a].rows * m_nodes[n.a].cols);
            }
            if (n.needsGrad && n.op != Op::Param) {
                n.gradOff = grd;
                grd += roundUp(sz);
            }
        }
        if (static_cast<size_t>(val) > m_values.size()) m_values.resize(static_cast<size_t>(val));
        if (static_cast<size_t>(grd) > m_grads.size()) m_grads.resize(static_cast<size_t>(grd));
        m_written.resize(m_nodes.size());
        m_layoutDirty = false;
        m_gradFlagsDirty = false;
    }

    // Operands whose shapes do not fit: a failed assert, naming the shapes first.
    static void shapeError(const char* op, const Node& x, const Node& y) {
        std::fprintf(stderr, "MatTape::%s: shapes %ldx%ld and %ldx%ld do not fit\n", op, long(x.rows), long(x.cols),
                     long(y.rows), long(y.cols));
        assert(false && "MatTape: operand shapes do not fit");
    }

    void inferShape(Node& n) {
        const Node* a = n.a >= 0 ? &m_nodes[n.a] : nullptr;
        const Node* b = n.b >= 0 ? &m_nodes[n.b] : nullptr;
        switch (n.op) {
        case Op::Input:
        case Op::Param:
            return;
        case Op::Matmul:
            if (a->cols != b->rows) shapeError("matmul", *a, *b);
            n.rows = a->rows, n.cols = b->cols;
            return;
        case Op::AddBias:
            if (b->rows * b->cols != a->cols) shapeError("addBias", *a, *b);
            n.rows = a->rows, n.cols = a->cols;
            return;
        case Op::Affine: {
            const Node& bias = m_nodes[n.c];
            if (a->cols != b->cols || bias.rows * bias.cols != b->rows) shapeError("affine", *a, *b);
            n.rows = a->rows, n.cols = b->rows;
            return;
        }
        case Op::Tanh:
        case Op::Sigmoid:
        case Op::Relu:
        case Op::Scale:
            n.rows = a->rows, n.cols = a->cols;
            return;
        case Op::Add:
            if (a->rows != b->rows || a->cols != b->cols) shapeError("add", *a, *b);
            n.rows = a->rows, n.cols = a->cols;
            return;
        case Op::SoftmaxCe:
        case Op::Hinge:
            if (b->rows != a->rows || b->cols != 1)
                shapeError(n.op == Op::Hinge ? "hinge" : "softmaxCrossEntropy", *a, *b);
            n.rows = n.cols = 1;
            return;
        case Op::Mse:
        case Op::Bce:
            if (a->rows != b->rows || a->cols != b->cols) shapeError(n.op == Op::Mse ? "mse" : "bceWithLogits", *a, *b);
            n.rows = n.cols = 1;
            return;
        case Op::Sum:
        case Op::Mean:
        case Op::L1:
        case Op::L2:
            n.rows = n.cols = 1;
            return;
        }
    }

    Map valueOf(int i) {
        Node& n = m_nodes[i];
        T* p = n.op == Op::Param ? const_cast<T*>(n.ext) : m_values.data() + n.valOff;
        return Map(p, n.rows, n.cols);
    }
    Map gradOf(int i) {
        Node& n = m_nodes[i];
        T* p = n.op == Op::Param ? n.extGrad : m_grads.data() + n.gradOff;
        return Map(p, n.rows, n.cols);
    }
    Map auxOf(int i) {
        Node& n = m_nodes[i];
        const Node& a = m_nodes[n.a];
        return Map(m_values.data() + n.auxOff, a.rows, a.cols);
    }
    // A class index stored as T; out of range is a broken invariant of the caller, caught here because
    // it would otherwise write outside the row.
    static int label(T v, Index classes) {
        int y = static_cast<int>(v);
        assert(v >= T(0) && y < classes && "MatTape: class index out of range");
        (void)classes;
        return y;
    }

    // Adds an expression to a node's gradient: the first contribution assigns (no zero fill).
    template <class Expr>
    void accumulate(int i, const Expr& e) {
        if (!m_nodes[i].needsGrad) return;
        Map g = gradOf(i);
        if (m_written[i])
            g += e;
        else
            g = e, m_written[i] = 1;
    }
    template <class A, class B>
    void accumulateProduct(int i, const A& a, const B& b) {
        if (!m_nodes[i].needsGrad) return;
        Map g = gradOf(i);
        if (m_written[i])
            g.noalias() += a * b;
        else
            g.noalias() = a * b, m_written[i] = 1;
    }
    // db += Σ_rows dZ for a bias vector of any orientation.
    void accumulateBias(int i, const Map& dz) {
        if (!m_nodes[i].needsGrad) return;
        Map g = gradOf(i);
        Eigen::Map<Eigen::Matrix<T, 1, Eigen::Dynamic>> gv(g.data(), g.size());
        if (m_written[i])
            gv += dz.colwise().sum();
        else
            gv = dz.colwise().sum(), m_written[i] = 1;
    }
    void zeroUnwrittenParams() {
        for (size_t i = 0; i < m_nodes.size(); ++i) {
            const Node& n = m_nodes[i];
            if (n.op == Op::Param && n.extGrad && !m_written[i]) gradOf(static_cast<int>(i)).setZero();
        }
    }
    // Y += 1·bᵀ row by row (explicit loop: faster than a column broadcast in this layout).
    static void addRows(Map& y, const T* b) {
        Eigen::Map<const Eigen::Matrix<T, 1, Eigen::Dynamic>> bv(b, y.cols());
        for (Index r = 0; r < y.rows(); ++r) y.row(r) += bv;
    }

    void forwardNode(int i) {
        Node& n = m_nodes[i];
        switch (n.op) {
        case Op::Input:
        case Op::Param:
            return;
        case Op::Matmul:
            valueOf(i).noalias() = valueOf(n.a) * valueOf(n.b);
            return;
        case Op::AddBias: {
            Map y = valueOf(i);
            y = valueOf(n.a);
            addRows(y, valueOf(n.b).data());
            return;
        }
        case Op::Affine: {
            Map z = valueOf(i);
            z.noalias() = valueOf(n.a) * valueOf(n.b).transpose();
            addRows(z, valueOf(n.c).data());
            return;
        }
        case Op::Tanh:
            valueOf(i).array() = valueOf(n.a).array().tanh();
            return;
        case Op::Sigmoid:
            valueOf(i).array() = T(1) / (T(1) + (-valueOf(n.a).array()).exp());
            return;
        case Op::Relu:
            valueOf(i).array() = valueOf(n.a).array().max(T(0));
            return;
        case Op::Scale:
            valueOf(i) = n.k * valueOf(n.a);
            return;
        case Op::Add:
            valueOf(i) = valueOf(n.a) + valueOf(n.b);
            return;
        case Op::SoftmaxCe: {
            Map z = valueOf(n.a), y = valueOf(n.b), p = auxOf(i);
            T total = 0;
            for (Index r = 0; r < z.rows(); ++r) {
                T m = z.row(r).maxCoeff();
                p.row(r).array() = (z.row(r).array() - m).exp();
                T s = p.row(r).sum();
                p.row(r) /= s;
                total += (m + std::log(s)) - z(r, label(y(r, 0), z.cols()));
            }
            valueOf(i)(0, 0) = total / T(z.rows());
            return;
        }
        case Op::Mse: {
            Map p = valueOf(n.a), y = valueOf(n.b);
            valueOf(i)(0, 0) = (p - y).squaredNorm() / T(p.size());
            return;
        }
        case Op::Hinge: {
            Map s = valueOf(n.a), y = valueOf(n.b);
            T total = 0;
            for (Index r = 0; r < s.rows(); ++r) {
                int yr = label(y(r, 0), s.cols());
                T sy = s(r, yr);
                for (Index j = 0; j < s.cols(); ++j)
                    if (j != yr) total += std::max(T(0), s(r, j) - sy + T(1));
            }
            valueOf(i)(0, 0) = total / T(s.rows());
            return;
        }
        case Op::Bce: {
            Map z = valueOf(n.a), y = valueOf(n.b);
            T total = (z.array().max(T(0)) - z.array() * y.array() + (-z.array().abs()).exp().log1p()).sum();
            valueOf(i)(0, 0) = total / T(z.size());
            return;
        }
        case Op::Sum:
            valueOf(i)(0, 0) = valueOf(n.a).sum();
            return;
        case Op::Mean:
            valueOf(i)(0, 0) = valueOf(n.a).mean();
            return;
        case Op::L1:
            valueOf(i)(0, 0) = valueOf(n.a).cwiseAbs().sum();
            return;
        case Op::L2:
            valueOf(i)(0, 0) = valueOf(n.a).squaredNorm();
            return;
        }
    }

    void backwardNode(int i) {
        Node& n = m_nodes[i];
        switch (n.op) {
        case Op::Input:
        case Op::Param:
            return;
        case Op::Matmul: {
            Map dc = gradOf(i);
            accumulateProduct(n.a, dc, valueOf(n.b).transpose());
            accumulateProduct(n.b, valueOf(n.a).transpose(), dc);
            return;
        }
        case Op::AddBias: {
            Map dy = gradOf(i);
            accumulate(n.a, dy);
            accumulateBias(n.b, dy);
            return;
        }
        case Op::Affine: {
            Map dz = gradOf(i);
            accumulateProduct(n.a, dz, valueOf(n.b));
            accumulateProduct(n.b, dz.transpose(), valueOf(n.a));
            accumulateBias(n.c, dz);
            return;
        }
        case Op::Tanh: {
            Map y = valueOf(i);
            accumulate(n.a, (gradOf(i).array() * (T(1) - y.array().square())).matrix());
            return;
        }
        case Op::Sigmoid: {
            Map y = valueOf(i);
            accumulate(n.a, (gradOf(i).array() * y.array() * (T(1) - y.array())).matrix());
            return;
        }
        case Op::Relu: {
            Map x = valueOf(n.a);
            accumulate(n.a, (x.array() > T(0)).select(gradOf(i).array(), T(0)).matrix());
            return;
        }
        case Op::Scale:
            accumulate(n.a, n.k * gradOf(i));
            return;
        case Op::Add: {
            Map dy = gradOf(i);
            accumulate(n.a, dy);
            accumulate(n.b, dy);
            return;
        }
        case Op::SoftmaxCe: {
            if (!m_nodes[n.a].needsGrad) return; // labels take no gradient
            Map p = auxOf(i), y = valueOf(n.b);
            T gn = gradOf(i)(0, 0) / T(p.rows());
            Map dz = scratchFor(n.a);
            dz = gn * p;
            for (Index r = 0; r < p.rows(); ++r) dz(r, label(y(r, 0), p.cols())) -= gn;
            commitScratch(n.a);
            return;
        }
        case Op::Mse: {
            Map p = valueOf(n.a), y = valueOf(n.b);
            T c = T(2) * gradOf(i)(0, 0) / T(p.size());
            accumulate(n.a, c * (p - y));
            accumulate(n.b, -c * (p - y));
            return;
        }
        case Op::Hinge: {
            if (!m_nodes[n.a].needsGrad) return; // labels take no gradient
            Map s = valueOf(n.a), y = valueOf(n.b);
            T gn = gradOf(i)(0, 0) / T(s.rows());
            Map ds = scratchFor(n.a);
            for (Index r = 0; r < s.rows(); ++r) {
                int yr = label(y(r, 0), s.cols());
                T sy = s(r, yr);
                int count = 0;
                for (Index j = 0; j < s.cols(); ++j) {
                    bool active = j != yr && s(r, j) - sy + T(1) > T(0);
                    ds(r, j) = active ? gn : T(0);
                    count += active;
                }
                ds(r, yr) = -gn * T(count);
            }
            commitScratch(n.a);
            return;
        }
        case Op::Bce: {
            Map z = valueOf(n.a), y = valueOf(n.b);
            T c = gradOf(i)(0, 0) / T(z.size());
            accumulate(n.a, (c * (T(1) / (T(1) + (-z.array()).exp()) - y.array())).matrix());
            accumulate(n.b, (-c * z.array()).matrix());
            return;
        }
        case Op::Sum:
            accumulate(n.a, Matrix::Constant(m_nodes[n.a].rows, m_nodes[n.a].cols, gradOf(i)(0, 0)));
            return;
        case Op::Mean: {
            const Node& a = m_nodes[n.a];
            accumulate(n.a, Matrix::Constant(a.rows, a.cols, gradOf(i)(0, 0) / T(a.rows * a.cols)));
            return;
        }
        case Op::L1: {
            T g = gradOf(i)(0, 0);
            Map x = valueOf(n.a);
            accumulate(n.a, (g * x.array().sign()).matrix());
            return;
        }
        case Op::L2:
            accumulate(n.a, (T(2) * gradOf(i)(0, 0)) * valueOf(n.a));
            return;
        }
    }

    // Losses with row loops write their partials straight into the input's gradient when it has none
    // yet, else into a scratch buffer added afterwards.
    Map scratchFor(int a) {
        const Node& n = m_nodes[a];
        if (!m_written[a]) return gradOf(a);
        size_t need = static_cast<size_t>(n.rows * n.cols);
        if (m_scratch.size() < need) m_scratch.resize(need);
        return Map(m_scratch.data(), n.rows, n.cols);
    }
    void commitScratch(int a) {
        if (!m_nodes[a].needsGrad) return;
        if (!m_written[a]) {
            m_written[a] = 1;
            return;
        }
        const Node& n = m_nodes[a];
        gradOf(a) += Map(m_scratch.data(), n.rows, n.cols);
    }

    std::vector<Node> m_nodes;
    std::vector<T, Eigen::aligned_allocator<T>> m_values, m_grads, m_scratch;
    std::vector<char> m_written; // per node: gradient written in this backward pass
    bool m_layoutDirty = true;
    bool m_gradFlagsDirty = false;
};

} // namespace dh
