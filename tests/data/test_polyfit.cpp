#include "core/common/error.h"
#include "core/data/dataset.h"

#include <Eigen/SVD>
#include <gtest/gtest.h>

#include <cmath>

namespace dh {
namespace {

TEST(PolynomialData, DeterministicSortedInRangeWithATestSplit) {
    PolynomialDataOptions o;
    const Dataset a = makePolynomialData(o);
    const Dataset b = makePolynomialData(o);
    EXPECT_EQ(a.X, b.X);
    EXPECT_EQ(a.values, b.values);
    EXPECT_EQ(a.numTrain(), 15);
    EXPECT_EQ(a.numTest, 100);
    EXPECT_EQ(a.numClasses, 0);
    EXPECT_EQ(a.featureNames, std::vector<std::string>{"x"});
    EXPECT_GE(a.X.minCoeff(), -1);
    EXPECT_LT(a.X.maxCoeff(), 1);
    for (Eigen::Index i = 1; i < 15; ++i) EXPECT_LE(a.X(i - 1, 0), a.X(i, 0));
    o.seed = 2;
    EXPECT_NE(makePolynomialData(o).X, a.X);
    // Without noise the targets are the polynomial 2x^3 - x.
    o.noise = 0;
    const Dataset exact = makePolynomialData(o);
    for (Eigen::Index i = 0; i < exact.size(); ++i) {
        const double x = exact.X(i, 0);
        EXPECT_NEAR(exact.values(i, 0), 2 * x * x * x - x, 1e-15);
    }
    o.xMin = 2;
    o.xMax = 1;
    EXPECT_THROW(makePolynomialData(o), InputError);
}

TEST(PolynomialFeatures, ScalesTheRangeOntoMinusOneOne) {
    const Eigen::Vector3d x(2, 5, 8);
    const RowMatrixXd a = polynomialFeatures(x, 3, 2, 8);
    ASSERT_EQ(a.cols(), 4);
    EXPECT_EQ(a.col(0), Eigen::Vector3d::Ones());
    EXPECT_EQ(a.col(1), Eigen::Vector3d(-1, 0, 1));
    EXPECT_EQ(a.col(3), Eigen::Vector3d(-1, 0, 1));
    EXPECT_THROW(polynomialFeatures(x, 31), InputError);
    EXPECT_THROW(polynomialFeatures(x, 2, 1, 1), InputError);
}

TEST(PolynomialFeatures, DegreeTwelveIsWellConditioned) {
    const Eigen::VectorXd x = Eigen::VectorXd::LinSpaced(100, 0, 10);
    const Eigen::MatrixXd scaled = polynomialFeatures(x, 12, 0, 10);
    const Eigen::VectorXd s = Eigen::JacobiSVD<Eigen::MatrixXd>(scaled).singularValues();
    EXPECT_LT(s(0) / s(s.size() - 1), 1e6);
    // The same monomials of the raw x in [0, 10] would be hopeless.
    Eigen::MatrixXd raw(100, 13);
    for (int k = 0; k <= 12; ++k) raw.col(k) = x.array().pow(k);
    const Eigen::VectorXd r = Eigen::JacobiSVD<Eigen::MatrixXd>(raw).singularValues();
    EXPECT_GT(r(0) / r(r.size() - 1), 1e12);
}

TEST(PolyFit, ExactLinearDataHasZeroError) {
    const Eigen::VectorXd x = Eigen::VectorXd::LinSpaced(20, -1, 1);
    const Eigen::VectorXd y = 3 * x.array() - 2;
    const Eigen::VectorXd xt = Eigen::VectorXd::LinSpaced(7, -0.9, 0.8);
    const Eigen::VectorXd yt = 3 * xt.array() - 2;
    PolyFitOptions o;
    o.degree = 1;
    const PolyFit fit = fitPolynomial(x, y, xt, yt, o);
    EXPECT_LT(fit.trainMse, 1e-28);
    EXPECT_LT(fit.testMse, 1e-28);
    EXPECT_NEAR(fit.coefficients[0], -2, 1e-14);
    EXPECT_NEAR(fit.coefficients[1], 3, 1e-14);
}

TEST(PolyFit, TheLecturesToyRegression) {
    // x = (2, 4, 6, 8), y = (3, 4, 5, 6): the best line is y = 0.5 x + 2.
    const Eigen::Vector4d x(2, 4, 6, 8), y(3, 4, 5, 6);
    PolyFitOptions o;
    o.degree = 1;
    o.xMin = 2;
    o.xMax = 8;
    const PolyFit fit = fitPolynomial(x, y, Eigen::VectorXd(), Eigen::VectorXd(), o);
    EXPECT_NEAR(fit.predict(0.0), 2, 1e-13);
    EXPECT_NEAR(fit.predict(10.0), 7, 1e-13);
    EXPECT_LT(fit.trainMse, 1e-28);
    EXPECT_TRUE(std::isnan(fit.testMse));
    EXPECT_NEAR(fit.predict(Eigen::Vector2d(4, 6))[1], 5, 1e-13);
}

TEST(PolyFit, TwelfthOrderOverfitsANoisyCubic) {
    const Dataset d = makePolynomialData({}); // 15 noisy training points of 2x^3 - x, 100 test points
    auto fit = [&](int degree) {
        PolyFitOptions o;
        o.degree = degree;
        return fitPolynomial(d, o);
    };
    const PolyFit p1 = fit(1), p3 = fit(3), p12 = fit(12);
    EXPECT_LT(p12.trainMse, p3.trainMse);
    EXPECT_LT(p3.trainMse, p1.trainMse);
    EXPECT_GT(p12.testMse, p3.testMse);
    EXPECT_GT(p1.testMse, p3.testMse);
    // The cubic fit's test error is close to the noise variance 0.2^2.
    EXPECT_LT(p3.testMse, 2 * 0.04);
}

TEST(PolyFit, RidgeShrinksTheCoefficientsButNotTheIntercept) {
    const Dataset d = makePolynomialData({});
    PolyFitOptions o;
    o.degree = 12;
    const PolyFit plain = fitPolynomial(d, o);
    o.ridge = 1e-3;
    const PolyFit ridge = fitPolynomial(d, o);
    EXPECT_LT(ridge.coefficients.tail(12).norm(), plain.coefficients.tail(12).norm());
    EXPECT_GT(ridge.trainMse, plain.trainMse);
    EXPECT_LT(ridge.testMse, plain.testMse);
    o.ridge = 1e12;
    const PolyFit flat = fitPolynomial(d, o);
    EXPECT_LT(flat.coefficients.tail(12).norm(), 1e-9);
    EXPECT_NEAR(flat.coefficients[0], d.trainValues().mean(), 1e-9);
}

TEST(PolyFit, MoreParametersThanPointsIsAllowed) {
    const Eigen::Vector3d x(-0.5, 0, 0.5), y(1, 0, 1);
    PolyFitOptions o;
    o.degree = 6;
    const PolyFit fit = fitPolynomial(x, y, x, y, o);
    EXPECT_LT(fit.trainMse, 1e-20);
    EXPECT_TRUE(fit.coefficients.allFinite());
}

TEST(PolyFit, BadInputIsAnInputError) {
    const Eigen::Vector3d x(1, 2, 3);
    const Eigen::Vector2d y(1, 2);
    PolyFitOptions o;
    EXPECT_THROW(fitPolynomial(x, y, x, x, o), InputError);
    EXPECT_THROW(fitPolynomial(Eigen::VectorXd(), Eigen::VectorXd(), x, x, o), InputError);
    o.ridge = -1;
    EXPECT_THROW(fitPolynomial(x, x, x, x, o), InputError);
    EXPECT_THROW(fitPolynomial(makeSynthetic("xor"), {}), InputError);
}

} // namespace
} // namespace dh
