// The graph lab's model, without GL: the computational graph of the chosen function (a typed f(x, y),
// the playground's surface, or one of the course's exercises), its layout, its values at the chosen
// point, a central finite-difference gradient beside the graph's, and the hand formula of an exercise.
// The graph lab's panels (app/panels/graph_*.cpp) read it and draw; they compute nothing themselves.
//
//     GraphLab lab;
//     lab.sync(scene.graph, scene.surface);   // once a frame: rebuilds only when the structure changed
//     if (lab.ready()) draw(lab.graph(), lab.layout(), lab.sweep(scene.graph));
#pragma once

#include "core/autodiff/exercises.h"
#include "core/autodiff/graph.h"
#include "core/autodiff/graph_layout.h"
#include "core/scene/scene.h"

#include <optional>
#include <string>
#include <vector>

namespace dh {

// Where a view draws a layout: pixel = (origin + scale·unit). Fits the layout's bounding box into a
// rectangle with `margin` pixels on each side, keeping its aspect, centred; then zooms by `zoom` about
// the rectangle's centre and moves by (panX, panY) pixels.
struct GraphFit {
    double scale = 1, originX = 0, originY = 0;
    double x(double u) const { return originX + scale * u; }
    double y(double v) const { return originY + scale * v; }
};
GraphFit fitGraph(const GraphLayout& layout, double x, double y, double width, double height, double margin,
                  double zoom = 1, double panX = 0, double panY = 0);

class GraphLab {
public:
    // Rebuilds the graph and its layout when the source, the expression, W or the surface changed, and
    // evaluates at settings.at (the source's defaults when the count differs from the graph's inputs).
    // A bad expression or surface leaves no graph and sets error() (InputError's message).
    void sync(const GraphLabSettings& settings, const SurfaceSpec& surface);

    bool ready() const { return m_ready; }
    const std::string& error() const { return m_error; }
    const CompGraph& graph() const { return m_graph; }
    const GraphLayout& layout() const { return m_layout; }
    long structureVersion() const { return m_structureVersion; } // +1 on every rebuild

    // The inputs' values the graph is evaluated at, and the source's default values.
    const std::vector<double>& point() const { return m_point; }
    const std::vector<double>& defaults() const { return m_defaults; }
    // Central differences (f(p + h eᵢ) − f(p − h eᵢ)) / 2h, h = 1e-5·max(1, |pᵢ|), one per input.
    const std::vector<double>& finiteDifference() const { return m_finiteDifference; }
    // The exercise's hand formula for the gradient (inputs' order), none for expressions and surfaces.
    const std::optional<std::vector<double>>& handFormula() const { return m_handFormula; }
    // The exercises at the current point and W (for their pieces: y, ∇f, Dg, …).
    const exercise::MatrixChain& matrixChain() const { return m_matrixChain; }
    const exercise::TwoPaths& twoPaths() const { return m_twoPaths; }
    const exercise::TwoLayerLinear& twoLayerLinear() const { return m_twoLayerLinear; }

    // Backward steps shown: settings.sweep clamped to 0 … the step count; −1 = all.
    int sweep(const GraphLabSettings& settings) const;

private:
    struct Key {
        GraphSource source = GraphSource::Expression;
        std::string expr;
        std::vector<double> matrix;
        SurfaceSpec surface;
        bool operator==(const Key& o) const {
            return source == o.source && expr == o.expr && matrix == o.matrix && surface == o.surface;
        }
    };
    void rebuild(const Key& key);
    void evaluate(const std::vector<double>& at);

    std::optional<Key> m_key;
    bool m_ready = false;
    std::string m_error;
    CompGraph m_graph;
    GraphLayout m_layout;
    long m_structureVersion = 0;
    std::vector<double> m_point, m_defaults, m_finiteDifference;
    std::optional<std::vector<double>> m_handFormula;
    exercise::MatrixChain m_matrixChain;
    exercise::TwoPaths m_twoPaths;
    exercise::TwoLayerLinear m_twoLayerLinear;
};

} // namespace dh
