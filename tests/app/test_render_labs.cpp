// Headless render tests of the network lab and the fitting lab: the real binary under Xvfb, the PNG
// checked at pixels found with the app's own geometry (computeLayout: the network view fills the main
// view) and data (makeNetworkDataset, FittingLab).
#include "app/fitting_lab.h"
#include "app/frame.h"
#include "core/common/file_io.h"
#include "core/lab/network_data.h"
#include "core/scene/scene_json.h"
#include "core/scene/view_transform.h"
#include "render_helpers.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <gtest/gtest.h>
#include <set>

using namespace dh;
using namespace dh::test;

namespace {

constexpr int kWidth = 1600, kHeight = 900;

Layout layout() {
    return computeLayout(float(kWidth), float(kHeight), 1.0f);
}

// The plane → pixel map of the network view: the data's domain over the whole main view.
ViewTransform networkViewTransform(const Layout& layout, const Domain& dataDomain) {
    return ViewTransform(dataDomain, PixelRect{layout.x, layout.y, layout.width, layout.height});
}

Image render(const std::string& scenePath, const std::string& name, CommandResult* result = nullptr) {
    std::string out = tempPath(name + ".png");
    CommandResult r = runDownhill("render --frames 3 --scene " + scenePath + " --out " + out);
    EXPECT_EQ(r.exitCode, 0) << r.err;
    if (result) *result = r;
    return loadPng(out);
}

std::string writeScene(const std::string& name, const std::string& json) {
    std::string path = tempPath(name + ".json");
    writeFileAtomic(path, json);
    return path;
}

// Which class colour a background pixel of the class map leans to: 0 (blue), 1 (orange) or -1 (neither).
int regionClass(const Image& img, int x, int y) {
    const unsigned char* p = img.at(x, y);
    if (p[2] > p[0] + 25) return 0;
    if (p[0] > p[2] + 40 && p[1] > p[2]) return 1;
    return -1;
}

} // namespace

// ---- network lab ----

TEST(NetworkLabRender, TheTrainedSpiralsDecisionMapAgreesWithThePoints) {
    const std::string path = sourcePath("assets/scenes/09_mlp_spiral.json");
    Scene scene = loadScene(path, nullptr);
    ASSERT_EQ(scene.mode, LabMode::Network);
    ASSERT_GT(scene.network.trainSteps, 0) << "the preset must show a trained network";
    Image img = render(path, "spiral");
    ASSERT_EQ(img.width, kWidth);
    ASSERT_EQ(img.height, kHeight);

    // The same points the app drew, and the same plane → pixel map.
    Dataset data = makeNetworkDataset(scene.network);
    ViewTransform vt = networkViewTransform(layout(), networkDataDomain(data));
    std::vector<Eigen::Vector2d> px;
    for (Eigen::Index i = 0; i < data.size(); ++i) px.push_back(vt.toPixel({data.X(i, 0), data.X(i, 1)}));

    // Background pixels a little away from every marker (markers are ~6 px in radius): the nearest point
    // is 10–22 px away, and every point of the other class at least twice as far.
    int checked[2] = {0, 0}, agree[2] = {0, 0};
    const PixelRect& r = vt.rect();
    for (int y = int(r.y) + 40; y < int(r.y + r.height) - 40; y += 3)
        for (int x = int(r.x) + 40; x < int(r.x + r.width) - 40; x += 3) {
            double nearest[2] = {1e9, 1e9};
            for (size_t i = 0; i < px.size(); ++i) {
                double d = (px[i] - Eigen::Vector2d(x, y)).norm();
                int c = data.labels[Eigen::Index(i)];
                nearest[c] = std::min(nearest[c], d);
            }
            int c = nearest[0] < nearest[1] ? 0 : 1;
            if (nearest[c] < 10 || nearest[c] > 22 || nearest[1 - c] < 2 * nearest[c]) continue;
            ++checked[c];
            agree[c] += regionClass(img, x, y) == c;
        }
    for (int c = 0; c < 2; ++c) {
        ASSERT_GT(checked[c], 40) << "class " << c << ": too few background pixels near its points";
        EXPECT_GT(double(agree[c]) / checked[c], 0.85)
            << "class " << c << ": " << agree[c] << " of " << checked[c] << " pixels show its colour";
    }
}

