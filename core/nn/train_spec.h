// `downhill train --spec FILE`: one MLP training run described by JSON (the format below), CSV on a stream.
//
//   { "layers": [2, 8, 8, 1],                 sizes, input first
//     "activation": "tanh",                   tanh (default), sigmoid, relu, linear
//     "loss": "mse",                          mse (default), cross_entropy, hinge, bce
//     "init": {"params": [W1, b1, ...]}       W as [out][in] rows (s = Wx + b), b as lists; or a flat list
//          or {"seed": 1, "scheme": "xavier"} xavier (default), xavier_normal, he, he_normal, zeros (init.h)
//     "data": {...},                          see core/data/data_spec.h: {"X","y"}, {"name", ...}, {"csv"}
//     "optimizer": {"name": "adam", "lr": 0.01, ...},   or just "adam"; see below
//     "batch_size": 0,                        0 = full batch (default)
//     "steps": 100,  or  "epochs": N          exactly one of them
//     "regularization": {"l1": 0, "l2": 0},   on weight matrices only: loss + l1·Σ|W| + l2·ΣW²
//     "seed": 1,                              minibatch shuffling (default 1)
//     "precision": "double",                  double (default) or float (default for fashion_mnist)
//     "eval_every": 1 }                       steps between CSV rows (default below)
//
// Optimizer keys: "name" (sgd adagrad rmsprop adam adamw nadam adadelta adagrad_norm), then torch.optim's
// keyword names: lr momentum dampening nesterov weight_decay alpha eps centered betas ([β1, β2]) amsgrad
// rho momentum_decay lr_decay initial_accumulator_value, also beta1/beta2 and hyphenated forms
// (weight-decay) as on trace's command line. Missing keys take torch's defaults for that optimizer.
// Unknown keys anywhere are warnings on the error stream, not errors.
//
// CSV: header `step,loss,test_accuracy`; a row for step 0 (before any update), every eval_every steps
// and the last step. loss = the training objective at the weights after `step` updates, on the whole
// training set, including the regularization terms; test_accuracy = accuracy on the test split at
// those weights, empty when there is no test split or the loss is a regression (mse on real targets).
// Numbers have 17 significant digits. eval_every defaults to 1, except for minibatch runs on more than
// 10,000 training samples (Fashion-MNIST), where it is one epoch: a row needs a pass over all data.
// With full batches the loss of row k is the one the step k+1 computes anyway (no extra pass).
//
// Divergence (a NaN or infinite loss at step N) ends the CSV with row N (its loss as nan/inf), prints
// "diverged at step N" on the error stream, and is not an error (exit code 0).
//
// --dump-grad FILE: the gradient of the same objective (whole training set, regularization included)
// at the initial weights, as JSON in the params layout [W1 rows, b1, W2 rows, b2, ...], written
// atomically (temporary file + rename), 17 significant digits.
#pragma once

#include "core/data/dataset.h"
#include "core/nn/init.h"
#include "core/nn/mlp.h"
#include "core/optim/optimizer.h"

#include <Eigen/Core>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

namespace dh::nn {

enum class Precision { Auto, Float, Double };

struct TrainSpec {
    MlpConfig net;
    bool explicitParams = false;
    Eigen::VectorXd params; // init.params flattened in the params layout (explicitParams)
    InitScheme scheme = InitScheme::Xavier;
    std::uint64_t initSeed = 1;
    std::shared_ptr<const nlohmann::json> data; // the "data" member, resolved by runTrainSpec (data_spec.h)
    OptimizerConfig optimizer;
    Eigen::Index batchSize = 0;
    long steps = -1;  // from "steps", or
    long epochs = -1; // from "epochs"
    Regularization regularization;
    std::uint64_t shuffleSeed = 1;
    Precision precision = Precision::Auto;
    long evalEvery = 0; // 0 = the default described above
};

// Validates a parsed spec. InputError with the JSON path: `layers[1]: must be a positive integer (got 0)`,
// `optimizer.betas[1]: must be in [0, 1) (got 1.5)`, `layers: 10,000,200,001 parameters requested, the
// limit is 5,000,000` (sizes are checked before anything is allocated). Unknown keys go to warnings.
TrainSpec parseTrainSpec(const nlohmann::json& spec, std::vector<std::string>* warnings = nullptr);

struct TrainRunOptions {
    std::string dumpGradPath; // --dump-grad: "" = none
    std::string dataDir;      // --data-dir: where Fashion-MNIST lives ("" = the spec's or Debian's)
};

inline constexpr size_t kMaxSpecFileBytes = size_t(64) << 20; // larger spec files are refused unread

// The spec file parsed and its data loaded, as runTrainSpec (and `downhill backprop`) read them:
// InputError with the spec's path in front, IoError naming the file that cannot be used; warnings
// (unknown keys) are appended, unprefixed.
struct LoadedTrainSpec {
    TrainSpec spec;
    Dataset data;
};
LoadedTrainSpec loadTrainSpec(const std::string& specPath, const std::string& dataDir,
                              std::vector<std::string>& warnings);

// Reads the spec file, loads its data, trains and writes the CSV to csv. Messages (warnings, errors,
// divergence) go to err, each naming the spec or the file at fault. Returns the exit code of
// core/common/error.h: 0 on success or divergence; 1 when a file cannot be used (the spec, a CSV, the
// Fashion-MNIST files, --dump-grad's destination; a spec over 64 MiB) or csv fails to write; 2 on
// invalid content (JSON, spec, data that does not fit the network, a request over a cap of
// core/nn/limits.h).
int runTrainSpec(const std::string& specPath, std::ostream& csv, std::ostream& err,
                 const TrainRunOptions& options = {});
inline int runTrainSpec(const std::string& specPath, std::ostream& csv, std::ostream& err,
                        const std::string& dumpGradPath) {
    TrainRunOptions o;
    o.dumpGradPath = dumpGradPath;
    return runTrainSpec(specPath, csv, err, o);
}

// The params-layout JSON of a flat vector: [[W1 row 0], [W1 row 1], ...], [b1], ... as nested lists.
std::string paramsToJson(const MlpConfig& config, const Eigen::Ref<const Eigen::VectorXd>& params);

} // namespace dh::nn
