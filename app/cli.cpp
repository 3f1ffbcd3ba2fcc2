// The command line (its contract: README.md, "Command line"). All of CLI11 lives in this one
// translation unit (it is header-only and slow to compile).
#include "app/cli.h"

#include "app/headless_commands.h"
#include "app/render_command.h"
#include "core/common/error.h"
#include "core/scene/optimizer_json.h"

#include <CLI/CLI.hpp>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <limits>
#include <sstream>

namespace dh {
namespace {

// A whole number in [min, max] written with digits only (no sign, no spaces, no exponent), or
// InputError naming the flag: "-1" is not 2⁶⁴ − 1 and "4294967312" is not 16.
unsigned long long parseWhole(const std::string& flag, const std::string& text, unsigned long long min,
                              unsigned long long max) {
    unsigned long long v = 0;
    const char* end = text.data() + text.size();
    const auto result = std::from_chars(text.data(), end, v);
    const bool digits = !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
    if (!digits || result.ec != std::errc() || result.ptr != end || v < min || v > max)
        throw InputError(flag + ": expected a whole number from " + std::to_string(min) + " to " + std::to_string(max) +
                         " (got '" + text + "')");
    return v;
}

// "1600x900" → width, height.
void parseSize(const std::string& text, int& w, int& h) {
    const size_t x = text.find_first_of("xX");
    const std::string expected = "--size: expected WxH with 16 ≤ W, H ≤ 8192, e.g. 1600x900 (got '" + text + "')";
    if (x == std::string::npos) throw InputError(expected);
    try {
        w = int(parseWhole("--size", text.substr(0, x), 16, 8192));
        h = int(parseWhole("--size", text.substr(x + 1), 16, 8192));
    } catch (const InputError&) {
        throw InputError(expected);
    }
}

// Integer flags are read as text and parsed strictly (CLI11 would wrap or accept a sign).
struct WholeFlag {
    std::string flag, text;
    CLI::Option* option = nullptr;
    void add(CLI::App* cmd, const char* name, const char* help) {
        flag = name;
        option = cmd->add_option(name, text, help);
    }
    bool given() const { return option && option->count() > 0; }
    template <class T>
    void read(T& value, unsigned long long min, unsigned long long max) const {
        if (given()) value = T(parseWhole(flag, text, min, max));
    }
};

// "a,b,c" → finite numbers (n of them, or any count ≥ 1 when n is 0), or InputError naming the flag.
std::vector<double> parseNumbers(const std::string& flag, const std::string& text, size_t n, const char* shape) {
    std::vector<double> values;
    std::stringstream ss(text);
    std::string item;
    while (std::getline(ss, item, ',')) {
        char* end = nullptr;
        double v = std::strtod(item.c_str(), &end);
        if (item.empty() || end == item.c_str() || *end != '\0' || !std::isfinite(v))
            throw InputError(flag + ": '" + item + "' is not a finite number (expected " + shape + ")");
        values.push_back(v);
    }
    if ((n > 0 ? values.size() != n : values.empty()) || (!text.empty() && text.back() == ','))
        throw InputError(flag + ": expected " + shape + ", got '" + text + "'");
    return values;
}

bool parseBool(const std::string& flag, const std::vector<std::string>& given) {
    if (given.empty() || given.back().empty()) return true; // bare --flag
    const std::string& v = given.back();
    if (v == "true" || v == "1" || v == "yes" || v == "on" || v == "True") return true;
    if (v == "false" || v == "0" || v == "no" || v == "off" || v == "False") return false;
    throw InputError(flag + ": expected true or false, got '" + v + "'");
}

// --surface NAME [--param k=v ...] | --expr EXPR, shared by trace, grad and critical.
struct SurfaceFlags {
    std::string name, expr;
    std::vector<std::string> params;
    SurfaceRegularization regularization;
    void add(CLI::App* cmd) {
        cmd->add_option("--surface", name, "built-in surface (six_hump_camel, rosenbrock, ...)");
        cmd->add_option("--param", params, "surface parameter k=v (repeatable)");
        cmd->add_option("--expr", expr, "f(x, y) as an expression, e.g. \"x^2 + 10*y^2\"");
        cmd->add_option("--l1", regularization.l1, "add λ₁(|x| + |y|) to the surface (default 0)");
        cmd->add_option("--l2", regularization.l2, "add λ₂(x² + y²) to the surface (default 0)");
    }
    SurfaceChoice resolve() const {
        if (name.empty() == expr.empty()) {
            std::string names;
            for (const std::string& n : builtinSurfaceNames()) names += (names.empty() ? "" : ", ") + n;
            throw InputError("give exactly one of --surface NAME or --expr \"f(x, y)\" (surfaces: " + names + ")");
        }
        const std::pair<const char*, double> penalties[] = {{"--l1", regularization.l1}, {"--l2", regularization.l2}};
        for (const auto& [flag, v] : penalties)
            if (!std::isfinite(v) || v < 0 || v > kMaxSurfaceRegularization)
                throw InputError(std::string(flag) + ": must be a number in [0, 1e6] (got " + std::to_string(v) + ")");
        SurfaceChoice c;
        c.name = name;
        c.expr = expr;
        c.regularization = regularization;
        for (const std::string& kv : params) {
            size_t eq = kv.find('=');
            if (eq == std::string::npos || eq == 0) throw InputError("--param: expected k=v, got '" + kv + "'");
            c.params[kv.substr(0, eq)] =
                parseNumbers("--param " + kv.substr(0, eq), kv.substr(eq + 1), 1, "a number")[0];
        }
        return c;
    }
};

// The hyperparameter flags of trace, under torch.optim's names.
struct OptimizerFlags {
    std::string name = "sgd";
    std::map<std::string, double> numbers; // flag → value, only those given
    std::map<std::string, std::vector<std::string>> bools;
    std::vector<std::pair<std::string, CLI::Option*>> numberOptions, boolOptions;
    double storage[16] = {};
    std::vector<std::string> boolStorage[4];

