// One owning handle for every kind of GL object (textures, framebuffers, renderbuffers, buffers,
// vertex arrays, programs), with one destructor rule: a handle deletes its object when it goes, and
// never checks for a context. That is safe because every handle lives inside the GPU owner
// (app/gfx/gpu.h) or the window (app/window.h), which are created after the GL context and destroyed
// before it. Move-only; a default-constructed handle owns nothing (id 0).
#pragma once

#include <utility>

namespace dh {

enum class GlKind { Texture, Framebuffer, Renderbuffer, Buffer, VertexArray, Program };

// Creates one object of the kind (glGen* / glCreateProgram) and deletes it (glDelete*); gl_handle.cpp.
unsigned int glCreateObject(GlKind kind);
void glDeleteObject(GlKind kind, unsigned int id);

template <GlKind K>
class GlHandle {
public:
    GlHandle() = default;
    // Takes ownership of an existing object (e.g. a linked program).
    explicit GlHandle(unsigned int id) : m_id(id) {}
    ~GlHandle() { reset(); }
    GlHandle(GlHandle&& other) noexcept : m_id(std::exchange(other.m_id, 0)) {}
    GlHandle& operator=(GlHandle&& other) noexcept {
        if (this != &other) {
            reset();
            m_id = std::exchange(other.m_id, 0);
        }
        return *this;
    }
    GlHandle(const GlHandle&) = delete;
    GlHandle& operator=(const GlHandle&) = delete;

    // A new handle owning a newly created object.
    static GlHandle create() { return GlHandle(glCreateObject(K)); }
    unsigned int id() const { return m_id; }
    explicit operator bool() const { return m_id != 0; }
    void reset() {
        if (m_id) glDeleteObject(K, m_id);
        m_id = 0;
    }

private:
    unsigned int m_id = 0;
};

using GlTexture = GlHandle<GlKind::Texture>;
using GlFramebuffer = GlHandle<GlKind::Framebuffer>;
using GlRenderbuffer = GlHandle<GlKind::Renderbuffer>;
using GlBuffer = GlHandle<GlKind::Buffer>;
using GlVertexArray = GlHandle<GlKind::VertexArray>;
using GlProgram = GlHandle<GlKind::Program>;

} // namespace dh
