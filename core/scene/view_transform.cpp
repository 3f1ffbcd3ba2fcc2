#include "core/scene/view_transform.h"

#include <cmath>

namespace dh {

ViewTransform::ViewTransform(const Domain& requested, const PixelRect& rect) : m_rect(rect) {
    double w = std::max(requested.xMax - requested.xMin, 1e-12);
    double h = std::max(requested.yMax - requested.yMin, 1e-12);
    m_scale = std::min(rect.width / w, rect.height / h);
    double cx = 0.5 * (requested.xMin + requested.xMax);
    double cy = 0.5 * (requested.yMin + requested.yMax);
    double halfW = 0.5 * rect.width / m_scale, halfH = 0.5 * rect.height / m_scale;
    m_shown = {cx - halfW, cx + halfW, cy - halfH, cy + halfH};
}

Eigen::Vector2d ViewTransform::toPixel(const Eigen::Vector2d& p) const {
    return {m_rect.x + (p.x() - m_shown.xMin) * m_scale, m_rect.y + (m_shown.yMax - p.y()) * m_scale};
}

Eigen::Vector2d ViewTransform::toPlane(const Eigen::Vector2d& q) const {
    return {m_shown.xMin + (q.x() - m_rect.x) / m_scale, m_shown.yMax - (q.y() - m_rect.y) / m_scale};
}

Domain ViewTransform::zoomedAt(const Eigen::Vector2d& pixel, double factor) const {
    Eigen::Vector2d anchor = toPlane(pixel);
    auto scaleAbout = [&](double v, double a) { return a + (v - a) / factor; };
    return {scaleAbout(m_shown.xMin, anchor.x()), scaleAbout(m_shown.xMax, anchor.x()),
            scaleAbout(m_shown.yMin, anchor.y()), scaleAbout(m_shown.yMax, anchor.y())};
}

Domain ViewTransform::panned(const Eigen::Vector2d& d) const {
    double dx = -d.x() / m_scale, dy = d.y() / m_scale;
    return {m_shown.xMin + dx, m_shown.xMax + dx, m_shown.yMin + dy, m_shown.yMax + dy};
}

std::vector<double> niceTicks(double lo, double hi, int target) {
    std::vector<double> ticks;
    if (!(hi > lo) || target < 1 || !std::isfinite(lo) || !std::isfinite(hi)) return ticks;
    double raw = (hi - lo) / target;
    double mag = std::pow(10.0, std::floor(std::log10(raw)));
    double step = mag;
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * mag >= raw) {
            step = m * mag;
            break;
        }
    for (double v = std::ceil(lo / step) * step; v <= hi + 1e-9 * step; v += step)
        ticks.push_back(std::abs(v) < 1e-12 * step ? 0.0 : v);
    return ticks;
}

} // namespace dh
