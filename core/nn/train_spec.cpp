// Sections: optimizer keys · init params · parseTrainSpec · the run (CSV, --dump-grad) · runTrainSpec.
#include "core/nn/train_spec.h"

#include "core/common/error.h"
#include "core/common/file_io.h"
#include "core/data/data_spec.h"
#include "core/nn/limits.h"
#include "core/nn/trainer.h"
#include "core/scene/json_reader.h"
#include "core/scene/optimizer_json.h"

#include <cmath>
#include <cstdio>
#include <limits>
#include <nlohmann/json.hpp>
#include <ostream>

namespace dh::nn {

namespace {

using nlohmann::json;

std::string describe(const json& v) {
    std::string s = v.dump();
    return s.size() > 40 ? s.substr(0, 37) + "..." : s;
}

// ---- optimizer keys ----

double numberAt(const json& v, const std::string& path) {
    if (!v.is_number()) throw InputError(path + ": must be a number, got " + describe(v));
    double d = v.get<double>();
    if (!std::isfinite(d)) throw InputError(path + ": must be finite");
    return d;
}
bool boolAt(const json& v, const std::string& path) {
    if (!v.is_boolean()) throw InputError(path + ": must be true or false, got " + describe(v));
    return v.get<bool>();
}

OptimizerConfig readOptimizerSpec(const json& v, const std::string& path, std::vector<std::string>* warnings) {
    if (v.is_string()) return torchDefaults(parseOptimizerKind(v.get<std::string>()));
    if (!v.is_object()) throw InputError(path + ": must be an object such as {\"name\": \"adam\", \"lr\": 0.01}");
    const auto nameIt = v.find("name");
    if (nameIt == v.end() || !nameIt->is_string())
        throw InputError(path + ".name: missing (sgd, adagrad, rmsprop, adam, adamw, nadam, adadelta, adagrad_norm)");
    OptimizerKind kind;
    try {
        kind = parseOptimizerKind(nameIt->get<std::string>());
    } catch (const InputError& e) {
        throw InputError(path + ".name: " + e.what());
    }
    if (kind == OptimizerKind::Newton)
        throw InputError(path + ".name: newton needs the Hessian of a 2D surface; it cannot train a network");
    OptimizerConfig c = torchDefaults(kind);
    bool usedBetas = false;
    for (auto it = v.begin(); it != v.end(); ++it) {
        std::string key = it.key();
        if (key == "name") continue;
        for (char& ch : key)
            if (ch == '-') ch = '_';
        const std::string at = path + "." + it.key();
        const json& x = it.value();
        if (key == "lr" || key == "learning_rate")
            c.lr = numberAt(x, at), key = "lr";
        else if (key == "momentum")
            c.momentum = numberAt(x, at);
        else if (key == "dampening")
            c.dampening = numberAt(x, at);
        else if (key == "nesterov")
            c.nesterov = boolAt(x, at);
        else if (key == "weight_decay")
            c.weightDecay = numberAt(x, at);
        else if (key == "alpha")
            c.alpha = numberAt(x, at);
        else if (key == "eps")
            c.eps = numberAt(x, at);
        else if (key == "centered")
            c.centered = boolAt(x, at);
        else if (key == "beta1")
            c.beta1 = numberAt(x, at);
        else if (key == "beta2")
            c.beta2 = numberAt(x, at);
        else if (key == "betas") {
            if (!x.is_array() || x.size() != 2) throw InputError(at + ": must be a list of two numbers [beta1, beta2]");
            c.beta1 = numberAt(x[0], at + "[0]");
            c.beta2 = numberAt(x[1], at + "[1]");
            usedBetas = true;
        } else if (key == "amsgrad")
            c.amsgrad = boolAt(x, at);
        else if (key == "rho")
            c.rho = numberAt(x, at);
        else if (key == "momentum_decay")
            c.momentumDecay = numberAt(x, at);
        else if (key == "lr_decay")
            c.lrDecay = numberAt(x, at);
        else if (key == "initial_accumulator_value")
            c.initialAccumulatorValue = numberAt(x, at);
        else {
            if (warnings) warnings->push_back(at + ": unknown key, ignored");
            continue;
        }
        if (warnings && !optimizerUses(kind, key))
            warnings->push_back(at + ": not used by " + std::string(optimizerName(kind)) + ", ignored");
    }
    std::vector<ConfigProblem> problems = validate(c);
    if (!problems.empty()) {
        std::string field = problems.front().field;
        for (char& ch : field)
            if (ch == '-') ch = '_';
        if (usedBetas && field == "beta1") field = "betas[0]";
        if (usedBetas && field == "beta2") field = "betas[1]";
        throw InputError(path + "." + field + ": " + problems.front().message);
    }
    return c;
}

// ---- init params ----

// [W1, b1, W2, b2, ...] with W as a list of `out` rows of `in` numbers, b a list of `out` numbers; or
// one flat list of paramCount numbers.
Eigen::VectorXd readParams(const json& v, const MlpConfig& net, const std::string& path) {
    if (!v.is_array()) throw InputError(path + ": must be a list [W1, b1, W2, b2, ...], got " + describe(v));
    const std::vector<LayerSlice> slices = layerSlices(net);
    const Eigen::Index count = paramCount(net);
    const bool flat = !v.empty() && v[0].is_number();
    if (flat && Eigen::Index(v.size()) != count)
        throw InputError(path + ": a flat list needs " + std::to_string(count) + " numbers for layers " +
                         "of these sizes, got " + std::to_string(v.size()));
    if (!flat && v.size() != 2 * slices.size())
        throw InputError(path + ": expected " + std::to_string(2 * slices.size()) + " entries (W1, b1, ... W" +
                         std::to_string(slices.size()) + ", b" + std::to_string(slices.size()) + "), got " +
                         std::to_string(v.size()));
    Eigen::VectorXd p(count); // the sizes are checked (and capped by parseTrainSpec) before this
    if (flat) {
        for (size_t i = 0; i < v.size(); ++i) p[Eigen::Index(i)] = numberAt(v[i], indexPath(path, i));
        return p;
    }
    for (size_t l = 0; l < slices.size(); ++l) {
        const LayerSlice& s = slices[l];
        const std::string wPath = indexPath(path, 2 * l), bPath = indexPath(path, 2 * l + 1);
        const json& w = v[2 * l];
        const std::string shape = std::to_string(s.out) + " rows of " + std::to_string(s.in) + " numbers";
        if (!w.is_array() || w.size() != size_t(s.out))
            throw InputError(wPath + ": W" + std::to_string(l + 1) + " must be " + shape + " ([out][in]), got " +
                             (w.is_array() ? std::to_string(w.size()) + " rows" : describe(w)));
        for (size_t r = 0; r < w.size(); ++r) {
            const json& row = w[r];
            const std::string rPath = indexPath(wPath, r);
            if (!row.is_array() || row.size() != size_t(s.in))
                throw InputError(rPath + ": must be a list of " + std::to_string(s.in) + " numbers (W" +
                                 std::to_string(l + 1) + " is " + shape + "), got " + describe(row));
            for (size_t c = 0; c < row.size(); ++c)
                p[s.weightOffset + Eigen::Index(r) * s.in + Eigen::Index(c)] = numberAt(row[c], indexPath(rPath, c));
        }
        const json& b = v[2 * l + 1];
        if (!b.is_array() || b.size() != size_t(s.out))
            throw InputError(bPath + ": b" + std::to_string(l + 1) + " must be a list of " + std::to_string(s.out) +
                             " numbers, got " + describe(b));
        for (size_t r = 0; r < b.size(); ++r) p[s.biasOffset + Eigen::Index(r)] = numberAt(b[r], indexPath(bPath, r));
    }
    return p;
}

long readCount(ObjectReader& r, const char* key) {
    const json* v = r.member(key);
    if (!v) return -1;
    if (!v->is_number() || !std::isfinite(v->get<double>()) || v->get<double>() != std::floor(v->get<double>()) ||
        v->get<double>() < 0 || v->get<double>() > 1e9)
        r.fail(key, "must be an integer between 0 and 1000000000, got " + describe(*v));
    return long(v->get<double>());
}

} // namespace

// ---- parseTrainSpec ----

TrainSpec parseTrainSpec(const json& spec, std::vector<std::string>* warnings) {
    if (!spec.is_object()) throw InputError("the spec must be a JSON object with layers, data, optimizer, ...");
    ObjectReader r(spec, "", warnings);
    TrainSpec s;

    const json* layers = r.member("layers");
    if (!layers) r.fail("layers", "missing (sizes, input first, e.g. [2, 8, 8, 1])");
    if (!layers->is_array()) r.fail("layers", "must be a list of sizes, got " + describe(*layers));
    if (layers->size() < 2) r.fail("layers", "needs at least two sizes (inputs and outputs)");
    s.net.layers.clear();
    for (size_t i = 0; i < layers->size(); ++i) {
        const json& v = (*layers)[i];
        const bool ok = v.is_number() && v.get<double>() == std::floor(v.get<double>()) && v.get<double>() >= 1 &&
                        v.get<double>() <= 1e6;
        if (!ok) throw InputError(indexPath("layers", i) + ": must be a positive integer (got " + describe(v) + ")");
        s.net.layers.push_back(int(v.get<double>()));
    }
    checkParameters(parameterCount(s.net.layers), "layers");
    try {
        s.net.activation = parseActivation(r.string("activation", "tanh"));
    } catch (const InputError& e) {
        r.fail("activation", e.what());
    }
    try {
        s.net.loss = parseLoss(r.string("loss", "mse"));
    } catch (const InputError& e) {
        r.fail("loss", e.what());
    }

    ObjectReader init = r.object("init");
    if (const json* p = init.member("params")) {
        s.explicitParams = true;
        s.params = readParams(*p, s.net, init.pathOf("params"));
        if (init.has("scheme")) init.fail("scheme", "give either params or a scheme, not both");
    } else {
        try {
            s.scheme = parseInitScheme(init.string("scheme", "xavier"));
        } catch (const InputError& e) {
            init.fail("scheme", e.what());
        }
    }
    if (const json* seed = init.member("seed")) {
        if (!seed->is_number_integer() || seed->get<long long>() < 0)
            init.fail("seed", "must be a non-negative integer, got " + describe(*seed));
        s.initSeed = seed->get<std::uint64_t>();
    }
    init.finish();

    const json* data = r.member("data");
    if (!data) r.fail("data", "missing: {\"X\": [[...]], \"y\": [...]} or {\"name\": \"spirals\", ...}");
    if (!data->is_object()) r.fail("data", "must be an object, got " + describe(*data));
    s.data = std::make_shared<json>(*data);

    const json* opt = r.member("optimizer");
    if (!opt) r.fail("optimizer", "missing, e.g. {\"name\": \"adam\", \"lr\": 0.01}");
    s.optimizer = readOptimizerSpec(*opt, "optimizer", warnings);

    s.batchSize = r.integer("batch_size", 0, 0, 100'000'000);
    s.steps = readCount(r, "steps");
    s.epochs = readCount(r, "epochs");
    if (s.steps >= 0 && s.epochs >= 0) r.fail("epochs", "give steps or epochs, not both");
    if (s.steps < 0 && s.epochs < 0) r.fail("steps", "missing (or give epochs)");

    ObjectReader reg = r.object("regularization");
    s.regularization.l1 = reg.number("l1", 0, 0);
    s.regularization.l2 = reg.number("l2", 0, 0);
    reg.finish();

    if (const json* seed = r.member("seed")) {
        if (!seed->is_number_integer() || seed->get<long long>() < 0)
            r.fail("seed", "must be a non-negative integer, got " + describe(*seed));
        s.shuffleSeed = seed->get<std::uint64_t>();
    }
    const std::string precision = r.string("precision", "");
    if (precision == "float" || precision == "float32")
        s.precision = Precision::Float;
    else if (precision == "double" || precision == "float64")
        s.precision = Precision::Double;
    else if (!precision.empty())
        r.fail("precision", "must be \"double\" or \"float\", got \"" + precision + "\"");
    s.evalEvery = r.integer("eval_every", 0, 1, 1'000'000'000);
    r.finish();
    return s;
}

std::string paramsToJson(const MlpConfig& config, const Eigen::Ref<const Eigen::VectorXd>& params) {
    json out = json::array();
    for (const LayerSlice& s : layerSlices(config)) {
        json w = json::array();
        for (int i = 0; i < s.out; ++i) {
            json row = json::array();
            for (int j = 0; j < s.in; ++j) row.push_back(params[s.weightOffset + Eigen::Index(i) * s.in + j]);
            w.push_back(std::move(row));
        }
        json b = json::array();
        for (int i = 0; i < s.out; ++i) b.push_back(params[s.biasOffset + i]);
        out.push_back(std::move(w));
        out.push_back(std::move(b));
    }
    return out.dump() + "\n"; // nlohmann writes doubles with 17 significant digits (round trip)
}

// ---- the run ----

namespace {

// A CSV row that did not reach its stream (a full disk, a closed pipe) ends the run: exit code 1.
void checkCsvStream(const std::ostream& csv) {
    if (!csv) throw IoError("the CSV output: write error");
}

std::string formatNumber(double v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

template <class T>
int trainTyped(const TrainSpec& spec, Dataset data, std::ostream& csv, std::ostream& err, const std::string& prefix,
               const TrainRunOptions& options) {
    using Vector = Eigen::Matrix<T, Eigen::Dynamic, 1>;
    NetData<T> train = netData<T>(data, false, spec.net, "data");
    NetData<T> test = data.hasTest() ? netData<T>(data, true, spec.net, "data (test split)") : NetData<T>{};
    data = Dataset(); // the trainer keeps its own copy in T (Fashion-MNIST: 376 MB of doubles freed)
    TrainOptions o;
    o.optimizer = spec.optimizer;
    o.regularization = spec.regularization;
    o.batchSize = spec.batchSize;
    o.shuffleSeed = spec.shuffleSeed;
    Trainer<T> trainer(spec.net, o, std::move(train), std::move(test));

    Eigen::VectorXd initial;
    if (spec.explicitParams)
        initial = spec.params;
    else
        initializeParams(spec.net, spec.scheme, spec.initSeed, initial);
    trainer.restart(initial.cast<T>());

    if (!options.dumpGradPath.empty()) {
        Vector grad;
        trainer.fullGradient(grad);
        writeFileAtomic(options.dumpGradPath, paramsToJson(spec.net, grad.template cast<double>()));
    }

    const Eigen::Index n = trainer.trainData().size();
    const bool fullBatch = spec.batchSize <= 0 || spec.batchSize >= n;
    const long steps = spec.steps >= 0 ? spec.steps : spec.epochs * long(trainer.stepsPerEpoch());
    long every = spec.evalEvery;
    if (every <= 0) every = !fullBatch && n > 10000 ? long(trainer.stepsPerEpoch()) : 1;
    const bool withAccuracy = !trainer.testData().empty() && trainer.testData().classes > 0;

    auto row = [&](long step, double loss) {
        csv << step << ',' << formatNumber(loss) << ',';
        if (withAccuracy) csv << formatNumber(trainer.accuracy(trainer.testData()));
        checkCsvStream(csv << '\n');
    };
    auto due = [&](long k) { return k % every == 0 || k == steps; };

    csv << "step,loss,test_accuracy\n";
    for (long k = 0; k <= steps; ++k) {
        if (k == steps) {
            row(k, trainer.trainObjective());
            break;
        }
        if (fullBatch) {
            // the step computes L(θ_k) on the whole set before updating: it is row k's loss
            const bool write = due(k);
            double accuracy = std::numeric_limits<double>::quiet_NaN();
            if (write && withAccuracy) accuracy = trainer.accuracy(trainer.testData());
            StepResult r = trainer.step();
            if (write || r.diverged) {
                csv << k << ',' << formatNumber(r.loss) << ',';
                if (withAccuracy && !r.diverged) csv << formatNumber(accuracy);
                checkCsvStream(csv << '\n');
            }
            if (r.diverged) {
                err << prefix << "diverged at step " << k << " (loss " << formatNumber(r.loss) << ")\n";
                return 0;
            }
        } else {
            if (due(k)) row(k, trainer.trainObjective());
            StepResult r = trainer.step();
            if (r.diverged) {
                csv << k << ',' << formatNumber(r.loss) << ",\n";
                err << prefix << "diverged at step " << k << " (minibatch loss " << formatNumber(r.loss) << ")\n";
                return 0;
            }
        }
    }
    return 0;
}

} // namespace

// ---- runTrainSpec ----

namespace {

// Runs f; an InputError from it gets the spec's path in front (IoErrors name their own file).
template <class F>
auto withSpecPrefix(const std::string& prefix, F&& f) {
    try {
        return f();
    } catch (const InputError& e) {
        const std::string msg = e.what();
        throw InputError(msg.rfind(prefix, 0) == 0 ? msg : prefix + msg);
    }
}

Dataset loadSpecData(const TrainSpec& spec, const std::string& specPath, const std::string& dataDir,
                     std::vector<std::string>& warnings) {
    DataSpecOptions d;
    d.source = specPath;
    d.path = "data";
    d.dataDir = dataDir;
    d.warnings = &warnings;
    const size_t slash = specPath.find_last_of('/');
    d.baseDir = slash == std::string::npos ? "" : specPath.substr(0, slash);
    return datasetFromJson(*spec.data, d);
}

} // namespace

LoadedTrainSpec loadTrainSpec(const std::string& specPath, const std::string& dataDir,
                              std::vector<std::string>& warnings) {
    LoadedTrainSpec loaded;
    loaded.spec = withSpecPrefix(specPath + ": ", [&] {
        json j = parseJsonText(readFileText(specPath, kMaxSpecFileBytes, "a training spec"), specPath);
        return parseTrainSpec(j, &warnings);
    });
    loaded.data = loadSpecData(loaded.spec, specPath, dataDir, warnings);
    return loaded;
}

int runTrainSpec(const std::string& specPath, std::ostream& csv, std::ostream& err, const TrainRunOptions& options) {
    const std::string prefix = specPath + ": ";
    return runReportingErrors(err, "error: ", [&] {
        std::vector<std::string> warnings;
        LoadedTrainSpec loaded = loadTrainSpec(specPath, options.dataDir, warnings);
        const TrainSpec& spec = loaded.spec;
        Dataset data = std::move(loaded.data);
        for (const std::string& w : warnings)
            err << (w.rfind(prefix, 0) == 0 ? "" : prefix) << "warning: " << w << '\n';

        Precision p = spec.precision;
        if (p == Precision::Auto) p = data.name == "fashion_mnist" ? Precision::Float : Precision::Double;
        const int code = withSpecPrefix(prefix, [&] {
            return p == Precision::Float ? trainTyped<float>(spec, std::move(data), csv, err, prefix, options)
                                         : trainTyped<double>(spec, std::move(data), csv, err, prefix, options);
        });
        checkCsvStream(csv.flush());
        return code;
    });
}

} // namespace dh::nn
