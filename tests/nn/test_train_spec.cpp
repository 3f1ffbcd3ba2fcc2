// `train --spec`: the parser's errors (each names its JSON path), the CSV contract, --dump-grad,
// test accuracy, divergence and bad data.
#include "core/common/error.h"
#include "core/nn/train_spec.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unistd.h>

namespace {

using nlohmann::json;
using namespace dh::nn;

json lectureSpec() {
    return json::parse(R"({
        "layers": [1, 1], "activation": "linear", "loss": "mse",
        "init": {"params": [[[0.0]], [0.0]]},
        "data": {"X": [[2], [4], [6], [8]], "y": [3, 4, 5, 6]},
        "optimizer": {"name": "sgd", "lr": 0.02, "momentum": 0.9},
        "batch_size": 0, "steps": 600 })");
}

// The message of the InputError that parsing `spec` throws ("" if none).
std::string parseError(const json& spec) {
    try {
        parseTrainSpec(spec);
    } catch (const dh::InputError& e) {
        return e.what();
    }
    return "";
}

void expectError(json spec, const std::string& expected) {
    std::string msg = parseError(spec);
    EXPECT_NE(msg.find(expected), std::string::npos) << "got: '" << msg << "', expected: '" << expected << "'";
}

TEST(TrainSpecParse, ValidSpec) {
    TrainSpec s = parseTrainSpec(lectureSpec());
    EXPECT_EQ(s.net.layers, (std::vector<int>{1, 1}));
    EXPECT_EQ(s.net.activation, Activation::Linear);
    EXPECT_TRUE(s.explicitParams);
    EXPECT_EQ(s.params.size(), 2);
    EXPECT_EQ(s.optimizer.kind, dh::OptimizerKind::Sgd);
    EXPECT_DOUBLE_EQ(s.optimizer.momentum, 0.9);
    EXPECT_EQ(s.steps, 600);
    EXPECT_EQ(s.epochs, -1);
}

TEST(TrainSpecParse, OptimizerUnderTorchNames) {
    json j = lectureSpec();
    j["optimizer"] = json::parse(R"({"name": "adam", "betas": [0.8, 0.95], "eps": 1e-6, "weight-decay": 0.1,
                                      "amsgrad": true})");
    TrainSpec s = parseTrainSpec(j);
    EXPECT_EQ(s.optimizer.kind, dh::OptimizerKind::Adam);
    EXPECT_DOUBLE_EQ(s.optimizer.lr, 1e-3); // torch's default for adam
    EXPECT_DOUBLE_EQ(s.optimizer.beta1, 0.8);
    EXPECT_DOUBLE_EQ(s.optimizer.beta2, 0.95);
    EXPECT_DOUBLE_EQ(s.optimizer.eps, 1e-6);
    EXPECT_DOUBLE_EQ(s.optimizer.weightDecay, 0.1);
    EXPECT_TRUE(s.optimizer.amsgrad);
    j["optimizer"] = "rmsprop";
    EXPECT_DOUBLE_EQ(parseTrainSpec(j).optimizer.lr, 1e-2);
    j["optimizer"] = json::parse(R"({"name": "adam", "momentum": 0.9, "colour": 1})");
    std::vector<std::string> warnings;
    parseTrainSpec(j, &warnings);
    ASSERT_EQ(warnings.size(), 2u);
    EXPECT_NE(warnings[0].find("optimizer.colour: unknown key"), std::string::npos) << warnings[0];
    EXPECT_NE(warnings[1].find("optimizer.momentum: not used by adam"), std::string::npos) << warnings[1];
}

