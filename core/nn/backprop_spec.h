// `downhill backprop --spec FILE [--sample I]`: one sample of a `train --spec` file's training data
// (core/nn/train_spec.h) through its network at the spec's initial parameters, as JSON
// (core/nn/lab_report.h backpropReport): the sample's data loss without regularization, and per layer
// z, y, ∂E/∂z, ∂E/∂W, ∂E/∂b.
#pragma once

#include <iosfwd>
#include <string>

namespace dh::nn {

struct BackpropRunOptions {
    long sample = 0;     // --sample: a row of the training data (after any train/test split)
    std::string dataDir; // --data-dir, as for train
};

// Writes the JSON to out; messages (warnings, errors) to err, naming the spec or the file at fault.
// Returns the exit code of core/common/error.h: 0; 1 when a file cannot be used (the spec, its data)
// or out fails to write; 2 for invalid content (JSON, spec, data, a sample out of range).
int runBackpropSpec(const std::string& specPath, std::ostream& out, std::ostream& err,
                    const BackpropRunOptions& options = {});

} // namespace dh::nn
