#include "app/gfx/widgets.h"

namespace dh {

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

void errorText(const char* text) {
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(255, 110, 90, 255));
    ImGui::TextWrapped("%s", text);
    ImGui::PopStyleColor();
}

} // namespace dh
