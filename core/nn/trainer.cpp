#include "core/nn/trainer.h"

#include "core/common/error.h"
#include "core/data/random.h"

#include <cmath>
#include <cstring>
#include <numeric>
#include <type_traits>
#if defined(__SSE__)
#include <xmmintrin.h>
#endif

namespace dh::nn {

// ---- FTZ/DAZ ----

// WebAssembly has no floating-point control register: there, subnormals stay (and cost time).
#if defined(__SSE__)
ScopedFlushDenormals::ScopedFlushDenormals(bool enable) : m_active(enable) {
    if (!m_active) return;
    m_saved = _mm_getcsr();
    _mm_setcsr(m_saved | 0x8040u); // FTZ (bit 15) | DAZ (bit 6)
}
ScopedFlushDenormals::~ScopedFlushDenormals() {
    if (m_active) _mm_setcsr(m_saved);
}
#else
ScopedFlushDenormals::ScopedFlushDenormals(bool) {}
ScopedFlushDenormals::~ScopedFlushDenormals() {
    (void)m_saved, (void)m_active;
}
#endif

// ---- data ----

template <class T>
void checkNetData(const MlpConfig& config, const NetData<T>& data, const std::string& what) {
    const int in = config.layers.front(), out = config.layers.back();
    if (data.X.cols() != in)
        throw InputError(what + ": samples have " + std::to_string(data.X.cols()) + " features but layers[0] is " +
                         std::to_string(in));
    if (data.Y.rows() != data.X.rows())
        throw InputError(what + ": " + std::to_string(data.X.rows()) + " samples but " + std::to_string(data.Y.rows()) +
                         " targets");
    if (lossTakesClassIndices(config.loss)) {
        if (data.Y.cols() != 1)
            throw InputError(what + ": " + lossName(config.loss) + " needs one class index per sample");
        for (Eigen::Index i = 0; i < data.Y.rows(); ++i) {
            T y = data.Y(i, 0);
            if (!(y >= 0 && y < T(out) && y == std::floor(y)))
                throw InputError(what + ": y[" + std::to_string(i) + "]: class index must be an integer in [0, " +
                                 std::to_string(out - 1) + "] (the output layer has " + std::to_string(out) +
                                 " units), got " + std::to_string(double(y)));
        }
    } else {
        if (data.Y.cols() != out)
            throw InputError(what + ": " + lossName(config.loss) + " needs " + std::to_string(out) +
                             " target value(s) per sample (the output layer), got " + std::to_string(data.Y.cols()));
        if (config.loss == LossKind::Bce)
            for (Eigen::Index i = 0; i < data.Y.size(); ++i)
                if (!(data.Y.data()[i] >= 0 && data.Y.data()[i] <= 1))
                    throw InputError(what + ": bce targets must be in [0, 1], got " +
                                     std::to_string(double(data.Y.data()[i])));
    }
    if (!data.X.allFinite()) throw InputError(what + ": the samples contain NaN or Inf");
    if (!data.Y.allFinite()) throw InputError(what + ": the targets contain NaN or Inf");
}

template <class T>
typename NetData<T>::RowMatrix labelTargets(const Eigen::Ref<const Eigen::VectorXi>& labels, const MlpConfig& config,
                                            const std::string& what) {
    const Eigen::Index n = labels.size();
    const int outputs = config.layers.back();
    typename NetData<T>::RowMatrix Y;
    if (lossTakesClassIndices(config.loss) || outputs == 1) {
        if (config.loss == LossKind::Bce)
            for (Eigen::Index i = 0; i < n; ++i)
                if (labels[i] > 1)
                    throw InputError(what + ": bce with one output needs labels 0 or 1, got " +
                                     std::to_string(labels[i]));
        Y = labels.template cast<T>();
        return Y;
    }
    Y.setZero(n, outputs);
    for (Eigen::Index i = 0; i < n; ++i) {
        const int y = labels[i];
        if (y >= outputs)
            throw InputError(what + ": label " + std::to_string(y) + " needs more than " + std::to_string(outputs) +
                             " outputs for one-hot targets");
        Y(i, y) = T(1);
    }
    return Y;
}

template <class T>
NetData<T> netData(const Dataset& data, bool testSplit, const MlpConfig& config, const std::string& what) {
    NetData<T> out;
    const Eigen::Index first = testSplit ? data.numTrain() : 0;
    const Eigen::Index n = testSplit ? data.numTest : data.numTrain();
    const int outputs = config.layers.back();
    out.X = data.X.middleRows(first, n).template cast<T>();
    out.classes = data.numClasses;
    const bool haveLabels = data.labels.size() == data.size();
    const bool haveValues = data.values.rows() == data.size();
    if (lossTakesClassIndices(config.loss)) {
        if (!haveLabels) throw InputError(what + ": " + lossName(config.loss) + " needs class labels (integers >= 0)");
        out.Y = labelTargets<T>(data.labels.segment(first, n), config, what);
        if (out.classes == 0) out.classes = data.labels.size() ? data.labels.maxCoeff() + 1 : 0;
    } else if (haveValues && data.values.cols() == outputs) {
        out.Y = data.values.middleRows(first, n).template cast<T>();
        // real targets: accuracy only for bce (0/1 decisions), not for regression
        out.classes = config.loss == LossKind::Bce ? 2 : 0;
    } else if (haveLabels) {
        // labels turned into targets: the label itself for one output, one-hot rows otherwise
        out.Y = labelTargets<T>(data.labels.segment(first, n), config, what);
        if (out.classes == 0) out.classes = std::max(2, outputs);
    } else {
        throw InputError(what + ": " + lossName(config.loss) + " needs " + std::to_string(outputs) +
                         " target value(s) per sample, the data has " +
                         (haveValues ? std::to_string(data.values.cols()) : std::string("none")));
    }
    checkNetData(config, out, what);
    return out;
}

// ---- trainer ----

namespace {

// Rows of src (in the given order) into the first rows of dst.
template <class M, class D>
void gatherRows(const M& src, const Eigen::Index* rows, Eigen::Index count, D dst) {
    const Eigen::Index cols = src.cols();
    for (Eigen::Index i = 0; i < count; ++i)
        std::memcpy(dst.data() + i * cols, src.data() + rows[i] * cols, sizeof(typename M::Scalar) * size_t(cols));
}

template <class T>
bool isFloat() {
    return std::is_same<T, float>::value;
}

} // namespace

namespace {

template <class T>
std::shared_ptr<const NetData<T>> orEmpty(std::shared_ptr<const NetData<T>> data) {
    return data ? std::move(data) : std::make_shared<const NetData<T>>();
}

} // namespace

template <class T>
Trainer<T>::Trainer(const MlpConfig& config, const TrainOptions& options, Data train, Data test)
    : m_config(config), m_options(options), m_train(orEmpty(std::move(train))), m_test(orEmpty(std::move(test))),
      m_objective(config, options.regularization, true), m_eval(config, options.regularization, false) {
    validate(config);
    if (m_train->empty()) throw InputError("data: the training set is empty");
    checkNetData(config, *m_train, "data");
    if (!m_test->empty()) checkNetData(config, *m_test, "test data");
    if (options.batchSize < 0)
        throw InputError("batch_size: must be >= 0 (got " + std::to_string(options.batchSize) + ")");
    if (!(options.regularization.l1 >= 0)) throw InputError("regularization.l1: must be >= 0");
    if (!(options.regularization.l2 >= 0)) throw InputError("regularization.l2: must be >= 0");
    m_optimizer = std::make_unique<Optimizer<Vector>>(options.optimizer);
    m_params = Vector::Zero(paramCount(config));
    restart(m_params);
}

template <class T>
Trainer<T>::Trainer(const MlpConfig& config, const TrainOptions& options, NetData<T> train, NetData<T> test)
    : Trainer(config, options, std::make_shared<const NetData<T>>(std::move(train)),
              std::make_shared<const NetData<T>>(std::move(test))) {}

template <class T>
void Trainer<T>::restart(const Eigen::Ref<const Vector>& params) {
    if (params.size() != paramCount(m_config))
        throw InputError("params: expected " + std::to_string(paramCount(m_config)) + " values, got " +
                         std::to_string(params.size()));
    m_params = params;
    m_grad = Vector::Zero(m_params.size());
    m_backup = m_params;
    m_optimizer->reset();
    m_steps = 0;
    m_epoch = 0;
    m_divergedAt = -1;
    m_cursor = 0;
    m_shuffleCount = 0;
    m_order.resize(size_t(m_train->size()));
    m_fullBatchLoaded = false;
}

template <class T>
Mlp<T> Trainer<T>::network() const {
    Mlp<T> net(m_config);
    net.setParams(m_params);
    return net;
}

template <class T>
void Trainer<T>::setOptimizer(const OptimizerConfig& config) {
    m_optimizer = std::make_unique<Optimizer<Vector>>(config);
    m_options.optimizer = config;
}

template <class T>
Eigen::Index Trainer<T>::stepsPerEpoch() const {
    const Eigen::Index n = m_train->size(), b = m_options.batchSize;
    return b <= 0 || b >= n ? 1 : (n + b - 1) / b;
}

// Loads the next batch into the training objective; returns its size.
template <class T>
Eigen::Index Trainer<T>::loadNextBatch() {
    const Eigen::Index n = m_train->size();
    const Eigen::Index b = m_options.batchSize;
    if (b <= 0 || b >= n) {
        if (!m_fullBatchLoaded) { // the data never changes: copy it once
            m_objective.resize(n);
            m_objective.inputs() = m_train->X;
            m_objective.targets() = m_train->Y;
            m_fullBatchLoaded = true;
        }
        ++m_epoch;
        return n;
    }
    if (m_cursor == 0) {
        // a fresh permutation for each epoch, from a generator seeded by (seed, epoch)
        std::iota(m_order.begin(), m_order.end(), Eigen::Index(0));
        Rng rng(m_options.shuffleSeed + 0x9E3779B97F4A7C15ull * m_shuffleCount++);
        rng.shuffle(m_order.begin(), m_order.end());
    }
    const Eigen::Index count = std::min(b, n - m_cursor);
    if (m_objective.rows() != count) m_objective.resize(count);
    m_fullBatchLoaded = false;
    gatherRows(m_train->X, m_order.data() + m_cursor, count, m_objective.inputs());
    gatherRows(m_train->Y, m_order.data() + m_cursor, count, m_objective.targets());
    m_cursor += count;
    if (m_cursor == n) {
        m_cursor = 0;
        ++m_epoch;
    }
    return count;
}

template <class T>
StepResult Trainer<T>::step() {
    StepResult r;
    r.step = m_steps;
    if (diverged()) {
        r.diverged = true;
        r.loss = std::numeric_limits<double>::quiet_NaN();
        return r;
    }
    ScopedFlushDenormals ftz(isFloat<T>());
    const long epochBefore = m_epoch;
    const Eigen::Index cursorBefore = m_cursor;
    loadNextBatch();
    m_objective.bind(m_params.data(), m_grad.data());
    const T loss = m_objective.evaluate(true);
    r.loss = double(loss);
    // one vectorised sum tells whether any entry is NaN/Inf (Eigen's allFinite() is ~25x slower); a sum that
    // overflows from finite entries beyond ~1e38 (float) also counts as divergence
    if (!std::isfinite(loss) || !std::isfinite(m_grad.sum())) {
        m_divergedAt = m_steps;
        if (!std::isfinite(loss)) m_params = m_backup; // θ_{k−1}: the last weights with a finite loss
        m_epoch = epochBefore;                         // the batch was not used
        m_cursor = cursorBefore;
        r.diverged = true;
        return r;
    }
    m_backup = m_params; // ~11 µs for 100k floats
    m_optimizer->step(m_params, m_grad);
    r.step = ++m_steps;
    return r;
}

template <class T>
Evaluation Trainer<T>::evaluate(const NetData<T>& data, bool withAccuracy, Eigen::Index maxRows) {
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    Evaluation e{nan, nan};
    if (data.empty()) return e;
    withAccuracy = withAccuracy && data.classes > 0;
    ScopedFlushDenormals ftz(isFloat<T>());
    m_eval.bind(m_params.data(), nullptr);
    const Eigen::Index n = maxRows > 0 ? std::min(maxRows, data.size()) : data.size();
    const Eigen::Index chunk = std::max<Eigen::Index>(1, m_options.evalChunkRows);
    const int outputs = m_config.layers.back();
    double loss = 0;
    Eigen::Index correct = 0, total = 0;
    for (Eigen::Index first = 0; first < n; first += chunk) {
        const Eigen::Index rows = std::min(chunk, n - first);
        if (m_eval.rows() != rows) m_eval.resize(rows);
        m_eval.inputs() = data.X.middleRows(first, rows);
        m_eval.targets() = data.Y.middleRows(first, rows);
        // every loss is a mean over rows (of equal-width rows): weight each chunk by its share
        const double l = double(m_eval.evaluate(false));
        loss += n == rows ? l : l * double(rows) / double(n);
        if (!withAccuracy) continue;
        auto z = m_eval.logits();
        for (Eigen::Index i = 0; i < rows; ++i) {
            const auto y = data.Y.row(first + i);
            Eigen::Index predicted, expected;
            if (lossTakesClassIndices(m_config.loss)) {
                z.row(i).maxCoeff(&predicted);
                correct += predicted == Eigen::Index(y(0));
                ++total;
            } else if (outputs == 1 || m_config.loss == LossKind::Bce) {
                // one decision per output: logit > 0 (bce) or value > 0.5 (mse) against target > 0.5
                const T threshold = m_config.loss == LossKind::Bce ? T(0) : T(0.5);
                for (int j = 0; j < outputs; ++j) {
                    correct += (z(i, j) > threshold) == (y(j) > T(0.5));
                    ++total;
                }
            } else {
                z.row(i).maxCoeff(&predicted);
                y.maxCoeff(&expected);
                correct += predicted == expected;
                ++total;
            }
        }
    }
    e.objective = loss + double(regularizationTerm<T>(m_config, m_options.regularization, m_params.data()));
    if (withAccuracy && total) e.accuracy = double(correct) / double(total);
    return e;
}

template <class T>
double Trainer<T>::fullGradient(Vector& grad) {
    ScopedFlushDenormals ftz(isFloat<T>());
    grad.resize(m_params.size());
    m_objective.resize(m_train->size());
    m_objective.inputs() = m_train->X;
    m_objective.targets() = m_train->Y;
    m_fullBatchLoaded = m_options.batchSize <= 0 || m_options.batchSize >= m_train->size();
    m_objective.bind(m_params.data(), grad.data());
    return double(m_objective.evaluate(true));
}

template class Trainer<float>;
template class Trainer<double>;
template NetData<float> netData<float>(const Dataset&, bool, const MlpConfig&, const std::string&);
template NetData<double> netData<double>(const Dataset&, bool, const MlpConfig&, const std::string&);
template NetData<float>::RowMatrix labelTargets<float>(const Eigen::Ref<const Eigen::VectorXi>&, const MlpConfig&,
                                                       const std::string&);
template NetData<double>::RowMatrix labelTargets<double>(const Eigen::Ref<const Eigen::VectorXi>&, const MlpConfig&,
                                                         const std::string&);
template void checkNetData<float>(const MlpConfig&, const NetData<float>&, const std::string&);
template void checkNetData<double>(const MlpConfig&, const NetData<double>&, const std::string&);

} // namespace dh::nn
