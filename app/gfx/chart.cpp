#include "app/gfx/chart.h"

#include "app/gfx/labels.h"
#include "core/scene/view_transform.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace dh {
namespace {

std::string superscript(int e) {
    static const char* digits[] = {"⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"};
    std::string s = e < 0 ? "⁻" : "";
    for (char c : std::to_string(std::abs(e))) s += digits[c - '0'];
    return s;
}

} // namespace

double ChartAxes::yAxis(double value) const {
    if (!logY) return value;
    return value > 0 ? std::log10(value) : -std::numeric_limits<double>::infinity();
}

ImVec2 ChartAxes::toPixelAxis(double x, double axisY) const {
    double u = (x - xMin) / (xMax - xMin), w = (axisY - yMin) / (yMax - yMin);
    double y = p1.y - w * (p1.y - p0.y);
    y = std::clamp(std::isnan(y) ? double(p1.y) : y, double(p0.y) - 200, double(p1.y) + 200);
    return ImVec2(float(p0.x + u * (p1.x - p0.x)), float(y));
}

ImVec2 ChartAxes::toPixel(double x, double value) const {
    return toPixelAxis(x, yAxis(value));
}

double ChartAxes::xAt(float pixelX) const {
    return xMin + (pixelX - p0.x) / std::max(1.0f, p1.x - p0.x) * (xMax - xMin);
}

void fitChartY(ChartAxes& ax, const std::vector<double>& values, double maxDecades) {
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (double v : values) {
        double a = ax.yAxis(v);
        if (!std::isfinite(a)) continue;
        lo = std::min(lo, a);
        hi = std::max(hi, a);
    }
    if (!(lo <= hi)) lo = 0, hi = 1;
    if (ax.logY) lo = std::max(lo, hi - maxDecades);
    double pad = (hi - lo) * 0.06;
    if (pad == 0) pad = ax.logY ? 0.5 : std::max(1e-12, std::abs(hi) * 0.1);
    ax.yMin = lo - pad;
    ax.yMax = hi + pad;
}

std::vector<double> chartYTicks(const ChartAxes& ax, int target) {
    if (!ax.logY) return niceTicks(ax.yMin, ax.yMax, target);
    std::vector<double> out;
    const int k0 = int(std::ceil(ax.yMin)), k1 = int(std::floor(ax.yMax));
    if (k1 - k0 + 1 >= 2) {
        const int step = std::max(1, (k1 - k0 + target) / std::max(1, target));
        for (int k = int(std::ceil(double(k0) / step)) * step; k <= k1; k += step) out.push_back(k);
        return out;
    }
    for (int k = k0 - 1; k <= k1 + 1; ++k)
        for (double m : {1.0, 2.0, 5.0}) {
            double v = std::log10(m) + k;
            if (v >= ax.yMin && v <= ax.yMax) out.push_back(v);
        }
    if (out.size() >= 2) return out;
    out.clear();
    for (double v : niceTicks(std::pow(10.0, ax.yMin), std::pow(10.0, ax.yMax), target))
        if (v > 0) out.push_back(std::log10(v));
    return out;
}

std::string formatNumber(double v, int digits) {
    char raw[48];
    std::snprintf(raw, sizeof raw, "%.*g", digits, v);
    std::string s, mantissa = raw, exponent;
    if (size_t e = mantissa.find('e'); e != std::string::npos) {
        exponent = mantissa.substr(e + 1);
        mantissa = mantissa.substr(0, e);
    }
    for (char c : mantissa) s += c == '-' ? std::string("−") : std::string(1, c);
    if (!exponent.empty()) s += "×10" + superscript(std::stoi(exponent));
    return s;
}

void chartTickLabel(char* buf, size_t n, double v, bool log) {
    std::string s;
    int e = int(std::lround(v));
    if (log && std::abs(v - e) < 1e-6)
        s = e == 0 ? "1" : e == 1 ? "10" : "10" + superscript(e);
    else
        s = formatNumber(log ? std::pow(10.0, v) : v, 3);
    std::snprintf(buf, n, "%s", s.c_str());
}

