#include "core/lab/kinks.h"

#include <algorithm>
#include <cmath>

namespace dh {
namespace {

// The nodes whose switching value decides a kink, and that value: the argument (abs, relu, sign,
// step) or the difference of the arguments (min, max).
struct Switch {
    int node;
    int a, b; // argument ids; b = -1 for one argument
};

std::vector<Switch> switches(const CompGraph& g) {
    std::vector<Switch> out;
    for (const GraphNode& n : g.nodes()) {
        if (n.op == Op::Abs || n.op == Op::Relu || n.op == Op::Sign || n.op == Op::Step)
            out.push_back({n.id, n.inputs[0], -1});
        else if ((n.op == Op::Min || n.op == Op::Max) && n.inputs.size() == 2)
            out.push_back({n.id, n.inputs[0], n.inputs[1]});
    }
    return out;
}

double switchValue(const CompGraph& g, const Switch& s) {
    const double a = g.nodes()[size_t(s.a)].value;
    return s.b < 0 ? a : a - g.nodes()[size_t(s.b)].value;
}

struct Probe {
    CompGraph& g;
    double y;
    double at(double x, const Switch& s) {
        const double p[2] = {x, y};
        g.evaluate(p);
        return switchValue(g, s);
    }
    double slope(double x) {
        const double p[2] = {x, y};
        g.evaluate(p);
        return g.gradient()[0];
    }
    double value(double x) {
        const double p[2] = {x, y};
        g.evaluate(p);
        return g.value();
    }
};

// A root of s between lo and hi (s(lo), s(hi) of opposite signs): bisection, then a try of the
// round numbers near it, so that x = 1 of |x − 1| is found exactly.
double refine(Probe& probe, const Switch& s, double lo, double hi, bool& exact) {
    double slo = probe.at(lo, s);
    exact = false;
    for (int i = 0; i < 200 && lo < hi; ++i) {
        const double mid = 0.5 * (lo + hi);
        if (mid <= lo || mid >= hi) break;
        const double sm = probe.at(mid, s);
        if (sm == 0) {
            exact = true;
            return mid;
        }
        if ((sm < 0) == (slo < 0))
            lo = mid, slo = sm;
        else
            hi = mid;
    }
    for (int digits = 0; digits <= 12; ++digits) {
        const double scale = std::pow(10.0, digits), r = std::round(lo * scale) / scale;
        if (std::abs(r - lo) <= 4 * (hi - lo) + 1e-15 && probe.at(r, s) == 0) {
            exact = true;
            return r;
        }
    }
    return lo;
}

} // namespace

std::vector<Kink1D> findKinks1D(CompGraph& graph, double x0, double x1, double y, int samples) {
    std::vector<Kink1D> out;
    const std::vector<Switch> sw = switches(graph);
    if (sw.empty() || graph.inputCount() != 2 || !(x1 > x0) || samples < 2) return out;
    Probe probe{graph, y};
    for (const Switch& s : sw) {
        double prevX = x0, prev = probe.at(x0, s);
        for (int i = 1; i < samples && out.size() < 64; ++i) {
            const double x = x0 + (x1 - x0) * i / (samples - 1), v = probe.at(x, s);
            const bool crosses = std::isfinite(prev) && std::isfinite(v) && ((prev < 0) != (v < 0) || prev == 0);
            if (crosses) {
                Kink1D k;
                k.x = prev == 0 ? prevX : refine(probe, s, prevX, x, k.exact);
                k.exact = k.exact || prev == 0;
                k.op = opName(graph.nodes()[size_t(s.node)].op);
                const double h = 1e-7 * std::max(1.0, std::abs(k.x));
                k.leftSlope = probe.slope(k.x - h);
                k.rightSlope = probe.slope(k.x + h);
                k.jump = probe.value(k.x + h) - probe.value(k.x - h);
                k.usedSlope = probe.slope(k.x);
                if (out.empty() || std::abs(out.back().x - k.x) > 1e-12 || out.back().op != k.op) out.push_back(k);
            }
            prevX = x, prev = v;
        }
    }
    std::sort(out.begin(), out.end(), [](const Kink1D& a, const Kink1D& b) { return a.x < b.x; });
    return out;
}

std::vector<Eigen::Vector2d> findKinks2D(CompGraph& graph, const Domain& d, int nx, int ny) {
    std::vector<Eigen::Vector2d> out;
    const std::vector<Switch> sw = switches(graph);
    if (sw.empty() || graph.inputCount() != 2 || nx < 2 || ny < 2) return out;
    // the switching values of every kink at every grid point
    std::vector<double> s(sw.size() * size_t(nx) * size_t(ny));
    auto idx = [&](size_t k, int i, int j) { return (k * size_t(ny) + size_t(j)) * size_t(nx) + size_t(i); };
    auto px = [&](int i) { return d.xMin + (d.xMax - d.xMin) * i / (nx - 1); };
    auto py = [&](int j) { return d.yMin + (d.yMax - d.yMin) * j / (ny - 1); };
    for (int j = 0; j < ny; ++j)
        for (int i = 0; i < nx; ++i) {
            const double p[2] = {px(i), py(j)};
            graph.evaluate(p);
            for (size_t k = 0; k < sw.size(); ++k) s[idx(k, i, j)] = switchValue(graph, sw[k]);
        }
    auto edge = [&](double a, double b, const Eigen::Vector2d& pa, const Eigen::Vector2d& pb) {
        if (!std::isfinite(a) || !std::isfinite(b) || (a < 0) == (b < 0) || out.size() >= 20000) return;
        const double t = a == b ? 0.5 : a / (a - b);
        out.push_back(pa + std::clamp(t, 0.0, 1.0) * (pb - pa));
    };
    for (size_t k = 0; k < sw.size(); ++k)
        for (int j = 0; j < ny; ++j)
            for (int i = 0; i < nx; ++i) {
                const Eigen::Vector2d p(px(i), py(j));
                if (i + 1 < nx) edge(s[idx(k, i, j)], s[idx(k, i + 1, j)], p, {px(i + 1), py(j)});
                if (j + 1 < ny) edge(s[idx(k, i, j)], s[idx(k, i, j + 1)], p, {px(i), py(j + 1)});
            }
    return out;
}

} // namespace dh
