// Sections: small readers (colours, [x, y], domains) · schedules and runs · the playground · the
// network and fitting labs · the surface · sceneToJson / sceneFromJson · files (JSON or PNG).
#include "core/scene/scene_json.h"

#include "core/common/error.h"
#include "core/common/file_io.h"
#include "core/nn/limits.h"
#include "core/scene/json_reader.h"
#include "core/scene/optimizer_json.h"
#include "core/scene/png_text.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace dh {
namespace {

using nlohmann::json;

const char* colormapName(Colormap c) {
    return c == Colormap::Cividis ? "cividis" : "viridis";
}

json domainToJson(const Domain& d) {
    return json::array({d.xMin, d.xMax, d.yMin, d.yMax});
}

Domain readDomain(ObjectReader& r, const char* key, const Domain& fallback) {
    const json* v = r.member(key);
    if (!v) return fallback;
    if (!v->is_array() || v->size() != 4) r.fail(key, "must be [xmin, xmax, ymin, ymax]");
    double d[4];
    for (int i = 0; i < 4; ++i) {
        if (!(*v)[i].is_number()) r.fail(key, "must hold 4 numbers");
        d[i] = (*v)[i].get<double>();
        if (!std::isfinite(d[i]) || std::abs(d[i]) > 1e6) r.fail(key, "values must be finite and within ±1e6");
    }
    if (!(d[1] > d[0]) || !(d[3] > d[2])) r.fail(key, "needs xmin < xmax and ymin < ymax");
    return {d[0], d[1], d[2], d[3]};
}

std::string colorToHex(uint32_t c) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "#%06x", c & 0xffffff);
    return buf;
}

uint32_t readColor(ObjectReader& r, const char* key, uint32_t fallback) {
    std::string text = r.string(key, colorToHex(fallback), 16);
    uint32_t value = 0;
    bool ok = text.size() == 7 && text[0] == '#';
    for (size_t i = 1; ok && i < text.size(); ++i) { // exactly six hex digits: no sign, no spaces, no 0x
        const char c = text[i];
        const int digit = c >= '0' && c <= '9'   ? c - '0'
                          : c >= 'a' && c <= 'f' ? c - 'a' + 10
                          : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                 : -1;
        ok = digit >= 0;
        value = value * 16 + uint32_t(digit);
    }
    if (!ok) r.fail(key, "must be a colour \"#rrggbb\", got \"" + text + "\"");
    return value;
}

json vec2ToJson(const Eigen::Vector2d& v) {
    return json::array({v.x(), v.y()});
}

Eigen::Vector2d readVec2(ObjectReader& r, const char* key, const Eigen::Vector2d& fallback) {
    const json* v = r.member(key);
    if (!v) return fallback;
    if (!v->is_array() || v->size() != 2 || !(*v)[0].is_number() || !(*v)[1].is_number()) r.fail(key, "must be [x, y]");
    Eigen::Vector2d p((*v)[0].get<double>(), (*v)[1].get<double>());
    if (!p.allFinite() || p.cwiseAbs().maxCoeff() > 1e6) r.fail(key, "must be finite and within ±1e6");
    return p;
}

json scheduleToJson(const Schedule& s) {
    json j = {{"kind", scheduleName(s.kind)}};
    switch (s.kind) {
    case ScheduleKind::Constant:
        break;
    case ScheduleKind::Step:
        j["step_size"] = s.stepSize, j["gamma"] = s.gamma;
        break;
    case ScheduleKind::Cosine:
        j["t_max"] = s.tMax, j["eta_min"] = s.etaMin;
        break;
    case ScheduleKind::Warmup:
        j["warmup_steps"] = s.warmupSteps;
        break;
    }
    return j;
}

Schedule readSchedule(ObjectReader r) {
    Schedule s;
    std::string kind = r.string("kind", "constant", 32);
    try {
        s.kind = parseScheduleKind(kind);
    } catch (const InputError& e) {
        r.fail("kind", e.what());
    }
    s.stepSize = r.integer("step_size", s.stepSize, 1, 1000000);
    s.gamma = r.number("gamma", s.gamma, 0, 1e6);
    s.tMax = r.integer("t_max", s.tMax, 1, 1000000);
    s.etaMin = r.number("eta_min", s.etaMin, 0, 1e6);
    s.warmupSteps = r.integer("warmup_steps", s.warmupSteps, 1, 1000000);
    r.finish();
    return s;
}

