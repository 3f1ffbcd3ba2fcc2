// The timeline: play/pause, one step, reset, speed, and a slider that scrubs to any step, backwards
// included. The trajectories are computed whole; the timeline only chooses how much of them to show.
#include "app/app_state.h"
#include "app/panels/panels.h"

#include <algorithm>
#include <cmath>
#include <imgui.h>

namespace dh {
namespace {

// While playing, move the shown step forward by speed × frame time; stop at the end.
void advanceTimeline(AppState& state) {
    Playground& p = state.scene.playground;
    int last = std::max(0, state.derived.runs.longest - 1);
    if (!p.playing) {
        state.ui.timelinePosition = shownStep(state);
        return;
    }
    state.ui.timelinePosition = std::min(double(last), state.ui.timelinePosition + p.speed * state.ui.frameSeconds);
    p.timeline = int(state.ui.timelinePosition);
    if (p.timeline >= last) p.playing = false;
}

} // namespace

void drawTimeline(AppState& state) {
    Playground& p = state.scene.playground;
    advanceTimeline(state);
    int last = std::max(0, state.derived.runs.longest - 1);
    int t = shownStep(state);
    float h = ImGui::GetFrameHeight();
    if (ImGui::Button(p.playing ? "pause" : "▶ play", ImVec2(h * 3.2f, 0))) {
        if (!p.playing && t >= last) { // play from the start again
            p.timeline = 0;
            state.ui.timelinePosition = 0;
        }
        p.playing = !p.playing;
        if (p.playing && p.timeline < 0) p.timeline = 0, state.ui.timelinePosition = 0;
    }
    ImGui::SameLine();
    if (ImGui::Button("step →")) {
        p.playing = false;
        p.timeline = std::min(last, t + 1);
    }
    ImGui::SameLine();
    if (ImGui::Button("reset")) {
        p.playing = false;
        p.timeline = 0;
    }
    ImGui::SameLine();
    ImGui::SetNextItemWidth(h * 5);
    float speed = float(p.speed);
    if (ImGui::SliderFloat("##speed", &speed, 1, 2000, "%.0f steps/s", ImGuiSliderFlags_Logarithmic)) p.speed = speed;
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-h * 0.5f);
    int shown = t;
    if (ImGui::SliderInt("##timeline", &shown, 0, last, "step %d")) {
        p.timeline = shown >= last ? -1 : shown;
        p.playing = false;
    }
}

} // namespace dh
