// Network-lab benchmarks (ratios, see ratio.h; timings are reported, never asserted):
//   BM_TinyMlpAdamStep     one full-batch Adam step of a 2→8→8→1 tanh MLP on 256 points (float, mse),
//                          Trainer + MatTape ÷ a hand-written Eigen forward/backward + Adam   (target ≤ 1.3)
//   BM_MnistMlpSgdStep     one batch-64 step of 784→128→10 (relu, cross-entropy, SGD, float), gathering the
//                          batch by a shuffled index in both, Trainer ÷ hand-written          (target ≤ 1.2)
//   BM_FashionMnist30s     trains 784→256→128→10 (relu, Adam 1e-3, batch 128, float) on Fashion-MNIST
//                          for 30 s of training time and reports the test accuracy over time (target ≥ 0.88
//                          within 30 s). Skipped when /usr/share/datasets/fashion-mnist is missing.
// Run: ./build/bench_nn [--benchmark_filter=Tiny|Mnist|Fashion]
#include "ratio.h"

#include "core/data/dataset.h"
#include "core/data/random.h"
#include "core/nn/init.h"
#include "core/nn/trainer.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>

namespace {

using namespace dh::nn;
using RowMatrixF = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using VectorF = Eigen::VectorXf;

// ---- the hand-written baselines ----

// A dense layer's views into a flat vector (W out×in row-major, then b).
struct Layer {
    int in, out;
    Eigen::Index w, b;
};

std::vector<Layer> layersOf(const MlpConfig& c) {
    std::vector<Layer> out;
    for (const LayerSlice& s : layerSlices(c)) out.push_back({s.in, s.out, s.weightOffset, s.biasOffset});
    return out;
}

Eigen::Map<const RowMatrixF> W(const VectorF& p, const Layer& l) {
    return {p.data() + l.w, l.out, l.in};
}
Eigen::Map<RowMatrixF> Wg(VectorF& g, const Layer& l) {
    return {g.data() + l.w, l.out, l.in};
}

void addBias(RowMatrixF& z, const VectorF& p, const Layer& l) {
    Eigen::Map<const Eigen::RowVectorXf> b(p.data() + l.b, l.out);
    for (Eigen::Index r = 0; r < z.rows(); ++r) z.row(r) += b;
}
void biasGrad(const RowMatrixF& dz, VectorF& g, const Layer& l) {
    Eigen::Map<Eigen::RowVectorXf>(g.data() + l.b, l.out) = dz.colwise().sum();
}

// Adam as torch computes it, vectorised plainly (what one would write by hand).
struct HandAdam {
    VectorF m, v;
    int t = 0;
    float lr = 1e-3f, b1 = 0.9f, b2 = 0.999f, eps = 1e-8f;
    void step(VectorF& p, const VectorF& g) {
        if (m.size() != p.size()) m = v = VectorF::Zero(p.size());
        ++t;
        m = b1 * m + (1 - b1) * g;
        v = b2 * v + (1 - b2) * g.cwiseProduct(g);
        const float bc1 = 1 - std::pow(b1, float(t)), bc2 = 1 - std::pow(b2, float(t));
        p.array() -= (lr / bc1) * m.array() / (v.array().sqrt() / std::sqrt(bc2) + eps);
    }
};

// 2→8→8→1 tanh, mse, full batch.
struct HandTiny {
    std::vector<Layer> L;
    VectorF p, g;
    RowMatrixF X, Y, z1, a1, z2, a2, z3, d3, d2, d1, tmp;
    HandAdam adam;
    float step() {
        z1.noalias() = X * W(p, L[0]).transpose();
        addBias(z1, p, L[0]);
        a1 = z1.array().tanh();
        z2.noalias() = a1 * W(p, L[1]).transpose();
        addBias(z2, p, L[1]);
        a2 = z2.array().tanh();
        z3.noalias() = a2 * W(p, L[2]).transpose();
        addBias(z3, p, L[2]);
        const float n = float(z3.size());
        const float loss = (z3 - Y).squaredNorm() / n;
        d3 = (2 / n) * (z3 - Y);
        Wg(g, L[2]).noalias() = d3.transpose() * a2;
        biasGrad(d3, g, L[2]);
        tmp.noalias() = d3 * W(p, L[2]);
        d2 = tmp.array() * (1 - a2.array().square());
        Wg(g, L[1]).noalias() = d2.transpose() * a1;
        biasGrad(d2, g, L[1]);
        tmp.noalias() = d2 * W(p, L[1]);
        d1 = tmp.array() * (1 - a1.array().square());
        Wg(g, L[0]).noalias() = d1.transpose() * X;
        biasGrad(d1, g, L[0]);
        adam.step(p, g);
        return loss;
    }
};

NetData<float> randomData(Eigen::Index n, int features, int classes, std::uint64_t seed, bool pixels) {
    dh::Rng rng(seed);
    NetData<float> d;
    d.X.resize(n, features);
    for (Eigen::Index i = 0; i < d.X.size(); ++i) d.X.data()[i] = float(pixels ? rng.uniform() : rng.uniform(-1, 1));
    d.Y.resize(n, 1);
    for (Eigen::Index i = 0; i < n; ++i)
        d.Y(i, 0) = classes > 0 ? float(rng.below(std::uint64_t(classes))) : float(std::sin(3 * d.X(i, 0)) * d.X(i, 1));
    d.classes = classes;
    return d;
}

void BM_TinyMlpAdamStep(benchmark::State& state) {
    MlpConfig c;
    c.layers = {2, 8, 8, 1};
    c.activation = Activation::Tanh;
    c.loss = LossKind::Mse;
    NetData<float> data = randomData(256, 2, 0, 1, false);
    TrainOptions o;
    o.optimizer = dh::torchDefaults(dh::OptimizerKind::Adam);
    Trainer<float> trainer(c, o, data);
    VectorF p0;
    initializeParams(c, InitScheme::Xavier, 1, p0);
    trainer.restart(p0);

    HandTiny hand;
    hand.L = layersOf(c);
    hand.p = p0;
    hand.g = VectorF::Zero(p0.size());
    hand.X = data.X;
    hand.Y = data.Y;
    // warm up both (first-step allocations) and check they compute the same thing
    const double lt = trainer.step().loss, lh = hand.step();
    if (std::abs(lt - lh) > 1e-5 * std::abs(lh)) state.SkipWithError("tape and hand-written losses differ");
    dh::bench::ratioBenchmark(
        state, [&] { benchmark::DoNotOptimize(trainer.step()); }, [&] { benchmark::DoNotOptimize(hand.step()); }, 200);
}
BENCHMARK(BM_TinyMlpAdamStep)->Iterations(60);

// 784→128→10 relu, cross-entropy, SGD, batches of 64 gathered through a shuffled index.
struct HandMnist {
    std::vector<Layer> L;
    VectorF p, g;
    const NetData<float>* data = nullptr;
    std::vector<Eigen::Index> order;
    Eigen::Index cursor = 0;
    dh::Rng rng{7};
    RowMatrixF X, z1, a1, z2, P, d2, d1, tmp;
    Eigen::VectorXi y;
    float lr = 0.01f;
    float step() {
        const Eigen::Index n = data->size(), b = 64;
        if (cursor == 0) {
            for (Eigen::Index i = 0; i < n; ++i) order[size_t(i)] = i;
            rng.shuffle(order.begin(), order.end());
        }
        const Eigen::Index count = std::min(b, n - cursor);
        X.resize(count, data->X.cols());
        y.resize(count);
        for (Eigen::Index i = 0; i < count; ++i) {
            X.row(i) = data->X.row(order[size_t(cursor + i)]);
            y[i] = int(data->Y(order[size_t(cursor + i)], 0));
        }
        cursor = cursor + count == n ? 0 : cursor + count;
        z1.noalias() = X * W(p, L[0]).transpose();
        addBias(z1, p, L[0]);
        a1 = z1.array().max(0.f);
        z2.noalias() = a1 * W(p, L[1]).transpose();
        addBias(z2, p, L[1]);
        float loss = 0;
        P.resize(z2.rows(), z2.cols());
        for (Eigen::Index r = 0; r < z2.rows(); ++r) {
            const float m = z2.row(r).maxCoeff();
            P.row(r) = (z2.row(r).array() - m).exp();
            const float s = P.row(r).sum();
            P.row(r) /= s;
            loss += m + std::log(s) - z2(r, y[r]);
        }
        loss /= float(count);
        d2 = P / float(count);
        for (Eigen::Index r = 0; r < count; ++r) d2(r, y[r]) -= 1.f / float(count);
        Wg(g, L[1]).noalias() = d2.transpose() * a1;
        biasGrad(d2, g, L[1]);
        tmp.noalias() = d2 * W(p, L[1]);
        d1 = (z1.array() > 0.f).select(tmp.array(), 0.f);
        Wg(g, L[0]).noalias() = d1.transpose() * X;
        biasGrad(d1, g, L[0]);
        p -= lr * g;
        return loss;
    }
};

void BM_MnistMlpSgdStep(benchmark::State& state) {
    MlpConfig c;
    c.layers = {784, 128, 10};
    c.activation = Activation::Relu;
    c.loss = LossKind::CrossEntropy;
    NetData<float> data = randomData(2048, 784, 10, 2, true);
    TrainOptions o;
    o.optimizer = dh::torchDefaults(dh::OptimizerKind::Sgd);
    o.optimizer.lr = 0.01;
    o.batchSize = 64;
    o.shuffleSeed = 7;
    Trainer<float> trainer(c, o, data);
    VectorF p0;
    initializeParams(c, InitScheme::He, 1, p0);
    trainer.restart(p0);

    HandMnist hand;
    hand.L = layersOf(c);
    hand.p = p0;
    hand.g = VectorF::Zero(p0.size());
    hand.data = &trainer.trainData();
    hand.order.resize(size_t(data.size()));
    for (int i = 0; i < 3; ++i) {
        trainer.step();
        hand.step();
    }
    dh::bench::ratioBenchmark(
        state, [&] { benchmark::DoNotOptimize(trainer.step()); }, [&] { benchmark::DoNotOptimize(hand.step()); }, 20);
}
BENCHMARK(BM_MnistMlpSgdStep)->Iterations(40);

void BM_FashionMnist30s(benchmark::State& state) {
    const std::string dir = dh::kFashionMnistDir;
    if (!std::filesystem::exists(dir + "/train-images-idx3-ubyte.gz")) {
        state.SkipWithError("Fashion-MNIST not installed (apt-get install dataset-fashion-mnist)");
        return;
    }
    for (auto _ : state) {
        const auto t0 = std::chrono::steady_clock::now();
        dh::Dataset ds = dh::loadFashionMnist();
        MlpConfig c;
        c.layers = {784, 256, 128, 10};
        c.activation = Activation::Relu;
        c.loss = LossKind::CrossEntropy;
        TrainOptions o;
        o.optimizer = dh::torchDefaults(dh::OptimizerKind::Adam);
        o.optimizer.lr = 1e-3;
        o.batchSize = 128;
        o.shuffleSeed = 1;
        Trainer<float> trainer(c, o, netData<float>(ds, false, c), netData<float>(ds, true, c));
        ds = dh::Dataset(); // the trainer has its own float copy
        VectorF p0;
        initializeParams(c, InitScheme::He, 1, p0);
        trainer.restart(p0);
        const double loadSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

        const double budget = 30.0;
        double trained = 0, reached = -1, accuracy = 0;
        const long evalEvery = long(trainer.stepsPerEpoch()) / 2;
        std::fprintf(stderr, "fashion-mnist: data loaded in %.2f s; test accuracy over training time:\n", loadSeconds);
        while (trained < budget) {
            const auto s0 = std::chrono::steady_clock::now();
            for (long i = 0; i < evalEvery; ++i) trainer.step();
            trained += std::chrono::duration<double>(std::chrono::steady_clock::now() - s0).count();
            accuracy = trainer.accuracy(trainer.testData()); // not counted as training time
            if (reached < 0 && accuracy >= 0.88) reached = trained;
            std::fprintf(stderr, "  %6.2f s  epoch %5.2f  test accuracy %.4f\n", trained,
                         double(trainer.stepCount()) / double(trainer.stepsPerEpoch()), accuracy);
        }
        state.counters["load_s"] = loadSeconds;
        state.counters["train_s"] = trained;
        state.counters["test_accuracy"] = accuracy;
        state.counters["s_to_0.88"] = reached;
        state.counters["epochs"] = double(trainer.stepCount()) / double(trainer.stepsPerEpoch());
    }
}
BENCHMARK(BM_FashionMnist30s)->Iterations(1)->Unit(benchmark::kSecond);

} // namespace

BENCHMARK_MAIN();
