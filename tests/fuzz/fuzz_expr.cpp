// libFuzzer target: the expression parser and the surface it builds. Any text either parses or is an
// InputError; a surface that parses evaluates f, ∇f and ∇²f at a few points without crashing.
#include "core/common/error.h"
#include "core/surfaces/surface.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    std::unique_ptr<dh::Surface> surface;
    try {
        surface = dh::makeExprSurface(text);
    } catch (const dh::InputError&) {
        return 0;
    }
    Eigen::Vector2d grad;
    for (const Eigen::Vector2d& p : {Eigen::Vector2d(0, 0), Eigen::Vector2d(0.5, -1.25), Eigen::Vector2d(-3, 1e3)}) {
        surface->value(p);
        surface->valueGrad(p, grad);
        surface->hessian(p);
    }
    return 0;
}
