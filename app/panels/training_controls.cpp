// The strip under the network view: play / pause, one step (or ten, or an epoch), reset, a speed limit
// for watching, and where training is: step, epoch, steps per second, or why it stopped.
#include "app/app_state.h"
#include "app/panels/panels.h"

#include <algorithm>
#include <cstdio>
#include <imgui.h>

namespace dh {

void drawTrainingControls(AppState& state) {
    NetworkLab& lab = networkLab(state);
    const NetworkLab::Snapshot* snap = lab.snapshot();
    const float h = ImGui::GetFrameHeight();
    if (!snap || !lab.hasNetwork()) {
        ImGui::AlignTextToFramePadding();
        ImGui::TextDisabled("%s", lab.loading() ? (lab.loadStatus().what + "…").c_str() : "no network to train");
        return;
    }
    const bool running = snap->running;
    if (ImGui::Button(running ? "▮▮ pause" : "▶ play", ImVec2(h * 3.6f, 0))) running ? lab.pause() : lab.play();
    ImGui::SameLine();
    if (ImGui::Button("step")) lab.step(1);
    ImGui::SameLine();
    if (ImGui::Button("+10")) lab.step(10);
    ImGui::SameLine();
    const long rows = long(lab.trainData().size()), batch = lab.batchSize();
    const long perEpoch = batch > 0 ? std::max(1L, (rows + batch - 1) / batch) : 1;
    if (ImGui::Button("+epoch")) lab.step(perEpoch);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%ld steps: one pass over the training set", perEpoch);
    ImGui::SameLine();
    if (ImGui::Button("reset")) lab.reset();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("back to the initial weights, step 0");
    ImGui::SameLine();

    static const double speeds[] = {10, 30, 100, 300, 1000, 0};
    static const char* names[] = {"10 steps/s",  "30 steps/s",   "100 steps/s",
                                  "300 steps/s", "1000 steps/s", "full speed"};
    int current = 5;
    for (int i = 0; i < 6; ++i)
        if (speeds[i] == lab.speedLimit()) current = i;
    ImGui::SetNextItemWidth(h * 5.5f);
    if (ImGui::Combo("##speed", &current, names, 6)) lab.setSpeedLimit(speeds[current]);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("a speed limit for watching the network learn");
    ImGui::SameLine();

    ImGui::AlignTextToFramePadding();
    char rate[48] = "";
    if (running && lab.stepsPerSecond() > 0) std::snprintf(rate, sizeof rate, "   %.0f steps/s", lab.stepsPerSecond());
    ImGui::Text("step %ld   epoch %ld%s", snap->step, snap->epoch, rate);
    ImGui::SameLine();
    if (snap->diverged)
        ImGui::TextColored(ImVec4(1, 0.4f, 0.3f, 1), "   diverged at step %ld", snap->divergedAtStep);
    else if (lab.target() > 0)
        ImGui::TextDisabled("   training to the scene's step %ld…", lab.target());
    else if (running)
        ImGui::TextDisabled("   training");
    else
        ImGui::TextDisabled("   paused");
}

} // namespace dh
