// The table of built-in surfaces: metadata (formula, parameters, domain, known minima, start) next to
// the functor that computes each one. Known minima are the references' locations refined to full
// double precision by Newton's method on the exact gradient (the references print 4–6 digits: the
// camel's ±(0.0898, −0.7126), f = −1.0316, for example).
#include "core/surfaces/builtins.h"

#include "core/common/error.h"

#include <cmath>
#include <functional>
#include <sstream>

namespace dh {
namespace {

using Params = std::vector<SurfaceParam>;

// linreg supports real minibatches: f = (1/4) Σᵢ fᵢ.
class LinRegSurface final : public ScalarSurface<builtin::LinReg> {
public:
    int sampleCount() const override { return builtin::LinReg::kCount; }

    double valueGradBatch(const Eigen::Vector2d& p, const int* idx, int n, Eigen::Vector2d& grad) const override {
        if (n <= 0) {
            grad.setZero();
            return 0;
        }
        Dual2 r = builtin::LinReg::batch(gradVariable(p.x(), 0), gradVariable(p.y(), 1), idx, n);
        grad = Eigen::Vector2d(r.d[0], r.d[1]);
        return r.v;
    }

    std::unique_ptr<Surface> clone() const override { return std::make_unique<LinRegSurface>(*this); }
};

struct BuiltinSpec {
    const char* name;
    Params defaults; // parameter names and default values, in command-line order
    // Builds the surface from the parameter values (same order as defaults) and fills its metadata.
    std::function<std::unique_ptr<Surface>(const std::vector<double>&)> build;
};

template <class S>
std::unique_ptr<Surface> describe(std::unique_ptr<S> s, const char* formula, Domain domain,
                                  std::vector<KnownMinimum> minima, Eigen::Vector2d start) {
    s->formula = formula;
    s->domain = domain;
    s->minima = std::move(minima);
    s->defaultStart = start;
    return s;
}

template <class F>
std::unique_ptr<ScalarSurface<F>> make(F f) {
    return std::make_unique<ScalarSurface<F>>(f);
}

KnownMinimum globalMin(double x, double y, double f) {
    return {Eigen::Vector2d(x, y), f, true};
}
KnownMinimum localMin(double x, double y, double f) {
    return {Eigen::Vector2d(x, y), f, false};
}

const std::vector<BuiltinSpec>& specs() {
    static const std::vector<BuiltinSpec> table = {
        {"six_hump_camel",
         {},
         [](const std::vector<double>&) {
             // Global minima ±(0.0898, −0.7126), f = −1.0316; local minima ±(1.7036, −0.7961),
             // f = −0.2155 and ±(1.6071, 0.5687), f = 2.1043.
             return describe(make(builtin::SixHumpCamel{}), "(4 − 2.1x² + x⁴/3)x² + xy + (−4 + 4y²)y²", {-3, 3, -2, 2},
                             {globalMin(0.089842013100318058, -0.71265640302073963, -1.0316284534898774),
                              globalMin(-0.089842013100318058, 0.71265640302073963, -1.0316284534898774),
                              localMin(-1.7036067149699807, 0.79608356867262509, -0.21546382438371872),
                              localMin(1.7036067149699807, -0.79608356867262509, -0.21546382438371872),
                              localMin(-1.6071047529201972, -0.56865145488413138, 2.1042503103112575),
                              localMin(1.6071047529201972, 0.56865145488413138, 2.1042503103112575)},
                             // From here the default race splits: GD and Adam stop in a local minimum,
                             // AdaGrad and RMSProp reach the global one.
                             {1.5, 1.2});
         }},
        {"rosenbrock",
         {{"a", 1}, {"b", 100}},
         [](const std::vector<double>& v) {
             double a = v[0], b = v[1];
             // The classic view x ∈ [−2, 2], y ∈ [−1, 3], widened to contain the minimum (a, a²).
             Domain d{std::min(-2.0, a - 1), std::max(2.0, a + 1), std::min(-1.0, a * a - 1), std::max(3.0, a * a + 1)};
             std::vector<KnownMinimum> minima;
             if (b > 0) minima.push_back(globalMin(a, a * a, 0));
             return describe(make(builtin::Rosenbrock{a, b}), "(a − x)² + b(y − x²)²", d, minima, {-1.2, 1.0});
         }},
        {"beale",
         {},
         [](const std::vector<double>&) {
             return describe(make(builtin::Beale{}), "(1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²",
                             {-4.5, 4.5, -4.5, 4.5}, {globalMin(3, 0.5, 0)}, {1.0, 1.0});
         }},
        {"himmelblau",
         {},
         [](const std::vector<double>&) {
             // (3, 2), (−2.805118, 3.131312), (−3.779310, −3.283186), (3.584428, −1.848126), f = 0.
             return describe(make(builtin::Himmelblau{}), "(x² + y − 11)² + (x + y² − 7)²", {-5, 5, -5, 5},
                             {globalMin(3, 2, 0), globalMin(-2.8051180869527448, 3.1313125182505730, 0),
                              globalMin(-3.779310253377747, -3.2831859912861696, 0),
                              globalMin(3.5844283403304917, -1.8481265269644036, 0)},
                             {-0.3, -0.8});
         }},
        {"booth",
         {},
         [](const std::vector<double>&) {
             return describe(make(builtin::Booth{}), "(x + 2y − 7)² + (2x + y − 5)²", {-10, 10, -10, 10},
                             {globalMin(1, 3, 0)}, {-8, 8});
         }},
        {"matyas",
         {},
         [](const std::vector<double>&) {
             return describe(make(builtin::Matyas{}), "0.26(x² + y²) − 0.48xy", {-10, 10, -10, 10},
                             {globalMin(0, 0, 0)}, {8, -4});
         }},
        {"rastrigin",
         {{"A", 10}},
         [](const std::vector<double>& v) {
             std::vector<KnownMinimum> minima;
             if (v[0] >= 0) minima.push_back(globalMin(0, 0, 0));
             return describe(make(builtin::Rastrigin{v[0]}), "2A + (x² − A cos 2πx) + (y² − A cos 2πy)",
                             {-5.12, 5.12, -5.12, 5.12}, minima, {3.3, -2.8});
         }},
        {"ackley",
         {{"a", 20}, {"b", 0.2}, {"c", 2 * builtin::kPi}},
         [](const std::vector<double>& v) {
             // f(0, 0) = −a − e + a + e = 0 for every a, b, c (a global minimum when a, b > 0).
             std::vector<KnownMinimum> minima;
             if (v[0] > 0 && v[1] > 0) minima.push_back(globalMin(0, 0, 0));
             return describe(make(builtin::Ackley{v[0], v[1], v[2]}),
                             "−a exp(−b √(½(x² + y²))) − exp(½(cos cx + cos cy)) + a + e", {-5, 5, -5, 5}, minima,
                             {3.2, 2.4});
         }},
        {"goldstein_price",
         {},
         [](const std::vector<double>&) {
             // Global (0, −1), f = 3; local minima (exact) (−0.6, −0.4) f = 30, (1.8, 0.2) f = 84,
             // (1.2, 0.8) f = 840.
             return describe(
                 make(builtin::GoldsteinPrice{}),
                 "[1 + (x + y + 1)²(19 − 14x + 3x² − 14y + 6xy + 3y²)]·"
                 "[30 + (2x − 3y)²(18 − 32x + 12x² + 48y − 36xy + 27y²)]",
                 {-2, 2, -2, 2},
                 {globalMin(0, -1, 3), localMin(-0.6, -0.4, 30), localMin(1.8, 0.2, 84), localMin(1.2, 0.8, 840)},
                 {1.0, 1.0});
         }},
        {"saddle",
         {},
         [](const std::vector<double>&) {
             return describe(make(builtin::Saddle{}), "x² − y²", {-2, 2, -2, 2}, {}, {1.5, 0.01});
         }},
        {"monkey_saddle",
         {},
         [](const std::vector<double>&) {
             return describe(make(builtin::MonkeySaddle{}), "x³ − 3xy²", {-2, 2, -2, 2}, {}, {1.5, 0.1});
         }},
        {"quadratic",
         {{"kappa", 10}},
         [](const std::vector<double>& v) {
             std::vector<KnownMinimum> minima;
             if (v[0] > 0) minima.push_back(globalMin(0, 0, 0));
             return describe(make(builtin::Quadratic{v[0]}), "½(x² + κy²)", {-2, 2, -2, 2}, minima, {-1.8, 1.0});
         }},
        {"double_well",
         {},
         [](const std::vector<double>&) {
             return describe(make(builtin::DoubleWell{}), "(x² − 1)² + y²", {-2, 2, -2, 2},
                             {globalMin(-1, 0, 0), globalMin(1, 0, 0)}, {0.01, 1.5});
         }},
        {"linreg",
         {},
         [](const std::vector<double>&) {
             return describe(std::make_unique<LinRegSurface>(),
                             "¼ Σᵢ (w·xᵢ + b − yᵢ)², x = (2, 4, 6, 8), y = (3, 4, 5, 6); plane x = w, y = b",
                             {-1, 2, -2, 6}, {globalMin(0.5, 2, 0)}, {-0.5, -1.0});
         }},
    };
    return table;
}

std::string joinNames(const std::vector<std::string>& names) {
    std::string out;
    for (size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + names[i];
    return out;
}

} // namespace

const std::vector<std::string>& builtinSurfaceNames() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> n;
        for (const BuiltinSpec& s : specs()) n.push_back(s.name);
        return n;
    }();
    return names;
}

