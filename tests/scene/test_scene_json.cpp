// Scenes: the round trip, and malformed files that must give an error naming the JSON path.
#include "core/common/error.h"
#include "core/common/file_io.h"
#include "core/scene/presets.h"
#include "core/scene/scene_json.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace dh;

namespace {

// The error message for a scene text, or "" when it loads.
std::string errorOf(const std::string& text) {
    try {
        sceneFromText(text, nullptr);
        return "";
    } catch (const InputError& e) {
        return e.what();
    }
}

Scene unusualScene() {
    Scene s;
    s.title = "η β ∇ test";
    s.caption = "a caption";
    s.surface.name = "rosenbrock";
    s.surface.params["a"] = 1.5;
    s.viewSet = true;
    s.view = {-1.25, 2.5, -0.5, 3};
    s.style.logScale = false;
    s.style.colormap = Colormap::Cividis;
    s.style.contourLevels = 31;
    s.mode = LabMode::Playground;
    s.playground.startMode = StartMode::PerRun;
    s.playground.steps = 1234;
    s.playground.noiseSigma = 0.125;
    s.playground.seed = 77;
    s.playground.timeline = 17;
    s.playground.viewMode = ViewMode::Mesh3D;
    s.playground.camera = {0.3, 0.4, 1.7};
    s.playground.overlays = {true, true, true, false};
    RunSpec r;
    r.label = "Adam (amsgrad)";
    r.optimizer = torchDefaults(OptimizerKind::Adam);
    r.optimizer.amsgrad = true;
    r.optimizer.beta2 = 0.95;
    r.optimizer.eps = 1e-6;
    r.color = 0x123456;
    r.visible = false;
    r.start = {0.1, -0.2};
    r.schedule.kind = ScheduleKind::Cosine;
    r.schedule.tMax = 50;
    r.schedule.etaMin = 1e-4;
    r.noiseSigma = 0.5;
    s.playground.runs.push_back(r);
    s.network.dataset = NetworkDataset::Moons;
    s.network.hidden = {16, 4, 3};
    s.network.optimizer = torchDefaults(OptimizerKind::Rmsprop);
    s.network.optimizer.centered = true;
    s.fitting.degree = 7;
    s.ui.darkTheme = false;
    s.ui.scale = 1.5f;
    return s;
}

} // namespace

TEST(SceneJson, RoundTripIsIdentical) {
    Scene s = unusualScene();
    std::string text = sceneToText(s);
    std::vector<std::string> warnings;
    Scene back = sceneFromText(text, &warnings);
    EXPECT_TRUE(warnings.empty());
    EXPECT_EQ(sceneToText(back), text);
    EXPECT_EQ(back.playground.runs.back().label, "Adam (amsgrad)");
    EXPECT_TRUE(back.playground.runs.back().optimizer.amsgrad);
    EXPECT_DOUBLE_EQ(back.playground.runs.back().optimizer.beta2, 0.95);
    EXPECT_EQ(back.playground.runs.back().schedule.kind, ScheduleKind::Cosine);
    EXPECT_EQ(back.network.hidden, (std::vector<int>{16, 4, 3}));
    EXPECT_EQ(back.fitting.degree, 7);
}

TEST(SceneJson, SaveAndLoadThroughAFile) {
    std::string path = ::testing::TempDir() + "/scene-roundtrip.json";
    Scene s = unusualScene();
    saveScene(path, s);
    EXPECT_EQ(sceneToText(loadScene(path, nullptr)), sceneToText(s));
}

TEST(SceneJson, MissingKeysTakeDefaultsAndUnknownKeysWarn) {
    std::vector<std::string> warnings;
    Scene s = sceneFromText(
        R"({"version": 1, "colour": "red", "playground": {"runs": [{"optimizer": "adam", "betas": 1}]}})", &warnings);
    ASSERT_EQ(s.playground.runs.size(), 1u);
    EXPECT_EQ(s.playground.runs[0].optimizer.kind, OptimizerKind::Adam);
    EXPECT_DOUBLE_EQ(s.playground.runs[0].optimizer.lr, 1e-3); // torch's default for adam
    EXPECT_EQ(s.surface.name, "six_hump_camel");
    ASSERT_EQ(warnings.size(), 2u);
    std::string all = warnings[0] + "\n" + warnings[1];
    EXPECT_NE(all.find("colour: unknown key"), std::string::npos) << all;
    EXPECT_NE(all.find("playground.runs[0].betas: unknown key"), std::string::npos) << all;
}

