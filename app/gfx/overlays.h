// What is drawn over the surface in the 2D view, in pixels through a ViewTransform: trajectories,
// iterates, optimizer-state glyphs, the gradient field, critical points, Hessian eigen-directions,
// the legend and divergence badges. Everything goes into an ImGui draw list.
#pragma once

#include "app/gfx/draw_util.h"
#include "core/scene/run_set.h"
#include "core/scene/view_transform.h"
#include "core/surfaces/critical.h"

#include <imgui.h>

namespace dh {

struct AppState;
class LabelRegistry;

// A run's path up to step t in the view's pixels (thinned to ≥ 2 px a segment, keeping the turning
// points, so that 8 × 20000 steps cost what the screen can show), clipped to the view.
PathGeometry runPathGeometry(const ViewTransform& vt, const Trajectory& tr, int t);
// Each visible run's paths up to step t (segments with round joins), and its iterate at t: runs on the
// same spot are a ball and rings around it. A run whose last point is outside the view gets an arrow
// at the edge where it left and a label "Adam: off view at (x, y)" placed through `labels`.
void drawTrajectories(ImDrawList* dl, const ViewTransform& vt, const AppState& state, int t, float scale,
                      LabelRegistry& labels);
// At each visible run's iterate (first start only): −∇f (white), the momentum/velocity direction
// (run colour), and the per-axis accumulated g² as two squares (AdaGrad, RMSProp, Adam).
void drawGlyphs(ImDrawList* dl, const ViewTransform& vt, const AppState& state, int t, float scale);
// −∇f on a grid over the view, as arrows whose length grows with log ‖∇f‖.
void drawQuiver(ImDrawList* dl, const ViewTransform& vt, const Surface& surface, float scale);
// x, y, f and ∇f of the surface at `at`, in a box at the bottom-right corner of rect, lifted by
// `lift` pixels.
void drawReadout(ImDrawList* dl, const Surface& surface, const PixelRect& rect, const Eigen::Vector2d& at,
                 float lift = 0);
// The symbol of a critical point's type at pixel p: min ○, max △, saddle ×, degenerate ◇.
void drawCriticalSymbol(ImDrawList* dl, ImVec2 p, CriticalType type, float scale);
// The symbols of the critical points (labels keep off them); their labels come after the paths are
// drawn (drawCriticalLabels) so that they keep off the iterates and each other, "min −1.03" or, with
// three points or fewer, "min f = 0 at (0.5, 2)". A label with no free place is left out.
void drawCriticalPoints(ImDrawList* dl, const ViewTransform& vt, const std::vector<CriticalPoint>& points, float scale,
                        LabelRegistry& labels);
void drawCriticalLabels(ImDrawList* dl, const ViewTransform& vt, const std::vector<CriticalPoint>& points, float scale,
                        LabelRegistry& labels);
// The eigenvectors of ∇²f at p, each as a line whose length grows with |λ| (blue λ > 0, red λ < 0).
void drawHessianAt(ImDrawList* dl, const ViewTransform& vt, const Surface& surface, const Eigen::Vector2d& p,
                   float scale);
// A box listing each visible run (colour, name, η, final f) at the top-left corner pos; returns its
// height. Runs that diverged get a red badge "Adam η=3: diverged at step 37" instead (η only when the
// name does not say it). With a null draw list it only measures; rows drawn go to `labels` if given;
// `width`, if given, receives the widest row.
// The room a legend has: at most maxRows rows (the last then says "+3 more (Runs tab)") of at most
// maxWidth pixels (a row that is wider drops η and shortens f, then the name, with "…").
struct LegendFit {
    int maxRows = 1000;
    float maxWidth = 1e9f;
};
float drawRunLegend(ImDrawList* dl, ImVec2 pos, const AppState& state, int t, float scale,
                    LabelRegistry* labels = nullptr, LegendFit fit = {}, float* width = nullptr);

} // namespace dh
