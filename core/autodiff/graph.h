// The computational graph of a recorded function, for the graph lab and `downhill graph`: nodes with
// their operation, forward value, adjoint ∂f/∂node and, on every edge, the local partial derivative
// ∂consumer/∂argument; and the backward sweep as a sequence of steps a view can play, step and rewind.
//
//     ParsedExpr e = parseExpr("x*y + sin(x*y)");
//     CompGraph g(std::move(e.tape), {"x", "y"});
//     g.evaluate(std::array{0.5, 2.0}.data());        // values, partials, adjoints at (0.5, 2)
//     for (int k = 0; k < g.backwardStepCount(); ++k) // the adjoints in the order the sweep finds them
//         BackwardStep s = g.backwardStep(k);         // node, Σ terms adj(consumer)·∂consumer/∂node
//
// Structure. One node per tape node after Tape::optimize() (so a value used twice is one node with two
// outgoing edges), in topological order: the inputs first (input k is node k), then constants, then
// operations; the output is the last node. Constant operands folded into an opcode (x + 2.5, 3·x) are
// part of that node's label, not nodes. A node reading one value twice (x·x) has two edges from it.
//
// Backward steps. Step 0 makes the output's adjoint known (∂f/∂f = 1). Step k makes the adjoint of the
// k-th node in reverse topological order known, as the multivariate chain rule over its consumers,
// which are all known by then: adj(n) = Σ_{edges n→m} adj(m)·∂m/∂n. A view that has played `k` steps
// shows adjointKnown(node, k) nodes with their adjoint and the terms of backwardStep(k − 1).
// The adjoints reported are the tape's own (Tape::gradient); the terms' products adj(m)·local agree
// with them up to rounding (the tape groups a few products as torch does, e.g. g·(1 − σ)·σ).
//
// Not thread-safe (evaluate() replays the tape it owns); copy the graph per thread.
#pragma once

#include "core/autodiff/tape.h"

#include <string>
#include <vector>

namespace dh {

struct GraphEdge {
    int from = -1, to = -1; // node ids: `from` is argument `slot` of `to`
    int slot = 0;           // 0 = first argument, 1 = second
    double local = 0;       // ∂to/∂from along this edge at the current point
};

enum class GraphNodeKind { Input, Constant, Operation };

struct GraphNode {
    int id = 0;
    GraphNodeKind kind = GraphNodeKind::Operation;
    Op op = Op::Input;
    std::string label;         // what a box shows: "x", "2.5", "+", "×", "sin", "+ 2.5", "²", "^3", "2^"
    double constant = 0;       // the tape instruction's constant: a Const's value, the c of "+ c", "× c", "^c", "c^"
    std::vector<int> inputs;   // argument node ids in argument order (x·x lists x twice)
    std::vector<int> inEdges;  // edge indices, parallel to inputs
    std::vector<int> outEdges; // edge indices to the consumers, in the consumers' order
    double value = 0;          // forward value at the current point
    double adjoint = 0;        // ∂f/∂node at the current point
};

// One term of the chain rule adj(node) = Σ adj(consumer)·∂consumer/∂node.
struct ChainTerm {
    int edge = -1;              // index into edges(): node → consumer
    int consumer = -1;          // node id
    double consumerAdjoint = 0; // adj(consumer) = ∂f/∂consumer
    double local = 0;           // ∂consumer/∂node along the edge
    double product = 0;         // consumerAdjoint · local
};

struct BackwardStep {
    int node = -1;                // whose adjoint this step makes known
    std::vector<ChainTerm> terms; // one per outgoing edge; empty for the output (adjoint 1)
    double adjoint = 0;           // ∂f/∂node (the tape's value)
};

class CompGraph {
public:
    CompGraph() = default;
    // The graph of tape's output (non-empty). Runs Tape::optimize() on it, so shared subexpressions become
    // one node and nodes the output does not need are dropped. Its inputs are named by inputNames
    // ("x0", "x1", ... for missing names). Evaluated at the input values the tape holds (those of its
    // recording or last forward()).
    explicit CompGraph(Tape tape, std::vector<std::string> inputNames = {});

    // Values, local partials and adjoints at a new point: inputCount() values. The structure stays, so
    // a layout of this graph stays valid (for dragging the point).
    void evaluate(const double* inputs);
    void evaluate(const std::vector<double>& inputs) { evaluate(inputs.data()); }

    const std::vector<GraphNode>& nodes() const { return m_nodes; }
    const std::vector<GraphEdge>& edges() const { return m_edges; }
    int size() const { return static_cast<int>(m_nodes.size()); }
    int outputId() const { return size() - 1; }
    int inputCount() const { return static_cast<int>(m_inputNames.size()); }
    const std::vector<std::string>& inputNames() const { return m_inputNames; }
    // The node of input k.
    int inputNode(int k) const { return m_inputNode[static_cast<size_t>(k)]; }
    double value() const { return m_nodes.empty() ? 0.0 : m_nodes.back().value; }
    // ∂f/∂input_k: the adjoints of the input nodes.
    std::vector<double> gradient() const;

    // ---- the backward sweep, one node per step ----
    int backwardStepCount() const { return size(); }
    // Node ids in the order their adjoints become known: the output first, the reverse topological order.
    const std::vector<int>& backwardOrder() const { return m_backwardOrder; }
    // Step k (0 ≤ k < backwardStepCount()).
    BackwardStep backwardStep(int k) const;
    // After `stepsDone` steps (0 … backwardStepCount()), whether node's adjoint is known.
    bool adjointKnown(int node, int stepsDone) const { return m_backwardRank[static_cast<size_t>(node)] < stepsDone; }

private:
    void refresh(); // values, partials and adjoints from the tape's last forward() and gradient()

    Tape m_tape;
    std::vector<std::string> m_inputNames;
    std::vector<int> m_tapeIndex; // node id → tape node
    std::vector<int> m_inputNode; // input k → node id
    std::vector<GraphNode> m_nodes;
    std::vector<GraphEdge> m_edges;
    std::vector<int> m_backwardOrder, m_backwardRank;
    std::vector<double> m_inputs, m_gradScratch;
};

// The label of an operation node with constant c (tape instruction), e.g. "+ 2.5", "× 3", "^3", "sin".
std::string opLabel(Op op, double c);

} // namespace dh
