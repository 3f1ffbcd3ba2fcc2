// What the app keeps between sessions, so nothing is lost after a crash: the current scene, autosaved
// every few seconds when it changed and on exit (restored at the next start), and the recently opened
// or saved scene files. Lives in $XDG_STATE_HOME/downhill (default ~/.local/state/downhill).
#pragma once

#include "core/scene/scene.h"

#include <optional>
#include <string>
#include <vector>

namespace dh {

// The directory (created if missing); empty when there is no HOME and no XDG_STATE_HOME.
std::string stateDirectory();

class SceneAutosave {
public:
    explicit SceneAutosave(std::string path, double intervalSeconds = 5.0);
    // Saves (atomically) when the scene changed since the last save and the interval has passed.
    // Returns true when it wrote. Never throws: a failed write is reported in lastError().
    bool maybeSave(const Scene& scene, double nowSeconds);
    bool save(const Scene& scene); // now, if changed
    // The autosaved scene, if there is a readable one.
    std::optional<Scene> restore(std::vector<std::string>* warnings) const;
    const std::string& path() const { return m_path; }
    const std::string& lastError() const { return m_lastError; }

private:
    std::string m_path;
    double m_interval;
    double m_lastSave = -1e300;
    std::string m_lastText;
    std::string m_lastError;
};

class RecentFiles {
public:
    static constexpr size_t kMax = 10;
    explicit RecentFiles(std::string path); // loads the list (a missing or broken file is an empty list)
    void add(const std::string& file);      // most recent first, no duplicates, at most kMax; saved at once
    const std::vector<std::string>& files() const { return m_files; }

private:
    std::string m_path;
    std::vector<std::string> m_files;
};

} // namespace dh
