#include "app/gfx/shader.h"

#include "core/common/embedded.h"

#include <cstring>
#include <glad/gl.h>
#include <stdexcept>

namespace dh {

extern const EmbeddedFile downhill_shaders[];

const char* shaderSource(const std::string& name) {
    for (const EmbeddedFile* f = downhill_shaders; f->name; ++f)
        if (name == f->name) return f->contents;
    throw std::runtime_error("shader '" + name + "' is not embedded in this binary");
}

namespace {

unsigned int compile(GLenum stage, const std::string& name) {
    const char* src = shaderSource(name);
    unsigned int shader = glCreateShader(stage);
    glShaderSource(shader, 1, &src, nullptr);
    glCompileShader(shader);
    int ok = 0;
    glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
    if (!ok) {
        char log[2048];
        glGetShaderInfoLog(shader, sizeof log, nullptr, log);
        glDeleteShader(shader);
        throw std::runtime_error("shader " + name + ": " + log);
    }
    return shader;
}

} // namespace

ShaderProgram::ShaderProgram(const std::string& vertexName, const std::string& fragmentName) {
    unsigned int vs = compile(GL_VERTEX_SHADER, vertexName);
    unsigned int fs = compile(GL_FRAGMENT_SHADER, fragmentName);
    GlProgram program = GlProgram::create();
    glAttachShader(program.id(), vs);
    glAttachShader(program.id(), fs);
    glLinkProgram(program.id());
    glDeleteShader(vs);
    glDeleteShader(fs);
    int ok = 0;
    glGetProgramiv(program.id(), GL_LINK_STATUS, &ok);
    if (!ok) {
        char log[2048];
        glGetProgramInfoLog(program.id(), sizeof log, nullptr, log);
        throw std::runtime_error("program " + vertexName + "+" + fragmentName + ": " + log);
    }
    m_program = std::move(program);
}

int ShaderProgram::uniform(const char* name) const {
    return glGetUniformLocation(m_program.id(), name);
}

} // namespace dh
