// Distill's α–β map ("Why Momentum Really Works"): the convergence rate of momentum on a quadratic
// over a grid of step sizes α (= η) and momenta β, with the optimum and the selected run marked.
// Clicking or dragging on the map sets η and β of the selected run when it is an SGD run (GD,
// momentum, Nesterov), whose update is exactly the map's z ← βz + ∇f, x ← x − αz.
#include "core/optim/rate_map.h"
#include "app/app_state.h"
#include "app/gfx/colormap.h"
#include "app/gfx/draw_util.h"
#include "app/gfx/labels.h"
#include "app/gfx/widgets.h"
#include "app/panels/panels.h"
#include "core/scene/view_transform.h"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <imgui.h>
#include <optional>
#include <string>
#include <vector>

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

std::string tickText(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

// What the map is drawn for: the selected run, its problem (eigenvalues) and the grid of rates.
struct MapFrame {
    ImVec2 p0, p1; // the map's rectangle (pixels)
    RateGridOptions go;
    RateGrid grid;
    std::vector<double> lambdas;
    MomentumOptimum opt;
    double best = 1; // the best rate on the grid, at cell (bi, bj)
    int bi = 0, bj = 0;
    float cw = 1, ch = 1; // cell size
    ImVec2 toPixel(double alpha, double beta) const {
        return ImVec2(p0.x + float(grid.alphaToCell(alpha)) * cw, p1.y - float(grid.betaToCell(beta)) * ch);
    }
};

// The run picker, the log-α switch, the hint and what the map is about. Returns the selected run.
RunSpec& drawHeader(AppState& state, int n, bool* logAlpha, const Problem& problem, const std::string& adjust) {
    Playground& pg = state.scene.playground;
    const float font = ImGui::GetFontSize();
    RunSpec& run = pg.runs[size_t(state.ui.selectedRun)];
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
    const bool sgd = run.optimizer.kind == OptimizerKind::Sgd, nesterov = sgd && run.optimizer.nesterov;
    const char* hint = sgd ? "click or drag on the map to set η and β" : "select an SGD run to set η, β by clicking";
    ImGui::SameLine();
    if (ImGui::GetContentRegionAvail().x < ImGui::CalcTextSize(hint).x) ImGui::NewLine();
    ImGui::TextDisabled("%s", hint);
    const std::string about =
        std::string(nesterov ? "Nesterov z ← βz + ∇f, x ← x − α(∇f + βz)" : "Momentum z ← βz + ∇f, x ← x − αz") +
        " on " + problem.source + adjust + ".";
    textWrapped(about.c_str());
    return run;
}

// The rates over the grid for the rectangle [p0, p1].
MapFrame computeMap(const std::vector<double>& lambdas, bool nesterov, bool logAlpha, ImVec2 p0, ImVec2 p1,
                    float scale) {
    MapFrame f;
    f.p0 = p0, f.p1 = p1;
    f.lambdas = lambdas;
    const double lMin = *std::min_element(lambdas.begin(), lambdas.end());
    const double lMax = *std::max_element(lambdas.begin(), lambdas.end());
    f.opt = optimalMomentum(lMin, lMax);
    f.go.columns = std::max(8, int((p1.x - p0.x) / (4 * scale)));
    f.go.rows = std::max(8, int((p1.y - p0.y) / (4 * scale)));
    f.go.alphaMax = 4.4 / lMax; // the stable region ends at α = 2(1 + β)/λ_max < 4/λ_max
    f.go.alphaMin = f.go.alphaMax * 1e-4;
    f.go.logAlpha = logAlpha;
    f.go.kind = nesterov ? MomentumKind::Nesterov : MomentumKind::HeavyBall;
    f.grid = computeRateGrid(lambdas, f.go);
    for (int j = 0; j < f.go.rows; ++j)
        for (int i = 0; i < f.go.columns; ++i)
            if (f.grid.at(i, j) < f.best) f.best = f.grid.at(i, j), f.bi = i, f.bj = j;
    f.cw = (p1.x - p0.x) / f.go.columns, f.ch = (p1.y - p0.y) / f.go.rows;
    return f;
}

ImU32 rateColor(const MapFrame& f, double rate) {
    if (!(rate < 1)) return kDiverges;
    double t = f.best < 1 ? (1 - rate) / (1 - f.best) : 0; // 1 at the best cell, 0 at ρ = 1
    return colormapColor(Colormap::Viridis, std::clamp(t, 0.0, 1.0));
}

void drawCells(ImDrawList* dl, const MapFrame& f) {
    for (int j = 0; j < f.go.rows; ++j) {
        float y1 = f.p1.y - j * f.ch, y0 = y1 - f.ch;
        for (int i = 0; i < f.go.columns;) { // runs of equal colour as one rectangle
            ImU32 c = rateColor(f, f.grid.at(i, j));
            int e = i + 1;
            while (e < f.go.columns && rateColor(f, f.grid.at(e, j)) == c) ++e;
            dl->AddRectFilled(ImVec2(f.p0.x + i * f.cw, y0), ImVec2(f.p0.x + e * f.cw + 0.5f, y1 + 0.5f), c);
            i = e;
        }
    }
}

// β ticks at the left, α ticks below, the axes' names; a label with no room is left out.
void drawMapAxes(ImDrawList* dl, const MapFrame& f, LabelRegistry& labels) {
    const float font = ImGui::GetFontSize();
    const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);
    const char* axisName = "α = η";
    const ImVec2 an = ImGui::CalcTextSize(axisName), bn = ImGui::CalcTextSize("β");
    drawClaimedText(labels, dl, ImVec2(f.p1.x - an.x, f.p1.y + 0.2f * font), text, axisName, false);
    drawClaimedText(labels, dl, ImVec2(f.p0.x - bn.x - 0.3f * font, f.p0.y - 0.2f * font), text, "β", false);
    for (double b : {0.0, 0.25, 0.5, 0.75}) {
        const ImVec2 q = f.toPixel(f.go.alphaMax, b);
        const std::string s = tickText(b);
        const ImVec2 sz = ImGui::CalcTextSize(s.c_str());
        drawClaimedText(labels, dl, ImVec2(f.p0.x - sz.x - 0.3f * font, q.y - sz.y / 2), text, s.c_str(), false);
    }
    std::vector<double> ticks;
    if (f.go.logAlpha) {
        for (double e = std::ceil(std::log10(f.go.alphaMin)); e <= std::log10(f.go.alphaMax); ++e)
            ticks.push_back(std::pow(10.0, e));
    } else {
        ticks = niceTicks(0, f.go.alphaMax, std::max(2, int((f.p1.x - f.p0.x) / (4.5f * font))));
    }
    for (double a : ticks) {
        const float x = f.toPixel(a, 0).x;
        const std::string s = tickText(a);
        const ImVec2 sz = ImGui::CalcTextSize(s.c_str());
        dl->AddLine(ImVec2(x, f.p1.y), ImVec2(x, f.p1.y + 0.25f * font), text);
        drawClaimedText(labels, dl, ImVec2(std::clamp(x - sz.x / 2, f.p0.x, f.p1.x - sz.x), f.p1.y + 0.2f * font), text,
                        s.c_str(), false);
    }
}

