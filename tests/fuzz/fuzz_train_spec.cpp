// libFuzzer target: the train spec. Any text either parses into a spec or is an InputError; a spec
// with inline or synthetic data small enough to train quickly builds its data and takes a few steps.
// (Files are not opened: "csv" data and Fashion-MNIST are skipped.)
#include "core/common/error.h"
#include "core/data/data_spec.h"
#include "core/nn/init.h"
#include "core/nn/limits.h"
#include "core/nn/train_spec.h"
#include "core/nn/trainer.h"
#include "core/scene/json_reader.h"

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace {

bool cheap(const dh::nn::TrainSpec& spec) {
    const nlohmann::json& d = *spec.data;
    if (d.contains("csv") || (d.contains("name") && d["name"] == "fashion_mnist")) return false;
    if (d.contains("n") && !(d["n"].is_number() && d["n"].get<double>() <= 2000)) return false;
    if (d.contains("n_test") && !(d["n_test"].is_number() && d["n_test"].get<double>() <= 2000)) return false;
    return dh::nn::parameterCount(spec.net.layers) <= 20000;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        const dh::nn::TrainSpec spec = dh::nn::parseTrainSpec(dh::parseJsonText(text, "fuzz"), nullptr);
        if (!cheap(spec)) return 0;
        dh::DataSpecOptions options;
        options.source = "fuzz";
        dh::Dataset ds = dh::datasetFromJson(*spec.data, options);
        dh::nn::NetData<double> train = dh::nn::netData<double>(ds, false, spec.net, "data");
        dh::nn::TrainOptions o;
        o.optimizer = spec.optimizer;
        o.regularization = spec.regularization;
        o.batchSize = spec.batchSize;
        o.shuffleSeed = spec.shuffleSeed;
        dh::nn::Trainer<double> trainer(spec.net, o, std::move(train), {});
        Eigen::VectorXd initial;
        if (spec.explicitParams)
            initial = spec.params;
        else
            dh::nn::initializeParams(spec.net, spec.scheme, spec.initSeed, initial);
        trainer.restart(initial);
        for (int k = 0; k < 3; ++k) trainer.step();
    } catch (const dh::InputError&) {
    }
    return 0;
}
