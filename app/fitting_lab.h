// The fitting lab's derived state: noisy points of a cubic (core/data makePolynomialData) and the least-
// squares polynomial of every degree 1 … 12 (fitPolynomial), recomputed only when the points or the
// ridge penalty change (the degree only picks one). Also the small chart axes the labs' plots share.
#pragma once

#include "core/data/dataset.h"
#include "core/scene/scene.h"

#include <imgui.h>
#include <string>
#include <vector>

namespace dh {

struct AppState;

class FittingLab {
public:
    static constexpr int kMaxDegree = 12;
    static constexpr int kTestPoints = 100;

    // Recomputes the data and all fits when samples, noise, seed or ridge changed.
    void sync(const FittingSettings& s);
    const Dataset& data() const { return m_data; } // train rows (increasing x), then kTestPoints test rows
    const PolyFit& fit(int degree) const { return m_fits[size_t(degree - 1)]; } // 1 … kMaxDegree
    double truth(double x) const;                                               // the noise-free cubic
    const char* truthFormula() const { return "2x³ − x"; }
    double noise() const { return m_from.noise; }
    const std::string& error() const { return m_error; }
    bool ready() const { return m_built && m_error.empty(); }

private:
    FittingSettings m_from;
    bool m_built = false;
    std::string m_error;
    Dataset m_data;
    std::vector<PolyFit> m_fits;
    std::vector<double> m_coefficients;
};

// The lab of state.scene.fitting, created on first use and synced.
FittingLab& fittingLab(AppState& state);

// ---- chart axes shared by the labs' plots (ImGui draw lists) ----

struct ChartAxes {
    ImVec2 p0, p1;             // the plot rectangle in pixels, p0 top-left
    double xMin = 0, xMax = 1; // x range
    double yMin = 0, yMax = 1; // y range, in log10 units when logY
    bool logY = false;
    double yAxis(double value) const;             // the value in axis units (log10 when logY; −∞ for v ≤ 0)
    ImVec2 toPixel(double x, double value) const; // y clamped a little beyond the rectangle
    double xAt(float pixelX) const;
};

// Sets yMin/yMax to the finite values' range with 6% padding; on a log axis at most maxDecades below
// the largest value.
void fitChartY(ChartAxes& ax, const std::vector<double>& values, double maxDecades = 12);
// The width the y tick labels need.
float chartLabelWidth(const ChartAxes& ax, int ticks);
// Background, grid, tick labels (decades on a log axis, integers only when integerX) and the names of
// the axes (x at the right end below, y at the top left above the plot).
void drawChartAxes(ImDrawList* dl, const ChartAxes& ax, const char* xName, const char* yName, bool integerX, int xTicks,
                   int yTicks);
// "1e−3" style label of a value on the axis.
void chartTickLabel(char* buf, size_t n, double axisValue, bool log);

} // namespace dh
