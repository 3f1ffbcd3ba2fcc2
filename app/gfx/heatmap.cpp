#include "app/gfx/heatmap.h"

#include <algorithm>
#include <cmath>
#include <glad/gl.h>

namespace dh {

HeatmapRenderer::HeatmapRenderer(PictureVersion& version, const ColormapTextures& colormaps)
    : m_program("fullscreen.vert", "heatmap.frag"), m_vao(GlVertexArray::create()), m_values(GlTexture::create()),
      m_colormaps(colormaps), m_picture(version) {
    glBindTexture(GL_TEXTURE_2D, m_values.id());
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
}

bool HeatmapRenderer::sameKey(const Key& a, const Key& b) const {
    return a.source == b.source && a.version == b.version && a.width == b.width && a.height == b.height &&
           a.shown.xMin == b.shown.xMin && a.shown.xMax == b.shown.xMax && a.shown.yMin == b.shown.yMin &&
           a.shown.yMax == b.shown.yMax && a.style.colormap == b.style.colormap &&
           a.style.logScale == b.style.logScale && a.style.contours == b.style.contours &&
           a.style.contourLevels == b.style.contourLevels;
}

unsigned int HeatmapRenderer::update(const ScalarField& field, const Domain& shown, int width, int height,
                                     const SurfaceStyle& style) {
    width = std::max(width, 1);
    height = std::max(height, 1);
    Key key{field.surface ? static_cast<const void*>(field.surface) : field.grid,
            field.version,
            shown,
            width,
            height,
            style};
    if (sameKey(key, m_key)) return m_picture.texture();
    m_key = key;
    ++m_redraws;

    // Half resolution is plenty: the value texture is filtered linearly and contours are computed
    // per pixel from the interpolated values.
    int nx = std::clamp(width / 2, 2, 1024), ny = std::clamp(height / 2, 2, 1024);
    if (field.surface) {
        sampleSurface(*field.surface, shown, nx, ny, m_samples);
    } else if (field.grid) {
        nx = field.gridNx;
        ny = field.gridNy;
        m_samples = *field.grid; // the caller's grid covers gridDomain; `shown` is drawn as that
    }
    m_scale = fitScale(m_samples, style.logScale);
    m_t.resize(m_samples.size());
    for (size_t i = 0; i < m_samples.size(); ++i)
        m_t[i] = std::isnan(m_samples[i]) ? -1.0f : float(m_scale.toT(m_samples[i]));

    glBindTexture(GL_TEXTURE_2D, m_values.id());
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_R32F, nx, ny, 0, GL_RED, GL_FLOAT, m_t.data());

    glBindFramebuffer(GL_FRAMEBUFFER, m_picture.beginDrawing(width, height));
    glViewport(0, 0, width, height);
    glDisable(GL_BLEND);
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_SCISSOR_TEST);
    glUseProgram(m_program.id());
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, m_values.id());
    glActiveTexture(GL_TEXTURE1);
    glBindTexture(GL_TEXTURE_2D, m_colormaps.texture(style.colormap));
    glUniform1i(m_program.uniform("uValues"), 0);
    glUniform1i(m_program.uniform("uColormap"), 1);
    glUniform1f(m_program.uniform("uLevels"), float(style.contourLevels));
    glUniform1i(m_program.uniform("uContours"), style.contours ? 1 : 0);
    glUniform4f(m_program.uniform("uContourColor"), 1.0f, 1.0f, 1.0f, 0.35f);
    glUniform1f(m_program.uniform("uLineWidth"), 1.2f);
    glBindVertexArray(m_vao.id());
    glDrawArrays(GL_TRIANGLES, 0, 3);
    glBindVertexArray(0);
    glActiveTexture(GL_TEXTURE0);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    m_picture.drawn();
    return m_picture.texture();
}

} // namespace dh
