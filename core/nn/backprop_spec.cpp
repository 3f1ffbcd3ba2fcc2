#include "core/nn/backprop_spec.h"

#include "core/common/error.h"
#include "core/nn/init.h"
#include "core/nn/lab_report.h"
#include "core/nn/train_spec.h"
#include "core/nn/trainer.h"
#include "core/surfaces/report.h"

#include <exception>
#include <ostream>

namespace dh::nn {

namespace {

// The sample's row of the training data through the network at the spec's initial parameters.
BackpropTrace traceSample(const TrainSpec& spec, const NetData<double>& train, long sample) {
    if (sample < 0 || sample >= train.size())
        throw InputError("--sample: " + std::to_string(sample) + " is out of range (the training data has " +
                         std::to_string(train.size()) + " samples: 0 to " + std::to_string(train.size() - 1) + ")");
    Eigen::VectorXd params = spec.params;
    if (!spec.explicitParams) initializeParams(spec.net, spec.scheme, spec.initSeed, params);
    return backpropSample(spec.net, params, train.X.row(sample).transpose(), train.Y.row(sample).transpose(),
                          spec.optimizer);
}

} // namespace

int runBackpropSpec(const std::string& specPath, std::ostream& out, std::ostream& err,
                    const BackpropRunOptions& options) {
    const std::string prefix = specPath + ": ";
    return runReportingErrors(err, "error: ", [&] {
        std::vector<std::string> warnings;
        LoadedTrainSpec loaded = loadTrainSpec(specPath, options.dataDir, warnings);
        for (const std::string& w : warnings)
            err << (w.rfind(prefix, 0) == 0 ? "" : prefix) << "warning: " << w << '\n';
        NetData<double> train;
        try {
            train = netData<double>(loaded.data, false, loaded.spec.net, "data");
        } catch (const InputError& e) {
            throw InputError(prefix + e.what());
        }
        const BackpropTrace trace = traceSample(loaded.spec, train, options.sample);
        out << dumpJson(backpropReport(trace, options.sample, train.X.row(options.sample).transpose()), 2) << '\n';
        out.flush();
        if (!out) throw IoError("the JSON output: write error");
        return kExitOk;
    });
}

} // namespace dh::nn