json runToJson(const RunSpec& run) {
    json j = optimizerToJson(run.optimizer);
    j["label"] = run.label;
    j["color"] = colorToHex(run.color);
    j["visible"] = run.visible;
    j["start"] = vec2ToJson(run.start);
    if (run.schedule.kind != ScheduleKind::Constant) j["schedule"] = scheduleToJson(run.schedule);
    if (run.batchSize >= 0) j["batch_size"] = run.batchSize;
    if (run.noiseSigma >= 0) j["noise_sigma"] = run.noiseSigma;
    return j;
}

RunSpec readRun(ObjectReader r, int index) {
    RunSpec run;
    run.optimizer = readOptimizer(r);
    run.label = r.string("label", optimizerName(run.optimizer.kind), 64);
    run.color = readColor(r, "color", paletteColor(index));
    run.visible = r.boolean("visible", true);
    run.start = readVec2(r, "start", run.start);
    run.schedule = readSchedule(r.object("schedule"));
    run.batchSize = r.integer("batch_size", run.batchSize, -1, 1000000);
    run.noiseSigma = r.number("noise_sigma", run.noiseSigma, -1, 1e6);
    r.finish();
    return run;
}

const char* startModeName(StartMode m) {
    return m == StartMode::PerRun ? "per_run" : m == StartMode::Grid ? "grid" : "shared";
}

json playgroundToJson(const Playground& p) {
    json runs = json::array();
    for (const RunSpec& r : p.runs) runs.push_back(runToJson(r));
    json j = {{"runs", runs},
              {"start_mode", startModeName(p.startMode)},
              {"grid_size", p.gridSize},
              {"steps", p.steps},
              {"noise_sigma", p.noiseSigma},
              {"batch_size", p.batchSize},
              {"seed", p.seed},
              {"timeline", p.timeline},
              {"playing", p.playing},
              {"speed", p.speed},
              {"view", p.viewMode == ViewMode::Mesh3D ? "3d" : "2d"},
              {"camera", {{"yaw", p.camera.yaw}, {"pitch", p.camera.pitch}, {"zoom", p.camera.zoom}}},
              {"overlays",
               {{"quiver", p.overlays.quiver},
                {"critical_points", p.overlays.criticalPoints},
                {"hessian", p.overlays.hessian},
                {"glyphs", p.overlays.glyphs}}},
              {"loss_log_scale", p.lossLogScale}};
    if (p.startSet) j["start"] = vec2ToJson(p.start);
    return j;
}

void readPlayground(ObjectReader r, Playground& p) {
    if (const json* runs = r.member("runs")) {
        if (!runs->is_array()) r.fail("runs", "must be a list of runs");
        if (runs->size() > 64) r.fail("runs", "at most 64 runs (got " + std::to_string(runs->size()) + ")");
        p.runs.clear();
        for (size_t i = 0; i < runs->size(); ++i)
            p.runs.push_back(readRun(ObjectReader((*runs)[i], indexPath(r.pathOf("runs"), i), r.warnings()), int(i)));
    }
    std::string mode = r.string("start_mode", startModeName(p.startMode), 16);
    if (mode == "shared")
        p.startMode = StartMode::Shared;
    else if (mode == "per_run")
        p.startMode = StartMode::PerRun;
    else if (mode == "grid")
        p.startMode = StartMode::Grid;
    else
        r.fail("start_mode", "must be \"shared\", \"per_run\" or \"grid\" (got \"" + mode + "\")");
    p.startSet = r.has("start");
    p.start = readVec2(r, "start", p.start);
    p.gridSize = r.integer("grid_size", p.gridSize, 1, kMaxGuiGrid);
    p.steps = r.integer("steps", p.steps, 0, kMaxGuiSteps);
    p.noiseSigma = r.number("noise_sigma", p.noiseSigma, 0, 1e6);
    p.batchSize = r.integer("batch_size", p.batchSize, 0, 1000000);
    p.seed = uint64_t(r.number("seed", double(p.seed), 0, 9007199254740992.0));
    p.timeline = r.integer("timeline", p.timeline, -1, kMaxGuiSteps);
    p.playing = r.boolean("playing", p.playing);
    p.speed = r.number("speed", p.speed, 0.1, 10000);
    std::string view = r.string("view", p.viewMode == ViewMode::Mesh3D ? "3d" : "2d", 8);
    if (view != "2d" && view != "3d") r.fail("view", "must be \"2d\" or \"3d\"");
    p.viewMode = view == "3d" ? ViewMode::Mesh3D : ViewMode::Plane;
    {
        ObjectReader c = r.object("camera");
        p.camera.yaw = c.number("yaw", p.camera.yaw, -100, 100);
        p.camera.pitch = c.number("pitch", p.camera.pitch, -1.57, 1.57);
        p.camera.zoom = c.number("zoom", p.camera.zoom, 0.05, 50);
        c.finish();
    }
    {
        ObjectReader o = r.object("overlays");
        p.overlays.quiver = o.boolean("quiver", p.overlays.quiver);
        p.overlays.criticalPoints = o.boolean("critical_points", p.overlays.criticalPoints);
        p.overlays.hessian = o.boolean("hessian", p.overlays.hessian);
        p.overlays.glyphs = o.boolean("glyphs", p.overlays.glyphs);
        o.finish();
    }
    p.lossLogScale = r.boolean("loss_log_scale", p.lossLogScale);
    r.finish();
}

