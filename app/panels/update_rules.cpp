// The update rules: for the selected run (or every visible run), its optimizer's rule as torch.optim
// documents it, in the app's symbols (x the point, η the rate, β the momentum, g the gradient), then
// the same rule with the numbers of the update that produced the timeline's step substituted. The
// results are recomputed here from x_{t−1}, ∇f(x_{t−1}), the run's gradient noise (replayed from its
// seed) and the recorded states, so every "=" can be checked by hand; only minibatch gradients are not
// replayed. Bias corrections are written as torch computes them: η/(1 − β₁^t)·m/(√(v/(1 − β₂^t)) + ε).
#include "app/app_state.h"
#include "app/gfx/draw_util.h"
#include "app/gfx/widgets.h"
#include "app/panels/panels.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <imgui.h>
#include <string>
#include <vector>

namespace dh {
namespace {

using V = Eigen::Vector2d;

std::string num(double v) {
    if (std::isnan(v)) return "NaN";
    if (std::isinf(v)) return v > 0 ? "∞" : "−∞";
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.4g", v == 0 ? 0.0 : v); // no "-0"
    std::string out;
    for (const char* c = buf; *c; ++c) out += *c == '-' ? std::string("−") : std::string(1, *c);
    return out;
}
std::string vec(const V& v) {
    return "(" + num(v.x()) + ", " + num(v.y()) + ")";
}
std::string subscript(int k) {
    static const char* d[] = {"₀", "₁", "₂", "₃", "₄", "₅", "₆", "₇", "₈", "₉"};
    std::string s;
    for (char c : std::to_string(k)) s += d[c - '0'];
    return s;
}
std::string cat(std::initializer_list<std::string> parts) {
    std::string s;
    for (const std::string& p : parts) s += p;
    return s;
}
// √v + ε
V sqrtPlus(const V& v, double eps) {
    return (v.cwiseSqrt().array() + eps).matrix();
}

void coloured(const ImVec4& colour, const std::string& text) {
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    textWrapped(text.c_str());
    ImGui::PopStyleColor();
}
// Lines of one explanation: rules in an accent colour (amber on dark, brown on light), notes dimmed,
// substitutions indented under the rules.
void rule(const std::string& text) {
    const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    coloured(bg.x + bg.y + bg.z > 1.5f ? ImVec4(0.55f, 0.27f, 0.0f, 1) : ImVec4(1.0f, 0.75f, 0.2f, 1), text);
}
void note(const std::string& text) {
    coloured(ImGui::GetStyle().Colors[ImGuiCol_TextDisabled], text);
}
// Numbers under a rule. Long lines break only before a top-level " = ", " + " or " − ", never inside
// a vector or a number; continuation lines are indented once more.
void calc(const std::string& text) {
    std::vector<std::string> atoms(1);
    int depth = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        depth += c == '(' || c == '[' ? 1 : c == ')' || c == ']' ? -1 : 0;
        bool op = depth == 0 && i > 0 && c == ' ' &&
                  (text.compare(i, 3, " = ") == 0 || text.compare(i, 3, " + ") == 0 || text.compare(i, 5, " − ") == 0);
        if (op && !atoms.back().empty()) atoms.emplace_back();
        atoms.back() += c;
    }
    ImGui::Indent();
    const float width = ImGui::GetContentRegionAvail().x, indent = ImGui::GetFontSize() * 1.5f;
    std::vector<std::string> lines(1);
    for (const std::string& a : atoms) {
        const float limit = lines.size() > 1 ? width - indent : width;
        if (!lines.back().empty() && ImGui::CalcTextSize((lines.back() + a).c_str()).x > limit)
            lines.push_back(a.substr(1)); // a new line starts with the operator, without the space before it
        else
            lines.back() += a;
    }
    for (size_t i = 0; i < lines.size(); ++i) {
        if (i == 1) ImGui::Indent(indent);
        textWrapped(lines[i].c_str());
    }
    if (lines.size() > 1) ImGui::Unindent(indent);
    ImGui::Unindent();
}

// An exponential moving average a ← βa + (1 − β)y (of y² when squared), its rule and its numbers.
V ema(const std::string& ruleText, double beta, const V& prev, const V& y, bool squared) {
    V out = beta * prev + (1 - beta) * (squared ? V(y.cwiseAbs2()) : y);
    rule(ruleText);
    calc(cat({"= ", num(beta), "·", vec(prev), " + ", num(1 - beta), "·", vec(y), squared ? "² = " : " = ", vec(out)}));
    return out;
}

// The update into state t of a trajectory (t ≥ 1), and what it started from.
struct Update {
    const Trajectory& tr;
    const OptimizerConfig& c;
    const Surface& surface;
    int t;     // torch's step count: this is the t-th update
    double lr; // η of this update (after the schedule)
    V x;       // x_{t−1}
    V grad;    // ∇f(x_{t−1}), exact (full batch)
    V noise;   // σξ added to it by the run's gradient noise (zero without)
    V prev(int j) const { return tr.state(t - 1, j); }
    double prevScalar() const { return tr.scalarState(t - 1, 0); }
};

// g = ∇f + λx (L2 weight decay folded into the gradient, as torch does for all but adamw).
V gradientLine(const Update& u, bool decay) {
    decay = decay && u.c.weightDecay != 0;
    const bool noisy = u.noise != V::Zero();
    V g = u.grad + u.noise + (decay ? V(u.c.weightDecay * u.x) : V::Zero());
    rule(cat({"g = ∇f(x)", decay ? " + λx" : "", noisy ? " + σξ   (gradient noise, ξ ~ N(0, I))" : ""}));
    calc(cat({"= ", vec(u.grad), decay ? " + " + num(u.c.weightDecay) + "·" + vec(u.x) : "",
              noisy ? " + " + vec(u.noise) : "", noisy || decay ? " = " + vec(g) : ""}));
    return g;
}

V stepLine(const std::string& ruleText, const V& from, double coef, const V& dir, const std::string& dirText) {
    V x = from - coef * dir;
    rule(ruleText);
    calc(cat({"= ", vec(from), " − ", num(coef), "·", dirText, " = ", vec(x)}));
    return x;
}

V explainSgd(const Update& u) {
    const OptimizerConfig& c = u.c;
    V g = gradientLine(u, true);
    if (c.momentum == 0) return stepLine("x ← x − ηg", u.x, u.lr, g, vec(g));
    V b;
    if (u.t == 1) {
        b = g;
        rule("b ← g   (the first step starts the buffer)");
        calc("= " + vec(b));
    } else {
        V b0 = u.prev(0);
        b = c.momentum * b0 + (1 - c.dampening) * g;
        rule(c.dampening == 0 ? "b ← βb + g" : "b ← βb + (1 − τ)g");
        calc(cat({"= ", num(c.momentum), "·", vec(b0), " + ", c.dampening == 0 ? "" : num(1 - c.dampening) + "·",
                  vec(g), " = ", vec(b)}));
    }
    if (c.nesterov) {
        V d = g + c.momentum * b;
        return stepLine("x ← x − η(g + βb)   (Nesterov)", u.x, u.lr, d,
                        cat({"(", vec(g), " + ", num(c.momentum), "·", vec(b), ")"}));
    }
    return stepLine("x ← x − ηb", u.x, u.lr, b, vec(b));
}

V explainAdagrad(const Update& u) {
    const OptimizerConfig& c = u.c;
    double lr = u.lr;
    if (c.lrDecay != 0) {
        lr = u.lr / (1 + (u.t - 1) * c.lrDecay);
        rule("η′ = η/(1 + (t − 1)·decay)");
        calc(cat({"= ", num(u.lr), "/(1 + ", std::to_string(u.t - 1), "·", num(c.lrDecay), ") = ", num(lr)}));
    }
    V g = gradientLine(u, true);
    V s = u.prev(0) + g.cwiseAbs2();
    rule("s ← s + g²");
    calc(cat({"= ", vec(u.prev(0)), " + ", vec(g), "² = ", vec(s)}));
    V d = sqrtPlus(s, c.eps);
    return stepLine(c.lrDecay != 0 ? "x ← x − η′g/(√s + ε)" : "x ← x − ηg/(√s + ε)", u.x, lr, g.cwiseQuotient(d),
                    cat({vec(g), "/(√", vec(s), " + ", num(c.eps), ")"}));
}

V explainRmsprop(const Update& u) {
    const OptimizerConfig& c = u.c;
    V g = gradientLine(u, true);
    V v = ema("v ← αv + (1 − α)g²", c.alpha, u.prev(0), g, true);
    V d;
    std::string dRule;
    if (c.centered) {
        V ga = ema("gₐ ← αgₐ + (1 − α)g   (centered: the average gradient)", c.alpha, u.prev(1), g, false);
        d = sqrtPlus(v - ga.cwiseAbs2(), c.eps);
        rule("d = √(v − gₐ²) + ε");
        calc(cat({"= √(", vec(v), " − ", vec(ga), "²) + ", num(c.eps), " = ", vec(d)}));
        dRule = "d";
    } else {
        d = sqrtPlus(v, c.eps);
        dRule = "(√v + ε)";
    }
    std::string dText = c.centered ? vec(d) : cat({"(√", vec(v), " + ", num(c.eps), ")"});
    if (c.momentum > 0) {
        V b = c.momentum * u.prev(c.centered ? 2 : 1) + g.cwiseQuotient(d);
        rule("b ← βb + g/" + dRule);
        calc(cat(
            {"= ", num(c.momentum), "·", vec(u.prev(c.centered ? 2 : 1)), " + ", vec(g), "/", dText, " = ", vec(b)}));
        return stepLine("x ← x − ηb", u.x, u.lr, b, vec(b));
    }
    return stepLine("x ← x − ηg/" + dRule, u.x, u.lr, g.cwiseQuotient(d), vec(g) + "/" + dText);
}

// m and v of adam, adamw and nadam.
void moments(const Update& u, const V& g, V& m, V& v) {
    const OptimizerConfig& c = u.c;
    m = ema("m ← β₁m + (1 − β₁)g", c.beta1, u.prev(0), g, false);
    v = ema("v ← β₂v + (1 − β₂)g²", c.beta2, u.prev(1), g, true);
}

V explainAdam(const Update& u) {
    const OptimizerConfig& c = u.c;
    const bool w = c.kind == OptimizerKind::Adamw;
    V x = u.x;
    if (w && c.weightDecay != 0) {
        x = u.x * (1 - u.lr * c.weightDecay);
        rule("x ← x − ηλx   (AdamW: decoupled weight decay)");
        calc(cat({"= ", vec(u.x), " − ", num(u.lr), "·", num(c.weightDecay), "·", vec(u.x), " = ", vec(x)}));
    }
    V g = gradientLine(u, !w);
    V m, v;
    moments(u, g, m, v);
    const char* vName = "v";
    if (c.amsgrad) {
        V vMax = u.prev(2).cwiseMax(v);
        rule("vₘₐₓ ← max(vₘₐₓ, v)   (AMSGrad)");
        calc(cat({"= max(", vec(u.prev(2)), ", ", vec(v), ") = ", vec(vMax)}));
        v = vMax;
        vName = "vₘₐₓ";
    }
    const double bc1 = 1 - std::pow(c.beta1, u.t), bc2 = 1 - std::pow(c.beta2, u.t);
    const std::string t = std::to_string(u.t);
    V d = sqrtPlus(v / bc2, c.eps);
    rule(cat({"x ← x − η/(1 − β₁^t) · m/(√(", vName, "/(1 − β₂^t)) + ε)"}));
    calc(cat({"η/(1 − β₁^t) = ", num(u.lr), "/(1 − ", num(c.beta1), "^", t, ") = ", num(u.lr / bc1)}));
    calc(cat({"√(", vName, "/(1 − β₂^t)) + ε = √(", vec(v), "/", num(bc2), ") + ", num(c.eps), " = ", vec(d)}));
    V step = m.cwiseQuotient(d);
    V out = x - (u.lr / bc1) * step;
    calc(cat({"x = ", vec(x), " − ", num(u.lr / bc1), "·", vec(m), "/", vec(d), " = ", vec(out)}));
    return out;
}

V explainNadam(const Update& u) {
    const OptimizerConfig& c = u.c;
    const double t = u.t;
    const double mu = c.beta1 * (1 - 0.5 * std::pow(0.96, t * c.momentumDecay));
    const double muNext = c.beta1 * (1 - 0.5 * std::pow(0.96, (t + 1) * c.momentumDecay));
    const double prod = u.prevScalar() * mu;
    rule("μₜ = β₁(1 − ½·0.96^(tψ)),  μₜ₊₁ likewise");
    calc(cat({"μₜ = ", num(mu), ",  μₜ₊₁ = ", num(muNext)}));
    rule("Π ← Π·μₜ");
    calc(cat({"= ", num(u.prevScalar()), "·", num(mu), " = ", num(prod)}));
    V g = gradientLine(u, true);
    V m, v;
    moments(u, g, m, v);
    const double bc2 = 1 - std::pow(c.beta2, t);
    V d = sqrtPlus(v / bc2, c.eps);
    rule("d = √(v/(1 − β₂^t)) + ε");
    calc(cat({"= √(", vec(v), "/", num(bc2), ") + ", num(c.eps), " = ", vec(d)}));
    const double cg = u.lr * (1 - mu) / (1 - prod), cm = u.lr * muNext / (1 - prod * muNext);
    V out = u.x - cg * g.cwiseQuotient(d) - cm * m.cwiseQuotient(d);
    rule("x ← x − η(1 − μₜ)/(1 − Π)·g/d − ημₜ₊₁/(1 − Πμₜ₊₁)·m/d");
    calc(cat({"= ", vec(u.x), " − ", num(cg), "·", vec(g), "/", vec(d), " − ", num(cm), "·", vec(m), "/", vec(d), " = ",
              vec(out)}));
    return out;
}

V explainAdadelta(const Update& u) {
    const OptimizerConfig& c = u.c;
    V g = gradientLine(u, true);
    V v = ema("v ← ρv + (1 − ρ)g²", c.rho, u.prev(0), g, true);
    V u0 = u.prev(1);
    const V a = (u0.array() + c.eps).sqrt().matrix(), b = (v.array() + c.eps).sqrt().matrix();
    rule("Δ = √(u + ε)/√(v + ε)·g");
    calc(cat({"√(u + ε) = √(", vec(u0), " + ", num(c.eps), ") = ", vec(a)}));
    calc(cat({"√(v + ε) = √(", vec(v), " + ", num(c.eps), ") = ", vec(b)}));
    const V delta = a.cwiseQuotient(b).cwiseProduct(g);
    calc(cat({"Δ = ", vec(a), "/", vec(b), "·", vec(g), " = ", vec(delta)}));
    ema("u ← ρu + (1 − ρ)Δ²", c.rho, u0, delta, true);
    return stepLine("x ← x − ηΔ", u.x, u.lr, delta, vec(delta));
}

V explainAdagradNorm(const Update& u) {
    V g = gradientLine(u, true);
    double G = u.prevScalar() + g.squaredNorm();
    rule("G ← G + ‖g‖²   (one scalar for all coordinates)");
    calc(cat({"= ", num(u.prevScalar()), " + ", num(g.squaredNorm()), " = ", num(G)}));
    return stepLine("x ← x − η g/√(ε + G)", u.x, u.lr / std::sqrt(u.c.eps + G), g,
                    cat({vec(g), "   (η/√(ε + G) = ", num(u.lr / std::sqrt(u.c.eps + G)), ")"}));
}

V explainNewton(const Update& u) {
    Eigen::Matrix2d h = u.surface.hessian(u.x);
    const V g = gradientLine(u, false); // newton ignores weight decay
    const double a = h(0, 0), b = 0.5 * (h(0, 1) + h(1, 0)), d = h(1, 1), det = a * d - b * b;
    rule("H = ∇²f(x)");
    calc(cat({"= [", num(a), ", ", num(b), "; ", num(b), ", ", num(d), "],  det H = ", num(det)}));
    if (!(a > 0 && det > 0 && std::isfinite(det))) {
        note("H is not positive definite: Newton would climb or jump, so it takes a gradient step instead.");
        return stepLine("x ← x − ηg   (fallback)", u.x, u.lr, g, vec(g));
    }
    V dir((d * g[0] - b * g[1]) / det, (a * g[1] - b * g[0]) / det);
    rule("H⁻¹g");
    calc(cat({"= ", vec(dir)}));
    return stepLine("x ← x − ηH⁻¹g", u.x, u.lr, dir, vec(dir));
}

// What the symbols stand for, in OptimizerKind order.
constexpr const char* kSymbols[] = {
    "η lr, β momentum, τ dampening, λ weight decay, b momentum buffer",
    "η lr, s sum of g², ε eps, λ weight decay",
    "η lr, α smoothing, v average of g², β momentum, ε eps",
    "m exp_avg, v exp_avg_sq, t the update's number; the bias corrections are written out",
    "m exp_avg, v exp_avg_sq, λ decoupled weight decay; the bias corrections are written out",
    "m exp_avg, v exp_avg_sq, ψ momentum decay, Π mu_product",
    "v square_avg, u acc_delta, ρ rho, η lr (1 by default)",
    "the lecture's x ← x − η∇f/√(ε + Σ‖∇f‖²); G = Σ‖g‖²",
    "damped Newton; a gradient step where H is not positive definite",
};

// The explanations, in OptimizerKind order.
using Explain = V (*)(const Update&);
constexpr Explain kExplain[] = {explainSgd,   explainAdagrad,  explainRmsprop,     explainAdam,  explainAdam,
                                explainNadam, explainAdadelta, explainAdagradNorm, explainNewton};

void explainRun(const AppState& state, int index) {
    const RunSpec& spec = state.scene.playground.runs[size_t(index)];
    const RunOutcome& out = state.derived.runs.runs[size_t(index)];
    const float side = ImGui::GetTextLineHeight();
    ImGui::ColorButton("##colour", rgbToFloat4(spec.color), ImGuiColorEditFlags_NoTooltip, ImVec2(side, side));
    ImGui::SameLine();
    if (!out.error.empty() || out.trajectories.empty()) {
        ImGui::Text("%s (%s)", spec.label.c_str(), optimizerName(spec.optimizer.kind));
        errorText(out.error.empty() ? "no trajectory" : out.error.c_str());
        return;
    }
    const Trajectory& tr = out.trajectories[0];
    int t = std::clamp(shownStep(state), 1, std::max(1, tr.size() - 1));
    if (tr.size() < 2) {
        ImGui::Text("%s (%s): no update to show", spec.label.c_str(), optimizerName(tr.config.kind));
        return;
    }
    ImGui::TextWrapped("%s (%s)  update %d: x%s → x%s,  η = %s", spec.label.c_str(), optimizerName(tr.config.kind), t,
                       subscript(t - 1).c_str(), subscript(t).c_str(), num(tr.lr[size_t(t)]).c_str());
    note(kSymbols[int(tr.config.kind)]);
    // The noise of update t: the runner draws σ·(z, z′) from GaussianRng(seed), two numbers per update.
    const Playground& pg = state.scene.playground;
    const double sigma = spec.noiseSigma >= 0 ? spec.noiseSigma : pg.noiseSigma;
    const int batch = spec.batchSize >= 0 ? spec.batchSize : pg.batchSize;
    const bool minibatch = batch > 0 && batch < state.derived.surface->sampleCount();
    V noise = V::Zero();
    if (sigma > 0) {
        GaussianRng rng(pg.seed);
        for (int k = 0; k < 2 * (t - 1); ++k) rng.next();
        noise.x() = sigma * rng.next();
        noise.y() = sigma * rng.next();
    }
    const V result = kExplain[int(tr.config.kind)]({tr, tr.config, *state.derived.surface, t, tr.lr[size_t(t)],
                                                    tr.x[size_t(t - 1)], tr.grad[size_t(t - 1)], noise});
    const V& path = tr.x[size_t(t)];
    if (!((result - path).norm() <= 1e-9 * std::max(1.0, path.norm())) && path.allFinite())
        note(cat({"The path has x", subscript(t), " = ", vec(path),
                  minibatch ? ": the update used a minibatch gradient; shown here is the full-batch ∇f."
                            : ": it differs from the line above."}));
    if (tr.divergedAt >= 0 && t == tr.divergedAt) errorText(("diverged at step " + std::to_string(t)).c_str());
}

} // namespace

