// Distill's α–β map ("Why Momentum Really Works"): the convergence rate of momentum on a quadratic
// over a grid of step sizes α (= η) and momenta β, with the optimum and the selected run marked.
// Clicking or dragging on the map sets η and β of the selected run when it is an SGD run (GD,
// momentum, Nesterov), whose update is exactly the map's z ← βz + ∇f, x ← x − αz.
#include "core/optim/rate_map.h"
#include "app/app_state.h"
#include "app/gfx/colormap.h"
#include "app/gfx/draw_util.h"
#include "app/gfx/widgets.h"
#include "app/panels/panels.h"
#include "core/scene/view_transform.h"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <imgui.h>
#include <imgui_internal.h>
#include <string>

namespace dh {
namespace {

const ImU32 kDiverges = IM_COL32(150, 45, 40, 255);

// The quadratic the map is about, and how it was chosen (shown above the map).
struct Problem {
    std::vector<double> eigenvalues; // ascending, all > 0
    std::string source;
};

Problem chooseProblem(const AppState& state, int run) {
    const Surface& s = *state.derived.surface;
    char buf[220];
    if (s.name == "quadratic") {
        double kappa = 10;
        for (const SurfaceParam& p : s.params)
            if (p.name == "kappa") kappa = p.value;
        if (kappa > 0) {
            std::snprintf(buf, sizeof buf, "this surface ½(x² + κy²), κ = %g: λ = 1 and %g", kappa, kappa);
            return {{std::min(1.0, kappa), std::max(1.0, kappa)}, buf};
        }
    }
    Eigen::Vector2d start = sharedStart(state.scene.playground, s);
    if (run < int(state.derived.runs.runs.size()) && !state.derived.runs.runs[size_t(run)].starts.empty())
        start = state.derived.runs.runs[size_t(run)].starts[0];
    Eigen::Matrix2d h = s.hessian(start);
    h = 0.5 * (h + h.transpose()).eval();
    Eigen::SelfAdjointEigenSolver<Eigen::Matrix2d> eig(h, Eigen::EigenvaluesOnly);
    Eigen::Vector2d l = eig.eigenvalues();
    if (s.oneD && l.allFinite() && h(0, 0) > 0) {
        std::snprintf(buf, sizeof buf, "the parabola with f″ at the start x = %.3g: λ = %.3g", start.x(), h(0, 0));
        return {{h(0, 0)}, buf};
    }
    if (l.allFinite() && l[0] > 0) {
        std::snprintf(buf, sizeof buf, "the quadratic with the Hessian at the start (%.3g, %.3g): λ = %.3g and %.3g",
                      start.x(), start.y(), l[0], l[1]);
        return {{l[0], l[1]}, buf};
    }
    std::snprintf(buf, sizeof buf, "½(x² + κy²), κ = 10 (the Hessian at the start, λ = %.3g and %.3g, is not a bowl)",
                  l[0], l[1]);
    return {{1.0, 10.0}, buf};
}

void drawMarker(ImDrawList* dl, ImVec2 p, ImU32 fill, float r, bool diamond, float scale) {
    if (diamond) {
        ImVec2 a(p.x, p.y - r), b(p.x + r, p.y), c(p.x, p.y + r), d(p.x - r, p.y);
        dl->AddQuadFilled(a, b, c, d, fill);
        dl->AddQuad(a, b, c, d, IM_COL32(0, 0, 0, 230), 2 * scale);
    } else {
        dl->AddCircleFilled(p, r, fill);
        dl->AddCircle(p, r, IM_COL32(255, 255, 255, 255), 0, 2 * scale);
    }
}

// Draws text beside a marker at p (right, left, below or above: the first that stays inside `bounds`
// and covers nothing in `taken`), and adds its box to `taken`.
void placeLabel(ImDrawList* dl, const char* text, ImVec2 p, float gap, const ImRect& bounds,
                std::vector<ImRect>& taken) {
    ImVec2 sz = ImGui::CalcTextSize(text);
    const ImVec2 candidates[] = {ImVec2(p.x + gap, p.y - sz.y / 2), ImVec2(p.x - gap - sz.x, p.y - sz.y / 2),
                                 ImVec2(p.x - sz.x / 2, p.y + gap), ImVec2(p.x - sz.x / 2, p.y - gap - sz.y)};
    ImRect chosen;
    bool found = false;
    for (const ImVec2& c : candidates) {
        ImRect box(c, ImVec2(c.x + sz.x, c.y + sz.y));
        if (!bounds.Contains(box)) continue;
        if (std::any_of(taken.begin(), taken.end(), [&](const ImRect& t) { return t.Overlaps(box); })) continue;
        chosen = box, found = true;
        break;
    }
    if (!found) { // no free side: the right (or left) side, inside the bounds
        float x = std::clamp(candidates[0].x, bounds.Min.x, std::max(bounds.Min.x, bounds.Max.x - sz.x));
        if (p.x + gap + sz.x > bounds.Max.x) x = std::max(bounds.Min.x, candidates[1].x);
        float y = std::clamp(candidates[0].y, bounds.Min.y, std::max(bounds.Min.y, bounds.Max.y - sz.y));
        chosen = ImRect(ImVec2(x, y), ImVec2(x + sz.x, y + sz.y));
    }
    haloText(dl, chosen.Min, IM_COL32(255, 255, 255, 255), text);
    taken.push_back(chosen);
}

std::string tickText(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

} // namespace

void drawRateMap(AppState& state) {
    Playground& pg = state.scene.playground;
    if (!state.derived.surface || pg.runs.empty()) {
        ImGui::TextDisabled("no runs");
        return;
    }
    const float scale = state.scene.ui.scale, font = ImGui::GetFontSize();
    int n = int(std::min(pg.runs.size(), state.derived.runs.runs.size()));
    if (n == 0) return;
    state.ui.selectedRun = std::clamp(state.ui.selectedRun, 0, n - 1);
    RunSpec& run = pg.runs[size_t(state.ui.selectedRun)];
    bool* logAlpha = ImGui::GetStateStorage()->GetBoolRef(ImGui::GetID("log alpha"), false);

    ImGui::SetNextItemWidth(font * 10);
    if (ImGui::BeginCombo("##run", run.label.c_str())) {
        for (int i = 0; i < n; ++i)
            if (ImGui::Selectable(pg.runs[size_t(i)].label.c_str(), i == state.ui.selectedRun))
                state.ui.selectedRun = i;
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    if (ImGui::GetContentRegionAvail().x < ImGui::GetFrameHeight() + ImGui::CalcTextSize("log α").x * 1.2f)
        ImGui::NewLine();
    ImGui::Checkbox("log α", logAlpha);
    OptimizerConfig& cfg = run.optimizer;
    const bool sgd = cfg.kind == OptimizerKind::Sgd;
    const bool nesterov = sgd && cfg.nesterov;
    const char* hint = sgd ? "click or drag on the map to set η and β" : "select an SGD run to set η, β by clicking";
    ImGui::SameLine();
    if (ImGui::GetContentRegionAvail().x < ImGui::CalcTextSize(hint).x) ImGui::NewLine();
    ImGui::TextDisabled("%s", hint);

    Problem problem = chooseProblem(state, state.ui.selectedRun);
    std::vector<double> lambdas = problem.eigenvalues;
    std::string adjust;
    if (sgd && (cfg.weightDecay != 0 || cfg.dampening != 0)) { // λ → (1 − τ)(λ + weight decay)
        for (double& l : lambdas) l = (1 - cfg.dampening) * (l + cfg.weightDecay);
        adjust = " (with the run's weight decay and dampening)";
    }
    const double lMin = *std::min_element(lambdas.begin(), lambdas.end());
    const double lMax = *std::max_element(lambdas.begin(), lambdas.end());
    MomentumOptimum opt = optimalMomentum(lMin, lMax);
    ImGui::TextWrapped("%s on %s%s.",
                       nesterov ? "Nesterov z ← βz + ∇f, x ← x − α(∇f + βz)" : "Momentum z ← βz + ∇f, x ← x − αz",
                       problem.source.c_str(), adjust.c_str());

    ImVec2 origin = ImGui::GetCursorScreenPos();
    ImVec2 avail = ImGui::GetContentRegionAvail();
    const float legendW = ImGui::CalcTextSize("0.999").x + 1.6f * font;
    ImVec2 p0(origin.x + ImGui::CalcTextSize("0.75").x + 0.5f * font, origin.y + 0.5f * font);
    ImVec2 p1(origin.x + avail.x - legendW - 0.5f * font, origin.y + avail.y - 1.4f * font);
    if (p1.x - p0.x < 60 || p1.y - p0.y < 40) return;

    RateGridOptions go;
    go.columns = std::max(8, int((p1.x - p0.x) / (4 * scale)));
    go.rows = std::max(8, int((p1.y - p0.y) / (4 * scale)));
    go.alphaMax = 4.4 / lMax; // the stable region ends at α = 2(1 + β)/λ_max < 4/λ_max
    go.alphaMin = go.alphaMax * 1e-4;
    go.logAlpha = *logAlpha;
    go.kind = nesterov ? MomentumKind::Nesterov : MomentumKind::HeavyBall;
    RateGrid grid = computeRateGrid(lambdas, go);
    double best = 1;
    int bi = 0, bj = 0;
    for (int j = 0; j < go.rows; ++j)
        for (int i = 0; i < go.columns; ++i)
            if (grid.at(i, j) < best) best = grid.at(i, j), bi = i, bj = j;

    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float cw = (p1.x - p0.x) / go.columns, ch = (p1.y - p0.y) / go.rows;
    auto colorOf = [&](double rate) -> ImU32 {
        if (!(rate < 1)) return kDiverges;
        double t = best < 1 ? (1 - rate) / (1 - best) : 0; // 1 at the best cell, 0 at ρ = 1
        return colormapColor(Colormap::Viridis, std::clamp(t, 0.0, 1.0));
    };
    for (int j = 0; j < go.rows; ++j) {
        float y1 = p1.y - j * ch, y0 = y1 - ch;
        for (int i = 0; i < go.columns;) { // runs of equal colour as one rectangle
            ImU32 c = colorOf(grid.at(i, j));
            int e = i + 1;
            while (e < go.columns && colorOf(grid.at(e, j)) == c) ++e;
            dl->AddRectFilled(ImVec2(p0.x + i * cw, y0), ImVec2(p0.x + e * cw + 0.5f, y1 + 0.5f), c);
            i = e;
        }
    }
    auto toPixel = [&](double alpha, double beta) {
        return ImVec2(p0.x + float(grid.alphaToCell(alpha)) * cw, p1.y - float(grid.betaToCell(beta)) * ch);
    };

    // Axes.
    const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);
    for (double b : {0.0, 0.25, 0.5, 0.75}) {
        ImVec2 q = toPixel(go.alphaMax, b);
        std::string s = tickText(b);
        ImVec2 sz = ImGui::CalcTextSize(s.c_str());
        dl->AddText(ImVec2(p0.x - sz.x - 0.3f * font, q.y - sz.y / 2), text, s.c_str());
    }
    dl->AddText(ImVec2(p0.x - ImGui::CalcTextSize("β").x - 0.3f * font, p0.y - 0.5f * font), text, "β");
    std::vector<double> ticks;
    if (go.logAlpha) {
        for (double e = std::ceil(std::log10(go.alphaMin)); e <= std::log10(go.alphaMax); ++e)
            ticks.push_back(std::pow(10.0, e));
    } else {
        ticks = niceTicks(0, go.alphaMax, std::max(2, int((p1.x - p0.x) / (4.5f * font))));
    }
    const char* axisName = "α = η";
    const float axisNameX = p1.x - ImGui::CalcTextSize(axisName).x;
    for (double a : ticks) {
        float x = toPixel(a, 0).x;
        std::string s = tickText(a);
        ImVec2 sz = ImGui::CalcTextSize(s.c_str());
        float lx = std::clamp(x - sz.x / 2, p0.x, p1.x - sz.x);
        dl->AddLine(ImVec2(x, p1.y), ImVec2(x, p1.y + 0.25f * font), text);
        if (lx + sz.x < axisNameX - 0.5f * font) dl->AddText(ImVec2(lx, p1.y + 0.2f * font), text, s.c_str());
    }
    dl->AddText(ImVec2(axisNameX, p1.y + 0.2f * font), text, axisName);

    // Colour legend: ρ from the best on the grid (top) to 1 (bottom), then the diverging colour.
    float lx0 = p1.x + 0.5f * font, lx1 = lx0 + 0.8f * font;
    float ly0 = p0.y, ly1 = p1.y - 1.6f * font;
    const int bands = 32;
    for (int k = 0; k < bands; ++k) {
        float a = ly0 + (ly1 - ly0) * k / bands, b = ly0 + (ly1 - ly0) * (k + 1) / bands;
        dl->AddRectFilled(ImVec2(lx0, a), ImVec2(lx1, b + 0.5f),
                          colormapColor(Colormap::Viridis, 1 - (k + 0.5) / bands));
    }
    dl->AddRectFilled(ImVec2(lx0, p1.y - 1.2f * font), ImVec2(lx1, p1.y), kDiverges);
    char buf[200];
    std::snprintf(buf, sizeof buf, "%.2f", best);
    dl->AddText(ImVec2(lx1 + 0.2f * font, ly0 - 0.1f * font), text, buf);
    dl->AddText(ImVec2(lx1 + 0.2f * font, ly1 - font), text, "1");
    dl->AddText(ImVec2(lx1 + 0.2f * font, p1.y - 1.1f * font), text, "≥1");
    dl->AddText(ImVec2(lx0, ly0 - 1.1f * font), text, "ρ");

    // Markers first, then their labels placed where they cover neither each other nor a marker.
    dl->PushClipRect(p0, p1, true);
    const float mr = 6 * scale;
    double oa = nesterov ? grid.alphaAt(bi + 0.5) : opt.alpha, ob = nesterov ? grid.betaAt(bj + 0.5) : opt.beta;
    ImVec2 op = toPixel(oa, ob); // the closed form for heavy ball, the best grid cell for Nesterov
    drawMarker(dl, op, IM_COL32(255, 255, 255, 255), mr, true, scale);
    std::vector<ImRect> taken = {ImRect(op.x - mr, op.y - mr, op.x + mr, op.y + mr)};
    ImVec2 rp;
    bool off = false;
    if (sgd) { // the selected run's (η, β); GD has β = 0
        rp = toPixel(cfg.lr, cfg.momentum);
        off = !(rp.x >= p0.x && rp.x <= p1.x);
        rp = ImVec2(std::clamp(rp.x, p0.x + mr, p1.x - mr), std::clamp(rp.y, p0.y + mr, p1.y - mr));
        drawMarker(dl, rp, rgbToImU32(run.color), mr, false, scale);
        taken.push_back(ImRect(rp.x - mr, rp.y - mr, rp.x + mr, rp.y + mr));
    }
    std::snprintf(buf, sizeof buf, "%s ρ = %.2f", nesterov ? "best" : "optimum", nesterov ? best : opt.rate);
    placeLabel(dl, buf, op, mr + 3 * scale, ImRect(p0, p1), taken);
    if (sgd) {
        std::snprintf(buf, sizeof buf, "%s%s ρ = %.3g", run.label.c_str(), off ? " (off the map)" : "",
                      momentumRate(cfg.lr, cfg.momentum, lambdas, go.kind));
        placeLabel(dl, buf, rp, mr + 3 * scale, ImRect(p0, p1), taken);
    }
    if (grid.at(go.columns - 1, 0) >= 1) { // the diverging corner (large α, small β), if that space is free
        ImVec2 sz = ImGui::CalcTextSize("diverges");
        ImVec2 at(p1.x - sz.x - 0.4f * font, p1.y - sz.y - 0.3f * font);
        ImRect box(at, ImVec2(at.x + sz.x, at.y + sz.y));
        if (std::none_of(taken.begin(), taken.end(), [&](const ImRect& t) { return t.Overlaps(box); }))
            haloText(dl, at, IM_COL32(255, 255, 255, 255), "diverges");
    }
    dl->PopClipRect();

    // Hover readout; click or drag sets η and β of an SGD run.
    ImGui::SetCursorScreenPos(p0);
    ImGui::InvisibleButton("##map", ImVec2(p1.x - p0.x, p1.y - p0.y));
    ImVec2 m = ImGui::GetIO().MousePos;
    double ma = grid.alphaAt(std::clamp((m.x - p0.x) / cw, 0.0f, float(go.columns)));
    double mb = std::clamp(grid.betaAt((p1.y - m.y) / ch), 0.0, 0.999);
    auto round3 = [](double v) {
        if (!(v > 0)) return v;
        double f = std::pow(10.0, std::floor(std::log10(v)) - 2);
        return std::round(v / f) * f;
    };
    if (ImGui::IsItemHovered()) {
        double r = momentumRate(ma, mb, lambdas, go.kind);
        ImGui::BeginTooltip();
        ImGui::Text("α = %.3g, β = %.3g", ma, mb);
        if (r < 1)
            ImGui::Text("ρ = %.4f: the error shrinks ×10 every %.0f steps", r, std::ceil(-1 / std::log10(r)));
        else
            ImGui::TextColored(ImVec4(1, 0.45f, 0.35f, 1), "ρ = %.4f ≥ 1: does not converge", r);
        if (!sgd)
            ImGui::TextDisabled("%s is %s: only SGD runs take η, β from the map", run.label.c_str(),
                                optimizerName(cfg.kind));
        ImGui::EndTooltip();
    }
    if (ImGui::IsItemActive() && sgd) {
        cfg.lr = round3(ma);
        cfg.momentum = std::max(round3(mb), nesterov ? 0.001 : 0.0);
    }
}

} // namespace dh
