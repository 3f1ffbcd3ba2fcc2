// The kinks of the playground's surface in the 1D and 2D views (core/lab/kinks.h): where abs, relu,
// sign, step, min or max switch. The 1D view marks each kink with its one-sided slopes and the
// subgradient every optimizer uses there; the 2D view dots the kink curves. Recomputed only when the
// surface or the view changes (the cache is state.ui.panels.kinks).
#pragma once

#include "app/panels/curve_view.h"
#include "core/scene/view_transform.h"

#include <imgui.h>

namespace dh {

struct AppState;

void drawKinks1D(ImDrawList* dl, AppState& state, const CurveFrame& frame, float scale);
// The 2D view's kink curves as dots. Their explanation (kKinkCaption2D, in kinkColor()) is a line of
// the view's title block when it fits on one line: a fixed place, clear of the iterates and the ticks,
// and the same in every build (a label beside "the first" kink point moved with the floating-point
// order of the search, and landed on tick labels).
bool hasKinks2D(AppState& state, const ViewTransform& vt);
void drawKinks2D(ImDrawList* dl, AppState& state, const ViewTransform& vt, float scale);
ImU32 kinkColor();
inline constexpr const char* kKinkCaption2D = "··· kink: GD uses the subgradient abs′(0) = sign(0) = 0, relu′(0) = 0";

} // namespace dh
