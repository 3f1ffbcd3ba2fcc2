// The 3D view's picture: f sampled on a grid over the view domain, heights t ∈ [0, 1] from the same
// fitted scale as the heatmap (fitScale/toT, linear or log), coloured with the same colormap, lit
// (Lambert + ambient) with optional contour lines, drawn with depth over a floor grid into an
// offscreen texture. update() re-renders only when the surface, the domain, the style, the camera,
// the background or the size changed; every other frame just draws the cached texture.
//
// World coordinates: the domain maps to a box centred at the origin whose longer side spans
// [−1, 1] (x and y keep their proportions), z up, t ∈ [0, 1] to z ∈ [−kMeshHalfHeight, kMeshHalfHeight].
// The orbit camera looks at the origin.
#pragma once

#include "app/gfx/gl_resources.h"
#include "app/gfx/shader.h"
#include "core/scene/scene.h"
#include "core/scene/view_transform.h"
#include "core/surfaces/field.h"

#include <Eigen/Core>
#include <optional>
#include <vector>

namespace dh {

inline constexpr double kMeshHalfHeight = 0.42; // z of t = 1 (t = 0 is at minus this)
inline constexpr double kMeshFloorGap = 0.04;   // the floor grid sits this far below t = 0

// The map from plane coordinates and heights to the view's pixels: the same on the GPU (the mesh)
// and on the CPU (trajectories, axes, labels), so both line up.
class MeshProjection {
public:
    MeshProjection() = default;
    MeshProjection(const Camera3D& camera, const Domain& domain, const PixelRect& rect);

    Eigen::Vector3d toWorld(double x, double y, double t) const; // t = normalised height
    // Pixel of a world point; empty when it is behind the camera.
    std::optional<Eigen::Vector2d> worldToPixel(const Eigen::Vector3d& world) const;
    std::optional<Eigen::Vector2d> toPixel(double x, double y, double t) const {
        return worldToPixel(toWorld(x, y, t));
    }
    Eigen::Vector2d toPlane(const Eigen::Vector3d& world) const; // inverse of toWorld in x and y
    // The ray through a pixel, from the near plane: origin and unit direction (world).
    void pixelRay(const Eigen::Vector2d& pixel, Eigen::Vector3d& origin, Eigen::Vector3d& dir) const;
    const Eigen::Matrix4f& viewProj() const { return m_viewProj; }
    const Eigen::Vector3d& eye() const { return m_eye; } // camera position (world)
    double halfX() const { return m_halfX; }             // the box is [−halfX, halfX] × [−halfY, halfY]
    double halfY() const { return m_halfY; }
    const Domain& domain() const { return m_domain; }
    const PixelRect& rect() const { return m_rect; }

private:
    Eigen::Matrix4f m_viewProj = Eigen::Matrix4f::Identity();
    Eigen::Vector3d m_eye{0, 0, 1};
    Domain m_domain;
    PixelRect m_rect;
    double m_cx = 0, m_cy = 0, m_unit = 1; // world = (plane − centre) / unit
    double m_halfX = 1, m_halfY = 1;
};

// The plane point of the surface under a pixel, heights by fs (the mesh's scale): the first crossing
// of the pixel's ray with the height field inside the box. Empty when the ray misses the surface.
std::optional<Eigen::Vector2d> pickMeshSurface(const MeshProjection& proj, const Surface& surface, const FieldScale& fs,
                                               const Eigen::Vector2d& pixel);

struct MeshOptions {
    int resolution = 160;                       // vertices per side of the grid
    float background[3] = {0.09f, 0.1f, 0.12f}; // clear colour of the texture (match the theme)
    float floor[3] = {0.16f, 0.17f, 0.2f};      // the floor under the surface
    float floorLines[3] = {0.3f, 0.32f, 0.36f}; // its grid lines
    bool antialias = true; // 4× multisampling: smooth, but 3× the cost on llvmpipe (off while orbiting)
};

class MeshRenderer {
public:
    // Redraws bump `version` (gl_resources.h); the colormaps are shared and must outlive the renderer.
    MeshRenderer(PictureVersion& version, const ColormapTextures& colormaps);
    MeshRenderer(const MeshRenderer&) = delete;
    MeshRenderer& operator=(const MeshRenderer&) = delete;

    // The texture (RGBA, width × height) of the surface seen through proj (whose rect gives the
    // aspect), with floor grid lines at the given plane coordinates. Cached.
    unsigned int update(const Surface& surface, long surfaceVersion, const MeshProjection& proj, int width, int height,
                        const SurfaceStyle& style, const MeshOptions& options, const std::vector<double>& gridX,
                        const std::vector<double>& gridY);
    const FieldScale& scale() const { return m_scale; } // f ↔ t of the current mesh
    long redraws() const { return m_redraws; }          // how many times the texture was re-rendered

private:
    struct GeometryKey {
        const Surface* surface = nullptr;
        long version = -1;
        Domain domain;
        bool logScale = false;
        int resolution = 0;
    };
    bool sameGeometry(const GeometryKey& a, const GeometryKey& b) const;
    void buildGeometry(const Surface& surface, const MeshProjection& proj, int n, bool logScale);
    void buildFloor(const MeshProjection& proj, const std::vector<double>& gridX, const std::vector<double>& gridY);
    void resizeTarget(int width, int height);

    ShaderProgram m_program;
    GlVertexArray m_vao, m_floorVao;
    GlBuffer m_vbo, m_ibo, m_floorVbo;
    GlFramebuffer m_msFbo; // multisampled, resolved into m_picture
    GlRenderbuffer m_msColor, m_msDepth;
    const ColormapTextures& m_colormaps;
    Picture m_picture;
    int m_targetW = 0, m_targetH = 0, m_samples = 0, m_indexCount = 0, m_floorFillCount = 0, m_floorLineCount = 0;
    GeometryKey m_geometry;
    std::vector<double> m_imageKey; // everything else the picture depends on, flattened
    std::vector<float> m_values, m_vertices;
    FieldScale m_scale;
    long m_redraws = 0;
};

} // namespace dh
