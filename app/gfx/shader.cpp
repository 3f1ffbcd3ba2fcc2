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
    m_id = glCreateProgram();
    glAttachShader(m_id, vs);
    glAttachShader(m_id, fs);
    glLinkProgram(m_id);
    glDeleteShader(vs);
    glDeleteShader(fs);
    int ok = 0;
    glGetProgramiv(m_id, GL_LINK_STATUS, &ok);
    if (!ok) {
        char log[2048];
        glGetProgramInfoLog(m_id, sizeof log, nullptr, log);
        glDeleteProgram(m_id);
        m_id = 0;
        throw std::runtime_error("program " + vertexName + "+" + fragmentName + ": " + log);
    }
}

ShaderProgram::~ShaderProgram() {
    if (m_id) glDeleteProgram(m_id);
}

ShaderProgram::ShaderProgram(ShaderProgram&& other) noexcept : m_id(other.m_id) {
    other.m_id = 0;
}

ShaderProgram& ShaderProgram::operator=(ShaderProgram&& other) noexcept {
    if (this != &other) {
        if (m_id) glDeleteProgram(m_id);
        m_id = other.m_id;
        other.m_id = 0;
    }
    return *this;
}

int ShaderProgram::uniform(const char* name) const {
    return glGetUniformLocation(m_id, name);
}

} // namespace dh
