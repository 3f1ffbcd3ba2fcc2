// Inside the network: the current numbers (step, η, loss and accuracy), then for Fashion-MNIST the
// confusion matrix of the test set and the first layer's weights as 28 × 28 images, otherwise a diagram
// of the architecture as in TensorFlow Playground: layers as columns of every unit, each edge coloured
// by its weight's sign (green > 0, purple < 0: not the class colours) and drawn thicker and more opaque
// the larger |w| is, on one scale for all layers, with a legend.
#include "app/app_state.h"
#include "app/gfx/colormap.h"
#include "app/gfx/draw_util.h"
#include "app/gfx/gpu.h"
#include "app/gfx/labels.h"
#include "app/gfx/widgets.h"
#include "app/panels/panels.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <imgui.h>
#include <string>
#include <vector>

namespace dh {
namespace {

void numbers(const NetworkLab& lab, const NetworkLab::Snapshot& snap) {
    ImGui::Text("step %ld   epoch %ld   η = %.3g   %lld weights", snap.step, snap.epoch, snap.learningRate,
                (long long)nn::paramCount(lab.config()));
    ImGui::Text("loss: train %.4g, test %.4g     accuracy: train %.1f%%, test %.1f%%", snap.trainLoss, snap.testLoss,
                100 * snap.trainAccuracy, 100 * snap.testAccuracy);
    if (!lab.notice().empty()) errorText(lab.notice().c_str());
}

// ---- the diagram ----

// Edge colours: a diverging map (purple for w < 0, green for w > 0) that no class colour uses, on one
// absolute scale for every layer: strength |w| / (|w| + kHalfWeight), so |w| = 0.5 is half strength in
// any layer and a network with smaller weights (a regularized one) looks lighter.
constexpr float kHalfWeight = 0.5f;
const ImU32 kNegative = IM_COL32(175, 141, 195, 255), kPositive = IM_COL32(127, 191, 123, 255);

float edgeStrength(float w) {
    const float a = std::abs(w);
    return a / (a + kHalfWeight);
}

ImU32 edgeColor(float w, float strength) {
    return withAlpha(w < 0 ? kNegative : kPositive, int(30 + 225 * strength));
}

// Where the units go. A layer with more units than fit at a readable pitch shows its first units, a
// gap with "⋮", and its last unit; its caption then says how many are drawn ("64 (12 drawn)").
struct DiagramLayout {
    float left = 0, right = 0, top = 0, bottom = 0, r = 0, pitch = 0;
    int columns = 0, fit = 0; // units a column can show
    std::vector<int> sizes;
    int drawn(int l) const { return std::min(sizes[size_t(l)], fit); }
    bool elided(int l) const { return sizes[size_t(l)] > fit; }
    // The unit drawn in slot i of layer l (the last slot is the last unit when elided).
    int unitAt(int l, int i) const { return elided(l) && i == fit - 1 ? sizes[size_t(l)] - 1 : i; }
    ImVec2 pos(int l, int i) const {
        const float x = columns > 1 ? left + (right - left) * l / (columns - 1) : left;
        const int slots = drawn(l) + (elided(l) ? 1 : 0); // the gap takes a slot
        const int slot = elided(l) && i == fit - 1 ? fit : i;
        const float span = (slots - 1) * pitch;
        return ImVec2(x, (top + bottom) / 2 - span / 2 + slot * pitch);
    }
};

DiagramLayout layoutDiagram(const nn::MlpConfig& c, ImVec2 p0, ImVec2 p1, float inW, float outW, float scale) {
    const float font = ImGui::GetFontSize();
    DiagramLayout L;
    L.sizes = c.layers;
    L.columns = int(c.layers.size());
    L.left = p0.x + inW;
    L.right = p1.x - outW;
    L.top = p0.y + 0.6f * font;
    L.bottom = p1.y - 1.4f * font;
    const int widest = *std::max_element(c.layers.begin(), c.layers.end());
    const float height = std::max(1.0f, L.bottom - L.top), minPitch = 4.5f * scale;
    L.fit = std::max(3, int(height / minPitch));
    const int slots = widest > L.fit ? L.fit + 1 : widest;
    L.pitch = slots > 1 ? std::min(height / float(slots - 1), 22 * scale) : 0;
    L.r = std::clamp(L.pitch * 0.38f, 1.5f * scale, 8.0f * scale);
    return L;
}

void drawEdges(ImDrawList* dl, const DiagramLayout& L, const nn::MlpConfig& c, const NetworkLab::Snapshot& snap,
               float scale) {
    const auto slices = nn::layerSlices(c);
    for (int l = 0; l + 1 < L.columns; ++l) {
        const nn::LayerSlice& s = slices[size_t(l)];
        const float* w = snap.params.data() + s.weightOffset;
        for (int o = 0; o < L.drawn(l + 1); ++o)
            for (int i = 0; i < L.drawn(l); ++i) {
                const float v = w[L.unitAt(l + 1, o) * s.in + L.unitAt(l, i)], a = edgeStrength(v);
                if (a < 0.03f) continue;
                dl->AddLine(L.pos(l, i), L.pos(l + 1, o), edgeColor(v, a), lineWidth(1 + 2.5f * a * scale));
            }
    }
}

// The legend of the edge colours at the top right: a strip from −2 to 2 with its ends labelled.
void drawEdgeLegend(ImDrawList* dl, ImVec2 p0, ImVec2 p1, LabelRegistry& labels) {
    const float font = ImGui::GetFontSize(), h = 0.6f * font;
    const char* title = "weight";
    const ImVec2 ts = ImGui::CalcTextSize(title), ls = ImGui::CalcTextSize("−2"), rs = ImGui::CalcTextSize("+2");
    // The strip as wide as the panel allows (at most 7 em); the title only where it fits beside it.
    const float room = p1.x - p0.x - ls.x - rs.x - 0.8f * font;
    const bool named = room - ts.x - 0.6f * font >= 2 * font;
    const float w = std::min(7 * font, named ? room - ts.x - 0.6f * font : room);
    if (w < 2 * font) return;
    const float x1 = p1.x - rs.x - 0.3f * font, x0 = x1 - w, y0 = p0.y + 0.4f * font;
    const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);
    const int steps = 24;
    for (int k = 0; k < steps; ++k) {
        const float v = -2 + 4 * (k + 0.5f) / steps;
        dl->AddRectFilled(ImVec2(x0 + w * k / steps, y0), ImVec2(x0 + w * (k + 1) / steps, y0 + h),
                          edgeColor(v, edgeStrength(v)));
    }
    labels.avoid(ImVec2(x0, y0), ImVec2(x1, y0 + h));
    const ImVec2 la(x0 - ls.x - 0.2f * font, y0 + h / 2 - ls.y / 2), ra(x1 + 0.2f * font, y0 + h / 2 - rs.y / 2);
    drawClaimedText(labels, dl, la, text, "−2", false);
    drawClaimedText(labels, dl, ra, text, "+2", false);
    if (named) drawClaimedText(labels, dl, ImVec2(la.x - ts.x - 0.4f * font, la.y), text, title, false);
}

void diagram(const NetworkLab& lab, const NetworkLab::Snapshot& snap, ImVec2 p0, ImVec2 p1, float scale,
             LabelRegistry& labels) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const nn::MlpConfig& c = lab.config();
    const float font = ImGui::GetFontSize();
    const Dataset& d = lab.data();
    auto outputLabel = [&](int i) -> std::string {
        if (c.layers.back() == 1) return "P(" + (d.classNames.size() > 1 ? d.classNames[1] : std::string("1")) + ")";
        return i < int(d.classNames.size()) ? d.classNames[size_t(i)] : std::string();
    };
    float inW = 2 * font, outW = 2 * font; // room for the unit labels beside the first and last column
    for (int i = 0; i < c.layers.front() && i < int(d.featureNames.size()); ++i)
        inW = std::max(inW, ImGui::CalcTextSize(d.featureNames[size_t(i)].c_str()).x + font);
    for (int i = 0; i < c.layers.back(); ++i)
        outW = std::max(outW, ImGui::CalcTextSize(outputLabel(i).c_str()).x + font);
    drawEdgeLegend(dl, p0, p1, labels);
    const DiagramLayout L = layoutDiagram(c, ImVec2(p0.x, p0.y + 1.2f * font), p1, inW, outW, scale);
    drawEdges(dl, L, c, snap, scale);
    const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);
    for (int l = 0; l < L.columns; ++l) {
        for (int i = 0; i < L.drawn(l); ++i) {
            const ImVec2 p = L.pos(l, i);
            dl->AddCircleFilled(p, L.r, IM_COL32(45, 48, 56, 255), 12);
            dl->AddCircle(p, L.r, IM_COL32(220, 220, 220, 255), 12, 1.0f);
            const int unit = L.unitAt(l, i);
            std::string label;
            if (l == 0 && unit < int(d.featureNames.size())) label = d.featureNames[size_t(unit)];
            if (l == L.columns - 1) label = outputLabel(unit);
            if (label.empty()) continue;
            const ImVec2 s = ImGui::CalcTextSize(label.c_str());
            const ImVec2 at(l == 0 ? p.x - L.r - 4 - s.x : p.x + L.r + 4, p.y - s.y / 2);
            drawClaimedText(labels, dl, at, text, label.c_str(), false);
        }
        if (L.elided(l)) { // the gap before the last unit
            const ImVec2 a = L.pos(l, L.fit - 2), b = L.pos(l, L.fit - 1);
            for (int k = 1; k <= 3; ++k)
                dl->AddCircleFilled(ImVec2(a.x, a.y + (b.y - a.y) * k / 4), 1.2f * scale, text, 6);
        }
        const char* name = l == 0 ? "input" : l == L.columns - 1 ? "output" : "hidden";
        std::string caption = std::string(name) + " " + std::to_string(L.sizes[size_t(l)]);
        if (L.elided(l)) caption += " (" + std::to_string(L.fit) + " drawn)";
        const ImVec2 cs = ImGui::CalcTextSize(caption.c_str());
        const float x = std::clamp(L.pos(l, 0).x - cs.x / 2, p0.x, p1.x - cs.x);
        drawClaimedText(labels, dl, ImVec2(x, L.bottom + 0.2f * font), text, caption.c_str(), false);
    }
}