// The colour legend right of the map: ρ from the best on the grid (top) to 1, then the diverging colour.
void drawRateLegend(ImDrawList* dl, const MapFrame& f, LabelRegistry& labels) {
    const float font = ImGui::GetFontSize();
    const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);
    const float lx0 = f.p1.x + 0.5f * font, lx1 = lx0 + 0.8f * font;
    const float ly0 = f.p0.y + 1.2f * font, ly1 = f.p1.y - 1.6f * font;
    const int bands = 32;
    for (int k = 0; k < bands; ++k) {
        float a = ly0 + (ly1 - ly0) * k / bands, b = ly0 + (ly1 - ly0) * (k + 1) / bands;
        dl->AddRectFilled(ImVec2(lx0, a), ImVec2(lx1, b + 0.5f),
                          colormapColor(Colormap::Viridis, 1 - (k + 0.5) / bands));
    }
    dl->AddRectFilled(ImVec2(lx0, f.p1.y - 1.2f * font), ImVec2(lx1, f.p1.y), kDiverges);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", f.best);
    drawClaimedText(labels, dl, ImVec2(lx0, f.p0.y - 0.2f * font), text, "ρ", false);
    drawClaimedText(labels, dl, ImVec2(lx1 + 0.2f * font, ly0 - 0.5f * font), text, buf, false);
    drawClaimedText(labels, dl, ImVec2(lx1 + 0.2f * font, ly1 - 0.9f * font), text, "1", false);
    drawClaimedText(labels, dl, ImVec2(lx1 + 0.2f * font, f.p1.y - 1.1f * font), text, "≥1", false);
}

