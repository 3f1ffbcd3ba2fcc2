// The headless subcommands trace, grad, critical and train: option structs filled by the command
// line (app/cli.cpp) and functions that print the results the README specifies. trace, grad and
// critical return 0 (divergence included: it is a result) or throw InputError (bad input: exit code 2)
// or IoError (standard output could not be written: exit code 1); the caller prints the message.
// runTrain returns the exit code itself (core/nn/train_spec.h) and prints its own messages.
#pragma once

#include "core/optim/optimizer.h"
#include "core/optim/trajectory.h"

#include <map>
#include <optional>
#include <string>

namespace dh {

struct SurfaceChoice {
    std::string name;                     // --surface NAME
    std::map<std::string, double> params; // --param k=v
    std::string expr;                     // --expr "EXPR"
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

int runTrace(const TraceOptions& options);
int runGrad(const GradOptions& options);
int runCritical(const CriticalCommandOptions& options);
int runTrain(const TrainCommandOptions& options);

} // namespace dh