std::unique_ptr<Surface> makeBuiltinSurface(const std::string& name, const std::map<std::string, double>& params) {
    const BuiltinSpec* spec = nullptr;
    for (const BuiltinSpec& s : specs())
        if (name == s.name) spec = &s;
    if (!spec) throw InputError("unknown surface '" + name + "'; valid surfaces: " + joinNames(builtinSurfaceNames()));

    std::vector<double> values;
    std::vector<std::string> valid;
    for (const SurfaceParam& p : spec->defaults) {
        values.push_back(p.value);
        valid.push_back(p.name);
    }
    for (const auto& [key, value] : params) {
        size_t i = 0;
        while (i < valid.size() && valid[i] != key) ++i;
        if (i == valid.size()) {
            throw InputError(
                "surface '" + name + "' has no parameter '" + key + "'; " +
                (valid.empty() ? std::string("it takes no parameters") : "valid parameters: " + joinNames(valid)));
        }
        if (!std::isfinite(value)) {
            std::ostringstream msg;
            msg << "parameter '" << key << "' of surface '" << name << "' must be a finite number (got " << value
                << ")";
            throw InputError(msg.str());
        }
        values[i] = value;
    }

    std::unique_ptr<Surface> s = spec->build(values);
    s->name = spec->name;
    s->params = spec->defaults;
    for (size_t i = 0; i < values.size(); ++i) s->params[i].value = values[i];
    return s;
}

} // namespace dh
