// CompGraph: the tape's nodes as a graph (structure once), then values, partials and adjoints per point.
#include "core/autodiff/graph.h"

#include <cassert>
#include <cmath>
#include <cstdio>

namespace dh {

namespace {

// Up to 6 significant digits, no trailing zeros: 2.5, 0.001, 1e+06.
std::string shortNumber(double c) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", c);
    return buf;
}

// A constant node that only feeds CPow as its log(c) is bookkeeping of the tape, not part of the graph.
std::vector<char> hiddenLogConstants(const std::vector<Instr>& ins) {
    std::vector<char> used(ins.size(), 0), onlyLog(ins.size(), 0);
    for (size_t i = 0; i < ins.size(); ++i) {
        const Instr& in = ins[i];
        if (in.a >= 0) used[size_t(in.a)] = 1;
        if (in.b >= 0 && in.op != Op::CPow) used[size_t(in.b)] = 1;
        if (in.b >= 0 && in.op == Op::CPow) onlyLog[size_t(in.b)] = 1;
    }
    for (size_t i = 0; i < ins.size(); ++i) onlyLog[i] = onlyLog[i] && !used[i];
    return onlyLog;
}

} // namespace

std::string opLabel(Op op, double c) {
    switch (op) {
    case Op::Input:
        return "input";
    case Op::Const:
        return shortNumber(c);
    case Op::Add:
        return "+";
    case Op::Sub:
        return "−";
    case Op::Mul:
        return "×";
    case Op::Div:
        return "÷";
    case Op::Neg:
        return "−a";
    case Op::AddC:
        return c < 0 ? "− " + shortNumber(-c) : "+ " + shortNumber(c);
    case Op::RSubC:
        return shortNumber(c) + " −";
    case Op::MulC:
        return "× " + shortNumber(c);
    case Op::DivC:
        return "÷ " + shortNumber(c);
    case Op::RDivC:
        return shortNumber(c) + " ÷";
    case Op::Square:
        return "²";
    case Op::PowInt:
    case Op::PowC:
        return "^" + shortNumber(c);
    case Op::CPow:
        return shortNumber(c) + "^";
    case Op::Pow:
        return "^";
    default:
        return opName(op); // the named functions: sin, relu, min, ...
    }
}

CompGraph::CompGraph(Tape tape, std::vector<std::string> inputNames) : m_tape(std::move(tape)) {
    assert(m_tape.size() > 0);
    m_tape.optimize(); // idempotent: shares subexpressions, drops what the output does not need
    const std::vector<Instr>& ins = m_tape.instructions();
    const int n = m_tape.size(), out = m_tape.outputIndex();
    m_inputNames = std::move(inputNames);
    m_inputNames.resize(size_t(m_tape.inputCount()));
    for (size_t k = 0; k < m_inputNames.size(); ++k)
        if (m_inputNames[k].empty()) m_inputNames[k] = "x" + std::to_string(k);

    // Node order: the tape's (topological: inputs, constants, operations), the output moved last. The
    // output is read by no live node, so moving it keeps the order topological.
    const std::vector<char> hidden = hiddenLogConstants(ins);
    std::vector<int> nodeOf(size_t(n), -1);
    for (int i = 0; i < n; ++i)
        if (i != out && !hidden[size_t(i)]) {
            nodeOf[size_t(i)] = int(m_tapeIndex.size());
            m_tapeIndex.push_back(i);
        }
    nodeOf[size_t(out)] = int(m_tapeIndex.size());
    m_tapeIndex.push_back(out);

    m_inputNode.resize(m_inputNames.size());
    for (int k = 0; k < m_tape.inputCount(); ++k) m_inputNode[size_t(k)] = nodeOf[size_t(m_tape.inputVar(k).index())];

    m_nodes.resize(m_tapeIndex.size());
    for (size_t id = 0; id < m_nodes.size(); ++id) {
        GraphNode& node = m_nodes[id];
        const Instr& in = ins[size_t(m_tapeIndex[id])];
        node.id = int(id);
        node.op = in.op;
        node.kind = in.op == Op::Input   ? GraphNodeKind::Input
                    : in.op == Op::Const ? GraphNodeKind::Constant
                                         : GraphNodeKind::Operation;
        node.label = opLabel(in.op, in.c);
        node.constant = in.c;
        const int args[2] = {in.a, in.op == Op::CPow ? -1 : in.b};
        for (int slot = 0; slot < 2; ++slot) {
            if (args[slot] < 0) continue;
            const int from = nodeOf[size_t(args[slot])];
            assert(from >= 0 && from < int(id));
            node.inputs.push_back(from);
            node.inEdges.push_back(int(m_edges.size()));
            m_nodes[size_t(from)].outEdges.push_back(int(m_edges.size()));
            m_edges.push_back(GraphEdge{from, int(id), slot, 0.0});
        }
    }
    for (int k = 0; k < m_tape.inputCount(); ++k)
        m_nodes[size_t(m_inputNode[size_t(k)])].label = m_inputNames[size_t(k)];

    for (int id = size() - 1; id >= 0; --id) m_backwardOrder.push_back(id);
    m_backwardRank.resize(m_nodes.size());
    for (size_t r = 0; r < m_backwardOrder.size(); ++r) m_backwardRank[size_t(m_backwardOrder[r])] = int(r);

    m_inputs.resize(m_inputNames.size());
    for (int k = 0; k < m_tape.inputCount(); ++k) m_inputs[size_t(k)] = m_tape.inputVar(k).value();
    m_gradScratch.resize(m_inputNames.size());
    evaluate(m_inputs.data());
}

void CompGraph::evaluate(const double* inputs) {
    m_inputs.assign(inputs, inputs + m_inputs.size());
    m_tape.forward(m_inputs.data());
    m_tape.gradient(m_gradScratch.data());
    refresh();
}

void CompGraph::refresh() {
    for (size_t id = 0; id < m_nodes.size(); ++id) {
        GraphNode& node = m_nodes[id];
        const int t = m_tapeIndex[id];
        node.value = m_tape.value(t);
        node.adjoint = m_tape.adjoint(t);
        double partials[2];
        m_tape.localPartials(t, partials);
        for (int e : node.inEdges) m_edges[size_t(e)].local = partials[m_edges[size_t(e)].slot];
    }
}

std::vector<double> CompGraph::gradient() const {
    std::vector<double> g;
    for (int node : m_inputNode) g.push_back(m_nodes[size_t(node)].adjoint);
    return g;
}

BackwardStep CompGraph::backwardStep(int k) const {
    assert(k >= 0 && k < backwardStepCount());
    BackwardStep step;
    step.node = m_backwardOrder[size_t(k)];
    const GraphNode& node = m_nodes[size_t(step.node)];
    step.adjoint = node.adjoint;
    for (int e : node.outEdges) {
        const GraphEdge& edge = m_edges[size_t(e)];
        ChainTerm t;
        t.edge = e;
        t.consumer = edge.to;
        t.consumerAdjoint = m_nodes[size_t(edge.to)].adjoint;
        t.local = edge.local;
        t.product = t.consumerAdjoint * t.local;
        step.terms.push_back(t);
    }
    return step;
}

} // namespace dh
