#include "core/nn/objective.h"

#include <cassert>

namespace dh::nn {

template <class T>
Objective<T>::Objective(const MlpConfig& config, const Regularization& reg, bool withRegularization)
    : m_config(config), m_slices(layerSlices(config)) {
    validate(config);
    // Parameters are bound to real storage by bind(); until then they point at a dummy (never read).
    static const T dummy[1] = {T(0)};
    m_x = m_tape.input(m_rows, config.layers.front());
    m_y = m_tape.input(m_rows, targetColumns());
    typename Tape::Var a = m_x;
    for (size_t l = 0; l < m_slices.size(); ++l) {
        const LayerSlice& s = m_slices[l];
        m_w.push_back(m_tape.param(dummy, nullptr, s.out, s.in));
        m_b.push_back(m_tape.param(dummy, nullptr, s.out, 1));
        typename Tape::Var z = m_tape.affine(a, m_w.back(), m_b.back());
        if (l + 1 == m_slices.size()) {
            a = z;
            break;
        }
        switch (config.activation) {
        case Activation::Tanh:
            a = m_tape.tanh(z);
            break;
        case Activation::Sigmoid:
            a = m_tape.sigmoid(z);
            break;
        case Activation::Relu:
            a = m_tape.relu(z);
            break;
        case Activation::Linear:
            a = m_tape.linear(z);
            break;
        }
    }
    m_logits = a;
    switch (config.loss) {
    case LossKind::Mse:
        m_root = m_tape.mse(m_logits, m_y);
        break;
    case LossKind::CrossEntropy:
        m_root = m_tape.softmaxCrossEntropy(m_logits, m_y);
        break;
    case LossKind::Hinge:
        m_root = m_tape.hinge(m_logits, m_y);
        break;
    case LossKind::Bce:
        m_root = m_tape.bceWithLogits(m_logits, m_y);
        break;
    }
    if (withRegularization && reg.l1 != 0) {
        typename Tape::Var s = m_tape.l1(m_w[0]);
        for (size_t l = 1; l < m_w.size(); ++l) s = m_tape.add(s, m_tape.l1(m_w[l]));
        m_root = m_tape.add(m_root, m_tape.scale(s, T(reg.l1)));
    }
    if (withRegularization && reg.l2 != 0) {
        typename Tape::Var s = m_tape.l2(m_w[0]);
        for (size_t l = 1; l < m_w.size(); ++l) s = m_tape.add(s, m_tape.l2(m_w[l]));
        m_root = m_tape.add(m_root, m_tape.scale(s, T(reg.l2)));
    }
}

template <class T>
void Objective<T>::bind(const T* params, T* grad) {
    for (size_t l = 0; l < m_slices.size(); ++l) {
        const LayerSlice& s = m_slices[l];
        m_tape.rebindParam(m_w[l], params + s.weightOffset, grad ? grad + s.weightOffset : nullptr);
        m_tape.rebindParam(m_b[l], params + s.biasOffset, grad ? grad + s.biasOffset : nullptr);
    }
    m_hasGrad = grad != nullptr;
    m_bound = true;
}

template <class T>
void Objective<T>::resize(Eigen::Index rows) {
    m_rows = rows;
    m_tape.resizeInput(m_x, rows);
    m_tape.resizeInput(m_y, rows);
}

template <class T>
T Objective<T>::evaluate(bool gradient) {
    assert(m_bound && "Objective::evaluate: bind() the parameters first");
    m_tape.forward();
    if (gradient) {
        assert(m_hasGrad && "Objective::evaluate: no gradient storage bound");
        m_tape.backward(m_root);
    }
    return m_tape.scalar(m_root);
}

template class Objective<float>;
template class Objective<double>;

} // namespace dh::nn
