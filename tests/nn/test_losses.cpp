// The loss lab's math: the course's numbers (CS231n's hinge table 2.9 / 0 / 12.9, mean 5.27; softmax
// (0.13, 0.87, 0.00); −log p = 2.04 nats = 0.886 in log₁₀), gradients against central differences, the
// hinge's subgradient at a kink, the margin curves, and agreement with the trainer's losses (MatTape).
#include "core/autodiff/mat_tape.h"
#include "core/common/error.h"
#include "core/nn/losses.h"

#include <cmath>
#include <functional>
#include <gtest/gtest.h>

namespace dh::nn {
namespace {

double round2(double v) {
    return std::round(v * 100) / 100;
}

TEST(Losses, TheCoursesHingeTable) {
    // Columns of CS231n's score table: cat image (3.2, 5.1, −1.7), car (1.3, 4.9, 2.0), frog (2.2, 2.5, −3.1).
    const double scores[3][3] = {{3.2, 5.1, -1.7}, {1.3, 4.9, 2.0}, {2.2, 2.5, -3.1}};
    const double expected[3] = {2.9, 0.0, 12.9};
    double sum = 0;
    for (int i = 0; i < 3; ++i) {
        HingeResult r = multiclassHinge(Eigen::Vector3d(scores[i][0], scores[i][1], scores[i][2]), i);
        EXPECT_NEAR(r.loss, expected[i], 1e-12) << i;
        sum += r.loss;
    }
    EXPECT_EQ(round2(sum / 3), 5.27);
    // The cat's terms: car max(0, 5.1 − 3.2 + 1) = 2.9 (active), frog max(0, −1.7 − 3.2 + 1) = 0.
    HingeResult cat = multiclassHinge(Eigen::Vector3d(3.2, 5.1, -1.7), 0);
    ASSERT_EQ(cat.terms.size(), 2u);
    EXPECT_EQ(cat.terms[0].cls, 1);
    EXPECT_TRUE(cat.terms[0].active);
    EXPECT_NEAR(cat.terms[0].margin, 2.9, 1e-12);
    EXPECT_EQ(cat.terms[1].cls, 2);
    EXPECT_FALSE(cat.terms[1].active);
    EXPECT_NEAR(cat.terms[1].margin, -3.9, 1e-12);
    EXPECT_EQ(cat.terms[1].loss, 0.0);
    EXPECT_EQ(cat.grad, Eigen::Vector3d(-1, 1, 0));
    // The frog's two terms are both active: ∂/∂s_t = −2.
    EXPECT_EQ(multiclassHinge(Eigen::Vector3d(2.2, 2.5, -3.1), 2).grad, Eigen::Vector3d(1, 1, -2));
    // The course's examples are the data of the preset.
    ASSERT_EQ(courseScoreExamples().size(), 3u);
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(courseScoreExamples()[size_t(i)].target, i);
        EXPECT_EQ(courseScoreExamples()[size_t(i)].scores, Eigen::Vector3d(scores[i][0], scores[i][1], scores[i][2]));
    }
}

TEST(Losses, TheCoursesSoftmaxAndCrossEntropy) {
    CrossEntropyResult r = crossEntropy(Eigen::Vector3d(3.2, 5.1, -1.7), 0);
    EXPECT_EQ(round2(r.probabilities[0]), 0.13);
    EXPECT_EQ(round2(r.probabilities[1]), 0.87);
    EXPECT_EQ(round2(r.probabilities[2]), 0.00);
    EXPECT_NEAR(r.probabilities.sum(), 1.0, 1e-15);
    EXPECT_EQ(round2(r.loss), 2.04);                         // nats
    EXPECT_EQ(std::round(r.lossLog10 * 1000) / 1000, 0.886); // log₁₀: the course's 0.89
    EXPECT_NEAR(r.lossLog10, -std::log10(r.probabilities[0]), 1e-14);
    EXPECT_NEAR(r.loss, -std::log(r.probabilities[0]), 1e-14);
    // ∂L/∂s = p − t
    EXPECT_NEAR(r.grad[0], r.probabilities[0] - 1, 1e-15);
    EXPECT_EQ(r.grad[1], r.probabilities[1]);
}

// Central differences of a loss with respect to each score.
void checkGradient(const std::function<double(const Eigen::VectorXd&)>& loss, const Eigen::VectorXd& grad,
                   const Eigen::VectorXd& s) {
    for (Eigen::Index j = 0; j < s.size(); ++j) {
        Eigen::VectorXd p = s, m = s;
        const double h = 1e-6;
        p[j] += h;
        m[j] -= h;
        const double fd = (loss(p) - loss(m)) / (2 * h);
        EXPECT_NEAR(grad[j], fd, 1e-7 * (1 + std::fabs(fd))) << "score " << j;
    }
}

TEST(Losses, GradientsMatchCentralDifferences) {
    const Eigen::VectorXd scores[] = {Eigen::Vector3d(3.2, 5.1, -1.7), Eigen::Vector4d(0.3, -1.2, 2.2, 0.9),
                                      (Eigen::VectorXd(6) << 1, 2.5, -0.5, 0.25, 3, -2).finished()};
    for (const Eigen::VectorXd& s : scores)
        for (int t = 0; t < int(s.size()); ++t) {
            SCOPED_TRACE("class " + std::to_string(t) + " of " + std::to_string(s.size()));
            checkGradient([&](const Eigen::VectorXd& v) { return crossEntropy(v, t).loss; }, crossEntropy(s, t).grad,
                          s);
            checkGradient([&](const Eigen::VectorXd& v) { return multiclassHinge(v, t, 0.7).loss; },
                          multiclassHinge(s, t, 0.7).grad, s);
            checkGradient([&](const Eigen::VectorXd& v) { return squaredErrorOneHot(v, t).loss; },
                          squaredErrorOneHot(s, t).grad, s);
            const Eigen::VectorXd y = Eigen::VectorXd::LinSpaced(s.size(), 0, 1);
            checkGradient([&](const Eigen::VectorXd& v) { return binaryCrossEntropy(v, y).loss; },
                          binaryCrossEntropy(s, y).grad, s);
        }
}

TEST(Losses, HingeAtItsKinkTakesTheZeroSubgradient) {
    // s_1 − s_0 + 1 = 0 exactly: the term is inactive (margin > 0 is required), as in the trainer.
    HingeResult r = multiclassHinge(Eigen::Vector3d(1, 0, -5), 0);
    EXPECT_EQ(r.loss, 0.0);
    EXPECT_FALSE(r.terms[0].active);
    EXPECT_EQ(r.grad, Eigen::Vector3d::Zero());
    // A margin Δ other than 1.
    HingeResult d = multiclassHinge(Eigen::Vector3d(1, 0, -5), 0, 2.0);
    EXPECT_EQ(d.loss, 1.0);
    EXPECT_EQ(d.grad, Eigen::Vector3d(-1, 1, 0));
}

TEST(Losses, SquaredErrorAgainstOneHot) {
    SquaredErrorResult r = squaredErrorOneHot(Eigen::Vector3d(3.2, 5.1, -1.7), 0);
    EXPECT_EQ(r.target, Eigen::Vector3d(1, 0, 0));
    EXPECT_NEAR(r.loss, (2.2 * 2.2 + 5.1 * 5.1 + 1.7 * 1.7) / 3, 1e-12);
    EXPECT_NEAR(r.grad[0], 2 * 2.2 / 3, 1e-15);
}

TEST(Losses, BadInputIsAnErrorNamingIt) {
    auto message = [](const std::function<void()>& f) {
        try {
            f();
        } catch (const InputError& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    EXPECT_NE(message([] { crossEntropy(Eigen::Vector3d(1, 2, 3), 3); }).find("out of range"), std::string::npos);
    EXPECT_NE(message([] { multiclassHinge(Eigen::VectorXd::Ones(1), 0); }).find("at least 2"), std::string::npos);
    EXPECT_NE(message([] { crossEntropy(Eigen::Vector3d(1, NAN, 3), 0); }).find("scores[1]"), std::string::npos);
    EXPECT_NE(message([] { squaredError(Eigen::Vector3d(1, 2, 3), Eigen::Vector2d(1, 2)); }).find("target"),
              std::string::npos);
}

TEST(Losses, MarginCurves) {
    // Every curve passes through (0, 1); at m = 1 the hinge and the squared loss reach 0.
    for (MarginLoss k : allMarginLosses()) {
        EXPECT_DOUBLE_EQ(marginLoss(k, 0.0), 1.0) << marginLossName(k);
        if (k == MarginLoss::ZeroOne) continue;
        for (double m : {-2.5, -0.3, 0.4, 1.7, 3.0}) {
            const double h = 1e-6;
            const double fd = (marginLoss(k, m + h) - marginLoss(k, m - h)) / (2 * h);
            EXPECT_NEAR(marginLossSlope(k, m), fd, 1e-7) << marginLossName(k) << " at " << m;
        }
    }
    EXPECT_EQ(marginLoss(MarginLoss::ZeroOne, -0.1), 1.0);
    EXPECT_EQ(marginLoss(MarginLoss::ZeroOne, 0.1), 0.0);
    EXPECT_EQ(marginLoss(MarginLoss::Hinge, -1), 2.0);
    EXPECT_EQ(marginLoss(MarginLoss::Hinge, 1), 0.0);
    EXPECT_EQ(marginLoss(MarginLoss::Squared, -1), 4.0);
    EXPECT_NEAR(marginLoss(MarginLoss::Logistic, 1), std::log2(1 + std::exp(-1.0)), 1e-15);
    EXPECT_NEAR(marginLoss(MarginLoss::Logistic, -800), 800 / std::log(2.0), 1e-9); // no overflow
    EXPECT_EQ(marginLossSlope(MarginLoss::Hinge, 1.0), 0.0);                        // subgradient at the kink
    EXPECT_NEAR(trueClassMargin(Eigen::Vector3d(3.2, 5.1, -1.7), 0), -1.9, 1e-12);
    EXPECT_NEAR(trueClassMargin(Eigen::Vector3d(1.3, 4.9, 2.0), 1), 2.9, 1e-12);
}

// One row through the trainer's losses (MatTape, as Objective records them) gives the same numbers.
TEST(Losses, AgreeWithTheTrainersLosses) {
    const Eigen::Vector4d s(0.3, -1.2, 2.2, 0.9);
    for (LossKind kind : {LossKind::CrossEntropy, LossKind::Hinge, LossKind::Mse, LossKind::Bce}) {
        SCOPED_TRACE(lossName(kind));
        const bool classes = lossTakesClassIndices(kind);
        Eigen::VectorXd target =
            classes ? Eigen::VectorXd::Constant(1, 2.0) : Eigen::VectorXd(Eigen::Vector4d(0, 1, 0.5, 0));
        MatTape<double> tape;
        Eigen::RowVectorXd scores = s.transpose(), grad(4);
        auto z = tape.param(scores.data(), grad.data(), 1, 4);
        auto y = tape.input(1, target.size());
        auto root = kind == LossKind::CrossEntropy ? tape.softmaxCrossEntropy(z, y)
                    : kind == LossKind::Hinge      ? tape.hinge(z, y)
                    : kind == LossKind::Mse        ? tape.mse(z, y)
                                                   : tape.bceWithLogits(z, y);
        tape.value(y) = target.transpose();
        tape.forward();
        tape.backward(root);
        SampleLoss mine = sampleLoss(kind, s, target);
        EXPECT_EQ(mine.loss, tape.scalar(root));
        for (int j = 0; j < 4; ++j) EXPECT_EQ(mine.grad[j], grad[j]) << j;
    }
}

} // namespace
} // namespace dh::nn
