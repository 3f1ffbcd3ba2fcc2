#include "core/common/error.h"
#include "core/data/data_spec.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

namespace dh {
namespace {

using nlohmann::json;

std::string errorOf(const json& data, const DataSpecOptions& options = {}) {
    try {
        datasetFromJson(data, options);
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}

TEST(DataSpec, InlineClassIndicesFillLabelsAndValues) {
    const Dataset d = datasetFromJson(json::parse(R"({"X": [[0, 0], [0, 1], [1, 0], [1, 1]], "y": [0, 1, 1, 0]})"));
    EXPECT_EQ(d.size(), 4);
    EXPECT_EQ(d.numFeatures(), 2);
    EXPECT_EQ(d.X(2, 0), 1);
    EXPECT_EQ(d.labels, Eigen::Vector4i(0, 1, 1, 0));
    EXPECT_EQ(d.numClasses, 2);
    ASSERT_EQ(d.values.rows(), 4);
    EXPECT_EQ(d.values(1, 0), 1);
    EXPECT_FALSE(d.hasTest());
}

TEST(DataSpec, InlineRealAndVectorTargetsAndATestSplit) {
    const Dataset r = datasetFromJson(json::parse(R"({"X": [[2], [4], [6], [8]], "y": [3, 4, 5, 6.5]})"));
    EXPECT_EQ(r.numClasses, 0);
    EXPECT_EQ(r.labels.size(), 0);
    EXPECT_EQ(r.values(3, 0), 6.5);
    const Dataset v = datasetFromJson(
        json::parse(R"({"X": [[1, 2], [3, 4]], "y": [[1, 0], [0, 1]], "X_test": [[5, 6]], "y_test": [[0.5, 0.5]]})"));
    EXPECT_EQ(v.values.cols(), 2);
    EXPECT_EQ(v.numTest, 1);
    EXPECT_EQ(v.testX()(0, 1), 6);
    EXPECT_EQ(v.testValues()(0, 0), 0.5);
    EXPECT_EQ(v.numClasses, 0);
}

TEST(DataSpec, InlineErrorsNameTheMember) {
    DataSpecOptions o;
    o.source = "spec.json";
    EXPECT_EQ(errorOf(json::parse(R"({"X": [[1, 2], [3]], "y": [0, 1]})"), o),
              "spec.json: data.X[1]: must be a list of 2 numbers, like X[0] (got 1 values)");
    EXPECT_EQ(errorOf(json::parse(R"({"X": [[1, 2], [3, "a"]], "y": [0, 1]})"), o),
              "spec.json: data.X[1][1]: must be a number (got \"a\")");
    EXPECT_EQ(errorOf(json::parse(R"({"X": [[1, 2]], "y": [0, 1]})"), o),
              "spec.json: data.y: has 2 entries but X has 1 rows");
    EXPECT_EQ(errorOf(json::parse(R"({"X": [[1, 2]]})"), o), "spec.json: data.y: missing");
    EXPECT_EQ(errorOf(json::parse(R"({"X": [[1, 2]], "y": [1], "X_test": [[1, 2]]})"), o),
              "spec.json: data.y_test: missing (give both or neither)");
    EXPECT_EQ(errorOf(json::parse("[1, 2]"), o),
              "spec.json: data: must be an object such as {\"name\": \"spirals\"} (got [1,2])");
}

TEST(DataSpec, SyntheticByNameWithASplit) {
    const Dataset d = datasetFromJson(
        json::parse(R"({"name": "spirals", "n": 100, "noise": 0.05, "seed": 3, "test_fraction": 0.2})"));
    EXPECT_EQ(d.name, "spirals");
    EXPECT_EQ(d.size(), 100);
    EXPECT_EQ(d.numTest, 20);
    const Dataset same = splitTrainTest(makeSynthetic("spirals", {100, 0.05, 3}), 0.2, 1);
    EXPECT_EQ(d.X, same.X);
    const Dataset defaults = datasetFromJson(json::parse(R"({"name": "xor"})"));
    EXPECT_EQ(defaults.X, makeSynthetic("xor").X);
}

TEST(DataSpec, SyntheticErrorsAndUnknownKeys) {
    DataSpecOptions o;
    o.source = "spec.json";
    EXPECT_EQ(errorOf(json::parse(R"({"name": "spirals", "n": 0})"), o),
              "spec.json: data.n: must be an integer in [2, 10000000] (got 0)");
    EXPECT_EQ(errorOf(json::parse(R"({"name": "spirals", "n": 2.5})"), o),
              "spec.json: data.n: must be an integer in [2, 10000000] (got 2.5)");
    EXPECT_EQ(errorOf(json::parse(R"({"name": "spirals", "seed": -1})"), o),
              "spec.json: data.seed: must be a non-negative integer (got -1)");
    const std::string unknown = errorOf(json::parse(R"({"name": "swiss_roll"})"), o);
    EXPECT_EQ(unknown, "spec.json: data.name: unknown dataset 'swiss_roll' (valid: circle, xor, gaussians, spirals, "
                       "moons); or fashion_mnist, polynomial");
    EXPECT_EQ(errorOf(json::parse("{}"), o),
              "spec.json: data: needs \"name\" (a dataset), \"csv\" (a file) or \"X\" and \"y\" (inline data)");
    std::vector<std::string> warnings;
    o.warnings = &warnings;
    datasetFromJson(json::parse(R"({"name": "moons", "nosie": 0.3})"), o);
    EXPECT_EQ(warnings, std::vector<std::string>{"spec.json: data.nosie: unknown key, ignored"});
}

TEST(DataSpec, PolynomialAndCsv) {
    const Dataset p = datasetFromJson(json::parse(R"({"name": "polynomial", "coefficients": [1, 2], "n": 5, "n_test": 0,
                                                      "noise": 0})"));
    EXPECT_EQ(p.size(), 5);
    EXPECT_NEAR(p.values(0, 0), 1 + 2 * p.X(0, 0), 1e-15);

    const std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) / "dh_spec_test";
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "pts.csv") << "a,b,kind\n1,2,x\n3,4,y\n5,6,x\n";
    DataSpecOptions o;
    o.baseDir = dir.string();
    const Dataset c = datasetFromJson(json::parse(R"({"csv": "pts.csv", "classes": ["y", "x"]})"), o);
    EXPECT_EQ(c.labels, Eigen::Vector3i(1, 0, 1));
    EXPECT_EQ(c.featureNames, (std::vector<std::string>{"a", "b"}));
    std::filesystem::remove_all(dir);
}

TEST(DataSpec, FashionMnistMissingDirectory) {
    DataSpecOptions o;
    o.dataDir = "/nonexistent/fashion";
    try { // a missing dataset is a file that cannot be used (IoError, exit code 1), not bad content
        datasetFromJson(json::parse(R"({"name": "fashion_mnist"})"), o);
        FAIL() << "no error";
    } catch (const IoError& e) {
        EXPECT_EQ(std::string(e.what()), "Fashion-MNIST: no directory /nonexistent/fashion; install it with: apt-get "
                                         "install dataset-fashion-mnist (or pass --data-dir)");
    }
}

} // namespace
} // namespace dh