TEST(TrainSpecParse, ErrorsNameTheJsonPath) {
    json j = lectureSpec();
    j["layers"] = {2, 0, 1};
    expectError(j, "layers[1]: must be a positive integer");
    j["layers"] = {2, 1.5, 1};
    expectError(j, "layers[1]: must be a positive integer");
    j["layers"] = {2};
    expectError(j, "layers: needs at least two sizes");
    j.erase("layers");
    expectError(j, "layers: missing");

    j = lectureSpec();
    j["activation"] = "softplus";
    expectError(j, "activation: unknown activation 'softplus' (valid: tanh, sigmoid, relu, linear)");
    j = lectureSpec();
    j["loss"] = 3;
    expectError(j, "loss: must be a string");

    j = lectureSpec();
    j["layers"] = {2, 2, 1};
    j["init"]["params"] = json::parse("[[[1, 2], [3]], [0, 0], [[1, 1]], [0]]");
    expectError(j, "init.params[0][1]: must be a list of 2 numbers");
    j["init"]["params"] = json::parse("[[[1, 2], [3, 4]], [0, 0], [[1, 1]]]");
    expectError(j, "init.params: expected 4 entries");
    j["init"]["params"] = json::parse("[[[1, 2], [3, 4]], [0, \"x\"], [[1, 1]], [0]]");
    expectError(j, "init.params[1][1]: must be a number");
    j["init"]["params"] = json::parse("[1, 2, 3]");
    expectError(j, "init.params: a flat list needs 9 numbers");
    j["init"] = json::parse(R"({"scheme": "lecun", "seed": 1})");
    expectError(j, "init.scheme: unknown init scheme 'lecun'");

    j = lectureSpec();
    j["optimizer"]["name"] = "lbfgs";
    expectError(j, "optimizer.name: unknown optimizer 'lbfgs'");
    j["optimizer"]["name"] = "newton";
    expectError(j, "optimizer.name: newton needs the Hessian");
    j = lectureSpec();
    j["optimizer"]["lr"] = -1;
    expectError(j, "optimizer.lr: must be >= 0");
    j = lectureSpec();
    j["optimizer"] = json::parse(R"({"name": "adam", "betas": [0.9, 1.5]})");
    expectError(j, "optimizer.betas[1]: must be in [0, 1)");
    j["optimizer"] = json::parse(R"({"name": "adam", "beta1": -0.5})");
    expectError(j, "optimizer.beta1: must be in [0, 1)");
    j["optimizer"] = json::parse(R"({"name": "sgd", "nesterov": true})");
    expectError(j, "optimizer.nesterov");
    j["optimizer"] = json::parse(R"({"name": "sgd", "lr": "fast"})");
    expectError(j, "optimizer.lr: must be a number");
    j.erase("optimizer");
    expectError(j, "optimizer: missing");

    j = lectureSpec();
    j["epochs"] = 3;
    expectError(j, "epochs: give steps or epochs, not both");
    j.erase("steps");
    j.erase("epochs");
    expectError(j, "steps: missing");
    j = lectureSpec();
    j["steps"] = -5;
    expectError(j, "steps: must be an integer");
    j = lectureSpec();
    j["batch_size"] = -1;
    expectError(j, "batch_size: must be between 0");
    j = lectureSpec();
    j["regularization"] = json::parse(R"({"l1": -0.1})");
    expectError(j, "regularization.l1: must be >= 0");
    j = lectureSpec();
    j.erase("data");
    expectError(j, "data: missing");
    j = lectureSpec();
    j["precision"] = "half";
    expectError(j, "precision: must be");
}

// Runs a spec through runTrainSpec with files in a fresh temporary directory.
struct SpecRun {
    std::filesystem::path dir;
    std::string csv, err;
    int code = -1;

    SpecRun() {
        dir = std::filesystem::temp_directory_path() /
              ("downhill_train_spec_" + std::to_string(::getpid()) + "_" + std::to_string(counter()++));
        std::filesystem::create_directories(dir);
    }
    ~SpecRun() { std::filesystem::remove_all(dir); }
    static int& counter() {
        static int n = 0; // test-local file naming only
        return n;
    }
    std::string path(const char* name) const { return (dir / name).string(); }
    void run(const json& spec, const std::string& dumpGrad = "") {
        std::ofstream(path("spec.json")) << spec.dump(1);
        std::ostringstream out, e;
        code = runTrainSpec(path("spec.json"), out, e, dumpGrad.empty() ? "" : path(dumpGrad.c_str()));
        csv = out.str();
        err = e.str();
    }
    std::vector<std::vector<std::string>> rows() const {
        std::vector<std::vector<std::string>> out;
        std::istringstream in(csv);
        std::string line;
        while (std::getline(in, line)) {
            std::vector<std::string> cells;
            std::string cell;
            std::istringstream l(line);
            while (std::getline(l, cell, ',')) cells.push_back(cell);
            if (!line.empty() && line.back() == ',') cells.push_back("");
            out.push_back(cells);
        }
        return out;
    }
};

