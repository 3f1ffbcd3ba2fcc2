// GLSL programs built from the shaders embedded in the binary (shaders/*.vert, *.frag). The sources have
// no #version line: the build prepends the target's ("#version 330 core" on the desktop; "#version 300
// es" and highp precision for WebGL 2), then "#line 1" so that compile errors name the source's lines.
#pragma once

#include "app/gfx/gl_handle.h"

#include <string>

namespace dh {

// The embedded source of shaders/<name>; throws std::runtime_error if it is not embedded.
const char* shaderSource(const std::string& name);

// A linked program; compile and link errors throw std::runtime_error with the info log.
class ShaderProgram {
public:
    ShaderProgram() = default;
    ShaderProgram(const std::string& vertexName, const std::string& fragmentName);

    unsigned int id() const { return m_program.id(); }
    int uniform(const char* name) const;

private:
    GlProgram m_program;
};

} // namespace dh
