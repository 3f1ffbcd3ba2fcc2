// The headless subcommands trace, grad, critical, train, graph, backprop and loss: option structs
// filled by the command line (app/cli.cpp) and functions that print the results the README specifies.
// trace, grad, critical, graph and loss return 0 (divergence included: it is a result) or throw
// InputError (bad input: exit code 2) or IoError (standard output could not be written: exit code 1);
// the caller prints the message. runTrain and runBackprop return the exit code themselves
// (core/nn/train_spec.h, core/nn/backprop_spec.h) and print their own messages.
#pragma once

#include "core/optim/optimizer.h"
#include "core/optim/trajectory.h"
#include "core/surfaces/regularized.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace dh {

struct SurfaceChoice {
    std::string name;                     // --surface NAME
    std::map<std::string, double> params; // --param k=v
    std::string expr;                     // --expr "EXPR"
    SurfaceRegularization regularization; // --l1 λ₁ --l2 λ₂: adds λ₁(|x| + |y|) + λ₂(x² + y²)
};

struct TraceOptions {
    SurfaceChoice surface;
    OptimizerConfig optimizer;            // torch defaults of --optimizer, then the flags given
    std::optional<Eigen::Vector2d> start; // --start X,Y (default: the surface's default start)
    RunOptions run;                       // steps, noise, seed, batch size
};

struct GradOptions {
    SurfaceChoice surface;
    Eigen::Vector2d at{0, 0}; // --at X,Y
};

struct CriticalCommandOptions {
    SurfaceChoice surface;
    std::optional<Domain> domain; // --domain XMIN,XMAX,YMIN,YMAX
};

struct TrainCommandOptions {
    std::string specPath;     // --spec FILE
    std::string dumpGradPath; // --dump-grad FILE
    std::string dataDir;      // --data-dir DIR
};

// graph, backprop and loss (app/headless_commands_labs.cpp): the models behind the graph and loss labs.
struct GraphCommandOptions {
    SurfaceChoice surface;
    Eigen::Vector2d at{0, 0}; // --at X,Y
};

struct BackpropCommandOptions {
    std::string specPath; // --spec FILE (the train --spec format)
    long sample = 0;      // --sample I
    std::string dataDir;  // --data-dir DIR
};

struct LossCommandOptions {
    std::string loss;             // --loss cross_entropy|hinge|mse|bce
    std::vector<double> scores;   // --scores a,b,...
    int target = 0;               // --target K
    std::optional<double> margin; // --margin D (hinge only; default 1)
};

// The surface the flags choose (InputError as makeBuiltinSurface / makeExprSurface report it).
std::unique_ptr<Surface> makeSurface(const SurfaceChoice& choice);

int runTrace(const TraceOptions& options);
int runGrad(const GradOptions& options);
int runCritical(const CriticalCommandOptions& options);
int runTrain(const TrainCommandOptions& options);
int runGraph(const GraphCommandOptions& options);
int runBackprop(const BackpropCommandOptions& options);
int runLoss(const LossCommandOptions& options);

} // namespace dh
