// Trajectory runner benchmarks, as ratios (tests/bench/ratio.h), all on the six-hump camel from (−1.5, 1.5):
//   AdamCamel/builtin   runTrajectory(makeBuiltinSurface("six_hump_camel"), adam, 1000 steps)
//                       ÷ the same loop with a hand-written camel gradient and a hand-inlined Adam that
//                       records x, f and ∇f per state (target ≤ 1.3×)
//   AdamCamel/handSurface  the runner on a Surface subclass with the hand-written gradient ÷ the same
//                       baseline: the runner's own overhead (virtual calls, recording the optimizer state)
//   AdamCamel/builtinOverHandSurface  the runner on the built-in ÷ the runner on the hand-written
//                       gradient: what the dual-number gradient costs (the wording of the target)
//   EightOptimizers     8 runs × 1000 steps through runTrajectory (gd, momentum, nesterov, adagrad,
//                       rmsprop, adam, adamw, nadam) ÷ one hand-inlined Adam run; measured_ns is the
//                       absolute time of the 8 runs (target ≤ 0.4 ms = 400000 ns)
// Run: cmake --build build --target bench_optim && ./build/tests/bench_optim (Release).
#include "core/optim/trajectory.h"
#include "core/surfaces/surface.h"
#include "tests/bench/ratio.h"

#include <benchmark/benchmark.h>

#include <cmath>
#include <memory>
#include <vector>

namespace {

using Eigen::Vector2d;

constexpr int kSteps = 1000;
constexpr int kReps = 20;    // runs per timing, per side
constexpr int kRounds = 200; // interleaved rounds; the ratio is their median
const Vector2d kStart(-1.5, 1.5);

inline double camelF(double x, double y) {
    const double x2 = x * x, y2 = y * y;
    return (4 - 2.1 * x2 + x2 * x2 / 3) * x2 + x * y + (-4 + 4 * y2) * y2;
}
inline void camelGrad(double x, double y, double* g) {
    const double x2 = x * x;
    g[0] = 2 * x2 * x2 * x - 8.4 * x2 * x + 8 * x + y;
    g[1] = x + 16 * y * y * y - 8 * y;
}

// The baseline: Adam written out for two coordinates, recording x, f, ∇f per state like the runner.
struct HandAdam {
    std::vector<Vector2d> x, grad;
    std::vector<double> f;
    HandAdam() : x(kSteps + 1), grad(kSteps + 1), f(kSteps + 1) {}

