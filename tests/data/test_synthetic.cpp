#include "core/common/error.h"
#include "core/data/dataset.h"
#include "core/data/random.h"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

namespace dh {
namespace {

TEST(Rng, EngineIsTheStandardMt19937_64) {
    // The standard fixes the 10000th output of a default-seeded (5489) mt19937_64.
    Rng rng(5489);
    std::uint64_t x = 0;
    for (int i = 0; i < 10000; ++i) x = rng.bits();
    EXPECT_EQ(x, 9981545732273789042ull);
}

TEST(Rng, UniformAndNormalHaveTheirMoments) {
    Rng rng(7);
    const int n = 200000;
    double su = 0, sn = 0, sn2 = 0, umin = 1, umax = 0;
    for (int i = 0; i < n; ++i) {
        const double u = rng.uniform();
        umin = std::min(umin, u), umax = std::max(umax, u), su += u;
        const double z = rng.normal();
        sn += z, sn2 += z * z;
    }
    EXPECT_GE(umin, 0.0);
    EXPECT_LT(umax, 1.0);
    EXPECT_NEAR(su / n, 0.5, 0.005);
    EXPECT_NEAR(sn / n, 0.0, 0.01);
    EXPECT_NEAR(sn2 / n, 1.0, 0.02);
}

TEST(Rng, BelowCoversTheRangeAndShuffleIsAPermutation) {
    Rng rng(3);
    std::vector<int> hits(5);
    for (int i = 0; i < 5000; ++i) ++hits[rng.below(5)];
    for (int h : hits) EXPECT_NEAR(h, 1000, 150);
    std::vector<int> v(50);
    for (int i = 0; i < 50; ++i) v[i] = i;
    rng.shuffle(v.begin(), v.end());
    EXPECT_EQ(std::set<int>(v.begin(), v.end()).size(), 50u);
    int fixedPoints = 0;
    for (int i = 0; i < 50; ++i) fixedPoints += v[i] == i;
    EXPECT_LT(fixedPoints, 10);
}

TEST(Synthetic, NamesRoundTripAndUnknownNamesListTheValidOnes) {
    const std::vector<std::string> expected = {"circle", "xor", "gaussians", "spirals", "moons"};
    EXPECT_EQ(syntheticNames(), expected);
    for (const std::string& name : expected) EXPECT_EQ(syntheticName(parseSyntheticKind(name)), name);
    try {
        makeSynthetic("spiral");
        FAIL() << "no error for an unknown name";
    } catch (const InputError& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find("'spiral'"), std::string::npos) << msg;
        for (const std::string& name : expected) EXPECT_NE(msg.find(name), std::string::npos) << msg;
    }
}

TEST(Synthetic, BadOptionsAreInputErrors) {
    EXPECT_THROW(makeSynthetic("xor", {1, 0.1, 1}), InputError);
    EXPECT_THROW(makeSynthetic("xor", {100, -0.1, 1}), InputError);
    EXPECT_THROW(makeSynthetic("xor", {100, std::nan(""), 1}), InputError);
}

class EachSynthetic : public ::testing::TestWithParam<std::string> {};

TEST_P(EachSynthetic, SameSeedSamePointsOtherSeedOtherPoints) {
    const Dataset a = makeSynthetic(GetParam(), {200, 0.1, 42});
    const Dataset b = makeSynthetic(GetParam(), {200, 0.1, 42});
    const Dataset c = makeSynthetic(GetParam(), {200, 0.1, 43});
    EXPECT_EQ(a.X, b.X);
    EXPECT_EQ(a.labels, b.labels);
    EXPECT_NE(a.X, c.X);
    EXPECT_GT((a.X - c.X).cwiseAbs().maxCoeff(), 0.05);
}

TEST_P(EachSynthetic, ShapeNamesAndBalance) {
    for (Eigen::Index n : {2, 7, 256, 1001}) {
        const Dataset d = makeSynthetic(GetParam(), {n, 0.1, 1});
        EXPECT_EQ(d.name, GetParam());
        EXPECT_EQ(d.size(), n);
        EXPECT_EQ(d.numFeatures(), 2);
        EXPECT_EQ(d.labels.size(), n);
        EXPECT_EQ(d.values.size(), 0);
        EXPECT_EQ(d.numClasses, 2);
        EXPECT_EQ(d.classNames.size(), 2u);
        EXPECT_EQ(d.featureNames, (std::vector<std::string>{"x1", "x2"}));
        EXPECT_FALSE(d.hasTest());
        EXPECT_FALSE(d.isImage());
        const Eigen::Index ones = d.labels.sum();
        EXPECT_EQ(ones, n / 2);
        EXPECT_EQ((d.labels.array() == 0).count(), n - n / 2);
        EXPECT_TRUE(d.X.allFinite());
    }
}

TEST_P(EachSynthetic, ShuffledSoThatAPrefixHoldsBothClasses) {
    const Dataset d = makeSynthetic(GetParam(), {400, 0.1, 5});
    EXPECT_GT(d.labels.head(20).sum(), 2);
    EXPECT_LT(d.labels.head(20).sum(), 18);
}

TEST_P(EachSynthetic, NoiseFreePointsLieInTheDocumentedRange) {
    const Dataset d = makeSynthetic(GetParam(), {1000, 0.0, 9});
    // Gaussian clusters have unbounded support: 0.15 std around +-0.5 stays well within 1.5.
    const double bound = GetParam() == "gaussians" ? 1.5 : 1.0 + 1e-12;
    EXPECT_LE(d.X.cwiseAbs().maxCoeff(), bound);
    // ...and fill it: each coordinate spans most of [-1, 1].
    EXPECT_GT(d.X.col(0).maxCoeff() - d.X.col(0).minCoeff(), 1.2);
    const Dataset noisy = makeSynthetic(GetParam(), {1000, 0.1, 9});
    EXPECT_NE(d.X, noisy.X);
    EXPECT_EQ(d.labels, noisy.labels);
    // Noise is N(0, 0.1^2) per coordinate: the differences have that standard deviation.
    const double sd = std::sqrt((noisy.X - d.X).squaredNorm() / 2000.0);
    EXPECT_NEAR(sd, 0.1, 0.01);
}

INSTANTIATE_TEST_SUITE_P(Data, EachSynthetic, ::testing::Values("circle", "xor", "gaussians", "spirals", "moons"));

TEST(Synthetic, EachSetHasItsShape) {
    const Eigen::Index n = 500;
    {
        const Dataset d = makeSynthetic(SyntheticKind::Circle, {n, 0, 1});
        for (Eigen::Index i = 0; i < n; ++i) {
            const double r = d.X.row(i).norm();
            if (d.labels[i] == 1)
                EXPECT_LE(r, 0.5 + 1e-12);
            else
                EXPECT_TRUE(r >= 0.7 - 1e-12 && r <= 1 + 1e-12) << r;
        }
    }
    {
        const Dataset d = makeSynthetic(SyntheticKind::Xor, {n, 0, 1});
        for (Eigen::Index i = 0; i < n; ++i) {
            EXPECT_EQ(d.X(i, 0) * d.X(i, 1) > 0, d.labels[i] == 1);
            EXPECT_GE(std::min(std::abs(d.X(i, 0)), std::abs(d.X(i, 1))), 0.06);
        }
    }
    {
        const Dataset d = makeSynthetic(SyntheticKind::Gaussians, {n, 0, 1});
        Eigen::Vector2d mean[2] = {Eigen::Vector2d::Zero(), Eigen::Vector2d::Zero()};
        for (Eigen::Index i = 0; i < n; ++i) mean[d.labels[i]] += d.X.row(i).transpose() / (n / 2.0);
        EXPECT_NEAR(mean[1].x(), 0.5, 0.03);
        EXPECT_NEAR(mean[1].y(), 0.5, 0.03);
        EXPECT_NEAR(mean[0].x(), -0.5, 0.03);
        EXPECT_NEAR(mean[0].y(), -0.5, 0.03);
    }
    {
        // Noise-free spiral arms are point reflections of each other: the arm-1 point at radius r is
        // minus the arm-0 point at radius r.
        const Dataset d = makeSynthetic(SyntheticKind::Spirals, {n, 0, 1});
        std::vector<Eigen::Vector2d> arm[2];
        for (Eigen::Index i = 0; i < n; ++i) arm[d.labels[i]].push_back(d.X.row(i).transpose());
        auto byRadius = [](const Eigen::Vector2d& a, const Eigen::Vector2d& b) { return a.norm() < b.norm(); };
        std::sort(arm[0].begin(), arm[0].end(), byRadius);
        std::sort(arm[1].begin(), arm[1].end(), byRadius);
        for (size_t i = 0; i < arm[0].size(); ++i) EXPECT_LT((arm[0][i] + arm[1][i]).norm(), 1e-12);
        EXPECT_GT(arm[0].back().norm(), 0.95);
    }
    {
        // Moons: the upper moon is a half circle of radius 2/3 around (-1/3, -1/6).
        const Dataset d = makeSynthetic(SyntheticKind::Moons, {n, 0, 1});
        for (Eigen::Index i = 0; i < n; ++i) {
            if (d.labels[i] != 0) continue;
            EXPECT_NEAR((d.X.row(i) - Eigen::RowVector2d(-1.0 / 3, -1.0 / 6)).norm(), 2.0 / 3, 1e-12);
            EXPECT_GE(d.X(i, 1), -1.0 / 6 - 1e-12);
        }
        EXPECT_NEAR(d.X.col(0).minCoeff(), -1, 1e-12);
        EXPECT_NEAR(d.X.col(0).maxCoeff(), 1, 1e-12);
    }
}

TEST(Split, ShufflesKeepsPairsAndIsSeeded) {
    const Dataset d = makeSynthetic("moons", {100, 0.1, 1});
    const Dataset s = splitTrainTest(d, 0.25, 3);
    EXPECT_EQ(s.size(), 100);
    EXPECT_EQ(s.numTest, 25);
    EXPECT_EQ(s.numTrain(), 75);
    EXPECT_EQ(s.trainX().rows(), 75);
    EXPECT_EQ(s.testX().rows(), 25);
    EXPECT_EQ(s.trainLabels().size(), 75);
    EXPECT_EQ(s.testLabels().size(), 25);
    EXPECT_EQ(s.testX().row(0), s.X.row(75));
    EXPECT_EQ(s.testLabels()[0], s.labels[75]);
    EXPECT_NE(s.X, d.X);
    // Every (x, label) pair of the original is still there.
    for (Eigen::Index i = 0; i < d.size(); ++i) {
        bool found = false;
        for (Eigen::Index j = 0; j < s.size() && !found; ++j)
            found = s.X.row(j) == d.X.row(i) && s.labels[j] == d.labels[i];
        EXPECT_TRUE(found) << i;
    }
    EXPECT_EQ(splitTrainTest(d, 0.25, 3).X, s.X);
    EXPECT_NE(splitTrainTest(d, 0.25, 4).X, s.X);
    EXPECT_EQ(splitTrainTest(d, 0, 3).numTest, 0);
    EXPECT_EQ(splitTrainTest(makeSynthetic("xor", {2, 0, 1}), 0.9, 3).numTest, 1); // one training row is kept
    EXPECT_THROW(splitTrainTest(d, 1.0, 3), InputError);
    EXPECT_THROW(splitTrainTest(d, -0.1, 3), InputError);
}

TEST(Dataset, FloatCopyAndRegressionViews) {
    Dataset d = makePolynomialData({{1, 2}, 10, 5, 0.1, -1, 1, 2});
    const RowMatrixXf f = d.Xf();
    EXPECT_EQ(f.rows(), 15);
    EXPECT_FLOAT_EQ(f(3, 0), static_cast<float>(d.X(3, 0)));
    EXPECT_EQ(d.trainValues().rows(), 10);
    EXPECT_EQ(d.testValues().rows(), 5);
    EXPECT_EQ(d.trainLabels().size(), 0);
    EXPECT_EQ(d.testLabels().size(), 0);
    EXPECT_THROW(selectRows(d, {0, 15}), InputError);
}

} // namespace
} // namespace dh
