#include "app/frame.h"

#include "app/app_state.h"
#include "app/panels/panels.h"
#include "app/shortcuts.h"

#include <algorithm>
#include <cmath>
#include <imgui.h>

namespace dh {
namespace {

constexpr ImGuiWindowFlags kFixedWindow = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                          ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                                          ImGuiWindowFlags_NoBringToFrontOnFocus;

void beginFixedWindow(const char* name, float x, float y, float w, float h, ImGuiWindowFlags extra = 0) {
    ImGui::SetNextWindowPos(ImVec2(x, y));
    ImGui::SetNextWindowSize(ImVec2(w, h));
    ImGui::Begin(name, nullptr, kFixedWindow | extra);
}

void drawMainView(AppState& state) {
    if (state.scene.mode == LabMode::Network) {
        if (state.scene.network.dataset == NetworkDataset::FashionMnist &&
            (!state.ui.dataFetch.done || !state.ui.dataFetch.error.empty()))
            drawDataFetch(state); // the page, until the files are there (syncNetworkLab)
        else
            drawNetworkView(state);
        return;
    }
    if (state.scene.mode == LabMode::Fitting) {
        drawFittingView(state);
        return;
    }
    if (state.scene.mode == LabMode::Graph) {
        drawGraphView(state);
        return;
    }
    if (state.scene.mode == LabMode::Loss) {
        drawLossView(state);
        return;
    }
    if (state.derived.surface->oneD)
        drawCurveView(state);
    else if (state.scene.playground.viewMode == ViewMode::Mesh3D)
        drawMeshView(state);
    else
        drawSurfaceView(state);
}

void drawBottomStrip(AppState& state) {
    const Layout& L = state.ui.layout;
    LabMode mode = state.scene.mode;
    beginFixedWindow("Timeline", L.x, L.y + L.height, L.width, L.bottomY - (L.y + L.height),
                     ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar);
    if (mode == LabMode::Network)
        drawTrainingControls(state);
    else if (mode == LabMode::Playground)
        drawTimeline(state);
    else if (mode == LabMode::Graph)
        drawGraphControls(state);
    else if (mode == LabMode::Loss)
        ImGui::TextDisabled("Loss lab: drag a score bar up or down; the true class is orange.");
    else
        ImGui::TextDisabled("Fitting lab: drag the degree in the sidebar, or click a degree in the chart below.");
    ImGui::End();

    if (mode == LabMode::Graph || mode == LabMode::Loss) {
        const bool graph = mode == LabMode::Graph;
        beginFixedWindow(graph ? "Chain rule" : "Losses", L.x, L.bottomY, L.plotWidth, L.bottomHeight);
        graph ? drawGraphChainRule(state) : drawLossNumbers(state);
        ImGui::End();
        beginFixedWindow(graph ? "Gradient" : "The course's three images", L.x + L.plotWidth, L.bottomY,
                         L.width - L.plotWidth, L.bottomHeight);
        graph ? drawGraphGradient(state) : drawLossTable(state);
        ImGui::End();
        return;
    }

    if (mode == LabMode::Fitting) {
        beginFixedWindow("Fitting errors", L.x, L.bottomY, L.width, L.bottomHeight, ImGuiWindowFlags_NoScrollbar);
        drawFittingErrors(state);
        ImGui::End();
        return;
    }
    if (mode == LabMode::Network) {
        beginFixedWindow("Training curves", L.x, L.bottomY, L.plotWidth, L.bottomHeight, ImGuiWindowFlags_NoScrollbar);
        drawTrainingCurves(state);
        ImGui::End();
        beginFixedWindow("Network", L.x + L.plotWidth, L.bottomY, L.width - L.plotWidth, L.bottomHeight,
                         ImGuiWindowFlags_NoTitleBar);
        if (ImGui::BeginTabBar("network insight")) {
            if (ImGui::BeginTabItem("Network")) {
                drawNetworkInsight(state);
                ImGui::EndTabItem();
            }
            // an opened scene that shows the tab (or a clicked sample) selects it; until the tab bar has
            // switched, the scene keeps saying so
            bool& pending = state.ui.openBackpropTab;
            const bool open = ImGui::BeginTabItem("Backprop", nullptr, pending ? ImGuiTabItemFlags_SetSelected : 0);
            if (open) pending = false;
            if (!pending) state.scene.backprop.shown = open;
            if (open) {
                drawBackpropPanel(state);
                ImGui::EndTabItem();
            }
            if (ImGui::BeginTabItem("Weights")) {
                drawWeightsPanel(state);
                ImGui::EndTabItem();
            }
            ImGui::EndTabBar();
        }
        ImGui::End();
        return;
    }

    beginFixedWindow("Loss", L.x, L.bottomY, L.plotWidth, L.bottomHeight, ImGuiWindowFlags_NoScrollbar);
    drawLossPlot(state);
    ImGui::End();

    beginFixedWindow("Insight", L.x + L.plotWidth, L.bottomY, L.width - L.plotWidth, L.bottomHeight,
                     ImGuiWindowFlags_NoTitleBar);
    if (ImGui::BeginTabBar("insight")) {
        if (ImGui::BeginTabItem("Update rules")) {
            drawUpdateRules(state);
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem("α–β map")) {
            drawRateMap(state);
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
    }
    ImGui::End();
}

} // namespace

Layout computeLayout(float displayWidth, float displayHeight, float uiScale, bool presentation) {
    Layout L;
    L.sidebarWidth = presentation ? 0.0f : std::min(400.0f * uiScale, displayWidth * 0.45f);
    L.x = L.sidebarWidth;
    L.y = 0;
    L.width = std::max(displayWidth - L.sidebarWidth, 1.0f);
    float timelineHeight = 44.0f * uiScale;
    L.bottomHeight = std::max(std::round(displayHeight * 0.3f), 120.0f * uiScale);
    L.height = std::max(displayHeight - L.bottomHeight - timelineHeight, 1.0f);
    L.bottomY = L.height + timelineHeight;
    L.plotWidth = std::round(L.width * 0.55f);
    return L;
}

void drawFrame(AppState& state) {
    if (!state.ui.headless && ImGui::GetIO().DeltaTime > 0) state.ui.frameSeconds = ImGui::GetIO().DeltaTime;
    handleShortcuts(state);
    if (state.ui.presetRequest >= 0) {
        if (state.ui.presetRequest < int(state.ui.presets.size())) openPreset(state, state.ui.presetRequest);
        state.ui.presetRequest = -1;
    }
    syncSurface(state);
    forgetStaleState(state);
    syncDerived(state);
    ImVec2 display = ImGui::GetIO().DisplaySize;
    state.ui.layout = computeLayout(display.x, display.y, state.scene.ui.scale, state.ui.presentation);
    state.ui.labels.clear();
    syncNetworkLab(state);
    drawMainView(state);
    drawBottomStrip(state);
    if (!state.ui.presentation) drawSidebar(state);
    drawFileBrowser(state);
    drawHelpOverlay(state);
    if (state.ui.blank) // over everything: the projector shows black
        ImGui::GetForegroundDrawList()->AddRectFilled(ImVec2(0, 0), display, IM_COL32(0, 0, 0, 255));
}

void drawBaselineFrame() {
    ImGui::SetNextWindowPos(ImVec2(20, 20));
    ImGui::SetNextWindowSize(ImVec2(300, 200));
    ImGui::Begin("Baseline", nullptr, ImGuiWindowFlags_NoSavedSettings);
    ImGui::End();
}

} // namespace dh
