// Charts drawn with ImGui draw lists (the loss plot, the fitting lab's charts, the training curves):
// the axes' mapping, the y range, ticks on linear and log axes, their labels, the frame and grid, and
// markers for values off the chart. Tick labels go through the frame's label registry when one is
// given, so a label that would overlap another is left out rather than overprinted.
#pragma once

#include <cstddef>
#include <imgui.h>
#include <string>
#include <vector>

namespace dh {

class LabelRegistry;

struct ChartAxes {
    ImVec2 p0, p1;             // the plot rectangle in pixels, p0 top-left
    double xMin = 0, xMax = 1; // x range
    double yMin = 0, yMax = 1; // y range, in log10 units when logY
    bool logY = false;
    ImU32 background = 0;                             // the plot's fill; 0: the theme's frame colour
    ImU32 grid = 0;                                   // grid lines and frame; 0: the theme's text colour, faint
    double yAxis(double value) const;                 // the value in axis units (log10 when logY; −∞ for v ≤ 0)
    ImVec2 toPixel(double x, double value) const;     // y clamped a little beyond the rectangle
    ImVec2 toPixelAxis(double x, double axisY) const; // the same for a y already in axis units
    double xAt(float pixelX) const;
    bool containsAxisY(double axisY) const { return axisY >= yMin && axisY <= yMax; }
};

// Sets yMin/yMax to the finite values' range with 6% padding; on a log axis at most maxDecades below
// the largest value.
void fitChartY(ChartAxes& ax, const std::vector<double>& values, double maxDecades = 12);
// Tick positions in axis units. Linear: niceTicks. Log: whole decades when at least `target`/2 of them
// fit (thinned to about target), else 1, 2, 5 × 10^k, else evenly spaced values.
std::vector<double> chartYTicks(const ChartAxes& ax, int target);
// The width the y tick labels need.
float chartLabelWidth(const ChartAxes& ax, int ticks);
// Background, grid, tick labels (decades on a log axis, integers only when integerX) and the names of
// the axes (x at the right end below, y at the top left above the plot).
void drawChartAxes(ImDrawList* dl, const ChartAxes& ax, const char* xName, const char* yName, bool integerX, int xTicks,
                   int yTicks, LabelRegistry* labels = nullptr);
// The label of a tick at axisValue: "10⁻³" on a log axis at a decade, else the value with 3 significant
// digits ("0.5", "−2", "1.5×10⁴").
void chartTickLabel(char* buf, size_t n, double axisValue, bool log);
// A number for a label: %.{digits}g with a real minus sign and ×10ⁿ instead of e+n, so that it reads
// as one number ("2×10⁶", never "2e+06").
std::string formatNumber(double v, int digits = 3);
// A value off the chart: a triangle at the top (up = true) or bottom edge at pixel x pointing out of
// the chart, in the given colour.
void drawOffChartMarker(ImDrawList* dl, const ChartAxes& ax, float x, bool up, ImU32 color, float scale);

} // namespace dh
