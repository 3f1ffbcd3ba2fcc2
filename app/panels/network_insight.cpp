// Inside the network: the current numbers (step, η, loss and accuracy), then for Fashion-MNIST the
// confusion matrix of the test set and the first layer's weights as 28 × 28 images, otherwise a diagram
// of the architecture as in TensorFlow Playground: layers as columns of units, each edge coloured by its
// weight's sign (orange > 0, blue < 0) and drawn thicker and more opaque the larger |w| is.
#include "app/app_state.h"
#include "app/gfx/colormap.h"
#include "app/gfx/draw_util.h"
#include "app/gfx/gpu.h"
#include "app/gfx/widgets.h"
#include "app/panels/panels.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <imgui.h>
#include <string>

namespace dh {
namespace {

constexpr int kMaxUnits = 12; // units drawn per column; wider layers show their first ones and "+ N"

void numbers(const NetworkLab& lab, const NetworkLab::Snapshot& snap) {
    ImGui::Text("step %ld   epoch %ld   η = %.3g   %lld weights", snap.step, snap.epoch, snap.learningRate,
                (long long)nn::paramCount(lab.config()));
    ImGui::Text("loss: train %.4g, test %.4g     accuracy: train %.1f%%, test %.1f%%", snap.trainLoss, snap.testLoss,
                100 * snap.trainAccuracy, 100 * snap.testAccuracy);
    if (!lab.notice().empty()) errorText(lab.notice().c_str());
}

void diagram(const NetworkLab& lab, const NetworkLab::Snapshot& snap, ImVec2 p0, ImVec2 p1, float scale) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const nn::MlpConfig& c = lab.config();
    const auto slices = nn::layerSlices(c);
    const int columns = int(c.layers.size());
    const float font = ImGui::GetFontSize();
    const Dataset& d = lab.data();
    auto outputLabel = [&](int i) -> std::string {
        if (c.layers.back() == 1) return "P(" + (d.classNames.size() > 1 ? d.classNames[1] : std::string("1")) + ")";
        return i < int(d.classNames.size()) ? d.classNames[size_t(i)] : std::string();
    };
    float inW = 2 * font, outW = 2 * font; // room for the unit labels beside the first and last column
    for (int i = 0; i < std::min(c.layers.front(), kMaxUnits) && i < int(d.featureNames.size()); ++i)
        inW = std::max(inW, ImGui::CalcTextSize(d.featureNames[size_t(i)].c_str()).x + font);
    for (int i = 0; i < std::min(c.layers.back(), kMaxUnits); ++i)
        outW = std::max(outW, ImGui::CalcTextSize(outputLabel(i).c_str()).x + font);
    const float left = p0.x + inW, right = p1.x - outW, top = p0.y + 0.6f * font, bottom = p1.y - 1.4f * font;
    const float r = std::clamp((bottom - top) / (kMaxUnits * 2.6f), 3.0f * scale, 8.0f * scale);
    auto shown = [&](int l) { return std::min(c.layers[size_t(l)], kMaxUnits); };
    auto unitPos = [&](int l, int i) {
        float x = columns > 1 ? left + (right - left) * l / (columns - 1) : left;
        float span = (shown(l) - 1) * r * 2.6f;
        return ImVec2(x, (top + bottom) / 2 - span / 2 + i * r * 2.6f);
    };
    for (int l = 0; l + 1 < columns; ++l) {
        const nn::LayerSlice& s = slices[size_t(l)];
        const float* w = snap.params.data() + s.weightOffset;
        float top = 1e-12f;
        for (int k = 0; k < s.out * s.in; ++k) top = std::max(top, std::abs(w[k]));
        for (int o = 0; o < shown(l + 1); ++o)
            for (int i = 0; i < shown(l); ++i) {
                float v = w[o * s.in + i] / top, a = std::abs(v);
                if (a < 0.04f) continue;
                ImU32 col = rgbToImU32(classColor(v > 0 ? 1 : 0), int(40 + 215 * a));
                dl->AddLine(unitPos(l, i), unitPos(l + 1, o), col, lineWidth(1 + 3 * a * scale));
            }
    }
    const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);
    for (int l = 0; l < columns; ++l) {
        for (int i = 0; i < shown(l); ++i) {
            ImVec2 p = unitPos(l, i);
            dl->AddCircleFilled(p, r, IM_COL32(45, 48, 56, 255), 12);
            dl->AddCircle(p, r, IM_COL32(220, 220, 220, 255), 12, 1.0f);
            std::string label;
            if (l == 0 && i < int(d.featureNames.size())) label = d.featureNames[size_t(i)];
            if (l == columns - 1) label = outputLabel(i);
            if (label.empty()) continue;
            ImVec2 s = ImGui::CalcTextSize(label.c_str());
            float x = l == 0 ? p.x - r - 4 - s.x : p.x + r + 4;
            dl->AddText(ImVec2(x, p.y - s.y / 2), text, label.c_str());
        }
        char buf[32];
        if (c.layers[size_t(l)] > kMaxUnits) {
            std::snprintf(buf, sizeof buf, "+%d", c.layers[size_t(l)] - kMaxUnits);
            ImVec2 p = unitPos(l, shown(l) - 1);
            dl->AddText(ImVec2(p.x - ImGui::CalcTextSize(buf).x / 2, p.y + r + 2), text, buf);
        }
        const char* name = l == 0 ? "input" : l == columns - 1 ? "output" : nullptr;
        std::snprintf(buf, sizeof buf, "%s%d", name ? "" : "hidden ", c.layers[size_t(l)]);
        std::string caption = name ? std::string(name) + " " + buf : buf;
        float x = unitPos(l, 0).x - ImGui::CalcTextSize(caption.c_str()).x / 2;
        dl->AddText(ImVec2(std::max(p0.x, x), bottom + 0.2f * font), text, caption.c_str());
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
        diagram(lab, *snap, origin, end, state.scene.ui.scale);
    }
    ImGui::SetCursorScreenPos(origin);
    ImGui::Dummy(avail);
}

} // namespace dh