TEST(SceneJson, ErrorsNameTheJsonPath) {
    EXPECT_EQ(errorOf(R"({"playground": {"runs": [{}, {}, {"optimizer": "sgd", "lr": -1}]}})"),
              "playground.runs[2].lr: must be >= 0 (got -1)");
    EXPECT_NE(errorOf(R"({"playground": {"runs": [{"optimizer": "adamax"}]}})").find("playground.runs[0].optimizer"),
              std::string::npos);
    EXPECT_NE(errorOf(R"({"playground": {"steps": "many"}})").find("playground.steps: must be an integer"),
              std::string::npos);
    EXPECT_NE(errorOf(R"({"playground": {"steps": 1e300}})").find("playground.steps"), std::string::npos);
    EXPECT_NE(errorOf(R"({"view": [0, 1, 2]})").find("view"), std::string::npos);
    EXPECT_NE(errorOf(R"({"view": [1, 0, 0, 1]})").find("view"), std::string::npos);
    EXPECT_NE(
        errorOf(R"({"playground": {"runs": [{"optimizer": "adam", "beta1": 1.5}]}})").find("playground.runs[0].beta1"),
        std::string::npos);
    EXPECT_NE(errorOf(R"({"playground": {"runs": [{"color": "red"}]}})").find("playground.runs[0].color"),
              std::string::npos);
    EXPECT_NE(errorOf(R"({"version": 2})").find("version"), std::string::npos);
    EXPECT_NE(errorOf(R"({"network": {"hidden": [8, 0]}})").find("network.hidden[1]"), std::string::npos);
    EXPECT_NE(errorOf(R"([1, 2, 3])").find("must be an object"), std::string::npos);
}

// The network lab's settings are enums in memory and the same names on disk as before they were.
TEST(SceneJson, NetworkEnumsAreTheirNamesOnDisk) {
    const Scene s = sceneFromText(R"({"network": {"dataset": "fashion_mnist", "activation": "relu", "loss": "hinge",
        "init": "he_normal", "landscape_directions": "pca"}})",
                                  nullptr);
    EXPECT_EQ(s.network.dataset, NetworkDataset::FashionMnist);
    EXPECT_EQ(s.network.activation, nn::Activation::Relu);
    EXPECT_EQ(s.network.loss, nn::LossKind::Hinge);
    EXPECT_EQ(s.network.init, nn::InitScheme::HeNormal);
    EXPECT_EQ(s.network.landscapeDirections, nn::LandscapeDirections::Pca);
    const nlohmann::json j = nlohmann::json::parse(sceneToText(s))["network"];
    EXPECT_EQ(j["dataset"], "fashion_mnist");
    EXPECT_EQ(j["activation"], "relu");
    EXPECT_EQ(j["loss"], "hinge");
    EXPECT_EQ(j["init"], "he_normal");
    EXPECT_EQ(j["landscape_directions"], "pca");
    // every value of every list survives a round trip under its own name
    Scene t;
    for (NetworkDataset d : kNetworkDatasets) {
        t.network.dataset = d;
        EXPECT_EQ(sceneFromText(sceneToText(t), nullptr).network.dataset, d) << networkDatasetName(d);
    }
    for (nn::InitScheme i : kNetworkInits) {
        t.network.init = i;
        EXPECT_EQ(sceneFromText(sceneToText(t), nullptr).network.init, i) << nn::initSchemeName(i);
    }
    for (nn::LossKind l : kNetworkLosses) {
        t.network.loss = l;
        EXPECT_EQ(sceneFromText(sceneToText(t), nullptr).network.loss, l) << nn::lossName(l);
    }
}

