// What is drawn over the surface in the 2D view, in pixels through a ViewTransform: trajectories,
// iterates, optimizer-state glyphs, the gradient field, critical points, Hessian eigen-directions,
// the legend and divergence badges. Everything goes into an ImGui draw list.
#pragma once

#include "core/scene/run_set.h"
#include "core/scene/view_transform.h"
#include "core/surfaces/critical.h"

#include <imgui.h>

namespace dh {

struct AppState;

// Each visible run's paths up to step t, and its iterate at t. Paths are thinned to ≥ 1.5 px per
// segment so that 8 × 20000 steps cost what the screen can show.
void drawTrajectories(ImDrawList* dl, const ViewTransform& vt, const AppState& state, int t, float scale);
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
void drawCriticalPoints(ImDrawList* dl, const ViewTransform& vt, const std::vector<CriticalPoint>& points, float scale);
// The eigenvectors of ∇²f at p, each as a line whose length grows with |λ| (blue λ > 0, red λ < 0).
void drawHessianAt(ImDrawList* dl, const ViewTransform& vt, const Surface& surface, const Eigen::Vector2d& p,
                   float scale);
// A box listing each visible run (colour, name, η, final f) at the top-left corner pos; returns its
// height. Runs that diverged get a red badge "Adam η=3: diverged at step 37" instead. With a null
// draw list it only measures.
float drawRunLegend(ImDrawList* dl, ImVec2 pos, const AppState& state, int t, float scale, float* width = nullptr);

} // namespace dh
