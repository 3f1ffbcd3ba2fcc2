// Reading user JSON with errors that name the path: `runs[2].lr: must be > 0 (got -1)`.
// An ObjectReader reads the keys it knows, each with a default for when it is missing, and on
// finish() warns about the keys it did not read (unknown keys are ignored with a warning).
#pragma once

#include "core/common/error.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace dh {

class ObjectReader {
public:
    // path: where this object sits, e.g. "runs[2]" ("" for the root). warnings may be null.
    ObjectReader(const nlohmann::json& object, std::string path, std::vector<std::string>* warnings);

    bool has(const char* key) const;
    double number(const char* key, double fallback, double min = -1e300, double max = 1e300);
    int integer(const char* key, int fallback, int min, int max);
    bool boolean(const char* key, bool fallback);
    std::string string(const char* key, const std::string& fallback, size_t maxLength = 100000);
    // The member itself (marked as read) or nullptr when missing.
    const nlohmann::json* member(const char* key);
    // A child reader for an object member; a missing member reads as {}.
    ObjectReader object(const char* key);
    // "path.key" for messages about a member.
    std::string pathOf(const std::string& key) const;
    std::vector<std::string>* warnings() const { return m_warnings; }
    [[noreturn]] void fail(const std::string& key, const std::string& message) const;
    // Warns about each key not read.
    void finish();

private:
    const nlohmann::json& m_object;
    std::string m_path;
    std::vector<std::string>* m_warnings;
    std::vector<std::string> m_read;
};

// Parses text as JSON; a syntax error names the byte offset (InputError "<what>: ..."). A NUL byte
// anywhere, or nesting deeper than 64 levels, is an error too.
nlohmann::json parseJsonText(const std::string& text, const std::string& what);
// "runs" + 2 → "runs[2]"
std::string indexPath(const std::string& path, size_t index);

} // namespace dh
