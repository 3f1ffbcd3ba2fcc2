// Small ImGui widgets shared by the panels.
#pragma once

#include "core/optim/optimizer.h"

#include <cstdint>
#include <imgui.h>

namespace dh {

struct LegendSettings; // app/app_state.h

// Begins the window of the main view (surface, 3D, curve, network lab) at the layout's view
// rectangle: no padding, border, decoration or background. End it with ImGui::End().
void beginMainView(const char* name, float x, float y, float width, float height);
// A titled separator (ImGui 1.86 has no SeparatorText).
void sectionHeader(const char* title);
// A slider over doubles; logarithmic when log is true. Returns true when the value changed.
bool sliderDouble(const char* label, double* value, double min, double max, const char* format = "%.4g",
                  bool log = false);
// 0xRRGGBB → ImU32 with the given alpha.
ImU32 rgbToImU32(uint32_t rgb, int alpha = 255);
// Picks the optimizer kind; newton only where a Hessian exists. A new kind takes all of torch's
// defaults for it, η included (η's useful range differs by orders of magnitude between optimizers:
// Adadelta 1, Adam 1e-3), the same way every time. Returns true when the kind changed.
bool optimizerCombo(OptimizerConfig& config, bool allowNewton);
// η in [1e-5, maxLr] on a log scale, fine enough to set by hand: dragging moves η by 1 % a pixel
// (with Shift held 0.1 %, with Alt 0.01 %), ÷2 and ×2 buttons, and a typed value (double-click or
// Ctrl+click the field). Returns true when η changed.
bool learningRateControl(double* lr, double maxLr);
// What the hyperparameter controls remember for one optimizer between frames.
struct HyperparameterMemory {
    double betaBeforeNesterov = -1; // β when Nesterov was ticked (restored when it is unticked)
};
// The controls of the hyperparameters this optimizer reads: η (learningRateControl), β, β₁, β₂,
// ε, ... under torch.optim's names. Ticking Nesterov sets β = 0.9 when β is 0; unticking it gives
// back the β from before (with a memory). Returns true when one changed.
bool hyperparameterSliders(OptimizerConfig& config, double maxLr, HyperparameterMemory* memory = nullptr);
// Where a legend of this size goes inside the rectangle [min, max] for the chosen corner.
ImVec2 legendPosition(const LegendSettings& legend, ImVec2 min, ImVec2 max, ImVec2 size);
// Red text for errors.
void errorText(const char* text);

} // namespace dh
