// A 2D loss surface f(x, y): value, exact gradient and Hessian, plus what the app needs to show it
// (default domain, known minima, default start). Built-ins are templated scalar code differentiated
// with dual numbers; typed expressions replay a flat autodiff tape. A function of x alone is 1D.
#pragma once

#include "core/autodiff/tape.h"

#include <Eigen/Core>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace dh {

struct Domain {
    double xMin = -2, xMax = 2; // plane coordinates shown
    double yMin = -2, yMax = 2;
};

struct KnownMinimum {
    Eigen::Vector2d at; // location, from the standard references
    double f;           // value there
    bool global;        // a global minimum (ties allowed)
};

struct SurfaceParam {
    std::string name; // as on the command line: --param name=value
    double value;     // current value (defaults: core/surfaces/builtins.h)
};

class Surface {
public:
    virtual ~Surface() = default;

    virtual double value(const Eigen::Vector2d& p) const = 0;
    // f(p), with ∇f(p) written to grad.
    virtual double valueGrad(const Eigen::Vector2d& p, Eigen::Vector2d& grad) const = 0;
    // The exact Hessian ∇²f(p).
    virtual Eigen::Matrix2d hessian(const Eigen::Vector2d& p) const = 0;
    // An independent copy, safe to use from another thread.
    virtual std::unique_ptr<Surface> clone() const = 0;

    // Finite sums f = (1/n) Σ fᵢ support real minibatches (linreg); others return 0.
    virtual int sampleCount() const { return 0; }
    // Mean of fᵢ over the n indices in idx, with its gradient. Only when sampleCount() > 0.
    virtual double valueGradBatch(const Eigen::Vector2d& p, const int* idx, int n, Eigen::Vector2d& grad) const {
        return valueGrad(p, grad);
    }

    // Records f on `tape` from its nodes x and y and returns the output node, for the computational
    // graph (core/autodiff/graph.h); an invalid Var when this surface cannot be recorded.
    virtual Var record(Tape& tape, Var x, Var y) const { return {}; }

    std::string name;                   // built-in name, or "expr"
    std::string expression;             // the typed text for expressions, else empty
    std::string formula;                // human-readable formula with Unicode, for the UI
    std::vector<SurfaceParam> params;   // this surface's parameters and their values
    Domain domain;                      // default view
    std::vector<KnownMinimum> minima;   // known minima (empty when unknown or unbounded)
    Eigen::Vector2d defaultStart{0, 0}; // a start point that shows something interesting
    bool oneD = false;                  // depends on x alone: the app shows a curve
};

// The built-in surface NAME with parameters overridden by params (unknown name or parameter:
// InputError that lists the valid ones).
std::unique_ptr<Surface> makeBuiltinSurface(const std::string& name, const std::map<std::string, double>& params = {});
// A surface from a typed f(x, y) (InputError with the column on a parse error).
std::unique_ptr<Surface> makeExprSurface(const std::string& expr);
// Names in the order of the README's surface list.
const std::vector<std::string>& builtinSurfaceNames();
// The surface recorded on a fresh tape with inputs x (0) and y (1) at `at`, optimized (shared
// subexpressions are one node): the input of CompGraph. InputError when it cannot be recorded.
Tape recordSurface(const Surface& surface, const Eigen::Vector2d& at = {0, 0});

} // namespace dh
