// Sections: projection (MeshProjection), picking (pickMeshSurface), renderer (MeshRenderer: geometry,
// floor, target, update).
#include "app/gfx/mesh.h"

#include "app/gfx/colormap.h"

#include <Eigen/Geometry>
#include <Eigen/LU>
#include <algorithm>
#include <cmath>
#include <glad/gl.h>

namespace dh {
namespace {

constexpr int kFloats = 7; // per vertex: position (3), t, normal (3)

void pushVertex(std::vector<float>& out, const Eigen::Vector3d& p, float t, const Eigen::Vector3d& n) {
    out.insert(out.end(), {float(p.x()), float(p.y()), float(p.z()), t, float(n.x()), float(n.y()), float(n.z())});
}

void setVertexLayout() {
    glVertexAttribPointer(0, 3, GL_FLOAT, GL_FALSE, kFloats * sizeof(float), nullptr);
    glVertexAttribPointer(1, 1, GL_FLOAT, GL_FALSE, kFloats * sizeof(float),
                          reinterpret_cast<void*>(3 * sizeof(float)));
    glVertexAttribPointer(2, 3, GL_FLOAT, GL_FALSE, kFloats * sizeof(float),
                          reinterpret_cast<void*>(4 * sizeof(float)));
    for (int i = 0; i < 3; ++i) glEnableVertexAttribArray(GLuint(i));
}

} // namespace

// ---- projection ----

MeshProjection::MeshProjection(const Camera3D& camera, const Domain& domain, const PixelRect& rect)
    : m_domain(domain), m_rect(rect) {
    double halfW = std::max(0.5 * (domain.xMax - domain.xMin), 1e-12);
    double halfH = std::max(0.5 * (domain.yMax - domain.yMin), 1e-12);
    m_cx = 0.5 * (domain.xMin + domain.xMax);
    m_cy = 0.5 * (domain.yMin + domain.yMax);
    m_unit = std::max(halfW, halfH);
    m_halfX = halfW / m_unit;
    m_halfY = halfH / m_unit;

    // Orbit: yaw 0 looks from −y towards +y with x to the right; pitch lifts the eye above the plane.
    double pitch = std::clamp(camera.pitch, -1.55, 1.55);
    Eigen::Vector3d dir(std::cos(pitch) * std::sin(camera.yaw), -std::cos(pitch) * std::cos(camera.yaw),
                        std::sin(pitch));
    Eigen::Vector3d f = -dir;
    Eigen::Vector3d r(std::cos(camera.yaw), std::sin(camera.yaw), 0);
    Eigen::Vector3d u = r.cross(f);

    // A 30° field of view along the shorter side of the picture.
    double aspect = std::max(rect.width, 1.0) / std::max(rect.height, 1.0);
    double tanHalf = std::tan(0.5 * 30.0 * M_PI / 180.0);
    double tanX = aspect >= 1 ? tanHalf * aspect : tanHalf, tanY = aspect >= 1 ? tanHalf : tanHalf / aspect;

    // At zoom 1 the distance fits the box, with room for the tick labels around the floor: a point p
    // at view-space (x, y) and depth f·p beyond the target fits when |x| ≤ tanX (dist + f·p), likewise y.
    std::vector<Eigen::Vector3d> ring;
    for (double sx : {-1.0, 1.0})
        for (double sy : {-1.0, 1.0}) {
            ring.emplace_back(sx * (m_halfX + 0.25), sy * (m_halfY + 0.25), -kMeshHalfHeight - kMeshFloorGap);
            ring.emplace_back(sx * m_halfX, sy * m_halfY, kMeshHalfHeight + 0.08);
        }
    double fit = 0;
    for (const Eigen::Vector3d& p : ring)
        fit = std::max(
            {fit, std::abs(r.dot(p)) / (0.97 * tanX) - f.dot(p), std::abs(u.dot(p)) / (0.97 * tanY) - f.dot(p)});
    double dist = fit;
    m_eye = dist * dir;

    Eigen::Matrix4d view = Eigen::Matrix4d::Identity();
    view.block<1, 3>(0, 0) = r.transpose();
    view.block<1, 3>(1, 0) = u.transpose();
    view.block<1, 3>(2, 0) = -f.transpose();
    view(0, 3) = -r.dot(m_eye);
    view(1, 3) = -u.dot(m_eye);
    view(2, 3) = f.dot(m_eye);
    double nearZ = 0.05, farZ = dist + 10;
    Eigen::Matrix4d proj = Eigen::Matrix4d::Zero();
    proj(0, 0) = 1 / tanX;
    proj(1, 1) = 1 / tanY;
    proj(2, 2) = -(farZ + nearZ) / (farZ - nearZ);
    proj(2, 3) = -2 * farZ * nearZ / (farZ - nearZ);
    proj(3, 2) = -1;
    Eigen::Matrix4d vp = proj * view;

    // The box is not symmetric about the view axis (its near corner reaches further down than its
    // far corner up): centre its extent and scale the picture so that it fills 97% (a lens shift
    // and a longer focal length), then zoom the picture by camera.zoom.
    double xlo = 1e300, xhi = -1e300, ylo = 1e300, yhi = -1e300;
    for (const Eigen::Vector3d& p : ring) {
        Eigen::Vector4d c = vp * Eigen::Vector4d(p.x(), p.y(), p.z(), 1);
        if (c.w() <= 1e-9) continue;
        xlo = std::min(xlo, c.x() / c.w());
        xhi = std::max(xhi, c.x() / c.w());
        ylo = std::min(ylo, c.y() / c.w());
        yhi = std::max(yhi, c.y() / c.w());
    }
    if (xlo < xhi && ylo < yhi) {
        double k = 0.97 / std::max(0.5 * (xhi - xlo), 0.5 * (yhi - ylo)) * std::clamp(camera.zoom, 0.05, 50.0);
        vp.row(0) = k * (vp.row(0) - 0.5 * (xlo + xhi) * vp.row(3));
        vp.row(1) = k * (vp.row(1) - 0.5 * (ylo + yhi) * vp.row(3));
    }
    m_viewProj = vp.cast<float>();
}

Eigen::Vector3d MeshProjection::toWorld(double x, double y, double t) const {
    return {(x - m_cx) / m_unit, (y - m_cy) / m_unit, (2 * t - 1) * kMeshHalfHeight};
}

Eigen::Vector2d MeshProjection::toPlane(const Eigen::Vector3d& w) const {
    return {m_cx + w.x() * m_unit, m_cy + w.y() * m_unit};
}

void MeshProjection::pixelRay(const Eigen::Vector2d& pixel, Eigen::Vector3d& origin, Eigen::Vector3d& dir) const {
    double nx = 2 * (pixel.x() - m_rect.x) / m_rect.width - 1, ny = 1 - 2 * (pixel.y() - m_rect.y) / m_rect.height;
    Eigen::Matrix4d inv = m_viewProj.cast<double>().inverse();
    Eigen::Vector4d a = inv * Eigen::Vector4d(nx, ny, -1, 1), b = inv * Eigen::Vector4d(nx, ny, 1, 1);
    origin = a.head<3>() / a.w();
    dir = (b.head<3>() / b.w() - origin).normalized();
}

std::optional<Eigen::Vector2d> MeshProjection::worldToPixel(const Eigen::Vector3d& w) const {
    Eigen::Vector4d clip = m_viewProj.cast<double>() * Eigen::Vector4d(w.x(), w.y(), w.z(), 1.0);
    if (!(clip.w() > 1e-6)) return std::nullopt;
    double nx = clip.x() / clip.w(), ny = clip.y() / clip.w();
    return Eigen::Vector2d(m_rect.x + 0.5 * (nx + 1) * m_rect.width, m_rect.y + 0.5 * (1 - ny) * m_rect.height);
}

// ---- picking ----

// Marched along the ray's stretch inside the box, then bisected.
std::optional<Eigen::Vector2d> pickMeshSurface(const MeshProjection& proj, const Surface& surface, const FieldScale& fs,
                                               const Eigen::Vector2d& pixel) {
    Eigen::Vector3d o, d;
    proj.pixelRay(pixel, o, d);
    // The ray's stretch inside the box (slab method).
    double lo[3] = {-proj.halfX(), -proj.halfY(), -kMeshHalfHeight},
           hi[3] = {proj.halfX(), proj.halfY(), kMeshHalfHeight};
    double enter = 0, leave = 1e9;
    for (int i = 0; i < 3; ++i) {
        if (std::abs(d[i]) < 1e-12) {
            if (o[i] < lo[i] || o[i] > hi[i]) return std::nullopt;
            continue;
        }
        double a = (lo[i] - o[i]) / d[i], b = (hi[i] - o[i]) / d[i];
        enter = std::max(enter, std::min(a, b));
        leave = std::min(leave, std::max(a, b));
    }
    if (!(enter < leave)) return std::nullopt;
    // Above the surface: ray height minus surface height at the ray's point.
    auto above = [&](double s) {
        Eigen::Vector3d w = o + s * d;
        double t = fs.toT(surface.value(proj.toPlane(w)));
        return w.z() - (std::isnan(t) ? -kMeshHalfHeight : (2 * t - 1) * kMeshHalfHeight);
    };
    // The first crossing either way: a ray that enters the box under the surface (through a side
    // wall: there is no skirt) sees the mesh from below where it comes out.
    const int steps = 240;
    double prev = enter, first = above(enter);
    if (first == 0) return proj.toPlane(o + enter * d);
    for (int k = 1; k <= steps; ++k) {
        double s = enter + (leave - enter) * k / steps;
        if ((above(s) > 0) != (first > 0)) {
            double a = prev, b = s;
            for (int j = 0; j < 30; ++j) {
                double m = 0.5 * (a + b);
                ((above(m) > 0) == (first > 0) ? a : b) = m;
            }
            return proj.toPlane(o + b * d);
        }
        prev = s;
    }
    return std::nullopt;
}

// ---- renderer ----

MeshRenderer::MeshRenderer(PictureVersion& version, const ColormapTextures& colormaps)
    : m_program("mesh.vert", "mesh.frag"), m_vao(GlVertexArray::create()), m_floorVao(GlVertexArray::create()),
      m_vbo(GlBuffer::create()), m_ibo(GlBuffer::create()), m_floorVbo(GlBuffer::create()),
      m_msFbo(GlFramebuffer::create()), m_msColor(GlRenderbuffer::create()), m_msDepth(GlRenderbuffer::create()),
      m_colormaps(colormaps), m_picture(version) {
    glBindVertexArray(m_vao.id());
    glBindBuffer(GL_ARRAY_BUFFER, m_vbo.id());
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, m_ibo.id());
    setVertexLayout();
    glBindVertexArray(m_floorVao.id());
    glBindBuffer(GL_ARRAY_BUFFER, m_floorVbo.id());
    setVertexLayout();
    glBindVertexArray(0);
    glBindBuffer(GL_ARRAY_BUFFER, 0);

