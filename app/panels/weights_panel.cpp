// The network lab's Weights tab: per layer a histogram of its weights on one scale common to all
// layers (core/lab/weight_stats.h), how many are within 10⁻³ of zero, ‖W‖₁ and ‖W‖₂², and what the
// regularizers λ₁‖W‖₁ + λ₂‖W‖₂² add to the loss now. With L1 the bar at zero grows; with L2 the
// histogram narrows but little reaches zero.
#include "app/app_state.h"
#include "app/gfx/widgets.h"
#include "app/panels/panels.h"
#include "core/lab/weight_stats.h"

#include <algorithm>
#include <imgui.h>

namespace dh {
namespace {

void histogram(const LayerWeightStats& l, ImVec2 size) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    dl->AddRectFilled(p, ImVec2(p.x + size.x, p.y + size.y), IM_COL32(35, 35, 40, 255));
    const int peak = std::max(1, *std::max_element(l.histogram.begin(), l.histogram.end()));
    const float w = size.x / float(l.histogram.size());
    for (size_t b = 0; b < l.histogram.size(); ++b) {
        const float h = size.y * float(l.histogram[b]) / float(peak);
        dl->AddRectFilled(ImVec2(p.x + float(b) * w, p.y + size.y - h),
                          ImVec2(p.x + float(b + 1) * w - 1, p.y + size.y), IM_COL32(86, 180, 233, 255));
    }
    dl->AddLine(ImVec2(p.x + size.x / 2, p.y), ImVec2(p.x + size.x / 2, p.y + size.y), IM_COL32(230, 159, 0, 255));
    ImGui::Dummy(size);
}

} // namespace

void drawWeightsPanel(AppState& state) {
    NetworkLab& lab = networkLab(state);
    const NetworkLab::Snapshot* snap = lab.snapshot();
    if (!snap || !lab.hasNetwork()) {
        ImGui::TextDisabled("%s", lab.loading() ? "loading…" : "no network");
        return;
    }
    WeightsPanelState& ps = state.ui.panels.weights;
    if (ps.networkId != lab.networkId() || ps.snapshotVersion != snap->version) {
        ps.networkId = lab.networkId();
        ps.snapshotVersion = snap->version;
        ps.stats = weightStats(lab.config(), snap->params.cast<double>());
    }
    const WeightStats& s = ps.stats;
    const NetworkSettings& n = state.scene.network;
    double l1 = 0, l2 = 0;
    for (const LayerWeightStats& l : s.layers) l1 += l.l1, l2 += l.l2;
    ImGui::Text("all layers on one scale, −%.3g … %.3g (orange: 0). ‖W‖₁ = %.4g, ‖W‖₂² = %.4g", s.range, s.range, l1,
                l2);
    ImGui::Text("penalty now: λ₁‖W‖₁ + λ₂‖W‖₂² = %.3g·%.4g + %.3g·%.4g = %.4g", n.l1, l1, n.l2, l2,
                n.l1 * l1 + n.l2 * l2);
    const float width = ImGui::GetContentRegionAvail().x * 0.45f, height = ImGui::GetTextLineHeight() * 2.2f;
    for (size_t i = 0; i < s.layers.size(); ++i) {
        const LayerWeightStats& l = s.layers[i];
        const int in = lab.config().layers[i], out = lab.config().layers[i + 1];
        histogram(l, ImVec2(width, height));
        ImGui::SameLine();
        ImGui::BeginGroup();
        ImGui::Text("W%zu (%d × %d): |w| < 10⁻³: %ld of %ld", i + 1, out, in, long(l.nearZero), long(l.count));
        ImGui::Text("‖W%zu‖₁ = %.4g, ‖W%zu‖₂² = %.4g", i + 1, l.l1, i + 1, l.l2);
        ImGui::EndGroup();
    }
}

} // namespace dh