// The optimum (diamond) and the selected SGD run (its colour) with their labels, then "diverges" in
// the diverging corner when there is room.
void drawMapMarkers(ImDrawList* dl, const MapFrame& f, const RunSpec& run, float scale, LabelRegistry& labels) {
    const OptimizerConfig& cfg = run.optimizer;
    const bool sgd = cfg.kind == OptimizerKind::Sgd, nesterov = sgd && cfg.nesterov;
    const float mr = 6 * scale, font = ImGui::GetFontSize();
    const double oa = nesterov ? f.grid.alphaAt(f.bi + 0.5) : f.opt.alpha;
    const double ob = nesterov ? f.grid.betaAt(f.bj + 0.5) : f.opt.beta;
    const ImVec2 op = f.toPixel(oa, ob); // the closed form for heavy ball, the best grid cell for Nesterov
    drawMarker(dl, op, IM_COL32(255, 255, 255, 255), mr, true, scale);
    labels.avoid(ImVec2(op.x - mr, op.y - mr), ImVec2(op.x + mr, op.y + mr));
    ImVec2 rp;
    bool off = false;
    if (sgd) { // the selected run's (η, β); GD has β = 0
        rp = f.toPixel(cfg.lr, cfg.momentum);
        off = !(rp.x >= f.p0.x && rp.x <= f.p1.x);
        rp = ImVec2(std::clamp(rp.x, f.p0.x + mr, f.p1.x - mr), std::clamp(rp.y, f.p0.y + mr, f.p1.y - mr));
        drawMarker(dl, rp, rgbToImU32(run.color), mr, false, scale);
        labels.avoid(ImVec2(rp.x - mr, rp.y - mr), ImVec2(rp.x + mr, rp.y + mr));
    }
    char buf[200];
    std::snprintf(buf, sizeof buf, "%s ρ = %.2f", nesterov ? "best" : "optimum", nesterov ? f.best : f.opt.rate);
    if (std::optional<ImVec2> at = labels.place(op, ImGui::CalcTextSize(buf), mr + 3 * scale, buf))
        haloText(dl, *at, IM_COL32(255, 255, 255, 255), buf);
    if (sgd) {
        std::snprintf(buf, sizeof buf, "%s%s ρ = %.3g", run.label.c_str(), off ? " (off the map)" : "",
                      momentumRate(cfg.lr, cfg.momentum, f.lambdas, f.go.kind));
        if (std::optional<ImVec2> at = labels.place(rp, ImGui::CalcTextSize(buf), mr + 3 * scale, buf))
            haloText(dl, *at, IM_COL32(255, 255, 255, 255), buf);
    }
    if (f.grid.at(f.go.columns - 1, 0) >= 1) { // the diverging corner (large α, small β), if that space is free
        const ImVec2 sz = ImGui::CalcTextSize("diverges");
        drawClaimedText(labels, dl, ImVec2(f.p1.x - sz.x - 0.4f * font, f.p1.y - sz.y - 0.3f * font),
                        IM_COL32(255, 255, 255, 255), "diverges");
    }
}

// Hover readout; click or drag sets η and β of an SGD run.
void handleMapMouse(const MapFrame& f, RunSpec& run) {
    OptimizerConfig& cfg = run.optimizer;
    const bool sgd = cfg.kind == OptimizerKind::Sgd, nesterov = sgd && cfg.nesterov;
    ImGui::SetCursorScreenPos(f.p0);
    ImGui::InvisibleButton("##map", ImVec2(f.p1.x - f.p0.x, f.p1.y - f.p0.y));
    ImVec2 m = ImGui::GetIO().MousePos;
    double ma = f.grid.alphaAt(std::clamp((m.x - f.p0.x) / f.cw, 0.0f, float(f.go.columns)));
    double mb = std::clamp(f.grid.betaAt((f.p1.y - m.y) / f.ch), 0.0, 0.999);
    auto round3 = [](double v) {
        if (!(v > 0)) return v;
        double p = std::pow(10.0, std::floor(std::log10(v)) - 2);
        return std::round(v / p) * p;
    };
    if (ImGui::IsItemHovered()) {
        double r = momentumRate(ma, mb, f.lambdas, f.go.kind);
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
    bool* logAlpha = ImGui::GetStateStorage()->GetBoolRef(ImGui::GetID("log alpha"), false);
    const RunSpec& picked = pg.runs[size_t(state.ui.selectedRun)];
    const Problem problem = chooseProblem(state, state.ui.selectedRun);
    std::vector<double> lambdas = problem.eigenvalues;
    std::string adjust;
    const OptimizerConfig& pc = picked.optimizer;
    if (pc.kind == OptimizerKind::Sgd && (pc.weightDecay != 0 || pc.dampening != 0)) { // λ → (1 − τ)(λ + wd)
        for (double& l : lambdas) l = (1 - pc.dampening) * (l + pc.weightDecay);
        adjust = " (with the run's weight decay and dampening)";
    }
    RunSpec& run = drawHeader(state, n, logAlpha, problem, adjust); // the picked run (a new pick shows next frame)

    const ImVec2 origin = ImGui::GetCursorScreenPos(), avail = ImGui::GetContentRegionAvail();
    const float legendW = ImGui::CalcTextSize("0.999").x + 1.6f * font;
    const ImVec2 p0(origin.x + ImGui::CalcTextSize("0.75").x + 0.5f * font, origin.y + 1.2f * font);
    const ImVec2 p1(origin.x + avail.x - legendW - 0.5f * font, origin.y + avail.y - 1.4f * font);
    if (p1.x - p0.x < 60 || p1.y - p0.y < 40) return;
    const bool nesterov = run.optimizer.kind == OptimizerKind::Sgd && run.optimizer.nesterov;
    const MapFrame f = computeMap(lambdas, nesterov, *logAlpha, p0, p1, scale);

    ImDrawList* dl = ImGui::GetWindowDrawList();
    LabelRegistry& labels = state.ui.labels;
    labels.beginPanel("α–β map", origin, ImVec2(origin.x + avail.x, origin.y + avail.y));
    drawCells(dl, f);
    drawMapAxes(dl, f, labels);
    drawRateLegend(dl, f, labels);
    labels.beginPanel("α–β map cells", p0, p1);
    dl->PushClipRect(p0, p1, true);
    drawMapMarkers(dl, f, run, scale, labels);
    dl->PopClipRect();
    handleMapMouse(f, run);
}

} // namespace dh
