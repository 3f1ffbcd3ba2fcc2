// The built-in surfaces: derivatives against finite differences and the lecture's closed forms, the
// known minima, parameters, linreg's minibatches, metadata, and bad input.
#include "core/surfaces/builtins.h"

#include "core/common/error.h"

#include <Eigen/LU>
#include <gtest/gtest.h>

#include <cmath>
#include <set>

namespace dh {
namespace {

std::vector<Eigen::Vector2d> samplePoints(const Domain& d) {
    // Deterministic points spread over the domain, away from its centre (Ackley's kink is at 0).
    std::vector<Eigen::Vector2d> pts;
    const double fx[] = {0.13, 0.31, 0.58, 0.77, 0.91, 0.44};
    const double fy[] = {0.71, 0.22, 0.87, 0.36, 0.09, 0.62};
    for (int i = 0; i < 6; ++i)
        pts.emplace_back(d.xMin + fx[i] * (d.xMax - d.xMin), d.yMin + fy[i] * (d.yMax - d.yMin));
    return pts;
}

TEST(Builtins, NamesInReadmeOrder) {
    const std::vector<std::string> expected = {
        "six_hump_camel", "rosenbrock",      "beale",  "himmelblau",    "booth",     "matyas",      "rastrigin",
        "ackley",         "goldstein_price", "saddle", "monkey_saddle", "quadratic", "double_well", "linreg"};
    EXPECT_EQ(builtinSurfaceNames(), expected);
}

TEST(Builtins, GradientMatchesCentralDifferences) {
    for (const std::string& name : builtinSurfaceNames()) {
        SCOPED_TRACE(name);
        auto s = makeBuiltinSurface(name);
        for (const Eigen::Vector2d& p : samplePoints(s->domain)) {
            SCOPED_TRACE(::testing::Message() << "at (" << p.x() << ", " << p.y() << ")");
            Eigen::Vector2d g;
            double f = s->valueGrad(p, g);
            // Same value up to rounding (the compiler may contract a*b + c into an FMA in one path).
            EXPECT_NEAR(f, s->value(p), 1e-14 * (1 + std::abs(f)));
            const double h = 1e-6 * (1 + p.norm());
            for (int i = 0; i < 2; ++i) {
                Eigen::Vector2d e = Eigen::Vector2d::Unit(i) * h;
                double fd = (s->value(p + e) - s->value(p - e)) / (2 * h);
                // Central differences: truncation O(h²) plus rounding ~ ε|f|/h.
                double tol = 1e-6 * (std::abs(fd) + 1) + 1e-9 * std::abs(f) / h;
                EXPECT_NEAR(g(i), fd, tol) << "component " << i;
            }
        }
    }
}

TEST(Builtins, HessianMatchesDifferencesOfTheGradient) {
    for (const std::string& name : builtinSurfaceNames()) {
        SCOPED_TRACE(name);
        auto s = makeBuiltinSurface(name);
        for (const Eigen::Vector2d& p : samplePoints(s->domain)) {
            SCOPED_TRACE(::testing::Message() << "at (" << p.x() << ", " << p.y() << ")");
            Eigen::Matrix2d hess = s->hessian(p);
            EXPECT_NEAR(hess(0, 1), hess(1, 0), 1e-12 * (1 + hess.norm()));
            const double h = 1e-6 * (1 + p.norm());
            for (int j = 0; j < 2; ++j) {
                Eigen::Vector2d e = Eigen::Vector2d::Unit(j) * h, gp, gm, g;
                s->valueGrad(p + e, gp);
                s->valueGrad(p - e, gm);
                s->valueGrad(p, g);
                Eigen::Vector2d fd = (gp - gm) / (2 * h);
                for (int i = 0; i < 2; ++i) {
                    double tol = 1e-6 * (std::abs(fd(i)) + 1) + 1e-9 * g.norm() / h;
                    EXPECT_NEAR(hess(i, j), fd(i), tol) << "H(" << i << ", " << j << ")";
                }
            }
        }
    }
}

// The lecture's closed forms for the six-hump camel.
TEST(Builtins, CamelMatchesTheLecture) {
    auto s = makeBuiltinSurface("six_hump_camel");
    const double pts[][2] = {{0, 1}, {0.3, -0.7}, {-1.7, 0.8}, {2.5, -1.9}, {-0.089842, 0.712656}};
    for (const auto& q : pts) {
        double x = q[0], y = q[1];
        SCOPED_TRACE(::testing::Message() << "at (" << x << ", " << y << ")");
        Eigen::Vector2d g;
        double f = s->valueGrad({x, y}, g);
        EXPECT_NEAR(f, (4 - 2.1 * x * x + std::pow(x, 4) / 3) * x * x + x * y + (-4 + 4 * y * y) * y * y, 1e-13);
        Eigen::Vector2d gc(2 * std::pow(x, 5) - 8.4 * std::pow(x, 3) + 8 * x + y, x + 16 * std::pow(y, 3) - 8 * y);
        EXPECT_NEAR(g.x(), gc.x(), 1e-12 * (1 + std::abs(gc.x())));
        EXPECT_NEAR(g.y(), gc.y(), 1e-12 * (1 + std::abs(gc.y())));
        Eigen::Matrix2d h = s->hessian({x, y});
        EXPECT_NEAR(h(0, 0), 10 * std::pow(x, 4) - 25.2 * x * x + 8, 1e-12 * (1 + std::abs(h(0, 0))));
        EXPECT_DOUBLE_EQ(h(0, 1), 1);
        EXPECT_DOUBLE_EQ(h(1, 0), 1);
        EXPECT_NEAR(h(1, 1), 48 * y * y - 8, 1e-12 * (1 + std::abs(h(1, 1))));
    }
    Eigen::Matrix2d h01 = s->hessian({0, 1});
    EXPECT_EQ(h01(0, 0), 8);
    EXPECT_EQ(h01(0, 1), 1);
    EXPECT_EQ(h01(1, 0), 1);
    EXPECT_EQ(h01(1, 1), 40);
    Eigen::Vector2d g01;
    EXPECT_EQ(s->valueGrad({0, 1}, g01), 0);
    EXPECT_EQ(g01, Eigen::Vector2d(1, 8));
}

TEST(Builtins, KnownMinimaHaveTheListedValueAndZeroGradient) {
    for (const std::string& name : builtinSurfaceNames()) {
        SCOPED_TRACE(name);
        auto s = makeBuiltinSurface(name);
        bool anyGlobal = false;
        for (const KnownMinimum& m : s->minima) {
            SCOPED_TRACE(::testing::Message() << "minimum (" << m.at.x() << ", " << m.at.y() << ")");
            anyGlobal = anyGlobal || m.global;
            EXPECT_NEAR(s->value(m.at), m.f, 1e-12 * (1 + std::abs(m.f)));
            EXPECT_GE(m.at.x(), s->domain.xMin);
            EXPECT_LE(m.at.x(), s->domain.xMax);
            EXPECT_GE(m.at.y(), s->domain.yMin);
            EXPECT_LE(m.at.y(), s->domain.yMax);
            Eigen::Vector2d g;
            s->valueGrad(m.at, g);
            if (name == "ackley") {
                // A cusp: torch's autograd gives NaN there (sqrt'(0)·0), and so do we.
                EXPECT_TRUE(std::isnan(g.x()) && std::isnan(g.y()));
                continue;
            }
            EXPECT_LT(g.norm(), 1e-9 * (1 + std::abs(m.f)));
            // A minimum: the Hessian is positive definite.
            Eigen::Matrix2d h = s->hessian(m.at);
            EXPECT_GT(h(0, 0), 0);
            EXPECT_GT(h.determinant(), 0);
        }
        if (name == "saddle" || name == "monkey_saddle")
            EXPECT_TRUE(s->minima.empty());
        else
            EXPECT_TRUE(anyGlobal);
    }
}

TEST(Builtins, ReferenceMinimaAsPrinted) {
    // The standard references' rounded values.
    auto camel = makeBuiltinSurface("six_hump_camel");
    ASSERT_GE(camel->minima.size(), 2u);
    EXPECT_NEAR(camel->minima[0].f, -1.0316, 1e-4);
    EXPECT_NEAR(std::abs(camel->minima[0].at.x()), 0.0898, 1e-4);
    EXPECT_NEAR(std::abs(camel->minima[0].at.y()), 0.7126, 1e-4);
    EXPECT_TRUE(camel->minima[0].global && camel->minima[1].global);

    auto gp = makeBuiltinSurface("goldstein_price");
    EXPECT_EQ(gp->minima[0].at, Eigen::Vector2d(0, -1));
    EXPECT_EQ(gp->value({0, -1}), 3);

    auto beale = makeBuiltinSurface("beale");
    EXPECT_EQ(beale->value({3, 0.5}), 0);
    auto booth = makeBuiltinSurface("booth");
    EXPECT_EQ(booth->value({1, 3}), 0);
    auto him = makeBuiltinSurface("himmelblau");
    EXPECT_EQ(him->minima.size(), 4u);
    EXPECT_EQ(him->value({3, 2}), 0);
    auto lin = makeBuiltinSurface("linreg");
    EXPECT_EQ(lin->value({0.5, 2}), 0);
    EXPECT_NEAR(makeBuiltinSurface("ackley")->value({0, 0}), 0, 1e-15);
}

TEST(Builtins, SimpleSurfacesHaveTheirFormulas) {
    Eigen::Vector2d p(0.7, -1.3);
    double x = p.x(), y = p.y();
    EXPECT_DOUBLE_EQ(makeBuiltinSurface("saddle")->value(p), x * x - y * y);
    EXPECT_DOUBLE_EQ(makeBuiltinSurface("monkey_saddle")->value(p), x * x * x - 3 * x * y * y);
    EXPECT_DOUBLE_EQ(makeBuiltinSurface("quadratic")->value(p), 0.5 * (x * x + 10 * y * y));
    EXPECT_DOUBLE_EQ(makeBuiltinSurface("double_well")->value(p), (x * x - 1) * (x * x - 1) + y * y);
    EXPECT_DOUBLE_EQ(makeBuiltinSurface("matyas")->value(p), 0.26 * (x * x + y * y) - 0.48 * x * y);
    EXPECT_DOUBLE_EQ(makeBuiltinSurface("rosenbrock")->value(p), (1 - x) * (1 - x) + 100 * std::pow(y - x * x, 2));
    EXPECT_DOUBLE_EQ(makeBuiltinSurface("rastrigin")->value(p),
                     20 + x * x - 10 * std::cos(2 * M_PI * x) + y * y - 10 * std::cos(2 * M_PI * y));
    double ackley = -20 * std::exp(-0.2 * std::sqrt(0.5 * (x * x + y * y))) -
                    std::exp(0.5 * (std::cos(2 * M_PI * x) + std::cos(2 * M_PI * y))) + 20 + std::exp(1.0);
    EXPECT_DOUBLE_EQ(makeBuiltinSurface("ackley")->value(p), ackley);
    double lin = 0;
    const double xs[] = {2, 4, 6, 8}, ys[] = {3, 4, 5, 6};
    for (int i = 0; i < 4; ++i) lin += std::pow(x * xs[i] + y - ys[i], 2) / 4;
    EXPECT_DOUBLE_EQ(makeBuiltinSurface("linreg")->value(p), lin);
}

TEST(Builtins, ParametersChangeTheFunctionAndItsMinima) {
    auto r = makeBuiltinSurface("rosenbrock", {{"a", 2}, {"b", 50}});
    EXPECT_EQ(r->value({2, 4}), 0);
    ASSERT_EQ(r->minima.size(), 1u);
    EXPECT_EQ(r->minima[0].at, Eigen::Vector2d(2, 4));
    EXPECT_DOUBLE_EQ(r->value({0, 0}), 4);
    EXPECT_DOUBLE_EQ(r->value({0, 1}), 4 + 50);
    EXPECT_LE(r->domain.xMin, 2);
    EXPECT_GE(r->domain.xMax, 2);
    EXPECT_GE(r->domain.yMax, 4);
    ASSERT_EQ(r->params.size(), 2u);
    EXPECT_EQ(r->params[0].name, "a");
    EXPECT_EQ(r->params[0].value, 2);
    EXPECT_EQ(r->params[1].name, "b");
    EXPECT_EQ(r->params[1].value, 50);

    auto q = makeBuiltinSurface("quadratic", {{"kappa", 25}});
    EXPECT_EQ(q->hessian({0.3, 0.4}), Eigen::Matrix2d(Eigen::Vector2d(1, 25).asDiagonal()));
    EXPECT_EQ(makeBuiltinSurface("quadratic")->params[0].value, 10);

    auto ra = makeBuiltinSurface("rastrigin", {{"A", 3}});
    EXPECT_DOUBLE_EQ(ra->value({0.5, 0}), 6 + (0.25 + 3) + (0 - 3));

    auto ac = makeBuiltinSurface("ackley", {{"a", 10}, {"b", 0.5}, {"c", 3}});
    double x = 0.4, y = -0.2;
    double expected = -10 * std::exp(-0.5 * std::sqrt(0.5 * (x * x + y * y))) -
                      std::exp(0.5 * (std::cos(3 * x) + std::cos(3 * y))) + 10 + std::exp(1.0);
    EXPECT_DOUBLE_EQ(ac->value({x, y}), expected);
    EXPECT_EQ(ac->params.size(), 3u);

    // Defaults are listed.
    auto d = makeBuiltinSurface("ackley");
    EXPECT_EQ(d->params[0].value, 20);
    EXPECT_EQ(d->params[1].value, 0.2);
    EXPECT_DOUBLE_EQ(d->params[2].value, 2 * M_PI);
    EXPECT_TRUE(makeBuiltinSurface("six_hump_camel")->params.empty());
}

TEST(Builtins, BadNamesAndParametersThrowInputErrorNamingThem) {
    try {
        makeBuiltinSurface("camel");
        FAIL() << "expected InputError";
    } catch (const InputError& e) {
        std::string msg = e.what();
        EXPECT_NE(msg.find("'camel'"), std::string::npos) << msg;
        for (const std::string& n : builtinSurfaceNames()) EXPECT_NE(msg.find(n), std::string::npos) << msg;
    }
    try {
        makeBuiltinSurface("rosenbrock", {{"c", 1}});
        FAIL() << "expected InputError";
    } catch (const InputError& e) {
        std::string msg = e.what();
        EXPECT_NE(msg.find("'c'"), std::string::npos) << msg;
        EXPECT_NE(msg.find("a, b"), std::string::npos) << msg;
    }
    try {
        makeBuiltinSurface("booth", {{"kappa", 1}});
        FAIL() << "expected InputError";
    } catch (const InputError& e) {
        std::string msg = e.what();
        EXPECT_NE(msg.find("'kappa'"), std::string::npos) << msg;
        EXPECT_NE(msg.find("no parameters"), std::string::npos) << msg;
    }
    EXPECT_THROW(makeBuiltinSurface("quadratic", {{"kappa", std::nan("")}}), InputError);
    EXPECT_THROW(makeBuiltinSurface("ackley", {{"A", 1}}), InputError); // names are case-sensitive
    EXPECT_THROW(makeBuiltinSurface(""), InputError);
}

TEST(Builtins, LinregBatchGradientAveragesPerSampleGradients) {
    auto s = makeBuiltinSurface("linreg");
    ASSERT_EQ(s->sampleCount(), 4);
    const double xs[] = {2, 4, 6, 8}, ys[] = {3, 4, 5, 6};
    Eigen::Vector2d p(-0.3, 1.1);

    // One sample: f_i = r², ∇f_i = 2r (x_i, 1).
    Eigen::Vector2d per[4];
    for (int i = 0; i < 4; ++i) {
        double r = p.x() * xs[i] + p.y() - ys[i];
        double fi = s->valueGradBatch(p, &i, 1, per[i]);
        EXPECT_DOUBLE_EQ(fi, r * r);
        EXPECT_DOUBLE_EQ(per[i].x(), 2 * r * xs[i]);
        EXPECT_DOUBLE_EQ(per[i].y(), 2 * r);
    }
    // A minibatch: the mean of its samples' gradients.
    const int idx[] = {3, 0, 2};
    Eigen::Vector2d g;
    s->valueGradBatch(p, idx, 3, g);
    Eigen::Vector2d mean = (per[3] + per[0] + per[2]) / 3;
    EXPECT_NEAR(g.x(), mean.x(), 1e-13 * mean.norm());
    EXPECT_NEAR(g.y(), mean.y(), 1e-13 * mean.norm());
    // The full batch is the surface's gradient; repeated indices count twice.
    const int all[] = {0, 1, 2, 3};
    Eigen::Vector2d gAll, gFull;
    EXPECT_DOUBLE_EQ(s->valueGradBatch(p, all, 4, gAll), s->valueGrad(p, gFull));
    EXPECT_EQ(gAll, gFull);
    const int twice[] = {1, 1};
    Eigen::Vector2d gTwice;
    s->valueGradBatch(p, twice, 2, gTwice);
    EXPECT_DOUBLE_EQ(gTwice.x(), per[1].x());
    // The minimum is exact: the line y = 0.5x + 2 passes through all four points.
    Eigen::Vector2d g0;
    EXPECT_EQ(s->valueGrad({0.5, 2}, g0), 0);
    EXPECT_EQ(g0, Eigen::Vector2d(0, 0));

    // Surfaces that are not finite sums have no samples.
    EXPECT_EQ(makeBuiltinSurface("six_hump_camel")->sampleCount(), 0);
}

TEST(Builtins, MetadataAndClones) {
    std::set<std::string> formulas;
    for (const std::string& name : builtinSurfaceNames()) {
        SCOPED_TRACE(name);
        auto s = makeBuiltinSurface(name);
        EXPECT_EQ(s->name, name);
        EXPECT_TRUE(s->expression.empty());
        EXPECT_FALSE(s->oneD);
        EXPECT_FALSE(s->formula.empty());
        formulas.insert(s->formula);
        EXPECT_LT(s->domain.xMin, s->domain.xMax);
        EXPECT_LT(s->domain.yMin, s->domain.yMax);
        EXPECT_GE(s->defaultStart.x(), s->domain.xMin);
        EXPECT_LE(s->defaultStart.x(), s->domain.xMax);
        EXPECT_GE(s->defaultStart.y(), s->domain.yMin);
        EXPECT_LE(s->defaultStart.y(), s->domain.yMax);
        // The default start is not already a critical point.
        Eigen::Vector2d g;
        s->valueGrad(s->defaultStart, g);
        EXPECT_GT(g.norm(), 1e-3);

        std::unique_ptr<Surface> c = s->clone();
        EXPECT_EQ(c->name, s->name);
        EXPECT_EQ(c->sampleCount(), s->sampleCount());
        Eigen::Vector2d p(0.37, -0.61), g1, g2;
        EXPECT_EQ(c->valueGrad(p, g1), s->valueGrad(p, g2));
        EXPECT_EQ(g1, g2);
        EXPECT_EQ(c->hessian(p), s->hessian(p));
    }
    EXPECT_EQ(formulas.size(), builtinSurfaceNames().size());
    EXPECT_EQ(makeBuiltinSurface("six_hump_camel")->formula, "(4 − 2.1x² + x⁴/3)x² + xy + (−4 + 4y²)y²");
    auto camel = makeBuiltinSurface("six_hump_camel");
    EXPECT_EQ(camel->domain.xMin, -3);
    EXPECT_EQ(camel->domain.xMax, 3);
    EXPECT_EQ(camel->domain.yMin, -2);
    EXPECT_EQ(camel->domain.yMax, 2);
}

} // namespace
} // namespace dh
