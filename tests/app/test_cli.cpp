// The command-line contract (README.md, "Command line"), through the real binary.
#include "render_helpers.h"

#include <cmath>
#include <fstream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sstream>

using namespace dh::test;

namespace {

std::vector<std::vector<std::string>> parseCsv(const std::string& text) {
    std::vector<std::vector<std::string>> rows;
    std::stringstream ss(text);
    std::string line;
    while (std::getline(ss, line)) {
        std::vector<std::string> cells;
        std::stringstream ls(line);
        std::string cell;
        while (std::getline(ls, cell, ',')) cells.push_back(cell);
        if (!line.empty() && line.back() == ',') cells.push_back("");
        rows.push_back(cells);
    }
    return rows;
}

} // namespace

TEST(Cli, TraceWritesTheHeaderAndOneRowPerStateWith17Digits) {
    CommandResult r = runDownhill("trace --surface quadratic --optimizer sgd --lr 0.1 --steps 3 --start 1,1");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    auto rows = parseCsv(r.out);
    ASSERT_EQ(rows.size(), 5u);
    EXPECT_EQ(rows[0], (std::vector<std::string>{"step", "x", "y", "f", "gx", "gy"}));
    // GD on 0.5(x² + 10y²): x ← 0.9x, y ← (1 − 0.1·10)y = 0 after one step.
    EXPECT_EQ(rows[1][0], "0");
    EXPECT_DOUBLE_EQ(std::stod(rows[2][1]), 0.9);
    EXPECT_DOUBLE_EQ(std::stod(rows[2][2]), 0.0);
    EXPECT_EQ(rows[2][1], "0.90000000000000002"); // 17 significant digits
}

TEST(Cli, DivergenceIsAResultNotAnError) {
    // GD on 0.5(x² + 10y²) with η = 1: y ← (1 − 10)y = −9y, so |y| = 9^k passes 1e6 at k = 7.
    CommandResult r = runDownhill("trace --surface quadratic --optimizer sgd --lr 1 --steps 50 --start 0,1");
    EXPECT_EQ(r.exitCode, 0);
    auto rows = parseCsv(r.out);
    ASSERT_EQ(rows.size(), 1u + 8u); // header + steps 0..7
    EXPECT_EQ(rows.back()[0], "7");
    EXPECT_NE(r.err.find("diverged at step 7"), std::string::npos) << r.err;
}

TEST(Cli, BadInputExitsTwoWithAMessageNamingIt) {
    CommandResult r = runDownhill("trace --surface nowhere");
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("six_hump_camel"), std::string::npos) << "lists the valid names: " << r.err;
    r = runDownhill("trace --surface booth --optimizer adamax");
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("adagrad_norm"), std::string::npos) << r.err;
    r = runDownhill("trace --surface booth --optimizer adam --beta2 1.5");
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("--beta2"), std::string::npos) << r.err;
    r = runDownhill("trace --surface booth --optimizer sgd --lr -0.1");
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("--lr"), std::string::npos) << r.err;
    r = runDownhill("trace --expr 'x^2 + (y * 3' --optimizer sgd");
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("column"), std::string::npos) << r.err;
    r = runDownhill("trace --surface booth --start 1");
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("--start"), std::string::npos) << r.err;
    r = runDownhill("trace --surface booth --no-such-flag 3");
    EXPECT_EQ(r.exitCode, 2);
}

TEST(Cli, GradGivesTheLectureHessian) {
    CommandResult r = runDownhill("grad --surface six_hump_camel --at 0,1");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    nlohmann::json j = nlohmann::json::parse(r.out);
    // ∇f = (2x⁵ − 8.4x³ + 8x + y, x + 16y³ − 8y) = (1, 8); H = [[8, 1], [1, 40]] at (0, 1).
    EXPECT_DOUBLE_EQ(j["grad"][0].get<double>(), 1.0);
    EXPECT_DOUBLE_EQ(j["grad"][1].get<double>(), 8.0);
    EXPECT_DOUBLE_EQ(j["hessian"][0][0].get<double>(), 8.0);
    EXPECT_DOUBLE_EQ(j["hessian"][0][1].get<double>(), 1.0);
    EXPECT_DOUBLE_EQ(j["hessian"][1][1].get<double>(), 40.0);
}

