// The "data" member of a `downhill train` spec (core/nn/train_spec.h) and of a scene's network lab, as JSON:
//
//   {"X": [[x11, x12], ...], "y": [y1, ...]}            inline; optional "X_test", "y_test"
//   {"name": "spirals", "n": 256, "noise": 0.1, "seed": 1}   any synthetic name (circle, xor, ...)
//   {"name": "fashion_mnist", "max_train": 0, "max_test": 0, "data_dir": "..."}
//   {"name": "polynomial", "coefficients": [0, -1, 0, 2], "n": 15, "n_test": 100, "noise": 0.2,
//    "seed": 1, "x_min": -1, "x_max": 1}
//   {"csv": "file.csv", "label": "species", "classes": ["a", "b"], "regression": false}
//
// Any of them may add "test_fraction" (0 = none) and "split_seed" (default 1) for a seeded
// train/test split (splitTrainTest); inline data with X_test/y_test already has its test rows.
// Defaults are those of the option structs in dataset.h.
//
// Inline y: a list of numbers fills `values` (n x 1) and, when every y is a non-negative integer,
// also `labels` with numClasses = max + 1; a list of lists fills only `values` (n x k). The loss then
// takes what it needs: class indices for cross_entropy and hinge, values for mse.
#pragma once

#include "core/data/dataset.h"

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

namespace dh {

struct DataSpecOptions {
    std::string source = "spec";                  // the file, for messages: "spec.json: data.n: ..."
    std::string path = "data";                    // where the object sits in that file
    std::string dataDir;                          // --data-dir: the Fashion-MNIST directory (wins over "data_dir")
    std::string baseDir;                          // relative "csv" paths are taken from here ("" = working directory)
    std::vector<std::string>* warnings = nullptr; // unknown keys are reported here (else ignored)
};

// InputError naming the source, the member and what is wrong, e.g. "spec.json: data.n: must be an
// integer in [2, 10000000] (got 0)"; file errors (CSV, IDX) come with their own file names.
Dataset datasetFromJson(const nlohmann::json& data, const DataSpecOptions& options = {});

} // namespace dh