void drawUpdateRules(AppState& state) {
    const Playground& p = state.scene.playground;
    if (!state.derived.surface || p.runs.empty()) {
        ImGui::TextDisabled("no runs");
        return;
    }
    bool* all = ImGui::GetStateStorage()->GetBoolRef(ImGui::GetID("all runs"), false);
    int n = int(std::min(p.runs.size(), state.derived.runs.runs.size()));
    state.ui.selectedRun = std::clamp(state.ui.selectedRun, 0, std::max(0, n - 1));
    if (!*all) {
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
        if (ImGui::BeginCombo("##run", n > 0 ? p.runs[size_t(state.ui.selectedRun)].label.c_str() : "")) {
            for (int i = 0; i < n; ++i)
                if (ImGui::Selectable(p.runs[size_t(i)].label.c_str(), i == state.ui.selectedRun))
                    state.ui.selectedRun = i;
            ImGui::EndCombo();
        }
        ImGui::SameLine();
        if (ImGui::GetContentRegionAvail().x < ImGui::GetFrameHeight() + ImGui::CalcTextSize("all runs").x * 1.2f)
            ImGui::NewLine();
    }
    ImGui::Checkbox("all runs", all);
    ImGui::Separator();
    for (int i = 0; i < n; ++i) {
        if (*all ? !p.runs[size_t(i)].visible : i != state.ui.selectedRun) continue;
        ImGui::PushID(i);
        explainRun(state, i);
        ImGui::PopID();
        if (*all) ImGui::Separator();
    }
}

} // namespace dh
