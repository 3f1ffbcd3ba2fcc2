// The losses on one sample's class scores s ∈ ℝᶜ, with every piece a view shows (the loss lab, the
// backprop panel) and their gradients with respect to the scores. The formulas are the trainer's
// (core/autodiff/mat_tape.h) for one row, so a sample's numbers here are the ones training uses:
//
//   cross_entropy  p = softmax(s), L = −log p_t (nats) = log Σ_k e^{s_k} − s_t;  ∂L/∂s = p − onehot(t)
//   hinge          L = Σ_{j≠t} max(0, s_j − s_t + Δ) (the multiclass SVM loss, Δ = 1 in training);
//                  subgradient: +1 at each j whose term is active (margin > 0), −#active at t, so a term
//                  exactly at 0 contributes nothing (as the trainer and torch's multi_margin_loss)
//   mse            L = (1/C) Σ_j (s_j − y_j)² against targets y (one-hot for a class), no ½ (torch's
//                  MSELoss 'mean');  ∂L/∂s = 2(s − y)/C
//   bce            L = (1/C) Σ_j [max(s_j, 0) − s_j y_j + log(1 + e^{−|s_j|})] (logits, torch's stable form);
//                  ∂L/∂s = (σ(s) − y)/C
//
// Margin curves (the classic plot of a loss against the true class's margin m): 0-1 [m ≤ 0],
// hinge max(0, 1 − m), logistic log₂(1 + e^{−m}) (base 2, so that it passes through (0, 1) like the
// others), squared (1 − m)². For a binary classifier m = y·f(x) with y = ±1; for class scores
// m = s_t − max_{j≠t} s_j.
#pragma once

#include "core/nn/mlp.h"

#include <Eigen/Core>
#include <string>
#include <vector>

namespace dh::nn {

using ScoreVector = Eigen::Ref<const Eigen::VectorXd>;

// softmax(s)_j = e^{s_j − max s} / Σ_k e^{s_k − max s}.
Eigen::VectorXd softmax(const ScoreVector& s);

struct CrossEntropyResult {
    Eigen::VectorXd probabilities; // softmax(s)
    double loss = 0;               // −ln p_t, nats
    double lossLog10 = 0;          // −log₁₀ p_t = loss / ln 10 (the course writes 0.89 for p_t = 0.13: this one)
    Eigen::VectorXd grad;          // p − onehot(t)
};
// Each function throws InputError as checkScores does (bad scores or class), or for targets of the wrong size.
CrossEntropyResult crossEntropy(const ScoreVector& s, int t);

struct HingeTerm {
    int cls = 0;         // j ≠ t
    double margin = 0;   // s_j − s_t + Δ
    double loss = 0;     // max(0, margin)
    bool active = false; // margin > 0
};
struct HingeResult {
    double loss = 0;              // Σ of the terms
    std::vector<HingeTerm> terms; // one per j ≠ t, in class order
    Eigen::VectorXd grad;         // the subgradient above
};
HingeResult multiclassHinge(const ScoreVector& s, int t, double delta = 1);

struct SquaredErrorResult {
    double loss = 0;
    Eigen::VectorXd target; // y
    Eigen::VectorXd grad;   // 2(s − y)/C
};
SquaredErrorResult squaredError(const ScoreVector& s, const ScoreVector& y);
SquaredErrorResult squaredErrorOneHot(const ScoreVector& s, int t);

struct BceResult {
    double loss = 0;
    Eigen::VectorXd probabilities; // σ(s)
    Eigen::VectorXd grad;          // (σ(s) − y)/C
};
BceResult binaryCrossEntropy(const ScoreVector& s, const ScoreVector& y);

// The loss a network is trained with, on one sample: `target` as the trainer stores it (core/nn/trainer.h
// NetData): one class index for cross_entropy and hinge (Δ = 1), one value per output for mse and bce.
// probabilities: softmax (cross_entropy), σ (bce), empty otherwise.
struct SampleLoss {
    double loss = 0;
    Eigen::VectorXd grad; // ∂loss/∂scores
    Eigen::VectorXd probabilities;
};
SampleLoss sampleLoss(LossKind kind, const ScoreVector& scores, const ScoreVector& target);

// InputError naming the problem: fewer than two classes (one for mse/bce), a non-finite score, a class
// index out of range.
void checkScores(const ScoreVector& s, int t);

// ---- margin curves ----

enum class MarginLoss { ZeroOne, Hinge, Logistic, Squared };
const char* marginLossName(MarginLoss kind); // "0-1", "hinge", "logistic", "squared"
const std::vector<MarginLoss>& allMarginLosses();
double marginLoss(MarginLoss kind, double m);
// d/dm (a subgradient where there is a kink: 0 for 0-1, −[m < 1] for hinge).
double marginLossSlope(MarginLoss kind, double m);
// m = s_t − max_{j≠t} s_j: positive when class t wins, by how much.
double trueClassMargin(const ScoreVector& s, int t);

// ---- the course's examples ----

struct ScoreExample {
    std::string name;       // the image's class: "cat", "car", "frog"
    Eigen::VectorXd scores; // for the classes cat, car, frog
    int target = 0;
};
// CS231n's three images: cat (3.2, 5.1, −1.7), car (1.3, 4.9, 2.0), frog (2.2, 2.5, −3.1), true classes
// 0, 1, 2 (hinge losses 2.9, 0, 12.9, mean 5.27); the first is the softmax example (0.13, 0.87, 0.00).
const std::vector<ScoreExample>& courseScoreExamples();
const std::vector<std::string>& courseClassNames(); // cat, car, frog

} // namespace dh::nn
