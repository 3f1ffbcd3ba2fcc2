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
void drawKinks2D(ImDrawList* dl, AppState& state, const ViewTransform& vt, float scale);

} // namespace dh
