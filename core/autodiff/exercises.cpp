#include "core/autodiff/exercises.h"

#include <cmath>
#include <string>

namespace dh::exercise {

// ---- the matrix chain rule ----

MatrixChain::MatrixChain() {
    W << 1, -1, 2, 0.5, -1, 3;
    u << 1, 2;
}

Eigen::Vector3d MatrixChain::y() const {
    return W * u.cwiseProduct(u);
}

double MatrixChain::f() const {
    return y().squaredNorm();
}

Eigen::Vector3d MatrixChain::gradF() const {
    return 2 * y();
}

Eigen::Matrix<double, 3, 2> MatrixChain::jacobianG() const {
    Eigen::Matrix<double, 3, 2> J;
    for (int p = 0; p < 3; ++p)
        for (int q = 0; q < 2; ++q) J(p, q) = 2 * W(p, q) * u[q];
    return J;
}

Eigen::Vector2d MatrixChain::chainProduct() const {
    return jacobianG().transpose() * gradF();
}

Eigen::Vector2d MatrixChain::closedForm() const {
    const Eigen::Matrix2d WtW = W.transpose() * W;
    return 4 * u.cwiseProduct(WtW * u.cwiseProduct(u));
}

CompGraph MatrixChain::graph() const {
    Tape t;
    const Var u1 = t.input(u[0]), u2 = t.input(u[1]);
    const Var uq[2] = {pow(u1, 2.0), pow(u2, 2.0)}; // x_q², each shared by the three g_p
    Var f;
    for (int p = 0; p < 3; ++p) {
        const Var g = W(p, 0) * uq[0] + W(p, 1) * uq[1];
        const Var term = pow(g, 2.0);
        f = p == 0 ? term : f + term;
    }
    t.setOutput(f);
    return CompGraph(std::move(t), {"u1", "u2"});
}

// ---- two paths ----

double TwoPaths::f() const {
    return x[0] * x[1];
}

double TwoPaths::h() const {
    return f() * std::sin(f());
}

Eigen::Vector2d TwoPaths::gradF() const {
    return {x[1], x[0]};
}

Eigen::Vector2d TwoPaths::dg() const {
    return {std::sin(f()), f() * std::cos(f())};
}

Eigen::Vector2d TwoPaths::pathA() const {
    return dg()[0] * gradF();
}

Eigen::Vector2d TwoPaths::pathB() const {
    return dg()[1] * gradF();
}

Eigen::Vector2d TwoPaths::closedForm() const {
    return (std::sin(f()) + f() * std::cos(f())) * gradF();
}

CompGraph TwoPaths::graph() const {
    Tape t;
    const Var a = t.input(x[0]), b = t.input(x[1]);
    const Var fx = a * b;
    t.setOutput(fx * sin(fx)); // g(f, f) = f·sin f
    return CompGraph(std::move(t), {"x", "y"});
}

// ---- the two-layer linear network ----

TwoLayerLinear::TwoLayerLinear() {
    W1.resize(2, 1);
    W1 << 0.5, -0.25;
    w2.resize(2);
    w2 << 1, 0.5;
    X.resize(4, 1);
    X << 2, 4, 6, 8;
    d.resize(4);
    d << 3, 4, 5, 6;
}

Eigen::VectorXd TwoLayerLinear::outputs() const {
    return X * (W1.transpose() * w2);
}

double TwoLayerLinear::loss() const {
    return (d - outputs()).squaredNorm() / double(d.size());
}

Eigen::MatrixXd TwoLayerLinear::gradW1() const {
    const Eigen::VectorXd r = d - outputs(); // residuals d_l − f_l
    Eigen::MatrixXd g = Eigen::MatrixXd::Zero(W1.rows(), W1.cols());
    for (Eigen::Index l = 0; l < X.rows(); ++l)
        for (Eigen::Index i = 0; i < W1.rows(); ++i)
            for (Eigen::Index j = 0; j < W1.cols(); ++j) g(i, j) += -2.0 / double(d.size()) * r[l] * w2[i] * X(l, j);
    return g;
}

Eigen::VectorXd TwoLayerLinear::gradW2() const {
    const Eigen::VectorXd r = d - outputs();
    Eigen::VectorXd g = Eigen::VectorXd::Zero(w2.size());
    for (Eigen::Index l = 0; l < X.rows(); ++l)
        for (Eigen::Index i = 0; i < w2.size(); ++i) g[i] += -2.0 / double(d.size()) * r[l] * W1.row(i).dot(X.row(l));
    return g;
}

CompGraph TwoLayerLinear::graph() const {
    Tape t;
    std::vector<std::string> names;
    std::vector<Var> w1, v2;
    for (Eigen::Index i = 0; i < W1.rows(); ++i)
        for (Eigen::Index j = 0; j < W1.cols(); ++j) {
            w1.push_back(t.input(W1(i, j)));
            names.push_back("w1_" + std::to_string(i + 1) + std::to_string(j + 1));
        }
    for (Eigen::Index i = 0; i < w2.size(); ++i) {
        v2.push_back(t.input(w2[i]));
        names.push_back("w2_" + std::to_string(i + 1));
    }
    Var sum;
    for (Eigen::Index l = 0; l < X.rows(); ++l) {
        Var f;
        for (Eigen::Index i = 0; i < W1.rows(); ++i) {
            Var hidden; // Σ_j w1_ij x_lj
            for (Eigen::Index j = 0; j < W1.cols(); ++j) {
                const Var term = w1[size_t(i * W1.cols() + j)] * X(l, j);
                hidden = j == 0 ? term : hidden + term;
            }
            const Var out = v2[size_t(i)] * hidden;
            f = i == 0 ? out : f + out;
        }
        const Var sq = pow(d[l] - f, 2.0);
        sum = l == 0 ? sq : sum + sq;
    }
    t.setOutput(sum / double(d.size()));
    return CompGraph(std::move(t), names);
}

} // namespace dh::exercise