TEST(TrainSpecRun, LectureRegressionCsvAndDumpGrad) {
    SpecRun r;
    r.run(lectureSpec(), "grad.json");
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    auto rows = r.rows();
    ASSERT_EQ(rows.size(), 602u);
    EXPECT_EQ(rows[0], (std::vector<std::string>{"step", "loss", "test_accuracy"}));
    // step 0: w = b = 0, the loss is mean(y²) = (9 + 16 + 25 + 36) / 4
    EXPECT_EQ(rows[1], (std::vector<std::string>{"0", "21.5", ""}));
    EXPECT_EQ(rows[601][0], "600");
    EXPECT_LT(std::stod(rows[601][1]), 1e-12); // w = 0.5, b = 2 fits exactly
    // the gradient at w = b = 0: (2 mean(−y x), 2 mean(−y)) = (−50, −9)
    std::ifstream g(r.path("grad.json"));
    json grad = json::parse(g);
    EXPECT_EQ(grad, json::parse("[[[-50.0]], [-9.0]]"));
    EXPECT_FALSE(std::filesystem::exists(r.path("grad.json.tmp")));
}

TEST(TrainSpecRun, SeventeenDigitsAndTestAccuracy) {
    json j = json::parse(R"({
        "layers": [2, 3], "activation": "linear", "loss": "cross_entropy",
        "init": {"seed": 3, "scheme": "xavier"},
        "data": {"X": [[0, 1], [1, 0], [1, 1], [-1, 0]], "y": [0, 1, 2, 0],
                 "X_test": [[0, 2], [2, 0]], "y_test": [0, 1]},
        "optimizer": {"name": "adam", "lr": 0.1}, "steps": 30, "eval_every": 10 })");
    SpecRun r;
    r.run(j);
    ASSERT_EQ(r.code, 0) << r.err;
    auto rows = r.rows();
    ASSERT_EQ(rows.size(), 5u); // header, steps 0, 10, 20, 30
    EXPECT_EQ(rows[4][0], "30");
    for (size_t i = 1; i < rows.size(); ++i) {
        ASSERT_EQ(rows[i].size(), 3u);
        double acc = std::stod(rows[i][2]);
        EXPECT_TRUE(acc == 0 || acc == 0.5 || acc == 1) << rows[i][2];
    }
    EXPECT_EQ(rows[4][2], "1");
    // a loss printed with 17 significant digits round-trips
    const std::string& loss = rows[2][1];
    EXPECT_GE(loss.size(), 15u) << loss;
}

TEST(TrainSpecRun, DivergenceEndsWithTheRowAndExitsZero) {
    json j = lectureSpec();
    j["optimizer"] = json::parse(R"({"name": "sgd", "lr": 10})");
    j["steps"] = 1000;
    SpecRun r;
    r.run(j);
    EXPECT_EQ(r.code, 0);
    EXPECT_NE(r.err.find("diverged at step "), std::string::npos) << r.err;
    auto rows = r.rows();
    ASSERT_GT(rows.size(), 5u);
    ASSERT_LT(rows.size(), 1002u);
    const std::string& last = rows.back()[1];
    EXPECT_TRUE(last == "inf" || last == "nan" || last == "-nan") << last;
    EXPECT_EQ(r.err.find("diverged at step " + rows.back()[0]) != std::string::npos, true) << r.err;
}

TEST(TrainSpecRun, BadInputExitsTwoWithTheFileAndPath) {
    SpecRun r;
    json j = lectureSpec();
    j["layers"] = {3, 1}; // the data has one feature
    j["init"] = json::parse(R"({"scheme": "he", "seed": 4})");
    r.run(j);
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("spec.json: data: samples have 1 features but layers[0] is 3"), std::string::npos) << r.err;

    j = lectureSpec();
    j["layers"] = {1, 0};
    r.run(j);
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("spec.json: layers[1]: must be a positive integer"), std::string::npos) << r.err;

    std::ofstream(r.path("broken.json")) << "{\"layers\": [1, 1],";
    std::ostringstream out, err;
    EXPECT_EQ(runTrainSpec(r.path("broken.json"), out, err), 2);
    EXPECT_NE(err.str().find("invalid JSON"), std::string::npos) << err.str();
    // A spec that cannot be read is a file that cannot be used: exit code 1 (render --scene agrees).
    std::ostringstream out2, err2;
    EXPECT_EQ(runTrainSpec(r.path("missing.json"), out2, err2), 1);
    EXPECT_NE(err2.str().find("missing.json: cannot open"), std::string::npos) << err2.str();

    j = lectureSpec();
    j["loss"] = "cross_entropy"; // y = 3..6 with one output
    r.run(j);
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("class index"), std::string::npos) << r.err;

    j = lectureSpec();
    j["data"] = json::parse(R"({"name": "spirals", "n": 1})");
    r.run(j);
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("data.n"), std::string::npos) << r.err;
}

