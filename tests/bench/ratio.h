// Ratio benchmarks: the machines are shared and noisy (timings jump 2–4× when other work runs), so
// a benchmark never reports a lone time. It interleaves the measured code and its baseline in
// rounds inside one Google Benchmark run and reports the median of the per-round ratios, plus the
// median times, as counters: ratio, measured_ns, baseline_ns.
#pragma once

#include <algorithm>
#include <benchmark/benchmark.h>
#include <chrono>
#include <vector>

namespace dh::bench {

inline double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    size_t n = v.size();
    return n == 0 ? 0.0 : (n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]));
}

// Times `reps` calls of fn, in nanoseconds per call.
template <class F>
double timePerCall(F&& fn, int reps) {
    auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < reps; ++i) fn();
    auto t1 = std::chrono::steady_clock::now();
    return std::chrono::duration<double, std::nano>(t1 - t0).count() / reps;
}

// Each benchmark iteration is one round: `reps` calls of measured, then `reps` of baseline
// (order alternating between rounds). Use with ->Iterations(rounds) or let the library choose.
template <class M, class B>
void ratioBenchmark(benchmark::State& state, M&& measured, B&& baseline, int reps) {
    std::vector<double> ratios, measuredNs, baselineNs;
    bool measuredFirst = true;
    for (auto _ : state) {
        double m, b;
        if (measuredFirst) {
            m = timePerCall(measured, reps);
            b = timePerCall(baseline, reps);
        } else {
            b = timePerCall(baseline, reps);
            m = timePerCall(measured, reps);
        }
        measuredFirst = !measuredFirst;
        ratios.push_back(m / b);
        measuredNs.push_back(m);
        baselineNs.push_back(b);
    }
    state.counters["ratio"] = median(ratios);
    state.counters["measured_ns"] = median(measuredNs);
    state.counters["baseline_ns"] = median(baselineNs);
}

} // namespace dh::bench
