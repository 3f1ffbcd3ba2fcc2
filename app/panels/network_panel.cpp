// The Network tab: the data (with a preview), the architecture, the training settings, the optimizer
// with the playground's sliders, the loss-landscape view and the curves' CSV. The panel only edits the
// scene; what a change rebuilds is the model's (core/lab/network_lab.h): new data or a new network start
// at step 0 (the data stays in memory when only the network changed), η and the optimizer apply to the
// running network. Its one draft, the CSV path box, is NetworkPanelState.
#include "app/app_state.h"
#include "app/gfx/draw_util.h"
#include "app/gfx/widgets.h"
#include "app/panels/panels.h"
#include "core/common/error.h"
#include "core/common/file_io.h"
#include "core/nn/init.h"
#include "core/scene/view_transform.h"

#include <algorithm>
#include <cstdio>
#include <imgui.h>
#include <imgui_stdlib.h>

namespace dh {
namespace {

// A combo over an enum setting's values (scene.h), shown by their scene names.
template <class E, size_t N>
bool combo(const char* label, E& value, const char* (*name)(E), const E (&values)[N]) {
    bool changed = false;
    if (ImGui::BeginCombo(label, name(value))) {
        for (E v : values)
            if (ImGui::Selectable(name(v), v == value)) {
                changed = v != value;
                value = v;
            }
        ImGui::EndCombo();
    }
    return changed;
}

bool seedInput(const char* label, uint64_t& seed) {
    int v = int(seed);
    if (!ImGui::InputInt(label, &v)) return false;
    seed = uint64_t(std::max(0, v));
    return true;
}

// The points of 2D data in a small square (up to 400 of them), or what image data holds.
void preview(const NetworkLab& lab) {
    const Dataset& d = lab.data();
    if (lab.images()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]);
        ImGui::TextWrapped("%d classes of 28 × 28 grey images: 60,000 to train on, 10,000 to test", d.numClasses);
        ImGui::PopStyleColor();
        return;
    }
    if (!lab.twoD()) return;
    const float size = ImGui::GetFontSize() * 7;
    ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(size, size));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p0, ImVec2(p0.x + size, p0.y + size), IM_COL32(38, 40, 46, 255));
    ViewTransform vt(lab.dataDomain(), PixelRect{p0.x, p0.y, size, size});
    for (Eigen::Index i = 0; i < std::min<Eigen::Index>(d.size(), 400); ++i) { // 2 triangles a point
        ImVec2 p = toIm(vt.toPixel({d.X(i, 0), d.X(i, 1)}));
        dl->AddRectFilled(ImVec2(p.x - 1.5f, p.y - 1.5f), ImVec2(p.x + 1.5f, p.y + 1.5f),
                          rgbToImU32(classColor(d.labels[i])));
    }
    ImGui::SameLine();
    ImGui::BeginGroup();
    ImGui::Text("%lld points, %d classes", (long long)d.size(), d.numClasses);
    ImGui::Text("%lld train, %lld test", (long long)d.numTrain(), (long long)d.numTest);
    ImGui::EndGroup();
}

void dataControls(AppState& state, NetworkLab& lab) {
    NetworkSettings& s = state.scene.network;
    NetworkPanelState& ps = state.ui.panels.network;
    if (combo("dataset", s.dataset, networkDatasetName, kNetworkDatasets) &&
        s.dataset == NetworkDataset::FashionMnist &&
        std::all_of(s.hidden.begin(), s.hidden.end(), [](int w) { return w < 32; }))
        s.hidden = {128}; // 784 inputs want a wider layer than the toy sets
    if (s.dataset == NetworkDataset::Csv) {
        if (ps.csvSeen != s.csvPath) ps.csvDraft = ps.csvSeen = s.csvPath; // another scene's file
        if (ImGui::InputText("file", &ps.csvDraft, ImGuiInputTextFlags_EnterReturnsTrue))
            s.csvPath = ps.csvSeen = ps.csvDraft;
        ImGui::SameLine();
        if (ImGui::SmallButton("reload")) {
            s.csvPath = ps.csvSeen = ps.csvDraft;
            lab.reload();
        }
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]);
        ImGui::TextWrapped("a header line, numeric columns, the label last; Enter loads");
        ImGui::PopStyleColor();
    }
    if (isSynthetic(s.dataset)) {
        ImGui::SliderInt("points", &s.samples, 20, 5000, "%d", ImGuiSliderFlags_Logarithmic);
        sliderDouble("noise", &s.noise, 0.0, 0.5, "%.3g");
        seedInput("data seed", s.dataSeed);
    }
    if (s.dataset != NetworkDataset::FashionMnist) sliderDouble("test fraction", &s.testFraction, 0.0, 0.9, "%.2f");
    preview(lab);
}

