// makeExprSurface: a typed f(x, y) as a Surface, replaying its tape; recordSurface for any surface.
#include "core/autodiff/expr_parser.h"
#include "core/common/error.h"
#include "core/surfaces/surface.h"

namespace dh {

namespace {

// The tape's value and adjoint arrays are this object's workspace, hence `mutable`: evaluation is
// logically const but not thread-safe; clone() gives each thread its own tape.
class ExprSurface final : public Surface {
public:
    ExprSurface(const std::string& text, ParsedExpr parsed) : m_tape(std::move(parsed.tape)) {
        name = "expr";
        expression = text;
        formula = text;
        oneD = !parsed.usesY;
        domain = Domain{-3, 3, -3, 3};
        defaultStart = oneD ? Eigen::Vector2d(1.5, 0.0) : Eigen::Vector2d(1.5, 1.0);
    }

    double value(const Eigen::Vector2d& p) const override {
        const double in[2] = {p.x(), p.y()};
        return m_tape.forward(in);
    }

    double valueGrad(const Eigen::Vector2d& p, Eigen::Vector2d& grad) const override {
        double g[2];
        const double f = m_tape.valueGrad(p.x(), p.y(), g);
        grad = Eigen::Vector2d(g[0], g[1]);
        return f;
    }

    Eigen::Matrix2d hessian(const Eigen::Vector2d& p) const override {
        const double in[2] = {p.x(), p.y()};
        double h[4];
        m_tape.valueGradHessian(in, nullptr, h);
        Eigen::Matrix2d H;
        H << h[0], h[1], h[2], h[3];
        return H;
    }

    std::unique_ptr<Surface> clone() const override { return std::make_unique<ExprSurface>(*this); }

    Var record(Tape& tape, Var x, Var y) const override {
        const Var in[2] = {x, y};
        return tape.append(m_tape, in);
    }

private:
    mutable Tape m_tape;
};

} // namespace

std::unique_ptr<Surface> makeExprSurface(const std::string& expr) {
    return std::make_unique<ExprSurface>(expr, parseExpr(expr));
}

Tape recordSurface(const Surface& surface, const Eigen::Vector2d& at) {
    Tape tape;
    Var x = tape.input(at.x()), y = tape.input(at.y());
    Var f = surface.record(tape, x, y);
    if (!f.valid()) throw InputError("surface '" + surface.name + "' cannot be recorded as a computational graph");
    tape.setOutput(f);
    tape.optimize();
    return tape;
}

} // namespace dh