TEST(SceneJson, AnUnknownNetworkNameIsAnErrorNamingTheField) {
    EXPECT_EQ(errorOf(R"({"network": {"activation": "softplus"}})"),
              "network.activation: unknown value \"softplus\" (known: tanh, sigmoid, relu, linear)");
    EXPECT_NE(errorOf(R"({"network": {"dataset": "mnist"}})").find("network.dataset: unknown value \"mnist\""),
              std::string::npos);
    EXPECT_NE(errorOf(R"({"network": {"loss": "binary_cross_entropy"}})").find("network.loss"), std::string::npos);
    EXPECT_NE(errorOf(R"({"network": {"init": "kaiming"}})").find("network.init"), std::string::npos);
    EXPECT_NE(errorOf(R"({"network": {"landscape_directions": "random_normal"}})").find("network.landscape_directions"),
              std::string::npos);
    EXPECT_NE(errorOf(R"({"network": {"activation": 3}})").find("network.activation"), std::string::npos);
}

TEST(SceneJson, NaNHugeAndTruncatedInputAreErrorsNotCrashes) {
    EXPECT_NE(errorOf(R"({"playground": {"noise_sigma": NaN}})").find("invalid JSON"), std::string::npos);
    EXPECT_NE(errorOf(R"({"playground": {"noise_sigma": 1e999}})"), "");
    EXPECT_NE(errorOf(R"({"playground": {"start": [1e308, 0]}})").find("playground.start"), std::string::npos);
    std::string full = sceneToText(unusualScene());
    for (size_t cut = 0; cut < full.size(); cut += 7) {
        std::string message = errorOf(full.substr(0, cut));
        EXPECT_NE(message, "") << "a scene truncated at byte " << cut << " loaded";
    }
    // Deep nesting and binary garbage.
    EXPECT_NE(errorOf(std::string(100000, '[') + std::string(100000, ']')), "");
    std::string garbage;
    for (int i = 0; i < 4096; ++i) garbage.push_back(char((i * 131) % 256));
    EXPECT_NE(errorOf(garbage), "");
}

TEST(SceneJson, AVeryLargeFileIsRefusedByName) {
    std::string path = ::testing::TempDir() + "/huge-scene.json";
    std::string text = "{\"caption\": \"" + std::string(kMaxSceneFileBytes + 10, 'x') + "\"}";
    writeFileAtomic(path, text);
    try {
        loadScene(path, nullptr);
        FAIL() << "loaded a huge scene";
    } catch (const IoError& e) { // a file that cannot be used: exit code 1
        EXPECT_EQ(std::string(e.what()), path + ": larger than 16 MiB, the limit for a scene");
    }
    std::remove(path.c_str());
}

TEST(Presets, AllParseWithCaptionsInOrderAndATopicOfTheCourse) {
    std::vector<Preset> presets = loadPresets();
    ASSERT_EQ(presets.size(), 19u);
    const std::vector<std::string>& topics = presetTopics();
    for (size_t i = 0; i < presets.size(); ++i) {
        EXPECT_EQ(presets[i].file.substr(0, 2), (i < 9 ? "0" : "") + std::to_string(i + 1));
        EXPECT_FALSE(presets[i].scene.title.empty()) << presets[i].file;
        EXPECT_GT(presets[i].scene.caption.size(), 40u) << presets[i].file;
        EXPECT_NE(std::find(topics.begin(), topics.end(), presetTopic(presets[i].scene)), topics.end())
            << presets[i].file << ": topic \"" << presetTopic(presets[i].scene) << "\"";
    }
    EXPECT_EQ(presets[8].scene.mode, LabMode::Network);
    EXPECT_EQ(presets[9].scene.mode, LabMode::Fitting);
    // one preset or more for each story of "where gradients come from" (graph, backprop, losses, kinks, L1/L2)
    int graph = 0, loss = 0;
    for (const Preset& p : presets) graph += p.scene.mode == LabMode::Graph, loss += p.scene.mode == LabMode::Loss;
    EXPECT_GE(graph, 2);
    EXPECT_GE(loss, 2);
    EXPECT_EQ(presets[12].scene.mode, LabMode::Network);
    EXPECT_EQ(presets[12].scene.network.activation, nn::Activation::Sigmoid);
    EXPECT_EQ(presets[12].scene.network.loss, nn::LossKind::CrossEntropy);
    EXPECT_TRUE(presets[17].scene.surface.regularization.l1 > 0 && presets[17].scene.surface.regularization.l2 == 0);
    EXPECT_TRUE(presets[18].scene.surface.regularization.l2 > 0 && presets[18].scene.surface.regularization.l1 == 0);
}

