#include "core/optim/trace_csv.h"

#include <cstdio>
#include <ostream>
#include <sstream>

namespace dh {

namespace {

void appendNumber(std::string& line, double v) {
    char buf[32];
    int n = std::snprintf(buf, sizeof buf, "%.17g", v);
    line.push_back(',');
    line.append(buf, size_t(n));
}

} // namespace

void writeTraceCsv(std::ostream& out, const Trajectory& t, TraceColumns columns) {
    const bool wide = columns == TraceColumns::Wide;
    const bool newton = t.config.kind == OptimizerKind::Newton;
    std::string line = "step,x,y,f,gx,gy";
    if (wide) {
        line += ",lr";
        for (int j = 0; j < t.stateCount; ++j) {
            const std::string name = optimizerStateName(t.config, j);
            line += "," + name + "_x," + name + "_y";
        }
        for (int j = 0; j < t.scalarStateCount; ++j) line += std::string(",") + optimizerScalarStateName(t.config, j);
        if (newton) line += ",newton_fallback";
    }
    line += '\n';
    out << line;

    for (int k = 0; k < t.size(); ++k) {
        line = std::to_string(k);
        appendNumber(line, t.x[k][0]);
        appendNumber(line, t.x[k][1]);
        appendNumber(line, t.f[k]);
        appendNumber(line, t.grad[k][0]);
        appendNumber(line, t.grad[k][1]);
        if (wide) {
            appendNumber(line, t.lr[k]);
            for (int j = 0; j < t.stateCount; ++j) {
                appendNumber(line, t.state(k, j)[0]);
                appendNumber(line, t.state(k, j)[1]);
            }
            for (int j = 0; j < t.scalarStateCount; ++j) appendNumber(line, t.scalarState(k, j));
            if (newton) line += t.newtonFallback[k] ? ",1" : ",0";
        }
        line += '\n';
        out << line;
    }
}

std::string traceCsv(const Trajectory& t, TraceColumns columns) {
    std::ostringstream s;
    writeTraceCsv(s, t, columns);
    return s.str();
}

} // namespace dh
