// The file browser: opens and saves scenes without typing a path. Places (home, the working folder,
// the folders of recent files), the current folder's subfolders and its files filtered by type
// (.json and .png scenes by default), a name box, and Open or Save. The listing, filtering and paths
// are core/common/paths.h (no GL, unit-tested); this file only draws them.
#include "app/app_state.h"
#include "app/panels/panels.h"
#include "core/common/error.h"
#include "core/common/paths.h"
#include "core/scene/scene_json.h"
#include "core/scene/session_store.h"

#include <cstdlib>
#include <imgui.h>
#include <imgui_stdlib.h>

namespace dh {
namespace {

const std::vector<std::string> kFilters[] = {{".json", ".png"}, {".json"}, {".png"}, {}};

void goTo(FileBrowserState& b, const std::string& dir) {
    b.directory = absolutePath(dir);
    b.stale = true;
}

void places(AppState& state, FileBrowserState& b) {
    std::vector<std::pair<std::string, std::string>> list; // label, folder
    if (const char* home = std::getenv("HOME")) list.push_back({"home", home});
    list.push_back({"working folder", absolutePath(".")});
    if (state.ui.recent)
        for (const std::string& f : state.ui.recent->files()) {
            std::string dir = parentDirectory(f);
            bool seen = false;
            for (const auto& p : list) seen |= p.second == dir;
            if (!seen) list.push_back({dir, dir});
        }
    ImGui::TextDisabled("places");
    for (const auto& p : list)
        if (ImGui::Selectable(p.first.c_str(), p.second == b.directory)) goTo(b, p.second);
}

// The folder's entries; a click picks a file, a double click opens a folder or chooses a file.
// Returns true when a file was chosen by a double click.
bool entries(FileBrowserState& b) {
    bool chosen = false;
    if (ImGui::Selectable("../", false, ImGuiSelectableFlags_AllowDoubleClick) && ImGui::IsMouseDoubleClicked(0))
        goTo(b, parentDirectory(b.directory));
    for (const DirectoryEntry& e : b.listing.entries) {
        std::string label = e.directory ? e.name + "/" : e.name;
        if (!ImGui::Selectable(label.c_str(), !e.directory && e.name == b.name, ImGuiSelectableFlags_AllowDoubleClick))
            continue;
        if (e.directory) {
            if (ImGui::IsMouseDoubleClicked(0)) goTo(b, joinPath(b.directory, e.name));
        } else {
            b.name = e.name;
            chosen |= ImGui::IsMouseDoubleClicked(0);
        }
    }
    return chosen;
}

// Opens or saves the chosen file; the status line says what happened with the absolute path.
void act(AppState& state, FileBrowserState& b) {
    const bool saving = b.purpose == FileBrowserState::Purpose::Save;
    if (saving && !hasExtension(b.name, {".json"})) b.name += ".json"; // scenes are saved as JSON
    const std::string path = absolutePath(joinPath(b.directory, b.name));
    if (!saving) {
        if (openSceneFile(state, path)) b.open = false;
        return;
    }
    try {
        saveScene(path, sceneToSave(state));
        state.ui.statusMessage = "Saved " + path;
        if (state.ui.recent) state.ui.recent->add(path);
        b.open = false;
        b.stale = true;
    } catch (const std::exception& e) { // a directory, a device, a full disk: say so, keep going
        state.ui.statusMessage = "Not saved: " + messageFor(e);
    }
}

} // namespace

void drawFileBrowser(AppState& state) {
    FileBrowserState& b = state.ui.panels.fileBrowser;
    if (!b.open) return;
    if (b.directory.empty()) goTo(b, ".");
    if (b.stale) {
        b.listing = listDirectory(b.directory, kFilters[b.filter]);
        b.stale = false;
    }
    const bool saving = b.purpose == FileBrowserState::Purpose::Save;
    ImGuiIO& io = ImGui::GetIO();
    ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, io.DisplaySize.y * 0.5f), ImGuiCond_Appearing,
                            ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(io.DisplaySize.x * 0.6f, io.DisplaySize.y * 0.7f), ImGuiCond_Appearing);
    if (!ImGui::Begin(saving ? "Save the scene###files" : "Open a scene###files", &b.open,
                      ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings)) {
        ImGui::End();
        return;
    }
    ImGui::TextWrapped("%s", b.directory.c_str());
    const float listHeight = -ImGui::GetFrameHeightWithSpacing() * 2.2f;
    ImGui::BeginChild("places", ImVec2(ImGui::GetContentRegionAvail().x * 0.3f, listHeight), true);
    places(state, b);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("entries", ImVec2(0, listHeight), true);
    if (!b.listing.error.empty()) ImGui::TextWrapped("%s", b.listing.error.c_str());
    bool chosen = entries(b);
    ImGui::EndChild();

    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.3f);
    if (ImGui::Combo("##filter", &b.filter, "scenes (.json, .png)\0.json\0.png\0every file\0")) b.stale = true;
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 8);
    bool entered = ImGui::InputTextWithHint("##name", saving ? "file name, e.g. lecture1.json" : "file name", &b.name,
                                            ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    bool clicked = ImGui::Button(saving ? "save" : "open");
    ImGui::SameLine();
    if (ImGui::Button("cancel")) b.open = false;
    if ((chosen || entered || clicked) && !b.name.empty()) act(state, b);
    ImGui::End();
}

} // namespace dh
