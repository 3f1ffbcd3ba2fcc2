// Keys and run controls in the real window: the real downhill binary under this test's Xvfb, driven by real X events
// through xdotool (key taps of 0 ms, as a presenter's remote or a fast typist sends them). After
// clicks in the sidebar (a slider, a run's header, its optimizer list) the command keys must still
// act as commands and never reach a widget: no setting of any run changes. The scene is read back
// from the autosave written on SIGTERM.
#include "core/scene/scene_json.h"
#include "render_helpers.h"

#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace dh;
using namespace dh::test;

namespace {

// Runs a shell command; true when it exits 0.
bool sh(const std::string& command) {
    return std::system(command.c_str()) == 0;
}

void pause(int ms) {
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
}

// The GUI in the background, with its own state folder (autosave, recent files).
class Gui {
public:
    Gui(const std::string& scene, const std::string& stateDir) {
        m_pid = fork();
        if (m_pid == 0) {
            setenv("XDG_STATE_HOME", stateDir.c_str(), 1);
            execl(DOWNHILL_EXE, DOWNHILL_EXE, "--scene", scene.c_str(), (char*)nullptr);
            _exit(127);
        }
    }
    ~Gui() {
        if (m_pid > 0) stop();
    }
    // SIGTERM: the app saves the scene and ends as the signal would.
    void stop() {
        kill(m_pid, SIGTERM);
        int status = 0;
        waitpid(m_pid, &status, 0);
        m_pid = -1;
    }

private:
    pid_t m_pid = -1;
};

// Clicks at window pixel (x, y): the window is at the screen's origin (Xvfb has no window manager to
// move it). The pointer moves there first, then clicks, as a hand does.
void click(int x, int y) {
    ASSERT_TRUE(sh("xdotool mousemove " + std::to_string(x) + " " + std::to_string(y)));
    pause(150);
    ASSERT_TRUE(sh("xdotool click 1"));
    pause(300);
}

// Key taps with no time between press and release, one xdotool call each: GLFW 3.3 on X11 drops a
// second press of the same key carrying the same X timestamp (the same millisecond), which only a
// program sending keys can produce.
void keys(const std::string& names) {
    size_t i = 0;
    while (i < names.size()) {
        size_t j = names.find(' ', i);
        if (j == std::string::npos) j = names.size();
        ASSERT_TRUE(sh("xdotool key --delay 0 " + names.substr(i, j - i)));
        i = j + 1;
    }
    pause(300);
}

struct Pixel {
    int x, y;
};
// Window pixels at UI scale 1 in the 1600 × 900 window, for the test's scene (no caption). A change to
// the sidebar above the runs moves them: take a screenshot and measure again.
constexpr Pixel kNoiseSliderLeft{12, 179}; // the noise σ slider's left end (σ = 0)
constexpr Pixel kRunHeader{132, 310};      // the first run's header (opens it)
constexpr Pixel kOptimizerCombo{158, 365}; // its optimizer list, once open
constexpr Pixel kEmptySidebar{150, 700};   // below the runs (closes the list)
constexpr Pixel kEtaField{128, 391};       // its η field

} // namespace

TEST(Keys, CommandKeysNeverChangeARunsSettingAfterClicksInTheSidebar) {
    if (!sh("command -v xdotool >/dev/null")) GTEST_FAIL() << "xdotool is needed (scripts/setup.sh installs it)";
    const std::string scene = tempPath("keys.json");
    std::ofstream(scene) << R"({"surface": {"name": "six_hump_camel"}, "playground": {"steps": 200, "runs": [
        {"label": "Newton", "optimizer": "newton", "lr": 0.5},
        {"label": "GD", "optimizer": "sgd", "lr": 0.02}]}})";
    const std::string stateDir = tempPath("state");
    ASSERT_TRUE(sh("mkdir -p " + stateDir));
    Gui gui(scene, stateDir);
    ASSERT_TRUE(sh("timeout 20 xdotool search --sync --name '^Downhill' >/dev/null"));
    pause(1500);

    // Positions in the 1600 × 900 window at UI scale 1 (the sidebar is 400 pixels wide).
    click(kNoiseSliderLeft.x, kNoiseSliderLeft.y); // the noise σ slider at its left end: σ stays 0
    keys("Right Right Right space space Left Up Down");
    click(kRunHeader.x, kRunHeader.y);           // opens the Newton run
    click(kOptimizerCombo.x, kOptimizerCombo.y); // opens its optimizer list
    keys("space space Down Down Return space space Right Right Return");
    click(kEmptySidebar.x, kEmptySidebar.y); // closes the list (a click on an item would choose it)
    click(kEtaField.x, kEtaField.y);         // a click (no drag) on the η field
    keys("Right Left space space period period b b Tab space Up");
    keys("r Right Right Right Right Right Right Right"); // reset, then 7 steps: every 0 ms tap counts
    gui.stop();

    Scene saved = loadScene(stateDir + "/downhill/autosave.json", nullptr);
    const Playground& p = saved.playground;
    EXPECT_EQ(p.timeline, 7) << "seven 0 ms taps of → after R";
    EXPECT_FALSE(p.playing);
    EXPECT_EQ(p.noiseSigma, 0.0);
    ASSERT_EQ(p.runs.size(), 2u);
    EXPECT_EQ(p.runs[0].optimizer.kind, OptimizerKind::Newton);
    EXPECT_EQ(p.runs[0].optimizer.lr, 0.5);
    EXPECT_EQ(p.runs[0].label, "Newton");
    EXPECT_EQ(p.runs[1].optimizer.kind, OptimizerKind::Sgd);
    EXPECT_EQ(p.runs[1].optimizer.lr, 0.02);
    EXPECT_EQ(p.runs[1].optimizer.momentum, 0.0);
    EXPECT_EQ(p.runs[1].noiseSigma, -1.0);
}