TEST(NetworkLabRender, TheLossLandscapeIsAHeatmapWithThePathOverIt) {
    std::string json = readFileText(sourcePath("assets/scenes/09_mlp_spiral.json"));
    json.replace(json.find("\"train_steps\""), 0, "\"show_landscape\": true, \"landscape_directions\": \"pca\", ");
    Image img = render(writeScene("landscape", json), "landscape");
    ASSERT_FALSE(img.empty());
    const Layout L = layout();
    // A heatmap has many colours; the path is drawn in white over it.
    std::set<int> colours;
    int white = 0;
    for (int y = int(L.y + L.height * 0.2); y < int(L.y + L.height * 0.8); y += 2)
        for (int x = int(L.x + L.width * 0.2); x < int(L.x + L.width * 0.7); x += 2) {
            const unsigned char* p = img.at(x, y);
            colours.insert(p[0] << 16 | p[1] << 8 | p[2]);
            white += p[0] > 245 && p[1] > 245 && p[2] > 245;
        }
    EXPECT_GT(colours.size(), 300u);
    EXPECT_GT(white, 20);
}

// Issue 10, item 5: a network scene whose CSV cannot be read exits 1 naming the file, and one whose CSV
// is invalid exits 2 naming the line; neither writes a picture of the error instead of the scene.
TEST(NetworkLabRender, AMissingOrBrokenCsvEndsTheRenderWithItsExitCode) {
    std::string scene = writeScene("missing-csv", R"({"mode": "network", "network": {"dataset": "csv",
        "csv_path": "/nonexistent/no_such_data.csv", "train_steps": 100}})");
    std::string out = tempPath("missing-csv.png");
    CommandResult r = runDownhill("render --frames 3 --scene " + scene + " --out " + out);
    EXPECT_EQ(r.exitCode, 1) << r.err;
    EXPECT_NE(r.err.find("/nonexistent/no_such_data.csv: cannot open"), std::string::npos) << r.err;
    EXPECT_TRUE(loadPng(out).empty());

    std::string csv = tempPath("broken.csv");
    writeFileAtomic(csv, std::string("x1,x2,label\n1,2,a\n3,oops,b\n"));
    scene = writeScene("broken-csv", R"({"mode": "network", "network": {"dataset": "csv", "csv_path": ")" + csv +
                                         R"(", "train_steps": 100}})");
    r = runDownhill("render --frames 3 --scene " + scene + " --out " + out);
    EXPECT_EQ(r.exitCode, 2) << r.err;
    EXPECT_NE(r.err.find(csv + ":3, column 'x2': 'oops' is not a number"), std::string::npos) << r.err;
    EXPECT_TRUE(loadPng(out).empty());
}

TEST(NetworkLabRender, FashionMnistGuessesAreMostlyRightAfterAFewHundredSteps) {
    if (!std::filesystem::exists(std::string(kFashionMnistDir) + "/t10k-labels-idx1-ubyte.gz"))
        GTEST_SKIP() << "dataset-fashion-mnist is not installed";
    std::string scene = writeScene("fashion", R"({"mode": "network", "network": {"dataset": "fashion_mnist",
        "hidden": [64], "activation": "relu", "init": "he", "optimizer": {"optimizer": "adam", "lr": 0.001},
        "batch_size": 64, "train_steps": 300}})");
    Image img = render(scene, "fashion");
    ASSERT_FALSE(img.empty());
    const Layout L = layout();
    // Labels: green (90, 220, 110) when right, red (255, 90, 80) when wrong.
    int right = img.countColor(int(L.x), int(L.y), int(L.x + L.width), int(L.y + L.height), 90, 220, 110, 30);
    int wrong = img.countColor(int(L.x), int(L.y), int(L.x + L.width), int(L.y + L.height), 255, 90, 80, 30);
    EXPECT_GT(right, 2 * wrong);
    EXPECT_GT(right, 500);
}

TEST(NetworkLab, TrainingCurvesCsvHasTheColumnsAndEmptyUndefinedValues) {
    nn::HistoryPoint a{0, 0.5, std::nan(""), 0.25, std::nan("")};
    std::string csv = trainingCurvesCsv({a});
    EXPECT_EQ(csv, "step,train_loss,test_loss,train_accuracy,test_accuracy\n0,0.5,,0.25,\n");
}

