// JSON reports of the backprop and loss models, for `downhill backprop` and `downhill loss` (written
// with dumpJson, core/surfaces/report.h: 17 significant digits, non-finite numbers as null).
//
//   backpropReport  {"sample", "x": [...], "target": [...], "loss", ["probabilities": [...]],
//                    "layers": [{"z", "y", "dE_dz", "dE_dW": [[out][in]], "dE_db"}, ...]}   forward order
//   lossReport      {"loss_kind", "scores", "target", "loss", "grad": [∂loss/∂s_j],
//                    cross_entropy: "probabilities", "loss_log10";
//                    hinge: "margin" (Δ), "terms": [{"class", "margin", "loss", "active"}];
//                    mse: "one_hot"; bce: "probabilities" (σ), "one_hot"}
#pragma once

#include "core/nn/backprop.h"

#include <nlohmann/json.hpp>

namespace dh::nn {

nlohmann::json backpropReport(const BackpropTrace& trace, long sample, const Eigen::Ref<const Eigen::VectorXd>& x);

// The loss of `kind` on scores with true class t (mse and bce against the one-hot target; Δ = margin for
// hinge). InputError as core/nn/losses.h reports it.
nlohmann::json lossReport(LossKind kind, const Eigen::Ref<const Eigen::VectorXd>& scores, int t, double margin = 1);

} // namespace dh::nn
