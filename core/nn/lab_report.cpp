#include "core/nn/lab_report.h"

#include <vector>

namespace dh::nn {

namespace {

std::vector<double> list(const Eigen::Ref<const Eigen::VectorXd>& v) {
    return std::vector<double>(v.data(), v.data() + v.size());
}

nlohmann::json rows(const Eigen::MatrixXd& m) {
    nlohmann::json out = nlohmann::json::array();
    for (Eigen::Index i = 0; i < m.rows(); ++i) out.push_back(list(m.row(i).transpose()));
    return out;
}

} // namespace

nlohmann::json backpropReport(const BackpropTrace& t, long sample, const Eigen::Ref<const Eigen::VectorXd>& x) {
    nlohmann::json j;
    j["sample"] = sample;
    j["x"] = list(x);
    j["target"] = list(t.target);
    j["loss"] = t.loss;
    if (t.probabilities.size() > 0) j["probabilities"] = list(t.probabilities);
    nlohmann::json layers = nlohmann::json::array();
    for (const LayerTrace& l : t.layers)
        layers.push_back({{"z", list(l.z)},
                          {"y", list(l.y)},
                          {"dE_dz", list(l.dE_dz)},
                          {"dE_dW", rows(l.dE_dW)},
                          {"dE_db", list(l.dE_db)}});
    j["layers"] = layers;
    return j;
}

nlohmann::json lossReport(LossKind kind, const Eigen::Ref<const Eigen::VectorXd>& s, int t, double margin) {
    nlohmann::json j;
    j["loss_kind"] = lossName(kind);
    j["scores"] = list(s);
    j["target"] = t;
    checkScores(s, t);
    Eigen::VectorXd oneHot = Eigen::VectorXd::Zero(s.size());
    oneHot[t] = 1;
    switch (kind) {
    case LossKind::CrossEntropy: {
        CrossEntropyResult r = crossEntropy(s, t);
        j["loss"] = r.loss;
        j["loss_log10"] = r.lossLog10;
        j["probabilities"] = list(r.probabilities);
        j["grad"] = list(r.grad);
        break;
    }
    case LossKind::Hinge: {
        HingeResult r = multiclassHinge(s, t, margin);
        j["loss"] = r.loss;
        j["margin"] = margin;
        nlohmann::json terms = nlohmann::json::array();
        for (const HingeTerm& term : r.terms)
            terms.push_back(
                {{"class", term.cls}, {"margin", term.margin}, {"loss", term.loss}, {"active", term.active}});
        j["terms"] = terms;
        j["grad"] = list(r.grad);
        break;
    }
    case LossKind::Mse: {
        SquaredErrorResult r = squaredError(s, oneHot);
        j["loss"] = r.loss;
        j["one_hot"] = list(oneHot);
        j["grad"] = list(r.grad);
        break;
    }
    case LossKind::Bce: {
        BceResult r = binaryCrossEntropy(s, oneHot);
        j["loss"] = r.loss;
        j["one_hot"] = list(oneHot);
        j["probabilities"] = list(r.probabilities);
        j["grad"] = list(r.grad);
        break;
    }
    }
    return j;
}

} // namespace dh::nn
