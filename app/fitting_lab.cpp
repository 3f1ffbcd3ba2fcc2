// Sections: the fitting lab · chart axes.
#include "app/fitting_lab.h"

#include "app/app_state.h"
#include "core/common/error.h"
#include "core/scene/view_transform.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

namespace dh {

// ---- the fitting lab ----

void FittingLab::sync(const FittingSettings& s) {
    if (m_built && s.samples == m_from.samples && s.noise == m_from.noise && s.seed == m_from.seed &&
        s.ridge == m_from.ridge)
        return;
    m_from = s;
    m_built = true;
    m_error.clear();
    m_fits.clear();
    PolynomialDataOptions o;
    o.n = s.samples;
    o.nTest = kTestPoints;
    o.noise = s.noise;
    o.seed = s.seed;
    m_coefficients = o.coefficients;
    try {
        m_data = makePolynomialData(o);
        for (int d = 1; d <= kMaxDegree; ++d) {
            PolyFitOptions f;
            f.degree = d;
            f.ridge = s.ridge;
            m_fits.push_back(fitPolynomial(m_data, f));
        }
    } catch (const InputError& e) {
        m_error = e.what();
    }
}

double FittingLab::truth(double x) const {
    double y = 0;
    for (size_t k = m_coefficients.size(); k-- > 0;) y = y * x + m_coefficients[k];
    return y;
}

FittingLab& fittingLab(AppState& state) {
    if (!state.derived.fitting) state.derived.fitting = std::make_unique<FittingLab>();
    state.derived.fitting->sync(state.scene.fitting);
    return *state.derived.fitting;
}

// ---- chart axes ----

namespace {

std::string superscript(int e) {
    static const char* digits[] = {"⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"};
    std::string s = e < 0 ? "⁻" : "";
    for (char c : std::to_string(std::abs(e))) s += digits[c - '0'];
    return s;
}

std::vector<double> yTickValues(const ChartAxes& ax, int target) {
    if (!ax.logY) return niceTicks(ax.yMin, ax.yMax, target);
    std::vector<double> out;
    const int k0 = int(std::ceil(ax.yMin)), k1 = int(std::floor(ax.yMax));
    if (k1 - k0 + 1 >= 2) {
        const int step = std::max(1, (k1 - k0 + target) / std::max(1, target));
        for (int k = k0; k <= k1; k += step) out.push_back(k);
        return out;
    }
    for (int k = k0 - 1; k <= k1 + 1; ++k)
        for (double m : {1.0, 2.0, 5.0}) {
            double v = std::log10(m) + k;
            if (v >= ax.yMin && v <= ax.yMax) out.push_back(v);
        }
    return out;
}

} // namespace

double ChartAxes::yAxis(double value) const {
    if (!logY) return value;
    return value > 0 ? std::log10(value) : -std::numeric_limits<double>::infinity();
}

ImVec2 ChartAxes::toPixel(double x, double value) const {
    double u = (x - xMin) / (xMax - xMin), w = (yAxis(value) - yMin) / (yMax - yMin);
    double y = p1.y - w * (p1.y - p0.y);
    y = std::clamp(std::isnan(y) ? double(p1.y) : y, double(p0.y) - 200, double(p1.y) + 200);
    return ImVec2(float(p0.x + u * (p1.x - p0.x)), float(y));
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

void chartTickLabel(char* buf, size_t n, double v, bool log) {
    std::string s;
    int e = int(std::lround(v));
    if (log && std::abs(v - e) < 1e-6) {
        s = e == 0 ? "1" : e == 1 ? "10" : "10" + superscript(e);
    } else {
        char raw[32];
        std::snprintf(raw, sizeof raw, "%.3g", log ? std::pow(10.0, v) : v);
        for (const char* c = raw; *c; ++c) s += *c == '-' ? std::string("−") : std::string(1, *c);
    }
    std::snprintf(buf, n, "%s", s.c_str());
}

float chartLabelWidth(const ChartAxes& ax, int ticks) {
    char buf[48];
    float w = 0;
    for (double v : yTickValues(ax, ticks)) {
        chartTickLabel(buf, sizeof buf, v, ax.logY);
        w = std::max(w, ImGui::CalcTextSize(buf).x);
    }
    return w;
}

void drawChartAxes(ImDrawList* dl, const ChartAxes& ax, const char* xName, const char* yName, bool integerX, int xTicks,
                   int yTicks) {
    const float font = ImGui::GetFontSize();
    const ImVec4 textV = ImGui::GetStyle().Colors[ImGuiCol_Text];
    const ImU32 text = ImGui::ColorConvertFloat4ToU32(textV);
    const ImU32 grid = ImGui::ColorConvertFloat4ToU32(ImVec4(textV.x, textV.y, textV.z, 0.12f));
    dl->AddRectFilled(ax.p0, ax.p1, ImGui::GetColorU32(ImGuiCol_FrameBg));
    char buf[48];
    for (double v : yTickValues(ax, yTicks)) {
        float y = ax.p1.y - float((v - ax.yMin) / (ax.yMax - ax.yMin)) * (ax.p1.y - ax.p0.y);
        if (y < ax.p0.y - 1 || y > ax.p1.y + 1) continue;
        dl->AddLine(ImVec2(ax.p0.x, y), ImVec2(ax.p1.x, y), grid);
        chartTickLabel(buf, sizeof buf, v, ax.logY);
        ImVec2 s = ImGui::CalcTextSize(buf);
        dl->AddText(ImVec2(ax.p0.x - s.x - 0.3f * font, y - s.y / 2), text, buf);
    }
    const float nameX = *xName ? ax.p1.x - ImGui::CalcTextSize(xName).x : ax.p1.x + font;
    if (*xName) dl->AddText(ImVec2(nameX, ax.p1.y + 0.15f * font), text, xName);
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
        if (lx + s.x < nameX - 0.6f * font) dl->AddText(ImVec2(lx, ax.p1.y + 0.15f * font), text, buf);
    }
    if (yName && *yName) dl->AddText(ImVec2(ax.p0.x, ax.p0.y - 1.2f * font), text, yName);
    dl->AddRect(ax.p0, ax.p1, grid);
}

} // namespace dh
