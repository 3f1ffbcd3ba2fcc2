#include "app/gfx/gl_handle.h"

#include <glad/gl.h>

namespace dh {

unsigned int glCreateObject(GlKind kind) {
    GLuint id = 0;
    switch (kind) {
    case GlKind::Texture:
        glGenTextures(1, &id);
        break;
    case GlKind::Framebuffer:
        glGenFramebuffers(1, &id);
        break;
    case GlKind::Renderbuffer:
        glGenRenderbuffers(1, &id);
        break;
    case GlKind::Buffer:
        glGenBuffers(1, &id);
        break;
    case GlKind::VertexArray:
        glGenVertexArrays(1, &id);
        break;
    case GlKind::Program:
        id = glCreateProgram();
        break;
    }
    return id;
}

void glDeleteObject(GlKind kind, unsigned int id) {
    switch (kind) {
    case GlKind::Texture:
        glDeleteTextures(1, &id);
        break;
    case GlKind::Framebuffer:
        glDeleteFramebuffers(1, &id);
        break;
    case GlKind::Renderbuffer:
        glDeleteRenderbuffers(1, &id);
        break;
    case GlKind::Buffer:
        glDeleteBuffers(1, &id);
        break;
    case GlKind::VertexArray:
        glDeleteVertexArrays(1, &id);
        break;
    case GlKind::Program:
        glDeleteProgram(id);
        break;
    }
}

} // namespace dh
