#include "core/surfaces/regularized.h"

#include "core/common/error.h"

#include <cmath>
#include <sstream>

namespace dh {

namespace {

double sign(double v) {
    return (v > 0) - (v < 0);
}

std::string penaltyFormula(const SurfaceRegularization& reg) {
    std::ostringstream f;
    if (reg.l1 != 0) f << " + " << reg.l1 << "·(|x| + |y|)";
    if (reg.l2 != 0) f << " + " << reg.l2 << "·(x² + y²)";
    return f.str();
}

class RegularizedSurface final : public Surface {
public:
    RegularizedSurface(std::unique_ptr<Surface> base, const SurfaceRegularization& reg)
        : m_base(std::move(base)), m_reg(reg) {
        name = m_base->name;
        expression = m_base->expression;
        formula = m_base->formula + penaltyFormula(reg);
        params = m_base->params;
        domain = m_base->domain;
        defaultStart = m_base->defaultStart;
        oneD = m_base->oneD;
    }
    RegularizedSurface(const RegularizedSurface& o) : Surface(o), m_base(o.m_base->clone()), m_reg(o.m_reg) {}

    double value(const Eigen::Vector2d& p) const override {
        return m_base->value(p) + regularizationPenalty(m_reg, p, nullptr);
    }
    double valueGrad(const Eigen::Vector2d& p, Eigen::Vector2d& grad) const override {
        Eigen::Vector2d g;
        const double f = m_base->valueGrad(p, grad) + regularizationPenalty(m_reg, p, &g);
        grad += g;
        return f;
    }
    Eigen::Matrix2d hessian(const Eigen::Vector2d& p) const override {
        Eigen::Matrix2d h = m_base->hessian(p);
        h.diagonal().array() += 2 * m_reg.l2;
        return h;
    }
    std::unique_ptr<Surface> clone() const override { return std::make_unique<RegularizedSurface>(*this); }
    int sampleCount() const override { return m_base->sampleCount(); }
    // The penalty is added to every minibatch's mean, as a trainer adds it to every batch's loss.
    double valueGradBatch(const Eigen::Vector2d& p, const int* idx, int n, Eigen::Vector2d& grad) const override {
        Eigen::Vector2d g;
        const double f = m_base->valueGradBatch(p, idx, n, grad) + regularizationPenalty(m_reg, p, &g);
        grad += g;
        return f;
    }
    // f + λ₁(|x| + |y|) + λ₂(x² + y²) on the tape: abs and square nodes.
    Var record(Tape& tape, Var x, Var y) const override {
        Var f = m_base->record(tape, x, y);
        if (!f.valid()) return f;
        if (m_reg.l1 != 0) f = f + m_reg.l1 * (abs(x) + abs(y));
        if (m_reg.l2 != 0) f = f + m_reg.l2 * (pow(x, 2.0) + pow(y, 2.0));
        return f;
    }

private:
    std::unique_ptr<Surface> m_base;
    SurfaceRegularization m_reg;
};

} // namespace

void validate(const SurfaceRegularization& reg, const std::string& path) {
    const double values[2] = {reg.l1, reg.l2};
    const char* keys[2] = {"l1", "l2"};
    for (int i = 0; i < 2; ++i)
        if (!std::isfinite(values[i]) || values[i] < 0 || values[i] > kMaxSurfaceRegularization) {
            std::ostringstream msg;
            msg << path << (path.empty() ? "" : ".") << keys[i] << ": must be a number in [0, "
                << kMaxSurfaceRegularization << "] (got " << values[i] << ")";
            throw InputError(msg.str());
        }
}

double regularizationPenalty(const SurfaceRegularization& reg, const Eigen::Vector2d& p, Eigen::Vector2d* grad) {
    // λ₁(|x| + |y|) + λ₂(x² + y²);  ∂/∂x = λ₁ sign x + 2λ₂x (sign 0 = 0)
    if (grad) {
        (*grad)(0) = reg.l1 * sign(p.x()) + 2 * reg.l2 * p.x();
        (*grad)(1) = reg.l1 * sign(p.y()) + 2 * reg.l2 * p.y();
    }
    return reg.l1 * (std::fabs(p.x()) + std::fabs(p.y())) + reg.l2 * (p.x() * p.x() + p.y() * p.y());
}

std::unique_ptr<Surface> regularizeSurface(std::unique_ptr<Surface> base, const SurfaceRegularization& reg) {
    validate(reg, "regularization");
    if (!reg.active()) return base;
    return std::make_unique<RegularizedSurface>(std::move(base), reg);
}

} // namespace dh