constexpr LabMode kLabModes[] = {LabMode::Playground, LabMode::Network, LabMode::Fitting, LabMode::Graph,
                                 LabMode::Loss};

} // namespace

const char* labModeName(LabMode m) {
    switch (m) {
    case LabMode::Network:
        return "network";
    case LabMode::Fitting:
        return "fitting";
    case LabMode::Graph:
        return "graph";
    case LabMode::Loss:
        return "loss";
    case LabMode::Playground:
        break;
    }
    return "playground";
}

namespace {

json networkToJson(const NetworkSettings& n) {
    json j = {{"dataset", networkDatasetName(n.dataset)},
              {"samples", n.samples},
              {"noise", n.noise},
              {"data_seed", n.dataSeed},
              {"test_fraction", n.testFraction},
              {"hidden", n.hidden},
              {"activation", nn::activationName(n.activation)},
              {"loss", nn::lossName(n.loss)},
              {"init", nn::initSchemeName(n.init)},
              {"init_seed", n.initSeed},
              {"optimizer", optimizerToJson(n.optimizer)},
              {"batch_size", n.batchSize},
              {"l1", n.l1},
              {"l2", n.l2},
              {"shuffle_seed", n.shuffleSeed},
              {"train_steps", n.trainSteps},
              {"show_landscape", n.showLandscape},
              {"landscape_directions", landscapeDirectionsName(n.landscapeDirections)},
              {"landscape_range", n.landscapeRange}};
    if (!n.csvPath.empty()) j["csv_path"] = n.csvPath;
    return j;
}

// An enum setting by its name: one of `values` (their names come from `name`), else an error naming
// the key and the known names.
template <class E, size_t N>
E enumOf(ObjectReader& r, const char* key, E fallback, const char* (*name)(E), const E (&values)[N]) {
    const std::string v = r.string(key, name(fallback), 64);
    std::string list;
    for (E e : values) {
        if (v == name(e)) return e;
        list += std::string(list.empty() ? "" : ", ") + name(e);
    }
    r.fail(key, "unknown value \"" + v + "\" (known: " + list + ")");
}

void readNetwork(ObjectReader r, NetworkSettings& n) {
    n.dataset = enumOf(r, "dataset", n.dataset, networkDatasetName, kNetworkDatasets);
    n.csvPath = r.string("csv_path", n.csvPath, 4096);
    n.samples = r.integer("samples", n.samples, 2, 100000);
    n.noise = r.number("noise", n.noise, 0, 10);
    n.dataSeed = uint64_t(r.number("data_seed", double(n.dataSeed), 0, 9007199254740992.0));
    n.testFraction = r.number("test_fraction", n.testFraction, 0, 0.9);
    if (const json* hidden = r.member("hidden")) {
        if (!hidden->is_array() || hidden->size() > 8) r.fail("hidden", "must be a list of at most 8 layer widths");
        n.hidden.clear();
        for (size_t i = 0; i < hidden->size(); ++i) {
            const json& w = (*hidden)[i];
            if (!w.is_number_integer() || w.get<long>() < 1 || w.get<long>() > 1024)
                r.fail(indexPath("hidden", i), "must be a width between 1 and 1024");
            n.hidden.push_back(w.get<int>());
        }
    }
    n.activation = enumOf(r, "activation", n.activation, nn::activationName, kNetworkActivations);
    n.loss = enumOf(r, "loss", n.loss, nn::lossName, kNetworkLosses);
    n.init = enumOf(r, "init", n.init, nn::initSchemeName, kNetworkInits);
    n.initSeed = uint64_t(r.number("init_seed", double(n.initSeed), 0, 9007199254740992.0));
    if (r.has("optimizer")) {
        ObjectReader o = r.object("optimizer");
        n.optimizer = readOptimizer(o);
        o.finish();
    }
    n.batchSize = r.integer("batch_size", n.batchSize, 0, 100000);
    n.l1 = r.number("l1", n.l1, 0, 100);
    n.l2 = r.number("l2", n.l2, 0, 100);
    n.shuffleSeed = uint64_t(r.number("shuffle_seed", double(n.shuffleSeed), 0, 9007199254740992.0));
    n.trainSteps = long(r.integer("train_steps", int(n.trainSteps), 0, 1000000));
    n.showLandscape = r.boolean("show_landscape", n.showLandscape);
    n.landscapeDirections =
        enumOf(r, "landscape_directions", n.landscapeDirections, landscapeDirectionsName, kLandscapeDirections);
    n.landscapeRange = r.number("landscape_range", n.landscapeRange, 0.01, 100);
    r.finish();
    if (n.dataset == NetworkDataset::Csv)
        return; // its size is known once the file is read (checkNetworkWork again then)
    const bool fashion = n.dataset == NetworkDataset::FashionMnist;
    std::vector<int> layers = {fashion ? 784 : 2};
    layers.insert(layers.end(), n.hidden.begin(), n.hidden.end());
    layers.push_back(fashion ? 10 : n.loss == nn::LossKind::Bce ? 1 : 2);
    const double rows = fashion ? 60000 : std::floor(n.samples * (1 - n.testFraction));
    checkNetworkWork(n, layers, rows, r.pathOf(""));
}

json fittingToJson(const FittingSettings& f) {
    return {{"degree", f.degree}, {"samples", f.samples}, {"noise", f.noise},
            {"seed", f.seed},     {"ridge", f.ridge},     {"compare", f.compare}};
}

void readFitting(ObjectReader r, FittingSettings& f) {
    f.degree = r.integer("degree", f.degree, 1, 12);
    f.samples = r.integer("samples", f.samples, 2, 1000);
    f.noise = r.number("noise", f.noise, 0, 10);
    f.seed = uint64_t(r.number("seed", double(f.seed), 0, 9007199254740992.0));
    f.ridge = r.number("ridge", f.ridge, 0, 1e6);
    f.compare = r.boolean("compare", f.compare);
    r.finish();
}

// A list of at most maxCount finite numbers within ±limit.
std::vector<double> readNumbers(ObjectReader& r, const char* key, std::vector<double> fallback, size_t minCount,
                                size_t maxCount, double limit) {
    const json* a = r.member(key);
    if (!a) return fallback;
    if (!a->is_array() || a->size() < minCount || a->size() > maxCount)
        r.fail(key, "must be a list of " + std::to_string(minCount) + " to " + std::to_string(maxCount) + " numbers");
    std::vector<double> out;
    for (size_t i = 0; i < a->size(); ++i) {
        const json& v = (*a)[i];
        if (!v.is_number() || !std::isfinite(v.get<double>()) || std::abs(v.get<double>()) > limit)
            r.fail(indexPath(key, i),
                   "must be a number between " + std::to_string(-limit) + " and " + std::to_string(limit));
        out.push_back(v.get<double>());
    }
    return out;
}

json graphLabToJson(const GraphLabSettings& g) {
    json j = {{"source", graphSourceName(g.source)},
              {"expr", g.expr},
              {"at", g.at},
              {"sweep", g.sweep},
              {"playing", g.playing}};
    if (!g.matrix.empty()) j["matrix"] = g.matrix;
    return j;
}

void readGraphLab(ObjectReader r, GraphLabSettings& g) {
    g.source = enumOf(r, "source", g.source, graphSourceName, kGraphSources);
    g.expr = r.string("expr", g.expr, 4096);
    g.at = readNumbers(r, "at", g.at, 1, 16, 1e6);
    g.matrix = readNumbers(r, "matrix", g.matrix, 6, 6, 1e6);
    g.sweep = r.integer("sweep", g.sweep, -1, 1 << 20);
    g.playing = r.boolean("playing", g.playing);
    r.finish();
}

json lossLabToJson(const LossLabSettings& l) {
    return {{"scores", l.scores}, {"target", l.target}, {"margin", l.margin}};
}

void readLossLab(ObjectReader r, LossLabSettings& l) {
    l.scores = readNumbers(r, "scores", l.scores, 2, size_t(kMaxLossClasses), 1e6);
    l.target = r.integer("target", l.target, 0, int(l.scores.size()) - 1);
    l.margin = r.number("margin", l.margin, 0, 1e6);
    r.finish();
}

void readSurface(ObjectReader r, SurfaceSpec& s) {
    s.name = r.string("name", s.name, 64);
    s.expr = r.string("expr", s.expr, 4096);
    if (const json* params = r.member("params")) {
        if (!params->is_object()) r.fail("params", "must be an object of name: number");
        for (auto it = params->begin(); it != params->end(); ++it) {
            if (!it->is_number() || !std::isfinite(it->get<double>()))
                r.fail("params." + it.key(), "must be a finite number");
            s.params[it.key()] = it->get<double>();
        }
    }
    ObjectReader reg = r.object("regularization");
    s.regularization.l1 = reg.number("l1", 0, 0, kMaxSurfaceRegularization);
    s.regularization.l2 = reg.number("l2", 0, 0, kMaxSurfaceRegularization);
    reg.finish();
    r.finish();
    // The surface must build: a scene never shows another function in place of the one it names.
    try {
        if (s.expr.empty())
            makeBuiltinSurface(s.name, s.params);
        else
            makeExprSurface(s.expr);
    } catch (const InputError& e) {
        r.fail(!s.expr.empty() ? "expr" : r.has("params") && !s.params.empty() ? "params" : "name", e.what());
    }
}

} // namespace