    void add(CLI::App* cmd) {
        cmd->add_option("--optimizer", name,
                        "sgd adagrad rmsprop adam adamw nadam adadelta adagrad_norm newton (default sgd)");
        const char* numeric[] = {
            "--lr",    "--momentum", "--dampening", "--weight-decay",   "--alpha",    "--eps",
            "--beta1", "--beta2",    "--rho",       "--momentum-decay", "--lr-decay", "--initial-accumulator-value"};
        int i = 0;
        for (const char* flag : numeric) numberOptions.emplace_back(flag, cmd->add_option(flag, storage[i++]));
        const char* flags[] = {"--nesterov", "--centered", "--amsgrad"};
        i = 0;
        for (const char* flag : flags)
            boolOptions.emplace_back(flag, cmd->add_option(flag, boolStorage[i++])->expected(0, 1));
    }

    // "--beta1" and the like that the chosen optimizer does not read: warned about, as train does.
    std::vector<std::string> unused(OptimizerKind kind) const {
        std::vector<std::string> out;
        auto check = [&](const std::pair<std::string, CLI::Option*>& option) {
            std::string field = option.first.substr(2);
            for (char& ch : field)
                if (ch == '-') ch = '_';
            if (option.second->count() > 0 && !optimizerUses(kind, field)) out.push_back(option.first);
        };
        for (const auto& o : numberOptions) check(o);
        for (const auto& o : boolOptions) check(o);
        return out;
    }

