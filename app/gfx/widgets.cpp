#include "app/gfx/widgets.h"

#include "app/app_state.h"

#include <algorithm>
#include <cmath>

namespace dh {

void beginMainView(const char* name, float x, float y, float width, float height) {
    ImGui::SetNextWindowPos(ImVec2(x, y));
    ImGui::SetNextWindowSize(ImVec2(width, height));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0);
    // No background: the picture covers the view (and a blended view-sized quad costs more than the
    // rest of a frame on a software rasteriser).
    ImGui::Begin(name, nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoBringToFrontOnFocus |
                     ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBackground);
    ImGui::PopStyleVar(2);
}

void sectionHeader(const char* title) {
    ImGui::Spacing();
    ImGui::TextColored(ImGui::GetStyle().Colors[ImGuiCol_PlotHistogram], "%s", title);
    ImGui::Separator();
}

bool sliderDouble(const char* label, double* value, double min, double max, const char* format, bool log) {
    return ImGui::SliderScalar(label, ImGuiDataType_Double, value, &min, &max, format,
                               log ? ImGuiSliderFlags_Logarithmic : ImGuiSliderFlags_None);
}

ImU32 rgbToImU32(uint32_t rgb, int alpha) {
    return IM_COL32((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff, alpha);
}

bool optimizerCombo(OptimizerConfig& c, bool allowNewton) {
    bool changed = false;
    if (ImGui::BeginCombo("optimizer", optimizerName(c.kind))) {
        for (OptimizerKind k : allOptimizerKinds())
            if ((allowNewton || k != OptimizerKind::Newton) && ImGui::Selectable(optimizerName(k), k == c.kind)) {
                changed = k != c.kind;
                if (changed) c = torchDefaults(k);
            }
        ImGui::EndCombo();
    }
    return changed;
}

bool learningRateControl(double* lr, double maxLr) {
    const double lo = 1e-5;
    const ImGuiStyle& style = ImGui::GetStyle();
    const float gap = style.ItemInnerSpacing.x;
    const float buttons =
        ImGui::CalcTextSize("÷2").x + ImGui::CalcTextSize("×2").x + 4 * style.FramePadding.x + 2 * gap;
    const ImGuiIO& io = ImGui::GetIO();
    // ImGui's log drag moves the position in [0, 1] along the log scale by speed / (max − min) a pixel
    // (×10 with Shift, ×0.01 with Alt): 1 % of η a pixel is log(1.01) / log(max / lo) of the scale.
    double perPixel = io.KeyShift ? 0.001 / 10 : 0.01; // Shift is fine control here, not ImGui's fast
    double speed = std::log1p(perPixel) / std::log(maxLr / lo) * (maxLr - lo);
    ImGui::PushID("lr");
    ImGui::SetNextItemWidth(std::max(ImGui::CalcItemWidth() - buttons, ImGui::GetFontSize() * 4));
    // "%.5g": ImGui's log scale treats values below 10^-(digits) as 0, so 5 digits keep 1e-5 apart.
    bool changed = ImGui::DragScalar("##lr", ImGuiDataType_Double, lr, float(speed), &lo, &maxLr, "%.5g",
                                     ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp);
    if (ImGui::IsItemHovered() && !ImGui::IsItemActive())
        ImGui::SetTooltip("drag: 1 %% a pixel (Shift: 0.1 %%, Alt: 0.01 %%)\ndouble-click or Ctrl+click: type a value");
    ImGui::SameLine(0, gap);
    if (ImGui::Button("÷2")) *lr = std::max(lo, *lr / 2), changed = true;
    ImGui::SameLine(0, gap);
    if (ImGui::Button("×2")) *lr = std::min(maxLr, *lr * 2), changed = true;
    ImGui::SameLine(0, gap);
    ImGui::TextUnformatted("η (lr)");
    ImGui::PopID();
    return changed;
}

bool hyperparameterSliders(OptimizerConfig& c, double maxLr, HyperparameterMemory* memory) {
    using K = OptimizerKind;
    const K k = c.kind;
    bool changed = learningRateControl(&c.lr, maxLr);
    if (k == K::Sgd || k == K::Rmsprop) changed |= sliderDouble("β (momentum)", &c.momentum, 0.0, 0.999999, "%.6g");
    if (k == K::Sgd) {
        if (ImGui::Checkbox("Nesterov", &c.nesterov)) {
            changed = true;
            if (c.nesterov) {
                if (memory) memory->betaBeforeNesterov = c.momentum;
                if (c.momentum == 0) c.momentum = 0.9;
                c.dampening = 0;
            } else if (memory && memory->betaBeforeNesterov >= 0) {
                c.momentum = memory->betaBeforeNesterov;
                memory->betaBeforeNesterov = -1;
            }
        }
        if (!c.nesterov) changed |= sliderDouble("dampening", &c.dampening, 0.0, 1.0, "%.3g");
    }
    if (k == K::Rmsprop) {
        changed |= sliderDouble("α (smoothing)", &c.alpha, 0.0, 0.999999, "%.6g");
        changed |= ImGui::Checkbox("centered", &c.centered);
    }
    if (k == K::Adam || k == K::Adamw || k == K::Nadam) {
        changed |= sliderDouble("β₁", &c.beta1, 0.0, 0.999999, "%.6g");
        changed |= sliderDouble("β₂", &c.beta2, 0.0, 0.999999, "%.6g");
    }
    if (k == K::Adam || k == K::Adamw) changed |= ImGui::Checkbox("AMSGrad", &c.amsgrad);
    if (k == K::Nadam) changed |= sliderDouble("ψ (momentum decay)", &c.momentumDecay, 0.0, 0.1, "%.3g");
    if (k == K::Adadelta) changed |= sliderDouble("ρ", &c.rho, 0.0, 1.0, "%.4g");
    if (k == K::Adagrad) {
        changed |= sliderDouble("lr decay", &c.lrDecay, 0.0, 1.0, "%.3g");
        changed |= sliderDouble("initial Σg²", &c.initialAccumulatorValue, 0.0, 10.0, "%.3g");
    }
    if (k != K::Sgd && k != K::Newton) changed |= sliderDouble("ε", &c.eps, 1e-12, 1.0, "%.1e", true);
    if (k != K::Newton) changed |= sliderDouble("weight decay λ", &c.weightDecay, 0.0, 1.0, "%.3g");
    return changed;
}

ImVec2 legendPosition(const LegendSettings& legend, ImVec2 min, ImVec2 max, ImVec2 size) {
    using C = LegendSettings::Corner;
    bool right = legend.corner == C::TopRight || legend.corner == C::BottomRight;
    bool bottom = legend.corner == C::BottomLeft || legend.corner == C::BottomRight;
    return ImVec2(right ? std::max(min.x, max.x - size.x) : min.x, bottom ? std::max(min.y, max.y - size.y) : min.y);
}

void errorText(const char* text) {
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(255, 110, 90, 255));
    ImGui::TextWrapped("%s", text);
    ImGui::PopStyleColor();
}

} // namespace dh
