// The Runs tab: what every run shares (steps, noise, minibatch, seed, where runs start) and, per run,
// its optimizer, colour, visibility, hyperparameters (η on a log scale, β, β₂, ε, ...) and schedule.
// Every change recomputes all trajectories in the same frame (see syncDerived).
// A run keeps a consistent name: until the user types one, its label follows its optimizer settings
// (GD, Momentum, Nesterov, Adam, ...). A new optimizer takes torch's defaults, η included
// (optimizerCombo). "Tune η" keeps a report (η before → after, the lowest f reached) with an undo,
// dropped when the scene, lab or surface changes or a tuned η is moved by hand.
#include "app/app_state.h"
#include "app/gfx/widgets.h"
#include "app/panels/panels.h"
#include "core/optim/tuner.h"

#include <algorithm>
#include <cstdio>
#include <imgui.h>
#include <imgui_stdlib.h>

namespace dh {
namespace {

void sharedSettings(AppState& state) {
    Playground& p = state.scene.playground;
    int steps = p.steps;
    char capped[48];
    std::snprintf(capped, sizeof capped, "%%d  (cap %d)", kMaxGuiSteps);
    if (ImGui::SliderInt("steps", &steps, 1, kMaxGuiSteps, capped, ImGuiSliderFlags_Logarithmic))
        p.steps = std::clamp(steps, 0, kMaxGuiSteps);
    if (state.derived.runs.stepsPerRun < p.steps)
        ImGui::TextColored(ImVec4(1, 0.7f, 0.3f, 1), "%d runs × starts: %d steps each (at most %ld steps in all)",
                           int(p.runs.size()), state.derived.runs.stepsPerRun, kMaxGuiWork);
    sliderDouble("noise σ", &p.noiseSigma, 0.0, 10.0, "%.3g", false);
    if (state.derived.surface && state.derived.surface->sampleCount() > 0) {
        int n = state.derived.surface->sampleCount();
        int batch = p.batchSize == 0 ? n : p.batchSize;
        if (ImGui::SliderInt("batch size", &batch, 1, n)) p.batchSize = batch >= n ? 0 : batch;
    }
    if (p.noiseSigma > 0 || p.batchSize > 0) {
        int seed = int(p.seed);
        if (ImGui::InputInt("seed", &seed)) p.seed = uint64_t(std::max(0, seed));
    }

    int mode = int(p.startMode);
    ImGui::TextUnformatted("start:");
    ImGui::SameLine();
    if (ImGui::RadioButton("shared", mode == 0)) p.startMode = StartMode::Shared;
    ImGui::SameLine();
    if (ImGui::RadioButton("per run", mode == 1)) p.startMode = StartMode::PerRun;
    ImGui::SameLine();
    if (ImGui::RadioButton("grid", mode == 2)) p.startMode = StartMode::Grid;
    if (p.startMode == StartMode::Shared && state.derived.surface) {
        Eigen::Vector2d s = sharedStart(p, *state.derived.surface);
        double xy[2] = {s.x(), s.y()};
        if (ImGui::InputScalarN("x₀", ImGuiDataType_Double, xy, state.derived.surface->oneD ? 1 : 2, nullptr, nullptr,
                                "%.4g")) {
            p.start = {xy[0], state.derived.surface->oneD ? 0.0 : xy[1]};
            p.startSet = true;
        }
        ImGui::TextDisabled("drag the white ring on the surface to move it");
    } else if (p.startMode == StartMode::Grid) {
        ImGui::SliderInt("grid", &p.gridSize, 1, kMaxGuiGrid, "%d per side");
    }
}

// The label a run gets from its optimizer settings.
std::string automaticLabel(const OptimizerConfig& c) {
    switch (c.kind) {
    case OptimizerKind::Sgd:
        return c.nesterov ? "Nesterov" : c.momentum > 0 ? "Momentum" : "GD";
    case OptimizerKind::Adagrad:
        return "AdaGrad";
    case OptimizerKind::Rmsprop:
        return "RMSProp";
    case OptimizerKind::Adam:
        return "Adam";
    case OptimizerKind::Adamw:
        return "AdamW";
    case OptimizerKind::Nadam:
        return "NAdam";
    case OptimizerKind::Adadelta:
        return "Adadelta";
    case OptimizerKind::Newton:
        return "Newton";
    default:
        return optimizerName(c.kind);
    }
}

// Gives each run an identity; a new scene or a runs list replaced as a whole starts afresh.
void syncRunIds(AppState& state) {
    RunsPanelState& rp = state.ui.panels.runs;
    size_t n = state.scene.playground.runs.size();
    if (rp.generation == state.sceneGeneration && rp.runs.size() == n) return;
    rp.runs.clear();
    for (size_t i = 0; i < n; ++i) rp.runs.push_back({rp.nextId++});
    rp.generation = state.sceneGeneration;
}

void tuneEveryRun(AppState& state) {
    Playground& p = state.scene.playground;
    RunsPanelState& rp = state.ui.panels.runs;
    TuneOptions options;
    options.steps = std::max(1, p.steps);
    Eigen::Vector2d start = sharedStart(p, *state.derived.surface);
    rp.tuned.clear();
    for (size_t i = 0; i < p.runs.size(); ++i) {
        RunSpec& run = p.runs[i];
        Eigen::Vector2d s = p.startMode == StartMode::PerRun ? run.start : start;
        TuneResult r = tuneLearningRate(*state.derived.surface, run.optimizer, run.schedule, s, options);
        RunsPanelState::Tuned t{rp.runs[i].id,    run.label,  r.found,   run.optimizer.lr,
                                run.optimizer.lr, r.currentF, r.currentF};
        if (r.found) t.after = run.optimizer.lr = r.lr, t.afterF = r.lowestF;
        rp.tuned.push_back(t);
    }
    rp.tunedContext = state.ui.contextVersion;
}

// The run with this identity, or null when it is gone.
RunSpec* runById(AppState& state, int id) {
    const RunsPanelState& rp = state.ui.panels.runs;
    for (size_t i = 0; i < rp.runs.size(); ++i)
        if (rp.runs[i].id == id) return &state.scene.playground.runs[i];
    return nullptr;
}

// "GD: η 0.0805 → 0.0912, lowest f −0.215 → −1.03", and an undo. Dropped once it is no longer true.
void tuneReport(AppState& state) {
    RunsPanelState& rp = state.ui.panels.runs;
    if (rp.tuned.empty()) return;
    bool stale = rp.tunedContext != state.ui.contextVersion;
    for (const RunsPanelState::Tuned& t : rp.tuned) {
        const RunSpec* run = runById(state, t.id);
        stale |= run && run->optimizer.lr != t.after;
    }
    if (stale) {
        rp.tuned.clear();
        return;
    }
    sectionHeader("Tuned η (lowest f reached in the steps)");
    for (const RunsPanelState::Tuned& t : rp.tuned) {
        if (!t.found)
            ImGui::TextWrapped("%s: η %.3g kept (every trial diverged)", t.label.c_str(), t.before);
        else if (t.after == t.before)
            ImGui::TextWrapped("%s: η %.3g kept (the best found; f %.6g)", t.label.c_str(), t.before, t.beforeF);
        else
            ImGui::TextWrapped("%s: η %.3g → %.3g, f %.6g → %.6g", t.label.c_str(), t.before, t.after, t.beforeF,
                               t.afterF);
    }
    if (ImGui::Button("undo tuning")) {
        for (const RunsPanelState::Tuned& t : rp.tuned)
            if (RunSpec* run = runById(state, t.id)) run->optimizer.lr = t.before;
        rp.tuned.clear();
        return;
    }
    ImGui::SameLine();
    if (ImGui::Button("keep")) rp.tuned.clear();
}

void tuneButton(AppState& state) {
    if (ImGui::Button("tune η for every run")) {
        tuneEveryRun(state);
        return;
    }
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("For each run, the η (the current one, then a log-spaced search over 1e-5 … 10) whose\n"
                          "run of %d steps reaches the lowest f: never worse than the current η by that measure.",
                          state.scene.playground.steps);
}

void scheduleControls(Schedule& s) {
    int kind = int(s.kind);
    if (ImGui::Combo("schedule", &kind, "constant\0step\0cosine\0warmup\0")) s.kind = ScheduleKind(kind);
    switch (s.kind) {
    case ScheduleKind::Constant:
        break;
    case ScheduleKind::Step:
        ImGui::SliderInt("step size", &s.stepSize, 1, 1000, "%d", ImGuiSliderFlags_Logarithmic);
        sliderDouble("γ (decay)", &s.gamma, 0.0, 1.0, "%.3g");
        break;
    case ScheduleKind::Cosine:
        ImGui::SliderInt("T_max", &s.tMax, 1, kMaxGuiSteps, "%d", ImGuiSliderFlags_Logarithmic);
        sliderDouble("η_min", &s.etaMin, 0.0, 1.0, "%.3g");
        break;
    case ScheduleKind::Warmup:
        ImGui::SliderInt("warmup steps", &s.warmupSteps, 1, 1000, "%d", ImGuiSliderFlags_Logarithmic);
        break;
    }
}

// A run may override the shared noise σ and (on linreg) the minibatch size, e.g. GD against SGD.
void ownNoiseAndBatch(AppState& state, RunSpec& run) {
    bool ownNoise = run.noiseSigma >= 0;
    if (ImGui::Checkbox("own noise σ", &ownNoise)) run.noiseSigma = ownNoise ? state.scene.playground.noiseSigma : -1;
    if (ownNoise) {
        ImGui::SameLine();
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
        sliderDouble("##noise", &run.noiseSigma, 0.0, 10.0, "%.3g");
    }
    int n = state.derived.surface->sampleCount();
    if (n <= 0) return;
    bool ownBatch = run.batchSize >= 0;
    if (ImGui::Checkbox("own batch size", &ownBatch)) run.batchSize = ownBatch ? 1 : -1;
    if (ownBatch) {
        int batch = run.batchSize == 0 ? n : run.batchSize;
        ImGui::SameLine();
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
        if (ImGui::SliderInt("##batch", &batch, 1, n)) run.batchSize = batch >= n ? 0 : batch;
    }
}

// One run: header line (colour, visibility, name, outcome), then its settings when open.
// Returns false when the run should be removed.
bool runControls(AppState& state, int index) {
    RunSpec& run = state.scene.playground.runs[size_t(index)];
    RunsPanelState::Run& memory = state.ui.panels.runs.runs[size_t(index)];
    ImGui::PushID(memory.id); // open or closed by the run, not by its position
    bool keep = true;
    float rgb[3] = {((run.color >> 16) & 0xff) / 255.0f, ((run.color >> 8) & 0xff) / 255.0f,
                    (run.color & 0xff) / 255.0f};
    if (ImGui::ColorEdit3("##color", rgb, ImGuiColorEditFlags_NoInputs | ImGuiColorEditFlags_NoLabel))
        run.color = (uint32_t(rgb[0] * 255 + 0.5f) << 16) | (uint32_t(rgb[1] * 255 + 0.5f) << 8) |
                    uint32_t(rgb[2] * 255 + 0.5f);
    ImGui::SameLine();
    ImGui::Checkbox("##visible", &run.visible);
    ImGui::SameLine();
    char header[128];
    if (run.label.find("η") == std::string::npos)
        std::snprintf(header, sizeof header, "%s  η=%.3g", run.label.c_str(), run.optimizer.lr);
    else
        std::snprintf(header, sizeof header, "%s", run.label.c_str());
    bool open =
        ImGui::TreeNodeEx("##run", index == state.ui.selectedRun ? ImGuiTreeNodeFlags_Selected : 0, "%s", header);
    if (ImGui::IsItemClicked()) state.ui.selectedRun = index;
    const RunOutcome* outcome =
        index < int(state.derived.runs.runs.size()) ? &state.derived.runs.runs[size_t(index)] : nullptr;
    if (outcome && !outcome->trajectories.empty() && outcome->trajectories[0].divergedAt >= 0) {
        ImGui::SameLine();
        ImGui::TextColored(ImVec4(1, 0.4f, 0.3f, 1), "diverged");
    }
    if (open) {
        if (ImGui::InputText("name", &run.label)) memory.named = true;
        HyperparameterMemory hm{memory.betaBeforeNesterov};
        bool changed = optimizerCombo(run.optimizer, true);
        changed |= hyperparameterSliders(run.optimizer, 1e6, &hm); // η up to 1e6: divergence is worth showing
        memory.betaBeforeNesterov = hm.betaBeforeNesterov;
        if (changed && !memory.named) run.label = automaticLabel(run.optimizer);
        scheduleControls(run.schedule);
        ownNoiseAndBatch(state, run);
        if (state.scene.playground.startMode == StartMode::PerRun) {
            double xy[2] = {run.start.x(), run.start.y()};
            if (ImGui::InputScalarN("start", ImGuiDataType_Double, xy, 2, nullptr, nullptr, "%.4g"))
                run.start = {xy[0], xy[1]};
        }
        if (outcome && !outcome->error.empty()) errorText(outcome->error.c_str());
        if (ImGui::SmallButton("remove this run")) keep = false;
        ImGui::TreePop();
    }
    ImGui::PopID();
    return keep;
}

void addRunMenu(AppState& state) {
    Playground& p = state.scene.playground;
    if (ImGui::Button("+ add run")) ImGui::OpenPopup("add");
    if (ImGui::BeginPopup("add")) {
        for (const RunSpec& preset : defaultRuns())
            if (ImGui::Selectable(preset.label.c_str())) {
                RunSpec r = preset;
                r.color = paletteColor(int(p.runs.size()));
                p.runs.push_back(r);
                state.ui.panels.runs.runs.push_back({state.ui.panels.runs.nextId++});
            }
        ImGui::Separator();
        for (OptimizerKind k : allOptimizerKinds())
            if (ImGui::Selectable(optimizerName(k))) {
                RunSpec r;
                r.optimizer = torchDefaults(k);
                r.label = automaticLabel(r.optimizer);
                r.color = paletteColor(int(p.runs.size()));
                p.runs.push_back(r);
                state.ui.panels.runs.runs.push_back({state.ui.panels.runs.nextId++});
            }
        ImGui::EndPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("default race")) {
        p.runs = defaultRuns();
        state.ui.panels.runs.generation = -1; // new runs: new identities
    }
}

} // namespace

void drawRunsPanel(AppState& state) {
    if (!state.derived.surface) return;
    sectionHeader("Shared by every run");
    sharedSettings(state);
    sectionHeader("Runs");
    Playground& p = state.scene.playground;
    syncRunIds(state);
    std::vector<RunsPanelState::Run>& ids = state.ui.panels.runs.runs;
    for (int i = 0; i < int(p.runs.size()); ++i)
        if (!runControls(state, i)) {
            p.runs.erase(p.runs.begin() + i);
            ids.erase(ids.begin() + i);
            if (state.ui.selectedRun > i) --state.ui.selectedRun;
            --i;
        }
    addRunMenu(state);
    ImGui::SameLine();
    tuneButton(state);
    tuneReport(state);
}

} // namespace dh
