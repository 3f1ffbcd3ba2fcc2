#include "core/common/error.h"
#include "core/optim/schedule.h"

#include <gtest/gtest.h>

#include <cmath>

namespace dh {
namespace {

TEST(Schedule, ConstantIsTheBaseRate) {
    Schedule s;
    EXPECT_EQ(lrAt(s, 0.3, 0), 0.3);
    EXPECT_EQ(lrAt(s, 0.3, 12345), 0.3);
}

TEST(Schedule, StepLR) {
    Schedule s;
    s.kind = ScheduleKind::Step, s.stepSize = 3, s.gamma = 0.5;
    // torch StepLR(step_size=3, gamma=0.5): 1, 1, 1, 0.5, 0.5, 0.5, 0.25, ...
    const double expected[] = {1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.125};
    for (int t = 0; t < 10; ++t) EXPECT_DOUBLE_EQ(lrAt(s, 1.0, t), expected[t]) << t;
    EXPECT_DOUBLE_EQ(lrAt(s, 0.2, 4), 0.1);
}

TEST(Schedule, CosineAnnealingClosedForm) {
    Schedule s;
    s.kind = ScheduleKind::Cosine, s.tMax = 10, s.etaMin = 0.1;
    EXPECT_DOUBLE_EQ(lrAt(s, 1.0, 0), 1.0);
    EXPECT_DOUBLE_EQ(lrAt(s, 1.0, 5), 0.55); // halfway: (1 + 0.1) / 2
    EXPECT_DOUBLE_EQ(lrAt(s, 1.0, 10), 0.1);
    // 0.1 + 0.9 (1 + cos(π·2/10)) / 2
    EXPECT_DOUBLE_EQ(lrAt(s, 1.0, 2), 0.1 + 0.9 * (1 + std::cos(3.14159265358979323846 * 0.2)) / 2);
    // past T_max the cosine climbs again, as torch's closed form does
    EXPECT_DOUBLE_EQ(lrAt(s, 1.0, 20), 1.0);
}

TEST(Schedule, LinearWarmupFromZero) {
    Schedule s;
    s.kind = ScheduleKind::Warmup, s.warmupSteps = 4;
    EXPECT_EQ(lrAt(s, 0.8, 0), 0.0);
    EXPECT_DOUBLE_EQ(lrAt(s, 0.8, 1), 0.2);
    EXPECT_DOUBLE_EQ(lrAt(s, 0.8, 3), 0.6);
    EXPECT_EQ(lrAt(s, 0.8, 4), 0.8);
    EXPECT_EQ(lrAt(s, 0.8, 100), 0.8);
}

TEST(Schedule, NamesAndValidation) {
    for (ScheduleKind k : allScheduleKinds()) EXPECT_EQ(parseScheduleKind(scheduleName(k)), k);
    EXPECT_STREQ(scheduleName(ScheduleKind::Cosine), "cosine");
    EXPECT_THROW(parseScheduleKind("exponential"), InputError);
    try {
        parseScheduleKind("exp");
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("warmup"), std::string::npos);
    }

    Schedule s;
    s.kind = ScheduleKind::Step, s.stepSize = 0;
    ASSERT_EQ(validate(s).size(), 1u);
    EXPECT_EQ(validate(s)[0].field, "step-size");
    s.stepSize = 2, s.gamma = -1;
    EXPECT_EQ(validate(s)[0].field, "gamma");
    s = Schedule{};
    s.kind = ScheduleKind::Cosine, s.tMax = 0;
    EXPECT_EQ(validate(s)[0].field, "t-max");
    s.tMax = 5, s.etaMin = -0.1;
    EXPECT_EQ(validate(s)[0].field, "eta-min");
    s = Schedule{};
    s.kind = ScheduleKind::Warmup, s.warmupSteps = 0;
    EXPECT_EQ(validate(s)[0].field, "warmup-steps");
    EXPECT_TRUE(validate(Schedule{}).empty());
}

} // namespace
} // namespace dh
