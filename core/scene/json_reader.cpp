#include "core/scene/json_reader.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace dh {
namespace {

const nlohmann::json& emptyObject() {
    static const nlohmann::json empty = nlohmann::json::object(); // immutable, no state
    return empty;
}

std::string describe(const nlohmann::json& v) {
    std::string s = v.dump();
    if (s.size() > 40) s = s.substr(0, 37) + "...";
    return s;
}

std::string formatNumber(double v) {
    std::ostringstream out;
    out << v;
    return out.str();
}

} // namespace

ObjectReader::ObjectReader(const nlohmann::json& object, std::string path, std::vector<std::string>* warnings)
    : m_object(object), m_path(std::move(path)), m_warnings(warnings) {
    if (!m_object.is_object())
        throw InputError((m_path.empty() ? std::string("scene") : m_path) + ": must be an object, got " +
                         describe(m_object));
}

std::string ObjectReader::pathOf(const std::string& key) const {
    return m_path.empty() ? key : m_path + "." + key;
}

void ObjectReader::fail(const std::string& key, const std::string& message) const {
    throw InputError(pathOf(key) + ": " + message);
}

bool ObjectReader::has(const char* key) const {
    return m_object.contains(key);
}

const nlohmann::json* ObjectReader::member(const char* key) {
    auto it = m_object.find(key);
    if (it == m_object.end()) return nullptr;
    m_read.push_back(key);
    return &*it;
}

double ObjectReader::number(const char* key, double fallback, double min, double max) {
    const nlohmann::json* v = member(key);
    if (!v) return fallback;
    if (!v->is_number()) fail(key, "must be a number, got " + describe(*v));
    double d = v->get<double>();
    if (!std::isfinite(d)) fail(key, "must be finite");
    if (d < min) fail(key, "must be >= " + formatNumber(min) + " (got " + formatNumber(d) + ")");
    if (d > max) fail(key, "must be <= " + formatNumber(max) + " (got " + formatNumber(d) + ")");
    return d;
}

int ObjectReader::integer(const char* key, int fallback, int min, int max) {
    const nlohmann::json* v = member(key);
    if (!v) return fallback;
    if (!v->is_number()) fail(key, "must be an integer, got " + describe(*v));
    double d = v->get<double>();
    if (!std::isfinite(d) || d != std::floor(d)) fail(key, "must be an integer, got " + describe(*v));
    if (d < min || d > max)
        fail(key, "must be between " + std::to_string(min) + " and " + std::to_string(max) + " (got " +
                      formatNumber(d) + ")");
    return int(d);
}

bool ObjectReader::boolean(const char* key, bool fallback) {
    const nlohmann::json* v = member(key);
    if (!v) return fallback;
    if (!v->is_boolean()) fail(key, "must be true or false, got " + describe(*v));
    return v->get<bool>();
}

std::string ObjectReader::string(const char* key, const std::string& fallback, size_t maxLength) {
    const nlohmann::json* v = member(key);
    if (!v) return fallback;
    if (!v->is_string()) fail(key, "must be a string, got " + describe(*v));
    const std::string& s = v->get_ref<const std::string&>();
    if (s.size() > maxLength)
        fail(key,
             "is too long (" + std::to_string(s.size()) + " characters, at most " + std::to_string(maxLength) + ")");
    return s;
}

ObjectReader ObjectReader::object(const char* key) {
    const nlohmann::json* v = member(key);
    if (v && !v->is_object()) fail(key, "must be an object, got " + describe(*v));
    return ObjectReader(v ? *v : emptyObject(), pathOf(key), m_warnings);
}

void ObjectReader::finish() {
    if (!m_warnings) return;
    for (auto it = m_object.begin(); it != m_object.end(); ++it)
        if (std::find(m_read.begin(), m_read.end(), it.key()) == m_read.end())
            m_warnings->push_back(pathOf(it.key()) + ": unknown key, ignored");
}

nlohmann::json parseJsonText(const std::string& text, const std::string& what) {
    // nlohmann's lexer takes a NUL byte for the end of the input and would ignore what follows; JSON
    // text never holds a raw NUL (inside strings it must be escaped as \u0000).
    if (size_t nul = text.find('\0'); nul != std::string::npos)
        throw InputError(what + ": invalid JSON: a NUL byte at byte " + std::to_string(nul));
    // nlohmann's parser and destructor recurse once per nesting level: a file of 100,000 '[' would
    // overflow the stack. Scenes nest a few levels; refuse anything deeper than kMaxDepth first.
    const int kMaxDepth = 64;
    int depth = 0;
    bool inString = false, escaped = false;
    for (size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            if (++depth > kMaxDepth)
                throw InputError(what + ": nested deeper than " + std::to_string(kMaxDepth) + " levels at byte " +
                                 std::to_string(i));
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) { // parse errors, and numbers out of range (1e999)
        std::string msg = e.what();
        // nlohmann's messages start with "[json.exception.parse_error.101] "; keep the readable part.
        size_t cut = msg.find("] ");
        if (cut != std::string::npos) msg = msg.substr(cut + 2);
        throw InputError(what + ": invalid JSON: " + msg);
    }
}

std::string indexPath(const std::string& path, size_t index) {
    return path + "[" + std::to_string(index) + "]";
}

} // namespace dh
