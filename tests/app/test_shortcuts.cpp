// The shortcut commands on queued key presses (app/shortcuts.h): what each key does, that repeats
// and modified keys do not act twice, and that a blank screen only wakes with its own keys.
#include "app/app_state.h"
#include "app/shortcuts.h"
#include "app/window.h"

#include <GLFW/glfw3.h>
#include <gtest/gtest.h>

using namespace dh;

namespace {

std::vector<KeyPress> taps(std::initializer_list<int> keys) {
    std::vector<KeyPress> out;
    for (int k : keys) out.push_back(KeyPress{k, 0, false});
    return out;
}

// A state whose runs are computed (the timeline's end is known).
void prepare(AppState& state) {
    syncSurface(state);
    syncDerived(state);
}

TEST(Shortcuts, ArrowsAndPagesStepTheTimelineEveryTap) {
    AppState state;
    prepare(state);
    handleShortcuts(state, taps({GLFW_KEY_R, GLFW_KEY_RIGHT, GLFW_KEY_RIGHT, GLFW_KEY_RIGHT, GLFW_KEY_PAGE_DOWN}));
    EXPECT_EQ(state.scene.playground.timeline, 4);
    handleShortcuts(state, taps({GLFW_KEY_LEFT, GLFW_KEY_PAGE_UP}));
    EXPECT_EQ(state.scene.playground.timeline, 2);
    handleShortcuts(state, taps({GLFW_KEY_LEFT, GLFW_KEY_LEFT, GLFW_KEY_LEFT}));
    EXPECT_EQ(state.scene.playground.timeline, 0) << "never before step 0";
    handleShortcuts(state, {KeyPress{GLFW_KEY_RIGHT, 0, true}, KeyPress{GLFW_KEY_RIGHT, 0, true}});
    EXPECT_EQ(state.scene.playground.timeline, 2) << "holding → keeps stepping";
}

TEST(Shortcuts, SpacePlaysAndPausesButARepeatDoesNotToggle) {
    AppState state;
    prepare(state);
    handleShortcuts(state, taps({GLFW_KEY_SPACE}));
    EXPECT_TRUE(state.scene.playground.playing);
    handleShortcuts(state, {KeyPress{GLFW_KEY_SPACE, 0, true}});
    EXPECT_TRUE(state.scene.playground.playing);
    handleShortcuts(state, taps({GLFW_KEY_SPACE}));
    EXPECT_FALSE(state.scene.playground.playing);
}

TEST(Shortcuts, PagesWalkThePresetsInTheGallery) {
    AppState state;
    prepare(state);
    state.ui.presets = loadPresets();
    ASSERT_GE(state.ui.presets.size(), 3u);
    state.ui.galleryShown = true;
    const int timeline = state.scene.playground.timeline;
    handleShortcuts(state, taps({GLFW_KEY_PAGE_DOWN}));
    EXPECT_EQ(state.ui.presetRequest, 0);
    openPreset(state, 0);
    handleShortcuts(state, taps({GLFW_KEY_PAGE_DOWN}));
    EXPECT_EQ(state.ui.presetRequest, 1);
    handleShortcuts(state, taps({GLFW_KEY_PAGE_UP}));
    EXPECT_EQ(state.ui.presetRequest, int(state.ui.presets.size()) - 1) << "from preset 1 back to the last";
    EXPECT_EQ(state.scene.playground.timeline, timeline) << "in the gallery the pages do not step";
}

TEST(Shortcuts, NumbersOpenPresetsAndKeepTheLecturersScaleAndTheme) {
    AppState state;
    state.ui.presets = loadPresets();
    handleShortcuts(state, taps({GLFW_KEY_3}));
    EXPECT_EQ(state.ui.presetRequest, 2);
    handleShortcuts(state, taps({GLFW_KEY_0}));
    EXPECT_EQ(state.ui.presetRequest, 9);
    state.scene.ui.scale = 1.75f;
    state.scene.ui.darkTheme = false;
    openPreset(state, 2);
    EXPECT_EQ(state.scene.title, state.ui.presets[2].scene.title);
    EXPECT_EQ(state.scene.ui.scale, 1.75f);
    EXPECT_FALSE(state.scene.ui.darkTheme);
    EXPECT_EQ(state.ui.currentPreset, 2);
}

TEST(Shortcuts, ABlankScreenWakesOnlyWithItsOwnKeys) {
    AppState state;
    prepare(state);
    handleShortcuts(state, taps({GLFW_KEY_B}));
    EXPECT_TRUE(state.ui.blank);
    handleShortcuts(state, taps({GLFW_KEY_SPACE, GLFW_KEY_RIGHT, GLFW_KEY_4, GLFW_KEY_P, GLFW_KEY_H}));
    EXPECT_FALSE(state.scene.playground.playing);
    EXPECT_EQ(state.ui.presetRequest, -1);
    EXPECT_FALSE(state.ui.presentation);
    EXPECT_FALSE(state.ui.showHelp);
    handleShortcuts(state, taps({GLFW_KEY_PERIOD}));
    EXPECT_FALSE(state.ui.blank);
    handleShortcuts(state, taps({GLFW_KEY_P, GLFW_KEY_H}));
    EXPECT_TRUE(state.ui.presentation);
    EXPECT_TRUE(state.ui.showHelp);
    handleShortcuts(state, taps({GLFW_KEY_ESCAPE}));
    EXPECT_FALSE(state.ui.presentation);
    EXPECT_FALSE(state.ui.showHelp);
}

TEST(Shortcuts, KeysWithControlOrAltAreNotCommands) {
    AppState state;
    prepare(state);
    handleShortcuts(state,
                    {KeyPress{GLFW_KEY_SPACE, GLFW_MOD_CONTROL, false}, KeyPress{GLFW_KEY_3, GLFW_MOD_ALT, false}});
    EXPECT_FALSE(state.scene.playground.playing);
    EXPECT_EQ(state.ui.presetRequest, -1);
}

TEST(Shortcuts, EveryCommandKeyIsKeptFromTheWidgets) {
    for (int k : {GLFW_KEY_SPACE, GLFW_KEY_LEFT, GLFW_KEY_RIGHT, GLFW_KEY_PAGE_UP, GLFW_KEY_PAGE_DOWN, GLFW_KEY_R,
                  GLFW_KEY_S, GLFW_KEY_F, GLFW_KEY_H, GLFW_KEY_P, GLFW_KEY_B, GLFW_KEY_PERIOD, GLFW_KEY_0, GLFW_KEY_9,
                  GLFW_KEY_KP_5, GLFW_KEY_ENTER, GLFW_KEY_TAB})
        EXPECT_TRUE(isCommandKey(k)) << k;
    for (int k : {GLFW_KEY_LEFT_CONTROL, GLFW_KEY_LEFT_SHIFT, GLFW_KEY_A, GLFW_KEY_BACKSPACE})
        EXPECT_FALSE(isCommandKey(k)) << k;
}

} // namespace
