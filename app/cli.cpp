// The command line of DESIGN.md. All of CLI11 lives in this one translation unit (it is header-only
// and slow to compile).
#include "app/cli.h"

#include "app/headless_commands.h"
#include "app/render_command.h"
#include "core/common/error.h"

#include <CLI/CLI.hpp>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <sstream>

namespace dh {
namespace {

// "1600x900" → width, height.
void parseSize(const std::string& text, int& w, int& h) {
    int a = 0, b = 0;
    char x = 0, extra = 0;
    if (std::sscanf(text.c_str(), "%d%c%d%c", &a, &x, &b, &extra) != 3 || (x != 'x' && x != 'X') || a < 16 || b < 16 ||
        a > 8192 || b > 8192)
        throw InputError("--size: expected WxH with 16 ≤ W, H ≤ 8192, e.g. 1600x900 (got '" + text + "')");
    w = a;
    h = b;
}

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
    renderCmd->add_option("--out", render.outPath, "PNG file to write (required unless --gif is given)");
    renderCmd->add_option("--size", size, "window size WxH (default 1600x900)");
    renderCmd->add_option("--frames", render.frames, "frames to draw before the readback (default 5)")
        ->check(CLI::Range(2, 100000));
    renderCmd->add_flag("--stats", render.stats, "print frame-time percentiles as JSON");
    renderCmd->add_option("--scale", render.scale, "1, 2 or 4: resolution of the PNG (offscreen)")
        ->check(CLI::IsMember({1, 2, 4}));
    renderCmd->add_flag("--plot-only", render.plotOnly, "crop the PNG to the main view");
    renderCmd->add_flag("!--no-frame-cache", render.frameCache, "rasterise every frame (worst-case timing)");
    renderCmd->add_option("--gif", render.gifPath, "also record the timeline as an animated GIF (N frames)");

    // trace
    SurfaceFlags traceSurface;
    OptimizerFlags optimizer;
    std::string start;
    TraceOptions trace;
    CLI::App* traceCmd = app.add_subcommand("trace", "one optimizer run on a surface → CSV on stdout");
    traceSurface.add(traceCmd);
    optimizer.add(traceCmd);
    traceCmd->add_option("--start", start, "start point X,Y (default: the surface's)");
    traceCmd->add_option("--steps", trace.run.steps, "number of updates (default 100)");
    traceCmd->add_option("--noise", trace.run.noiseSigma, "σ of Gaussian gradient noise (default 0)");
    traceCmd->add_option("--seed", trace.run.seed, "seed for noise and minibatches (default 0)");
    traceCmd->add_option("--batch-size", trace.run.batchSize, "minibatch size on linreg (default: full batch)");

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
    trainCmd->add_option("--dump-grad", train.dumpGradPath, "write the step-0 gradient as JSON here");
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
    backpropCmd->add_option("--sample", backprop.sample, "the training sample (default 0)");
    backpropCmd->add_option("--data-dir", backprop.dataDir, "where the Fashion-MNIST files are");

    // loss
    LossCommandOptions loss;
    std::string scores;
    double margin = 1;
    CLI::App* lossCmd = app.add_subcommand("loss", "a loss on class scores, its gradient → JSON on stdout");
    lossCmd->add_option("--loss", loss.loss, "cross_entropy, hinge, mse or bce")->required();
    lossCmd->add_option("--scores", scores, "the class scores a,b,...")->required();
    lossCmd->add_option("--target", loss.target, "the true class K (0-based)")->required();
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
            if (render.outPath.empty() && render.gifPath.empty())
                throw InputError("render: give --out FILE.png, --gif FILE.gif, or both");
            parseSize(size, render.width, render.height);
            return runRender(render);
        }
        if (*traceCmd) {
            trace.surface = traceSurface.resolve();
            trace.optimizer = optimizer.resolve();
            if (!start.empty()) {
                std::vector<double> v = parseNumbers("--start", start, 2, "X,Y");
                trace.start = Eigen::Vector2d(v[0], v[1]);
            }
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
        if (*trainCmd) return runTrain(train);
        if (*graphCmd) {
            GraphCommandOptions g;
            g.surface = graphSurface.resolve();
            std::vector<double> v = parseNumbers("--at", graphAt, 2, "X,Y");
            g.at = {v[0], v[1]};
            return runGraph(g);
        }
        if (*backpropCmd) return runBackprop(backprop);
        if (*lossCmd) {
            loss.scores = parseNumbers("--scores", scores, 0, "numbers a,b,...");
            if (marginOpt->count() > 0) {
                if (!std::isfinite(margin)) throw InputError("--margin: must be a finite number");
                loss.margin = margin;
            }
            return runLoss(loss);
        }
    } catch (const InputError& e) {
        std::cerr << "downhill: " << e.what() << "\n";
        return 2;
    }
    runGui = true;
    return 0;
}

} // namespace dh
