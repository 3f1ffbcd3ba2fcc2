#include "core/scene/session_store.h"

#include "core/common/error.h"
#include "core/common/file_io.h"
#include "core/scene/json_reader.h"
#include "core/scene/scene_json.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <sys/stat.h>

namespace dh {
namespace {

bool makeDirectories(const std::string& dir) {
    for (size_t i = 1; i <= dir.size(); ++i)
        if (i == dir.size() || dir[i] == '/') {
            std::string part = dir.substr(0, i);
            if (::mkdir(part.c_str(), 0755) != 0 && errno != EEXIST) return false;
        }
    return true;
}

} // namespace

std::string stateDirectory() {
    std::string base;
    if (const char* xdg = std::getenv("XDG_STATE_HOME"); xdg && *xdg)
        base = xdg;
    else if (const char* home = std::getenv("HOME"); home && *home)
        base = std::string(home) + "/.local/state";
    else
        return "";
    std::string dir = base + "/downhill";
    return makeDirectories(dir) ? dir : "";
}

SceneAutosave::SceneAutosave(std::string path, double intervalSeconds)
    : m_path(std::move(path)), m_interval(intervalSeconds) {}

bool SceneAutosave::maybeSave(const Scene& scene, double now) {
    if (now - m_lastSave < m_interval) return false;
    m_lastSave = now;
    return save(scene);
}

bool SceneAutosave::save(const Scene& scene) {
    if (m_path.empty()) return false;
    std::string text = sceneToText(scene);
    if (text == m_lastText) return false;
    try {
        writeFileAtomic(m_path, text);
        m_lastText = std::move(text);
        m_lastError.clear();
        return true;
    } catch (const InputError& e) {
        m_lastError = e.what();
        return false;
    }
}

std::optional<Scene> SceneAutosave::restore(std::vector<std::string>* warnings) const {
    if (m_path.empty()) return std::nullopt;
    try {
        return loadScene(m_path, warnings);
    } catch (const InputError&) {
        return std::nullopt; // no autosave yet, or an unreadable one: start fresh
    }
}

RecentFiles::RecentFiles(std::string path) : m_path(std::move(path)) {
    try {
        nlohmann::json j = parseJsonText(readFileText(m_path), m_path);
        for (const auto& f : j)
            if (f.is_string() && m_files.size() < kMax) m_files.push_back(f.get<std::string>());
    } catch (const std::exception&) {
        m_files.clear();
    }
}

void RecentFiles::add(const std::string& file) {
    m_files.erase(std::remove(m_files.begin(), m_files.end(), file), m_files.end());
    m_files.insert(m_files.begin(), file);
    if (m_files.size() > kMax) m_files.resize(kMax);
    if (m_path.empty()) return;
    try {
        writeFileAtomic(m_path, nlohmann::json(m_files).dump(2) + "\n");
    } catch (const InputError&) {
        // the list is a convenience: losing it is not worth interrupting the user
    }
}

} // namespace dh
