#include "app/app_state.h"

#include "app/fitting_lab.h"
#include "app/gfx/gpu.h"
#include "app/gfx/theme.h"
#include "core/common/error.h"
#include "core/common/paths.h"
#include "core/lab/graph_lab.h"
#include "core/scene/scene_json.h"
#include "core/scene/session_store.h"

#include <algorithm>
#include <cstdlib>
#include <imgui.h>

namespace dh {

DerivedState::DerivedState() = default;
DerivedState::~DerivedState() = default;
AppState::AppState() = default;
AppState::~AppState() = default;

Gpu& openWindow(AppState& state, const WindowOptions& options) {
    state.gpu = std::make_unique<Gpu>(options);
    applyUiSettings(state);
    return *state.gpu;
}

void setScene(AppState& state, Scene scene) {
    state.scene = std::move(scene);
    ++state.sceneGeneration;
    state.ui.selectedRun = 0;
    state.ui.timelinePosition = 0;
    state.ui.drag = UiState::Drag::None;
    state.ui.openBackpropTab = state.scene.backprop.shown;
    state.ui.currentPreset = -1;
    state.ui.statusMessage.clear(); // "Tuned η: ..." and other news of the old scene
    applyUiSettings(state);
}

void openPreset(AppState& state, int index) {
    Scene scene = state.ui.presets.at(size_t(index)).scene;
    scene.ui = state.scene.ui;
    setScene(state, std::move(scene));
    state.ui.currentPreset = index;
}

bool openSceneFile(AppState& state, const std::string& given) {
    const std::string path = absolutePath(given); // messages and the recent list name the file fully
    std::vector<std::string> warnings;
    try {
        setScene(state, loadScene(path, &warnings));
    } catch (const std::exception& e) { // the file could not be read or is invalid: keep the current scene
        state.ui.statusMessage = "Not opened: " + messageFor(e);
        return false;
    }
    state.ui.statusMessage = "Opened " + path;
    for (const std::string& w : warnings) state.ui.statusMessage += "\nwarning: " + w;
    if (state.ui.recent) state.ui.recent->add(path);
    return true;
}

Scene sceneToSave(const AppState& state) {
    Scene s = state.scene;
    if (state.derived.network) s.network.trainSteps = state.derived.network->shownStep();
    return s;
}

bool syncSurface(AppState& state) {
    DerivedState& d = state.derived;
    const SurfaceSpec& spec = state.scene.surface;
    if (d.surface && spec == d.builtFrom) return false;
    try {
        d.surface = makeSurface(spec);
        d.builtFrom = spec;
        d.surfaceError.clear();
        ++d.surfaceVersion;
        return true;
    } catch (const InputError& e) {
        d.surfaceError = e.what();
        if (!d.surface) { // nothing good yet: fall back to the default surface
            state.scene.surface = SurfaceSpec{};
            d.surface = makeBuiltinSurface(state.scene.surface.name);
            ++d.surfaceVersion;
        }
        state.scene.surface = d.builtFrom; // keep the last good spec in the scene
        return false;
    }
}

void forgetStaleState(AppState& state) {
    UiState& ui = state.ui;
    const long generation = state.sceneGeneration, surface = state.derived.surfaceVersion;
    const LabMode mode = state.scene.mode;
    if (generation == ui.seen.generation && surface == ui.seen.surfaceVersion && mode == ui.seen.mode) return;
    if (generation != ui.seen.generation)
        ui.captionMode = mode;
    else if (surface != ui.seen.surfaceVersion && ui.seen.surfaceVersion >= 0)
        state.scene.caption.clear();
    if (generation == ui.seen.generation && mode != ui.seen.mode) ui.statusMessage.clear();
    ui.seen = {generation, surface, mode};
    ++ui.contextVersion;
}

void syncDerived(AppState& state) {
    DerivedState& d = state.derived;
    if (d.criticalVersion != d.surfaceVersion) {
        d.criticalPoints = findCriticalPoints(*d.surface);
        d.criticalVersion = d.surfaceVersion;
    }
    updateRuns(*d.surface, d.surfaceVersion, state.scene.playground, d.runs);
    if (state.ui.selectedRun >= int(state.scene.playground.runs.size()))
        state.ui.selectedRun = std::max(0, int(state.scene.playground.runs.size()) - 1);
}

NetworkLab& networkLab(AppState& state) {
    if (!state.derived.network) {
        NetworkLabOptions o;
        o.settle = state.ui.headless; // `render`: the same picture on every machine
        // DOWNHILL_LAB_EXECUTION=stepped runs the lab as a platform without threads does (or =threads).
        if (const char* e = std::getenv("DOWNHILL_LAB_EXECUTION"))
            o.execution = std::string(e) == "stepped" ? nn::Execution::Stepped : nn::Execution::WorkerThread;
        state.derived.network = std::make_unique<NetworkLab>(o);
    }
    return *state.derived.network;
}

namespace {

// Fashion-MNIST's files where the lab reads them (kFashionMnistDir): the page fetches them first from
// data/fashion-mnist/ beside it (the web build copies Debian's files there); the desktop has them.
bool networkDataFetched(AppState& state) {
    if (state.scene.network.dataset != NetworkDataset::FashionMnist) return true;
    static const std::vector<std::string> files = {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                                                   "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"};
    state.ui.dataFetch = platform::fetchFiles("data/fashion-mnist", kFashionMnistDir, files);
    return state.ui.dataFetch.done && state.ui.dataFetch.error.empty();
}

} // namespace

void syncNetworkLab(AppState& state) {
    if (state.scene.mode != LabMode::Network) {
        if (state.derived.network) state.derived.network->pauseHidden(); // the CPU is shared
        return;
    }
    if (!networkDataFetched(state)) return;
    networkLab(state).update(state.scene.network, state.sceneGeneration, state.ui.frameSeconds);
}

GraphLab& graphLab(AppState& state) {
    if (!state.derived.graph) state.derived.graph = std::make_unique<GraphLab>();
    state.derived.graph->sync(state.scene.graph, state.scene.surface);
    return *state.derived.graph;
}

int shownStep(const AppState& state) {
    int last = std::max(0, state.derived.runs.longest - 1);
    int t = state.scene.playground.timeline;
    return t < 0 ? last : std::min(t, last);
}

uint64_t pictureVersion(const AppState& state) {
    return state.gpu ? state.gpu->pictures.value() : 0;
}

Domain currentView(const AppState& state) {
    if (state.scene.viewSet) return state.scene.view;
    return state.derived.surface ? state.derived.surface->domain : Domain{};
}

void applyUiSettings(AppState& state) {
    if (!ImGui::GetCurrentContext()) return; // no window (a state made by a test)
    applyTheme(ImGui::GetStyle(), state.scene.ui.darkTheme);
    if (state.gpu && state.gpu->window.uiScale() != state.scene.ui.scale)
        state.gpu->window.setUiScale(state.scene.ui.scale);
}

} // namespace dh
