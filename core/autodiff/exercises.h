// The course's gradient exercises as models for the graph lab: each computes the steps of the paper
// solution (the hand formula and its pieces, with numbers) and builds the computational graph whose
// adjoints must agree with it. The fields are the editable inputs; the functions recompute from them.
//
//   MatrixChain     f(y) = Σ_p y_p² (p = 1..3), g_p(x) = Σ_q w_pq x_q² (q = 1..2), at y = g(u):
//                   ∇f(y) = 2y, Dg(u)_pq = 2 w_pq u_q (3×2), ∇(f∘g)(u) = Dg(u)ᵀ∇f(y) = 4u ⊙ (WᵀW(u ⊙ u))
//   TwoPaths        h(x) = g(f(x), f(x)) with f(x) = x₁x₂, g(a, b) = a·sin b:
//                   Dh = Dg(f, f)·[Df; Df] = (sin f)∇f + (f cos f)∇f — a value used twice receives the
//                   sum of both paths' gradients
//   TwoLayerLinear  f(x, w) = Σ_i Σ_j w⁽²⁾_i w⁽¹⁾_ij x_j, E(w) = (1/L) Σ_l (d_l − f(x_l, w))²:
//                   ∂E/∂w⁽²⁾_i = −(2/L) Σ_l (d_l − f_l) Σ_j w⁽¹⁾_ij x_lj,
//                   ∂E/∂w⁽¹⁾_ij = −(2/L) Σ_l (d_l − f_l) w⁽²⁾_i x_lj
#pragma once

#include "core/autodiff/graph.h"

#include <Eigen/Core>

namespace dh::exercise {

struct MatrixChain {
    Eigen::Matrix<double, 3, 2> W; // w_pq
    Eigen::Vector2d u;             // the point

    MatrixChain();                                 // W = [[1, −1], [2, 0.5], [−1, 3]], u = (1, 2)
    Eigen::Vector3d y() const;                     // g(u) = W(u ⊙ u)
    double f() const;                              // Σ_p y_p²
    Eigen::Vector3d gradF() const;                 // ∇f(y) = 2y
    Eigen::Matrix<double, 3, 2> jacobianG() const; // Dg(u), entries 2 w_pq u_q
    Eigen::Vector2d chainProduct() const;          // Dg(u)ᵀ ∇f(y): the chain rule, as a product of the two
    Eigen::Vector2d closedForm() const;            // 4u ⊙ (WᵀW(u ⊙ u))
    // Inputs u1, u2; the entries of W are constants of the graph (rebuild it after editing W).
    CompGraph graph() const;
};

struct TwoPaths {
    Eigen::Vector2d x{0.8, 1.5};

    double f() const;                   // x₁x₂
    double h() const;                   // f·sin f
    Eigen::Vector2d gradF() const;      // ∇f = (x₂, x₁)
    Eigen::Vector2d dg() const;         // (∂g/∂a, ∂g/∂b) at (f, f) = (sin f, f cos f)
    Eigen::Vector2d pathA() const;      // ∂g/∂a · ∇f, through the first argument
    Eigen::Vector2d pathB() const;      // ∂g/∂b · ∇f, through the second
    Eigen::Vector2d closedForm() const; // (sin f + f cos f)(x₂, x₁) = pathA + pathB
    // Inputs x, y; the node f = x·y has two outgoing edges.
    CompGraph graph() const;
};

struct TwoLayerLinear {
    Eigen::MatrixXd W1; // w⁽¹⁾, H × D
    Eigen::VectorXd w2; // w⁽²⁾, H
    Eigen::MatrixXd X;  // one sample x_l per row, L × D
    Eigen::VectorXd d;  // targets, L

    // D = 1, H = 2 on the lecture's points x = (2, 4, 6, 8), d = (3, 4, 5, 6); w⁽¹⁾ = (0.5, −0.25), w⁽²⁾ = (1, 0.5).
    TwoLayerLinear();
    Eigen::VectorXd outputs() const; // f(x_l, w) = w⁽²⁾ᵀ W⁽¹⁾ x_l, per sample
    double loss() const;             // E(w)
    Eigen::MatrixXd gradW1() const;  // ∂E/∂w⁽¹⁾ (H × D), the hand formula above
    Eigen::VectorXd gradW2() const;  // ∂E/∂w⁽²⁾
    // Inputs: the weights w1_ij (row-major), then w2_i, so the graph's gradient is ∂E/∂w in that order.
    CompGraph graph() const;
};

} // namespace dh::exercise