void confusion(const NetworkLab& lab, ImVec2 p0, ImVec2 p1) {
    const NetworkLab::Predictions& p = lab.predictions();
    const int k = lab.data().numClasses;
    if (p.confusion.size() != size_t(k) || k == 0) {
        ImGui::SetCursorScreenPos(p0);
        ImGui::TextDisabled("confusion matrix: computing…");
        return;
    }
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const auto& names = lab.data().classNames;
    const float font = ImGui::GetFontSize();
    float nameW = 0;
    for (const std::string& n : names) nameW = std::max(nameW, ImGui::CalcTextSize(n.c_str()).x);
    const float cell =
        std::max(4.0f, std::min((p1.x - p0.x - nameW - 0.5f * font) / k, (p1.y - p0.y - 2.4f * font) / k));
    ImVec2 g0(p0.x + nameW + 0.4f * font, p0.y + 1.2f * font);
    dl->AddText(ImVec2(g0.x, p0.y), ImGui::GetColorU32(ImGuiCol_Text), "true class ↓   guess →");
    const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);
    ImVec2 mouse = ImGui::GetIO().MousePos;
    for (int t = 0; t < k; ++t) {
        long total = 0;
        for (int q = 0; q < k; ++q) total += p.confusion[size_t(t)][size_t(q)];
        const std::string& n = t < int(names.size()) ? names[size_t(t)] : std::to_string(t);
        dl->AddText(ImVec2(g0.x - 0.3f * font - ImGui::CalcTextSize(n.c_str()).x, g0.y + t * cell + (cell - font) / 2),
                    text, n.c_str());
        for (int q = 0; q < k; ++q) {
            double f = total ? double(p.confusion[size_t(t)][size_t(q)]) / double(total) : 0;
            ImVec2 a(g0.x + q * cell, g0.y + t * cell), b(a.x + cell - 1, a.y + cell - 1);
            dl->AddRectFilled(a, b, colormapColor(Colormap::Viridis, std::sqrt(f)));
            if (mouse.x >= a.x && mouse.x < b.x && mouse.y >= a.y && mouse.y < b.y && ImGui::IsWindowHovered())
                ImGui::SetTooltip("true %s, predicted %s: %d of %ld (%.1f%%)", n.c_str(),
                                  (q < int(names.size()) ? names[size_t(q)] : std::to_string(q)).c_str(),
                                  p.confusion[size_t(t)][size_t(q)], total, 100 * f);
        }
    }
}

