// The subcommands behind the graph and loss labs: graph, backprop, loss (JSON on stdout).
#include "app/headless_commands.h"

#include "core/common/error.h"
#include "core/common/file_io.h"
#include "core/nn/backprop_spec.h"
#include "core/nn/lab_report.h"
#include "core/surfaces/report.h"

#include <iostream>

namespace dh {

int runGraph(const GraphCommandOptions& options) {
    std::unique_ptr<Surface> surface = makeSurface(options.surface);
    std::cout << dumpJson(graphReport(*surface, options.at), 2) << "\n";
    checkStandardOutput();
    return 0;
}

int runBackprop(const BackpropCommandOptions& options) {
    nn::BackpropRunOptions o;
    o.sample = options.sample;
    o.dataDir = options.dataDir;
    return nn::runBackpropSpec(options.specPath, std::cout, std::cerr, o);
}

int runLoss(const LossCommandOptions& options) {
    const nn::LossKind kind = nn::parseLoss(options.loss);
    if (options.margin && kind != nn::LossKind::Hinge) throw InputError("--margin: applies to --loss hinge only");
    const Eigen::VectorXd scores =
        Eigen::Map<const Eigen::VectorXd>(options.scores.data(), Eigen::Index(options.scores.size()));
    std::cout << dumpJson(nn::lossReport(kind, scores, options.target, options.margin.value_or(1.0)), 2) << "\n";
    checkStandardOutput();
    return 0;
}

} // namespace dh