float chartLabelWidth(const ChartAxes& ax, int ticks) {
    char buf[48];
    float w = 0;
    for (double v : chartYTicks(ax, ticks)) {
        chartTickLabel(buf, sizeof buf, v, ax.logY);
        w = std::max(w, ImGui::CalcTextSize(buf).x);
    }
    return w;
}

void drawChartAxes(ImDrawList* dl, const ChartAxes& ax, const char* xName, const char* yName, bool integerX, int xTicks,
                   int yTicks, LabelRegistry* labels) {
    const float font = ImGui::GetFontSize();
    const ImVec4 textV = ImGui::GetStyle().Colors[ImGuiCol_Text];
    const ImU32 text = ImGui::ColorConvertFloat4ToU32(textV);
    const ImU32 grid = ax.grid ? ax.grid : ImGui::ColorConvertFloat4ToU32(ImVec4(textV.x, textV.y, textV.z, 0.12f));
    // A label is drawn where it has room: through the registry when there is one.
    auto label = [&](ImVec2 at, const char* s) {
        if (labels)
            drawClaimedText(*labels, dl, at, text, s, false);
        else
            dl->AddText(at, text, s);
    };
    dl->AddRectFilled(ax.p0, ax.p1, ax.background ? ax.background : ImGui::GetColorU32(ImGuiCol_FrameBg));
    const float nameX = *xName ? ax.p1.x - ImGui::CalcTextSize(xName).x : ax.p1.x + font;
    if (*xName) label(ImVec2(nameX, ax.p1.y + 0.15f * font), xName);
    if (yName && *yName) label(ImVec2(ax.p0.x, ax.p0.y - 1.2f * font), yName);
    char buf[48];
    float lastY = 1e30f; // ticks run upwards; a label too close to the last one is left out
    for (double v : chartYTicks(ax, yTicks)) {
        float y = ax.toPixelAxis(0, v).y;
        if (y < ax.p0.y - 1 || y > ax.p1.y + 1) continue;
        dl->AddLine(ImVec2(ax.p0.x, y), ImVec2(ax.p1.x, y), grid);
        if (lastY - y < 1.1f * font) continue;
        chartTickLabel(buf, sizeof buf, v, ax.logY);
        ImVec2 s = ImGui::CalcTextSize(buf);
        label(ImVec2(ax.p0.x - s.x - 0.3f * font, y - s.y / 2), buf);
        lastY = y;
    }
    float lastRight = -1e30f;
    for (double v : niceTicks(ax.xMin, ax.xMax, std::max(2, xTicks))) {
        if (integerX && v != std::floor(v)) continue;
        float x = ax.toPixel(v, 1).x;
        dl->AddLine(ImVec2(x, ax.p0.y), ImVec2(x, ax.p1.y), grid);
        if (integerX)
            std::snprintf(buf, sizeof buf, "%.0f", v);
        else
            chartTickLabel(buf, sizeof buf, v, false);
        ImVec2 s = ImGui::CalcTextSize(buf);
        float lx = std::max(x - s.x / 2, ax.p0.x);
        if (lx + s.x < nameX - 0.6f * font && lx > lastRight + 0.5f * font) {
            label(ImVec2(lx, ax.p1.y + 0.15f * font), buf);
            lastRight = lx + s.x;
        }
    }
    dl->AddRect(ax.p0, ax.p1, grid);
}

void drawOffChartMarker(ImDrawList* dl, const ChartAxes& ax, float x, bool up, ImU32 color, float scale) {
    const float h = 9 * scale, w = 6 * scale;
    const float edge = up ? ax.p0.y + 1 : ax.p1.y - 1, dir = up ? 1.0f : -1.0f;
    const ImVec2 tip(x, edge), a(x - w, edge + dir * h), b(x + w, edge + dir * h);
    dl->AddTriangleFilled(ImVec2(tip.x, tip.y - dir * 1.5f * scale), ImVec2(a.x - 1.5f * scale, a.y + dir * scale),
                          ImVec2(b.x + 1.5f * scale, b.y + dir * scale), IM_COL32(0, 0, 0, 220));
    dl->AddTriangleFilled(tip, a, b, color);
}

} // namespace dh