TEST(Presets, TopicsFollowTheLabUnlessTheSceneNamesOne) {
    Scene s;
    EXPECT_EQ(presetTopic(s), "optimizers");
    s.mode = LabMode::Graph;
    EXPECT_EQ(presetTopic(s), "gradients and backprop");
    s.mode = LabMode::Loss;
    EXPECT_EQ(presetTopic(s), "losses and regularization");
    s.mode = LabMode::Fitting;
    EXPECT_EQ(presetTopic(s), "generalization");
    s.topic = "networks";
    EXPECT_EQ(presetTopic(s), "networks");
}

TEST(SceneJson, GraphLossAndBackpropSettingsRoundTrip) {
    Scene s;
    s.mode = LabMode::Graph;
    s.topic = "gradients and backprop";
    s.graph.source = GraphSource::MatrixChain;
    s.graph.at = {1.5, -2};
    s.graph.matrix = {1, 2, 3, 4, 5, 6};
    s.graph.sweep = 4;
    s.graph.playing = true;
    s.loss.scores = {1, 2, 3, 4};
    s.loss.target = 3;
    s.loss.margin = 0.5;
    s.backprop = {7, 3, true};
    const std::string text = sceneToText(s);
    std::vector<std::string> warnings;
    Scene back = sceneFromText(text, &warnings);
    EXPECT_TRUE(warnings.empty());
    EXPECT_EQ(back.mode, LabMode::Graph);
    EXPECT_EQ(back.topic, s.topic);
    EXPECT_EQ(back.graph.source, GraphSource::MatrixChain);
    EXPECT_EQ(back.graph.at, s.graph.at);
    EXPECT_EQ(back.graph.matrix, s.graph.matrix);
    EXPECT_EQ(back.graph.sweep, 4);
    EXPECT_TRUE(back.graph.playing);
    EXPECT_EQ(back.loss.scores, s.loss.scores);
    EXPECT_EQ(back.loss.target, 3);
    EXPECT_EQ(back.loss.margin, 0.5);
    EXPECT_EQ(back.backprop.sample, 7);
    EXPECT_EQ(back.backprop.step, 3);
    EXPECT_TRUE(back.backprop.shown);
    EXPECT_EQ(sceneToText(back), text);
    s.mode = LabMode::Loss;
    EXPECT_EQ(sceneFromText(sceneToText(s), nullptr).mode, LabMode::Loss);
}

