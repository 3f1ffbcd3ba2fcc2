// The map between plane coordinates and pixels of the surface view. The requested domain is
// widened along one axis so that one unit is the same number of pixels in x and y (circles stay
// circles), and centred in the pixel rectangle. Pixel y grows downwards, plane y upwards.
#pragma once

#include "core/surfaces/surface.h"

#include <Eigen/Core>

namespace dh {

struct PixelRect {
    double x = 0, y = 0;          // top-left corner in pixels
    double width = 1, height = 1; // size in pixels
};

class ViewTransform {
public:
    ViewTransform() = default;
    ViewTransform(const Domain& requested, const PixelRect& rect);

    Eigen::Vector2d toPixel(const Eigen::Vector2d& plane) const;
    Eigen::Vector2d toPlane(const Eigen::Vector2d& pixel) const;
    const Domain& shown() const { return m_shown; } // what the rectangle actually covers
    const PixelRect& rect() const { return m_rect; }
    double pixelsPerUnit() const { return m_scale; }

    // The requested domain after zooming by factor (> 1 zooms in) about a pixel, which stays fixed.
    Domain zoomedAt(const Eigen::Vector2d& pixel, double factor) const;
    // The requested domain after dragging the picture by delta pixels.
    Domain panned(const Eigen::Vector2d& deltaPixels) const;

private:
    Domain m_shown;
    PixelRect m_rect;
    double m_scale = 1; // pixels per unit
};

// "Nice" tick values (1, 2, 5 × 10^k) covering [lo, hi] with about `target` ticks.
std::vector<double> niceTicks(double lo, double hi, int target);

} // namespace dh