    void run(double lr) {
        const double b1 = 0.9, b2 = 0.999, eps = 1e-8;
        double px = kStart[0], py = kStart[1], mx = 0, my = 0, vx = 0, vy = 0, g[2];
        for (int k = 0;; ++k) {
            camelGrad(px, py, g);
            x[k] = Vector2d(px, py);
            f[k] = camelF(px, py);
            grad[k] = Vector2d(g[0], g[1]);
            if (k == kSteps) break;
            const double t = k + 1;
            mx = mx * b1 + (1 - b1) * g[0], my = my * b1 + (1 - b1) * g[1];
            vx = vx * b2 + (1 - b2) * g[0] * g[0], vy = vy * b2 + (1 - b2) * g[1] * g[1];
            const double stepSize = lr / (1 - std::pow(b1, t)), bc2Sqrt = std::sqrt(1 - std::pow(b2, t));
            px -= stepSize * (mx / (std::sqrt(vx) / bc2Sqrt + eps));
            py -= stepSize * (my / (std::sqrt(vy) / bc2Sqrt + eps));
        }
    }
};

// The camel with the hand-written gradient behind the Surface interface.
class HandCamel : public dh::Surface {
public:
    double value(const Vector2d& p) const override { return camelF(p[0], p[1]); }
    double valueGrad(const Vector2d& p, Vector2d& g) const override {
        camelGrad(p[0], p[1], g.data());
        return camelF(p[0], p[1]);
    }
    Eigen::Matrix2d hessian(const Vector2d& p) const override {
        Eigen::Matrix2d h;
        h << 10 * std::pow(p[0], 4) - 25.2 * p[0] * p[0] + 8, 1, 1, 48 * p[1] * p[1] - 8;
        return h;
    }
    std::unique_ptr<dh::Surface> clone() const override { return std::make_unique<HandCamel>(*this); }
};

dh::OptimizerConfig adam(double lr) {
    dh::OptimizerConfig c = dh::torchDefaults(dh::OptimizerKind::Adam);
    c.lr = lr;
    return c;
}

dh::RunOptions options() {
    dh::RunOptions o;
    o.start = kStart;
    o.steps = kSteps;
    return o;
}

void adamCamel(benchmark::State& state, const dh::Surface& surface) {
    dh::Trajectory t;
    HandAdam hand;
    const dh::RunOptions o = options();
    dh::runTrajectory(surface, adam(0.05), o, t); // size it once
    hand.run(0.05);
    if (std::abs(t.x.back()[0] - hand.x.back()[0]) > 1e-9 * std::abs(hand.x.back()[0]))
        state.SkipWithError("the runner and the hand-written loop disagree");
    dh::bench::ratioBenchmark(
        state,
        [&] {
            dh::runTrajectory(surface, adam(0.05), o, t);
            benchmark::DoNotOptimize(t.x.data());
            benchmark::ClobberMemory();
        },
        [&] {
            hand.run(0.05);
            benchmark::DoNotOptimize(hand.x.data());
            benchmark::ClobberMemory();
        },
        kReps);
}

void BM_AdamCamel_builtin(benchmark::State& state) {
    std::unique_ptr<dh::Surface> camel = dh::makeBuiltinSurface("six_hump_camel");
    adamCamel(state, *camel);
}
BENCHMARK(BM_AdamCamel_builtin)->Iterations(kRounds)->Unit(benchmark::kMicrosecond);

void BM_AdamCamel_handSurface(benchmark::State& state) {
    adamCamel(state, HandCamel());
}
BENCHMARK(BM_AdamCamel_handSurface)->Iterations(kRounds)->Unit(benchmark::kMicrosecond);

// The definition of the target: the same runner with the built-in (dual-number) gradient ÷ with
// the hand-written one.
void BM_AdamCamel_builtinOverHandSurface(benchmark::State& state) {
    std::unique_ptr<dh::Surface> camel = dh::makeBuiltinSurface("six_hump_camel");
    HandCamel hand;
    dh::Trajectory a, b;
    const dh::RunOptions o = options();
    dh::bench::ratioBenchmark(
        state,
        [&] {
            dh::runTrajectory(*camel, adam(0.05), o, a);
            benchmark::DoNotOptimize(a.x.data());
            benchmark::ClobberMemory();
        },
        [&] {
            dh::runTrajectory(hand, adam(0.05), o, b);
            benchmark::DoNotOptimize(b.x.data());
            benchmark::ClobberMemory();
        },
        kReps);
}
BENCHMARK(BM_AdamCamel_builtinOverHandSurface)->Iterations(kRounds)->Unit(benchmark::kMicrosecond);

void BM_EightOptimizers(benchmark::State& state) {
    std::unique_ptr<dh::Surface> camel = dh::makeBuiltinSurface("six_hump_camel");
    std::vector<dh::OptimizerConfig> configs;
    using K = dh::OptimizerKind;
    auto add = [&](K kind, double lr, double momentum = 0, bool nesterov = false) {
        dh::OptimizerConfig c = dh::torchDefaults(kind);
        c.lr = lr, c.momentum = momentum, c.nesterov = nesterov;
        configs.push_back(c);
    };
    add(K::Sgd, 0.01);
    add(K::Sgd, 0.01, 0.9);
    add(K::Sgd, 0.01, 0.9, true);
    add(K::Adagrad, 0.1);
    add(K::Rmsprop, 0.01);
    add(K::Adam, 0.05);
    add(K::Adamw, 0.05);
    add(K::Nadam, 0.05);
    std::vector<dh::Trajectory> runs(configs.size());
    const dh::RunOptions o = options();
    HandAdam hand;
    dh::bench::ratioBenchmark(
        state,
        [&] {
            for (size_t i = 0; i < configs.size(); ++i) dh::runTrajectory(*camel, configs[i], o, runs[i]);
            benchmark::DoNotOptimize(runs.data());
            benchmark::ClobberMemory();
        },
        [&] {
            hand.run(0.05);
            benchmark::DoNotOptimize(hand.x.data());
            benchmark::ClobberMemory();
        },
        1); // one recompute per timing: short blocks are preempted less often on a shared machine
}
BENCHMARK(BM_EightOptimizers)->Iterations(2 * kRounds)->Unit(benchmark::kMicrosecond);

} // namespace

BENCHMARK_MAIN();
