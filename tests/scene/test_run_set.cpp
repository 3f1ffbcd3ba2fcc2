#include "core/scene/run_set.h"

#include <gtest/gtest.h>

using namespace dh;

TEST(RunSet, RecomputesOnlyWhenAnInputChanges) {
    std::unique_ptr<Surface> surface = makeBuiltinSurface("quadratic");
    Playground p;
    p.runs = defaultRuns();
    p.steps = 50;
    RunSet set;
    EXPECT_TRUE(updateRuns(*surface, 1, p, set));
    EXPECT_FALSE(updateRuns(*surface, 1, p, set));
    p.timeline = 10; // only what is shown, not what is computed
    EXPECT_FALSE(updateRuns(*surface, 1, p, set));
    p.runs[2].optimizer.lr *= 2;
    EXPECT_TRUE(updateRuns(*surface, 1, p, set));
    EXPECT_TRUE(updateRuns(*surface, 2, p, set)); // a new surface
    ASSERT_EQ(set.runs.size(), p.runs.size());
    EXPECT_EQ(set.longest, 51);
}

TEST(RunSet, AGridOfStartsIsCappedInTotalWork) {
    std::unique_ptr<Surface> surface = makeBuiltinSurface("quadratic");
    Playground p;
    p.runs = defaultRuns(); // 6 runs
    p.startMode = StartMode::Grid;
    p.gridSize = kMaxGuiGrid; // 49 starts
    p.steps = kMaxGuiSteps;
    RunSet set;
    updateRuns(*surface, 1, p, set);
    long starts = long(p.runs.size()) * kMaxGuiGrid * kMaxGuiGrid;
    EXPECT_EQ(set.stepsPerRun, int(kMaxGuiWork / starts));
    EXPECT_LE(long(set.stepsPerRun) * starts, kMaxGuiWork);
    ASSERT_EQ(set.runs[0].trajectories.size(), size_t(kMaxGuiGrid * kMaxGuiGrid));
    p.startMode = StartMode::Shared;
    updateRuns(*surface, 1, p, set);
    EXPECT_EQ(set.stepsPerRun, kMaxGuiSteps); // 6 × 20000 is within the budget
}
