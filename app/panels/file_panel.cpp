// The File tab: open and save scenes (the file browser, a typed path, recent files, all absolute), screenshots at
// 1×/2×/4× of the window or the plot, an animated GIF of the runs, and CSVs of the trajectories. Exports run between
// frames (app/exports.h); their outcome shows in the sidebar's status line.
#include "app/app_state.h"
#include "app/gfx/widgets.h"
#include "app/panels/panels.h"
#include "core/common/error.h"
#include "core/common/paths.h"
#include "core/scene/scene_json.h"
#include "core/scene/session_store.h"

#include <imgui.h>
#include <imgui_stdlib.h>

namespace dh {
namespace {

void browse(AppState& state, FileBrowserState::Purpose purpose) {
    FileBrowserState& b = state.ui.panels.fileBrowser;
    b.open = true;
    b.purpose = purpose;
    b.stale = true;
}

void sceneFiles(AppState& state) {
    if (ImGui::Button("open…")) browse(state, FileBrowserState::Purpose::Open);
    ImGui::SameLine();
    if (ImGui::Button("save as…")) browse(state, FileBrowserState::Purpose::Save);
    ImGui::SameLine();
    ImGui::TextDisabled("(or type a path:)");
    std::string& draft = state.ui.panels.file.pathDraft;
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##path", "scene file, e.g. my-run.json or a Downhill PNG", &draft);
    bool hasPath = !draft.empty();
    if (ImGui::Button("open") && hasPath) openSceneFile(state, draft);
    ImGui::SameLine();
    if (ImGui::Button("save") && hasPath) {
        try {
            const std::string path = absolutePath(draft);
            saveScene(path, sceneToSave(state));
            state.ui.statusMessage = "Saved " + path;
            if (state.ui.recent) state.ui.recent->add(path);
        } catch (const std::exception& e) { // a directory, a device, a full disk: say so, keep going
            state.ui.statusMessage = "Not saved: " + messageFor(e);
        }
    }
    if (state.ui.recent && !state.ui.recent->files().empty()) {
        ImGui::TextDisabled("recent:");
        std::vector<std::string> files = state.ui.recent->files(); // opening reorders the list
        for (const std::string& f : files) {                       // the name first: a long folder is cut at the edge
            ImGui::PushID(f.c_str());
            bool chosen = ImGui::Selectable(fileName(f).c_str(), false, ImGuiSelectableFlags_AllowItemOverlap);
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", f.c_str());
            ImGui::SameLine();
            ImGui::TextDisabled("%s", parentDirectory(f).c_str());
            ImGui::PopID();
            if (chosen) {
                draft = f;
                openSceneFile(state, f);
            }
        }
    }
}

void pictures(AppState& state) {
    PendingExports& e = state.ui.exports;
    ImGui::TextUnformatted("resolution:");
    for (int s : {1, 2, 4}) {
        ImGui::SameLine();
        char label[8];
        std::snprintf(label, sizeof label, "%d×", s);
        if (ImGui::RadioButton(label, e.shot.scale == s)) e.shot.scale = s;
    }
    if (ImGui::RadioButton("whole window", !e.shot.plotOnly)) e.shot.plotOnly = false;
    ImGui::SameLine();
    if (ImGui::RadioButton("plot only", e.shot.plotOnly)) e.shot.plotOnly = true;
    if (ImGui::Button("screenshot (S)")) e.screenshot = true;
    ImGui::SameLine();
    ImGui::TextDisabled("PNG with the scene inside");
    ImGui::SliderInt("GIF frames", &e.gifFrames, 10, 300);
    if (e.recording) {
        char text[64];
        std::snprintf(text, sizeof text, "GIF: frame %d of %d", e.recording->framesDone(), e.recording->frames());
        ImGui::ProgressBar(float(e.recording->progress()), ImVec2(-ImGui::GetFontSize() * 5, 0), text);
        ImGui::SameLine();
        if (ImGui::Button("cancel")) e.recording.reset(); // nothing is left behind
    } else if (ImGui::Button("record GIF of the runs")) {
        e.gif = true;
    }
    if (ImGui::Button("trajectories → CSV")) e.trajectoriesCsv = true;
    ImGui::SameLine();
    ImGui::TextDisabled("step, x, y, f, ∇f, optimizer state");
    ImGui::InputText("folder", &e.directory);
}

} // namespace

void drawFilePanel(AppState& state) {
    sectionHeader("Scene");
    sceneFiles(state);
    sectionHeader("Pictures and data");
    pictures(state);
}

} // namespace dh
