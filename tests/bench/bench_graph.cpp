// The graph lab's models on a ~80-node expression, as ratios (tests/bench/ratio.h): refreshing every
// value, local partial and adjoint of the graph at a new point (what dragging the point costs per
// frame) ÷ the tape's plain gradient, and laying the graph out (once per new expression) ÷ that refresh.
// Run: ./build/tests/bench_graph (Release).
#include "core/autodiff/expr_parser.h"
#include "core/autodiff/graph_layout.h"
#include "tests/bench/ratio.h"

#include <benchmark/benchmark.h>
#include <string>

namespace {

std::string eightyNodes() {
    std::string e = "x*y";
    for (int k = 1; k <= 7; ++k) {
        const std::string c = std::to_string(k);
        e += " + sin(" + c + "*x - y/" + c + ")*exp(-x*y/" + c + ")";
        if (k % 3 == 0) e += " + relu(x - " + c + ")^2 + max(x*y, " + c + "*y)";
    }
    return e;
}

void BM_Graph80_EvaluateOverTapeGrad(benchmark::State& state) {
    const std::string e = eightyNodes();
    dh::CompGraph g(dh::parseExpr(e).tape, {"x", "y"});
    dh::Tape tape = dh::parseExpr(e).tape;
    double x = 0.3, y = -0.2, grad[2];
    dh::bench::ratioBenchmark(
        state,
        [&] {
            x += 1e-9;
            const double p[2] = {x, y};
            g.evaluate(p);
            benchmark::DoNotOptimize(g.nodes().back().value);
        },
        [&] {
            x += 1e-9;
            benchmark::DoNotOptimize(tape.valueGrad(x, y, grad));
        },
        200);
    state.counters["nodes"] = g.size();
}

void BM_Graph80_LayoutOverEvaluate(benchmark::State& state) {
    dh::CompGraph g(dh::parseExpr(eightyNodes()).tape, {"x", "y"});
    double x = 0.3;
    dh::bench::ratioBenchmark(
        state,
        [&] {
            dh::GraphLayout L = dh::layoutGraph(g);
            benchmark::DoNotOptimize(L.width);
        },
        [&] {
            x += 1e-9;
            const double p[2] = {x, -0.2};
            g.evaluate(p);
            benchmark::DoNotOptimize(g.nodes().back().value);
        },
        5);
}

} // namespace

BENCHMARK(BM_Graph80_EvaluateOverTapeGrad)->Iterations(100);
BENCHMARK(BM_Graph80_LayoutOverEvaluate)->Iterations(30);

BENCHMARK_MAIN();