    OptimizerConfig resolve() const {
        OptimizerConfig c = torchDefaults(parseOptimizerKind(name));
        for (size_t i = 0; i < numberOptions.size(); ++i) {
            if (numberOptions[i].second->count() == 0) continue;
            double v = storage[i];
            const std::string& f = numberOptions[i].first;
            if (!std::isfinite(v)) throw InputError(f + ": must be a finite number");
            if (f == "--lr")
                c.lr = v;
            else if (f == "--momentum")
                c.momentum = v;
            else if (f == "--dampening")
                c.dampening = v;
            else if (f == "--weight-decay")
                c.weightDecay = v;
            else if (f == "--alpha")
                c.alpha = v;
            else if (f == "--eps")
                c.eps = v;
            else if (f == "--beta1")
                c.beta1 = v;
            else if (f == "--beta2")
                c.beta2 = v;
            else if (f == "--rho")
                c.rho = v;
            else if (f == "--momentum-decay")
                c.momentumDecay = v;
            else if (f == "--lr-decay")
                c.lrDecay = v;
            else if (f == "--initial-accumulator-value")
                c.initialAccumulatorValue = v;
        }
        for (size_t i = 0; i < boolOptions.size(); ++i) {
            if (boolOptions[i].second->count() == 0) continue;
            bool v = parseBool(boolOptions[i].first, boolStorage[i]);
            const std::string& f = boolOptions[i].first;
            if (f == "--nesterov")
                c.nesterov = v;
            else if (f == "--centered")
                c.centered = v;
            else if (f == "--amsgrad")
                c.amsgrad = v;
        }
        return c;
    }
};

} // namespace

int runCommandLine(int argc, char** argv, bool& runGui, GuiOptions& gui) {
    runGui = false;
    CLI::App app{"Downhill: gradient-based optimization, made visible"};
    app.require_subcommand(0, 1);
    app.add_option("--scene", gui.scenePath, "scene .json, or a PNG that Downhill saved");

    // render
    RenderOptions render;
    std::string size = "1600x900";
    CLI::App* renderCmd = app.add_subcommand("render", "draw a scene headless into a PNG");
    renderCmd->add_option("--scene", render.scenePath, "scene .json or PNG (default: the default scene)");
    renderCmd->add_option("--out", render.outPath, "PNG file to write, - for stdout (required unless --gif is given)");
    renderCmd->add_option("--size", size, "window size WxH (default 1600x900)");
    WholeFlag frames;
    frames.add(renderCmd, "--frames", "frames to draw before the readback (default 5)");
    renderCmd->add_flag("--stats", render.stats, "print frame-time percentiles as JSON");
    renderCmd->add_option("--scale", render.scale, "1, 2 or 4: resolution of the PNG (offscreen)")
        ->check(CLI::IsMember({1, 2, 4}));
    renderCmd->add_flag("--plot-only", render.plotOnly, "crop the PNG to the main view");
    renderCmd->add_flag("!--no-frame-cache", render.frameCache, "rasterise every frame (worst-case timing)");
    renderCmd->add_option("--gif", render.gifPath,
                          "also record the timeline as an animated GIF (N frames), - for stdout");

    // trace
    SurfaceFlags traceSurface;
    OptimizerFlags optimizer;
    std::string start;
    TraceOptions trace;
    CLI::App* traceCmd = app.add_subcommand("trace", "one optimizer run on a surface → CSV on stdout");
    traceSurface.add(traceCmd);
    optimizer.add(traceCmd);
    traceCmd->add_option("--start", start, "start point X,Y (default: the surface's)");
    WholeFlag steps, seed, batchSize;
    steps.add(traceCmd, "--steps", "number of updates (default 100)");
    traceCmd->add_option("--noise", trace.run.noiseSigma, "σ of Gaussian gradient noise (default 0)");
    seed.add(traceCmd, "--seed", "seed for noise and minibatches (default 0)");
    batchSize.add(traceCmd, "--batch-size", "minibatch size on linreg (default: full batch)");

    // grad
    SurfaceFlags gradSurface;
    std::string at;
    CLI::App* gradCmd = app.add_subcommand("grad", "f, gradient and Hessian at a point → JSON on stdout");
    gradSurface.add(gradCmd);
    gradCmd->add_option("--at", at, "the point X,Y")->required();

    // critical
    SurfaceFlags criticalSurface;
    std::string domain;
    CLI::App* criticalCmd = app.add_subcommand("critical", "critical points of a surface → JSON on stdout");
    criticalSurface.add(criticalCmd);
    criticalCmd->add_option("--domain", domain, "XMIN,XMAX,YMIN,YMAX (default: the surface's)");

    // train
    TrainCommandOptions train;
    CLI::App* trainCmd = app.add_subcommand("train", "one MLP training run → CSV on stdout");
    trainCmd->add_option("--spec", train.specPath, "the training spec (JSON)")->required();
    trainCmd->add_option("--dump-grad", train.dumpGradPath, "write the step-0 gradient as JSON into this file");
    trainCmd->add_option("--data-dir", train.dataDir, "where the Fashion-MNIST files are");

    // graph
    SurfaceFlags graphSurface;
    std::string graphAt;
    CLI::App* graphCmd = app.add_subcommand("graph", "the computational graph at a point → JSON on stdout");
    graphSurface.add(graphCmd);
    graphCmd->add_option("--at", graphAt, "the point X,Y")->required();

    // backprop
    BackpropCommandOptions backprop;
    CLI::App* backpropCmd = app.add_subcommand("backprop", "one sample through a train spec's network → JSON");
    backpropCmd->add_option("--spec", backprop.specPath, "the training spec (JSON, as for train)")->required();
    WholeFlag sample;
    sample.add(backpropCmd, "--sample", "the training sample (default 0)");
    backpropCmd->add_option("--data-dir", backprop.dataDir, "where the Fashion-MNIST files are");

    // loss
    LossCommandOptions loss;
    std::string scores;
    double margin = 1;
    CLI::App* lossCmd = app.add_subcommand("loss", "a loss on class scores, its gradient → JSON on stdout");
    lossCmd->add_option("--loss", loss.loss, "cross_entropy, hinge, mse or bce")->required();
    lossCmd->add_option("--scores", scores, "the class scores a,b,...")->required();
    WholeFlag target;
    target.add(lossCmd, "--target", "the true class K (0-based)");
    target.option->required();
    CLI::Option* marginOpt = lossCmd->add_option("--margin", margin, "hinge: the margin Δ (default 1)");

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::cerr << "downhill: " << e.what() << "\n\n" << app.help();
        return 2;
    }

