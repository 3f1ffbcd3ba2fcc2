// The graph lab's strip under the view: the backward sweep, node by node: play (2 steps a second), one
// step back or forward, the start, the whole sweep, and a slider over the steps.
#include "app/app_state.h"
#include "app/panels/panels.h"
#include "core/lab/graph_lab.h"

#include <algorithm>
#include <imgui.h>

namespace dh {
namespace {

constexpr double kStepsPerSecond = 2;

void advance(AppState& state, int shown, int count) {
    GraphLabSettings& g = state.scene.graph;
    double& carry = state.ui.panels.graphControls.carry;
    if (!g.playing) {
        carry = 0;
        return;
    }
    carry += kStepsPerSecond * state.ui.frameSeconds;
    const int steps = int(carry);
    carry -= steps;
    g.sweep = std::min(count, shown + steps);
    if (g.sweep >= count) g.playing = false;
}

} // namespace

void drawGraphControls(AppState& state) {
    GraphLab& lab = graphLab(state);
    if (!lab.ready()) {
        ImGui::TextDisabled("No graph: fix the function in the Graph tab.");
        return;
    }
    GraphLabSettings& g = state.scene.graph;
    const int count = lab.graph().backwardStepCount();
    advance(state, lab.sweep(g), count);
    const int shown = lab.sweep(g);
    const float h = ImGui::GetFrameHeight();
    if (ImGui::Button(g.playing ? "pause" : "▶ play", ImVec2(h * 3.2f, 0))) {
        if (!g.playing && shown >= count) g.sweep = 0;
        g.playing = !g.playing;
    }
    ImGui::SameLine();
    if (ImGui::Button("← step")) g.sweep = std::max(0, shown - 1), g.playing = false;
    ImGui::SameLine();
    if (ImGui::Button("step →")) g.sweep = std::min(count, shown + 1), g.playing = false;
    ImGui::SameLine();
    if (ImGui::Button("start")) g.sweep = 0, g.playing = false;
    ImGui::SameLine();
    if (ImGui::Button("all")) g.sweep = -1, g.playing = false;
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-h * 0.5f);
    int k = shown;
    if (ImGui::SliderInt("##sweep", &k, 0, count, "backward step %d")) {
        g.sweep = k >= count ? -1 : k;
        g.playing = false;
    }
}

} // namespace dh
