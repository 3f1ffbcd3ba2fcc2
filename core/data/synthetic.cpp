#include "core/common/error.h"
#include "core/data/dataset.h"
#include "core/data/random.h"

#include <array>
#include <cmath>
#include <numeric>

namespace dh {

namespace {

constexpr double kPi = 3.14159265358979323846;

struct KindInfo {
    SyntheticKind kind;
    const char* name;
    std::array<const char*, 2> classNames;
};

constexpr std::array<KindInfo, 5> kKinds{{
    {SyntheticKind::Circle, "circle", {"outer ring", "inner disc"}},
    {SyntheticKind::Xor, "xor", {"x1 x2 < 0", "x1 x2 > 0"}},
    {SyntheticKind::Gaussians, "gaussians", {"lower left", "upper right"}},
    {SyntheticKind::Spirals, "spirals", {"arm 0", "arm 1"}},
    {SyntheticKind::Moons, "moons", {"upper moon", "lower moon"}},
}};

const KindInfo& info(SyntheticKind kind) {
    for (const KindInfo& k : kKinds)
        if (k.kind == kind) return k;
    return kKinds[0];
}

// The noise-free point number i (of m) of class c; noise is added by the caller.
Eigen::Vector2d point(SyntheticKind kind, int c, Eigen::Index i, Eigen::Index m, Rng& rng) {
    switch (kind) {
    case SyntheticKind::Circle: {
        const double r = c == 1 ? 0.5 * rng.uniform() : 0.7 + 0.3 * rng.uniform();
        const double a = 2 * kPi * rng.uniform();
        return {r * std::cos(a), r * std::sin(a)};
    }
    case SyntheticKind::Xor: {
        // |x1|, |x2| in [pad, 1]; the quadrant is drawn so that sign(x1 x2) matches the class.
        constexpr double pad = 0.06;
        const double s1 = rng.uniform() < 0.5 ? -1 : 1;
        const double s2 = c == 1 ? s1 : -s1;
        return {s1 * rng.uniform(pad, 1), s2 * rng.uniform(pad, 1)};
    }
    case SyntheticKind::Gaussians: {
        const double centre = c == 1 ? 0.5 : -0.5;
        const double x = centre + 0.15 * rng.normal();
        return {x, centre + 0.15 * rng.normal()};
    }
    case SyntheticKind::Spirals: {
        const double f = static_cast<double>(i) / static_cast<double>(m);
        const double t = 3.5 * kPi * f + (c == 1 ? kPi : 0);
        return {f * std::sin(t), f * std::cos(t)};
    }
    case SyntheticKind::Moons: {
        const double t = m > 1 ? kPi * static_cast<double>(i) / static_cast<double>(m - 1) : 0;
        const Eigen::Vector2d p =
            c == 0 ? Eigen::Vector2d(std::cos(t), std::sin(t)) : Eigen::Vector2d(1 - std::cos(t), 0.5 - std::sin(t));
        return (p - Eigen::Vector2d(0.5, 0.25)) * (2.0 / 3.0);
    }
    }
    return {0, 0};
}

} // namespace

const char* syntheticName(SyntheticKind kind) {
    return info(kind).name;
}

const std::vector<std::string>& syntheticNames() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> v;
        for (const KindInfo& k : kKinds) v.emplace_back(k.name);
        return v;
    }();
    return names;
}

SyntheticKind parseSyntheticKind(const std::string& name) {
    for (const KindInfo& k : kKinds)
        if (name == k.name) return k.kind;
    std::string valid;
    for (const KindInfo& k : kKinds) valid += (valid.empty() ? "" : ", ") + std::string(k.name);
    throw InputError("unknown dataset '" + name + "' (valid: " + valid + ")");
}

Dataset makeSynthetic(const std::string& name, const SyntheticOptions& options) {
    return makeSynthetic(parseSyntheticKind(name), options);
}

Dataset makeSynthetic(SyntheticKind kind, const SyntheticOptions& options) {
    const std::string what = std::string("dataset '") + syntheticName(kind) + "'";
    if (options.n < 2 || options.n > 10'000'000)
        throw InputError(what + ": n must be in [2, 10000000] (got " + std::to_string(options.n) + ")");
    if (!(options.noise >= 0 && options.noise <= 100))
        throw InputError(what + ": noise must be in [0, 100] (got " + std::to_string(options.noise) + ")");

    Rng rng(options.seed);
    Dataset ds;
    ds.name = syntheticName(kind);
    ds.numClasses = 2;
    ds.featureNames = {"x1", "x2"};
    ds.classNames = {info(kind).classNames[0], info(kind).classNames[1]};
    ds.X.resize(options.n, 2);
    ds.labels.resize(options.n);

    const Eigen::Index counts[2] = {options.n - options.n / 2, options.n / 2};
    Eigen::Index row = 0;
    for (int c = 0; c < 2; ++c) {
        for (Eigen::Index i = 0; i < counts[c]; ++i, ++row) {
            const Eigen::Vector2d p = point(kind, c, i, counts[c], rng);
            const double nx = options.noise * rng.normal();
            const double ny = options.noise * rng.normal();
            ds.X(row, 0) = p.x() + nx;
            ds.X(row, 1) = p.y() + ny;
            ds.labels[row] = c;
        }
    }
    // Shuffle so that any prefix (a preview, a split) holds both classes.
    std::vector<Eigen::Index> order(static_cast<size_t>(options.n));
    std::iota(order.begin(), order.end(), Eigen::Index(0));
    rng.shuffle(order.begin(), order.end());
    return selectRows(ds, order);
}

} // namespace dh