json sceneToJson(const Scene& s) {
    json j;
    j["version"] = s.version;
    if (!s.title.empty()) j["title"] = s.title;
    if (!s.caption.empty()) j["caption"] = s.caption;
    if (!s.topic.empty()) j["topic"] = s.topic;
    json surface;
    surface["name"] = s.surface.name;
    if (!s.surface.params.empty()) surface["params"] = s.surface.params;
    if (!s.surface.expr.empty()) surface["expr"] = s.surface.expr;
    if (s.surface.regularization.active())
        surface["regularization"] = {{"l1", s.surface.regularization.l1}, {"l2", s.surface.regularization.l2}};
    j["surface"] = surface;
    if (s.viewSet) j["view"] = domainToJson(s.view);
    j["style"] = {{"colormap", colormapName(s.style.colormap)},
                  {"log_scale", s.style.logScale},
                  {"contours", s.style.contours},
                  {"contour_levels", s.style.contourLevels}};
    j["mode"] = labModeName(s.mode);
    j["playground"] = playgroundToJson(s.playground);
    j["network"] = networkToJson(s.network);
    j["fitting"] = fittingToJson(s.fitting);
    j["backprop"] = {{"sample", s.backprop.sample}, {"step", s.backprop.step}, {"shown", s.backprop.shown}};
    j["graph"] = graphLabToJson(s.graph);
    j["loss"] = lossLabToJson(s.loss);
    j["ui"] = {{"theme", s.ui.darkTheme ? "dark" : "light"}, {"scale", s.ui.scale}};
    return j;
}

