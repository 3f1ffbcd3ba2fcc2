// The network lab's model (core/lab/network_lab.h) without a window: both executions (worker threads
// and stepped from a frame loop) showing the same network, what a change of the settings rebuilds,
// files read once (a CSV, Fashion-MNIST), the background jobs on their threads, and defaults that learn.
// Built with -DDOWNHILL_SANITIZE=thread these run the real asynchronous paths under ThreadSanitizer
// (.ci/run).
#include "core/common/error.h"
#include "core/lab/network_lab.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

namespace dh {
namespace {

namespace fs = std::filesystem;
using nn::Execution;

NetworkSettings smallSettings() {
    NetworkSettings s;
    s.dataset = NetworkDataset::Spirals;
    s.samples = 200;
    s.hidden = {8};
    return s;
}

NetworkLabOptions options(Execution execution, bool settle) {
    NetworkLabOptions o;
    o.execution = execution;
    o.settle = settle;
    o.frameBudgetMs = 2;
    return o;
}

// Updates the lab as frames would (every few milliseconds) until done() or a generous timeout.
template <class Done>
bool updateUntil(NetworkLab& lab, const NetworkSettings& s, long generation, Done done, double seconds = 60) {
    const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    for (;;) {
        lab.update(s, generation, 1.0 / 60);
        if (done()) return true;
        if (std::chrono::steady_clock::now() > end) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
}

bool atStep(const NetworkLab& lab, long step) {
    return lab.snapshot() && lab.snapshot()->step == step && !lab.snapshot()->running;
}

// A directory of its own for this test (tests run as parallel processes).
fs::path testDir() {
    fs::path d = fs::path(::testing::TempDir()) /
                 ("dh_lab_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "_" +
                  std::to_string(::getpid()));
    fs::remove_all(d);
    fs::create_directories(d);
    return d;
}

void put32(std::ofstream& f, std::uint32_t v) {
    for (int s = 24; s >= 0; s -= 8) f.put(char(v >> s));
}

// A Fashion-MNIST-shaped directory (uncompressed IDX files): image i is bright in row (label i) · 2.
void writeFashionDir(const fs::path& dir, std::uint32_t train, std::uint32_t test) {
    for (auto [prefix, count] : {std::pair<const char*, std::uint32_t>{"train", train}, {"t10k", test}}) {
        std::ofstream images(dir / (std::string(prefix) + "-images-idx3-ubyte"), std::ios::binary);
        put32(images, 0x803);
        put32(images, count);
        put32(images, 28);
        put32(images, 28);
        for (std::uint32_t i = 0; i < count; ++i)
            for (int k = 0; k < 784; ++k) images.put(char(k / 28 == int(i % 10) * 2 ? 250 : (7 * i + k) % 40));
        std::ofstream labels(dir / (std::string(prefix) + "-labels-idx1-ubyte"), std::ios::binary);
        put32(labels, 0x801);
        put32(labels, count);
        for (std::uint32_t i = 0; i < count; ++i) labels.put(char(i % 10));
    }
}

// ---- executions ----

// The scene's step is reached in every execution, and the weights there are bit-identical.
TEST(NetworkLab, AnOpenedSceneTrainsToItsStepAlikeInEveryExecution) {
    NetworkSettings s = smallSettings();
    s.trainSteps = 120;
    std::vector<Eigen::VectorXf> weights;
    for (Execution e : {Execution::WorkerThread, Execution::Stepped})
        for (bool settle : {true, false}) {
            NetworkLab lab(options(e, settle));
            ASSERT_TRUE(updateUntil(lab, s, 1, [&] { return atStep(lab, 120); }))
                << (e == Execution::Stepped ? "stepped" : "worker") << (settle ? ", settled" : "");
            EXPECT_EQ(lab.target(), 0);
            EXPECT_EQ(lab.shownStep(), 120);
            weights.push_back(lab.snapshot()->params);
        }
    for (size_t i = 1; i < weights.size(); ++i) EXPECT_TRUE(weights[i] == weights[0]) << "run " << i;
}

// The stepped lab trains inside update() only, for about its frame budget.
TEST(NetworkLab, SteppedTrainsOnlyInsideUpdate) {
    NetworkLab lab(options(Execution::Stepped, false));
    const NetworkSettings s = smallSettings();
    lab.update(s, 1, 1.0 / 60);
    ASSERT_TRUE(lab.hasNetwork());
    lab.play();
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    EXPECT_EQ(lab.snapshot()->step, 0);
    ASSERT_TRUE(updateUntil(lab, s, 1, [&] { return lab.snapshot()->step > 0; }));
    lab.pause();
    ASSERT_TRUE(updateUntil(lab, s, 1, [&] { return !lab.snapshot()->running; }));
    const long paused = lab.snapshot()->step;
    for (int i = 0; i < 5; ++i) lab.update(s, 1, 1.0 / 60);
    EXPECT_EQ(lab.snapshot()->step, paused);
}

// ---- the scene flows one way ----

TEST(NetworkLab, TheUsersStepsStayUntilASceneIsOpenedAgain) {
    NetworkLab lab(options(Execution::Stepped, false));
    NetworkSettings s = smallSettings();
    s.trainSteps = 50;
    ASSERT_TRUE(updateUntil(lab, s, 1, [&] { return atStep(lab, 50); }));
    lab.step(30); // the user's command
    ASSERT_TRUE(updateUntil(lab, s, 1, [&] { return atStep(lab, 80); }));
    for (int i = 0; i < 5; ++i) lab.update(s, 1, 1.0 / 60);
    EXPECT_EQ(lab.shownStep(), 80) << "the same scene: the user's steps stay";
    EXPECT_EQ(s.trainSteps, 50);
    // the same scene opened again (a new generation): back to its step
    ASSERT_TRUE(updateUntil(lab, s, 2, [&] { return atStep(lab, 50); }));
    // a scene with another step and the same network: trained to that step
    s.trainSteps = 20;
    ASSERT_TRUE(updateUntil(lab, s, 3, [&] { return atStep(lab, 20); }));
}

// ---- what a change rebuilds ----

TEST(NetworkLab, EtaAndTheOptimizerApplyLiveTheNetworkRebuildsTheDataStays) {
    NetworkLab lab(options(Execution::Stepped, false));
    NetworkSettings s = smallSettings();
    s.trainSteps = 40;
    ASSERT_TRUE(updateUntil(lab, s, 1, [&] { return atStep(lab, 40); }));
    const nn::NetData<float>* data = &lab.trainData();
    const uint64_t network = lab.networkId();

    s.optimizer.lr = 0.002; // live: the step count stays
    lab.step(1);
    ASSERT_TRUE(updateUntil(lab, s, 1, [&] { return atStep(lab, 41); }));
    EXPECT_FLOAT_EQ(float(lab.snapshot()->learningRate), 0.002f);
    s.optimizer.beta1 = 0.5; // another optimizer setting: live too, fresh optimizer state
    lab.step(1);
    ASSERT_TRUE(updateUntil(lab, s, 1, [&] { return atStep(lab, 42); }));
    EXPECT_TRUE(lab.notice().empty()) << lab.notice();
    EXPECT_EQ(lab.networkId(), network) << "η and the optimizer must not rebuild";

    s.hidden = {8, 4}; // the network: rebuilt at step 0 on the same data (shared, not copied)
    ASSERT_TRUE(updateUntil(lab, s, 1, [&] { return lab.hasNetwork() && lab.config().layers.size() == 4; }));
    EXPECT_EQ(lab.shownStep(), 0);
    EXPECT_NE(lab.networkId(), network);
    EXPECT_EQ(&lab.trainData(), data);
    s.l2 = 0.01; // regularization is part of the network
    ASSERT_TRUE(updateUntil(lab, s, 1, [&] { return lab.hasNetwork(); }));
    lab.step(3);
    ASSERT_TRUE(updateUntil(lab, s, 1, [&] { return atStep(lab, 3); }));
    s.l2 = 0.02;
    ASSERT_TRUE(updateUntil(lab, s, 1, [&] { return atStep(lab, 0); }));

    const Eigen::MatrixXf before = lab.trainData().X;
    s.noise = 0.2; // the data: made again
    ASSERT_TRUE(updateUntil(lab, s, 1, [&] { return lab.hasNetwork() && lab.trainData().X != before; }));
}

// ---- files are read once ----

TEST(NetworkLab, ACsvFileIsReadOnceUntilReloaded) {
    const fs::path dir = testDir();
    const fs::path csv = dir / "points.csv";
    {
        std::ofstream f(csv);
        f << "a,b,label\n";
        for (int i = 0; i < 60; ++i) f << (i % 7) * 0.1 << "," << (i % 5) * 0.2 << "," << (i % 2) << "\n";
    }
    NetworkLab lab(options(Execution::WorkerThread, false));
    NetworkSettings s = smallSettings();
    s.dataset = NetworkDataset::Csv;
    s.csvPath = csv.string();
    ASSERT_TRUE(updateUntil(lab, s, 1, [&] { return lab.hasNetwork(); }));
    EXPECT_EQ(lab.fileLoads(), 1);
    fs::remove(csv);
    s.hidden = {4, 4}; // a new network on the data in memory: the file is not read again
    ASSERT_TRUE(updateUntil(lab, s, 1, [&] { return lab.hasNetwork() && lab.config().layers.size() == 4; }));
    EXPECT_TRUE(lab.error().empty()) << lab.error();
    EXPECT_EQ(lab.fileLoads(), 1);
    lab.reload(); // the user asks: read again (and it is gone now)
    ASSERT_TRUE(updateUntil(lab, s, 1, [&] { return !lab.loading() && !lab.error().empty(); }));
    EXPECT_NE(lab.error().find("points.csv"), std::string::npos) << lab.error();
    fs::remove_all(dir);
}

TEST(NetworkLab, FashionMnistIsReadOnceAndKeptForTheRun) {
    const fs::path dir = testDir();
    writeFashionDir(dir, 300, 100);
    NetworkLabOptions o = options(Execution::WorkerThread, false);
    o.fashion.dir = dir.string();
    NetworkLab lab(o);
    NetworkSettings s = smallSettings();
    s.dataset = NetworkDataset::FashionMnist;
    s.hidden = {16};
    ASSERT_TRUE(updateUntil(lab, s, 1, [&] { return lab.hasNetwork(); })) << lab.error();
    EXPECT_EQ(lab.fileLoads(), 1);
    EXPECT_TRUE(lab.images());
    EXPECT_EQ(lab.trainData().size(), 300);
    EXPECT_EQ(lab.testData().size(), 100);

    fs::remove_all(dir); // from now on a second read would fail
    s.hidden = {16, 8};  // a layer added
    ASSERT_TRUE(updateUntil(lab, s, 1, [&] { return lab.hasNetwork() && lab.config().layers.size() == 4; }));
    s.hidden = {16}; // and removed
    ASSERT_TRUE(updateUntil(lab, s, 1, [&] { return lab.hasNetwork() && lab.config().layers.size() == 3; }));
    s.loss = nn::LossKind::Mse; // targets made from the labels in memory (one-hot)
    ASSERT_TRUE(updateUntil(lab, s, 1, [&] { return lab.hasNetwork() && lab.config().loss == nn::LossKind::Mse; }));
    EXPECT_EQ(lab.trainData().Y.cols(), 10);
    s.dataset = NetworkDataset::Circle; // another dataset, and back
    ASSERT_TRUE(updateUntil(lab, s, 1, [&] { return lab.hasNetwork() && lab.twoD(); }));
    s.dataset = NetworkDataset::FashionMnist;
    ASSERT_TRUE(updateUntil(lab, s, 1, [&] { return lab.hasNetwork() && lab.images(); }));
    EXPECT_TRUE(lab.error().empty()) << lab.error();
    EXPECT_EQ(lab.fileLoads(), 1) << "Fashion-MNIST was read from disk again";
}

TEST(NetworkLab, ReadingFashionMnistReportsImagesAndBytesAndCanBeCancelled) {
    const fs::path dir = testDir();
    writeFashionDir(dir, 120, 30);
    ReadProgress progress;
    FashionMnistOptions o;
    o.dir = dir.string();
    o.progress = &progress;
    const Dataset d = loadFashionMnist(o);
    EXPECT_EQ(d.size(), 150);
    EXPECT_EQ(progress.itemsTotal.load(), 150);
    EXPECT_EQ(progress.itemsRead.load(), 150);
    EXPECT_EQ(progress.bytesTotal.load(), 150 * 784 + 150); // pixels and labels
    EXPECT_EQ(progress.bytesRead.load(), progress.bytesTotal.load());

    std::atomic<bool> cancel{true};
    ReadProgress stopped;
    stopped.cancel = &cancel;
    o.progress = &stopped;
    try {
        loadFashionMnist(o);
        ADD_FAILURE() << "a cancelled read must not finish";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("cancelled"), std::string::npos) << e.what();
    }
    EXPECT_LT(stopped.bytesRead.load(), stopped.bytesTotal.load());
    fs::remove_all(dir);
}

// ---- background jobs ----

TEST(NetworkLab, TheLandscapeAndThePredictionsAreComputedOnTheirThreads) {
    NetworkLab lab(options(Execution::WorkerThread, false));
    NetworkSettings s = smallSettings();
    s.trainSteps = 200;
    s.showLandscape = true;
    s.landscapeDirections = nn::LandscapeDirections::Pca;
    ASSERT_TRUE(updateUntil(lab, s, 1,
                            [&] { return atStep(lab, 200) && lab.landscape().step == 200 && !lab.landscapeBusy(); }));
    const NetworkLab::Landscape& l = lab.landscape();
    EXPECT_TRUE(l.error.empty()) << l.error;
    EXPECT_GE(l.resolution, 15);
    EXPECT_EQ(l.grid.size(), size_t(l.resolution) * size_t(l.resolution));
    EXPECT_GE(l.path.size(), 2u);

    const fs::path dir = testDir();
    writeFashionDir(dir, 200, 64);
    NetworkLabOptions o = options(Execution::WorkerThread, false);
    o.fashion.dir = dir.string();
    NetworkLab images(o);
    NetworkSettings f = smallSettings();
    f.dataset = NetworkDataset::FashionMnist;
    f.trainSteps = 30;
    ASSERT_TRUE(updateUntil(images, f, 1, [&] { return atStep(images, 30) && images.predictions().step == 30; }));
    long total = 0;
    for (const auto& row : images.predictions().confusion)
        for (int c : row) total += c;
    EXPECT_EQ(total, 64);
    EXPECT_EQ(images.predictions().predicted.size(), size_t(NetworkLab::kShownImages));
    fs::remove_all(dir);
}

// Jobs own their inputs: the network they read may be replaced, and the lab destroyed, while they run.
TEST(NetworkLab, JobsOutliveTheNetworkTheyReadAndTheLab) {
    NetworkSettings s = smallSettings();
    s.samples = 2000;
    s.hidden = {64, 64};
    s.showLandscape = true;
    for (int round = 0; round < 3; ++round) {
        auto lab = std::make_unique<NetworkLab>(options(Execution::WorkerThread, false));
        ASSERT_TRUE(updateUntil(*lab, s, 1, [&] { return lab->landscapeBusy(); }));
        lab->play();
        s.hidden[1] = 32 + round; // a rebuild while the landscape is being computed
        lab->update(s, 1, 1.0 / 60);
        lab->update(s, 1, 1.0 / 60);
        lab.reset(); // cancels and joins whatever runs
        s.hidden[1] = 64;
    }
}

TEST(BackgroundJob, RunsOnAThreadOrAtOnceAndStopsWhenCancelled) {
    BackgroundJob<int> now;
    now.start([](const std::atomic<bool>&) { return 7; }, false);
    ASSERT_TRUE(now.ready());
    EXPECT_EQ(now.take(), 7);
    EXPECT_FALSE(now.busy());

    BackgroundJob<int> forever;
    std::atomic<bool> started{false};
    forever.start(
        [&started](const std::atomic<bool>& cancelled) {
            started = true;
            while (!cancelled) std::this_thread::sleep_for(std::chrono::milliseconds(1));
            return 1;
        },
        true);
    while (!started) std::this_thread::yield();
    EXPECT_TRUE(forever.busy());
    EXPECT_FALSE(forever.ready());
    forever.cancel(); // returns because the job polls its flag
    EXPECT_FALSE(forever.busy());
}

// ---- defaults ----

// A lecture's first look: the default data and network, played at the default speed limit for 5 s.
TEST(NetworkLab, TheDefaultsLearnWithinFiveSecondsAtTheDefaultSpeed) {
    NetworkSettings s; // the scene's defaults
    s.trainSteps = long(5 * NetworkLab::kToySpeedLimit);
    NetworkLab lab(options(nn::kDefaultExecution, true));
    lab.update(s, 1, 1.0 / 60);
    ASSERT_TRUE(atStep(lab, s.trainSteps));
    EXPECT_GT(lab.snapshot()->testAccuracy, 0.9);
    EXPECT_LT(lab.snapshot()->history.front().testAccuracy, 0.75) << "the untrained network must look untrained";
}

} // namespace
} // namespace dh
