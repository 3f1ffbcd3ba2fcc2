// State that must not outlive what it describes (issue 11): a preset's caption once its surface is
// changed or in another lab, the status line across labs, and the context version panels use to drop
// their reports (the "Tuned η" list).
#include "app/app_state.h"

#include <gtest/gtest.h>

using namespace dh;

namespace {

void frame(AppState& state) { // the part of drawFrame that notes the context
    syncSurface(state);
    forgetStaleState(state);
}

TEST(StaleState, ACaptionGoesWhenTheUserChangesTheSurface) {
    AppState state;
    state.ui.presets = loadPresets();
    openPreset(state, 1); // the camel's basins
    frame(state);
    ASSERT_FALSE(state.scene.caption.empty());
    const std::string caption = state.scene.caption;
    frame(state);
    EXPECT_EQ(state.scene.caption, caption) << "nothing changed: the caption stays";
    state.scene.surface.name = "himmelblau";
    frame(state);
    EXPECT_TRUE(state.scene.caption.empty()) << "the camel's caption is not Himmelblau's";
}

TEST(StaleState, ANewSceneKeepsItsOwnCaptionAndAnotherLabHidesIt) {
    AppState state;
    state.ui.presets = loadPresets();
    frame(state);
    openPreset(state, 2);
    frame(state);
    EXPECT_FALSE(state.scene.caption.empty()) << "a new scene's new surface is not a change by the user";
    EXPECT_EQ(state.ui.captionMode, LabMode::Playground);
    long before = state.ui.contextVersion;
    state.ui.statusMessage = "Tuned η: ...";
    state.scene.mode = LabMode::Fitting;
    frame(state);
    EXPECT_GT(state.ui.contextVersion, before);
    EXPECT_NE(state.scene.mode, state.ui.captionMode) << "the sidebar shows the caption only in its own lab";
    EXPECT_TRUE(state.ui.statusMessage.empty());
}

TEST(StaleState, OpeningAPresetClearsTheStatusLineAndMovesTheContext) {
    AppState state;
    state.ui.presets = loadPresets();
    frame(state);
    long before = state.ui.contextVersion;
    state.ui.statusMessage = "Tuned η:\nGD: η = 0.000209";
    openPreset(state, 0);
    frame(state);
    EXPECT_TRUE(state.ui.statusMessage.empty());
    EXPECT_GT(state.ui.contextVersion, before);
    long now = state.ui.contextVersion;
    frame(state);
    EXPECT_EQ(state.ui.contextVersion, now) << "an unchanged frame does not move it";
}

} // namespace
