// The graph lab's main view: the computational graph laid out left to right (core/lab/graph_lab.h),
// every box with its operation and forward value, every edge with its local partial ∂consumer/∂argument.
// The backward sweep shows each known adjoint ∂f/∂node under the value; the node of the last step is
// outlined and the edges of its chain-rule terms are drawn in the highlight colour. Drag to pan, wheel to
// zoom, hover a box for all its numbers.
#include "app/app_state.h"
#include "app/gfx/draw_util.h"
#include "app/gfx/widgets.h"
#include "app/panels/panels.h"
#include "core/lab/graph_lab.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <imgui.h>

namespace dh {
namespace {

// Colours the render tests look for (tests/app/test_render_graph.cpp).
const ImU32 kHighlight = IM_COL32(255, 140, 0, 255); // the current step's edges and node outline
const ImU32 kKnown = IM_COL32(0, 158, 115, 255);     // outline of a node whose adjoint is known
const ImU32 kEdge = IM_COL32(150, 150, 160, 255);    // other edges
const ImU32 kInputFill = IM_COL32(30, 70, 120, 255); // input boxes
const ImU32 kConstFill = IM_COL32(70, 70, 70, 255);  // constant boxes
const ImU32 kOpFill = IM_COL32(45, 45, 55, 255);     // operation boxes
const ImU32 kText = IM_COL32(235, 235, 235, 255);    // labels and values
const ImU32 kAdjoint = IM_COL32(120, 220, 170, 255); // adjoints
const ImU32 kPartial = IM_COL32(240, 200, 120, 255); // local partials on the edges

void formatNumber(char* out, size_t n, double v) {
    std::snprintf(out, n, "%.4g", v);
}

// Pan with the mouse, zoom with the wheel about the mouse; a new graph starts fitted.
void handleInput(GraphViewState& view, const GraphLab& lab, ImVec2 p0, ImVec2 size) {
    if (view.structureVersion != lab.structureVersion()) view = GraphViewState{1, 0, 0, lab.structureVersion()};
    ImGui::SetCursorScreenPos(p0);
    ImGui::InvisibleButton("graph", size);
    if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left)) {
        view.panX += ImGui::GetIO().MouseDelta.x;
        view.panY += ImGui::GetIO().MouseDelta.y;
    }
    const float wheel = ImGui::GetIO().MouseWheel;
    if (ImGui::IsItemHovered() && wheel != 0) {
        const double factor = std::pow(1.15, double(wheel));
        const double zoom = std::clamp(view.zoom * factor, 0.2, 20.0);
        // keep the point under the mouse in place: offsets are relative to the view's centre
        const ImVec2 m = ImGui::GetIO().MousePos;
        const double cx = p0.x + 0.5 * size.x, cy = p0.y + 0.5 * size.y, k = zoom / view.zoom;
        view.panX = (m.x - cx) - k * (m.x - cx - view.panX);
        view.panY = (m.y - cy) - k * (m.y - cy - view.panY);
        view.zoom = zoom;
    }
}

ImVec2 at(const GraphFit& f, const LayoutPoint& p) {
    return ImVec2(float(f.x(p.x)), float(f.y(p.y)));
}

void drawEdges(ImDrawList* dl, const GraphLab& lab, const GraphFit& fit, const std::vector<bool>& highlighted,
               float fontSize, float scale) {
    const CompGraph& g = lab.graph();
    const GraphLayout& L = lab.layout();
    ImFont* font = ImGui::GetFont();
    for (int pass = 0; pass < 2; ++pass) // highlighted edges on top
        for (size_t e = 0; e < g.edges().size(); ++e) {
            if (bool(highlighted[e]) != (pass == 1)) continue;
            const std::vector<LayoutPoint>& route = L.routes[e];
            std::vector<ImVec2> pts;
            for (const LayoutPoint& p : route) pts.push_back(at(fit, p));
            const ImU32 color = highlighted[e] ? kHighlight : kEdge;
            dl->AddPolyline(pts.data(), int(pts.size()), color, 0, lineWidth((highlighted[e] ? 4.0f : 1.5f) * scale));
            if (pts.size() < 2 || fontSize < 7) continue;
            // the local partial on the last segment, just left of the consumer's port
            char text[32];
            formatNumber(text, sizeof text, g.edges()[e].local);
            const ImVec2 end = pts.back(), before = pts[pts.size() - 2];
            const ImVec2 size = font->CalcTextSizeA(fontSize, 1e9f, 0, text);
            ImVec2 pos(std::max(before.x, end.x - size.x - 3 * scale), 0.5f * (before.y + end.y) - size.y - 1);
            dl->AddRectFilled(pos, ImVec2(pos.x + size.x, pos.y + size.y), IM_COL32(20, 20, 24, 200));
            dl->AddText(font, fontSize, pos, highlighted[e] ? kHighlight : kPartial, text);
        }
}

