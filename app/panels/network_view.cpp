// The network lab's main view, one of: the class map of 2D data (the network's decision over the
// plane, its boundary, the points: train filled, test rings), the loss-landscape slice (the playground's
// heatmap with contours, the training path projected onto it), or Fashion-MNIST test images with the
// network's guesses. Plus what the lab is doing: loading, training to the scene's step, diverged, or
// why there is nothing to train (a bad CSV, a missing dataset).
#include "app/app_state.h"
#include "app/gfx/colormap.h"
#include "app/gfx/draw_util.h"
#include "app/gfx/gpu.h"
#include "app/gfx/widgets.h"
#include "app/panels/panels.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <imgui.h>
#include <string>

namespace dh {
namespace {

const ImU32 kWhite = IM_COL32(255, 255, 255, 255);

// A message in the middle of the view (wrapped), e.g. why there is nothing to show.
void centredMessage(ImVec2 origin, ImVec2 avail, const char* text, ImU32 color) {
    const float w = std::min(avail.x * 0.8f, ImGui::GetFontSize() * 40);
    ImVec2 size = ImGui::CalcTextSize(text, nullptr, false, w);
    ImGui::SetCursorScreenPos(ImVec2(origin.x + (avail.x - size.x) / 2, origin.y + (avail.y - size.y) / 2));
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + w);
    ImGui::PushStyleColor(ImGuiCol_Text, color);
    ImGui::TextWrapped("%s", text);
    ImGui::PopStyleColor();
    ImGui::PopTextWrapPos();
}

// What is being loaded, with a progress bar and the numbers while a file is read.
void loadingProgress(const LoadStatus& st, ImVec2 origin, ImVec2 avail) {
    const float font = ImGui::GetFontSize(), w = std::min(avail.x * 0.6f, font * 30);
    ImGui::SetCursorScreenPos(ImVec2(origin.x + (avail.x - w) / 2, origin.y + avail.y * 0.42f));
    ImGui::BeginGroup();
    ImGui::TextUnformatted((st.what + "…").c_str());
    char numbers[96] = "";
    if (st.itemsTotal > 0)
        std::snprintf(numbers, sizeof numbers, "%lld / %lld images, %.1f / %.1f MB", (long long)st.itemsDone,
                      (long long)st.itemsTotal, st.bytesDone / 1e6, st.bytesTotal / 1e6);
    else if (st.bytesTotal > 0)
        std::snprintf(numbers, sizeof numbers, "%.1f / %.1f MB", st.bytesDone / 1e6, st.bytesTotal / 1e6);
    const double f = st.fraction();
    // Unknown amounts (making the data, building the network) show an empty bar with no numbers.
    ImGui::ProgressBar(f >= 0 ? float(f) : 0.0f, ImVec2(w, 0), f >= 0 ? nullptr : "");
    if (*numbers) ImGui::TextUnformatted(numbers);
    ImGui::EndGroup();
}

void planeAxes(ImDrawList* dl, const ViewTransform& vt, const Dataset& data, float scale) {
    const PixelRect& r = vt.rect();
    const Domain& d = vt.shown();
    const ImU32 tick = IM_COL32(255, 255, 255, 220), grid = IM_COL32(255, 255, 255, 22);
    char buf[32];
    const float margin = 2.2f * ImGui::GetTextLineHeight();
    for (double x : niceTicks(d.xMin, d.xMax, int(r.width / (110 * scale)) + 1)) {
        float px = float(vt.toPixel({x, 0}).x());
        if (px < r.x + margin || px > r.x + r.width - margin) continue;
        dl->AddLine(ImVec2(px, float(r.y)), ImVec2(px, float(r.y + r.height)), grid);
        std::snprintf(buf, sizeof buf, "%g", x);
        ImVec2 s = ImGui::CalcTextSize(buf);
        haloText(dl, ImVec2(px - s.x / 2, float(r.y + r.height) - s.y - 4 * scale), tick, buf);
    }
    for (double y : niceTicks(d.yMin, d.yMax, int(r.height / (90 * scale)) + 1)) {
        float py = float(vt.toPixel({0, y}).y());
        if (py < r.y + margin || py > r.y + r.height - margin) continue;
        dl->AddLine(ImVec2(float(r.x), py), ImVec2(float(r.x + r.width), py), grid);
        std::snprintf(buf, sizeof buf, "%g", y);
        haloText(dl, ImVec2(float(r.x) + 4 * scale, py - ImGui::GetTextLineHeight() / 2), tick, buf);
    }
    std::string xName = data.featureNames.size() > 0 ? data.featureNames[0] : "x1";
    std::string yName = data.featureNames.size() > 1 ? data.featureNames[1] : "x2";
    ImVec2 xs = ImGui::CalcTextSize(xName.c_str());
    haloText(dl, ImVec2(float(r.x + r.width) - xs.x - 10 * scale, float(r.y + r.height) - 2.4f * xs.y), tick,
             xName.c_str());
    haloText(dl, ImVec2(float(r.x) + 3 * ImGui::GetFontSize(), float(r.y) + 2.6f * ImGui::GetTextLineHeight()), tick,
             yName.c_str());
}

// Each point is two textured quads from the lab's marker sprites (4 triangles) instead of two
// anti-aliased circles (~70): on a software rasteriser triangles are what a frame costs.
void drawPoints(ImDrawList* dl, NetworkPictures& pictures, const NetworkLab& lab, const ViewTransform& vt,
                float scale) {
    const Dataset& data = lab.data();
    const Eigen::Index limit = 3000; // rows are shuffled: the first ones are a fair sample
    int cell = 0;
    const Picture& sprites = pictures.markers(4.5f * scale, cell);
    ImTextureID tex = reinterpret_cast<ImTextureID>(static_cast<intptr_t>(sprites.texture()));
    auto uv = [&](int k, float u) { return ImVec2((k + u) / NetworkPictures::kMarkerKinds, u); };
    for (Eigen::Index i = 0; i < std::min(data.size(), limit); ++i) {
        Eigen::Vector2d c = vt.toPixel({data.X(i, 0), data.X(i, 1)});
        // texel centres on pixel centres: the sprites are drawn 1:1
        ImVec2 a(std::floor(float(c.x())) - float(cell / 2), std::floor(float(c.y())) - float(cell / 2));
        ImVec2 b(a.x + float(cell), a.y + float(cell));
        const bool train = i < data.numTrain();
        dl->AddImage(tex, a, b, uv(train ? 0 : 2, 0), uv(train ? 0 : 2, 1), train ? kWhite : IM_COL32(0, 0, 0, 220));
        dl->AddImage(tex, a, b, uv(train ? 1 : 3, 0), uv(train ? 1 : 3, 1), rgbToImU32(classColor(data.labels[i])));
    }
}

// The class colours, train/test symbols and the hovered point's prediction, top right.
void classLegend(ImDrawList* dl, const NetworkLab& lab, ImVec2 topRight, float scale) {
    const Dataset& d = lab.data();
    const float h = ImGui::GetTextLineHeightWithSpacing();
    float w = ImGui::CalcTextSize("○ test point (held out)").x + 2.5f * h;
    for (const std::string& n : d.classNames) w = std::max(w, ImGui::CalcTextSize(n.c_str()).x + 4 * h);
    const int rows = std::min(d.numClasses, 8) + 2;
    ImVec2 p0(topRight.x - w, topRight.y);
    dl->AddRectFilled(p0, ImVec2(topRight.x, topRight.y + rows * h + 0.6f * h), IM_COL32(0, 0, 0, 150), 4);
    ImVec2 at(p0.x + 0.4f * h, p0.y + 0.3f * h);
    for (int k = 0; k < std::min(d.numClasses, 8); ++k, at.y += h) {
        dl->AddRectFilled(ImVec2(at.x, at.y + 0.15f * h), ImVec2(at.x + 0.7f * h, at.y + 0.85f * h),
                          classRegionColor(k, 1));
        dl->AddCircleFilled(ImVec2(at.x + 0.35f * h, at.y + 0.5f * h), 4 * scale, rgbToImU32(classColor(k)));
        std::string name = k < int(d.classNames.size()) ? d.classNames[size_t(k)] : std::to_string(k);
        if (!name.empty() && std::isdigit((unsigned char)name[0])) name = "class " + name;
        dl->AddText(ImVec2(at.x + 1.1f * h, at.y), kWhite, name.c_str());
    }
    dl->AddCircleFilled(ImVec2(at.x + 0.35f * h, at.y + 0.5f * h), 4 * scale, kWhite);
    dl->AddText(ImVec2(at.x + 1.1f * h, at.y), kWhite, "training point");
    at.y += h;
    dl->AddCircle(ImVec2(at.x + 0.35f * h, at.y + 0.5f * h), 4 * scale, kWhite, 12, lineWidth(2 * scale));
    dl->AddText(ImVec2(at.x + 1.1f * h, at.y), kWhite, "test point (held out)");
}

void drawDecision(AppState& state, NetworkLab& lab, ImVec2 origin, ImVec2 avail, float scale) {
    ViewTransform vt(lab.dataDomain(), PixelRect{origin.x, origin.y, avail.x, avail.y});
    ImVec2 fb = ImGui::GetIO().DisplayFramebufferScale;
    // In the GUI the picture has half the view's resolution (drawBlit doubles it): the colours are smooth,
    // the boundary is drawn as lines, and a quarter of the pixels is a quarter of the cost per redraw.
    const float reduce = state.ui.headless ? 1.0f : 2.0f;
    const NetworkLab::ClassMap& m =
        lab.classMap(vt.shown(), int(avail.x * fb.x / reduce + 0.5f), int(avail.y * fb.y / reduce + 0.5f));
    if (m.grid.version)
        drawBlit(state.gpu->network.classMap(m), origin, ImVec2(origin.x + avail.x, origin.y + avail.y));
    else
        ImGui::Dummy(avail);
    const bool hovered = ImGui::IsItemHovered();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->PushClipRect(origin, ImVec2(origin.x + avail.x, origin.y + avail.y), true);
    planeAxes(dl, vt, lab.data(), scale);
    for (size_t i = 0; i + 1 < m.boundary.size(); i += 2) {
        ImVec2 a = toIm(vt.toPixel(m.boundary[i])), b = toIm(vt.toPixel(m.boundary[i + 1]));
        dl->AddLine(a, b, IM_COL32(255, 255, 255, 200), lineWidth(2 * scale));
    }
    drawPoints(dl, state.gpu->network, lab, vt, scale);
    pickBackpropSample(state, vt, hovered, dl);
    const float h = ImGui::GetTextLineHeightWithSpacing();
    classLegend(dl, lab, ImVec2(origin.x + avail.x - 10 * scale, origin.y + 2.2f * h), scale);
    if (hovered) {
        Eigen::Vector2d at = vt.toPlane(fromIm(ImGui::GetIO().MousePos));
        Decision d = lab.decisionAt(at);
        char buf[160];
        const auto& names = lab.data().classNames;
        std::string name = d.predicted < int(names.size()) ? names[size_t(d.predicted)] : std::to_string(d.predicted);
        std::snprintf(buf, sizeof buf, "x1 = %.3g   x2 = %.3g\npredicted class %s (%.0f%%)", at.x(), at.y(),
                      name.c_str(), 100 * d.probability);
        ImVec2 s = ImGui::CalcTextSize(buf);
        labelBox(dl, ImVec2(origin.x + avail.x - s.x - 24 * scale, origin.y + avail.y - s.y - 40 * scale), buf, kWhite,
                 IM_COL32(0, 0, 0, 170));
    }
    dl->PopClipRect();
}

void colorLegend(ImDrawList* dl, const FieldScale& fs, Colormap map, ImVec2 topLeft, float height, float scale) {
    const float w = 16 * scale, x0 = topLeft.x, x1 = x0 + w, y0 = topLeft.y, y1 = y0 + height;
    for (int i = 0; i < 48; ++i)
        dl->AddRectFilled(ImVec2(x0, y1 - height * (i + 1) / 48), ImVec2(x1, y1 - height * i / 48),
                          colormapColor(map, (i + 0.5) / 48));
    dl->AddRect(ImVec2(x0, y0), ImVec2(x1, y1), IM_COL32(255, 255, 255, 160));
    char buf[32];
    for (double t : {0.0, 0.25, 0.5, 0.75, 1.0}) {
        std::snprintf(buf, sizeof buf, "%.3g", fs.fromT(t));
        float y = y1 - float(t) * height;
        haloText(dl, ImVec2(x1 + 5 * scale, y - ImGui::GetTextLineHeight() / 2), kWhite, buf);
    }
    haloText(dl, ImVec2(x0, y0 - 2.4f * ImGui::GetTextLineHeight()), kWhite,
             fs.log ? "training loss\n(log scale)" : "training loss");
}

void drawLandscape(AppState& state, NetworkLab& lab, ImVec2 origin, ImVec2 avail, float scale) {
    const NetworkLab::Landscape& l = lab.landscape();
    const float font = ImGui::GetFontSize();
    if (l.resolution == 0) {
        std::string msg = !l.error.empty() ? "No landscape: " + l.error : "Computing the loss landscape…";
        centredMessage(origin, avail, msg.c_str(), l.error.empty() ? kWhite : IM_COL32(255, 110, 90, 255));
        return;
    }
    const bool pca = l.directions == nn::LandscapeDirections::Pca;
    const float top = 2.6f * font, bottom = 2.2f * font, left = 4 * font;
    float ph = avail.y - top - bottom, pw = pca ? std::min(avail.x - left - 9 * font, ph * 1.8f) : ph;
    ImVec2 p0(origin.x + left + std::max(0.0f, (avail.x - left - 9 * font - pw) / 2), origin.y + top);
    ImVec2 p1(p0.x + pw, p0.y + ph);
    ScalarField f;
    f.grid = &l.grid;
    f.gridNx = f.gridNy = l.resolution;
    f.gridDomain = l.domain;
    f.version = l.version;
    ImVec2 fb = ImGui::GetIO().DisplayFramebufferScale;
    state.gpu->heatmap.update(f, l.domain, int(pw * fb.x), int(ph * fb.y), state.scene.style);
    ImGui::SetCursorScreenPos(p0);
    drawBlit(state.gpu->heatmap.picture(), p0, p1);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const Domain& d = l.domain;
    auto toPx = [&](const Eigen::Vector2d& ab) {
        return ImVec2(float(p0.x + (ab.x() - d.xMin) / (d.xMax - d.xMin) * pw),
                      float(p1.y - (ab.y() - d.yMin) / (d.yMax - d.yMin) * ph));
    };
    char buf[160];
    const ImU32 text = IM_COL32(230, 230, 230, 255);
    for (double a : niceTicks(d.xMin, d.xMax, std::max(2, int(pw / (6 * font))))) {
        std::snprintf(buf, sizeof buf, "%g", a);
        float x = toPx({a, d.yMin}).x;
        dl->AddLine(ImVec2(x, p1.y), ImVec2(x, p1.y + 4 * scale), text);
        dl->AddText(ImVec2(x - ImGui::CalcTextSize(buf).x / 2, p1.y + 4 * scale), text, buf);
    }
    for (double b : niceTicks(d.yMin, d.yMax, std::max(2, int(ph / (3 * font))))) {
        std::snprintf(buf, sizeof buf, "%g", b);
        float y = toPx({d.xMin, b}).y;
        dl->AddLine(ImVec2(p0.x - 4 * scale, y), ImVec2(p0.x, y), text);
        dl->AddText(ImVec2(p0.x - 6 * scale - ImGui::CalcTextSize(buf).x, y - font / 2), text, buf);
    }
    if (pca)
        std::snprintf(buf, sizeof buf, "PC1 of the weight path (%.0f%% of its variance) →   ↑ PC2 (%.0f%%)",
                      100 * l.explained1, 100 * l.explained2);
    else
        std::snprintf(buf, sizeof buf, "α along d₁ →   ↑ β along d₂  (filter-normalised random directions)");
    dl->AddText(ImVec2(p0.x, p1.y + 1.1f * font), text, buf);
    std::snprintf(buf, sizeof buf, "Loss on the plane θ + α·d₁ + β·d₂ through the weights θ at step %ld", l.step);
    dl->AddText(ImVec2(p0.x, origin.y + 0.5f * font), text, buf);

    dl->PushClipRect(p0, p1, true);
    std::vector<ImVec2> path;
    for (const Eigen::Vector2d& q : l.path) path.push_back(toPx(q));
    if (path.size() >= 2) {
        dl->AddPolyline(path.data(), int(path.size()), IM_COL32(0, 0, 0, 200), 0, lineWidth(4 * scale));
        dl->AddPolyline(path.data(), int(path.size()), kWhite, 0, lineWidth(2 * scale));
        dl->AddCircleFilled(path.front(), 5 * scale, IM_COL32(230, 159, 0, 255));
        haloText(dl, ImVec2(path.front().x + 7 * scale, path.front().y - font / 2), kWhite, "start");
    }
    ImVec2 now = toPx({0, 0});
    dl->AddCircle(now, 7 * scale, IM_COL32(0, 0, 0, 220), 16, lineWidth(4 * scale));
    dl->AddCircle(now, 7 * scale, kWhite, 16, lineWidth(2 * scale));
    haloText(dl, ImVec2(now.x + 9 * scale, now.y - font / 2), kWhite, "θ now");
    dl->PopClipRect();
    colorLegend(dl, state.gpu->heatmap.scale(), state.scene.style.colormap, ImVec2(p1.x + 1.5f * font, p0.y + 3 * font),
                std::min(ph - 4 * font, 320 * scale), scale);
    if (lab.landscapeBusy()) haloText(dl, ImVec2(p1.x + 1.5f * font, p1.y - font), text, "updating…");
}

void drawImages(AppState& state, NetworkLab& lab, ImVec2 origin, ImVec2 avail, float scale) {
    const NetworkLab::Predictions& p = lab.predictions();
    const auto& names = lab.data().classNames;
    const float font = ImGui::GetFontSize(), line = ImGui::GetTextLineHeight();
    ImGui::SetCursorScreenPos(ImVec2(origin.x + font, origin.y + 0.5f * font));
    if (p.step >= 0)
        ImGui::Text("Test images and the network's guess at step %ld (green: right, red: wrong). Accuracy on all "
                    "10,000 test images: %.1f%%",
                    p.step, 100 * p.accuracy);
    else
        ImGui::TextUnformatted("Test images: predicting…");
    const int cols = 8, rows = NetworkLab::kShownImages / cols;
    const float top = origin.y + 2.2f * font, labelH = 2 * line + 0.4f * font, gap = 0.8f * font;
    const float tile = std::max(
        8.0f, std::min((avail.x - 2 * font - gap * (cols - 1)) / cols, (avail.y - 2.6f * font) / rows - labelH - gap));
    float labelW = 0; // columns wide enough for "T-shirt/top 100%"
    for (const std::string& n : names) labelW = std::max(labelW, ImGui::CalcTextSize((n + " 100%").c_str()).x);
    const float pitch = std::min(std::max(tile + gap, labelW + gap), (avail.x - 2 * font) / cols);
    const float x0 = origin.x + (avail.x - (cols - 1) * pitch - tile) / 2;
    const Picture& atlas = state.gpu->network.testImages(lab.testImages());
    ImTextureID tex = reinterpret_cast<ImTextureID>(static_cast<intptr_t>(atlas.texture()));
    const float uw = 1.0f / cols, vh = 1.0f / rows;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const auto& Y = lab.testData().Y;
    for (int i = 0; i < NetworkLab::kShownImages && i < Y.rows(); ++i) {
        const int c = i % cols, r = i / cols;
        ImVec2 at(x0 + c * pitch, top + r * (tile + labelH + gap));
        ImGui::SetCursorScreenPos(at);
        ImGui::Image(tex, ImVec2(tile, tile), ImVec2(c * uw, r * vh), ImVec2((c + 1) * uw, (r + 1) * vh));
        int truth = int(Y(i, 0));
        if (Y.cols() > 1) Y.row(i).maxCoeff(&truth);
        auto name = [&](int k) { return k >= 0 && k < int(names.size()) ? names[size_t(k)] : std::to_string(k); };
        if (size_t(i) >= p.predicted.size()) continue;
        const int guess = p.predicted[size_t(i)];
        const bool right = guess == truth;
        const ImU32 col = right ? IM_COL32(90, 220, 110, 255) : IM_COL32(255, 90, 80, 255);
        dl->AddRect(at, ImVec2(at.x + tile, at.y + tile), col, 0, 0, lineWidth(2 * scale));
        char buf[96];
        std::snprintf(buf, sizeof buf, "%s %.0f%%", name(guess).c_str(), 100 * p.confidence[size_t(i)]);
        dl->AddText(ImVec2(at.x, at.y + tile + 0.2f * font), col, buf);
        if (!right) {
            std::string t = "is " + name(truth);
            dl->AddText(ImVec2(at.x, at.y + tile + 0.2f * font + line), IM_COL32(200, 200, 200, 255), t.c_str());
        }
    }
}

} // namespace

