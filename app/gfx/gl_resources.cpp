#include "app/gfx/gl_resources.h"

#include "app/gfx/colormap.h"

#include <glad/gl.h>

namespace dh {

// ---- ColorTarget ----

bool ColorTarget::resize(int width, int height, bool withDepth) {
    if (m_fbo && width == m_width && height == m_height && bool(m_depth) == withDepth) return false;
    if (!m_fbo) m_fbo = GlFramebuffer::create();
    if (!m_color) m_color = GlTexture::create();
    glBindTexture(GL_TEXTURE_2D, m_color.id());
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
    // Drawn 1:1 onto the screen: nearest sampling is exact and cheaper on software rasterisers.
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glBindFramebuffer(GL_FRAMEBUFFER, m_fbo.id());
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, m_color.id(), 0);
    if (withDepth) {
        if (!m_depth) m_depth = GlRenderbuffer::create();
        glBindRenderbuffer(GL_RENDERBUFFER, m_depth.id());
        glRenderbufferStorage(GL_RENDERBUFFER, GL_DEPTH_COMPONENT24, width, height);
        glBindRenderbuffer(GL_RENDERBUFFER, 0);
        glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT, GL_RENDERBUFFER, m_depth.id());
    } else if (m_depth) {
        glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT, GL_RENDERBUFFER, 0);
        m_depth.reset();
    }
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    m_width = width;
    m_height = height;
    return true;
}

bool ColorTarget::complete() const {
    if (!m_fbo) return false;
    glBindFramebuffer(GL_FRAMEBUFFER, m_fbo.id());
    bool ok = glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    return ok;
}

// ---- Picture ----

void Picture::upload(const std::vector<uint32_t>& rgba, int w, int h, bool smooth) {
    m_target.resize(w, h);
    glBindTexture(GL_TEXTURE_2D, m_target.texture());
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data());
    const GLint filter = smooth ? GL_LINEAR : GL_NEAREST;
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, filter);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, filter);
    drawn();
}

void Picture::scaleFrom(const Picture& src, int w, int h) {
    m_target.resize(w, h);
    GLint read = 0, draw = 0;
    glGetIntegerv(GL_READ_FRAMEBUFFER_BINDING, &read);
    glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &draw);
    glDisable(GL_SCISSOR_TEST);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, src.framebuffer());
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, m_target.framebuffer());
    glBlitFramebuffer(0, 0, src.width(), src.height(), 0, 0, w, h, GL_COLOR_BUFFER_BIT, GL_LINEAR);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, GLuint(read));
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, GLuint(draw));
    drawn();
}

unsigned int Picture::beginDrawing(int w, int h, bool withDepth) {
    m_target.resize(w, h, withDepth);
    return m_target.framebuffer();
}

BlitSource& Picture::blit() {
    m_blit.framebuffer = m_target.framebuffer();
    m_blit.width = m_target.width();
    m_blit.height = m_target.height();
    return m_blit;
}

// ---- ColormapTextures ----

ColormapTextures::ColormapTextures() {
    for (int i = 0; i < 2; ++i) {
        m_textures[i] = GlTexture::create();
        glBindTexture(GL_TEXTURE_2D, m_textures[i].id());
        const ColorTable& table = colorTable(i == 0 ? Colormap::Viridis : Colormap::Cividis);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, 256, 1, 0, GL_RGBA, GL_UNSIGNED_BYTE, table.data());
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    }
}

} // namespace dh