// The run controls keep a run consistent, driven by the mouse in the real window: ticking Nesterov on a
// run with β = 0 sets β = 0.9 and unticking gives β = 0 back; the label follows the optimizer settings
// (GD → Nesterov → GD → Adam) because the user never typed one; another optimizer takes its torch
// defaults, η included.
TEST(Keys, RunControlsKeepARunConsistent) {
    if (!sh("command -v xdotool >/dev/null")) GTEST_FAIL() << "xdotool is needed (scripts/setup.sh installs it)";
    const std::string scene = tempPath("controls.json");
    std::ofstream(scene) << R"({"surface": {"name": "six_hump_camel"}, "playground": {"steps": 200, "runs": [
        {"label": "GD", "optimizer": "sgd", "lr": 0.02}]}})";
    const std::string stateDir = tempPath("controls-state");
    ASSERT_TRUE(sh("mkdir -p " + stateDir));
    const std::string autosave = stateDir + "/downhill/autosave.json";
    Gui gui(scene, stateDir);
    ASSERT_TRUE(sh("timeout 20 xdotool search --sync --name '^Downhill' >/dev/null"));
    pause(1500);
    ASSERT_TRUE(sh("xdotool mousemove 800 300")); // the first event wakes the first frames under Xvfb
    pause(500);

    const Pixel nesterov{40, 445}; // the Nesterov box of the open SGD run
    const Pixel adamItem{53, 455}; // "adam" in the open optimizer list
    click(kRunHeader.x, kRunHeader.y);
    click(nesterov.x, nesterov.y);
    pause(6000); // the autosave runs every 5 s
    Scene ticked = loadScene(autosave, nullptr);
    ASSERT_EQ(ticked.playground.runs.size(), 1u);
    EXPECT_TRUE(ticked.playground.runs[0].optimizer.nesterov);
    EXPECT_EQ(ticked.playground.runs[0].optimizer.momentum, 0.9);
    EXPECT_EQ(ticked.playground.runs[0].label, "Nesterov");

    click(nesterov.x, nesterov.y);
    pause(6000);
    Scene unticked = loadScene(autosave, nullptr);
    EXPECT_FALSE(unticked.playground.runs[0].optimizer.nesterov);
    EXPECT_EQ(unticked.playground.runs[0].optimizer.momentum, 0.0) << "β from before Nesterov";
    EXPECT_EQ(unticked.playground.runs[0].label, "GD");
    EXPECT_EQ(unticked.playground.runs[0].optimizer.lr, 0.02);

    click(kOptimizerCombo.x, kOptimizerCombo.y);
    click(adamItem.x, adamItem.y);
    gui.stop();
    Scene adam = loadScene(autosave, nullptr);
    EXPECT_EQ(adam.playground.runs[0].optimizer.kind, OptimizerKind::Adam);
    EXPECT_EQ(adam.playground.runs[0].label, "Adam");
    EXPECT_EQ(adam.playground.runs[0].optimizer.lr, torchDefaults(OptimizerKind::Adam).lr);
    EXPECT_EQ(adam.playground.runs[0].optimizer.beta2, torchDefaults(OptimizerKind::Adam).beta2);
}