void architecture(AppState& state, NetworkLab& lab) {
    NetworkSettings& s = state.scene.network;
    if (lab.hasNetwork()) ImGui::Text("%s", architectureText(lab.config()).c_str());
    ImGui::TextDisabled("inputs and outputs follow the data");
    for (size_t i = 0; i < s.hidden.size(); ++i) {
        ImGui::PushID(int(i));
        char label[32];
        std::snprintf(label, sizeof label, "hidden %zu", i + 1);
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
        ImGui::SliderInt(label, &s.hidden[i], 1, 512, "%d units", ImGuiSliderFlags_Logarithmic);
        ImGui::SameLine();
        if (ImGui::SmallButton("remove")) {
            s.hidden.erase(s.hidden.begin() + long(i));
            ImGui::PopID();
            break;
        }
        ImGui::PopID();
    }
    if (s.hidden.size() < 8 && ImGui::Button("+ hidden layer"))
        s.hidden.push_back(s.hidden.empty() ? 8 : s.hidden.back());
    combo("activation", s.activation, nn::activationName, kNetworkActivations);
    combo("loss", s.loss, nn::lossName, kNetworkLosses);
    combo("init", s.init, nn::initSchemeName, kNetworkInits);
    seedInput("init seed", s.initSeed);
}

void training(AppState& state, NetworkLab& lab) {
    NetworkSettings& s = state.scene.network;
    OptimizerConfig& c = s.optimizer;
    optimizerCombo(c, false); // newton needs a Hessian: the playground only
    HyperparameterMemory memory{state.ui.panels.network.betaBeforeNesterov};
    hyperparameterSliders(c, 1e3, &memory);
    state.ui.panels.network.betaBeforeNesterov = memory.betaBeforeNesterov;
    ImGui::TextDisabled("η and the optimizer apply to the running network");
    const int rows = lab.hasNetwork() ? int(lab.trainData().size()) : 1024;
    int batch = s.batchSize == 0 || s.batchSize > rows ? rows : s.batchSize;
    if (ImGui::SliderInt("batch size", &batch, 1, std::max(2, rows), batch >= rows ? "%d (full batch)" : "%d",
                         ImGuiSliderFlags_Logarithmic))
        s.batchSize = batch >= rows ? 0 : batch;
    seedInput("shuffle seed", s.shuffleSeed);
    sliderDouble("L1 λ₁", &s.l1, 0.0, 1.0, "%.3g", true);
    sliderDouble("L2 λ₂", &s.l2, 0.0, 1.0, "%.3g", true);
    ImGui::TextDisabled("loss + λ₁Σ|W| + λ₂ΣW² over the weights; both: elastic net");
}

void landscape(AppState& state) {
    NetworkSettings& s = state.scene.network;
    ImGui::Checkbox("show the loss landscape", &s.showLandscape);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("The training loss on a plane through the current weights, with the path the\n"
                          "training took projected onto it (Li et al. 2018), instead of the decision view.");
    if (!s.showLandscape) return;
    using nn::LandscapeDirections;
    if (ImGui::RadioButton("random directions", s.landscapeDirections == LandscapeDirections::FilterNormalized))
        s.landscapeDirections = LandscapeDirections::FilterNormalized;
    ImGui::SameLine();
    if (ImGui::RadioButton("PCA of the path", s.landscapeDirections == LandscapeDirections::Pca))
        s.landscapeDirections = LandscapeDirections::Pca;
    if (s.landscapeDirections == LandscapeDirections::FilterNormalized)
        sliderDouble("range ±", &s.landscapeRange, 0.05, 10.0, "%.3g", true);
    else
        ImGui::TextDisabled("the plane of the path's two main directions, sized to the path");
}

void exportCurves(AppState& state, NetworkLab& lab) {
    const NetworkLab::Snapshot* snap = lab.snapshot();
    if (!snap) return;
    if (!ImGui::Button("training curves → CSV")) {
        ImGui::SameLine();
        ImGui::TextDisabled("into the File tab's folder");
        return;
    }
    char name[160];
    std::snprintf(name, sizeof name, "/training-curves-%s-step%ld.csv", networkDatasetName(state.scene.network.dataset),
                  snap->step);
    const std::string path = state.ui.exports.directory + name;
    try {
        writeFileAtomic(path, trainingCurvesCsv(snap->history));
        state.ui.statusMessage = "Saved " + path + " (" + std::to_string(snap->history.size()) + " evaluations)";
    } catch (const std::exception& e) { // IoError: the file could not be written
        state.ui.statusMessage = messageFor(e);
    }
}

} // namespace

void drawNetworkPanel(AppState& state) {
    NetworkLab& lab = networkLab(state);
    sectionHeader("Data");
    dataControls(state, lab);
    if (!lab.error().empty()) errorText(lab.error().c_str());
    if (lab.loading()) ImGui::TextDisabled("%s…", lab.loadStatus().what.c_str());
    sectionHeader("Network");
    architecture(state, lab);
    sectionHeader("Training");
    training(state, lab);
    if (!lab.notice().empty()) errorText(lab.notice().c_str());
    sectionHeader("Views and data");
    landscape(state);
    exportCurves(state, lab);
}

} // namespace dh
