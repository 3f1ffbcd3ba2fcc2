// The network lab's Backprop tab: one training sample through the network at its current weights
// (core/nn/backprop.h), layer by layer, with the course's formulas beside the numbers: forward z and y,
// the loss, backward ∂E/∂y, φ′, δ, ∂E/∂W = δ yᵀ and ∂E/∂b, then the update the chosen optimizer makes from
// this gradient. A cursor steps through the forward pass, the backward pass and the update. Small layers
// show numbers; large ones a row of coloured cells with the value on hover. A click on a training point
// in the network view picks the sample (pickBackpropSample).
#include "app/app_state.h"
#include "app/gfx/draw_util.h"
#include "app/gfx/widgets.h"
#include "app/panels/panels.h"
#include "core/common/error.h"
#include "core/scene/optimizer_json.h"
#include "core/scene/view_transform.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <imgui.h>
#include <string>

namespace dh {
namespace {

constexpr int kMaxNumbers = 8; // a vector longer than this, or a matrix with more entries than 3×this, is cells

// Recomputes the trace when the weights, the sample or the optimizer changed.
void syncTrace(AppState& state, NetworkLab& lab, const NetworkLab::Snapshot& snap) {
    BackpropPanelState& ps = state.ui.panels.backprop;
    const nn::NetData<float>& data = lab.trainData();
    const int rows = int(data.size());
    state.scene.backprop.sample = std::clamp(state.scene.backprop.sample, 0, std::max(0, rows - 1));
    const std::string optimizerKey = optimizerToJson(state.scene.network.optimizer).dump();
    if (ps.networkId == lab.networkId() && ps.snapshotVersion == snap.version &&
        ps.sample == state.scene.backprop.sample && ps.optimizerKey == optimizerKey)
        return;
    ps.networkId = lab.networkId();
    ps.snapshotVersion = snap.version;
    ps.sample = state.scene.backprop.sample;
    ps.optimizerKey = optimizerKey;
    ps.error.clear();
    if (rows == 0) {
        ps.error = "no training data";
        return;
    }
    try {
        const Eigen::VectorXd x = data.X.row(ps.sample).transpose().cast<double>();
        const Eigen::VectorXd t = data.Y.row(ps.sample).transpose().cast<double>();
        ps.trace = nn::backpropSample(lab.config(), snap.params.cast<double>(), x, t, state.scene.network.optimizer);
    } catch (const InputError& e) {
        ps.error = e.what();
    }
}

ImU32 signedColor(double v, double scale) {
    const double t = std::clamp(v / scale, -1.0, 1.0);
    const int a = int(255 * std::abs(t));
    return t >= 0 ? IM_COL32(230, 120, 40, 60 + a * 195 / 255) : IM_COL32(60, 140, 230, 60 + a * 195 / 255);
}

std::string joined(const Eigen::MatrixXd& m, Eigen::Index row) {
    std::string out;
    const bool vector = m.cols() == 1;
    for (Eigen::Index i = 0; i < (vector ? m.rows() : m.cols()); ++i) {
        char b[24];
        std::snprintf(b, sizeof b, "%s%.4g", i ? ", " : "", vector ? m(i, 0) : m(row, i));
        out += b;
    }
    return out;
}

// A matrix as coloured cells (orange positive, blue negative, by |value| / max |value|), value on hover.
void cells(const char* name, const Eigen::MatrixXd& m) {
    ImGui::Text("%s (%d × %d):", name, int(m.rows()), int(m.cols()));
    const double scale = std::max(1e-12, m.cwiseAbs().maxCoeff());
    const float cell =
        std::max(3.0f, std::min(ImGui::GetFontSize() * 0.8f,
                                ImGui::GetContentRegionAvail().x / float(std::max<Eigen::Index>(m.cols(), 1))));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const Eigen::Index rows = std::min<Eigen::Index>(m.rows(), 64);
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const Eigen::Index cols = std::min<Eigen::Index>(m.cols(), Eigen::Index(ImGui::GetContentRegionAvail().x / cell));
    for (Eigen::Index r = 0; r < rows; ++r)
        for (Eigen::Index c = 0; c < cols; ++c)
            dl->AddRectFilled(ImVec2(p0.x + float(c) * cell, p0.y + float(r) * cell),
                              ImVec2(p0.x + float(c + 1) * cell - 1, p0.y + float(r + 1) * cell - 1),
                              signedColor(m(r, c), scale));
    ImGui::InvisibleButton(name, ImVec2(std::max(1.0f, float(cols) * cell), std::max(1.0f, float(rows) * cell)));
    if (ImGui::IsItemHovered()) {
        const ImVec2 mp = ImGui::GetIO().MousePos;
        const Eigen::Index c = Eigen::Index((mp.x - p0.x) / cell), r = Eigen::Index((mp.y - p0.y) / cell);
        if (r >= 0 && r < rows && c >= 0 && c < cols)
            ImGui::SetTooltip("%s[%d][%d] = %.6g", name, int(r), int(c), m(r, c));
    }
    if (rows < m.rows() || cols < m.cols())
        ImGui::TextDisabled("(%d × %d of %d × %d shown)", int(rows), int(cols), int(m.rows()), int(m.cols()));
}

// Values: numbers when few (a vector in one line, a matrix a line per row), else coloured cells with the
// value on hover.
void values(const char* name, const Eigen::MatrixXd& m) {
    const bool vector = m.cols() == 1;
    if (m.size() <= (vector ? kMaxNumbers : 3 * kMaxNumbers)) {
        if (vector) {
            ImGui::Text("%s = (%s)", name, joined(m, 0).c_str());
            return;
        }
        for (Eigen::Index r = 0; r < m.rows(); ++r)
            ImGui::Text("%s %s [%s]", r == 0 ? name : "", r == 0 ? "=" : "  ", joined(m, r).c_str());
        return;
    }
    cells(name, vector ? Eigen::MatrixXd(m.transpose()) : m);
}

const char* slopeFormula(nn::Activation a) {
    switch (a) {
    case nn::Activation::Sigmoid:
        return "φ′ = y(1 − y)";
    case nn::Activation::Tanh:
        return "φ′ = 1 − y²";
    case nn::Activation::Relu:
        return "φ′ = [z > 0]";
    case nn::Activation::Linear:
        break;
    }
    return "φ′ = 1";
}

const char* outputDelta(nn::LossKind k) {
    switch (k) {
    case nn::LossKind::CrossEntropy:
        return "δ = ∂E/∂z = y − t (softmax + cross-entropy: p − onehot)";
    case nn::LossKind::Hinge:
        return "δ = the hinge subgradient (+1 per active class, −count at t)";
    case nn::LossKind::Mse:
        return "δ = 2(z − t)/C (mean squared error)";
    case nn::LossKind::Bce:
        return "δ = (σ(z) − t)/C (binary cross-entropy)";
    }
    return "";
}

void layer(const nn::LayerTrace& L, int l, const nn::BackpropCursor& cur, const nn::MlpConfig& config) {
    const int in = int(L.input.size()), out = int(L.z.size());
    char title[96];
    std::snprintf(title, sizeof title, "Layer %d (%d → %d, %s)", l + 1, in, out,
                  L.output ? "output, logits" : nn::activationName(config.activation));
    sectionHeader(title);
    if (!cur.forwardShown(l)) {
        ImGui::TextDisabled("forward pass not here yet");
        return;
    }
    ImGui::TextDisabled("z = W·y_{l−1} + b,  y = %s", L.output ? "z" : "φ(z)");
    values("z", L.z);
    if (!L.output) values("y", L.y);
    if (!cur.backwardShown(l)) return;
    ImGui::TextDisabled("%s", L.output ? outputDelta(config.loss) : "∂E/∂y = W_{l+1}ᵀ δ_{l+1},  δ = ∂E/∂y ⊙ φ′");
    if (!L.output) {
        values("∂E/∂y", L.dE_dy);
        ImGui::TextDisabled("%s", slopeFormula(config.activation));
        values("φ′", L.slope);
    }
    values("δ", L.dE_dz);
    ImGui::TextDisabled("∂E/∂W = δ · y_{l−1}ᵀ,  ∂E/∂b = δ");
    values("∂E/∂W", L.dE_dW);
    values("∂E/∂b", L.dE_db);
}

void update(const nn::BackpropTrace& t, const OptimizerConfig& opt) {
    char title[96];
    std::snprintf(title, sizeof title, "Update: one %s step from this gradient", optimizerName(opt.kind));
    sectionHeader(title);
    if (opt.kind == OptimizerKind::Sgd && opt.momentum == 0 && opt.weightDecay == 0)
        ImGui::Text("W ← W − η ∂E/∂W with η = %.4g", opt.lr);
    else
        ImGui::TextDisabled("the optimizer's rule from a fresh state (its first step)");
    for (size_t l = 0; l < t.layers.size(); ++l) {
        const std::string w = "W" + std::to_string(l + 1) + " after", b = "b" + std::to_string(l + 1) + " after";
        values(w.c_str(), t.layers[l].W_next);
        values(b.c_str(), t.layers[l].b_next);
    }
}

void controls(AppState& state, nn::BackpropCursor& cur, int rows) {
    BackpropView& v = state.scene.backprop;
    const float h = ImGui::GetFrameHeight();
    ImGui::SetNextItemWidth(h * 6);
    int sample = v.sample;
    if (ImGui::InputInt("sample", &sample)) v.sample = std::clamp(sample, 0, std::max(0, rows - 1));
    ImGui::SameLine();
    if (ImGui::Button("← back")) cur.back(), v.step = cur.step;
    ImGui::SameLine();
    if (ImGui::Button("forward →")) cur.forward(), v.step = cur.step;
    ImGui::SameLine();
    if (ImGui::Button("all")) v.step = -1, cur.step = cur.stepCount() - 1;
    ImGui::SameLine();
    const int L = cur.layers;
    const int s = cur.step;
    ImGui::TextDisabled("%s", s == 0 ? "start" : s <= L ? "forward pass" : s < 2 * L + 1 ? "backward pass" : "update");
}

} // namespace

void pickBackpropSample(AppState& state, const ViewTransform& vt, bool hovered, ImDrawList* dl) {
    NetworkLab& lab = networkLab(state);
    if (!lab.hasNetwork() || !lab.twoD()) return;
    const nn::NetData<float>& data = lab.trainData();
    const float scale = state.scene.ui.scale;
    if (hovered && ImGui::IsMouseReleased(ImGuiMouseButton_Left) && ImGui::GetIO().MouseDragMaxDistanceSqr[0] < 9) {
        const Eigen::Vector2d m = fromIm(ImGui::GetIO().MousePos);
        int best = -1;
        double bestDistance = 10 * scale; // pixels
        for (Eigen::Index i = 0; i < data.size(); ++i) {
            const double d = (vt.toPixel({double(data.X(i, 0)), double(data.X(i, 1))}) - m).norm();
            if (d < bestDistance) bestDistance = d, best = int(i);
        }
        if (best >= 0) {
            state.scene.backprop.sample = best;
            state.ui.openBackpropTab = true;
        }
    }
    const int i = state.scene.backprop.sample;
    if (state.scene.backprop.shown && i >= 0 && i < int(data.size()))
        dl->AddCircle(toIm(vt.toPixel({double(data.X(i, 0)), double(data.X(i, 1))})), 9 * scale,
                      IM_COL32(255, 140, 0, 255), 20, lineWidth(3 * scale));
}

void drawBackpropPanel(AppState& state) {
    NetworkLab& lab = networkLab(state);
    const NetworkLab::Snapshot* snap = lab.snapshot();
    if (!snap || !lab.hasNetwork()) {
        ImGui::TextDisabled("%s", lab.loading() ? "loading…" : "no network");
        return;
    }
    syncTrace(state, lab, *snap);
    const BackpropPanelState& ps = state.ui.panels.backprop;
    if (!ps.error.empty()) {
        errorText(ps.error.c_str());
        return;
    }
    const nn::BackpropTrace& t = ps.trace;
    nn::BackpropCursor cur{int(t.layers.size()), 0};
    cur.step =
        state.scene.backprop.step < 0 ? cur.stepCount() - 1 : std::min(state.scene.backprop.step, cur.stepCount() - 1);
    controls(state, cur, int(lab.trainData().size()));
    ImGui::BeginChild("backprop", ImVec2(0, 0), false);
    values("x", lab.trainData().X.row(ps.sample).transpose().cast<double>());
    values("target", t.target);
    for (size_t l = 0; l < t.layers.size(); ++l) layer(t.layers[l], int(l), cur, lab.config());
    if (cur.lossShown()) {
        sectionHeader("Loss");
        if (t.probabilities.size() > 0) values("p", t.probabilities);
        ImGui::Text("E = %.6g (this sample, no regularization)", t.loss);
    }
    if (cur.updateShown()) update(t, state.scene.network.optimizer);
    ImGui::EndChild();
}

} // namespace dh