    int maxSamples = 0;
    glGetIntegerv(GL_MAX_SAMPLES, &maxSamples);
    m_samples = std::clamp(maxSamples, 0, 4); // smooth silhouettes when the picture stands still
}

bool MeshRenderer::sameGeometry(const GeometryKey& a, const GeometryKey& b) const {
    return a.surface == b.surface && a.version == b.version && a.domain.xMin == b.domain.xMin &&
           a.domain.xMax == b.domain.xMax && a.domain.yMin == b.domain.yMin && a.domain.yMax == b.domain.yMax &&
           a.logScale == b.logScale && a.resolution == b.resolution;
}

void MeshRenderer::buildGeometry(const Surface& surface, const MeshProjection& proj, int n, bool logScale) {
    // Vertices on the domain's edges: sampleSurface takes cell centres, so widen it by half a cell.
    const Domain& d = proj.domain();
    double dx = (d.xMax - d.xMin) / (n - 1), dy = (d.yMax - d.yMin) / (n - 1);
    Domain widened{d.xMin - dx / 2, d.xMax + dx / 2, d.yMin - dy / 2, d.yMax + dy / 2};
    sampleSurface(surface, widened, n, n, m_values);
    m_scale = fitScale(m_values, logScale);

    std::vector<Eigen::Vector3d> pos(size_t(n) * n);
    std::vector<float> ts(pos.size());
    for (int j = 0; j < n; ++j)
        for (int i = 0; i < n; ++i) {
            size_t k = size_t(j) * n + i;
            double t = std::isnan(m_values[k]) ? -1.0 : m_scale.toT(m_values[k]);
            ts[k] = float(t);
            pos[k] = proj.toWorld(d.xMin + i * dx, d.yMin + j * dy, std::max(t, 0.0));
        }
    m_vertices.clear();
    m_vertices.reserve(pos.size() * kFloats);
    for (int j = 0; j < n; ++j)
        for (int i = 0; i < n; ++i) {
            auto at = [&](int a, int b) { return pos[size_t(std::clamp(b, 0, n - 1)) * n + std::clamp(a, 0, n - 1)]; };
            Eigen::Vector3d ddx = at(i + 1, j) - at(i - 1, j), ddy = at(i, j + 1) - at(i, j - 1);
            Eigen::Vector3d normal = ddx.cross(ddy);
            if (!(normal.norm() > 0) || !normal.allFinite()) normal = Eigen::Vector3d::UnitZ();
            pushVertex(m_vertices, at(i, j), ts[size_t(j) * n + i], normal.normalized());
        }
    glBindBuffer(GL_ARRAY_BUFFER, m_vbo.id());
    glBufferData(GL_ARRAY_BUFFER, GLsizeiptr(m_vertices.size() * sizeof(float)), m_vertices.data(), GL_STATIC_DRAW);
    glBindBuffer(GL_ARRAY_BUFFER, 0);

    if (m_geometry.resolution != n) {
        std::vector<unsigned int> idx;
        idx.reserve(size_t(n - 1) * (n - 1) * 6);
        for (int j = 0; j + 1 < n; ++j)
            for (int i = 0; i + 1 < n; ++i) {
                unsigned int a = unsigned(j * n + i), b = a + 1, c = a + unsigned(n), e = c + 1;
                idx.insert(idx.end(), {a, b, e, a, e, c}); // counter-clockwise seen from +z
            }
        glBindVertexArray(m_vao.id());
        glBufferData(GL_ELEMENT_ARRAY_BUFFER, GLsizeiptr(idx.size() * sizeof(unsigned int)), idx.data(),
                     GL_STATIC_DRAW);
        glBindVertexArray(0);
        m_indexCount = int(idx.size());
    }
}