void drawNodes(ImDrawList* dl, const GraphLab& lab, const GraphFit& fit, int sweep, int current, float fontSize,
               float scale) {
    const CompGraph& g = lab.graph();
    ImFont* font = ImGui::GetFont();
    for (const GraphNode& n : g.nodes()) {
        const LayoutBox& b = lab.layout().boxes[size_t(n.id)];
        const ImVec2 p0(float(fit.x(b.x)), float(fit.y(b.y))), p1(float(fit.x(b.x + b.w)), float(fit.y(b.y + b.h)));
        const ImU32 fill = n.kind == GraphNodeKind::Input      ? kInputFill
                           : n.kind == GraphNodeKind::Constant ? kConstFill
                                                               : kOpFill;
        dl->AddRectFilled(p0, p1, fill, 4 * scale);
        const bool known = g.adjointKnown(n.id, sweep);
        if (n.id == current)
            dl->AddRect(p0, p1, kHighlight, 4 * scale, 0, lineWidth(4 * scale));
        else if (known)
            dl->AddRect(p0, p1, kKnown, 4 * scale, 0, lineWidth(2 * scale));
        if (fontSize < 5) continue;
        char lines[3][48];
        std::snprintf(lines[0], sizeof lines[0], "%s", n.label.c_str());
        char v[32];
        formatNumber(v, sizeof v, n.value);
        std::snprintf(lines[1], sizeof lines[1], "= %s", v);
        formatNumber(v, sizeof v, n.adjoint);
        std::snprintf(lines[2], sizeof lines[2], "∂f: %s", known ? v : "?");
        const float lineH = fontSize * 1.05f, top = 0.5f * (p0.y + p1.y) - 1.5f * lineH;
        const ImU32 colors[3] = {kText, kText, known ? kAdjoint : IM_COL32(140, 140, 140, 255)};
        for (int k = 0; k < 3; ++k) {
            const ImVec2 size = font->CalcTextSizeA(fontSize, 1e9f, 0, lines[k]);
            dl->AddText(font, fontSize, ImVec2(0.5f * (p0.x + p1.x - size.x), top + k * lineH), colors[k], lines[k]);
        }
    }
}

void nodeTooltip(const GraphLab& lab, const GraphFit& fit, int sweep) {
    if (!ImGui::IsItemHovered()) return;
    const ImVec2 m = ImGui::GetIO().MousePos;
    const CompGraph& g = lab.graph();
    for (const GraphNode& n : g.nodes()) {
        const LayoutBox& b = lab.layout().boxes[size_t(n.id)];
        if (m.x < fit.x(b.x) || m.x > fit.x(b.x + b.w) || m.y < fit.y(b.y) || m.y > fit.y(b.y + b.h)) continue;
        ImGui::BeginTooltip();
        ImGui::Text("node %d: %s (%s)", n.id, n.label.c_str(), opName(n.op));
        ImGui::Text("value %.10g", n.value);
        if (g.adjointKnown(n.id, sweep))
            ImGui::Text("∂f/∂node %.10g", n.adjoint);
        else
            ImGui::TextDisabled("∂f/∂node: not reached by the sweep yet");
        for (size_t k = 0; k < n.inputs.size(); ++k)
            ImGui::Text("∂node/∂(node %d) = %.10g", n.inputs[k], g.edges()[size_t(n.inEdges[k])].local);
        ImGui::EndTooltip();
        return;
    }
}

} // namespace

void drawGraphView(AppState& state) {
    const Layout& L = state.ui.layout;
    beginMainView("Graph view", L.x, L.y, L.width, L.height);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p0(L.x, L.y), size(L.width, L.height);
    dl->AddRectFilled(p0, ImVec2(L.x + L.width, L.y + L.height), IM_COL32(24, 24, 28, 255));
    GraphLab& lab = graphLab(state);
    if (!lab.ready()) {
        haloText(dl, ImVec2(L.x + 20, L.y + 20), IM_COL32(255, 120, 120, 255), lab.error().c_str());
        ImGui::End();
        return;
    }
    GraphViewState& view = state.ui.panels.graphView;
    handleInput(view, lab, p0, size);
    const float scale = state.scene.ui.scale;
    const GraphFit fit =
        fitGraph(lab.layout(), L.x, L.y, L.width, L.height, 24 * scale, view.zoom, view.panX, view.panY);
    const int sweep = lab.sweep(state.scene.graph);
    const CompGraph& g = lab.graph();
    std::vector<bool> highlighted(g.edges().size(), false);
    int current = -1;
    if (sweep > 0) {
        const BackwardStep step = g.backwardStep(sweep - 1);
        current = step.node;
        for (const ChainTerm& t : step.terms) highlighted[size_t(t.edge)] = true;
    }
    // text sized to the boxes: three lines in a box, at most the UI's font size
    const float boxH = float(fit.scale * lab.layout().boxes[0].h);
    const float fontSize = std::min(ImGui::GetFontSize(), boxH / 3.4f);
    dl->PushClipRect(p0, ImVec2(L.x + L.width, L.y + L.height), true);
    drawEdges(dl, lab, fit, highlighted, fontSize * 0.9f, scale);
    drawNodes(dl, lab, fit, sweep, current, fontSize, scale);
    dl->PopClipRect();
    nodeTooltip(lab, fit, sweep);
    char info[160];
    std::snprintf(info, sizeof info, "%d nodes, %d edges · backward step %d of %d · drag to pan, wheel to zoom",
                  g.size(), int(g.edges().size()), sweep, g.backwardStepCount());
    haloText(dl, ImVec2(L.x + 8, L.y + L.height - ImGui::GetFontSize() - 6), kText, info);
    ImGui::End();
}

} // namespace dh