void drawNetworkView(AppState& state) {
    const Layout& L = state.ui.layout;
    NetworkLab& lab = networkLab(state);
    const NetworkSettings& s = state.scene.network;
    beginMainView("Network view", L.x, L.y, L.width, L.height);
    const float scale = state.scene.ui.scale, font = ImGui::GetFontSize();
    ImVec2 origin = ImGui::GetCursorScreenPos(), avail = ImGui::GetContentRegionAvail();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const NetworkLab::Snapshot* snap = lab.snapshot();

    if (lab.loading()) {
        loadingProgress(lab.loadStatus(), origin, avail);
    } else if (!lab.error().empty()) {
        std::string msg = lab.error() + "\n\nNothing is trained until this is fixed (Network tab).";
        centredMessage(origin, avail, msg.c_str(), IM_COL32(255, 110, 90, 255));
    } else if (!snap) {
        centredMessage(origin, avail, "No network yet.", kWhite);
    } else if (s.showLandscape) {
        drawLandscape(state, lab, origin, avail, scale);
    } else if (lab.twoD()) {
        drawDecision(state, lab, origin, avail, scale);
    } else if (lab.images()) {
        drawImages(state, lab, origin, avail, scale);
    } else {
        std::string msg = lab.data().name + " has " + std::to_string(lab.data().numFeatures()) +
                          " features: there is no plane to draw. The curves and the diagram below show the training.";
        centredMessage(origin, avail, msg.c_str(), kWhite);
    }

    if (snap && lab.error().empty() && !lab.loading()) {
        char buf[200];
        if (!s.showLandscape && lab.twoD()) {
            int n = std::snprintf(buf, sizeof buf, "%s (%lld points)   %s   %s η = %.3g   step %ld",
                                  lab.data().name.c_str(), (long long)lab.data().size(),
                                  architectureText(lab.config()).c_str(), optimizerName(s.optimizer.kind),
                                  s.optimizer.lr, snap->step);
            if (lab.testData().size() && n > 0 && n < int(sizeof buf))
                std::snprintf(buf + n, sizeof buf - size_t(n), "   test accuracy %.1f%%", 100 * snap->testAccuracy);
            haloText(dl, ImVec2(origin.x + 3 * font, origin.y + 0.5f * font), kWhite, buf);
        }
        float y = origin.y + 2 * font;
        if (lab.target() > 0) {
            std::snprintf(buf, sizeof buf, "training to step %ld: %ld / %ld", lab.target(), snap->step, lab.target());
            labelBox(dl, ImVec2(origin.x + 3 * font, y), buf, kWhite, IM_COL32(0, 0, 0, 190));
        }
        if (snap->diverged) {
            std::snprintf(buf, sizeof buf,
                          "DIVERGED at step %ld: the loss became NaN or infinite.\nThe weights from before the "
                          "blow-up are kept. Lower η and press reset.",
                          snap->divergedAtStep);
            ImVec2 sz = ImGui::CalcTextSize(buf);
            labelBox(dl, ImVec2(origin.x + (avail.x - sz.x) / 2, origin.y + avail.y * 0.4f), buf,
                     IM_COL32(255, 255, 255, 255), IM_COL32(200, 40, 30, 220));
        }
    }
    ImGui::End();
}

} // namespace dh
