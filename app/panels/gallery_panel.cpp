// The Presets tab: the lecture's stories as a gallery of thumbnails with captions, grouped by the
// course's topics (presetTopics, core/scene/presets.h); a click (or the keys 1–9, 0) opens one.
// Thumbnails are small heatmaps computed once and drawn with rectangles.
#include "app/app_state.h"
#include "app/gfx/colormap.h"
#include "app/gfx/widgets.h"
#include "app/panels/panels.h"
#include "core/lab/network_data.h"
#include "core/scene/scene_json.h"
#include "core/surfaces/field.h"

#include <algorithm>
#include <cstdio>
#include <imgui.h>

namespace dh {
namespace {

constexpr int kThumbW = 48, kThumbH = 30;

std::vector<uint32_t> makeThumbnail(const Scene& scene) {
    std::vector<uint32_t> colors;
    if (scene.mode == LabMode::Network) return networkThumbnail(scene.network, kThumbW, kThumbH);
    if (scene.mode != LabMode::Playground) return colors;
    try {
        std::unique_ptr<Surface> s = makeSurface(scene.surface);
        std::vector<float> values;
        Domain d = scene.viewSet ? scene.view : s->domain;
        sampleSurface(*s, d, kThumbW, kThumbH, values);
        FieldScale fs = fitScale(values, scene.style.logScale);
        colors.resize(values.size());
        for (int j = 0; j < kThumbH; ++j)
            for (int i = 0; i < kThumbW; ++i) // rows bottom-up in `values`
                colors[size_t(kThumbH - 1 - j) * kThumbW + i] =
                    colormapColor(scene.style.colormap, fs.toT(values[size_t(j) * kThumbW + i]));
    } catch (const std::exception&) {
        colors.clear();
    }
    return colors;
}

void drawThumbnail(const std::vector<uint32_t>& colors, const char* label, ImVec2 size) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 p = ImGui::GetCursorScreenPos();
    if (colors.empty()) {
        dl->AddRectFilled(p, ImVec2(p.x + size.x, p.y + size.y), IM_COL32(40, 50, 70, 255));
        ImVec2 t = ImGui::CalcTextSize(label);
        dl->AddText(ImVec2(p.x + (size.x - t.x) / 2, p.y + (size.y - t.y) / 2), IM_COL32(230, 230, 230, 255), label);
    } else {
        float cw = size.x / kThumbW, ch = size.y / kThumbH;
        for (int j = 0; j < kThumbH; ++j)
            for (int i = 0; i < kThumbW; ++i)
                dl->AddRectFilled(ImVec2(p.x + i * cw, p.y + j * ch),
                                  ImVec2(p.x + (i + 1) * cw + 0.5f, p.y + (j + 1) * ch + 0.5f),
                                  colors[size_t(j) * kThumbW + i]);
    }
    ImGui::Dummy(size);
}

void presetEntry(AppState& state, size_t i, ImVec2 thumb) {
    const Scene& s = state.ui.presets[i].scene;
    ImGui::PushID(int(i));
    ImGui::BeginGroup();
    drawThumbnail(state.ui.thumbnails[i], s.mode == LabMode::Playground ? "" : labModeName(s.mode), thumb);
    ImGui::EndGroup();
    ImGui::SameLine();
    ImGui::BeginGroup();
    char title[160];
    std::snprintf(title, sizeof title, "%zu. %s", i + 1, s.title.c_str());
    if (ImGui::Selectable(title, false, 0, ImVec2(0, 0))) state.ui.presetRequest = int(i);
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("%s", s.caption.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    ImGui::PopID();
    ImGui::Separator();
}

} // namespace

void drawGalleryPanel(AppState& state) {
    if (state.ui.thumbnails.size() != state.ui.presets.size()) {
        state.ui.thumbnails.clear();
        for (const Preset& p : state.ui.presets) state.ui.thumbnails.push_back(makeThumbnail(p.scene));
    }
    float width = ImGui::GetContentRegionAvail().x;
    ImVec2 thumb(width * 0.34f, width * 0.34f * kThumbH / kThumbW);
    std::vector<std::string> topics = presetTopics();
    for (const Preset& p : state.ui.presets) // a topic no list knows still gets its group, last
        if (std::find(topics.begin(), topics.end(), presetTopic(p.scene)) == topics.end())
            topics.push_back(presetTopic(p.scene));
    for (const std::string& topic : topics) {
        std::vector<size_t> members;
        for (size_t i = 0; i < state.ui.presets.size(); ++i)
            if (presetTopic(state.ui.presets[i].scene) == topic) members.push_back(i);
        if (members.empty()) continue;
        if (!ImGui::CollapsingHeader(topic.c_str(), ImGuiTreeNodeFlags_DefaultOpen)) continue;
        for (size_t i : members) presetEntry(state, i, thumb);
    }
}

} // namespace dh
