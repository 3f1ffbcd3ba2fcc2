// The Weights tab's numbers on hand-made parameters.
#include "core/lab/weight_stats.h"

#include <gtest/gtest.h>

using namespace dh;

TEST(WeightStats, NormsNearZeroCountsAndOneCommonScale) {
    nn::MlpConfig c;
    c.layers = {2, 2, 1};
    // W1 = [[1, −2e-4], [0, 0.5]], b1 = (9, 9) (ignored), W2 = [[−4, 2e-3]], b2 = (−9)
    Eigen::VectorXd p(2 * 2 + 2 + 2 + 1);
    p << 1, -2e-4, 0, 0.5, 9, 9, -4, 2e-3, -9;
    const WeightStats s = weightStats(c, p, 8);
    EXPECT_EQ(s.range, 4.0); // the largest weight, not the bias 9
    ASSERT_EQ(s.layers.size(), 2u);
    EXPECT_EQ(s.layers[0].count, 4);
    EXPECT_EQ(s.layers[0].nearZero, 2); // −2e-4 and 0
    EXPECT_DOUBLE_EQ(s.layers[0].l1, 1 + 2e-4 + 0.5);
    EXPECT_DOUBLE_EQ(s.layers[0].l2, 1 + 4e-8 + 0.25);
    EXPECT_EQ(s.layers[1].nearZero, 0); // 2e-3 is not within 1e-3
    EXPECT_DOUBLE_EQ(s.layers[1].l1, 4 + 2e-3);
    // bins of width 1 over [−4, 4]: −4 in bin 0; 1 in bin 5; 0.5, 0, −2e-4, 2e-3 in bins 4, 4, 3, 4
    EXPECT_EQ(s.layers[1].histogram[0], 1);
    EXPECT_EQ(s.layers[0].histogram[5], 1);
    EXPECT_EQ(s.layers[0].histogram[4], 2);
    EXPECT_EQ(s.layers[0].histogram[3], 1);
    int total = 0;
    for (const LayerWeightStats& l : s.layers)
        for (int h : l.histogram) total += h;
    EXPECT_EQ(total, 6);
}
