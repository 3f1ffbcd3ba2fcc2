// The loss plot's numbers, apart from its drawing (so that tests can check what it shows without a
// window): per visible run, the plotted quantity against step reduced to ≤ 2 points a pixel column,
// which of them lie inside the view, and the y range. The y range covers the values of iterates
// inside the view (of runs that did not diverge, when there are any), so a run that escaped far off
// the view (a saddle, an unbounded surface) cannot flatten the others: it leaves the chart and gets an
// off-chart marker. A log axis of f − f* needs a lower bound: when a run goes below every known or
// found minimum, the axis is linear and the label says why.
#pragma once

#include "core/optim/trajectory.h"

#include <Eigen/Core>
#include <imgui.h>
#include <string>
#include <vector>

namespace dh {

struct AppState;
struct RunSpec;

struct LossPlotModel {
    struct Curve {
        int run = 0; // index into scene.playground.runs
        const Trajectory* tr = nullptr;
        std::vector<ImVec2> points; // (step, shown value) in axis units, in time order
        std::vector<char> inView;   // per point: its iterate lies inside the view
        int splitAt = 0;            // points before this index are at or before the shown step
    };
    std::vector<Curve> curves;
    bool distance = false;               // ‖x − x*‖ instead of f
    bool log = false;                    // log10 axis (what is shown, after the lower-bound check)
    bool logRefused = false;             // log was asked for but f has no lower bound here
    double offset = 0;                   // f*: subtracted from f on a log axis
    std::vector<Eigen::Vector2d> minima; // distance mode: the candidates for x*
    std::string label, shortLabel;       // what the y axis shows (long, short)
    bool measurable = true;              // false: distance mode with no minimum to measure from
    double xMax = 1, yLo = 0, yHi = 1;   // x: steps 0 … xMax; y in axis units

    double raw(const Trajectory& tr, int k) const; // f, or the squared distance
    double shown(double raw) const;                // monotone in raw; −∞ where a log axis cannot show it
};

// columns: the plot's width in pixels (how far curves are reduced).
LossPlotModel lossPlotModel(const AppState& state, bool distance, double columns);

} // namespace dh