void MeshRenderer::buildFloor(const MeshProjection& proj, const std::vector<double>& gridX,
                              const std::vector<double>& gridY) {
    const Domain& d = proj.domain();
    double z = -kMeshHalfHeight - kMeshFloorGap;
    auto at = [&](double x, double y, double lift) {
        Eigen::Vector3d w = proj.toWorld(x, y, 0);
        w.z() = z + lift;
        return w;
    };
    Eigen::Vector3d up = Eigen::Vector3d::UnitZ();
    m_vertices.clear();
    const double corners[6][2] = {{d.xMin, d.yMin}, {d.xMax, d.yMin}, {d.xMax, d.yMax},
                                  {d.xMin, d.yMin}, {d.xMax, d.yMax}, {d.xMin, d.yMax}};
    for (const auto& c : corners) pushVertex(m_vertices, at(c[0], c[1], 0), 0, up);
    m_floorFillCount = 6;
    const double lift = 0.002; // above the fill, so the lines win the depth test
    for (double x : gridX) {
        pushVertex(m_vertices, at(x, d.yMin, lift), 0, up);
        pushVertex(m_vertices, at(x, d.yMax, lift), 0, up);
    }
    for (double y : gridY) {
        pushVertex(m_vertices, at(d.xMin, y, lift), 0, up);
        pushVertex(m_vertices, at(d.xMax, y, lift), 0, up);
    }
    m_floorLineCount = 2 * int(gridX.size() + gridY.size());
    glBindBuffer(GL_ARRAY_BUFFER, m_floorVbo.id());
    glBufferData(GL_ARRAY_BUFFER, GLsizeiptr(m_vertices.size() * sizeof(float)), m_vertices.data(), GL_DYNAMIC_DRAW);
    glBindBuffer(GL_ARRAY_BUFFER, 0);
}