void weightImages(NetworkPictures& pictures, NetworkLab& lab, ImVec2 p0, ImVec2 p1) {
    int shown = 0;
    const Picture& pic = pictures.firstLayer(lab.firstLayerImages(16, shown));
    if (shown == 0) return;
    const float font = ImGui::GetFontSize(), gap = 0.3f * font;
    const int atlasRow = 8, atlasRows = (shown + atlasRow - 1) / atlasRow; // the picture's layout
    const int perRow = 4, rows = (shown + perRow - 1) / perRow;            // the shown layout
    const float tile = std::max(8.0f, std::min((p1.x - p0.x - gap * (perRow - 1)) / perRow,
                                               (p1.y - p0.y - 2.6f * font - gap * (rows - 1)) / rows));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddText(p0, ImGui::GetColorU32(ImGuiCol_Text), "first-layer weights");
    dl->AddText(ImVec2(p0.x, p0.y + 1.2f * font), ImGui::GetColorU32(ImGuiCol_TextDisabled), "orange > 0, blue < 0");
    ImTextureID tex = reinterpret_cast<ImTextureID>(static_cast<intptr_t>(pic.texture()));
    for (int u = 0; u < shown; ++u) {
        const int c = u % atlasRow, r = u / atlasRow;
        ImGui::SetCursorScreenPos(
            ImVec2(p0.x + (u % perRow) * (tile + gap), p0.y + 2.6f * font + (u / perRow) * (tile + gap)));
        ImGui::Image(tex, ImVec2(tile, tile), ImVec2(float(c) / atlasRow, float(r) / atlasRows),
                     ImVec2(float(c + 1) / atlasRow, float(r + 1) / atlasRows));
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("unit %d of the first hidden layer: its 784 incoming weights", u);
    }
}

} // namespace

void drawNetworkInsight(AppState& state) {
    NetworkLab& lab = networkLab(state);
    const NetworkLab::Snapshot* snap = lab.snapshot();
    if (!snap) {
        ImGui::TextDisabled("%s", lab.loading() ? "loading…" : "no network");
        return;
    }
    numbers(lab, *snap);
    ImVec2 origin = ImGui::GetCursorScreenPos(), avail = ImGui::GetContentRegionAvail();
    if (avail.x < 60 || avail.y < 40) return;
    ImVec2 end(origin.x + avail.x, origin.y + avail.y);
    if (lab.images()) {
        const float split = origin.x + std::round(avail.x * 0.6f);
        confusion(lab, origin, ImVec2(split - ImGui::GetFontSize(), end.y));
        weightImages(state.gpu->network, lab, ImVec2(split, origin.y), end);
    } else {
        state.ui.labels.beginPanel("network diagram", origin, end);
        diagram(lab, *snap, origin, end, state.scene.ui.scale, state.ui.labels);
    }
    ImGui::SetCursorScreenPos(origin);
    ImGui::Dummy(avail);
}

} // namespace dh
