// Small ImGui widgets shared by the panels.
#pragma once

#include "app/gfx/color.h"
#include "core/optim/optimizer.h"

#include <cstdint>
#include <imgui.h>

namespace dh {

// Begins the window of the main view (surface, 3D, curve, network lab) at the layout's view
// rectangle: no padding, border, decoration or background. End it with ImGui::End().
void beginMainView(const char* name, float x, float y, float width, float height);
// A titled separator (ImGui 1.86 has no SeparatorText).
void sectionHeader(const char* title);
// A slider over doubles; logarithmic when log is true. Returns true when the value changed.
bool sliderDouble(const char* label, double* value, double min, double max, const char* format = "%.4g",
                  bool log = false);
// Picks the optimizer kind (torch's defaults, keeping η); newton only where a Hessian exists.
bool optimizerCombo(OptimizerConfig& config, bool allowNewton);
// The sliders of the hyperparameters this optimizer reads: η on a log scale up to maxLr, β, β₁, β₂,
// ε, ... under torch.optim's names. Returns true when one changed.
bool hyperparameterSliders(OptimizerConfig& config, double maxLr);
// Red text for errors.
void errorText(const char* text);

} // namespace dh