TEST(Cli, CriticalFindsTheCamelsGlobalMinima) {
    CommandResult r = runDownhill("critical --surface six_hump_camel");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    nlohmann::json j = nlohmann::json::parse(r.out);
    int globals = 0;
    for (const auto& p : j["points"])
        if (p["type"] == "min" && std::abs(p["f"].get<double>() + 1.0316) < 1e-4) {
            EXPECT_NEAR(std::abs(p["x"].get<double>()), 0.0898, 1e-4);
            EXPECT_NEAR(std::abs(p["y"].get<double>()), 0.7126, 1e-4);
            ++globals;
        }
    EXPECT_EQ(globals, 2);
}

TEST(Cli, TrainRunsASpecAndLowersTheLoss) {
    std::string spec = tempPath("spec.json");
    std::ofstream(spec) << R"({"layers": [1, 1], "activation": "linear", "loss": "mse",
        "init": {"params": [[[0.0]], [0.0]]},
        "data": {"X": [[2], [4], [6], [8]], "y": [3, 4, 5, 6]},
        "optimizer": {"name": "sgd", "lr": 0.01}, "steps": 20})";
    CommandResult r = runDownhill("train --spec " + spec);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    auto rows = parseCsv(r.out);
    ASSERT_EQ(rows.size(), 22u);
    EXPECT_EQ(rows[0], (std::vector<std::string>{"step", "loss", "test_accuracy"}));
    // Step 0: w = b = 0, loss = mean(y²) = (9 + 16 + 25 + 36) / 4 = 21.5.
    EXPECT_DOUBLE_EQ(std::stod(rows[1][1]), 21.5);
    EXPECT_LT(std::stod(rows.back()[1]), 1.0);
    r = runDownhill("train --spec /no/such/spec.json");
    EXPECT_NE(r.exitCode, 0);
    EXPECT_NE(r.err.find("/no/such/spec.json"), std::string::npos) << r.err;
}

// ---- graph, backprop, loss ----

TEST(Cli, GraphListsNodesTopologicallyWithAdjointsAndLocalPartials) {
    CommandResult r = runDownhill("graph --expr 'x*y + sin(x*y)' --at 0.5,2");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    nlohmann::json j = nlohmann::json::parse(r.out);
    const double c = 1 + std::cos(1.0);
    EXPECT_DOUBLE_EQ(j["f"].get<double>(), 1 + std::sin(1.0));
    EXPECT_DOUBLE_EQ(j["grad"][0].get<double>(), 2 * c);
    EXPECT_DOUBLE_EQ(j["grad"][1].get<double>(), 0.5 * c);
    const nlohmann::json& nodes = j["nodes"];
    ASSERT_EQ(nodes.size(), 5u);
    std::vector<int> uses(nodes.size(), 0);
    for (size_t i = 0; i < nodes.size(); ++i) {
        const nlohmann::json& n = nodes[i];
        EXPECT_EQ(n["id"].get<size_t>(), i);
        ASSERT_EQ(n["inputs"].size(), n["local"].size());
        for (const auto& in : n["inputs"]) {
            EXPECT_LT(in.get<size_t>(), i) << "topological";
            ++uses[in.get<size_t>()];
        }
    }
    EXPECT_EQ(nodes[0]["label"], "x");
    EXPECT_EQ(nodes[0]["op"], "input");
    EXPECT_DOUBLE_EQ(nodes[0]["adjoint"].get<double>(), j["grad"][0].get<double>());
    EXPECT_DOUBLE_EQ(nodes[1]["adjoint"].get<double>(), j["grad"][1].get<double>());
    EXPECT_EQ(nodes[2]["op"], "mul");
    EXPECT_EQ(uses[2], 2) << "x·y is one node with two outgoing edges";
    EXPECT_DOUBLE_EQ(nodes[2]["adjoint"].get<double>(), c);
    EXPECT_EQ(nodes[3]["op"], "sin");
    EXPECT_DOUBLE_EQ(nodes[3]["local"][0].get<double>(), std::cos(1.0));
    EXPECT_EQ(nodes.back()["op"], "add");
    EXPECT_EQ(nodes.back()["adjoint"].get<double>(), 1.0);
}

