// Typed expressions on the replayed tape, as ratios (tests/bench/ratio.h): the gradient of a typed
// function ÷ the tape's plain evaluation of it (target ≤ 6× for the camel), ÷ a hand-written closed
// form gradient, and ÷ a hand-written f. Run: ./build/tests/bench_expr (Release).
#include "core/autodiff/expr_parser.h"
#include "tests/bench/ratio.h"

#include <benchmark/benchmark.h>

namespace {

constexpr int kReps = 2000;  // calls per timing, per side
constexpr int kRounds = 300; // interleaved rounds; the ratio is their median

const char* kCamel = "(4 - 2.1*x^2 + x^4/3)*x^2 + x*y + (-4 + 4*y^2)*y^2";
const char* kRosenbrock = "(1 - x)^2 + 100*(y - x^2)^2";

inline double camelF(double x, double y) {
    const double x2 = x * x, y2 = y * y;
    return (4 - 2.1 * x2 + x2 * x2 / 3) * x2 + x * y + (-4 + 4 * y2) * y2;
}
inline void camelGrad(double x, double y, double* g) {
    const double x2 = x * x;
    g[0] = 2 * x2 * x2 * x - 8.4 * x2 * x + 8 * x + y;
    g[1] = x + 16 * y * y * y - 8 * y;
}
inline double rosenF(double x, double y) {
    const double a = 1 - x, b = y - x * x;
    return a * a + 100 * b * b;
}
inline void rosenGrad(double x, double y, double* g) {
    const double b = y - x * x;
    g[0] = -2 * (1 - x) - 400 * x * b;
    g[1] = 200 * b;
}

// Inputs drift a little every call so nothing can be hoisted out of the timing loops.
struct Drift {
    double x = 0.31, y = -0.47;
    void step() {
        x += 1e-9;
        y -= 1e-9;
    }
};

void tapeGradOverTapeEval(benchmark::State& state, const char* text) {
    dh::Tape tape = dh::parseExpr(text).tape;
    Drift d;
    double g[2];
    dh::bench::ratioBenchmark(
        state,
        [&] {
            d.step();
            benchmark::DoNotOptimize(tape.valueGrad(d.x, d.y, g));
            benchmark::DoNotOptimize(g);
        },
        [&] {
            d.step();
            const double in[2] = {d.x, d.y};
            benchmark::DoNotOptimize(tape.forward(in));
        },
        kReps);
    state.counters["nodes"] = tape.size();
}

template <class G>
void tapeGradOverHand(benchmark::State& state, const char* text, G handGrad) {
    dh::Tape tape = dh::parseExpr(text).tape;
    Drift d;
    double g[2], h[2];
    dh::bench::ratioBenchmark(
        state,
        [&] {
            d.step();
            benchmark::DoNotOptimize(tape.valueGrad(d.x, d.y, g));
            benchmark::DoNotOptimize(g);
        },
        [&] {
            d.step();
            handGrad(d.x, d.y, h);
            benchmark::DoNotOptimize(h);
        },
        kReps);
}

void BM_CamelExpr_GradOverEval(benchmark::State& state) {
    tapeGradOverTapeEval(state, kCamel);
}

void BM_CamelExpr_GradOverHandGrad(benchmark::State& state) {
    tapeGradOverHand(state, kCamel, [](double x, double y, double* g) { camelGrad(x, y, g); });
}

// f and ∇f from the tape ÷ f alone, hand-written.
void BM_CamelExpr_GradOverHandF(benchmark::State& state) {
    tapeGradOverHand(state, kCamel, [](double x, double y, double* g) { g[0] = camelF(x, y); });
}

void BM_CamelExpr_EvalOverHandF(benchmark::State& state) {
    dh::Tape tape = dh::parseExpr(kCamel).tape;
    Drift d;
    dh::bench::ratioBenchmark(
        state,
        [&] {
            d.step();
            const double in[2] = {d.x, d.y};
            benchmark::DoNotOptimize(tape.forward(in));
        },
        [&] {
            d.step();
            benchmark::DoNotOptimize(camelF(d.x, d.y));
        },
        kReps);
}

void BM_CamelExpr_HessianOverGrad(benchmark::State& state) {
    dh::Tape tape = dh::parseExpr(kCamel).tape;
    Drift d;
    double g[2], H[4];
    dh::bench::ratioBenchmark(
        state,
        [&] {
            d.step();
            const double in[2] = {d.x, d.y};
            benchmark::DoNotOptimize(tape.valueGradHessian(in, g, H));
            benchmark::DoNotOptimize(H);
        },
        [&] {
            d.step();
            benchmark::DoNotOptimize(tape.valueGrad(d.x, d.y, g));
            benchmark::DoNotOptimize(g);
        },
        kReps);
}

void BM_RosenbrockExpr_GradOverEval(benchmark::State& state) {
    tapeGradOverTapeEval(state, kRosenbrock);
}

void BM_RosenbrockExpr_GradOverHandGrad(benchmark::State& state) {
    tapeGradOverHand(state, kRosenbrock, [](double x, double y, double* g) { rosenGrad(x, y, g); });
}

void BM_RosenbrockExpr_GradOverHandF(benchmark::State& state) {
    tapeGradOverHand(state, kRosenbrock, [](double x, double y, double* g) { g[0] = rosenF(x, y); });
}

} // namespace

BENCHMARK(BM_CamelExpr_GradOverEval)->Iterations(kRounds);
BENCHMARK(BM_CamelExpr_GradOverHandGrad)->Iterations(kRounds);
BENCHMARK(BM_CamelExpr_GradOverHandF)->Iterations(kRounds);
BENCHMARK(BM_CamelExpr_EvalOverHandF)->Iterations(kRounds);
BENCHMARK(BM_CamelExpr_HessianOverGrad)->Iterations(kRounds);
BENCHMARK(BM_RosenbrockExpr_GradOverEval)->Iterations(kRounds);
BENCHMARK(BM_RosenbrockExpr_GradOverHandGrad)->Iterations(kRounds);
BENCHMARK(BM_RosenbrockExpr_GradOverHandF)->Iterations(kRounds);

BENCHMARK_MAIN();
