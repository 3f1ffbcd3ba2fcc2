#include "core/scene/optimizer_json.h"

#include <algorithm>
#include <string>

namespace dh {
using nlohmann::json;

bool optimizerUses(OptimizerKind k, const std::string& field) {
    using K = OptimizerKind;
    auto in = [&](std::initializer_list<K> kinds) { return std::find(kinds.begin(), kinds.end(), k) != kinds.end(); };
    if (field == "lr") return true;
    if (field == "weight_decay") return k != K::Newton;
    if (field == "eps") return !in({K::Sgd, K::Newton});
    if (field == "momentum") return in({K::Sgd, K::Rmsprop});
    if (field == "dampening" || field == "nesterov") return k == K::Sgd;
    if (field == "alpha" || field == "centered") return k == K::Rmsprop;
    if (field == "beta1" || field == "beta2" || field == "betas") return in({K::Adam, K::Adamw, K::Nadam});
    if (field == "amsgrad") return in({K::Adam, K::Adamw});
    if (field == "rho") return k == K::Adadelta;
    if (field == "momentum_decay") return k == K::Nadam;
    if (field == "lr_decay" || field == "initial_accumulator_value") return k == K::Adagrad;
    return false;
}

json optimizerToJson(const OptimizerConfig& c) {
    json j = {{"optimizer", optimizerName(c.kind)}};
    auto put = [&](const char* key, auto value) {
        if (optimizerUses(c.kind, key)) j[key] = value;
    };
    put("lr", c.lr);
    put("momentum", c.momentum);
    put("dampening", c.dampening);
    put("nesterov", c.nesterov);
    put("weight_decay", c.weightDecay);
    put("alpha", c.alpha);
    put("eps", c.eps);
    put("centered", c.centered);
    put("beta1", c.beta1);
    put("beta2", c.beta2);
    put("amsgrad", c.amsgrad);
    put("rho", c.rho);
    put("momentum_decay", c.momentumDecay);
    put("lr_decay", c.lrDecay);
    put("initial_accumulator_value", c.initialAccumulatorValue);
    return j;
}

OptimizerConfig readOptimizer(ObjectReader& r) {
    std::string name = r.string("optimizer", "sgd", 32);
    OptimizerConfig c;
    try {
        c = torchDefaults(parseOptimizerKind(name));
    } catch (const InputError& e) {
        r.fail("optimizer", e.what());
    }
    const double big = 1e12;
    c.lr = r.number("lr", c.lr, -big, big);
    c.momentum = r.number("momentum", c.momentum, -big, big);
    c.dampening = r.number("dampening", c.dampening, -big, big);
    c.nesterov = r.boolean("nesterov", c.nesterov);
    c.weightDecay = r.number("weight_decay", c.weightDecay, -big, big);
    c.alpha = r.number("alpha", c.alpha, -big, big);
    c.eps = r.number("eps", c.eps, -big, big);
    c.centered = r.boolean("centered", c.centered);
    c.beta1 = r.number("beta1", c.beta1, -big, big);
    c.beta2 = r.number("beta2", c.beta2, -big, big);
    c.amsgrad = r.boolean("amsgrad", c.amsgrad);
    c.rho = r.number("rho", c.rho, -big, big);
    c.momentumDecay = r.number("momentum_decay", c.momentumDecay, -big, big);
    c.lrDecay = r.number("lr_decay", c.lrDecay, -big, big);
    c.initialAccumulatorValue = r.number("initial_accumulator_value", c.initialAccumulatorValue, -big, big);
    std::vector<ConfigProblem> problems = validate(c);
    if (!problems.empty()) {
        std::string field = problems.front().field;
        std::replace(field.begin(), field.end(), '-', '_');
        r.fail(field, problems.front().message);
    }
    return c;
}

} // namespace dh
