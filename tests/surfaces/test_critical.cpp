// The critical-point finder (counts and types on surfaces whose critical points are known, every
// known minimum recovered) and the JSON reports of the `grad` and `critical` subcommands.
#include "core/surfaces/builtins.h"
#include "core/surfaces/critical.h"
#include "core/surfaces/report.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>

namespace dh {
namespace {

std::map<CriticalType, int> countTypes(const std::vector<CriticalPoint>& pts) {
    std::map<CriticalType, int> n;
    for (const CriticalPoint& p : pts) n[p.type]++;
    return n;
}

const CriticalPoint* nearest(const std::vector<CriticalPoint>& pts, const Eigen::Vector2d& at) {
    const CriticalPoint* best = nullptr;
    for (const CriticalPoint& p : pts)
        if (!best || (p.at - at).norm() < (best->at - at).norm()) best = &p;
    return best;
}

TEST(Critical, CamelHasFifteenCriticalPoints) {
    auto s = makeBuiltinSurface("six_hump_camel");
    auto pts = findCriticalPoints(*s);
    // 6 minima (2 global, 4 local), 2 maxima and 7 saddles on [−3, 3] × [−2, 2].
    ASSERT_EQ(pts.size(), 15u);
    auto n = countTypes(pts);
    EXPECT_EQ(n[CriticalType::Min], 6);
    EXPECT_EQ(n[CriticalType::Max], 2);
    EXPECT_EQ(n[CriticalType::Saddle], 7);
    EXPECT_EQ(n[CriticalType::Degenerate], 0);

    // Sorted by f: the two global minima first, x ascending among ties.
    EXPECT_EQ(pts[0].type, CriticalType::Min);
    EXPECT_EQ(pts[1].type, CriticalType::Min);
    EXPECT_NEAR(pts[0].f, -1.0316, 1e-4);
    EXPECT_NEAR(pts[1].f, -1.0316, 1e-4);
    EXPECT_NEAR(pts[0].at.x(), -0.0898, 1e-4);
    EXPECT_NEAR(pts[0].at.y(), 0.7126, 1e-4);
    EXPECT_NEAR(pts[1].at.x(), 0.0898, 1e-4);
    EXPECT_NEAR(pts[1].at.y(), -0.7126, 1e-4);
    for (size_t i = 1; i < pts.size(); ++i) EXPECT_LE(pts[i - 1].f, pts[i].f + 1e-9);

    // The origin is a saddle: H(0, 0) = [[8, 1], [1, −8]], eigenvalues ∓√65.
    const CriticalPoint* o = nearest(pts, {0, 0});
    ASSERT_NE(o, nullptr);
    EXPECT_LT(o->at.norm(), 1e-12);
    EXPECT_EQ(o->type, CriticalType::Saddle);
    EXPECT_NEAR(o->eigenvalues(0), -std::sqrt(65.0), 1e-12);
    EXPECT_NEAR(o->eigenvalues(1), std::sqrt(65.0), 1e-12);

    // The two maxima, symmetric under (x, y) → (−x, −y).
    std::vector<const CriticalPoint*> maxima;
    for (const CriticalPoint& p : pts)
        if (p.type == CriticalType::Max) maxima.push_back(&p);
    ASSERT_EQ(maxima.size(), 2u);
    EXPECT_NEAR((maxima[0]->at + maxima[1]->at).norm(), 0, 1e-9);
    EXPECT_NEAR(std::abs(maxima[0]->at.x()), 1.2302, 1e-4);

    for (const CriticalPoint& p : pts) {
        EXPECT_TRUE(p.smooth);
        EXPECT_LT(p.gradNorm, 1e-10);
        EXPECT_LE(p.eigenvalues(0), p.eigenvalues(1));
    }
}

TEST(Critical, HimmelblauHasFourMinimaOneMaximumFourSaddles) {
    auto s = makeBuiltinSurface("himmelblau");
    auto pts = findCriticalPoints(*s);
    ASSERT_EQ(pts.size(), 9u);
    auto n = countTypes(pts);
    EXPECT_EQ(n[CriticalType::Min], 4);
    EXPECT_EQ(n[CriticalType::Max], 1);
    EXPECT_EQ(n[CriticalType::Saddle], 4);
    // The maximum: (−0.270845, −0.923039), f = 181.617.
    const CriticalPoint& mx = pts.back();
    EXPECT_EQ(mx.type, CriticalType::Max);
    EXPECT_NEAR(mx.at.x(), -0.270845, 1e-6);
    EXPECT_NEAR(mx.at.y(), -0.923039, 1e-6);
    EXPECT_NEAR(mx.f, 181.617, 1e-3);
}

TEST(Critical, RecoversEveryKnownMinimum) {
    for (const std::string& name : builtinSurfaceNames()) {
        SCOPED_TRACE(name);
        auto s = makeBuiltinSurface(name);
        auto pts = findCriticalPoints(*s);
        for (const KnownMinimum& m : s->minima) {
            SCOPED_TRACE(::testing::Message() << "minimum (" << m.at.x() << ", " << m.at.y() << ")");
            const CriticalPoint* p = nearest(pts, m.at);
            ASSERT_NE(p, nullptr);
            EXPECT_LT((p->at - m.at).norm(), 1e-4);
            EXPECT_EQ(p->type, CriticalType::Min);
            EXPECT_NEAR(p->f, m.f, 1e-4 * (1 + std::abs(m.f)));
        }
        // Every point is inside the domain and has a finite value.
        for (const CriticalPoint& p : pts) {
            EXPECT_GE(p.at.x(), s->domain.xMin - 1e-9);
            EXPECT_LE(p.at.x(), s->domain.xMax + 1e-9);
            EXPECT_GE(p.at.y(), s->domain.yMin - 1e-9);
            EXPECT_LE(p.at.y(), s->domain.yMax + 1e-9);
            EXPECT_TRUE(std::isfinite(p.f));
        }
    }
}

TEST(Critical, SaddleOrigins) {
    auto saddle = findCriticalPoints(*makeBuiltinSurface("saddle"));
    ASSERT_EQ(saddle.size(), 1u);
    EXPECT_LT(saddle[0].at.norm(), 1e-12);
    EXPECT_EQ(saddle[0].type, CriticalType::Saddle);
    EXPECT_EQ(saddle[0].eigenvalues, Eigen::Vector2d(-2, 2));

    // x³ − 3xy²: H = 0 at the origin, a degenerate critical point (the monkey saddle).
    auto monkey = findCriticalPoints(*makeBuiltinSurface("monkey_saddle"));
    ASSERT_EQ(monkey.size(), 1u);
    EXPECT_LT(monkey[0].at.norm(), 1e-6);
    EXPECT_EQ(monkey[0].type, CriticalType::Degenerate);
    EXPECT_LT(monkey[0].eigenvalues.cwiseAbs().maxCoeff(), 1e-5);

    // The double well: two minima and the saddle between them.
    auto well = findCriticalPoints(*makeBuiltinSurface("double_well"));
    ASSERT_EQ(well.size(), 3u);
    EXPECT_EQ(well[2].type, CriticalType::Saddle);
    EXPECT_LT(well[2].at.norm(), 1e-12);
    EXPECT_EQ(well[2].f, 1);
}

TEST(Critical, GoldsteinPriceAndRastrigin) {
    auto gp = findCriticalPoints(*makeBuiltinSurface("goldstein_price"));
    EXPECT_EQ(countTypes(gp)[CriticalType::Min], 4); // global (0, −1) f = 3, local 30, 84, 840
    EXPECT_NEAR(gp[0].f, 3, 1e-9);

    // Rastrigin on [−5.12, 5.12]²: 21 critical abscissas per axis (11 minima, 10 maxima), so 441 points.
    auto ra = findCriticalPoints(*makeBuiltinSurface("rastrigin"));
    ASSERT_EQ(ra.size(), 441u);
    auto n = countTypes(ra);
    EXPECT_EQ(n[CriticalType::Min], 121);
    EXPECT_EQ(n[CriticalType::Max], 100);
    EXPECT_EQ(n[CriticalType::Saddle], 220);
    EXPECT_LT(ra[0].at.norm(), 1e-12);
    EXPECT_EQ(ra[0].f, 0);
}

TEST(Critical, AckleyCuspIsANonSmoothMinimum) {
    auto pts = findCriticalPoints(*makeBuiltinSurface("ackley"));
    ASSERT_FALSE(pts.empty());
    EXPECT_EQ(pts[0].at, Eigen::Vector2d(0, 0));
    EXPECT_EQ(pts[0].type, CriticalType::Min);
    EXPECT_FALSE(pts[0].smooth);
    EXPECT_TRUE(std::isnan(pts[0].eigenvalues(0)));
    for (size_t i = 1; i < pts.size(); ++i) EXPECT_TRUE(pts[i].smooth);
}

TEST(Critical, CustomDomainDropsOutsidePoints) {
    auto s = makeBuiltinSurface("six_hump_camel");
    Domain quadrant{0, 3, -2, 0};
    auto pts = findCriticalPoints(*s, quadrant);
    for (const CriticalPoint& p : pts) {
        EXPECT_GE(p.at.x(), -1e-9);
        EXPECT_LE(p.at.y(), 1e-9);
    }
    // The global minimum (0.0898, −0.7126), the local one (1.7036, −0.7961), the origin (on the edge)
    // and the saddle (1.1092, −0.7683).
    EXPECT_EQ(pts.size(), 4u);
    EXPECT_NEAR(pts[0].at.x(), 0.0898, 1e-4);
}

TEST(Critical, ClassifiesEigenvalues) {
    EXPECT_EQ(classifyEigenvalues({1, 2}, 1e-9), CriticalType::Min);
    EXPECT_EQ(classifyEigenvalues({-2, -1}, 1e-9), CriticalType::Max);
    EXPECT_EQ(classifyEigenvalues({-1, 1}, 1e-9), CriticalType::Saddle);
    EXPECT_EQ(classifyEigenvalues({0, 1}, 1e-9), CriticalType::Degenerate);
    EXPECT_EQ(classifyEigenvalues({-1, 1e-12}, 1e-9), CriticalType::Degenerate);
    EXPECT_STREQ(criticalTypeName(CriticalType::Min), "min");
    EXPECT_STREQ(criticalTypeName(CriticalType::Max), "max");
    EXPECT_STREQ(criticalTypeName(CriticalType::Saddle), "saddle");
    EXPECT_STREQ(criticalTypeName(CriticalType::Degenerate), "degenerate");
}

// f(x) = x³ − 3x, a surface of x alone: critical points x = ±1, found in 1D.
struct Cubic {
    template <class T>
    T operator()(const T& x, const T&) const {
        return ipow<3>(x) - 3 * x;
    }
};

TEST(Critical, OneDimensionalSurface) {
    ScalarSurface<Cubic> s;
    s.oneD = true;
    s.domain = {-2, 2, -1, 1};
    auto pts = findCriticalPoints(s);
    ASSERT_EQ(pts.size(), 2u);
    EXPECT_EQ(pts[0].type, CriticalType::Min);
    EXPECT_NEAR(pts[0].at.x(), 1, 1e-12);
    EXPECT_EQ(pts[0].at.y(), 0);
    EXPECT_NEAR(pts[0].eigenvalues(0), 6, 1e-12);
    EXPECT_EQ(pts[1].type, CriticalType::Max);
    EXPECT_NEAR(pts[1].at.x(), -1, 1e-12);

    nlohmann::json j = criticalReport(s, s.domain, pts);
    EXPECT_EQ(j["points"][0]["eigenvalues"].size(), 1u);
}

// (x − y)²: a whole line of minima, thinned to a dotted line of non-isolated degenerate points.
struct Valley {
    template <class T>
    T operator()(const T& x, const T& y) const {
        return ipow<2>(x - y);
    }
};
// x⁶ + y⁶: one very flat (degenerate) minimum, where Newton converges only linearly.
struct Flat {
    template <class T>
    T operator()(const T& x, const T& y) const {
        return ipow<6>(x) + ipow<6>(y);
    }
};

TEST(Critical, NonIsolatedAndVeryFlatCriticalPoints) {
    ScalarSurface<Valley> valley;
    valley.domain = {-3, 3, -3, 3};
    auto line = findCriticalPoints(valley);
    ASSERT_GE(line.size(), 10u);
    EXPECT_LE(line.size(), 64u); // about one per grid cell along the diagonal, not one per start
    for (const CriticalPoint& p : line) {
        EXPECT_NEAR(p.at.x(), p.at.y(), 1e-9);
        EXPECT_EQ(p.type, CriticalType::Degenerate);
        EXPECT_FALSE(p.isolated);
    }
    EXPECT_EQ(criticalReport(valley, valley.domain, line)["points"][0]["isolated"], false);

    ScalarSurface<Flat> flat;
    flat.domain = {-3, 3, -3, 3};
    auto one = findCriticalPoints(flat);
    ASSERT_EQ(one.size(), 1u);
    EXPECT_LT(one[0].at.norm(), 1e-6);
    EXPECT_EQ(one[0].type, CriticalType::Degenerate);
    EXPECT_TRUE(one[0].isolated);
}

// ---- reports ----

TEST(Report, GradReportForTheCamelAtZeroOne) {
    auto s = makeBuiltinSurface("six_hump_camel");
    nlohmann::json j = gradReport(*s, {0, 1});
    EXPECT_EQ(j["surface"], "six_hump_camel");
    EXPECT_EQ(j["x"], 0.0);
    EXPECT_EQ(j["y"], 1.0);
    EXPECT_EQ(j["f"], 0.0);
    EXPECT_EQ(j["grad"], nlohmann::json({1.0, 8.0}));
    EXPECT_EQ(j["hessian"], nlohmann::json({{8.0, 1.0}, {1.0, 40.0}}));
    EXPECT_FALSE(j.contains("params"));
    EXPECT_FALSE(j.contains("expression"));

    nlohmann::json r = gradReport(*makeBuiltinSurface("rosenbrock", {{"a", 2}}), {0.5, 0.25});
    EXPECT_EQ(r["params"]["a"], 2.0);
    EXPECT_EQ(r["params"]["b"], 100.0);
    EXPECT_EQ(r["f"], 2.25);
}

TEST(Report, CriticalReportLayout) {
    auto s = makeBuiltinSurface("himmelblau");
    Domain d{-5, 5, -5, 5};
    auto pts = findCriticalPoints(*s, d);
    nlohmann::json j = criticalReport(*s, d, pts);
    EXPECT_EQ(j["surface"], "himmelblau");
    EXPECT_EQ(j["domain"], nlohmann::json({-5.0, 5.0, -5.0, 5.0}));
    ASSERT_EQ(j["points"].size(), 9u);
    const nlohmann::json& p0 = j["points"][0];
    EXPECT_EQ(p0["type"], "min");
    EXPECT_EQ(p0["x"].get<double>(), pts[0].at.x());
    EXPECT_EQ(p0["y"].get<double>(), pts[0].at.y());
    EXPECT_EQ(p0["f"].get<double>(), pts[0].f);
    EXPECT_EQ(p0["eigenvalues"].size(), 2u);
    EXPECT_FALSE(p0.contains("smooth"));
    EXPECT_EQ(j["points"][8]["type"], "max");

    // Ackley's cusp: null eigenvalues and "smooth": false in the dumped text.
    auto ackley = makeBuiltinSurface("ackley");
    Domain small{-0.5, 0.5, -0.5, 0.5};
    nlohmann::json a = criticalReport(*ackley, small, findCriticalPoints(*ackley, small));
    std::string text = dumpJson(a);
    EXPECT_NE(text.find("\"eigenvalues\":[null,null]"), std::string::npos) << text;
    EXPECT_NE(text.find("\"smooth\":false"), std::string::npos) << text;
}

TEST(Report, NumbersHaveSeventeenSignificantDigits) {
    EXPECT_EQ(formatDouble17(0.1), "0.10000000000000001");
    EXPECT_EQ(formatDouble17(-1.0316284534898774), "-1.0316284534898774");
    EXPECT_EQ(formatDouble17(3.0), "3");
    EXPECT_EQ(formatDouble17(1e-300), "1e-300");
    EXPECT_EQ(formatDouble17(2.0 / 3), "0.66666666666666663");
    EXPECT_EQ(formatDouble17(std::nan("")), "nan");
    EXPECT_EQ(formatDouble17(-HUGE_VAL), "-inf");

    nlohmann::json j = {{"a", 0.1},
                        {"b", {1.0 / 3, std::nan(""), HUGE_VAL}},
                        {"c", "q\"uote"},
                        {"d", 7},
                        {"e", true},
                        {"f", nullptr},
                        {"g", nlohmann::json::object()},
                        {"h", nlohmann::json::array()}};
    // Not-finite numbers stay distinguishable: "nan", "inf", "-inf" (JSON has no such numbers).
    EXPECT_EQ(dumpJson(j), "{\"a\":0.10000000000000001,\"b\":[0.33333333333333331,\"nan\",\"inf\"],"
                           "\"c\":\"q\\\"uote\",\"d\":7,\"e\":true,\"f\":null,\"g\":{},\"h\":[]}");
    EXPECT_EQ(dumpJson(nlohmann::json::array({-HUGE_VAL})), "[\"-inf\"]");
    // Pretty form: same values, valid JSON.
    std::string pretty = dumpJson(j, 2);
    EXPECT_NE(pretty.find("\n  \"a\": 0.10000000000000001"), std::string::npos) << pretty;
    nlohmann::json back = nlohmann::json::parse(pretty);
    EXPECT_EQ(back["a"].get<double>(), 0.1);
    EXPECT_EQ(back["b"][0].get<double>(), 1.0 / 3);
    EXPECT_EQ(back["b"][1], "nan");
    EXPECT_EQ(back["c"], "q\"uote");

    // A whole report round-trips exactly.
    auto s = makeBuiltinSurface("beale");
    nlohmann::json r = gradReport(*s, {0.123456789, -1.987654321});
    nlohmann::json rb = nlohmann::json::parse(dumpJson(r, 1));
    for (int i = 0; i < 2; ++i) {
        EXPECT_EQ(rb["grad"][i].get<double>(), r["grad"][i].get<double>());
        for (int k = 0; k < 2; ++k) EXPECT_EQ(rb["hessian"][i][k].get<double>(), r["hessian"][i][k].get<double>());
    }
    EXPECT_EQ(rb["f"].get<double>(), r["f"].get<double>());
}

} // namespace
} // namespace dh

