#include "app/headless_commands.h"

#include "core/common/error.h"
#include "core/common/file_io.h"
#include "core/nn/train_spec.h"
#include "core/optim/trace_csv.h"
#include "core/surfaces/critical.h"
#include "core/surfaces/report.h"

#include <iostream>

namespace dh {

std::unique_ptr<Surface> makeSurface(const SurfaceChoice& c) {
    if (!c.expr.empty() && !c.params.empty()) throw InputError("--param applies to built-in surfaces, not to --expr");
    std::unique_ptr<Surface> base = c.expr.empty() ? makeBuiltinSurface(c.name, c.params) : makeExprSurface(c.expr);
    return regularizeSurface(std::move(base), c.regularization);
}

int runTrace(const TraceOptions& options) {
    std::unique_ptr<Surface> surface = makeSurface(options.surface);
    RunOptions run = options.run;
    run.start = options.start ? *options.start : surface->defaultStart;
    if (surface->oneD) run.start.y() = 0;
    for (const ConfigProblem& p : validate(options.optimizer)) throw InputError("--" + p.field + ": " + p.message);
    for (const ConfigProblem& p : validate(run, *surface)) throw InputError("--" + p.field + ": " + p.message);
    Trajectory trajectory;
    runTrajectory(*surface, options.optimizer, run, trajectory);
    writeTraceCsv(std::cout, trajectory);
    checkStandardOutput();
    if (trajectory.divergedAt >= 0)
        std::cerr << "downhill trace: " << optimizerName(options.optimizer.kind) << " diverged at step "
                  << trajectory.divergedAt << "\n";
    int fallbacks = 0, first = -1;
    for (int k = 1; k < trajectory.size(); ++k)
        if (trajectory.newtonFallback[size_t(k)]) {
            if (first < 0) first = k;
            ++fallbacks;
        }
    if (fallbacks > 0)
        std::cerr << "downhill trace: newton: the Hessian was not positive definite for " << fallbacks
                  << " update(s), the first into step " << first << "; those were gradient steps\n";
    return 0;
}

int runGrad(const GradOptions& options) {
    std::unique_ptr<Surface> surface = makeSurface(options.surface);
    std::cout << dumpJson(gradReport(*surface, options.at), 2) << "\n";
    checkStandardOutput();
    return 0;
}

int runCritical(const CriticalCommandOptions& options) {
    std::unique_ptr<Surface> surface = makeSurface(options.surface);
    Domain domain = options.domain ? *options.domain : surface->domain;
    if (std::string problem = criticalDomainProblem(*surface, domain); !problem.empty())
        throw InputError("--domain: " + problem);
    std::vector<CriticalPoint> points = findCriticalPoints(*surface, domain);
    std::cout << dumpJson(criticalReport(*surface, domain, points), 2) << "\n";
    checkStandardOutput();
    return 0;
}

int runTrain(const TrainCommandOptions& options) {
    nn::TrainRunOptions o;
    o.dumpGradPath = options.dumpGradPath;
    o.dataDir = options.dataDir;
    const int code = nn::runTrainSpec(options.specPath, std::cout, std::cerr, o);
    if (code == kExitOk) checkStandardOutput();
    return code;
}

} // namespace dh