std::string sceneToText(const Scene& scene) {
    return sceneToJson(scene).dump(2) + "\n";
}

Scene sceneFromJson(const json& j, std::vector<std::string>* warnings) {
    if (!j.is_object())
        throw InputError("scene: must be an object {\"version\": 1, ...}, got " + std::string(j.type_name()));
    Scene s;
    ObjectReader r(j, "", warnings);
    s.version = r.integer("version", 1, 1, 1);
    s.title = r.string("title", "", 200);
    s.caption = r.string("caption", "", 2000);
    s.topic = r.string("topic", "", 64);
    readSurface(r.object("surface"), s.surface);
    s.viewSet = r.has("view");
    s.view = readDomain(r, "view", s.view);
    {
        ObjectReader st = r.object("style");
        std::string cm = st.string("colormap", colormapName(s.style.colormap), 32);
        if (cm == "viridis")
            s.style.colormap = Colormap::Viridis;
        else if (cm == "cividis")
            s.style.colormap = Colormap::Cividis;
        else
            st.fail("colormap", "unknown colormap '" + cm + "' (known: viridis, cividis)");
        s.style.logScale = st.boolean("log_scale", s.style.logScale);
        s.style.contours = st.boolean("contours", s.style.contours);
        s.style.contourLevels = st.integer("contour_levels", s.style.contourLevels, 2, 200);
        st.finish();
    }
    s.mode = enumOf(r, "mode", s.mode, labModeName, kLabModes);
    readPlayground(r.object("playground"), s.playground);
    readNetwork(r.object("network"), s.network);
    readFitting(r.object("fitting"), s.fitting);
    {
        ObjectReader b = r.object("backprop");
        s.backprop.sample = b.integer("sample", s.backprop.sample, 0, 1 << 30);
        s.backprop.step = b.integer("step", s.backprop.step, -1, 1 << 10);
        s.backprop.shown = b.boolean("shown", s.backprop.shown);
        b.finish();
    }
    readGraphLab(r.object("graph"), s.graph);
    readLossLab(r.object("loss"), s.loss);
    {
        ObjectReader ui = r.object("ui");
        std::string theme = ui.string("theme", "dark", 16);
        if (theme != "dark" && theme != "light") ui.fail("theme", "must be \"dark\" or \"light\"");
        s.ui.darkTheme = theme == "dark";
        s.ui.scale = float(ui.number("scale", s.ui.scale, 0.5, 4.0));
        ui.finish();
    }
    r.finish();
    return s;
}

