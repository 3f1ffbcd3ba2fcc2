// The training objective of an MLP recorded once on a MatTape and replayed per batch:
//   objective = loss(MLP(X), Y) [+ l1·Σ|W_l| + l2·Σ W_l² over the weight matrices, when regularized].
// Write a batch into inputs()/targets() after resize(rows), bind the flat parameter (and gradient)
// vectors, then evaluate(). Replaying with sizes seen before allocates nothing.
//
// Targets (one row per sample): class indices stored as T (N×1) for cross_entropy and hinge, one value
// per output (N×outputs) for mse and bce.
#pragma once

#include "core/autodiff/mat_tape.h"
#include "core/nn/mlp.h"

namespace dh::nn {

template <class T>
class Objective {
public:
    using Tape = MatTape<T>;
    using Map = typename Tape::Map;

    // withRegularization = false records the data loss only (for chunked evaluations, which add the
    // penalty once with regularizationTerm()).
    Objective(const MlpConfig& config, const Regularization& reg, bool withRegularization = true);

    const MlpConfig& config() const { return m_config; }
    // Points the parameter nodes at a flat vector in the params layout, and their gradients at grad
    // (null: evaluate only). Cheap; call whenever the storage may have moved.
    void bind(const T* params, T* grad);
    // Batch size of the next evaluations. Write inputs() and targets() after calling it.
    void resize(Eigen::Index rows);
    Eigen::Index rows() const { return m_rows; }
    Map inputs() { return m_tape.value(m_x); }
    Map targets() { return m_tape.value(m_y); }
    int targetColumns() const { return lossTakesClassIndices(m_config.loss) ? 1 : m_config.layers.back(); }

    // The objective at the bound parameters; with `gradient`, also writes its gradient to the bound
    // gradient storage (which must be non-null).
    T evaluate(bool gradient);
    // The network's outputs (logits) of the last evaluation.
    Map logits() { return m_tape.value(m_logits); }

private:
    MlpConfig m_config;
    std::vector<LayerSlice> m_slices;
    Tape m_tape;
    typename Tape::Var m_x, m_y, m_logits, m_root;
    std::vector<typename Tape::Var> m_w, m_b;
    Eigen::Index m_rows = 1;
    bool m_hasGrad = false;
    bool m_bound = false;
};

extern template class Objective<float>;
extern template class Objective<double>;

} // namespace dh::nn