TEST(NetworkLab, DecisionsFollowTheLoss) {
    const float logits[2] = {0.0f, 2.0f};
    Decision ce = decide(logits, 2, nn::LossKind::CrossEntropy, 2);
    EXPECT_EQ(ce.predicted, 1);
    EXPECT_NEAR(ce.p1, 1 / (1 + std::exp(-2.0)), 1e-9);
    const float one[1] = {-1.0f};
    Decision bce = decide(one, 1, nn::LossKind::Bce, 2);
    EXPECT_EQ(bce.predicted, 0);
    EXPECT_NEAR(bce.p1, 1 / (1 + std::exp(1.0)), 1e-9);
}

TEST(NetworkLab, ThumbnailShowsBothClassesOfTheSpiralAndNothingForFiles) {
    NetworkSettings s;
    s.dataset = NetworkDataset::Spirals;
    std::vector<uint32_t> px = networkThumbnail(s, 48, 30);
    ASSERT_EQ(px.size(), 48u * 30u);
    auto abgr = [](uint32_t rgb) { return 0xff000000u | (rgb & 0xff) << 16 | (rgb & 0xff00) | (rgb >> 16 & 0xff); };
    EXPECT_GT(std::count(px.begin(), px.end(), abgr(classColor(0))), 20);
    EXPECT_GT(std::count(px.begin(), px.end(), abgr(classColor(1))), 20);
    s.dataset = NetworkDataset::FashionMnist;
    EXPECT_TRUE(networkThumbnail(s, 48, 30).empty());
}

// ---- fitting lab ----

TEST(FittingLab, ThePresetsDegreeTwelveOverfitsAndDegreeOneUnderfits) {
    Scene scene = loadScene(sourcePath("assets/scenes/10_under_over_fitting.json"), nullptr);
    FittingLab lab;
    lab.sync(scene.fitting);
    ASSERT_TRUE(lab.ready()) << lab.error();
    EXPECT_LT(lab.fit(12).trainMse, lab.fit(3).trainMse);
    EXPECT_GT(lab.fit(12).testMse, lab.fit(3).testMse);
    EXPECT_GT(lab.fit(1).trainMse, lab.fit(3).trainMse);
    EXPECT_GT(lab.fit(1).testMse, lab.fit(3).testMse);
}

TEST(FittingLabRender, TheErrorChartMarksDegreeTwelveWithItsTestErrorAboveItsTrainError) {
    Image img = render(sourcePath("assets/scenes/10_under_over_fitting.json"), "fitting");
    ASSERT_FALSE(img.empty());
    const Layout L = layout();
    const int x0 = int(L.x), x1 = int(L.x + L.width), y0 = int(L.bottomY), y1 = int(L.bottomY + L.bottomHeight);
    auto isTrain = [&](int x, int y) {
        const unsigned char* p = img.at(x, y);
        return std::abs(p[0] - 0x56) < 20 && std::abs(p[1] - 0xb4) < 20 && std::abs(p[2] - 0xe9) < 20;
    };
    auto isTest = [&](int x, int y) {
        const unsigned char* p = img.at(x, y);
        return std::abs(p[0] - 0xd5) < 20 && std::abs(p[1] - 0x5e) < 20 && std::abs(p[2] - 0x00) < 20;
    };
    // The right-most markers are degree 12's.
    int right = 0;
    for (int y = y0; y < y1; ++y)
        for (int x = x0; x < x1; ++x)
            if (isTest(x, y)) right = std::max(right, x);
    ASSERT_GT(right, x0 + L.width / 2);
    double trainY = 0, testY = 0;
    int nTrain = 0, nTest = 0, marked = 0;
    for (int y = y0; y < y1; ++y)
        for (int x = right - 10; x <= right; ++x) {
            if (isTrain(x, y)) trainY += y, ++nTrain;
            if (isTest(x, y)) testY += y, ++nTest;
        }
    for (int y = y0; y < y1; ++y) // the chosen degree's band (yellow outline) around those markers
        for (int x = right - 60; x <= right + 60 && x < x1; ++x) {
            const unsigned char* p = img.at(x, y);
            marked += p[0] > 180 && p[1] > 170 && p[2] < 120;
        }
    ASSERT_GT(nTrain, 10) << "no training-error marker at degree 12";
    ASSERT_GT(nTest, 10) << "no test-error marker at degree 12";
    EXPECT_LT(testY / nTest, trainY / nTrain - 20) << "the test error must be drawn above the training error";
    EXPECT_GT(marked, 100) << "degree 12 (the scene's degree) must be marked";
}
