// The network lab's main view while the page fetches Fashion-MNIST from beside it (30 MB; syncNetworkLab
// in app/app_state.cpp): a progress bar with the megabytes, or why the files did not arrive.
#include "app/app_state.h"
#include "app/panels/panels.h"

#include <algorithm>
#include <cstdio>
#include <imgui.h>

namespace dh {

void drawDataFetch(AppState& state) {
    const Layout& L = state.ui.layout;
    const platform::FetchProgress& f = state.ui.dataFetch;
    ImGui::SetNextWindowPos(ImVec2(L.x, L.y));
    ImGui::SetNextWindowSize(ImVec2(L.width, L.height));
    ImGui::Begin("Fetching data", nullptr,
                 ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                     ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus);
    const float w = std::min(L.width * 0.6f, ImGui::GetFontSize() * 30);
    ImGui::SetCursorPos(ImVec2((L.width - w) / 2, L.height * 0.42f));
    ImGui::BeginGroup();
    if (!f.error.empty()) {
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + w);
        ImGui::TextColored(ImVec4(1.0f, 0.43f, 0.35f, 1.0f), "Fashion-MNIST did not load: %s", f.error.c_str());
        ImGui::TextWrapped("The page reads it from data/fashion-mnist/ beside index.html. Reload the page to try "
                           "again, or pick another data set in the Network tab.");
        ImGui::PopTextWrapPos();
    } else {
        ImGui::TextUnformatted("Fetching Fashion-MNIST…");
        const float fraction = f.total > 0 ? float(f.bytes / f.total) : 0.0f;
        char numbers[64];
        if (f.total > 0)
            std::snprintf(numbers, sizeof numbers, "%.1f / %.1f MB", f.bytes / 1e6, f.total / 1e6);
        else
            std::snprintf(numbers, sizeof numbers, "%.1f MB", f.bytes / 1e6);
        ImGui::ProgressBar(fraction, ImVec2(w, 0), numbers);
    }
    ImGui::EndGroup();
    ImGui::End();
}

} // namespace dh
