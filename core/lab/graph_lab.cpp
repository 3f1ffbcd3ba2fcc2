#include "core/lab/graph_lab.h"

#include "core/autodiff/expr_parser.h"
#include "core/common/error.h"

#include <algorithm>
#include <cmath>

namespace dh {

GraphFit fitGraph(const GraphLayout& layout, double x, double y, double width, double height, double margin,
                  double zoom, double panX, double panY) {
    const double w = std::max(layout.width, 1e-9), h = std::max(layout.height, 1e-9);
    const double fit = std::max(1e-9, std::min((width - 2 * margin) / w, (height - 2 * margin) / h));
    GraphFit f;
    f.scale = fit * zoom;
    f.originX = x + 0.5 * width - f.scale * 0.5 * w + panX;
    f.originY = y + 0.5 * height - f.scale * 0.5 * h + panY;
    return f;
}

void GraphLab::sync(const GraphLabSettings& settings, const SurfaceSpec& surface) {
    Key key{settings.source, settings.source == GraphSource::Expression ? settings.expr : std::string(),
            settings.source == GraphSource::MatrixChain ? settings.matrix : std::vector<double>(),
            settings.source == GraphSource::Surface ? surface : SurfaceSpec()};
    if (!m_key || !(*m_key == key)) rebuild(key);
    if (!m_ready) return;
    const std::vector<double>& at = int(settings.at.size()) == m_graph.inputCount() ? settings.at : m_defaults;
    if (at != m_point) evaluate(at);
}

void GraphLab::rebuild(const Key& key) {
    m_key = key;
    m_ready = false;
    m_error.clear();
    m_point.clear();
    ++m_structureVersion;
    m_matrixChain = {};
    if (key.matrix.size() == 6)
        for (int k = 0; k < 6; ++k) m_matrixChain.W(k / 2, k % 2) = key.matrix[size_t(k)];
    try {
        switch (key.source) {
        case GraphSource::Expression:
            m_graph = CompGraph(parseExpr(key.expr).tape, {"x", "y"});
            m_defaults = {0.5, 2.0};
            break;
        case GraphSource::Surface: {
            std::unique_ptr<Surface> s = makeSurface(key.surface);
            m_graph = CompGraph(recordSurface(*s, s->defaultStart), {"x", "y"});
            m_defaults = {s->defaultStart.x(), s->defaultStart.y()};
            break;
        }
        case GraphSource::MatrixChain:
            m_graph = m_matrixChain.graph();
            m_defaults = {m_matrixChain.u[0], m_matrixChain.u[1]};
            break;
        case GraphSource::TwoPaths:
            m_twoPaths = {};
            m_graph = m_twoPaths.graph();
            m_defaults = {m_twoPaths.x[0], m_twoPaths.x[1]};
            break;
        case GraphSource::TwoLayerLinear:
            m_twoLayerLinear = {};
            m_graph = m_twoLayerLinear.graph();
            m_defaults.clear();
            for (Eigen::Index i = 0; i < m_twoLayerLinear.W1.size(); ++i)
                m_defaults.push_back(
                    m_twoLayerLinear.W1(i / m_twoLayerLinear.W1.cols(), i % m_twoLayerLinear.W1.cols()));
            for (Eigen::Index i = 0; i < m_twoLayerLinear.w2.size(); ++i) m_defaults.push_back(m_twoLayerLinear.w2[i]);
            break;
        }
    } catch (const InputError& e) {
        m_error = e.what();
        return;
    }
    m_layout = layoutGraph(m_graph);
    m_ready = true;
}

void GraphLab::evaluate(const std::vector<double>& at) {
    m_point = at;
    const size_t n = at.size();
    m_finiteDifference.assign(n, 0.0);
    std::vector<double> p = at;
    for (size_t i = 0; i < n; ++i) {
        const double h = 1e-5 * std::max(1.0, std::abs(at[i]));
        p[i] = at[i] + h;
        m_graph.evaluate(p);
        const double up = m_graph.value();
        p[i] = at[i] - h;
        m_graph.evaluate(p);
        m_finiteDifference[i] = (up - m_graph.value()) / (2 * h);
        p[i] = at[i];
    }
    m_graph.evaluate(at);

    m_handFormula.reset();
    switch (m_key->source) {
    case GraphSource::MatrixChain: {
        m_matrixChain.u = {at[0], at[1]};
        const Eigen::Vector2d g = m_matrixChain.closedForm();
        m_handFormula = std::vector<double>{g[0], g[1]};
        break;
    }
    case GraphSource::TwoPaths: {
        m_twoPaths.x = {at[0], at[1]};
        const Eigen::Vector2d g = m_twoPaths.closedForm();
        m_handFormula = std::vector<double>{g[0], g[1]};
        break;
    }
    case GraphSource::TwoLayerLinear: {
        exercise::TwoLayerLinear& e = m_twoLayerLinear;
        const Eigen::Index cols = e.W1.cols();
        for (Eigen::Index i = 0; i < e.W1.size(); ++i) e.W1(i / cols, i % cols) = at[size_t(i)];
        for (Eigen::Index i = 0; i < e.w2.size(); ++i) e.w2[i] = at[size_t(e.W1.size() + i)];
        const Eigen::MatrixXd g1 = e.gradW1();
        const Eigen::VectorXd g2 = e.gradW2();
        std::vector<double> g;
        for (Eigen::Index i = 0; i < g1.size(); ++i) g.push_back(g1(i / cols, i % cols));
        for (Eigen::Index i = 0; i < g2.size(); ++i) g.push_back(g2[i]);
        m_handFormula = g;
        break;
    }
    case GraphSource::Expression:
    case GraphSource::Surface:
        break;
    }
}

int GraphLab::sweep(const GraphLabSettings& settings) const {
    const int count = m_ready ? m_graph.backwardStepCount() : 0;
    return settings.sweep < 0 ? count : std::min(settings.sweep, count);
}

} // namespace dh
