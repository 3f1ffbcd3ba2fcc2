#include "core/scene/session_store.h"

#include "core/common/error.h"
#include "core/common/file_io.h"
#include "core/common/paths.h"
#include "core/scene/json_reader.h"
#include "core/scene/scene_json.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
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

// "dir/autosave.json" → "dir/autosave.unloadable-20261126-142501.json" (-2, -3, ... if taken).
std::string asideName(const std::string& path) {
    std::string stem = path;
    if (stem.size() > 5 && stem.compare(stem.size() - 5, 5, ".json") == 0) stem.resize(stem.size() - 5);
    const std::time_t now = std::time(nullptr);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", std::localtime(&now));
    std::string name = stem + ".unloadable-" + stamp + ".json";
    struct stat st;
    for (int n = 2; ::lstat(name.c_str(), &st) == 0; ++n)
        name = stem + ".unloadable-" + stamp + "-" + std::to_string(n) + ".json";
    return name;
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
    try {
        std::string text = sceneToText(scene);
        if (text == m_lastText) return false;
        writeFileAtomic(m_path, text);
        m_lastText = std::move(text);
        m_lastError.clear();
        m_reportedError.clear();
        return true;
    } catch (const std::exception& e) { // a full disk, a read-only directory, out of memory
        m_lastError = "Autosave failed: " + messageFor(e);
        return false;
    }
}

std::optional<std::string> SceneAutosave::takeNewError() {
    if (m_lastError.empty() || m_lastError == m_reportedError) return std::nullopt;
    m_reportedError = m_lastError;
    return m_lastError;
}

std::optional<Scene> SceneAutosave::restore(std::vector<std::string>* warnings, std::string* notice) {
    if (m_path.empty()) return std::nullopt;
    struct stat st;
    if (::lstat(m_path.c_str(), &st) != 0 && errno == ENOENT) return std::nullopt; // no autosave yet
    try {
        return loadScene(m_path, warnings);
    } catch (const std::exception& e) {
        const std::string why = messageFor(e);
        const std::string aside = asideName(m_path);
        std::string message;
        if (std::rename(m_path.c_str(), aside.c_str()) == 0) {
            message = "The last session's autosave could not be loaded (" + why + "); it was kept as " + aside;
        } else {
            message = "The last session's autosave could not be loaded (" + why + ") nor moved aside (" +
                      std::strerror(errno) + "); autosave is off for this session so that it is not overwritten";
            m_path.clear();
        }
        if (notice) *notice = message;
        return std::nullopt;
    }
}

RecentFiles::RecentFiles(std::string path) : m_path(std::move(path)) {
    try {
        nlohmann::json j = parseJsonText(readFileText(m_path, kMaxRecentFileBytes, "the recent-files list"), m_path);
        for (const auto& f : j)
            if (f.is_string() && m_files.size() < kMax) m_files.push_back(absolutePath(f.get<std::string>()));
    } catch (const std::exception&) {
        m_files.clear();
    }
}

void RecentFiles::add(const std::string& relative) {
    const std::string file = absolutePath(relative);
    m_files.erase(std::remove(m_files.begin(), m_files.end(), file), m_files.end());
    m_files.insert(m_files.begin(), file);
    if (m_files.size() > kMax) m_files.resize(kMax);
    if (m_path.empty()) return;
    try {
        writeFileAtomic(m_path, nlohmann::json(m_files).dump(2) + "\n");
    } catch (const std::exception&) {
        // the list is a convenience: losing it is not worth interrupting the user
    }
}

} // namespace dh