TEST(Cli, GraphOfABuiltinAndOfARegularizedSurface) {
    CommandResult r = runDownhill("graph --surface six_hump_camel --at 0,1");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    nlohmann::json j = nlohmann::json::parse(r.out);
    EXPECT_DOUBLE_EQ(j["grad"][0].get<double>(), 1.0);
    EXPECT_DOUBLE_EQ(j["grad"][1].get<double>(), 8.0);
    EXPECT_EQ(j["surface"], "six_hump_camel");
    // x² + y² + 0.5(|x| + |y|) at (0, 1): ∂/∂x = 0 + 0.5·sign(0) = 0, ∂/∂y = 2 + 0.5.
    r = runDownhill("graph --expr 'x^2 + y^2' --l1 0.5 --at 0,1");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["grad"][0].get<double>(), 0.0);
    EXPECT_EQ(j["grad"][1].get<double>(), 2.5);
    r = runDownhill("grad --surface booth --l2 1 --at 1,3"); // booth's minimum, shifted by 2(x, y)
    ASSERT_EQ(r.exitCode, 0) << r.err;
    j = nlohmann::json::parse(r.out);
    EXPECT_DOUBLE_EQ(j["grad"][0].get<double>(), 2.0);
    EXPECT_DOUBLE_EQ(j["grad"][1].get<double>(), 6.0);
}

TEST(Cli, GraphErrorsExitTwo) {
    CommandResult r = runDownhill("graph --expr 'x + (y' --at 0,0");
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("column"), std::string::npos) << r.err;
    r = runDownhill("graph --expr 'x'");
    EXPECT_EQ(r.exitCode, 2) << "--at is required";
    r = runDownhill("graph --surface booth --at 1");
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("--at"), std::string::npos) << r.err;
    r = runDownhill("graph --surface booth --l1 -1 --at 0,0");
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("--l1"), std::string::npos) << r.err;
}

namespace {

// A 2 → 2 → 2 sigmoid network with softmax + cross-entropy, fixed weights, three samples.
const char* kBackpropSpec = R"({"layers": [2, 2, 2], "activation": "sigmoid", "loss": "cross_entropy",
    "init": {"params": [[[0.15, 0.2], [0.25, 0.3]], [0.35, 0.35], [[0.4, 0.45], [0.5, 0.55]], [0.6, 0.6]]},
    "data": {"X": [[0.05, 0.1], [1.0, -0.5], [-0.3, 0.8]], "y": [0, 1, 1]},
    "optimizer": {"name": "sgd", "lr": 0.5}, "steps": 1})";

struct Forward {
    double z1[2], y1[2], z2[2], p[2];
};

// The same network by hand, written out component by component.
Forward byHand(double x0, double x1) {
    Forward f;
    const double W1[2][2] = {{0.15, 0.2}, {0.25, 0.3}}, W2[2][2] = {{0.4, 0.45}, {0.5, 0.55}};
    for (int i = 0; i < 2; ++i) {
        f.z1[i] = W1[i][0] * x0 + W1[i][1] * x1 + 0.35;
        f.y1[i] = 1 / (1 + std::exp(-f.z1[i]));
    }
    for (int i = 0; i < 2; ++i) f.z2[i] = W2[i][0] * f.y1[0] + W2[i][1] * f.y1[1] + 0.6;
    const double e0 = std::exp(f.z2[0]), e1 = std::exp(f.z2[1]);
    f.p[0] = e0 / (e0 + e1);
    f.p[1] = e1 / (e0 + e1);
    return f;
}

} // namespace