namespace dh {

// Issue 10, item 8: huge parameters and domains answer correctly or say why, never with thousands of
// false points.
TEST(Critical, HugeCurvatureGivesTheOneMinimumNotThousandsOfSaddles) {
    auto s = makeBuiltinSurface("quadratic", {{"kappa", 1e308}}); // f = 0.5(x² + κy²): one minimum at 0
    std::vector<CriticalPoint> points = findCriticalPoints(*s);
    ASSERT_EQ(points.size(), 1u);
    EXPECT_EQ(points[0].type, CriticalType::Min);
    EXPECT_EQ(points[0].at, Eigen::Vector2d(0, 0));
    EXPECT_EQ(points[0].eigenvalues(0), 1.0); // ∂²f/∂x² = 1; ∂²f/∂y² = κ overflows to inf in the dual numbers
    EXPECT_GT(points[0].eigenvalues(1), 1e307);
    EXPECT_EQ(classifyEigenvalues(Eigen::Vector2d(std::nan(""), 1), 1e-6), CriticalType::Degenerate);
}

TEST(Critical, ADomainTooLargeIsSaidSoAndAWideOneStillWorks) {
    auto camel = makeBuiltinSurface("six_hump_camel"); // default domain [-3, 3] × [-2, 2]
    for (const Domain& d : {Domain{-1e300, 1e300, -1e300, 1e300}, Domain{-1e308, 1e308, -1e308, 1e308},
                            Domain{-1e6, 1e6, -1e6, 1e6}, Domain{-200, 200, -100, 100}})
        EXPECT_NE(criticalDomainProblem(*camel, d).find("the domain is too large"), std::string::npos) << d.xMax;
    EXPECT_EQ(criticalDomainProblem(*camel, camel->domain), "");
    // Ten times the default in each direction is searched, and every one of the 15 points is found.
    const Domain wide{-30, 30, -20, 20};
    EXPECT_EQ(criticalDomainProblem(*camel, wide), "");
    EXPECT_EQ(findCriticalPoints(*camel, wide).size(), 15u);
    // f not finite almost everywhere: said so too.
    auto blowup = makeExprSurface("exp(exp(x^2 + y^2))");
    EXPECT_NE(criticalDomainProblem(*blowup, Domain{-20, 20, -20, 20}).find("not finite"), std::string::npos);
}

} // namespace dh
