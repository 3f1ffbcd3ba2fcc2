// The geometry of the 1D view (drawCurveView in panels.h): where f(x) goes in pixels. Exposed so the
// render tests can find the pixel of a point on the curve with the same code as the app.
#pragma once

#include "app/gfx/draw_util.h"
#include "core/optim/trajectory.h"
#include "core/scene/view_transform.h"
#include "core/surfaces/surface.h"

#include <Eigen/Core>
#include <vector>

namespace dh {

// The plane → pixel map of the curve view: x across, f upwards, each with its own scale.
struct CurveFrame {
    PixelRect plot;             // the plotting area: the view minus the margins for the tick labels
    double xMin = -1, xMax = 1; // the x range shown (the view's)
    double fMin = 0, fMax = 1;  // the f range shown, fitted to the curve

    Eigen::Vector2d toPixel(double x, double f) const;
    double toX(double pixelX) const;
    double pixelsPerX() const { return plot.width / (xMax - xMin); }
    double pixelsPerF() const { return plot.height / (fMax - fMin); }
};

// The frame for f(x, 0) over [xMin, xMax] in the view rectangle `view` (the whole view window, in
// pixels) at UI scale `scale`. The f range covers the curve there with a margin, robustly: a few
// huge values (a pole, a steep exponential) are cut off so they do not flatten the rest, and steep
// arms are cut off when they would squeeze the curve's minima and maxima into less than about a
// third of the height. The range then widens to show f at each x in `keep` (the app passes the
// start points); a start moving inside the range leaves it unchanged.
CurveFrame curveFrameFor(const Surface& surface, double xMin, double xMax, const PixelRect& view, float scale,
                         const std::vector<double>& keep = {});
// A run's path up to step t as the view draws it: the segments between its iterates on the curve,
// clipped to the plot.
PathGeometry curvePathGeometry(const CurveFrame& c, const Trajectory& tr, int t);

} // namespace dh
