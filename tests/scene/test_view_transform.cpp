#include "core/scene/view_transform.h"

#include <gtest/gtest.h>

using namespace dh;

TEST(ViewTransform, KeepsUnitAspectAndCentresTheDomain) {
    // A 6 × 4 domain in a 1000 × 1000 square: 1 unit = 1000/6 px; y widened to ±3 about 0.
    ViewTransform vt(Domain{-3, 3, -2, 2}, PixelRect{100, 50, 1000, 1000});
    EXPECT_NEAR(vt.pixelsPerUnit(), 1000.0 / 6.0, 1e-9);
    EXPECT_NEAR(vt.shown().yMin, -3, 1e-9);
    EXPECT_NEAR(vt.shown().yMax, 3, 1e-9);
    Eigen::Vector2d centre = vt.toPixel({0, 0});
    EXPECT_NEAR(centre.x(), 600, 1e-9);
    EXPECT_NEAR(centre.y(), 550, 1e-9);
    // Plane y grows upwards, pixel y downwards.
    EXPECT_LT(vt.toPixel({0, 1}).y(), centre.y());
}

TEST(ViewTransform, PixelAndPlaneAreInverse) {
    ViewTransform vt(Domain{-1.5, 4, 0.25, 2}, PixelRect{13, 7, 640, 480});
    for (Eigen::Vector2d p : {Eigen::Vector2d(0, 0), Eigen::Vector2d(3.2, 1.1), Eigen::Vector2d(-7, 9)}) {
        Eigen::Vector2d back = vt.toPlane(vt.toPixel(p));
        EXPECT_NEAR(back.x(), p.x(), 1e-12);
        EXPECT_NEAR(back.y(), p.y(), 1e-12);
    }
}

TEST(ViewTransform, ZoomKeepsThePointUnderTheMouse) {
    ViewTransform vt(Domain{-3, 3, -2, 2}, PixelRect{0, 0, 600, 400});
    Eigen::Vector2d mouse(150, 300);
    Eigen::Vector2d before = vt.toPlane(mouse);
    ViewTransform zoomed(vt.zoomedAt(mouse, 2.0), vt.rect());
    Eigen::Vector2d after = zoomed.toPlane(mouse);
    EXPECT_NEAR(after.x(), before.x(), 1e-12);
    EXPECT_NEAR(after.y(), before.y(), 1e-12);
    EXPECT_NEAR(zoomed.pixelsPerUnit(), 2 * vt.pixelsPerUnit(), 1e-9);
}

TEST(ViewTransform, PanMovesThePictureWithTheMouse) {
    ViewTransform vt(Domain{-3, 3, -2, 2}, PixelRect{0, 0, 600, 400});
    Eigen::Vector2d p(0.5, -0.25);
    Eigen::Vector2d px = vt.toPixel(p);
    ViewTransform panned(vt.panned({30, -20}), vt.rect());
    Eigen::Vector2d moved = panned.toPixel(p);
    EXPECT_NEAR(moved.x(), px.x() + 30, 1e-9);
    EXPECT_NEAR(moved.y(), px.y() - 20, 1e-9);
}

TEST(NiceTicks, StepsAreOneTwoFiveAndCoverTheRange) {
    std::vector<double> t = niceTicks(-3, 3, 6);
    ASSERT_FALSE(t.empty());
    EXPECT_DOUBLE_EQ(t.front(), -3);
    EXPECT_DOUBLE_EQ(t.back(), 3);
    EXPECT_DOUBLE_EQ(t[1] - t[0], 1);
    std::vector<double> small = niceTicks(0.011, 0.019, 4);
    ASSERT_GE(small.size(), 3u);
    EXPECT_NEAR(small[1] - small[0], 0.002, 1e-15);
    EXPECT_TRUE(niceTicks(1, 1, 5).empty());
}