Scene sceneFromText(const std::string& text, std::vector<std::string>* warnings) {
    return sceneFromJson(parseJsonText(text, "scene"), warnings);
}

Scene loadScene(const std::string& path, std::vector<std::string>* warnings) {
    InputFile file(path, kMaxScenePngBytes, "a PNG with a scene");
    unsigned char head[8] = {};
    const bool png = file.read(head, 8) == 8 && head[0] == 0x89 && head[1] == 'P';
    std::string text;
    if (png) {
        std::optional<std::string> embedded;
        try {
            embedded = findPngText(file, kScenePngKeyword, kMaxSceneFileBytes);
        } catch (const InputError& e) {
            throw InputError(path + ": " + e.what());
        }
        if (!embedded) throw InputError(path + ": this PNG holds no Downhill scene");
        text = std::move(*embedded);
    } else {
        file.seek(0);
        std::vector<unsigned char> bytes = file.readAll(kMaxSceneFileBytes, "a scene");
        text.assign(bytes.begin(), bytes.end());
    }
    try {
        return sceneFromText(text, warnings);
    } catch (const InputError& e) {
        throw InputError(path + ": " + e.what());
    }
}

void checkNetworkWork(const NetworkSettings& n, const std::vector<int>& layers, double trainRows,
                      const std::string& where) {
    const std::string prefix = where.empty() || where == "." ? "network." : where;
    const double parameters = nn::parameterCount(layers);
    nn::checkParameters(parameters, prefix + "hidden");
    const double rowsPerStep = n.batchSize > 0 ? std::min(double(n.batchSize), trainRows) : trainRows;
    nn::checkTrainingWork(double(n.trainSteps), rowsPerStep, parameters, prefix + "train_steps");
}

void saveScene(const std::string& path, const Scene& scene) {
    writeFileAtomic(path, sceneToText(scene));
}

} // namespace dh