TEST(Cli, BackpropOfOneSampleAgainstAComputationByHand) {
    std::string spec = tempPath("backprop.json");
    std::ofstream(spec) << kBackpropSpec;
    CommandResult r = runDownhill("backprop --spec " + spec + " --sample 1");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    nlohmann::json j = nlohmann::json::parse(r.out);
    const Forward f = byHand(1.0, -0.5);
    EXPECT_NEAR(j["loss"].get<double>(), -std::log(f.p[1]), 1e-14);
    ASSERT_EQ(j["layers"].size(), 2u);
    const nlohmann::json &h = j["layers"][0], &o = j["layers"][1];
    const double t[2] = {0, 1};
    const double W2[2][2] = {{0.4, 0.45}, {0.5, 0.55}};
    double d2[2], d1[2];
    for (int i = 0; i < 2; ++i) {
        EXPECT_NEAR(h["z"][i].get<double>(), f.z1[i], 1e-15);
        EXPECT_NEAR(h["y"][i].get<double>(), f.y1[i], 1e-15);
        EXPECT_NEAR(o["z"][i].get<double>(), f.z2[i], 1e-15);
        d2[i] = f.p[i] - t[i]; // softmax + cross-entropy: y − t
        EXPECT_NEAR(o["dE_dz"][i].get<double>(), d2[i], 1e-15);
        EXPECT_NEAR(o["dE_db"][i].get<double>(), d2[i], 1e-15);
    }
    for (int i = 0; i < 2; ++i) {
        d1[i] = (W2[0][i] * d2[0] + W2[1][i] * d2[1]) * f.y1[i] * (1 - f.y1[i]); // Wᵀδ ⊙ y(1 − y)
        EXPECT_NEAR(h["dE_dz"][i].get<double>(), d1[i], 1e-15);
        for (int k = 0; k < 2; ++k) EXPECT_NEAR(o["dE_dW"][i][k].get<double>(), d2[i] * f.y1[k], 1e-15);
    }
    const double x[2] = {1.0, -0.5};
    for (int i = 0; i < 2; ++i)
        for (int k = 0; k < 2; ++k) EXPECT_NEAR(h["dE_dW"][i][k].get<double>(), d1[i] * x[k], 1e-15);
}

// The backprop exercise's spec in the repository (the network of nn::courseExerciseNetwork()).
TEST(Cli, BackpropExerciseSpec) {
    CommandResult r = runDownhill("backprop --spec " + sourcePath("assets/specs/backprop_exercise.json"));
    ASSERT_EQ(r.exitCode, 0) << r.err;
    nlohmann::json j = nlohmann::json::parse(r.out);
    const Forward f = byHand(0.05, 0.1);
    EXPECT_NEAR(j["loss"].get<double>(), -std::log(f.p[0]), 1e-14);
    EXPECT_NEAR(j["layers"][1]["dE_dz"][0].get<double>(), f.p[0] - 1, 1e-15);
    EXPECT_NEAR(j["layers"][0]["y"][1].get<double>(), f.y1[1], 1e-15);
}

// The mean of the per-sample gradients is the full-batch gradient train --dump-grad writes.
TEST(Cli, BackpropSamplesAverageToTrainDumpGrad) {
    std::string spec = tempPath("backprop.json"), grad = tempPath("grad.json");
    std::ofstream(spec) << kBackpropSpec;
    CommandResult r = runDownhill("train --spec " + spec + " --dump-grad " + grad);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    std::ifstream in(grad);
    nlohmann::json dump = nlohmann::json::parse(in);
    ASSERT_EQ(dump.size(), 4u); // W1, b1, W2, b2
    double W[2][2][2] = {}, b[2][2] = {};
    for (int s = 0; s < 3; ++s) {
        r = runDownhill("backprop --spec " + spec + " --sample " + std::to_string(s));
        ASSERT_EQ(r.exitCode, 0) << r.err;
        nlohmann::json j = nlohmann::json::parse(r.out);
        for (int l = 0; l < 2; ++l)
            for (int i = 0; i < 2; ++i) {
                b[l][i] += j["layers"][l]["dE_db"][i].get<double>() / 3;
                for (int k = 0; k < 2; ++k) W[l][i][k] += j["layers"][l]["dE_dW"][i][k].get<double>() / 3;
            }
    }
    for (int l = 0; l < 2; ++l)
        for (int i = 0; i < 2; ++i) {
            EXPECT_NEAR(b[l][i], dump[2 * l + 1][i].get<double>(), 1e-15);
            for (int k = 0; k < 2; ++k) EXPECT_NEAR(W[l][i][k], dump[2 * l][i][k].get<double>(), 1e-15);
        }
}

