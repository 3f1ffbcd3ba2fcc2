#include "app/gfx/widgets.h"

#include <algorithm>
#include <imgui_internal.h>

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
    // The label must fit beside the slider (never "β (momentur"): the slider gives up the room it needs.
    const char* shown = ImGui::FindRenderedTextEnd(label);
    if (shown != label && !(GImGui->NextItemData.Flags & ImGuiNextItemDataFlags_HasWidth)) {
        const float avail = ImGui::GetContentRegionAvail().x;
        const float need = ImGui::CalcTextSize(label, shown).x + ImGui::GetStyle().ItemInnerSpacing.x;
        ImGui::SetNextItemWidth(std::max(avail * 0.35f, std::min(ImGui::CalcItemWidth(), avail - need)));
    }
    return ImGui::SliderScalar(label, ImGuiDataType_Double, value, &min, &max, format,
                               log ? ImGuiSliderFlags_Logarithmic : ImGuiSliderFlags_None);
}

bool optimizerCombo(OptimizerConfig& c, bool allowNewton) {
    bool changed = false;
    if (ImGui::BeginCombo("optimizer", optimizerName(c.kind))) {
        for (OptimizerKind k : allOptimizerKinds())
            if ((allowNewton || k != OptimizerKind::Newton) && ImGui::Selectable(optimizerName(k), k == c.kind)) {
                double lr = c.lr;
                c = torchDefaults(k);
                c.lr = lr;
                changed = true;
            }
        ImGui::EndCombo();
    }
    return changed;
}

bool hyperparameterSliders(OptimizerConfig& c, double maxLr) {
    using K = OptimizerKind;
    const K k = c.kind;
    bool changed = sliderDouble("η (lr)", &c.lr, 1e-5, maxLr, "%.3g", true);
    if (k == K::Sgd || k == K::Rmsprop) changed |= sliderDouble("β (momentum)", &c.momentum, 0.0, 0.999999, "%.6g");
    if (k == K::Sgd) {
        if (ImGui::Checkbox("Nesterov", &c.nesterov)) {
            changed = true;
            if (c.nesterov) {
                if (c.momentum == 0) c.momentum = 0.9;
                c.dampening = 0;
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

void errorText(const char* text) {
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(255, 110, 90, 255));
    ImGui::TextWrapped("%s", text);
    ImGui::PopStyleColor();
}

} // namespace dh
