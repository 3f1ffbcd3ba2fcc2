#include "app/gfx/draw_util.h"

#include <algorithm>
#include <cmath>

namespace dh {

void haloText(ImDrawList* dl, ImVec2 pos, ImU32 color, const char* text, bool darkHalo) {
    // Two shadow copies, not eight: every glyph is two triangles, and triangles are what a frame costs
    // on a software rasteriser.
    ImU32 halo = darkHalo ? IM_COL32(0, 0, 0, 200) : IM_COL32(255, 255, 255, 220);
    dl->AddText(ImVec2(pos.x + 1, pos.y + 1), halo, text);
    dl->AddText(ImVec2(pos.x - 1, pos.y - 1), halo, text);
    dl->AddText(pos, color, text);
}

std::vector<std::string> wrapLines(const char* text, float width) {
    std::vector<std::string> lines;
    std::string line, word;
    auto addWord = [&] {
        if (word.empty()) return;
        std::string longer = line.empty() ? word : line + " " + word;
        if (!line.empty() && ImGui::CalcTextSize(longer.c_str()).x > width) {
            lines.push_back(line);
            longer = word;
        }
        line = longer;
        word.clear();
    };
    for (const char* c = text;; ++c) {
        if (*c == ' ' || *c == '\n' || *c == 0) {
            addWord();
            if (*c == '\n' || (*c == 0 && !line.empty())) {
                lines.push_back(line);
                line.clear();
            }
            if (*c == 0) break;
        } else {
            word += *c;
        }
    }
    return lines;
}

void textWrapped(const char* text) {
    for (const std::string& line : wrapLines(text, std::max(1.0f, ImGui::GetContentRegionAvail().x)))
        ImGui::TextUnformatted(line.c_str());
}

void arrow(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 color, float thickness, float head) {
    float dx = b.x - a.x, dy = b.y - a.y;
    float len = std::sqrt(dx * dx + dy * dy);
    if (len < 1e-3f) return;
    float ux = dx / len, uy = dy / len;
    head = std::min(head, 0.6f * len + 2.0f);
    ImVec2 base(b.x - ux * head, b.y - uy * head);
    dl->AddLine(a, base, color, thickness);
    dl->AddTriangleFilled(b, ImVec2(base.x - uy * head * 0.5f, base.y + ux * head * 0.5f),
                          ImVec2(base.x + uy * head * 0.5f, base.y - ux * head * 0.5f), color);
}

void labelBox(ImDrawList* dl, ImVec2 pos, const char* text, ImU32 textColor, ImU32 bgColor) {
    ImVec2 size = ImGui::CalcTextSize(text);
    float pad = ImGui::GetFontSize() * 0.3f;
    dl->AddRectFilled(pos, ImVec2(pos.x + size.x + 2 * pad, pos.y + size.y + 2 * pad), bgColor, pad);
    dl->AddText(ImVec2(pos.x + pad, pos.y + pad), textColor, text);
}

// ---- paths ----

namespace {

// Liang–Barsky: the part [t0, t1] of a + t(b − a), t in [0, 1], inside the rectangle; false if none.
bool clipSegment(double ax, double ay, double bx, double by, const ImVec4& r, double& t0, double& t1) {
    const double dx = bx - ax, dy = by - ay;
    const double p[4] = {-dx, dx, -dy, dy};
    const double q[4] = {ax - r.x, r.z - ax, ay - r.y, r.w - ay};
    t0 = 0, t1 = 1;
    for (int i = 0; i < 4; ++i) {
        if (p[i] == 0) {
            if (q[i] < 0) return false;
            continue;
        }
        const double t = q[i] / p[i];
        if (p[i] < 0)
            t0 = std::max(t0, t);
        else
            t1 = std::min(t1, t);
        if (t0 > t1) return false;
    }
    return true;
}

bool inside(ImVec2 p, const ImVec4& r) {
    return p.x >= r.x && p.x <= r.z && p.y >= r.y && p.y <= r.w;
}

ImVec2 lerp(ImVec2 a, ImVec2 b, double t) {
    return ImVec2(float(a.x + t * (b.x - a.x)), float(a.y + t * (b.y - a.y)));
}

ImVec2 unit(double x, double y) {
    const double n = std::hypot(x, y);
    return n > 0 ? ImVec2(float(x / n), float(y / n)) : ImVec2(0, -1);
}

} // namespace

PathGeometry pathGeometry(const std::vector<ImVec2>& pts, const ImVec4& view) {
    PathGeometry g;
    const size_t n = pts.size();
    for (size_t i = 1; i < n; ++i) {
        double t0, t1;
        if (clipSegment(pts[i - 1].x, pts[i - 1].y, pts[i].x, pts[i].y, view, t0, t1))
            g.segments.push_back({lerp(pts[i - 1], pts[i], t0), lerp(pts[i - 1], pts[i], t1)});
    }
    const double cosTurn = std::cos(25.0 * 3.14159265358979 / 180.0);
    for (size_t i = 1; i + 1 < n; ++i) {
        if (!inside(pts[i], view)) continue;
        const double ux = pts[i].x - pts[i - 1].x, uy = pts[i].y - pts[i - 1].y;
        const double vx = pts[i + 1].x - pts[i].x, vy = pts[i + 1].y - pts[i].y;
        const double nu = std::hypot(ux, uy), nv = std::hypot(vx, vy);
        if (nu > 0 && nv > 0 && (ux * vx + uy * vy) / (nu * nv) < cosTurn) g.joins.push_back(pts[i]);
    }
    if (n == 0 || inside(pts.back(), view)) return g;
    // The last point is outside: from the last point inside, where the path crosses the edge.
    size_t k = n - 1;
    while (k > 0 && !inside(pts[k - 1], view)) --k;
    const ImVec2 last = pts.back();
    ImVec2 at(std::clamp(last.x, view.x, view.z), std::clamp(last.y, view.y, view.w));
    if (k > 0) {
        double t0, t1;
        if (clipSegment(pts[k - 1].x, pts[k - 1].y, pts[k].x, pts[k].y, view, t0, t1))
            at = lerp(pts[k - 1], pts[k], t1);
    }
    g.exit = PathGeometry::Exit{at, unit(double(last.x) - at.x, double(last.y) - at.y), int(n - 1)};
    return g;
}

void thinPixels(std::vector<ImVec2>& pts, float minStep) {
    if (pts.size() < 3) return;
    std::vector<ImVec2> out;
    out.reserve(pts.size());
    out.push_back(pts[0]);
    for (size_t i = 1; i + 1 < pts.size(); ++i) {
        const ImVec2 a = out.back(), p = pts[i], b = pts[i + 1];
        const float dx = p.x - a.x, dy = p.y - a.y;
        // A turning point: the path goes back the way it came (the next step points against this one).
        const bool turns = dx * (b.x - p.x) + dy * (b.y - p.y) < 0;
        if (dx * dx + dy * dy >= minStep * minStep || (turns && dx * dx + dy * dy >= 0.25f)) out.push_back(p);
    }
    out.push_back(pts.back());
    pts.swap(out);
}

void drawPath(ImDrawList* dl, const PathGeometry& g, ImU32 color, float width, float outline) {
    auto layer = [&](ImU32 c, float w) {
        w = lineWidth(w);
        for (const PathGeometry::Segment& s : g.segments) dl->AddLine(s.a, s.b, c, w);
        if (w >= 2.5f)
            for (const ImVec2& p : g.joins) dl->AddCircleFilled(p, w * 0.5f, c, 8);
    };
    if (outline > 0) layer(IM_COL32(0, 0, 0, 110), outline);
    layer(color, width);
}

void drawOffViewArrow(ImDrawList* dl, ImVec2 at, ImVec2 toward, ImU32 color, float scale) {
    const float len = 26 * scale, inset = 3 * scale;
    const ImVec2 tip(at.x - toward.x * inset, at.y - toward.y * inset);
    const ImVec2 base(tip.x - toward.x * len, tip.y - toward.y * len);
    arrow(dl, base, tip, IM_COL32(0, 0, 0, 210), lineWidth(7 * scale), 18 * scale);
    arrow(dl, base, tip, color, lineWidth(4 * scale), 15 * scale);
}

} // namespace dh
