#include "core/nn/backprop_spec.h"

#include "core/common/error.h"
#include "core/common/file_io.h"
#include "core/data/data_spec.h"
#include "core/nn/init.h"
#include "core/nn/lab_report.h"
#include "core/nn/train_spec.h"
#include "core/nn/trainer.h"
#include "core/scene/json_reader.h"
#include "core/surfaces/report.h"

#include <exception>
#include <nlohmann/json.hpp>
#include <ostream>

namespace dh::nn {

namespace {

// The spec's data as the trainer sees it (the same loading as runTrainSpec).
Dataset loadData(const TrainSpec& spec, const std::string& specPath, const BackpropRunOptions& options,
                 std::vector<std::string>& warnings) {
    DataSpecOptions d;
    d.source = specPath;
    d.path = "data";
    d.dataDir = options.dataDir;
    d.warnings = &warnings;
    const size_t slash = specPath.find_last_of('/');
    d.baseDir = slash == std::string::npos ? "" : specPath.substr(0, slash);
    return datasetFromJson(*spec.data, d);
}

} // namespace

int runBackpropSpec(const std::string& specPath, std::ostream& out, std::ostream& err,
                    const BackpropRunOptions& options) {
    const std::string prefix = specPath + ": ";
    auto prefixed = [&](const std::string& msg) { return msg.rfind(prefix, 0) == 0 ? msg : prefix + msg; };
    std::string text;
    try {
        text = readFileText(specPath);
    } catch (const std::exception& e) { // the file could not be used, whatever the content
        err << "error: " << e.what() << '\n';
        return 1;
    }
    try {
        std::vector<std::string> warnings;
        TrainSpec spec;
        Dataset data;
        try {
            spec = parseTrainSpec(parseJsonText(text, specPath), &warnings);
            data = loadData(spec, specPath, options, warnings);
        } catch (const InputError& e) {
            throw InputError(prefixed(e.what()));
        }
        for (const std::string& w : warnings) err << prefixed("warning: " + w) << '\n';

        NetData<double> train;
        try {
            train = netData<double>(data, false, spec.net, "data");
        } catch (const InputError& e) {
            throw InputError(prefixed(e.what()));
        }
        if (options.sample < 0 || options.sample >= train.size())
            throw InputError("--sample: " + std::to_string(options.sample) +
                             " is out of range (the training data has " + std::to_string(train.size()) +
                             " samples: 0 to " + std::to_string(train.size() - 1) + ")");
        Eigen::VectorXd params = spec.params;
        if (!spec.explicitParams) initializeParams(spec.net, spec.scheme, spec.initSeed, params);
        const Eigen::VectorXd x = train.X.row(options.sample).transpose();
        BackpropTrace trace;
        try {
            trace = backpropSample(spec.net, params, x, train.Y.row(options.sample).transpose(), spec.optimizer);
        } catch (const InputError& e) {
            throw InputError(prefixed(e.what()));
        }
        out << dumpJson(backpropReport(trace, options.sample, x), 2) << '\n';
        return 0;
    } catch (const InputError& e) {
        err << "error: " << e.what() << '\n';
        return 2;
    } catch (const std::exception& e) { // a data file that could not be read (CSV, IDX), memory
        err << "error: " << prefixed(e.what()) << '\n';
        return 1;
    }
}

} // namespace dh::nn
