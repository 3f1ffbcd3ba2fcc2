// Minibatch training of an MLP with core/optim's optimizers (the same names and torch.optim semantics
// as `downhill trace`): the flat parameter vector is stepped by one Optimizer<VectorX<T>>.
//
// Batches: batchSize 0 = the full training set every step (in its stored order); otherwise each epoch
// is a seeded Fisher-Yates permutation (dh::Rng) cut into consecutive batches, the last one shorter
// when batchSize does not divide N (torch's DataLoader(shuffle=True, drop_last=False)).
//
// Divergence: when a step finds a loss that is NaN or ±Inf at the weights θ_k (after k updates), it
// does not update; the trainer is then diverged at step k and its weights are put back to θ_{k−1}, the
// last ones with a finite loss (θ_0 if k = 0; this costs one copy of the weights per step). A finite loss
// with a non-finite gradient (or one whose sum overflows) also stops it, keeping θ_k. Further step()
// calls do nothing until restart().
//
// Float trainers run with FTZ/DAZ on in step() and evaluations (subnormal Adam moments of dead ReLU
// units cost 1.7×); double trainers leave the floating-point environment alone.
#pragma once

#include "core/data/dataset.h"
#include "core/nn/mlp.h"
#include "core/nn/objective.h"
#include "core/optim/optimizer.h"

#include <cstdint>
#include <limits>
#include <memory>

namespace dh::nn {

// Samples for a network: one row per sample.
template <class T>
struct NetData {
    using RowMatrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    RowMatrix X;     // N × inputs
    RowMatrix Y;     // N × 1 class indices (cross_entropy, hinge) or N × outputs targets (mse, bce)
    int classes = 0; // > 0: classification data (accuracy is defined), 0: regression
    Eigen::Index size() const { return X.rows(); }
    bool empty() const { return X.rows() == 0; }
};

// The training or test split of a Dataset as the targets a loss needs:
//   cross_entropy, hinge: class indices (needs labels < outputs);
//   bce: labels as 0/1 for one output (two classes), or the dataset's values;
//   mse: the dataset's values (regression); for classification data the label itself with one output,
//        one-hot rows with `outputs` outputs.
// InputError naming `what` ("data") when the data does not fit the network.
template <class T>
NetData<T> netData(const Dataset& data, bool testSplit, const MlpConfig& config, const std::string& what = "data");
// The targets netData() makes from class labels: one column of class indices (cross_entropy, hinge),
// the label itself (one output), or one-hot rows (`outputs` outputs). InputError naming `what` for a
// label the outputs cannot hold.
template <class T>
typename NetData<T>::RowMatrix labelTargets(const Eigen::Ref<const Eigen::VectorXi>& labels, const MlpConfig& config,
                                            const std::string& what = "data");

// InputError when the columns, the target shape or a class index do not fit the config.
template <class T>
void checkNetData(const MlpConfig& config, const NetData<T>& data, const std::string& what);

struct TrainOptions {
    OptimizerConfig optimizer = torchDefaults(OptimizerKind::Sgd);
    Regularization regularization;
    Eigen::Index batchSize = 0;        // 0 = full batch
    std::uint64_t shuffleSeed = 1;     // the minibatch order
    Eigen::Index evalChunkRows = 2048; // rows per pass in objective()/accuracy()
};

struct Evaluation {
    double objective; // data loss + regularization
    double accuracy;  // NaN when not defined
};

struct StepResult {
    long step = 0;   // the step just taken (1 = the first update); unchanged when diverged
    double loss = 0; // the objective on this step's batch at the weights before the update
    bool diverged = false;
};

template <class T>
class Trainer {
public:
    using Vector = Eigen::Matrix<T, Eigen::Dynamic, 1>;
    using RowMatrix = typename NetData<T>::RowMatrix;

    using Data = std::shared_ptr<const NetData<T>>;

    // Parameters start at zero: call setParams() (see init.h). Checks the data (InputError) and the
    // optimizer config (InputError naming the field). The data may be shared (it is never modified);
    // a null test set is an empty one.
    Trainer(const MlpConfig& config, const TrainOptions& options, Data train, Data test = nullptr);
    Trainer(const MlpConfig& config, const TrainOptions& options, NetData<T> train, NetData<T> test = {});

    const MlpConfig& config() const { return m_config; }
    const TrainOptions& options() const { return m_options; }
    const NetData<T>& trainData() const { return *m_train; }
    const NetData<T>& testData() const { return *m_test; }
    const Data& sharedTrainData() const { return m_train; }
    const Data& sharedTestData() const { return m_test; }

    const Vector& params() const { return m_params; }
    // New weights; the step count, optimizer state, divergence and batch order start over.
    void restart(const Eigen::Ref<const Vector>& params);
    // A copy of the network with the current weights.
    Mlp<T> network() const;

    // One update on the next batch (see the divergence rules above).
    StepResult step();

    // The objective (data loss + regularization) on the whole set at the current weights, and the
    // fraction of correct predictions (NaN for regression data): argmax for cross_entropy and hinge; the
    // logit's sign for bce; for mse on classification data, the nearest of 0/1 (one output) or the
    // argmax (one-hot targets). One pass over the data (its first maxRows rows when > 0), in chunks of
    // evalChunkRows. NaN for empty data.
    Evaluation evaluate(const NetData<T>& data, bool withAccuracy = true, Eigen::Index maxRows = 0);
    double objective(const NetData<T>& data) { return evaluate(data, false).objective; }
    double trainObjective() { return objective(*m_train); }
    double accuracy(const NetData<T>& data) { return evaluate(data, true).accuracy; }
    // The objective on the whole training set and its gradient (params layout), in one pass.
    double fullGradient(Vector& grad);

    long stepCount() const { return m_steps; }
    long epoch() const { return m_epoch; } // completed passes over the training set
    Eigen::Index stepsPerEpoch() const;
    bool diverged() const { return m_divergedAt >= 0; }
    long divergedAtStep() const { return m_divergedAt; }

    // Learning rate of the next steps; the optimizer state is kept.
    void setLearningRate(double lr) { m_optimizer->setLr(lr); }
    // Another optimizer (or other hyperparameters) from the next step on, with fresh state.
    void setOptimizer(const OptimizerConfig& config);
    const Optimizer<Vector>& optimizer() const { return *m_optimizer; }

private:
    Eigen::Index loadNextBatch();

    MlpConfig m_config;
    TrainOptions m_options;
    Data m_train, m_test;
    Vector m_params, m_grad, m_backup;
    std::unique_ptr<Optimizer<Vector>> m_optimizer;
    Objective<T> m_objective; // training: batch + regularization
    Objective<T> m_eval;      // evaluations in chunks, data loss only
    std::vector<Eigen::Index> m_order;
    std::uint64_t m_shuffleCount = 0;
    Eigen::Index m_cursor = 0;
    bool m_fullBatchLoaded = false;
    long m_steps = 0, m_epoch = 0, m_divergedAt = -1;
};

extern template class Trainer<float>;
extern template class Trainer<double>;

// FTZ/DAZ on for this thread while alive (float training); restores the previous mode.
class ScopedFlushDenormals {
public:
    explicit ScopedFlushDenormals(bool enable = true);
    ~ScopedFlushDenormals();
    ScopedFlushDenormals(const ScopedFlushDenormals&) = delete;
    ScopedFlushDenormals& operator=(const ScopedFlushDenormals&) = delete;

private:
    unsigned m_saved = 0;
    bool m_active = false;
};

} // namespace dh::nn