void MeshRenderer::resizeTarget(int width, int height) {
    if (width == m_targetW && height == m_targetH) return;
    glBindRenderbuffer(GL_RENDERBUFFER, m_msColor.id());
    glRenderbufferStorageMultisample(GL_RENDERBUFFER, m_samples, GL_RGBA8, width, height);
    glBindRenderbuffer(GL_RENDERBUFFER, m_msDepth.id());
    glRenderbufferStorageMultisample(GL_RENDERBUFFER, m_samples, GL_DEPTH_COMPONENT24, width, height);
    glBindRenderbuffer(GL_RENDERBUFFER, 0);
    glBindFramebuffer(GL_FRAMEBUFFER, m_msFbo.id());
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, m_msColor.id());
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT, GL_RENDERBUFFER, m_msDepth.id());
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    m_picture.beginDrawing(width, height, true);
    m_targetW = width;
    m_targetH = height;
}

unsigned int MeshRenderer::update(const Surface& surface, long surfaceVersion, const MeshProjection& proj, int width,
                                  int height, const SurfaceStyle& style, const MeshOptions& options,
                                  const std::vector<double>& gridX, const std::vector<double>& gridY) {
    width = std::max(width, 1);
    height = std::max(height, 1);
    int n = std::clamp(options.resolution, 2, 1024);
    GeometryKey geometry{&surface, surfaceVersion, proj.domain(), style.logScale, n};
    bool newGeometry = !sameGeometry(geometry, m_geometry);

    std::vector<double> key(proj.viewProj().data(), proj.viewProj().data() + 16);
    key.insert(key.end(), {double(width), double(height), double(style.colormap), double(style.contours),
                           double(style.contourLevels), double(options.antialias)});
    key.insert(key.end(), options.background, options.background + 3);
    key.insert(key.end(), options.floor, options.floor + 3);
    key.insert(key.end(), options.floorLines, options.floorLines + 3);
    key.insert(key.end(), gridX.begin(), gridX.end());
    key.push_back(1e300); // separates the two lists
    key.insert(key.end(), gridY.begin(), gridY.end());
    if (!newGeometry && key == m_imageKey) return m_picture.texture();
    if (newGeometry) {
        buildGeometry(surface, proj, n, style.logScale);
        m_geometry = geometry;
    }
    m_imageKey = key;
    ++m_redraws;
    buildFloor(proj, gridX, gridY);
    resizeTarget(width, height);

    bool multisample = options.antialias && m_samples > 0;
    glBindFramebuffer(GL_FRAMEBUFFER, multisample ? m_msFbo.id() : m_picture.framebuffer());
    glViewport(0, 0, width, height);
    glDisable(GL_BLEND);
    glDisable(GL_SCISSOR_TEST);
    glDisable(GL_CULL_FACE);
    glEnable(GL_DEPTH_TEST);
    glDepthFunc(GL_LESS);
    glDepthMask(GL_TRUE);
    glClearColor(options.background[0], options.background[1], options.background[2], 1.0f);
    glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);

    glUseProgram(m_program.id());
    glUniformMatrix4fv(m_program.uniform("uViewProj"), 1, GL_FALSE, proj.viewProj().data());
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, m_colormaps.texture(style.colormap));
    glUniform1i(m_program.uniform("uColormap"), 0);
    // The light comes from behind the viewer's left shoulder and from above, so the visible slopes
    // are lit and the far sides of hills are shaded.
    Eigen::Vector3d eye = proj.eye().normalized();
    Eigen::Vector3d left = Eigen::Vector3d::UnitZ().cross(eye).normalized();
    Eigen::Vector3d light = (eye + 0.6 * left + 1.2 * Eigen::Vector3d::UnitZ()).normalized();
    glUniform3f(m_program.uniform("uLightDir"), float(light.x()), float(light.y()), float(light.z()));
    glUniform1f(m_program.uniform("uAmbient"), 0.42f);
    glUniform1f(m_program.uniform("uLevels"), float(style.contourLevels));
    glUniform1i(m_program.uniform("uContours"), style.contours ? 1 : 0);
    glUniform4f(m_program.uniform("uContourColor"), 1.0f, 1.0f, 1.0f, 0.3f);
    glUniform1f(m_program.uniform("uLineWidth"), 1.2f);

    // The floor first, flat: its fill, then its grid lines.
    glUniform1i(m_program.uniform("uMode"), 1);
    glBindVertexArray(m_floorVao.id());
    glUniform4f(m_program.uniform("uColor"), options.floor[0], options.floor[1], options.floor[2], 1.0f);
    glDrawArrays(GL_TRIANGLES, 0, m_floorFillCount);
    glUniform4f(m_program.uniform("uColor"), options.floorLines[0], options.floorLines[1], options.floorLines[2], 1.0f);
    glDrawArrays(GL_LINES, m_floorFillCount, m_floorLineCount);

    glUniform1i(m_program.uniform("uMode"), 0);
    glBindVertexArray(m_vao.id());
    glDrawElements(GL_TRIANGLES, m_indexCount, GL_UNSIGNED_INT, nullptr);
    glBindVertexArray(0);

    if (multisample) {
        glBindFramebuffer(GL_READ_FRAMEBUFFER, m_msFbo.id());
        glBindFramebuffer(GL_DRAW_FRAMEBUFFER, m_picture.framebuffer());
        glBlitFramebuffer(0, 0, width, height, 0, 0, width, height, GL_COLOR_BUFFER_BIT, GL_NEAREST);
    }
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    glDisable(GL_DEPTH_TEST);
    m_picture.drawn();
    return m_picture.texture();
}

} // namespace dh
