#include "core/surfaces/report.h"

#include "core/autodiff/graph.h"

#include <cmath>
#include <cstdio>

namespace dh {
namespace {

nlohmann::json header(const Surface& s) {
    nlohmann::json j;
    j["surface"] = s.name;
    if (!s.expression.empty()) j["expression"] = s.expression;
    if (!s.params.empty()) {
        nlohmann::json params = nlohmann::json::object();
        for (const SurfaceParam& p : s.params) params[p.name] = p.value;
        j["params"] = params;
    }
    return j;
}

void write(const nlohmann::json& j, int indent, int level, std::string& out) {
    auto newline = [&](int depth) {
        if (indent < 0) return;
        out += '\n';
        out.append(size_t(indent) * depth, ' ');
    };
    switch (j.type()) {
    case nlohmann::json::value_t::number_float: {
        double v = j.get<double>();
        out += std::isfinite(v) ? formatDouble17(v) : "\"" + formatDouble17(v) + "\""; // "inf", "-inf", "nan"
        break;
    }
    case nlohmann::json::value_t::object: {
        if (j.empty()) {
            out += "{}";
            break;
        }
        out += '{';
        bool first = true;
        for (auto it = j.begin(); it != j.end(); ++it) {
            if (!first) out += ',';
            first = false;
            newline(level + 1);
            out += nlohmann::json(it.key()).dump();
            out += indent < 0 ? ":" : ": ";
            write(it.value(), indent, level + 1, out);
        }
        newline(level);
        out += '}';
        break;
    }
    case nlohmann::json::value_t::array: {
        if (j.empty()) {
            out += "[]";
            break;
        }
        out += '[';
        bool first = true;
        for (const nlohmann::json& e : j) {
            if (!first) out += ',';
            first = false;
            newline(level + 1);
            write(e, indent, level + 1, out);
        }
        newline(level);
        out += ']';
        break;
    }
    default:
        out += j.dump();
        break; // strings, integers, booleans, null
    }
}

} // namespace

std::string formatDouble17(double value) {
    if (std::isnan(value)) return "nan";
    if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", value);
    return buf;
}

std::string dumpJson(const nlohmann::json& j, int indent) {
    std::string out;
    write(j, indent, 0, out);
    return out;
}

nlohmann::json gradReport(const Surface& s, const Eigen::Vector2d& at) {
    nlohmann::json j = header(s);
    Eigen::Vector2d g;
    double f = s.valueGrad(at, g);
    Eigen::Matrix2d h = s.hessian(at);
    j["x"] = at.x();
    j["y"] = at.y();
    j["f"] = f;
    j["grad"] = {g.x(), g.y()};
    j["hessian"] = {{h(0, 0), h(0, 1)}, {h(1, 0), h(1, 1)}};
    return j;
}

nlohmann::json criticalReport(const Surface& s, const Domain& d, const std::vector<CriticalPoint>& points) {
    nlohmann::json j = header(s);
    j["domain"] = {d.xMin, d.xMax, d.yMin, d.yMax};
    nlohmann::json list = nlohmann::json::array();
    for (const CriticalPoint& p : points) {
        nlohmann::json e;
        e["x"] = p.at.x();
        e["y"] = p.at.y();
        e["f"] = p.f;
        e["type"] = criticalTypeName(p.type);
        if (!p.smooth) // no Hessian at a kink: the eigenvalues are undefined, not a number that overflowed
            e["eigenvalues"] = s.oneD ? nlohmann::json::array({nullptr}) : nlohmann::json::array({nullptr, nullptr});
        else if (s.oneD)
            e["eigenvalues"] = nlohmann::json::array({p.eigenvalues(0)});
        else
            e["eigenvalues"] = nlohmann::json::array({p.eigenvalues(0), p.eigenvalues(1)});
        if (!p.smooth) e["smooth"] = false;
        if (!p.isolated) e["isolated"] = false;
        list.push_back(e);
    }
    j["points"] = list;
    return j;
}

nlohmann::json graphReport(const Surface& surface, const Eigen::Vector2d& at) {
    CompGraph g(recordSurface(surface, at), {"x", "y"});
    nlohmann::json j = header(surface);
    j["x"] = at.x();
    j["y"] = at.y();
    j["f"] = g.value();
    j["grad"] = g.gradient();
    nlohmann::json nodes = nlohmann::json::array();
    for (const GraphNode& n : g.nodes()) {
        std::vector<double> local;
        for (int e : n.inEdges) local.push_back(g.edges()[size_t(e)].local);
        nodes.push_back({{"id", n.id},
                         {"op", opName(n.op)},
                         {"label", n.label},
                         {"inputs", n.inputs},
                         {"value", n.value},
                         {"adjoint", n.adjoint},
                         {"local", local}});
    }
    j["nodes"] = nodes;
    return j;
}

} // namespace dh
