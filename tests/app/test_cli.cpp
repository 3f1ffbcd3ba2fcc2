// The command-line contract of DESIGN.md, through the real binary.
#include "render_helpers.h"

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
