// JSON reports for the `grad` and `critical` subcommands (README.md, "Command line"), and number formatting with 17
// significant digits ("%.17g"), the precision every headless output uses.
//
//   gradReport      {"surface", ["expression"], ["params": {name: value}], "x", "y", "f",
//                    "grad": [gx, gy], "hessian": [[hxx, hxy], [hyx, hyy]]}
//   criticalReport  {"surface", ["expression"], ["params"], "domain": [xmin, xmax, ymin, ymax],
//                    "points": [{"x", "y", "f", "type", "eigenvalues": [λ1, λ2]}, ...]}
//   graphReport     {"surface", ["expression"], ["params"], "x", "y", "f", "grad": [∂f/∂x, ∂f/∂y],
//                    "nodes": [{"id", "op", "label", "inputs": [ids], "value", "adjoint", "local": [...]}]}
//                    (core/autodiff/graph.h: topological order, the output last; "op" is opName(),
//                    "adjoint" ∂f/∂node, "local" ∂node/∂input per input, in the order of "inputs")
//
// "expression" appears for typed expressions, "params" for surfaces that have parameters. Point types
// are "min", "max", "saddle", "degenerate"; eigenvalues ascending (one value for a 1D surface); a
// non-differentiable minimum (Ackley's origin) has "smooth": false and null eigenvalues; a point on a
// curve of critical points has "isolated": false. JSON has no NaN or infinity: a value that is not
// finite is written as the string "inf", "-inf" or "nan" (f = 1/x at x = 0 gives "f": "inf"), so the
// three stay distinguishable; null means undefined (the eigenvalues at a kink).
//
// nlohmann::json::dump() writes doubles in their shortest round-trip form (0.1 → "0.1"); dumpJson
// writes every floating-point number with "%.17g" instead (0.1 → "0.10000000000000001"), so the CLI
// prints what the command-line contract asks. Use it for all headless JSON output.
#pragma once

#include "core/surfaces/critical.h"
#include "core/surfaces/surface.h"

#include <Eigen/Core>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace dh {

// f, ∇f and ∇²f at `at` (the Hessian as the surface computes it, not symmetrised).
nlohmann::json gradReport(const Surface& surface, const Eigen::Vector2d& at);

// The computational graph of the surface at `at` (InputError when it cannot be recorded).
nlohmann::json graphReport(const Surface& surface, const Eigen::Vector2d& at);

// The points found by findCriticalPoints(surface, domain).
nlohmann::json criticalReport(const Surface& surface, const Domain& domain, const std::vector<CriticalPoint>& points);

// "%.17g" (17 significant digits, round-trips every double); "nan", "inf", "-inf" for non-finite values.
std::string formatDouble17(double value);

// Serialises j like j.dump(indent) (indent < 0: compact; otherwise newlines and `indent` spaces per
// level), but floating-point numbers as formatDouble17, and non-finite ones as the strings "inf",
// "-inf", "nan".
std::string dumpJson(const nlohmann::json& j, int indent = -1);

} // namespace dh
