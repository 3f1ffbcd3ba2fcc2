// Loss-landscape slices: filter normalization, PCA directions and projections, grid values.
#include "core/common/error.h"
#include "core/nn/init.h"
#include "core/nn/landscape.h"

#include <gtest/gtest.h>

namespace {

using namespace dh::nn;
using VectorD = Eigen::VectorXd;

MlpConfig smallNet() {
    MlpConfig c;
    c.layers = {2, 4, 3};
    c.activation = Activation::Tanh;
    c.loss = LossKind::CrossEntropy;
    return c;
}

NetData<double> smallData() {
    NetData<double> d;
    d.X.resize(6, 2);
    d.X << 0, 1, 1, 0, 1, 1, -1, 0, 0.5, -0.5, -1, -1;
    d.Y.resize(6, 1);
    d.Y << 0, 1, 2, 0, 1, 2;
    d.classes = 3;
    return d;
}

TEST(Landscape, FilterNormalizedDirectionsMatchRowNormsAndZeroBiases) {
    MlpConfig c = smallNet();
    VectorD theta;
    initializeParams(c, InitScheme::Xavier, 3, theta);
    theta[0] = theta[1] = 0; // a zero row of W1 (unit 0) gives a zero row of d
    VectorD d1 = filterNormalizedDirection<double>(c, theta, 9, 0);
    VectorD d2 = filterNormalizedDirection<double>(c, theta, 9, 1);
    EXPECT_EQ(d1, filterNormalizedDirection<double>(c, theta, 9, 0)); // seeded
    EXPECT_GT((d1 - d2).norm(), 0.1);
    for (const LayerSlice& s : layerSlices(c)) {
        for (int r = 0; r < s.out; ++r) {
            const Eigen::Index o = s.weightOffset + Eigen::Index(r) * s.in;
            EXPECT_NEAR(d1.segment(o, s.in).norm(), theta.segment(o, s.in).norm(), 1e-12);
            EXPECT_NEAR(d2.segment(o, s.in).norm(), theta.segment(o, s.in).norm(), 1e-12);
        }
        EXPECT_EQ(d1.segment(s.biasOffset, s.out).norm(), 0);
    }
    EXPECT_EQ(d1.head(2).norm(), 0);
}

TEST(Landscape, PcaFindsThePlaneOfATrajectoryAndProjectsIt) {
    const Eigen::Index n = 23;
    VectorD theta = VectorD::LinSpaced(n, -1, 1);
    VectorD u = VectorD::Zero(n), v = VectorD::Zero(n);
    u[2] = 0.6, u[7] = 0.8;
    v[4] = 1;
    std::vector<VectorD> traj;
    std::vector<Eigen::Vector2d> coords;
    for (int i = 0; i <= 10; ++i) {
        double t = 3.0 - 0.3 * i, s = 0.5 * std::sin(0.9 * i); // large along u, smaller along v
        traj.push_back(theta + t * u + s * v);
        coords.emplace_back(t, s);
    }
    VectorD d1, d2;
    double e1, e2;
    pcaDirections<double>(traj, theta, d1, d2, e1, e2);
    // both lie in the plane of u and v (t and s are correlated, so the axes are rotated within it)
    EXPECT_NEAR(std::hypot(d1.dot(u), d1.dot(v)), 1, 1e-9);
    EXPECT_NEAR(std::hypot(d2.dot(u), d2.dot(v)), 1, 1e-9);
    EXPECT_GT(std::abs(d1.dot(u)), 0.99); // mostly along the long axis
    EXPECT_NEAR(d1.dot(d2), 0, 1e-12);
    EXPECT_GT(e1, e2);
    EXPECT_NEAR(e1 + e2, 1, 1e-9);

    // lossLandscape projects the path onto the same plane
    MlpConfig c;
    c.layers = {1, 1};
    c.activation = Activation::Linear;
    NetData<double> d;
    d.X.resize(4, 1);
    d.X << 2, 4, 6, 8;
    d.Y.resize(4, 1);
    d.Y << 3, 4, 5, 6;
    std::vector<VectorD> path2;
    VectorD th(2);
    th << 0.5, 2;
    for (int i = 0; i <= 8; ++i)
        path2.push_back(th + VectorD::Constant(2, 0.1 * i) + VectorD::Unit(2, 0) * 0.02 * i * i);
    LandscapeOptions o;
    o.directions = LandscapeDirections::Pca;
    o.resolution = 5;
    o.fitTrajectory = true;
    LandscapeSlice<double> slice = lossLandscape<double>(c, {}, d, th, path2, o);
    ASSERT_EQ(slice.path.size(), path2.size());
    for (size_t i = 0; i < path2.size(); ++i) {
        VectorD back = th + slice.path[i].x() * slice.d1 + slice.path[i].y() * slice.d2;
        EXPECT_LT((back - path2[i]).norm(), 1e-10); // 2 parameters: the plane is everything
    }
    for (const Eigen::Vector2d& q : slice.path) {
        EXPECT_GE(q.x(), slice.aMin);
        EXPECT_LE(q.x(), slice.aMax);
        EXPECT_GE(q.y(), slice.bMin);
        EXPECT_LE(q.y(), slice.bMax);
    }
    // every grid value is the objective at θ + a d1 + b d2 (the lecture's regression: mean squared error)
    for (int j = 0; j < 5; ++j)
        for (int i = 0; i < 5; ++i) {
            VectorD p = th + slice.a(i) * slice.d1 + slice.b(j) * slice.d2;
            Eigen::Array4d r = p[0] * d.X.col(0).array() + p[1] - d.Y.col(0).array();
            EXPECT_NEAR(slice.at(i, j), r.square().mean(), 1e-12);
        }
}

TEST(Landscape, StraightPathGetsAnOrthogonalSecondDirection) {
    VectorD theta = VectorD::Zero(5);
    std::vector<VectorD> traj;
    for (int i = 0; i < 4; ++i) traj.push_back(VectorD::Unit(5, 1) * i);
    VectorD d1, d2;
    double e1, e2;
    pcaDirections<double>(traj, theta, d1, d2, e1, e2);
    EXPECT_NEAR(std::abs(d1[1]), 1, 1e-12);
    EXPECT_NEAR(d1.dot(d2), 0, 1e-12);
    EXPECT_NEAR(d2.norm(), 1, 1e-12);
    EXPECT_NEAR(e1, 1, 1e-12);
    EXPECT_EQ(e2, 0);
}

TEST(Landscape, RandomSliceCentreIsTheCurrentObjective) {
    MlpConfig c = smallNet();
    NetData<double> d = smallData();
    VectorD theta;
    initializeParams(c, InitScheme::Xavier, 5, theta);
    Regularization reg{0.01, 0.02};
    LandscapeOptions o;
    o.resolution = 3; // a = b = 0 is the centre cell
    LandscapeSlice<double> s = lossLandscape<double>(c, reg, d, theta, {}, o);
    TrainOptions to;
    to.regularization = reg;
    Trainer<double> t(c, to, d);
    t.restart(theta);
    EXPECT_NEAR(s.at(1, 1), t.trainObjective(), 1e-12);
    EXPECT_TRUE(std::isnan(s.explained1));
    EXPECT_LE(s.minLoss, s.at(1, 1));
    EXPECT_GE(s.maxLoss, s.at(1, 1));
    EXPECT_EQ(s.loss.size(), 9u);

    o.resolution = 1;
    EXPECT_THROW(lossLandscape<double>(c, reg, d, theta, {}, o), dh::InputError);
    o.resolution = 3;
    o.directions = LandscapeDirections::Pca;
    EXPECT_THROW(lossLandscape<double>(c, reg, d, theta, {theta}, o), dh::InputError);

    std::atomic<bool> cancel{true};
    o.directions = LandscapeDirections::FilterNormalized;
    o.cancel = &cancel;
    EXPECT_TRUE(lossLandscape<double>(c, reg, d, theta, {}, o).cancelled);
}

} // namespace
