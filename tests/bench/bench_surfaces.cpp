// Built-in surfaces: the dual-number gradient as the app calls it (Surface::valueGrad, through the
// virtual interface) against a hand-written closed-form gradient and against a plain evaluation of
// f, for the six-hump camel and Rosenbrock; also the nested-dual Hessian against its closed form,
// and the critical-point finder's time on the camel (its budget: well under 100 ms).
//
//   ./build/tests/bench_surfaces --benchmark_counters_tabular=true
//
// Each ratio benchmark interleaves measured and baseline code (ratio.h) and reports the median of the
// per-round ratios. Baselines are out-of-line functions so that both sides pay for one call per point.
#include "core/surfaces/builtins.h"
#include "core/surfaces/critical.h"
#include "tests/bench/ratio.h"

#include <benchmark/benchmark.h>

#include <cmath>
#include <vector>

namespace {

using dh::Surface;

std::vector<Eigen::Vector2d> benchPoints(const dh::Domain& d) {
    std::vector<Eigen::Vector2d> pts;
    for (int i = 0; i < 64; ++i) {
        double u = std::fmod(0.618034 * i + 0.1, 1.0), v = std::fmod(0.754878 * i + 0.3, 1.0);
        pts.emplace_back(d.xMin + u * (d.xMax - d.xMin), d.yMin + v * (d.yMax - d.yMin));
    }
    return pts;
}

// ---- hand-written closed forms ----

__attribute__((noinline)) double camelValue(const Eigen::Vector2d& p) {
    double x = p.x(), y = p.y(), x2 = x * x, y2 = y * y;
    return (4 - 2.1 * x2 + x2 * x2 / 3) * x2 + x * y + (-4 + 4 * y2) * y2;
}
// ∇f = (2x⁵ − 8.4x³ + 8x + y, x + 16y³ − 8y)
__attribute__((noinline)) double camelValueGrad(const Eigen::Vector2d& p, Eigen::Vector2d& g) {
    double x = p.x(), y = p.y(), x2 = x * x, y2 = y * y;
    g.x() = ((2 * x2 - 8.4) * x2 + 8) * x + y;
    g.y() = x + (16 * y2 - 8) * y;
    return (4 - 2.1 * x2 + x2 * x2 / 3) * x2 + x * y + (-4 + 4 * y2) * y2;
}
// H = [[10x⁴ − 25.2x² + 8, 1], [1, 48y² − 8]]
__attribute__((noinline)) Eigen::Matrix2d camelHessian(const Eigen::Vector2d& p) {
    double x2 = p.x() * p.x(), y2 = p.y() * p.y();
    Eigen::Matrix2d h;
    h(0, 0) = (10 * x2 - 25.2) * x2 + 8;
    h(0, 1) = h(1, 0) = 1;
    h(1, 1) = 48 * y2 - 8;
    return h;
}

__attribute__((noinline)) double rosenbrockValue(const Eigen::Vector2d& p) {
    double x = p.x(), y = p.y(), a = 1 - x, b = y - x * x;
    return a * a + 100 * b * b;
}
// ∇f = (−2(1 − x) − 400x(y − x²), 200(y − x²))
__attribute__((noinline)) double rosenbrockValueGrad(const Eigen::Vector2d& p, Eigen::Vector2d& g) {
    double x = p.x(), y = p.y(), a = 1 - x, b = y - x * x;
    g.x() = -2 * a - 400 * x * b;
    g.y() = 200 * b;
    return a * a + 100 * b * b;
}

// ---- benchmarks ----

constexpr int kReps = 200; // calls of each side per round (each call walks 64 points)

void gradVsHand(benchmark::State& state, const char* name, double (*hand)(const Eigen::Vector2d&, Eigen::Vector2d&)) {
    std::unique_ptr<Surface> s = dh::makeBuiltinSurface(name);
    std::vector<Eigen::Vector2d> pts = benchPoints(s->domain);
    const Surface* surface = s.get();
    dh::bench::ratioBenchmark(
        state,
        [&] {
            Eigen::Vector2d g;
            double acc = 0;
            for (const Eigen::Vector2d& p : pts) acc += surface->valueGrad(p, g) + g.x() + g.y();
            benchmark::DoNotOptimize(acc);
        },
        [&] {
            Eigen::Vector2d g;
            double acc = 0;
            for (const Eigen::Vector2d& p : pts) acc += hand(p, g) + g.x() + g.y();
            benchmark::DoNotOptimize(acc);
        },
        kReps);
}

void gradVsValue(benchmark::State& state, const char* name, double (*value)(const Eigen::Vector2d&)) {
    std::unique_ptr<Surface> s = dh::makeBuiltinSurface(name);
    std::vector<Eigen::Vector2d> pts = benchPoints(s->domain);
    const Surface* surface = s.get();
    dh::bench::ratioBenchmark(
        state,
        [&] {
            Eigen::Vector2d g;
            double acc = 0;
            for (const Eigen::Vector2d& p : pts) acc += surface->valueGrad(p, g) + g.x() + g.y();
            benchmark::DoNotOptimize(acc);
        },
        [&] {
            double acc = 0;
            for (const Eigen::Vector2d& p : pts) acc += value(p);
            benchmark::DoNotOptimize(acc);
        },
        kReps);
}

void BM_CamelGradient_AutodiffOverHandWritten(benchmark::State& state) {
    gradVsHand(state, "six_hump_camel", camelValueGrad);
}
void BM_CamelGradient_AutodiffOverPlainF(benchmark::State& state) {
    gradVsValue(state, "six_hump_camel", camelValue);
}
void BM_RosenbrockGradient_AutodiffOverHandWritten(benchmark::State& state) {
    gradVsHand(state, "rosenbrock", rosenbrockValueGrad);
}
void BM_RosenbrockGradient_AutodiffOverPlainF(benchmark::State& state) {
    gradVsValue(state, "rosenbrock", rosenbrockValue);
}

void BM_CamelHessian_NestedDualsOverHandWritten(benchmark::State& state) {
    std::unique_ptr<Surface> s = dh::makeBuiltinSurface("six_hump_camel");
    std::vector<Eigen::Vector2d> pts = benchPoints(s->domain);
    const Surface* surface = s.get();
    dh::bench::ratioBenchmark(
        state,
        [&] {
            double acc = 0;
            for (const Eigen::Vector2d& p : pts) acc += surface->hessian(p).sum();
            benchmark::DoNotOptimize(acc);
        },
        [&] {
            double acc = 0;
            for (const Eigen::Vector2d& p : pts) acc += camelHessian(p).sum();
            benchmark::DoNotOptimize(acc);
        },
        kReps);
}

// Not a ratio: the finder's absolute cost is what decides whether the UI can run it on demand.
void BM_CriticalPointsCamel(benchmark::State& state) {
    std::unique_ptr<Surface> s = dh::makeBuiltinSurface("six_hump_camel");
    size_t n = 0;
    for (auto _ : state) {
        std::vector<dh::CriticalPoint> pts = dh::findCriticalPoints(*s);
        n = pts.size();
        benchmark::DoNotOptimize(pts.data());
    }
    state.counters["points"] = double(n);
}

BENCHMARK(BM_CamelGradient_AutodiffOverHandWritten)->Iterations(200);
BENCHMARK(BM_CamelGradient_AutodiffOverPlainF)->Iterations(200);
BENCHMARK(BM_RosenbrockGradient_AutodiffOverHandWritten)->Iterations(200);
BENCHMARK(BM_RosenbrockGradient_AutodiffOverPlainF)->Iterations(200);
BENCHMARK(BM_CamelHessian_NestedDualsOverHandWritten)->Iterations(200);
BENCHMARK(BM_CriticalPointsCamel)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
