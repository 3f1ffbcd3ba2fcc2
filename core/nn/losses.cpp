#include "core/nn/losses.h"

#include "core/common/error.h"

#include <algorithm>
#include <cmath>

namespace dh::nn {

namespace {

constexpr double kLn10 = 2.302585092994045684017991454684364208;
constexpr double kLn2 = 0.693147180559945309417232121458176568;

Eigen::VectorXd oneHot(Eigen::Index size, int t) {
    Eigen::VectorXd y = Eigen::VectorXd::Zero(size);
    y[t] = 1;
    return y;
}

void checkFinite(const ScoreVector& s, Eigen::Index minSize) {
    if (s.size() < minSize)
        throw InputError("scores: need at least " + std::to_string(minSize) + " classes, got " +
                         std::to_string(s.size()));
    for (Eigen::Index j = 0; j < s.size(); ++j)
        if (!std::isfinite(s[j])) throw InputError("scores[" + std::to_string(j) + "]: must be a finite number");
}

void checkTargets(const ScoreVector& s, const ScoreVector& y) {
    checkFinite(s, 1);
    if (y.size() != s.size())
        throw InputError("target: expected " + std::to_string(s.size()) + " values (one per score), got " +
                         std::to_string(y.size()));
}

} // namespace

void checkScores(const ScoreVector& s, int t) {
    checkFinite(s, 2);
    if (t < 0 || t >= s.size())
        throw InputError("target: class " + std::to_string(t) + " is out of range (0 to " +
                         std::to_string(s.size() - 1) + ")");
}

Eigen::VectorXd softmax(const ScoreVector& s) {
    // The trainer's order of operations (mat_tape.h): subtract the maximum, exponentiate, divide by the sum.
    const double m = s.maxCoeff();
    Eigen::VectorXd p = (s.array() - m).exp();
    p /= p.sum();
    return p;
}

CrossEntropyResult crossEntropy(const ScoreVector& s, int t) {
    checkScores(s, t);
    CrossEntropyResult r;
    const double m = s.maxCoeff();
    const double sum = (s.array() - m).exp().sum();
    r.probabilities = softmax(s);
    r.loss = (m + std::log(sum)) - s[t]; // log Σ e^{s_k} − s_t, as the trainer computes it
    r.lossLog10 = r.loss / kLn10;
    r.grad = r.probabilities - oneHot(s.size(), t);
    return r;
}

HingeResult multiclassHinge(const ScoreVector& s, int t, double delta) {
    checkScores(s, t);
    if (!std::isfinite(delta)) throw InputError("margin: must be a finite number");
    HingeResult r;
    r.grad = Eigen::VectorXd::Zero(s.size());
    int active = 0;
    for (int j = 0; j < int(s.size()); ++j) {
        if (j == t) continue;
        HingeTerm term;
        term.cls = j;
        term.margin = s[j] - s[t] + delta;
        term.active = term.margin > 0;
        term.loss = term.active ? term.margin : 0.0;
        r.loss += term.loss;
        if (term.active) {
            r.grad[j] = 1;
            ++active;
        }
        r.terms.push_back(term);
    }
    r.grad[t] = -double(active);
    return r;
}

SquaredErrorResult squaredError(const ScoreVector& s, const ScoreVector& y) {
    checkTargets(s, y);
    SquaredErrorResult r;
    r.target = y;
    r.loss = (s - y).squaredNorm() / double(s.size());
    r.grad = (2.0 / double(s.size())) * (s - y);
    return r;
}

SquaredErrorResult squaredErrorOneHot(const ScoreVector& s, int t) {
    checkScores(s, t);
    return squaredError(s, oneHot(s.size(), t));
}

BceResult binaryCrossEntropy(const ScoreVector& s, const ScoreVector& y) {
    checkTargets(s, y);
    BceResult r;
    const double c = double(s.size());
    r.loss = (s.array().max(0.0) - s.array() * y.array() + (-s.array().abs()).exp().log1p()).sum() / c;
    r.probabilities = 1.0 / (1.0 + (-s.array()).exp());
    r.grad = (1.0 / c) * (r.probabilities - y); // the trainer's grouping: (g/C)·(σ − y)
    return r;
}

SampleLoss sampleLoss(LossKind kind, const ScoreVector& scores, const ScoreVector& target) {
    SampleLoss out;
    auto classOf = [&] {
        if (target.size() != 1 || target[0] != std::floor(target[0]) || !(target[0] >= 0))
            throw InputError("target: expected one class index");
        return int(target[0]);
    };
    switch (kind) {
    case LossKind::CrossEntropy: {
        CrossEntropyResult r = crossEntropy(scores, classOf());
        out.loss = r.loss;
        out.grad = r.grad;
        out.probabilities = r.probabilities;
        break;
    }
    case LossKind::Hinge: {
        HingeResult r = multiclassHinge(scores, classOf(), 1.0);
        out.loss = r.loss;
        out.grad = r.grad;
        break;
    }
    case LossKind::Mse: {
        SquaredErrorResult r = squaredError(scores, target);
        out.loss = r.loss;
        out.grad = r.grad;
        break;
    }
    case LossKind::Bce: {
        BceResult r = binaryCrossEntropy(scores, target);
        out.loss = r.loss;
        out.grad = r.grad;
        out.probabilities = r.probabilities;
        break;
    }
    }
    return out;
}

// ---- margin curves ----

const char* marginLossName(MarginLoss kind) {
    switch (kind) {
    case MarginLoss::ZeroOne:
        return "0-1";
    case MarginLoss::Hinge:
        return "hinge";
    case MarginLoss::Logistic:
        return "logistic";
    case MarginLoss::Squared:
        return "squared";
    }
    return "?";
}

const std::vector<MarginLoss>& allMarginLosses() {
    static const std::vector<MarginLoss> all = {MarginLoss::ZeroOne, MarginLoss::Hinge, MarginLoss::Logistic,
                                                MarginLoss::Squared};
    return all;
}

double marginLoss(MarginLoss kind, double m) {
    switch (kind) {
    case MarginLoss::ZeroOne:
        return m <= 0 ? 1.0 : 0.0;
    case MarginLoss::Hinge:
        return std::max(0.0, 1 - m);
    case MarginLoss::Logistic: // log(1 + e^{−m}) = max(−m, 0) + log(1 + e^{−|m|}), in base 2
        return (std::max(-m, 0.0) + std::log1p(std::exp(-std::fabs(m)))) / kLn2;
    case MarginLoss::Squared:
        return (1 - m) * (1 - m);
    }
    return 0;
}

double marginLossSlope(MarginLoss kind, double m) {
    switch (kind) {
    case MarginLoss::ZeroOne:
        return 0;
    case MarginLoss::Hinge:
        return m < 1 ? -1.0 : 0.0;
    case MarginLoss::Logistic: // −σ(−m)/ln 2
        return -1.0 / (1.0 + std::exp(m)) / kLn2;
    case MarginLoss::Squared:
        return -2 * (1 - m);
    }
    return 0;
}

double trueClassMargin(const ScoreVector& s, int t) {
    checkScores(s, t);
    double best = -INFINITY;
    for (int j = 0; j < int(s.size()); ++j)
        if (j != t) best = std::max(best, s[j]);
    return s[t] - best;
}

// ---- the course's examples ----

const std::vector<ScoreExample>& courseScoreExamples() {
    static const std::vector<ScoreExample> examples = [] {
        auto make = [](const char* name, double a, double b, double c, int t) {
            ScoreExample e;
            e.name = name;
            e.scores.resize(3);
            e.scores << a, b, c;
            e.target = t;
            return e;
        };
        return std::vector<ScoreExample>{make("cat", 3.2, 5.1, -1.7, 0), make("car", 1.3, 4.9, 2.0, 1),
                                         make("frog", 2.2, 2.5, -3.1, 2)};
    }();
    return examples;
}

const std::vector<std::string>& courseClassNames() {
    static const std::vector<std::string> names = {"cat", "car", "frog"};
    return names;
}

} // namespace dh::nn
