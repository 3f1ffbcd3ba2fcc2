// The surface picture: f sampled on a grid (CPU), normalised to t ∈ [0, 1], then colour-mapped with
// contour lines by heatmap.frag into a texture. update() redoes this only when the surface, the
// view, the size or the style changed; every other frame just draws the cached texture.
#pragma once

#include "app/gfx/blit.h"
#include "app/gfx/gl_resources.h"
#include "app/gfx/shader.h"
#include "core/scene/scene.h"
#include "core/surfaces/field.h"

#include <functional>
#include <vector>

namespace dh {

// What a heatmap shows: f(x, y) for any (x, y). The version changes whenever f does.
struct ScalarField {
    const Surface* surface = nullptr;         // either a surface...
    const std::vector<float>* grid = nullptr; // ...or a precomputed grid over `gridDomain`, row 0 at the bottom
    int gridNx = 0, gridNy = 0;
    Domain gridDomain;
    long version = 0;
};

class HeatmapRenderer {
public:
    // Redraws bump `version` (gl_resources.h); the colormaps are shared and must outlive the renderer.
    HeatmapRenderer(PictureVersion& version, const ColormapTextures& colormaps);
    HeatmapRenderer(const HeatmapRenderer&) = delete;
    HeatmapRenderer& operator=(const HeatmapRenderer&) = delete;

    // The texture (RGBA, width × height) showing field over `shown`. Cached.
    unsigned int update(const ScalarField& field, const Domain& shown, int width, int height,
                        const SurfaceStyle& style);
    const FieldScale& scale() const { return m_scale; }
    // The last picture from update(), for drawBlit.
    BlitSource& picture() { return m_picture.blit(); }
    long redraws() const { return m_redraws; } // how many times the texture was re-rendered

private:
    struct Key {
        const void* source = nullptr;
        long version = -1;
        Domain shown;
        int width = 0, height = 0;
        SurfaceStyle style;
    };
    bool sameKey(const Key& a, const Key& b) const;

    ShaderProgram m_program;
    GlVertexArray m_vao;
    GlTexture m_values;
    const ColormapTextures& m_colormaps;
    Picture m_picture;
    Key m_key;
    std::vector<float> m_samples, m_t;
    FieldScale m_scale;
    long m_redraws = 0;
};

} // namespace dh
