// Optimizer hyperparameters in JSON under the command line's names with underscores ("optimizer":
// "adam", "lr", "beta1", "beta2", "weight_decay", ...). Missing keys take torch's defaults for that
// optimizer; a value torch would reject is an InputError naming its path (`runs[2].lr: must be >= 0`).
#pragma once

#include "core/optim/optimizer.h"
#include "core/scene/json_reader.h"

#include <nlohmann/json.hpp>

namespace dh {

// Whether this kind reads the hyperparameter `field` (names with underscores: "lr", "weight_decay",
// "beta1", "betas", ...). Scenes save only these; trace and train warn about the others.
bool optimizerUses(OptimizerKind kind, const std::string& field);
// Only the fields this optimizer kind uses.
nlohmann::json optimizerToJson(const OptimizerConfig& config);
// Reads "optimizer" (the name) and the hyperparameters from the object r reads.
OptimizerConfig readOptimizer(ObjectReader& r);

} // namespace dh