TEST(TrainSpecRun, SyntheticDataMinibatchesAndWarnings) {
    json j = json::parse(R"({
        "layers": [2, 8, 2], "activation": "tanh", "loss": "cross_entropy",
        "init": {"seed": 1, "scheme": "xavier"},
        "data": {"name": "gaussians", "n": 100, "noise": 0.1, "seed": 2, "test_fraction": 0.2},
        "optimizer": {"name": "adam", "lr": 0.05}, "batch_size": 16, "epochs": 5, "colour": "red" })");
    SpecRun r;
    r.run(j);
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.err.find("colour: unknown key"), std::string::npos) << r.err;
    auto rows = r.rows();
    ASSERT_EQ(rows.size(), 1u + 5 * 5 + 1); // 80 training points = 5 batches of 16, 5 epochs
    EXPECT_LT(std::stod(rows.back()[1]), std::stod(rows[1][1]));
    EXPECT_DOUBLE_EQ(std::stod(rows.back()[2]), 1.0); // two well separated Gaussians
}

TEST(TrainSpecRun, ParamsJsonLayout) {
    MlpConfig c;
    c.layers = {2, 2, 1};
    Eigen::VectorXd p(9);
    p << 1, 2, 3, 4, 5, 6, 7, 8, 0.1;
    EXPECT_EQ(json::parse(paramsToJson(c, p)), json::parse("[[[1,2],[3,4]],[5,6],[[7,8]],[0.1]]"));
}

} // namespace

// Issue 10, items 2, 3 and 5: sizes are checked before anything is allocated, a request over a cap
// exits 2 naming the field, the amount and the limit, and files or outputs that cannot be used exit 1.
TEST(TrainSpecRun, CapsAreCheckedBeforeAllocating) {
    json j = lectureSpec();
    j["layers"] = {2, 100000, 100000, 1}; // 10^10 weights: refused before the parameter vector exists
    j["init"] = json::parse(R"({"params": "not a list"})");
    EXPECT_EQ(parseError(j), "layers: 10,000,500,001 parameters requested, the limit is 5,000,000");
    j["layers"] = {1, 1};
    EXPECT_EQ(parseError(j), "init.params: must be a list [W1, b1, W2, b2, ...], got \"not a list\"");
    j["layers"] = {1, 3000, 1}; // within the cap; the flat list is checked before allocating too
    j["init"]["params"] = {1.0, 2.0};
    EXPECT_NE(parseError(j).find("a flat list needs 9001 numbers"), std::string::npos) << parseError(j);

    SpecRun r;
    j = lectureSpec();
    j["layers"] = {2, 100000, 100000, 1};
    j.erase("init");
    r.run(j);
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("spec.json: layers: 10,000,500,001 parameters requested, the limit is 5,000,000"),
              std::string::npos)
        << r.err;
}

TEST(TrainSpecRun, DirectoriesAndWriteErrorsExitOne) {
    SpecRun r;
    std::ostringstream out, err;
    EXPECT_EQ(runTrainSpec(r.dir.string(), out, err), 1); // a directory is not a spec
    EXPECT_NE(err.str().find(r.dir.string() + ": is a directory, not a file"), std::string::npos) << err.str();

    std::ofstream(r.path("spec.json")) << lectureSpec().dump();
    std::ostream closed(nullptr); // every write fails, as on a full disk
    std::ostringstream err2;
    EXPECT_EQ(runTrainSpec(r.path("spec.json"), closed, err2), 1);
    EXPECT_NE(err2.str().find("write error"), std::string::npos) << err2.str();

    // --dump-grad into a directory: refused by name, nothing replaced.
    std::filesystem::create_directories(r.dir / "out.json");
    r.run(lectureSpec(), "out.json");
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("out.json: is a directory"), std::string::npos) << r.err;
    EXPECT_TRUE(std::filesystem::is_directory(r.dir / "out.json"));
}