TEST(SceneJson, BadGraphAndLossSettingsAreNamed) {
    auto message = [](const std::string& text) {
        try {
            sceneFromText(text, nullptr);
        } catch (const InputError& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    EXPECT_NE(message(R"({"mode": "graphs"})").find("mode"), std::string::npos);
    EXPECT_NE(message(R"({"graph": {"source": "matrix"}})").find("graph.source"), std::string::npos);
    EXPECT_NE(message(R"({"graph": {"matrix": [1, 2, 3]}})").find("graph.matrix"), std::string::npos);
    EXPECT_NE(message(R"({"graph": {"at": [1, "a"]}})").find("graph.at[1]"), std::string::npos);
    EXPECT_NE(message(R"({"loss": {"scores": [1]}})").find("loss.scores"), std::string::npos);
    EXPECT_NE(message(R"({"loss": {"scores": [1, 2], "target": 2}})").find("loss.target"), std::string::npos);
    EXPECT_NE(message(R"({"loss": {"margin": -1}})").find("loss.margin"), std::string::npos);
    EXPECT_NE(message(R"({"backprop": {"sample": -1}})").find("backprop.sample"), std::string::npos);
}

TEST(SceneJson, SurfaceRegularizationIsOptionalAndValidated) {
    // Old files (no "regularization") load with the penalty off, and a scene without one writes none.
    Scene old = sceneFromText(R"({"surface": {"name": "booth"}})", nullptr);
    EXPECT_FALSE(old.surface.regularization.active());
    EXPECT_EQ(sceneToJson(old)["surface"].count("regularization"), 0u);
    for (const Preset& p : loadPresets()) { // the presets before the regularization ones write none
        if (p.file < "18") {
            EXPECT_EQ(sceneToJson(p.scene)["surface"].count("regularization"), 0u) << p.file;
        }
    }

    std::vector<std::string> warnings;
    Scene s =
        sceneFromText(R"({"surface": {"name": "quadratic", "regularization": {"l1": 0.5, "l2": 0.25}}})", &warnings);
    EXPECT_TRUE(warnings.empty());
    EXPECT_EQ(s.surface.regularization, (SurfaceRegularization{0.5, 0.25}));
    EXPECT_EQ(sceneToText(sceneFromText(sceneToText(s), nullptr)), sceneToText(s));
    std::unique_ptr<Surface> surface = makeSurface(s.surface);
    EXPECT_DOUBLE_EQ(surface->value({1, -2}), 0.5 * (1 + 10 * 4) + 0.5 * 3 + 0.25 * 5);

    EXPECT_NE(errorOf(R"({"surface": {"regularization": {"l1": -1}}})").find("surface.regularization.l1"),
              std::string::npos);
    EXPECT_NE(errorOf(R"({"surface": {"regularization": {"l2": "a lot"}}})").find("surface.regularization.l2"),
              std::string::npos);
    EXPECT_NE(errorOf(R"({"surface": {"regularization": [1, 2]}})").find("surface.regularization"), std::string::npos);
    warnings.clear();
    sceneFromText(R"({"surface": {"regularization": {"l3": 1}}})", &warnings);
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_NE(warnings[0].find("surface.regularization.l3"), std::string::npos);
}

// Issue 10, items 3, 6 and 8: a scene names what it shows or is refused; no silent substitutes.
TEST(SceneJson, NoSilentSubstitution) {
    EXPECT_NE(errorOf(R"({"surface": {"expr": "x^2 + (y"}})").find("surface.expr: expected ')' at column"),
              std::string::npos);
    EXPECT_NE(errorOf(R"({"surface": {"name": "nowhere"}})").find("surface.name: unknown surface 'nowhere'"),
              std::string::npos);
    EXPECT_NE(errorOf(R"({"surface": {"name": "booth", "params": {"zz": 1}}})").find("surface.params:"),
              std::string::npos);
    EXPECT_EQ(errorOf("null"), "scene: must be an object {\"version\": 1, ...}, got null");
    static const char kWithNul[] = "{\"title\": \"a\"}\0{\"version\": 2}";
    EXPECT_EQ(errorOf(std::string(kWithNul, sizeof kWithNul - 1)), "scene: invalid JSON: a NUL byte at byte 14");
    EXPECT_NE(errorOf(R"({"playground": {"runs": [null]}})").find("playground.runs[0]: must be an object"),
              std::string::npos);
    for (const char* colour : {"#+fffff", "# fffff", "#0x1234", "#-12345", "#ffffg0"})
        EXPECT_NE(errorOf(std::string(R"({"playground": {"runs": [{"color": ")") + colour + R"("}]}})")
                      .find("playground.runs[0].color: must be a colour"),
                  std::string::npos)
            << colour;
    EXPECT_EQ(sceneFromText(R"({"playground": {"runs": [{"color": "#A0b1C2"}]}})", nullptr).playground.runs[0].color,
              0xa0b1c2u);
}

TEST(SceneJson, NetworkScenesOverTheCapsAreRefusedNamingFieldAmountAndLimit) {
    EXPECT_EQ(errorOf(R"({"network": {"dataset": "fashion_mnist", "hidden": [1024, 1024, 1024, 1024, 1024]}})"),
              "network.hidden: 5,012,490 parameters requested, the limit is 5,000,000");
    EXPECT_EQ(errorOf(R"({"network": {"hidden": [64, 64], "samples": 100000, "batch_size": 0,
                                       "test_fraction": 0, "train_steps": 1000000}})"),
              "network.train_steps: 448,200,000,000,000 units of training work (steps × rows a step × "
              "parameters) requested, the limit is 100,000,000,000");
    // The lecture's spiral preset is far below: 5000 steps × 32 rows × 114 parameters.
    EXPECT_EQ(errorOf(R"({"network": {"train_steps": 5000}})"), "");
}