TEST(Cli, BackpropErrors) {
    std::string spec = tempPath("backprop.json");
    std::ofstream(spec) << kBackpropSpec;
    CommandResult r = runDownhill("backprop --spec " + spec + " --sample 3");
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("--sample: 3 is out of range"), std::string::npos) << r.err;
    r = runDownhill("backprop --spec /no/such/spec.json");
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find("/no/such/spec.json"), std::string::npos) << r.err;
    std::string bad = tempPath("bad.json");
    std::ofstream(bad) << R"({"layers": [2, 0, 1], "data": {"X": [[1, 2]], "y": [1]}, "optimizer": "sgd", "steps": 1})";
    r = runDownhill("backprop --spec " + bad);
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("layers[1]"), std::string::npos) << r.err;
}

TEST(Cli, LossGivesTheCoursesNumbers) {
    // CS231n's three examples: hinge 2.9, 0, 12.9.
    const char* examples[] = {"3.2,5.1,-1.7 --target 0", "1.3,4.9,2.0 --target 1", "2.2,2.5,-3.1 --target 2"};
    const double hinge[] = {2.9, 0.0, 12.9};
    for (int i = 0; i < 3; ++i) {
        CommandResult r = runDownhill(std::string("loss --loss hinge --scores ") + examples[i]);
        ASSERT_EQ(r.exitCode, 0) << r.err;
        nlohmann::json j = nlohmann::json::parse(r.out);
        EXPECT_NEAR(j["loss"].get<double>(), hinge[i], 1e-12);
        EXPECT_EQ(j["terms"].size(), 2u);
    }
    CommandResult r = runDownhill("loss --loss cross_entropy --scores 3.2,5.1,-1.7 --target 0");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    nlohmann::json j = nlohmann::json::parse(r.out);
    EXPECT_NEAR(j["probabilities"][0].get<double>(), 0.13, 0.005);
    EXPECT_NEAR(j["probabilities"][1].get<double>(), 0.87, 0.005);
    EXPECT_NEAR(j["probabilities"][2].get<double>(), 0.00, 0.005);
    EXPECT_NEAR(j["loss"].get<double>(), 2.04, 0.005);
    EXPECT_NEAR(j["loss_log10"].get<double>(), 0.886, 0.0005);
    EXPECT_NEAR(j["grad"][0].get<double>(), j["probabilities"][0].get<double>() - 1, 1e-15); // p − t
    r = runDownhill("loss --loss mse --scores 1,0,0.5 --target 0");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    j = nlohmann::json::parse(r.out);
    EXPECT_DOUBLE_EQ(j["loss"].get<double>(), 0.25 / 3);
    EXPECT_DOUBLE_EQ(j["grad"][2].get<double>(), 2 * 0.5 / 3);
    r = runDownhill("loss --loss hinge --scores 1,0,-5 --target 0 --margin 2");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_DOUBLE_EQ(nlohmann::json::parse(r.out)["loss"].get<double>(), 1.0);
}

TEST(Cli, LossErrorsExitTwo) {
    CommandResult r = runDownhill("loss --loss softmax --scores 1,2 --target 0");
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("cross_entropy"), std::string::npos) << "lists the valid names: " << r.err;
    r = runDownhill("loss --loss hinge --scores 1,2 --target 2");
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("out of range"), std::string::npos) << r.err;
    r = runDownhill("loss --loss hinge --scores 1,x --target 0");
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("--scores"), std::string::npos) << r.err;
    r = runDownhill("loss --loss cross_entropy --scores 1,2 --target 0 --margin 2");
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("--margin"), std::string::npos) << r.err;
}