    try {
        if (*renderCmd) {
            frames.read(render.frames, 2, kMaxRenderFrames);
            parseSize(size, render.width, render.height);
            checkRenderRequest(render);
            return runRender(render);
        }
        if (*traceCmd) {
            trace.surface = traceSurface.resolve();
            trace.optimizer = optimizer.resolve();
            steps.read(trace.run.steps, 0, kMaxTrajectorySteps);
            seed.read(trace.run.seed, 0, std::numeric_limits<uint64_t>::max());
            batchSize.read(trace.run.batchSize, 0, std::numeric_limits<int>::max());
            if (!start.empty()) {
                std::vector<double> v = parseNumbers("--start", start, 2, "X,Y");
                trace.start = Eigen::Vector2d(v[0], v[1]);
            }
            for (const std::string& flag : optimizer.unused(trace.optimizer.kind))
                std::cerr << "downhill trace: warning: " << flag << " is not used by "
                          << optimizerName(trace.optimizer.kind) << ", ignored\n";
            return runTrace(trace);
        }
        if (*gradCmd) {
            GradOptions g;
            g.surface = gradSurface.resolve();
            std::vector<double> v = parseNumbers("--at", at, 2, "X,Y");
            g.at = {v[0], v[1]};
            return runGrad(g);
        }
        if (*criticalCmd) {
            CriticalCommandOptions c;
            c.surface = criticalSurface.resolve();
            if (!domain.empty()) {
                std::vector<double> d = parseNumbers("--domain", domain, 4, "XMIN,XMAX,YMIN,YMAX");
                if (!(d[1] > d[0]) || !(d[3] > d[2])) throw InputError("--domain: needs XMIN < XMAX and YMIN < YMAX");
                c.domain = Domain{d[0], d[1], d[2], d[3]};
            }
            return runCritical(c);
        }
        if (*trainCmd) {
            if (train.dumpGradPath == "-")
                throw InputError("--dump-grad: standard output carries the training CSV; give a file name");
            return runTrain(train);
        }
        if (*graphCmd) {
            GraphCommandOptions g;
            g.surface = graphSurface.resolve();
            std::vector<double> v = parseNumbers("--at", graphAt, 2, "X,Y");
            g.at = {v[0], v[1]};
            return runGraph(g);
        }
        if (*backpropCmd) {
            sample.read(backprop.sample, 0, std::numeric_limits<long>::max());
            return runBackprop(backprop);
        }
        if (*lossCmd) {
            loss.scores = parseNumbers("--scores", scores, 0, "numbers a,b,...");
            target.read(loss.target, 0, std::numeric_limits<int>::max());
            if (marginOpt->count() > 0) {
                if (!std::isfinite(margin)) throw InputError("--margin: must be a finite number");
                loss.margin = margin;
            }
            return runLoss(loss);
        }
    } catch (const std::exception& e) { // the exit-code contract of core/common/error.h
        std::cerr << "downhill: " << messageFor(e) << "\n";
        return exitCodeFor(e);
    } catch (...) {
        std::cerr << "downhill: internal error: an unknown exception\n";
        return kExitIo;
    }
    runGui = true;
    return 0;
}

} // namespace dh
