#include "core/common/error.h"
#include "core/data/dataset.h"
#include "core/data/random.h"

#include <Eigen/QR>
#include <algorithm>
#include <cmath>
#include <limits>

namespace dh {

namespace {

void checkRange(double xMin, double xMax, const char* who) {
    if (!(std::isfinite(xMin) && std::isfinite(xMax) && xMin < xMax))
        throw InputError(std::string(who) + ": x range must satisfy xMin < xMax (got [" + std::to_string(xMin) + ", " +
                         std::to_string(xMax) + "])");
}

double evalPoly(const std::vector<double>& c, double x) {
    double y = 0;
    for (auto k = c.size(); k-- > 0;) y = y * x + c[k];
    return y;
}

double mse(const Eigen::VectorXd& residual) {
    return residual.size() ? residual.squaredNorm() / static_cast<double>(residual.size())
                           : std::numeric_limits<double>::quiet_NaN();
}

} // namespace

Dataset makePolynomialData(const PolynomialDataOptions& o) {
    const char* who = "polynomial data";
    if (o.coefficients.empty()) throw InputError(std::string(who) + ": coefficients must not be empty");
    for (double c : o.coefficients)
        if (!std::isfinite(c)) throw InputError(std::string(who) + ": coefficients must be finite numbers");
    if (o.n < 1 || o.n > 10'000'000)
        throw InputError(std::string(who) + ": n must be in [1, 10000000] (got " + std::to_string(o.n) + ")");
    if (o.nTest < 0 || o.nTest > 10'000'000)
        throw InputError(std::string(who) + ": nTest must be in [0, 10000000] (got " + std::to_string(o.nTest) + ")");
    if (!(o.noise >= 0 && std::isfinite(o.noise)))
        throw InputError(std::string(who) + ": noise must be >= 0 (got " + std::to_string(o.noise) + ")");
    checkRange(o.xMin, o.xMax, who);

    Rng rng(o.seed);
    Dataset ds;
    ds.name = "polynomial";
    ds.featureNames = {"x"};
    const Eigen::Index total = o.n + o.nTest;
    ds.X.resize(total, 1);
    ds.values.resize(total, 1);
    ds.numTest = o.nTest;
    auto fill = [&](Eigen::Index begin, Eigen::Index count) {
        std::vector<double> xs(static_cast<size_t>(count));
        for (double& x : xs) x = rng.uniform(o.xMin, o.xMax);
        std::sort(xs.begin(), xs.end());
        for (Eigen::Index i = 0; i < count; ++i) {
            const double x = xs[static_cast<size_t>(i)];
            ds.X(begin + i, 0) = x;
            ds.values(begin + i, 0) = evalPoly(o.coefficients, x) + o.noise * rng.normal();
        }
    };
    fill(0, o.n);
    fill(o.n, o.nTest);
    return ds;
}

RowMatrixXd polynomialFeatures(const Eigen::Ref<const Eigen::VectorXd>& x, int degree, double xMin, double xMax) {
    if (degree < 0 || degree > 30)
        throw InputError("polynomial features: degree must be in [0, 30] (got " + std::to_string(degree) + ")");
    checkRange(xMin, xMax, "polynomial features");
    RowMatrixXd a(x.size(), degree + 1);
    for (Eigen::Index i = 0; i < x.size(); ++i) {
        const double t = (2 * x[i] - xMin - xMax) / (xMax - xMin);
        double p = 1;
        for (int k = 0; k <= degree; ++k, p *= t) a(i, k) = p;
    }
    return a;
}

double PolyFit::predict(double x) const {
    const double t = (2 * x - xMin - xMax) / (xMax - xMin);
    double y = 0;
    for (Eigen::Index k = coefficients.size(); k-- > 0;) y = y * t + coefficients[k];
    return y;
}

Eigen::VectorXd PolyFit::predict(const Eigen::Ref<const Eigen::VectorXd>& x) const {
    Eigen::VectorXd y(x.size());
    for (Eigen::Index i = 0; i < x.size(); ++i) y[i] = predict(x[i]);
    return y;
}

PolyFit fitPolynomial(const Eigen::Ref<const Eigen::VectorXd>& xTrain, const Eigen::Ref<const Eigen::VectorXd>& yTrain,
                      const Eigen::Ref<const Eigen::VectorXd>& xTest, const Eigen::Ref<const Eigen::VectorXd>& yTest,
                      const PolyFitOptions& o) {
    if (xTrain.size() != yTrain.size() || xTest.size() != yTest.size())
        throw InputError("polynomial fit: x and y differ in length (train " + std::to_string(xTrain.size()) + " vs " +
                         std::to_string(yTrain.size()) + ", test " + std::to_string(xTest.size()) + " vs " +
                         std::to_string(yTest.size()) + ")");
    if (xTrain.size() == 0) throw InputError("polynomial fit: no training points");
    if (!(o.ridge >= 0 && std::isfinite(o.ridge)))
        throw InputError("polynomial fit: ridge must be >= 0 (got " + std::to_string(o.ridge) + ")");

    const Eigen::MatrixXd a = polynomialFeatures(xTrain, o.degree, o.xMin, o.xMax);
    const Eigen::Index n = a.rows(), p = a.cols();
    // Ridge as extra rows sqrt(lambda) e_k (k >= 1): QR of [A; sqrt(lambda) I'] keeps the conditioning of A
    // instead of squaring it as the normal equations would.
    const Eigen::Index extra = o.ridge > 0 ? p - 1 : 0;
    Eigen::MatrixXd m = Eigen::MatrixXd::Zero(n + extra, p);
    Eigen::VectorXd rhs = Eigen::VectorXd::Zero(n + extra);
    m.topRows(n) = a;
    rhs.head(n) = yTrain;
    for (Eigen::Index k = 1; k <= extra; ++k) m(n + k - 1, k) = std::sqrt(o.ridge);

    PolyFit fit;
    fit.degree = o.degree;
    fit.xMin = o.xMin;
    fit.xMax = o.xMax;
    // Complete orthogonal decomposition: the least-squares solution, of minimum norm when underdetermined.
    fit.coefficients = m.completeOrthogonalDecomposition().solve(rhs);
    fit.trainMse = mse(a * fit.coefficients - yTrain);
    fit.testMse = mse(fit.predict(xTest) - yTest);
    return fit;
}

PolyFit fitPolynomial(const Dataset& data, const PolyFitOptions& options) {
    if (data.isClassification() || data.numFeatures() != 1 || data.values.cols() != 1 ||
        data.values.rows() != data.size())
        throw InputError(data.name + ": a polynomial fit needs 1D regression data (one feature, one target)");
    const Eigen::VectorXd xTrain = data.trainX().col(0), yTrain = data.trainValues().col(0);
    const Eigen::VectorXd xTest = data.testX().col(0), yTest = data.testValues().col(0);
    return fitPolynomial(xTrain, yTrain, xTest, yTest, options);
}

} // namespace dh
